// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_DETAIL_EVENT_MASK_HPP
#define AMICPP_DETAIL_EVENT_MASK_HPP

#include <amicpp/detail/ascii.hpp>

#include <cstdint>
#include <string_view>

namespace amicpp::detail {

// Asterisk's event classes and their bits (manager.h, EVENT_FLAG_*), for numeric masks.
struct event_class_bit {
    std::string_view name;
    std::uint32_t bit;
};
inline constexpr event_class_bit event_class_bits[] = {
    {"system", 1u << 0},     {"call", 1u << 1},      {"log", 1u << 2},      {"verbose", 1u << 3},
    {"command", 1u << 4},    {"agent", 1u << 5},     {"user", 1u << 6},     {"config", 1u << 7},
    {"dtmf", 1u << 8},       {"reporting", 1u << 9}, {"cdr", 1u << 10},     {"dialplan", 1u << 11},
    {"originate", 1u << 12}, {"agi", 1u << 13},      {"cc", 1u << 14},      {"aoc", 1u << 15},
    {"test", 1u << 16},      {"security", 1u << 17}, {"message", 1u << 18},
};

inline std::string_view trim_mask_blanks(std::string_view s) noexcept {
    while (!s.empty() && is_blank(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && is_blank(s.back()))
        s.remove_suffix(1);
    return s;
}

// Whether an event mask (the value of Login's `Events` or an Events action's `EventMask`), read
// as Asterisk's strings_to_mask reads it, lets events of class `cls` through. An empty mask
// leaves the session's mask as it was: all the user may read.
inline bool event_mask_includes(std::string_view mask, std::string_view cls) noexcept {
    mask = trim_mask_blanks(mask);
    if (mask.empty())
        return true;
    bool digits = true;
    for (char c : mask)
        digits = digits && c >= '0' && c <= '9';
    if (digits) {
        std::uint64_t value = 0;
        for (char c : mask)
            value = value * 10 + static_cast<std::uint64_t>(c - '0');
        for (const auto& entry : event_class_bits) {
            if (iequals(entry.name, cls))
                return (value & entry.bit) != 0;
        }
        return true; // a class amicpp does not know: no reason to refuse
    }
    for (std::string_view no : {"no", "false", "n", "f", "off"}) {
        if (iequals(mask, no))
            return false;
    }
    for (std::string_view yes : {"yes", "true", "y", "t", "on"}) {
        if (iequals(mask, yes))
            return true;
    }
    while (!mask.empty()) {
        const std::size_t comma = mask.find(',');
        const std::string_view item = trim_mask_blanks(mask.substr(0, comma));
        if (iequals(item, cls) || iequals(item, "all"))
            return true;
        if (comma == std::string_view::npos)
            break;
        mask.remove_prefix(comma + 1);
    }
    return false;
}

// The class of an event that completes an action when Asterisk broadcasts it under the
// session's event mask; empty for events sent to the asking session alone (DBGetResponse) and
// for events amicpp does not know.
inline std::string_view completion_event_class(std::string_view event) noexcept {
    if (iequals(event, "OriginateResponse"))
        return "call";
    return {};
}

// Whether a session with `mask` receives `event` as the completion of an action.
inline bool event_mask_receives(std::string_view mask, std::string_view event) noexcept {
    const std::string_view cls = completion_event_class(event);
    return cls.empty() || event_mask_includes(mask, cls);
}

} // namespace amicpp::detail

#endif // AMICPP_DETAIL_EVENT_MASK_HPP
