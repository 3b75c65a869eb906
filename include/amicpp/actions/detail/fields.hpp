// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_ACTIONS_DETAIL_FIELDS_HPP
#define AMICPP_ACTIONS_DETAIL_FIELDS_HPP

// Helpers shared by the typed actions, their results and the event views: converting header
// values to numbers and flags (an error code, never an exception or a crash, on bad input),
// reading typed fields out of a message, and writing optional headers.

#include <amicpp/detail/ascii.hpp>
#include <amicpp/error.hpp>
#include <amicpp/list_result.hpp>
#include <amicpp/message.hpp>
#include <amicpp/reply.hpp>

#include <charconv>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

namespace amicpp::detail {

// Blanks around a value are not part of a number ("Seconds: 3 " happens in old servers).
constexpr std::string_view trim_blanks(std::string_view s) noexcept {
    while (!s.empty() && is_blank(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && (is_blank(s.back()) || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

// A whole value converted to a number: integers in decimal (a leading '+' allowed), floating
// point in the usual notation. False (and `out` untouched) on anything else, overflow included.
template <class T>
bool parse_number(std::string_view text, T& out) noexcept {
    static_assert(std::is_arithmetic_v<T> && !std::is_same_v<T, bool>, "a number type");
    std::string_view s = trim_blanks(text);
    if (!s.empty() && s.front() == '+')
        s.remove_prefix(1);
    if (s.empty())
        return false;
    T value{};
    const char* const last = s.data() + s.size();
    std::from_chars_result r{};
    if constexpr (std::is_floating_point_v<T>)
        r = std::from_chars(s.data(), last, value, std::chars_format::general);
    else
        r = std::from_chars(s.data(), last, value, 10);
    if (r.ec != std::errc{} || r.ptr != last)
        return false;
    out = value;
    return true;
}

// AMI's truth values: yes/no, true/false, on/off, 1/0 (any case). False on anything else.
constexpr bool parse_flag(std::string_view text, bool& out) noexcept {
    const std::string_view s = trim_blanks(text);
    for (std::string_view t : {"yes", "true", "on", "1", "y", "t"}) {
        if (iequals(s, t)) {
            out = true;
            return true;
        }
    }
    for (std::string_view f : {"no", "false", "off", "0", "n", "f"}) {
        if (iequals(s, f)) {
            out = false;
            return true;
        }
    }
    return false;
}

// Values that mean "no number here" rather than "a broken number".
constexpr bool is_no_value(std::string_view text) noexcept {
    const std::string_view s = trim_blanks(text);
    return s.empty() || iequals(s, "N/A") || iequals(s, "<unknown>") || s == "-";
}

// Reads typed fields of one message. The first conversion that fails sets `ec` to
// `error::invalid_field` (when it holds no error yet) and yields the fallback; absent or empty
// values are not errors. `prefix` is put before every key (`Dest` for `DestChannel`...).
class field_reader {
public:
    field_reader(const message& m, std::error_code& ec, std::string_view prefix = {}) noexcept
        : msg_(m), ec_(ec), prefix_(prefix) {}

    std::string_view view(std::string_view key) const {
        if (prefix_.empty())
            return msg_.get(key);
        return msg_.get(prefixed(key));
    }

    std::string text(std::string_view key) const { return std::string(view(key)); }

    template <class T>
    T number(std::string_view key, T fallback = T{}) const {
        const std::string_view v = view(key);
        if (is_no_value(v))
            return fallback;
        T out = fallback;
        if (!parse_number(v, out))
            fail();
        return out;
    }

    // A number that may legitimately be missing (`RoundtripUsec: N/A`).
    template <class T>
    std::optional<T> optional_number(std::string_view key) const {
        const std::string_view v = view(key);
        if (is_no_value(v))
            return std::nullopt;
        T out{};
        if (!parse_number(v, out)) {
            fail();
            return std::nullopt;
        }
        return out;
    }

    bool flag(std::string_view key, bool fallback = false) const {
        const std::string_view v = trim_blanks(view(key));
        if (v.empty())
            return fallback;
        bool out = fallback;
        if (!parse_flag(v, out))
            fail();
        return out;
    }

    void fail() const {
        if (!ec_)
            ec_ = error::invalid_field;
    }

    const message& msg() const noexcept { return msg_; }

private:
    std::string prefixed(std::string_view key) const {
        std::string k(prefix_);
        k.append(key.data(), key.size());
        return k;
    }

    const message& msg_;
    std::error_code& ec_;
    std::string_view prefix_;
};

// ---- writing ---------------------------------------------------------------------------------

inline void add_if(message& m, std::string_view key, std::string_view value) {
    if (!value.empty())
        m.add(key, value);
}

template <class T>
void add_if(message& m, std::string_view key, const std::optional<T>& value) {
    if (!value)
        return;
    if constexpr (std::is_same_v<T, bool>)
        m.add(key, *value ? "true" : "false");
    else if constexpr (std::is_convertible_v<const T&, std::string_view>)
        m.add(key, std::string_view(*value));
    else
        m.add(key, std::to_string(*value));
}

template <class Rep, class Period>
void add_if(message& m, std::string_view key,
            const std::optional<std::chrono::duration<Rep, Period>>& value) {
    if (value)
        m.add(key, std::to_string(value->count()));
}

inline const char* bool_text(bool b) noexcept {
    return b ? "true" : "false";
}

} // namespace amicpp::detail

#endif // AMICPP_ACTIONS_DETAIL_FIELDS_HPP
