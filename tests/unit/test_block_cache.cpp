// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// detail::block_cache: blocks come back to be reused, the cache keeps no more than was ever in
// use at once, and it outlives its owner until every block is back (run under ASan and TSan).
#include <amicpp/detail/block_cache.hpp>

#include "support/catch.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <thread>
#include <vector>

using amicpp::detail::block_cache;
using amicpp::detail::block_cache_owner;

namespace {

bool aligned(void* p) {
    return reinterpret_cast<std::uintptr_t>(p) % alignof(std::max_align_t) == 0;
}

} // namespace

TEST_CASE("block_cache: a freed block is handed out again, for any size of its class",
          "[block_cache]") {
    block_cache_owner owner;
    block_cache& cache = owner.get();
    void* a = cache.allocate(288);
    REQUIRE(aligned(a));
    std::memset(a, 0x5a, 288); // all of it is ours
    block_cache::deallocate(a);
    CHECK(cache.free_blocks() == 1);
    void* b = cache.allocate(300); // same class (384-byte blocks, header included)
    CHECK(b == a);
    CHECK(cache.free_blocks() == 0);
    void* c = cache.allocate(100); // another class: a block of its own
    CHECK(c != a);
    block_cache::deallocate(b);
    block_cache::deallocate(c);
    CHECK(cache.free_blocks() == 2);
}

TEST_CASE("block_cache: sizes at each class's edge fit, and large objects are not kept",
          "[block_cache]") {
    block_cache_owner owner;
    block_cache& cache = owner.get();
    for (std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{111}, std::size_t{112},
                             std::size_t{113}, std::size_t{240}, std::size_t{1008}}) {
        void* p = cache.allocate(size);
        REQUIRE(aligned(p));
        if (size != 0)
            std::memset(p, 0x33, size); // ASan: the block holds the header and the object
        block_cache::deallocate(p);
    }
    const std::size_t kept = cache.free_blocks();
    void* big = cache.allocate(1009); // past the last class: from the system, back to it
    std::memset(big, 0x44, 1009);
    block_cache::deallocate(big);
    CHECK(cache.free_blocks() == kept);
    void* plain = block_cache::allocate_uncached(64);
    block_cache::deallocate(plain);
    CHECK(cache.free_blocks() == kept);
    block_cache::deallocate(nullptr); // like delete of a null pointer
}

TEST_CASE("block_cache: it keeps as many blocks as were in use at once, no more", "[block_cache]") {
    block_cache_owner owner;
    block_cache& cache = owner.get();
    std::vector<void*> live;
    for (int round = 0; round < 3; ++round) {
        const std::size_t peak = round == 1 ? 50 : 20;
        for (std::size_t i = 0; i < peak; ++i)
            live.push_back(cache.allocate(200));
        for (void* p : live)
            block_cache::deallocate(p);
        live.clear();
        CHECK(cache.free_blocks() == (round == 0 ? 20u : 50u));
    }
}

TEST_CASE("block_cache: blocks still out when the owner goes come back later", "[block_cache]") {
    std::vector<void*> out;
    {
        block_cache_owner owner;
        for (int i = 0; i < 10; ++i)
            out.push_back(owner.get().allocate(64 + 100 * static_cast<std::size_t>(i)));
        block_cache::deallocate(out.back()); // one free block when the owner goes
        out.pop_back();
    }
    for (void* p : out) // the cache is still there for them; the last one frees it (ASan: no leak)
        block_cache::deallocate(p);
}

TEST_CASE("block_cache: taken on several threads, given back on another", "[block_cache]") {
    block_cache_owner owner;
    block_cache& cache = owner.get();
    constexpr int threads = 4;
    constexpr int each = 2000;
    std::vector<std::vector<void*>> taken(threads);
    std::vector<std::thread> takers;
    for (int t = 0; t < threads; ++t)
        takers.emplace_back([&, t] {
            for (int i = 0; i < each; ++i) {
                void* p = cache.allocate(static_cast<std::size_t>(32 + (i % 7) * 100));
                *static_cast<int*>(p) = i;
                taken[static_cast<std::size_t>(t)].push_back(p);
                if (i % 3 == 0) { // some come back at once, on the same thread
                    block_cache::deallocate(taken[static_cast<std::size_t>(t)].back());
                    taken[static_cast<std::size_t>(t)].pop_back();
                }
            }
        });
    for (std::thread& t : takers)
        t.join();
    std::thread giver([&] {
        for (std::vector<void*>& list : taken)
            for (void* p : list)
                block_cache::deallocate(p);
    });
    giver.join();
    CHECK(cache.free_blocks() > 0);
}
