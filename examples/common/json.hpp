// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_EXAMPLES_COMMON_JSON_HPP
#define AMICPP_EXAMPLES_COMMON_JSON_HPP

// AMI messages for programs: one JSON object per message, on one line (JSON Lines), for jq.
//
// Keys keep the order they arrived in. A key that repeats (Output, Variable, ChanVariable)
// becomes an array of its values, in order; others are strings. The raw lines of a legacy
// `Response: Follows` Command become an "Output" array, as Asterisk 14+ would have sent them.
// AMI values are bytes: valid UTF-8 passes through, any other byte is read as Latin-1 and
// written as \u00XX, so that the output is always valid JSON.

#include "ascii.hpp"

#include <amicpp/message.hpp>

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace examples {

namespace detail {

// Length of the valid UTF-8 sequence starting at s[i] (2 to 4 bytes), or 0.
inline std::size_t utf8_sequence(std::string_view s, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char b = byte(i);
    std::size_t n = 0;
    unsigned long cp = 0;
    if (b >= 0xC2 && b <= 0xDF) {
        n = 2;
        cp = b & 0x1Fu;
    } else if (b >= 0xE0 && b <= 0xEF) {
        n = 3;
        cp = b & 0x0Fu;
    } else if (b >= 0xF0 && b <= 0xF4) {
        n = 4;
        cp = b & 0x07u;
    } else {
        return 0;
    }
    if (i + n > s.size())
        return 0;
    for (std::size_t k = 1; k < n; ++k) {
        if ((byte(i + k) & 0xC0u) != 0x80u)
            return 0;
        cp = (cp << 6) | (byte(i + k) & 0x3Fu);
    }
    const bool overlong = (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000);
    const bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
    return overlong || surrogate || cp > 0x10FFFF ? 0 : n;
}

} // namespace detail

/// Appends `bytes` to `out` as a JSON string, quotes included.
inline void append_json_string(std::string& out, std::string_view bytes) {
    out += '"';
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(bytes[i]);
        switch (c) {
        case '"':
            out += "\\\"";
            continue;
        case '\\':
            out += "\\\\";
            continue;
        case '\b':
            out += "\\b";
            continue;
        case '\f':
            out += "\\f";
            continue;
        case '\n':
            out += "\\n";
            continue;
        case '\r':
            out += "\\r";
            continue;
        case '\t':
            out += "\\t";
            continue;
        default:
            break;
        }
        if (c >= 0x20 && c < 0x7F) {
            out += static_cast<char>(c);
            continue;
        }
        if (c >= 0x80) {
            if (const std::size_t n = detail::utf8_sequence(bytes, i); n != 0) {
                out.append(bytes.substr(i, n));
                i += n - 1;
                continue;
            }
        }
        char escaped[8];
        std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
        out += escaped;
    }
    out += '"';
}

/// `m` as one line of JSON (no newline at the end).
inline std::string to_json(const amicpp::message& m) {
    // Keys in order of first appearance, each with all of its values (ASCII case ignored, as
    // AMI does; the first spelling wins).
    std::vector<std::pair<std::string_view, std::vector<std::string_view>>> fields;
    for (const amicpp::header& h : m) {
        auto it = fields.begin();
        for (; it != fields.end(); ++it) {
            if (iequals(it->first, h.key))
                break;
        }
        if (it == fields.end())
            fields.push_back({h.key, {h.value}});
        else
            it->second.push_back(h.value);
    }
    std::string out = "{";
    bool first = true;
    const auto add = [&](std::string_view key, const std::vector<std::string_view>& values,
                         bool force_array) {
        if (!first)
            out += ',';
        first = false;
        append_json_string(out, key);
        out += ':';
        if (values.size() == 1 && !force_array) {
            append_json_string(out, values.front());
            return;
        }
        out += '[';
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (i != 0)
                out += ',';
            append_json_string(out, values[i]);
        }
        out += ']';
    };
    for (const auto& [key, values] : fields)
        add(key, values, false);
    if (m.line_count() != 0)
        add(m.contains("Output") ? "Lines" : "Output", m.lines(), true);
    out += '}';
    return out;
}

} // namespace examples

#endif // AMICPP_EXAMPLES_COMMON_JSON_HPP
