// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_DETAIL_MESSAGE_MEMORY_HPP
#define AMICPP_DETAIL_MESSAGE_MEMORY_HPP

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>

#if defined(__SANITIZE_ADDRESS__)
#define AMICPP_DETAIL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define AMICPP_DETAIL_ASAN 1
#endif
#endif
#if defined(AMICPP_DETAIL_ASAN)
#include <sanitizer/asan_interface.h>
#endif

namespace amicpp::detail {

// Where a `message` gets its one block of storage (and a pending operation its memory, see
// detail/pending.hpp). Events arrive by the million and are freed
// in the order they came, often a whole batch at once: more blocks than malloc's per-thread
// cache keeps, so each free and the next allocation took malloc's slow path (a tenth of the
// time of a batched event stream, measured). Blocks of up to 2 KiB are kept per thread instead,
// in 16-byte size classes, up to AMICPP_MESSAGE_CACHE_BYTES (4 MiB) a thread, and handed out
// again on that thread. (16 is malloc's own step: with 64-byte classes the larger blocks alone,
// none of them kept, made `connection_bench actions` pipelined 1.87 -> 1.65 M/s. 4 MiB holds a
// burst of 10,000 actions in flight, their pending operations, messages and answers: with
// 1 MiB, 2.4 of each action's allocations went to malloc and the burst ran at 82 % of a raw
// socket instead of 87 %.) A thread that frees what another allocated (a consumer of an I/O
// thread's events) keeps them for its own next messages. What a thread keeps goes back to the
// heap when it exits. Define AMICPP_NO_MESSAGE_CACHE to allocate every block with plain
// operator new. Under AddressSanitizer a kept block is poisoned, so that a use after free is
// still reported.
#if !defined(AMICPP_MESSAGE_CACHE_BYTES)
#define AMICPP_MESSAGE_CACHE_BYTES (std::size_t{4} << 20)
#endif

struct message_block_lists {
    static constexpr std::size_t granule = 16;
    static constexpr std::size_t classes = 129; // class c holds blocks of c * 16 bytes, c <= 128
    static constexpr std::size_t max_bytes = AMICPP_MESSAGE_CACHE_BYTES;

    struct node {
        node* next;
    };
    node* heads[classes];
    std::size_t bytes;
    bool armed;  // the thread-exit cleanup is registered
    bool closed; // the thread is exiting: every block goes straight back to the heap
};

// Constant-initialized and trivially destructible: reached without a TLS guard.
inline thread_local message_block_lists message_blocks{};

inline void message_block_poison(void* p, std::size_t n) noexcept {
#if defined(AMICPP_DETAIL_ASAN)
    ASAN_POISON_MEMORY_REGION(p, n);
#else
    (void)p;
    (void)n;
#endif
}

inline void message_block_unpoison(void* p, std::size_t n) noexcept {
#if defined(AMICPP_DETAIL_ASAN)
    ASAN_UNPOISON_MEMORY_REGION(p, n);
#else
    (void)p;
    (void)n;
#endif
}

// Set once the process exits (an atexit handler): static objects destroyed then free their
// messages after the exiting thread's thread_local destructors have run, so nothing would give
// back what they kept.
inline std::atomic<bool> message_blocks_exiting{false};

inline void message_blocks_mark_exiting() noexcept {
    message_blocks_exiting.store(true, std::memory_order_relaxed);
}

// Gives the thread's blocks back to the heap when the thread exits.
struct message_block_reaper {
    message_block_reaper() = default;
    message_block_reaper(const message_block_reaper&) = delete;
    message_block_reaper& operator=(const message_block_reaper&) = delete;
    ~message_block_reaper() {
        message_block_lists& lists = message_blocks;
        lists.closed = true;
        for (std::size_t c = 0; c < message_block_lists::classes; ++c) {
            while (message_block_lists::node* n = lists.heads[c]) {
                message_block_unpoison(n, c * message_block_lists::granule);
                lists.heads[c] = n->next;
                ::operator delete(n);
            }
        }
        lists.bytes = 0;
    }
};

// The size class of a block of `size` bytes: 0 for one that is not kept.
inline std::size_t message_block_class(std::size_t size) noexcept {
#if defined(AMICPP_NO_MESSAGE_CACHE)
    (void)size;
    return 0;
#else
    const std::size_t c = (size + message_block_lists::granule - 1) / message_block_lists::granule;
    return c < message_block_lists::classes ? c : 0;
#endif
}

// A block and how many bytes it really has: the whole size class when it is one that is kept.
struct message_block {
    void* data;
    std::size_t size;
};

// At least `size` bytes: a kept block of this thread when there is one of its class.
inline message_block allocate_message_block(std::size_t size) {
    const std::size_t c = message_block_class(size);
    if (c == 0)
        return {::operator new(size), size};
    message_block_lists& lists = message_blocks;
    message_block_lists::node* n = lists.heads[c];
    const std::size_t bytes = c * message_block_lists::granule;
    if (n == nullptr)
        return {::operator new(bytes), bytes};
    message_block_unpoison(n, bytes);
    lists.heads[c] = n->next;
#if defined(__GNUC__) || defined(__clang__)
    // The next block taken is read for its link, long after it was freed: fetched now, it is
    // there by the next message (perf, batched stream: parser::finish 4.7 % -> 2.8 % of samples).
    __builtin_prefetch(n->next);
#endif
    lists.bytes -= bytes;
    return {n, bytes};
}

// Takes back a block of `size` bytes, the size allocate_message_block gave with it.
inline void free_message_block(void* p, std::size_t size) noexcept {
    const std::size_t c = message_block_class(size);
    message_block_lists& lists = message_blocks;
    const std::size_t bytes = c * message_block_lists::granule;
    if (c == 0 || lists.closed || lists.bytes + bytes > message_block_lists::max_bytes ||
        message_blocks_exiting.load(std::memory_order_relaxed))
        return ::operator delete(p);
    if (!lists.armed) {
        static thread_local message_block_reaper reaper;
        // Registered after every static object built before the first kept block, so it runs
        // before their destructors.
        static const bool at_exit = std::atexit(&message_blocks_mark_exiting) == 0;
        (void)reaper;
        (void)at_exit;
        lists.armed = true;
    }
    auto* n = static_cast<message_block_lists::node*>(p);
    n->next = lists.heads[c];
    lists.heads[c] = n;
    lists.bytes += bytes;
    message_block_poison(n, bytes);
}

// Bytes this thread keeps for its next messages (for tests).
inline std::size_t message_blocks_kept() noexcept {
    return message_blocks.bytes;
}

} // namespace amicpp::detail

#endif // AMICPP_DETAIL_MESSAGE_MEMORY_HPP
