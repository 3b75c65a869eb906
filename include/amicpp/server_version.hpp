// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_SERVER_VERSION_HPP
#define AMICPP_SERVER_VERSION_HPP

/// @file
/// @brief The AMI protocol version announced by the server's banner.

#include <optional>
#include <string>
#include <string_view>
#include <tuple>

namespace amicpp {

/// @brief AMI protocol version from the banner (`Asterisk Call Manager/2.10.6`).
///
/// This is the AMI version, not the Asterisk release: 1.1 is Asterisk 1.6/1.8, 2.x is 12/13,
/// 5.0 is 16, 11.0.0 is 22 (see the table in the README). Versions compare component-wise.
struct server_version {
    int major = 0; ///< first component
    int minor = 0; ///< second component
    int patch = 0; ///< third component, 0 when the banner has only two

    /// @brief Parses `"2.10.6"` or `"1.1"`; returns nothing unless the text starts with a digit.
    static std::optional<server_version> parse(std::string_view text) noexcept {
        server_version v;
        int* parts[3] = {&v.major, &v.minor, &v.patch};
        std::size_t i = 0;
        if (text.empty() || text[0] < '0' || text[0] > '9')
            return std::nullopt;
        for (int* part : parts) {
            int value = 0;
            std::size_t digits = 0;
            while (i < text.size() && text[i] >= '0' && text[i] <= '9' && digits < 9) {
                value = value * 10 + (text[i] - '0');
                ++i;
                ++digits;
            }
            if (digits == 0)
                break;
            *part = value;
            if (i >= text.size() || text[i] != '.')
                break;
            ++i;
        }
        return v;
    }

    /// @brief `"major.minor.patch"`.
    std::string to_string() const {
        return std::to_string(major) + '.' + std::to_string(minor) + '.' + std::to_string(patch);
    }

    friend bool operator==(const server_version& a, const server_version& b) noexcept {
        return std::tie(a.major, a.minor, a.patch) == std::tie(b.major, b.minor, b.patch);
    }
    friend bool operator!=(const server_version& a, const server_version& b) noexcept {
        return !(a == b);
    }
    friend bool operator<(const server_version& a, const server_version& b) noexcept {
        return std::tie(a.major, a.minor, a.patch) < std::tie(b.major, b.minor, b.patch);
    }
    friend bool operator>(const server_version& a, const server_version& b) noexcept {
        return b < a;
    }
    friend bool operator<=(const server_version& a, const server_version& b) noexcept {
        return !(b < a);
    }
    friend bool operator>=(const server_version& a, const server_version& b) noexcept {
        return !(a < b);
    }
};

} // namespace amicpp

#endif // AMICPP_SERVER_VERSION_HPP
