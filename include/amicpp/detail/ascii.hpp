// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_DETAIL_ASCII_HPP
#define AMICPP_DETAIL_ASCII_HPP

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace amicpp::detail {

// AMI keys are compared ignoring ASCII case only: values are bytes in no known encoding, so no
// locale may take part.
constexpr char ascii_lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (ascii_lower(a[i]) != ascii_lower(b[i]))
            return false;
    }
    return true;
}

constexpr bool istarts_with(std::string_view s, std::string_view prefix) noexcept {
    return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

constexpr bool iends_with(std::string_view s, std::string_view suffix) noexcept {
    return s.size() >= suffix.size() && iequals(s.substr(s.size() - suffix.size()), suffix);
}

// A header key as the serializer accepts it: printable ASCII without ':' or blanks.
constexpr bool is_key_char(char c) noexcept {
    const auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u < 0x7f && c != ':';
}

// "ActionID" in any case, tested for every header the parser reads: one 8-byte compare. Setting
// bit 5 of each byte folds case, and is exact here because every byte sought is a letter.
inline bool is_action_id_key(std::string_view key) noexcept {
    if (key.size() != 8)
        return false;
    std::uint64_t word;
    std::memcpy(&word, key.data(), 8);
    std::uint64_t target;
    std::memcpy(&target, "actionid", 8);
    return (word | 0x2020202020202020ULL) == target;
}

constexpr bool is_blank(char c) noexcept {
    return c == ' ' || c == '\t';
}

} // namespace amicpp::detail

#endif // AMICPP_DETAIL_ASCII_HPP
