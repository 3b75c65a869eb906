// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// detail::ring against std::deque: the same random operations on both, compared after each.
#include <amicpp/detail/ring.hpp>

#include "support/catch.hpp"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <random>
#include <stdexcept>
#include <utility>
#include <vector>

using amicpp::detail::ring;

namespace {

// Counts its constructions and destructions, and notices a destruction of something that is
// not alive (a double destroy, or one of raw storage).
struct counted {
    static inline long live = 0;
    static inline long constructed = 0;
    static inline long bad_destroys = 0;
    static inline long throw_at = -1; // the construction (from an int) that throws

    static constexpr std::uint32_t alive_mark = 0xA11CE5u;
    std::uint32_t mark = alive_mark;
    int value = 0;

    explicit counted(int v) : value(v) {
        if (throw_at >= 0 && constructed == throw_at)
            throw std::runtime_error("counted: construction refused");
        ++constructed;
        ++live;
    }
    counted(const counted& o) : value(o.value) {
        ++constructed;
        ++live;
    }
    counted(counted&& o) noexcept : value(o.value) {
        o.value = -1;
        ++constructed;
        ++live;
    }
    counted& operator=(const counted& o) {
        value = o.value;
        return *this;
    }
    counted& operator=(counted&& o) noexcept {
        value = o.value;
        o.value = -1;
        return *this;
    }
    ~counted() {
        if (mark != alive_mark)
            ++bad_destroys;
        mark = 0;
        --live;
    }

    static void reset() {
        live = 0;
        constructed = 0;
        bad_destroys = 0;
        throw_at = -1;
    }
};

int value_of(int v) {
    return v;
}
int value_of(const counted& c) {
    return c.value;
}
int value_of(const std::unique_ptr<int>& p) {
    return p ? *p : -1;
}

template <class T>
T make(int v);
template <>
int make<int>(int v) {
    return v;
}
template <>
counted make<counted>(int v) {
    return counted(v);
}
template <>
std::unique_ptr<int> make<std::unique_ptr<int>>(int v) {
    return std::make_unique<int>(v);
}

template <class T>
void check_same(const ring<T>& r, const std::deque<int>& model) {
    REQUIRE(r.size() == model.size());
    REQUIRE(r.empty() == model.empty());
    if (model.empty())
        return;
    REQUIRE(value_of(r.front()) == model.front());
    REQUIRE(value_of(r.back()) == model.back());
    for (std::size_t i = 0; i != model.size(); ++i)
        REQUIRE(value_of(r[i]) == model[i]);
}

// Seeded random operations; pushes outweigh pops in some phases (growth) and not in others (the
// front goes round the array: wrap-around).
template <class T>
void random_run(std::uint32_t seed, int steps) {
    std::mt19937 rng(seed);
    ring<T> r;
    std::deque<int> model;
    int next = 0;
    std::size_t wraps = 0;
    std::size_t grew = 0;
    for (int step = 0; step != steps; ++step) {
        const bool growing = (step / 500) % 2 == 0;
        const unsigned op = std::uniform_int_distribution<unsigned>(0, 99)(rng);
        const std::size_t cap = r.capacity();
        if (op < (growing ? 55u : 30u)) {
            T v = make<T>(next);
            r.push_back(std::move(v));
            model.push_back(next++);
        } else if (op < (growing ? 70u : 45u)) {
            if constexpr (std::is_copy_constructible_v<T>) {
                const T v = make<T>(next);
                r.push_back(v);
            } else {
                r.emplace_back(make<T>(next));
            }
            model.push_back(next++);
        } else if (op < 75) {
            if (!model.empty()) {
                r.pop_front();
                model.pop_front();
            }
        } else if (op < 82) {
            if (!model.empty()) {
                r.pop_back();
                model.pop_back();
            }
        } else if (op < 92) {
            if (!model.empty()) {
                const std::size_t i =
                    std::uniform_int_distribution<std::size_t>(0, model.size() - 1)(rng);
                r.erase_at(i);
                model.erase(model.begin() + static_cast<std::ptrdiff_t>(i));
            }
        } else if (op < (growing ? 93u : 97u)) {
            const int k = std::uniform_int_distribution<int>(2, 5)(rng);
            const int m = std::uniform_int_distribution<int>(0, k - 1)(rng);
            std::vector<int> seen;
            r.erase_if([&](const T& e) {
                seen.push_back(value_of(e));
                return value_of(e) % k == m;
            });
            REQUIRE(seen == std::vector<int>(model.begin(), model.end())); // once each, in order
            std::deque<int> kept;
            for (int v : model)
                if (v % k != m)
                    kept.push_back(v);
            model.swap(kept);
        } else if (op < (growing ? 93u : 98u)) {
            r.clear();
            model.clear();
            REQUIRE(r.capacity() == cap); // keeps its array
        } else {
            ring<T> moved(std::move(r));
            REQUIRE(r.empty()); // NOLINT(bugprone-use-after-move): a moved-from ring is empty
            check_same(moved, model);
            r = std::move(moved);
        }
        if (r.capacity() > cap)
            ++grew;
        if (r.size() > 1 && &r.front() > &r.back()) // the front is behind the back in the array
            ++wraps;
        check_same(r, model);
        const std::size_t c = r.capacity();
        REQUIRE((c == 0 || (c & (c - 1)) == 0)); // a power of two
        REQUIRE(c >= r.size());
    }
    CHECK(grew >= 5);
    CHECK(wraps > 0);
}

} // namespace

