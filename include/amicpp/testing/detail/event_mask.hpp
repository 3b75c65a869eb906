// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_TESTING_DETAIL_EVENT_MASK_HPP
#define AMICPP_TESTING_DETAIL_EVENT_MASK_HPP

/// @file
/// @brief AMI permission and event classes (`system`, `call`, ...) as bit masks, read the way
/// Asterisk reads manager.conf's read/write lists, Login's `Events` and the `EventMask` header.

#include <amicpp/detail/ascii.hpp>
#include <amicpp/message.hpp>

#include <cstdint>
#include <string_view>

namespace amicpp::testing::detail {

/// Asterisk's EVENT_FLAG_* bits (include/asterisk/manager.h).
enum event_class : std::uint32_t {
    ev_system = 1u << 0,
    ev_call = 1u << 1,
    ev_log = 1u << 2,
    ev_verbose = 1u << 3,
    ev_command = 1u << 4,
    ev_agent = 1u << 5,
    ev_user = 1u << 6,
    ev_config = 1u << 7,
    ev_dtmf = 1u << 8,
    ev_reporting = 1u << 9,
    ev_cdr = 1u << 10,
    ev_dialplan = 1u << 11,
    ev_originate = 1u << 12,
    ev_agi = 1u << 13,
    ev_cc = 1u << 15,
    ev_aoc = 1u << 16,
    ev_test = 1u << 17,
    ev_security = 1u << 18,
    ev_message = 1u << 30,
};

/// Every class at once (`all`, `on`).
inline constexpr std::uint32_t ev_all = 0xffffffffu;

struct event_class_name {
    std::string_view name;
    std::uint32_t bit;
};

inline constexpr event_class_name event_class_names[] = {
    {"system", ev_system},
    {"call", ev_call},
    {"log", ev_log},
    {"verbose", ev_verbose},
    {"command", ev_command},
    {"agent", ev_agent},
    {"user", ev_user},
    {"config", ev_config},
    {"dtmf", ev_dtmf},
    {"reporting", ev_reporting},
    {"cdr", ev_cdr},
    {"dialplan", ev_dialplan},
    {"originate", ev_originate},
    {"agi", ev_agi},
    {"cc", ev_cc},
    {"aoc", ev_aoc},
    {"test", ev_test},
    {"security", ev_security},
    {"message", ev_message},
};

inline std::string_view trim_blanks(std::string_view s) noexcept {
    while (!s.empty() && amicpp::detail::is_blank(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && amicpp::detail::is_blank(s.back()))
        s.remove_suffix(1);
    return s;
}

/// A comma list of class names (`system,call`); `all` is every class; unknown names count for
/// nothing.
inline std::uint32_t class_list_mask(std::string_view list) noexcept {
    std::uint32_t mask = 0;
    while (!list.empty()) {
        const std::size_t comma = list.find(',');
        const std::string_view item = trim_blanks(list.substr(0, comma));
        if (amicpp::detail::iequals(item, "all")) {
            mask = ev_all;
        } else {
            for (const event_class_name& c : event_class_names) {
                if (amicpp::detail::iequals(item, c.name))
                    mask |= c.bit;
            }
        }
        if (comma == std::string_view::npos)
            break;
        list.remove_prefix(comma + 1);
    }
    return mask;
}

/// Asterisk's ast_true: yes, true, y, t, 1, on.
inline bool is_true(std::string_view v) noexcept {
    v = trim_blanks(v);
    for (std::string_view t : {"yes", "true", "y", "t", "1", "on"}) {
        if (amicpp::detail::iequals(v, t))
            return true;
    }
    return false;
}

/// Asterisk's ast_false: no, false, n, f, 0, off.
inline bool is_false(std::string_view v) noexcept {
    v = trim_blanks(v);
    for (std::string_view f : {"no", "false", "n", "f", "0", "off"}) {
        if (amicpp::detail::iequals(v, f))
            return true;
    }
    return false;
}

/// The value of Login's `Events` or of `EventMask`: all digits is a numeric mask, on/yes/true
/// every class, off/no/false none, otherwise a comma list of classes.
inline std::uint32_t parse_event_mask(std::string_view value) noexcept {
    value = trim_blanks(value);
    bool digits = !value.empty();
    for (char c : value)
        digits = digits && c >= '0' && c <= '9';
    if (digits) {
        std::uint64_t n = 0;
        for (char c : value) {
            n = n * 10 + static_cast<std::uint64_t>(c - '0');
            if (n > ev_all)
                return ev_all;
        }
        return static_cast<std::uint32_t>(n);
    }
    if (is_false(value))
        return 0;
    if (is_true(value))
        return ev_all;
    return class_list_mask(value);
}

/// The classes an event belongs to, from its `Privilege` header (`call,all` is `call`); 0 when it
/// has none, or only `all`: such an event goes to every session that reads events.
inline std::uint32_t event_category(const message& event) noexcept {
    // `call,all` lists `all` as well: keep the named classes only.
    std::uint32_t named = 0;
    std::string_view list = event.get("Privilege");
    while (!list.empty()) {
        const std::size_t comma = list.find(',');
        const std::string_view item = trim_blanks(list.substr(0, comma));
        if (!amicpp::detail::iequals(item, "all"))
            named |= class_list_mask(item);
        if (comma == std::string_view::npos)
            break;
        list.remove_prefix(comma + 1);
    }
    return named;
}

} // namespace amicpp::testing::detail

#endif // AMICPP_TESTING_DETAIL_EVENT_MASK_HPP
