// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_DETAIL_ASCII_HPP
#define AMICPP_DETAIL_ASCII_HPP

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <type_traits>

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

// A word of sizeof(Word) bytes read from p, in memory order.
template <class Word>
inline Word load_word(const char* p) noexcept {
    Word w;
    std::memcpy(&w, p, sizeof(Word));
    return w;
}

// `s` equals `lower`, a lowercase word of letters only, ignoring ASCII case: the protocol's own
// names ("event", "response", "actionid", the last for every header the parser reads). Setting bit
// 5 of each byte folds case, and is exact because every byte sought is a letter. The size is
// known, so the name is read as two words of a size that fits it, the second ending where it
// ends (they overlap unless the size is a word's): two loads, no call, and no shorter copy into a
// wider word (its store and wider reload stalled the CPU on each event, perf).
template <std::size_t N>
inline bool equals_letters(std::string_view s, const char (&lower)[N]) noexcept {
    constexpr std::size_t n = N - 1;
    static_assert(n >= 1 && n <= 16, "equals_letters: 1 to 16 letters");
    if (s.size() != n)
        return false;
    using word = std::conditional_t<
        (n >= 8), std::uint64_t,
        std::conditional_t<(n >= 4), std::uint32_t,
                           std::conditional_t<(n >= 2), std::uint16_t, std::uint8_t>>>;
    constexpr std::size_t last = n - sizeof(word);
    constexpr auto fold = static_cast<word>(0x2020202020202020ULL);
    const char* const p = s.data();
    return static_cast<word>(load_word<word>(p) | fold) == load_word<word>(lower) &&
           static_cast<word>(load_word<word>(p + last) | fold) == load_word<word>(lower + last);
}

constexpr bool is_blank(char c) noexcept {
    return c == ' ' || c == '\t';
}

} // namespace amicpp::detail

#endif // AMICPP_DETAIL_ASCII_HPP
