// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_SERIALIZER_HPP
#define AMICPP_SERIALIZER_HPP

/// @file
/// @brief Writing a message as AMI wire bytes, refusing anything that could inject a header.

#include <amicpp/detail/ascii.hpp>
#include <amicpp/error.hpp>
#include <amicpp/message.hpp>

#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>
#include <system_error>

namespace amicpp {

/// @brief What the serializer checks beyond injection, which it always refuses.
struct serialize_options {
    /// Longest line with its CRLF; 0 lifts the limit. Asterisk rejects longer ones (1024).
    std::size_t max_line_length = 1024;
    /// Most headers, `Action` included; 0 lifts the limit. Asterisk takes at most 128.
    std::size_t max_headers = 128;
    /// Refuse a message without an `Action` header (true for clients; servers write responses).
    bool require_action = true;
};

/// @brief The verdict on a message: no error, or the error and the header it concerns.
struct serialize_result {
    std::error_code ec;    ///< clear when the message was written
    std::string header;    ///< key of the offending header (empty when not about one header)
    std::size_t index = 0; ///< its position among the headers

    /// @brief True when the message was written.
    explicit operator bool() const noexcept { return !ec; }

    /// @brief A sentence for a person: the error and the header it concerns.
    std::string describe() const {
        if (!ec)
            return "ok";
        std::string text = ec.message();
        if (!header.empty() || ec == error::empty_header_key)
            text += " (header #" + std::to_string(index + 1) + " '" + header + "')";
        return text;
    }
};

/// @brief Thrown by `to_wire`; `what()` names the header at fault.
class serialize_error : public std::system_error {
public:
    /// @brief The error of `r`, naming its header.
    explicit serialize_error(const serialize_result& r)
        : std::system_error(r.ec, "amicpp: cannot send action: " + r.describe()),
          header_(r.header) {}
    /// @brief Key of the header at fault (may be empty).
    const std::string& header() const noexcept { return header_; }

private:
    std::string header_;
};

namespace detail {

// One table lookup a byte: bit 0 marks CR, LF and NUL (never allowed), bit 1 the bytes a key
// may not hold (controls, space, ':', DEL and non-ASCII).
struct header_byte_table {
    unsigned char flags[256] = {};
    constexpr header_byte_table() {
        for (int c = 0; c < 256; ++c) {
            const bool key_ok = c > 0x20 && c < 0x7f && c != ':';
            flags[c] = static_cast<unsigned char>((key_ok ? 0 : 2) |
                                                  ((c == '\r' || c == '\n' || c == 0) ? 1 : 0));
        }
    }
};
inline constexpr header_byte_table header_bytes{};

inline unsigned header_byte_flags(std::string_view s) noexcept {
    unsigned any = 0;
    for (char c : s)
        any |= header_bytes.flags[static_cast<unsigned char>(c)];
    return any;
}

inline bool has_line_break_or_nul(std::string_view s) noexcept {
    for (char c : s) {
        if (header_bytes.flags[static_cast<unsigned char>(c)] & 1)
            return true;
    }
    return false;
}

} // namespace detail

/// @brief Checks `m` without writing it.
inline serialize_result check(const message& m, const serialize_options& options = {}) {
    serialize_result r;
    const std::size_t n = m.header_count();
    if (options.require_action && !m.contains("Action")) {
        r.ec = error::missing_action;
        return r;
    }
    for (std::size_t i = 0; i < n; ++i) {
        const header h = m.header_at(i);
        r.index = i;
        if (h.key.empty()) {
            r.ec = error::empty_header_key;
            return r;
        }
        const unsigned key_flags = detail::header_byte_flags(h.key);
        if ((key_flags & 1) != 0 || detail::has_line_break_or_nul(h.value)) {
            r.ec = error::header_injection;
            r.header.assign(h.key);
            return r;
        }
        if (key_flags != 0) {
            r.ec = error::invalid_header_key;
            r.header.assign(h.key);
            return r;
        }
        if (options.max_line_length != 0 &&
            h.key.size() + 2 + h.value.size() + 2 > options.max_line_length) {
            r.ec = error::line_too_long_for_server;
            r.header.assign(h.key);
            return r;
        }
    }
    if (options.max_headers != 0 && n > options.max_headers) {
        r.ec = error::too_many_headers_for_server;
        r.index = options.max_headers;
        r.header.assign(m.header_at(options.max_headers).key);
        return r;
    }
    r.index = 0;
    return r;
}

/// @brief Size of the wire form of `m`'s headers (what `serialize` appends).
inline std::size_t wire_size(const message& m) noexcept {
    std::size_t size = 2;
    for (const header h : m)
        size += h.key.size() + 2 + h.value.size() + 2;
    return size;
}

namespace detail {

// serialize's writing half, for a message `check` has already accepted.
inline void append_wire(const message& m, std::string& out) {
    const std::size_t start = out.size();
    out.resize(start + wire_size(m));
    char* p = out.data() + start;
    const auto put = [&p](std::string_view s) {
        std::memcpy(p, s.data(), s.size());
        p += s.size();
    };
    for (const header h : m) {
        put(h.key);
        put(": ");
        put(h.value);
        put("\r\n");
    }
    put("\r\n");
}

} // namespace detail

/// @brief Appends `m`'s headers to `out` as `Key: Value\r\n` lines and the closing `\r\n`.
/// Raw lines are not written. On error nothing is appended and the result names the header.
inline serialize_result serialize(const message& m, std::string& out,
                                  const serialize_options& options = {}) {
    serialize_result r = check(m, options);
    if (r)
        detail::append_wire(m, out);
    return r;
}

/// @brief The wire form of `m`; throws `serialize_error` naming the header at fault.
inline std::string to_wire(const message& m, const serialize_options& options = {}) {
    std::string out;
    const serialize_result r = serialize(m, out, options);
    if (!r)
        throw serialize_error(r);
    return out;
}

} // namespace amicpp

#endif // AMICPP_SERIALIZER_HPP
