// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_EXAMPLES_COMMON_ASCII_HPP
#define AMICPP_EXAMPLES_COMMON_ASCII_HPP

// AMI names (keys, events, actions) compare ignoring ASCII case.

#include <string_view>

namespace examples {

inline char ascii_lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

inline bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (ascii_lower(a[i]) != ascii_lower(b[i]))
            return false;
    }
    return true;
}

} // namespace examples

#endif // AMICPP_EXAMPLES_COMMON_ASCII_HPP
