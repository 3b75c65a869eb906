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

// Byte by byte: the reference, and what the word compares below fall back on.
constexpr bool iequals_bytes(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (ascii_lower(a[i]) != ascii_lower(b[i]))
            return false;
    }
    return true;
}

// iequals for keys compared at run time by the million (message::get): a word at a time. A word
// that differs in any bit but bit 5 (the ASCII case bit) settles the answer at once; only one
// that differs in case alone is checked byte by byte (a letter's case, or a real difference
// such as '@' against '`'). Keys of 4 to 7 bytes take two words that overlap, longer ones 8-byte
// words, the last overlapping the one before.
template <class Word>
inline bool iequals_word_at(const char* a, const char* b) noexcept {
    Word x, y;
    std::memcpy(&x, a, sizeof(Word));
    std::memcpy(&y, b, sizeof(Word));
    const Word diff = x ^ y;
    if (diff == 0)
        return true;
    if ((diff & static_cast<Word>(~static_cast<Word>(0x2020202020202020ULL))) != 0)
        return false;
    return iequals_bytes(std::string_view(a, sizeof(Word)), std::string_view(b, sizeof(Word)));
}

inline bool iequals_keys(const char* a, const char* b, std::size_t n) noexcept {
    if (n >= 8) {
        for (std::size_t i = 0; i + 8 < n; i += 8)
            if (!iequals_word_at<std::uint64_t>(a + i, b + i))
                return false;
        return iequals_word_at<std::uint64_t>(a + n - 8, b + n - 8);
    }
    if (n >= 4)
        return iequals_word_at<std::uint32_t>(a, b) &&
               iequals_word_at<std::uint32_t>(a + n - 4, b + n - 4);
    return iequals_bytes(std::string_view(a, n), std::string_view(b, n));
}

// Equal but for ASCII case. A word at a time (iequals_keys): the parser's first line, every
// response's status and every kind of lookup by name go through it (a byte-wise loop was 150
// instructions of each Ping's answer, callgrind).
inline bool iequals(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && iequals_keys(a.data(), b.data(), a.size());
}

inline bool istarts_with(std::string_view s, std::string_view prefix) noexcept {
    return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

inline bool iends_with(std::string_view s, std::string_view suffix) noexcept {
    return s.size() >= suffix.size() && iequals(s.substr(s.size() - suffix.size()), suffix);
}

// A header key as the serializer accepts it: printable ASCII without ':' or blanks.
constexpr bool is_key_char(char c) noexcept {
    const auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u < 0x7f && c != ':';
}

// `s` equals `lower`, a lowercase word of letters only, ignoring ASCII case: the protocol's own
// names ("event", "response", "actionid", the last for every header the parser reads). Setting bit
// 5 of each byte folds case, and is exact because every byte sought is a letter; the size is known,
// so the loads are fixed words (no call).
template <std::size_t N>
inline bool equals_letters(std::string_view s, const char (&lower)[N]) noexcept {
    constexpr std::size_t n = N - 1;
    static_assert(n >= 1 && n <= 16, "equals_letters: 1 to 16 letters");
    if (s.size() != n)
        return false;
    const auto word = [](const char* p, std::size_t at) {
        std::uint64_t w = 0;
        std::memcpy(&w, p + at, n - at < 8 ? n - at : 8);
        return w;
    };
    const auto fold = [](std::size_t bytes) { // bit 5 of the first `bytes` bytes, any endianness
        std::uint64_t f = 0;
        std::memcpy(&f, "                ", bytes < 8 ? bytes : 8);
        return f;
    };
    if ((word(s.data(), 0) | fold(n)) != word(lower, 0))
        return false;
    if constexpr (n > 8)
        return (word(s.data(), 8) | fold(n - 8)) == word(lower, 8);
    return true;
}

constexpr bool is_blank(char c) noexcept {
    return c == ' ' || c == '\t';
}

} // namespace amicpp::detail

#endif // AMICPP_DETAIL_ASCII_HPP
