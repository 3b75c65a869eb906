// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_EVENTS_FIELD_HPP
#define AMICPP_EVENTS_FIELD_HPP

/// @file
/// @brief `amicpp::events::field<T>`: a header value converted to a number, flag or enum, that
/// says whether it was absent or could not be converted instead of crashing.

#include <amicpp/actions/detail/fields.hpp>
#include <amicpp/error.hpp>

#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>

namespace amicpp::events {

/// @brief A typed header value: a `T`, or nothing (absent or empty header), or an invalid text
/// (`error()` is `error::invalid_field`). `raw()` keeps the text as received; it points into the
/// message, like every view.
///
/// @code
/// events::hangup h{msg};
/// if (auto cause = h.cause()) use(*cause);
/// else if (cause.error()) log("bad Cause: ", cause.raw());
/// int c = h.cause().value_or(0);
/// @endcode
template <class T>
class field {
public:
    /// @brief An absent field.
    field() = default;

    /// @brief Converts `text`: integers and floating point in decimal, `bool` from yes/no,
    /// true/false, on/off, 1/0, enums from their integer value.
    static field parse(std::string_view text) noexcept {
        field f;
        f.raw_ = text;
        if (amicpp::detail::is_no_value(text)) {
            f.state_ = state::absent;
            return f;
        }
        bool ok = false;
        if constexpr (std::is_same_v<T, bool>) {
            ok = amicpp::detail::parse_flag(text, f.value_);
        } else if constexpr (std::is_enum_v<T>) {
            std::underlying_type_t<T> n{};
            ok = amicpp::detail::parse_number(text, n);
            if (ok)
                f.value_ = static_cast<T>(n);
        } else {
            ok = amicpp::detail::parse_number(text, f.value_);
        }
        f.state_ = ok ? state::value : state::invalid;
        if (!ok)
            f.value_ = T{};
        return f;
    }

    /// @brief A field holding `value` (for tests and conversions).
    static field of(T value) noexcept {
        field f;
        f.state_ = state::value;
        f.value_ = value;
        return f;
    }

    /// @brief True when the header held a valid value.
    bool has_value() const noexcept { return state_ == state::value; }
    /// @brief Same as `has_value()`.
    explicit operator bool() const noexcept { return has_value(); }
    /// @brief True when the header was there with a non-empty value (valid or not).
    bool present() const noexcept { return state_ != state::absent; }
    /// @brief `error::invalid_field` when the value could not be converted; empty otherwise.
    std::error_code error() const noexcept {
        return state_ == state::invalid ? make_error_code(amicpp::error::invalid_field)
                                        : std::error_code{};
    }
    /// @brief The value; only meaningful when `has_value()`.
    const T& operator*() const noexcept { return value_; }
    /// @brief The value; throws `std::system_error` (`error::invalid_field`) without one.
    T value() const {
        if (!has_value())
            throw std::system_error(make_error_code(amicpp::error::invalid_field),
                                    state_ == state::absent
                                        ? std::string("amicpp: field absent")
                                        : "amicpp: field '" + std::string(raw_) + "'");
        return value_;
    }
    /// @brief The value, or `fallback` without one.
    T value_or(T fallback) const noexcept { return has_value() ? value_ : fallback; }
    /// @brief The text as received (empty when absent).
    std::string_view raw() const noexcept { return raw_; }

    /// @brief True when `f` holds `v`.
    friend bool operator==(const field& f, const T& v) noexcept {
        return f.has_value() && f.value_ == v;
    }
    /// @brief True when `f` holds `v`.
    friend bool operator==(const T& v, const field& f) noexcept { return f == v; }
    /// @brief True unless `f` holds `v`.
    friend bool operator!=(const field& f, const T& v) noexcept { return !(f == v); }
    /// @brief True unless `f` holds `v`.
    friend bool operator!=(const T& v, const field& f) noexcept { return !(f == v); }

private:
    enum class state : unsigned char { absent, value, invalid };
    T value_{};
    std::string_view raw_{};
    state state_ = state::absent;
};

} // namespace amicpp::events

#endif // AMICPP_EVENTS_FIELD_HPP
