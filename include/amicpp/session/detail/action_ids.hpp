// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_SESSION_DETAIL_ACTION_IDS_HPP
#define AMICPP_SESSION_DETAIL_ACTION_IDS_HPP

// ActionIDs of the session core: "<prefix>-<hex counter>". The prefix is random per core unless
// the driver gives one (tests do, for readable transcripts); the counter never repeats for the
// life of the core, across links. No clock is read: the prefix comes from detail::entropy.

#include <amicpp/detail/entropy.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace amicpp::session::detail {

class action_ids {
public:
    explicit action_ids(std::string prefix) : prefix_(std::move(prefix)) {
        if (prefix_.empty())
            prefix_ = random_prefix();
        prefix_ += '-';
    }

    // The next ID: never handed out before by this generator. `number` says which it was.
    std::string next(std::uint64_t& number) {
        std::string id;
        next_into(id, number);
        return id;
    }

    // As next(number), written over `id` (whose capacity a caller may be recycling).
    void next_into(std::string& id, std::uint64_t& number) {
        char digits[16];
        std::size_t n = 0;
        number = ++counter_;
        std::uint64_t v = number;
        do {
            digits[n++] = "0123456789abcdef"[v & 0xfu];
            v >>= 4;
        } while (v != 0);
        id.assign(prefix_);
        while (n != 0)
            id += digits[--n];
    }

    std::string next() {
        std::uint64_t ignored = 0;
        return next(ignored);
    }

    // The number of an ID shaped as this generator makes them (it may still be the caller's
    // own), or 0.
    std::uint64_t number_of(std::string_view id) const noexcept {
        if (id.size() <= prefix_.size() || id.size() > prefix_.size() + 16 ||
            id.compare(0, prefix_.size(), prefix_) != 0 || id[prefix_.size()] == '0')
            return 0;
        std::uint64_t v = 0;
        for (std::size_t i = prefix_.size(); i < id.size(); ++i) {
            const char c = id[i];
            unsigned d;
            if (c >= '0' && c <= '9')
                d = static_cast<unsigned>(c - '0');
            else if (c >= 'a' && c <= 'f')
                d = static_cast<unsigned>(c - 'a' + 10);
            else
                return 0;
            v = (v << 4) | d;
        }
        return v;
    }

    // "<prefix>-", as every generated ID starts.
    const std::string& prefix() const noexcept { return prefix_; }

    // Eight hex digits that differ between sessions (detail::entropy: clocks, an address, a count).
    static std::string random_prefix() {
        std::uint64_t bits = amicpp::detail::entropy{}();
        std::string out(8, '0');
        for (char& c : out) {
            c = "0123456789abcdef"[bits & 0xfu];
            bits >>= 4;
        }
        return out;
    }

private:
    std::string prefix_;
    std::uint64_t counter_ = 0;
};

} // namespace amicpp::session::detail

#endif // AMICPP_SESSION_DETAIL_ACTION_IDS_HPP