TEST_CASE("ring matches std::deque under random operations", "[ring]") {
    for (std::uint32_t seed : {1u, 2u, 3u, 20261202u}) {
        INFO("seed " << seed);
        random_run<int>(seed, 6000);
    }
}

TEST_CASE("ring of a move-only type matches std::deque", "[ring]") {
    for (std::uint32_t seed : {4u, 5u, 6u})
        random_run<std::unique_ptr<int>>(seed, 6000);
}

TEST_CASE("ring constructs and destroys each element once", "[ring]") {
    counted::reset();
    for (std::uint32_t seed : {7u, 8u, 9u}) {
        random_run<counted>(seed, 6000); // the ring is destroyed at the end with what it holds
        CHECK(counted::live == 0);
        CHECK(counted::bad_destroys == 0);
    }
    CHECK(counted::constructed > 0);
}

TEST_CASE("ring wraps around without growing when pops keep up", "[ring]") {
    counted::reset();
    {
        ring<counted> r;
        std::deque<int> model;
        for (int v = 0; v != 5; ++v) {
            r.emplace_back(v);
            model.push_back(v);
        }
        const std::size_t cap = r.capacity();
        for (int v = 5; v != 1000; ++v) {
            r.emplace_back(v);
            model.push_back(v);
            r.pop_front();
            model.pop_front();
            check_same(r, model);
        }
        CHECK(r.capacity() == cap);
        // Erasing on either side of the middle while wrapped.
        for (int v = 1000; v != 1003; ++v) {
            r.emplace_back(v);
            model.push_back(v);
        }
        REQUIRE(r.size() == cap);
        r.erase_at(1);
        model.erase(model.begin() + 1);
        r.erase_at(r.size() - 2);
        model.erase(model.end() - 2);
        check_same(r, model);
        CHECK(counted::live == static_cast<long>(model.size()));
    }
    CHECK(counted::live == 0);
    CHECK(counted::bad_destroys == 0);
}

TEST_CASE("ring is unchanged when an insertion throws", "[ring]") {
    counted::reset();
    {
        ring<counted> r;
        std::deque<int> model;
        for (int v = 0; v != 8; ++v) {
            r.emplace_back(v);
            model.push_back(v);
        }
        r.pop_front();
        model.pop_front();
        r.emplace_back(8); // wrapped, full
        model.push_back(8);
        const std::size_t cap = r.capacity();
        REQUIRE(r.size() == cap);

        counted::throw_at = counted::constructed; // the next construction from an int
        CHECK_THROWS_AS(r.emplace_back(99), std::runtime_error); // would grow
        CHECK(r.capacity() == cap);
        check_same(r, model);

        r.pop_front();
        model.pop_front();
        counted::throw_at = counted::constructed;
        CHECK_THROWS_AS(r.emplace_back(99), std::runtime_error); // would not grow
        check_same(r, model);
        counted::throw_at = -1;
        CHECK(counted::live == static_cast<long>(model.size()));
    }
    CHECK(counted::live == 0);
    CHECK(counted::bad_destroys == 0);
}

TEST_CASE("ring copies an element of its own when it grows for it", "[ring]") {
    ring<counted> r;
    for (int v = 0; v != 8; ++v)
        r.emplace_back(v);
    r.pop_front();
    r.emplace_back(8);
    REQUIRE(r.size() == r.capacity());
    r.push_back(r.front()); // grows; the argument lives in the old array
    r.push_back(r[3]);      // does not grow
    CHECK(r.back().value == 4);
    CHECK(r[r.size() - 2].value == 1);
}

TEST_CASE("an empty ring allocates nothing; clear keeps the array", "[ring]") {
    ring<int> r;
    CHECK(r.capacity() == 0);
    CHECK(r.empty());
    r.clear();
    r.erase_if([](int) { return true; });
    CHECK(r.capacity() == 0);
    r.push_back(1);
    CHECK(r.capacity() != 0);
    r.clear();
    CHECK(r.empty());
    CHECK(r.capacity() != 0);
}
