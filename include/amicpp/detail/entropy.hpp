// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_DETAIL_ENTROPY_HPP
#define AMICPP_DETAIL_ENTROPY_HPP

#include <atomic>
#include <cstdint>
#include <limits>

namespace amicpp::detail {

// A small random bit generator (splitmix64) seeded from addresses and a counter per process:
// enough to spread reconnect attempts and to tell sessions' ActionID prefixes
// apart, without the weight of <random> in every translation unit. Not for secrets.
class entropy {
public:
    using result_type = std::uint64_t;

    entropy() noexcept : state_(seed()) {}

    static constexpr result_type min() noexcept { return 0; }
    static constexpr result_type max() noexcept { return std::numeric_limits<result_type>::max(); }

    result_type operator()() noexcept {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }

private:
    // Addresses differ between runs (address space layout randomization) and the count between
    // generators of one process; no clock is read (the session core must not read one).
    static std::uint64_t seed() noexcept {
        static std::atomic<std::uint64_t> made{0};
        const int local = 0;
        const auto stack = static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(&local));
        const auto image = static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(&made));
        return (stack << 7) ^ (image << 29) ^ (image >> 13) ^
               (made.fetch_add(1, std::memory_order_relaxed) * 0x2545f4914f6cdd1dull);
    }

    std::uint64_t state_;
};

} // namespace amicpp::detail

#endif // AMICPP_DETAIL_ENTROPY_HPP
