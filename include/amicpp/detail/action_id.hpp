// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_DETAIL_ACTION_ID_HPP
#define AMICPP_DETAIL_ACTION_ID_HPP

#include <chrono>
#include <cstdint>
#include <random>
#include <string>

namespace amicpp::detail {

// ActionIDs: a random per-connection prefix and a 64-bit counter. Asterisk sends events such as
// OriginateResponse to every session with the originating client's ActionID, so ours must not
// collide with another client's ("1", "2", ... are common) and are never reused.
class action_id_generator {
public:
    explicit action_id_generator(std::string prefix = {}) : prefix_(std::move(prefix)) {
        if (prefix_.empty())
            prefix_ = random_prefix();
        prefix_ += '-';
    }

    // Hex keeps IDs short enough for the small-string buffer (no allocation) for the first
    // 16 million actions of a connection: "1a2b3c4d-f4240".
    std::string next() {
        char digits[16];
        std::size_t n = 0;
        std::uint64_t v = ++counter_;
        do {
            digits[n++] = "0123456789abcdef"[v & 0xf];
            v >>= 4;
        } while (v != 0);
        std::string id;
        id.reserve(prefix_.size() + n);
        id = prefix_;
        while (n != 0)
            id += digits[--n];
        return id;
    }
    const std::string& prefix() const noexcept { return prefix_; }

    static std::string random_prefix() {
        std::random_device device;
        const auto now =
            static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
        std::mt19937_64 mix((static_cast<std::uint64_t>(device()) << 32) ^ device() ^ now);
        const std::uint64_t bits = mix();
        static constexpr char hex[] = "0123456789abcdef";
        std::string out(8, '0');
        for (std::size_t i = 0; i < out.size(); ++i)
            out[i] = hex[(bits >> (4 * i)) & 0xf];
        return out;
    }

private:
    std::string prefix_;
    std::uint64_t counter_ = 0;
};

} // namespace amicpp::detail

#endif // AMICPP_DETAIL_ACTION_ID_HPP
