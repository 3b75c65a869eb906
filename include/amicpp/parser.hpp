// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_PARSER_HPP
#define AMICPP_PARSER_HPP

/// @file
/// @brief `amicpp::parser`: a sans-io AMI reader, bytes in, messages out.

#include <amicpp/detail/ascii.hpp>
#include <amicpp/detail/entry_buffer.hpp>
#include <amicpp/detail/line_scan.hpp>
#include <amicpp/error.hpp>
#include <amicpp/message.hpp>
#include <amicpp/server_version.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace amicpp {

/// @brief Limits on what one received message may cost. Exceeding one drops that message only:
/// the parser reports the error, skips to the next blank line and carries on.
struct parser_limits {
    /// Longest line, without its terminator. Default 64 KiB.
    std::size_t max_line_length = 64 * 1024;
    /// Most headers plus raw lines in one message. Default 65536.
    std::size_t max_headers = 64 * 1024;
    /// Most bytes in one message, terminators included. Default 16 MiB.
    std::size_t max_message_size = 16 * 1024 * 1024;
};

/// @brief How a parser starts and what it accepts.
struct parser_options {
    /// Limits on one received message.
    parser_limits limits{};
    /// Read the first line as the server's banner (a client); false for a server reading actions.
    bool expect_banner = true;
};

/// @brief What the parser knows of a message it had to drop.
struct dropped_message {
    std::error_code reason; ///< line_too_long, too_many_headers, message_too_large, ...
    message_kind kind = message_kind::unknown; ///< as far as the first line told
    std::string name;      ///< value of its first header (event name, response status)
    std::string action_id; ///< its ActionID, when that header came before the limit
};

/// @brief Incremental, allocation-frugal AMI reader with no I/O of its own.
///
/// Feed bytes with `feed` (or write into `prepare` and `commit`), then call `next` until it
/// returns false. Any split of the input gives the same messages, one byte at a time included.
/// Lines end in `\r\n` or a bare `\n`. After `Response: Follows` the legacy command text is kept
/// as raw lines up to `--END COMMAND--`; a block whose first line is not a header is kept whole as
/// a `message_kind::raw` message. Header values start after the blanks (spaces, tabs) that follow
/// the colon, as in Asterisk's own parser, and keep trailing blanks; `Output:` lines (Command
/// output, Asterisk 14 and later) lose only the one space the protocol writes after the colon, so
/// the CLI's indentation is kept byte for byte. A parsed message costs one heap allocation (its
/// offsets and bytes share one block), none per header; reusing the same `message` object costs
/// none once warm.
///
/// Thread safety: none; one parser belongs to one reader.
class parser {
public:
    /// @brief A parser with these limits, expecting a banner first unless told otherwise.
    explicit parser(parser_options options = {}) : options_(options) {
        state_ = options_.expect_banner ? state::banner : state::start;
    }

    parser(const parser&) = delete;
    parser& operator=(const parser&) = delete;
    /// @brief Takes over another parser's state and buffered bytes.
    parser(parser&&) noexcept = default;
    /// @brief Takes over another parser's state and buffered bytes.
    parser& operator=(parser&&) noexcept = default;

    /// @brief Forgets everything buffered and starts over (a new connection): the banner is
    /// expected again if the options say so.
    void reset() {
        begin_ = end_ = scan_ = search_ = msg_start_ = 0;
        carried_at_ = npos;
        state_ = options_.expect_banner ? state::banner : state::start;
        skip_line_ = skip_follows_ = false;
        skip_tail_.clear();
        headers_.clear();
        lines_.clear();
        version_.reset();
        bytes_dropped_ = 0;
    }

    /// @brief The options given at construction.
    const parser_options& options() const noexcept { return options_; }

    /// @brief The version from the banner, once the banner has been read.
    const std::optional<server_version>& version() const noexcept { return version_; }

    /// @brief True until the banner line has been read (always false without `expect_banner`).
    bool awaiting_banner() const noexcept { return state_ == state::banner; }

    /// @brief Copies `bytes` into the parser.
    void feed(std::string_view bytes) {
        if (bytes.empty())
            return;
        char* dst = prepare(bytes.size());
        std::memcpy(dst, bytes.data(), bytes.size());
        commit(bytes.size());
    }

    /// @brief Room for at least `n` more bytes, to be filled by a read and then `commit`ted.
    char* prepare(std::size_t n) {
        reserve(n);
        return data_.get() + end_;
    }

    /// @brief How many bytes the last `prepare` made room for, at least.
    std::size_t prepared_size() const noexcept { return capacity_ - end_; }

    /// @brief Makes `n` bytes written after `prepare` part of the input.
    void commit(std::size_t n) noexcept { end_ += std::min(n, capacity_ - end_); }

    /// @brief Bytes buffered but not yet returned as messages.
    std::size_t buffered() const noexcept { return end_ - begin_; }

    /// @brief Total bytes discarded by limit errors since construction or `reset`.
    std::size_t bytes_dropped() const noexcept { return bytes_dropped_; }

    /// @brief What was known of the message behind the last error `next` reported.
    const dropped_message& last_dropped() const noexcept { return dropped_; }

    /// @brief Produces the next complete message or error.
    ///
    /// Returns false when more input is needed. Returns true with `ec` clear and `out` holding a
    /// message, or true with `ec` set when a message had to be dropped (`last_dropped()` says
    /// what is known of it; `out` is left alone) or the banner was invalid.
    bool next(message& out, std::error_code& ec) {
        ec.clear();
        for (;;) {
            if (skip_line_) {
                const char* nl = find_newline();
                if (nl == nullptr) {
                    discard_all();
                    return false;
                }
                const std::size_t after = static_cast<std::size_t>(nl - data_.get()) + 1;
                remember_tail(scan_, after - 1);
                std::string_view tail(skip_tail_);
                if (!tail.empty() && tail.back() == '\r')
                    tail.remove_suffix(1);
                if (state_ == state::skip && skip_follows_ && detail::iends_with(tail, end_command))
                    skip_follows_ = false;
                bytes_dropped_ += after - scan_;
                scan_ = search_ = begin_ = after;
                skip_line_ = false;
                continue;
            }
            if ((state_ == state::headers || state_ == state::start) && search_ == scan_) {
                const fast f = fast_lines(out);
                if (f == fast::more)
                    continue;
                if (f == fast::produced)
                    return true;
            }
            const char* nl = find_newline();
            if (nl == nullptr) {
                if (check_partial_line(ec))
                    return true;
                return false;
            }
            const std::size_t line_begin = scan_;
            const std::size_t line_end_nl = static_cast<std::size_t>(nl - data_.get());
            std::size_t line_end = line_end_nl;
            if (line_end > line_begin && data_[line_end - 1] == '\r')
                --line_end;
            const std::size_t next_line = line_end_nl + 1;
            if (line_end - line_begin > options_.limits.max_line_length && state_ != state::skip) {
                if (state_ == state::banner) { // no blank line follows a banner: drop it alone
                    fail_banner(std::string_view(data_.get() + line_begin,
                                                 std::min<std::size_t>(line_end - line_begin, 128)),
                                ec);
                    state_ = state::start;
                    scan_ = search_ = begin_ = next_line;
                    return true;
                }
                // The whole line arrived in one piece: same verdict as a partial one.
                fail(error::line_too_long, ec);
                enter_skip(next_line);
                if (skip_follows_ && detail::iends_with(std::string_view(data_.get() + line_begin,
                                                                         line_end - line_begin),
                                                        end_command))
                    skip_follows_ = false;
                return true;
            }
            scan_ = search_ = next_line;
            const std::string_view line(data_.get() + line_begin, line_end - line_begin);
            const result r = on_line(line, line_begin, next_line, out, ec);
            if (r == result::more)
                continue;
            return true;
        }
    }

private:
    enum class state : std::uint8_t {
        banner,          // the first line of the stream
        start,           // between messages
        headers,         // in a block of Key: Value lines
        follows_headers, // after Response: Follows, before the raw text
        follows_body,    // raw text of a legacy command, up to --END COMMAND--
        follows_end,     // after --END COMMAND--, before the blank line
        raw,             // a block of lines that are not headers
        skip,            // dropping the rest of a message after a limit error
    };
    enum class result : std::uint8_t { more, produced };

    using entry = message::entry;

    static constexpr std::string_view end_command = "--END COMMAND--";

    const char* find_newline() noexcept {
        const char* p = detail::find_newline(data_.get() + search_, data_.get() + end_);
        if (p == nullptr)
            search_ = end_; // never scan these bytes again
        return p;
    }

    enum class fast : std::uint8_t { more, produced, fallback };

    // mask >> n for n in 1..64, without a branch (a shift by 64 alone would be undefined).
    static std::uint64_t shift_out(std::uint64_t mask, unsigned n) noexcept {
        return (mask >> (n - 1)) >> 1;
    }

    // Where the value of a header line starts: after the blanks that follow the colon, but in
    // Command output only after the protocol's one space. `blank` has bit 0 for line[0].
    AMICPP_DETAIL_ALWAYS_INLINE static unsigned
    value_start(const char* line, unsigned colon, unsigned content, std::uint64_t blank) noexcept {
        if (((blank >> colon) & 6) == 2 && line[colon + 1] == ' ')
            return colon + 2; // the usual: one space, then a non-blank
        const std::uint64_t after = ~shift_out(blank, colon + 1);
        unsigned value = colon + 1 + (after == 0 ? 64 : detail::lowest_bit64(after));
        if (value > content)
            value = content;
        if (is_output_key(std::string_view(line, colon)))
            value = colon + 1 + (colon + 1 < content && line[colon + 1] == ' ' ? 1 : 0);
        return value;
    }

    // The hot loop: the plain header lines that follow `start` in window `m` (a key free of
    // blanks, a colon, a value), stored from `slot` on, until the window's lines run out or a
    // line is not one (a blank line included). Returns the slot after the last stored; `start`
    // and `m` move past the lines taken. The first ActionID among them goes to `id_slot`.
    AMICPP_DETAIL_ALWAYS_INLINE static entry* plain_headers(const char* data, std::size_t& start,
                                                            std::size_t msg_start,
                                                            detail::window_masks& m, entry* slot,
                                                            entry*& id_slot) noexcept {
        std::size_t at = start;
        std::uint64_t newline = m.newline;
        std::uint64_t colons = m.colon;
        std::uint64_t blanks = m.blank;
        while (newline != 0) {
            const unsigned nl = detail::lowest_bit64(newline);
            const char* const line = data + at;
            // line[0] when nl is 0: the '\n' itself, never a '\r'
            const unsigned content = nl - (line[nl - (nl != 0)] == '\r' ? 1 : 0);
            // No colon in the window reads as one past it: never inside this line.
            const unsigned colon = detail::lowest_bit64(colons | (std::uint64_t{1} << 63));
            // colon - 1 wraps when colon is 0: a line starting with ':' is no header
            if (content == 0 || colon - 1 >= content - 1 ||
                (blanks & ((std::uint64_t{1} << colon) - 1)) != 0)
                break;
            const unsigned value = value_start(line, colon, content, blanks);
            if (colon == 8 && id_slot == nullptr &&
                detail::equals_letters(std::string_view(line, colon), "actionid"))
                id_slot = slot;
            const auto rel = static_cast<std::uint32_t>(at - msg_start);
            *slot++ = entry{rel, colon, rel + value, content - value};
            at += nl + 1;
            newline = shift_out(newline, nl + 1);
            colons = shift_out(colons, nl + 1);
            blanks = shift_out(blanks, nl + 1);
        }
        start = at;
        m = detail::window_masks{newline, colons, blanks};
        return slot;
    }

    // Whether every line left in window `m`, which starts at `from`, fits the limits of a message
    // that starts at `msg_begin` and holds `used` entries: the lines end by its last '\n'.
    bool window_fits(const detail::window_masks& m, std::size_t from, std::size_t msg_begin,
                     std::size_t used) const noexcept {
        const unsigned last = detail::highest_bit64(m.newline);
        return from + last - msg_begin <= options_.limits.max_message_size &&
               used + last + 1 <= options_.limits.max_headers;
    }

    // Whole header blocks read from 64-byte windows of bit masks, so that a line costs a few bit
    // operations (`plain_headers`). Anything unusual (a partial or long line, a line that is not
    // a header, legacy `Response: Follows`, a window that could break a limit) is left to the
    // general path, at that very line. The limits are judged once per window, and the masks
    // left over when a message ends are kept for the next call, which starts where it ended.
    fast fast_lines(message& out) {
#if defined(AMICPP_DETAIL_AVX2_DISPATCH)
        if (use_avx2_)
            return fast_lines_avx2(out);
#endif
        return fast_lines_with<detail::default_scan>(out);
    }

#if defined(AMICPP_DETAIL_AVX2_DISPATCH)
    // The same loop compiled for AVX2: called only where the CPU has it.
    AMICPP_DETAIL_TARGET_AVX2 fast fast_lines_avx2(message& out) {
        return fast_lines_with<detail::avx2_scan>(out);
    }
#endif

    // Inlined into each of the above: `Scan` classifies the windows. What it calls per line or
    // per message is forced inline too (`plain_headers`, `value_start`, `kind_of`): called from
    // two functions, the compiler no longer inlined them on its own (`plain_headers` as a call per
    // window: 4 % more instructions per event).
    template <class Scan>
    AMICPP_DETAIL_ALWAYS_INLINE fast fast_lines_with(message& out) {
        const parser_limits& limits = options_.limits;
        // A line in a window has at most 63 bytes: under a shorter limit, only the general path
        // judges lines one by one.
        if (limits.max_line_length < 63) {
            carried_at_ = npos;
            return fast::fallback;
        }
        const char* const data = data_.get();
        std::size_t start = scan_;
        bool in_headers = state_ == state::headers;
        entry* slot = headers_.tail(0); // where the next header goes; headers_ learns at exits
        // While slot has 64 entries of room before room_end and a window starts before
        // window_end, no line of the window can break a limit: one test per window. Measured
        // (`measure`) when a window fails it, which the first window of a message does.
        entry* room_end = slot;
        std::size_t window_end = 0;
        const auto measure = [&] {
            const std::size_t used = headers_.size() + lines_.size();
            std::size_t room = limits.max_headers > used ? limits.max_headers - used : 0;
            room = std::min(room, headers_.capacity() - headers_.size());
            room_end = slot + room;
            const std::size_t max_size = limits.max_message_size;
            window_end = max_size < 63                        ? 0
                         : max_size - 63 >= npos - msg_start_ ? npos
                                                              : msg_start_ + (max_size - 63) + 1;
        };
        detail::window_masks m;
        if (carried_at_ == start)
            m = carried_;
        else
            m.newline = 0;
        carried_at_ = npos;
        const auto leave = [&](std::size_t at) {
            if (in_headers)
                headers_.set_end(slot);
            scan_ = search_ = at;
            return fast::fallback;
        };
        for (;;) {
            if (m.newline == 0) {
                if (start == end_)
                    return leave(start); // nothing buffered (maybe no buffer at all yet)
                m = Scan::classify64(data + start, end_ - start);
                if (m.newline == 0)
                    return leave(start); // a partial line, or one longer than the window
                if (in_headers && (room_end - slot < 64 || start >= window_end)) {
                    headers_.set_end(slot);
                    if (!window_fits(m, start, msg_start_, headers_.size() + lines_.size()))
                        return leave(start);
                    slot = headers_.tail(64);
                    measure();
                }
            }
            if (in_headers) {
                entry* id_slot = nullptr;
                slot = plain_headers(data, start, msg_start_, m, slot, id_slot);
                if (id_slot != nullptr && action_id_index_ == npos)
                    action_id_index_ = static_cast<std::size_t>(id_slot - headers_.data());
                if (m.newline == 0)
                    continue;
            }
            // The line at `start` is blank, the first of a message, or no plain header.
            const unsigned nl = detail::lowest_bit64(m.newline);
            const char* const line = data + start;
            const unsigned content = nl - (line[nl - (nl != 0)] == '\r' ? 1 : 0);
            if (content == 0) { // a blank line
                start += nl + 1;
                if (in_headers) {
                    headers_.set_end(slot);
                    scan_ = search_ = start;
                    carried_ = detail::window_masks{shift_out(m.newline, nl + 1),
                                                    shift_out(m.colon, nl + 1),
                                                    shift_out(m.blank, nl + 1)};
                    carried_at_ = start;
                    return finish(start, out) == result::more ? fast::more : fast::produced;
                }
                begin_ = start; // stray blank line between messages
            } else {
                const unsigned colon = detail::lowest_bit64(m.colon | (std::uint64_t{1} << 63));
                if (in_headers || colon - 1 >= content - 1 ||
                    (m.blank & ((std::uint64_t{1} << colon) - 1)) != 0)
                    return leave(start);
                const unsigned value = value_start(line, colon, content, m.blank);
                const std::string_view key(line, colon);
                if (detail::equals_letters(key, "response") &&
                    detail::equals_letters(std::string_view(line + value, content - value),
                                           "follows"))
                    return leave(start);
                if (!window_fits(m, start, start, 0))
                    return leave(start);
                begin_message(start, kind_of(key), state::headers);
                in_headers = true;
                slot = headers_.tail(64); // empty now: no more than the room it had
                room_end = slot;          // the next window measures this message's room
                if (detail::equals_letters(key, "actionid"))
                    action_id_index_ = 0;
                const auto rel = static_cast<std::uint32_t>(start - msg_start_);
                *slot++ = entry{rel, colon, rel + value, content - value};
                start += nl + 1;
            }
            m.newline = shift_out(m.newline, nl + 1);
            m.colon = shift_out(m.colon, nl + 1);
            m.blank = shift_out(m.blank, nl + 1);
        }
    }

    void begin_message(std::size_t line_begin, message_kind kind, state next) {
        msg_start_ = line_begin;
        headers_.clear();
        lines_.clear();
        action_id_index_ = npos;
        kind_ = kind;
        state_ = next;
    }

    AMICPP_DETAIL_ALWAYS_INLINE static message_kind kind_of(std::string_view first_key) noexcept {
        if (detail::equals_letters(first_key, "event"))
            return message_kind::event;
        if (detail::equals_letters(first_key, "response"))
            return message_kind::response;
        if (detail::equals_letters(first_key, "action"))
            return message_kind::action;
        return message_kind::unknown;
    }

    // A line still without its '\n' may already break a limit: report it now, so memory stays
    // bounded however long the peer keeps talking.
    bool check_partial_line(std::error_code& ec) {
        const std::size_t pending = end_ - scan_;
        // A trailing '\r' may be half of the line end: it is not content yet.
        const std::size_t content = pending - (pending != 0 && data_[end_ - 1] == '\r' ? 1 : 0);
        if (content > options_.limits.max_line_length) {
            if (state_ == state::skip) { // already dropping this message: just keep going
                start_skip_line();
                discard_all();
                return false;
            }
            if (state_ == state::banner) {
                fail_banner(
                    std::string_view(data_.get() + scan_, std::min<std::size_t>(pending, 128)), ec);
                state_ = state::start;
                start_skip_line();
                discard_all();
                return true;
            }
            fail(error::line_too_long, ec);
            bytes_dropped_ += msg_bytes_before(scan_);
            start_skip_line();
            enter_skip_state();
            discard_all();
            return true;
        }
        // Same measure as check_size: complete lines so far plus this line's content.
        if (in_message() && state_ != state::follows_end && content != 0 &&
            scan_ + content - msg_start_ > options_.limits.max_message_size) {
            fail(error::message_too_large, ec);
            bytes_dropped_ += msg_bytes_before(scan_);
            start_skip_line();
            enter_skip_state();
            discard_all();
            return true;
        }
        return false;
    }

    bool in_message() const noexcept {
        return state_ != state::start && state_ != state::banner && state_ != state::skip;
    }

    std::size_t msg_bytes_before(std::size_t pos) const noexcept {
        return in_message() ? pos - msg_start_ : 0;
    }

    result on_line(std::string_view line, std::size_t line_begin, std::size_t next_line,
                   message& out, std::error_code& ec) {
        switch (state_) {
        case state::banner:
            return on_banner(line, line_begin, next_line, out, ec);
        case state::start:
            if (line.empty()) {
                begin_ = next_line; // stray blank line (idle IAXnetstats answers just CRLF)
                return result::more;
            }
            return on_first_line(line, line_begin, ec);
        case state::headers:
            if (line.empty())
                return finish(next_line, out);
            return on_header_line(line, line_begin, ec);
        case state::follows_headers:
            if (line.empty())
                return finish(next_line, out);
            if (auto h = split_header(line);
                h.ok && (detail::iequals(h.key, "Privilege") || detail::iequals(h.key, "ActionID")))
                return add_header(line, line_begin, h, ec);
            state_ = state::follows_body;
            return on_follows_body(line, line_begin, ec);
        case state::follows_body:
            return on_follows_body(line, line_begin, ec);
        case state::follows_end:
            if (line.empty())
                return finish(next_line, out);
            // Something other than the blank line: end the message here and read this line
            // again as the start of the next one.
            scan_ = search_ = line_begin;
            return finish(line_begin, out);
        case state::raw:
            if (line.empty())
                return finish(next_line, out);
            return add_line(line_begin, line.size(), ec);
        case state::skip:
            if (skip_follows_) {
                if (detail::iends_with(line, end_command))
                    skip_follows_ = false;
            } else if (line.empty()) {
                state_ = state::start;
            }
            bytes_dropped_ += next_line - begin_;
            begin_ = next_line;
            return result::more;
        }
        return result::more;
    }

    result on_banner(std::string_view line, std::size_t line_begin, std::size_t next_line,
                     message& out, std::error_code& ec) {
        constexpr std::string_view prefix = "Asterisk Call Manager";
        if (!detail::istarts_with(line, prefix)) {
            state_ = state::start;
            begin_ = next_line;
            fail_banner(line, ec);
            return result::produced;
        }
        const std::size_t slash = line.rfind('/');
        if (slash != std::string_view::npos)
            version_ = server_version::parse(line.substr(slash + 1));
        if (!version_)
            version_ = server_version{};
        msg_start_ = line_begin;
        headers_.clear();
        lines_.clear();
        lines_.push_back(entry{0, 0, 0, static_cast<std::uint32_t>(line.size())});
        kind_ = message_kind::banner;
        return finish(next_line, out);
    }

    void fail_banner(std::string_view line, std::error_code& ec) {
        dropped_ = dropped_message{};
        dropped_.reason = make_error_code(error::invalid_banner);
        dropped_.kind = message_kind::banner;
        dropped_.name.assign(line.substr(0, 128));
        ec = error::invalid_banner;
    }

    struct split {
        bool ok = false;
        std::string_view key;
        std::size_t value_pos = 0; // offset of the value within the line
    };

    // `Key: Value` with a non-empty key free of blanks; value blanks skipped on the left only,
    // except in `Output:` lines, which lose only the one space the protocol puts there.
    static split split_header(std::string_view line) noexcept {
        // One pass over the key: stop at ':', give up at a blank (the hot loop of the parser).
        split s;
        const char* const data = line.data();
        const std::size_t size = line.size();
        std::size_t k = 0;
        for (;;) {
            if (k == size)
                return s;
            const char c = data[k];
            if (c == ':')
                break;
            if (c == ' ' || c == '\t')
                return s;
            ++k;
        }
        if (k == 0)
            return s;
        std::size_t v = k + 1;
        s.ok = true;
        s.key = std::string_view(data, k);
        if (is_output_key(s.key)) { // Command output: only the protocol's one space goes
            s.value_pos = v < size && data[v] == ' ' ? v + 1 : v;
            return s;
        }
        while (v < size && detail::is_blank(data[v]))
            ++v;
        s.value_pos = v;
        return s;
    }

    // `Output`, the key of Command output lines (Asterisk 14 and later write "Output: %s").
    static bool is_output_key(std::string_view key) noexcept {
        return key.size() == 6 && detail::iequals(key, "Output");
    }

    result on_first_line(std::string_view line, std::size_t line_begin, std::error_code& ec) {
        const split h = split_header(line);
        if (!h.ok) {
            begin_message(line_begin, message_kind::raw, state::raw);
            return add_line(line_begin, line.size(), ec);
        }
        const message_kind kind = kind_of(h.key);
        const bool follows =
            kind == message_kind::response && detail::iequals(line.substr(h.value_pos), "Follows");
        begin_message(line_begin, kind, follows ? state::follows_headers : state::headers);
        return add_header(line, line_begin, h, ec);
    }

    result on_header_line(std::string_view line, std::size_t line_begin, std::error_code& ec) {
        const split h = split_header(line);
        if (!h.ok) // a stray line inside a header block is kept, not lost
            return add_line(line_begin, line.size(), ec);
        return add_header(line, line_begin, h, ec);
    }

    result on_follows_body(std::string_view line, std::size_t line_begin, std::error_code& ec) {
        if (detail::iends_with(line, end_command)) {
            state_ = state::follows_end;
            // The whole line counts towards the size, as it did while it was arriving.
            if (check_size(line_begin + line.size(), ec) != result::more)
                return result::produced;
            // Output not ended by a newline runs straight into the marker: keep its text.
            const std::size_t keep = line.size() - end_command.size();
            if (keep == 0)
                return result::more;
            return add_line(line_begin, keep, ec);
        }
        return add_line(line_begin, line.size(), ec);
    }

    result add_header(std::string_view line, std::size_t line_begin, const split& h,
                      std::error_code& ec) {
        // Size before count: a partial line can only be judged by its size, and the verdict
        // must not depend on how the input was split.
        if (line_begin + line.size() - msg_start_ > options_.limits.max_message_size)
            return limit_hit(error::message_too_large, ec);
        if (headers_.size() + lines_.size() >= options_.limits.max_headers)
            return limit_hit(error::too_many_headers, ec);
        const auto rel = static_cast<std::uint32_t>(line_begin - msg_start_);
        if (action_id_index_ == npos && detail::equals_letters(h.key, "actionid"))
            action_id_index_ = headers_.size();
        headers_.push_back(entry{rel, static_cast<std::uint32_t>(h.key.size()),
                                 rel + static_cast<std::uint32_t>(h.value_pos),
                                 static_cast<std::uint32_t>(line.size() - h.value_pos)});
        return result::more;
    }

    result add_line(std::size_t line_begin, std::size_t size, std::error_code& ec) {
        if (line_begin + size - msg_start_ > options_.limits.max_message_size)
            return limit_hit(error::message_too_large, ec);
        if (headers_.size() + lines_.size() >= options_.limits.max_headers)
            return limit_hit(error::too_many_headers, ec);
        const auto rel = static_cast<std::uint32_t>(line_begin - msg_start_);
        lines_.push_back(entry{0, 0, rel, static_cast<std::uint32_t>(size)});
        return result::more;
    }

    result check_size(std::size_t upto, std::error_code& ec) {
        if (upto - msg_start_ > options_.limits.max_message_size)
            return limit_hit(error::message_too_large, ec);
        return result::more;
    }

    // A limit broke at a complete line: drop what we have and skip the rest of the message.
    result limit_hit(error e, std::error_code& ec) {
        fail(e, ec);
        bytes_dropped_ += scan_ - msg_start_;
        const bool follows = state_ == state::follows_headers || state_ == state::follows_body;
        state_ = state::skip;
        skip_follows_ = follows;
        begin_ = scan_;
        return result::produced;
    }

    void fail(error e, std::error_code& ec) {
        dropped_ = dropped_message{};
        dropped_.reason = make_error_code(e);
        if (in_message()) {
            dropped_.kind = kind_;
            if (!headers_.empty()) {
                const entry& first = headers_.front();
                dropped_.name.assign(data_.get() + msg_start_ + first.value_offset,
                                     first.value_size);
            }
            if (action_id_index_ != npos) {
                const entry& id = headers_[action_id_index_];
                dropped_.action_id.assign(data_.get() + msg_start_ + id.value_offset,
                                          id.value_size);
            }
        }
        ec = e;
    }

    void enter_skip_state() {
        skip_follows_ = state_ == state::follows_headers || state_ == state::follows_body;
        state_ = state::skip;
    }

    // The line at hand breaks a limit and its end is known: drop it and skip to the blank line.
    void enter_skip(std::size_t next_line) {
        bytes_dropped_ += next_line - (in_message() ? msg_start_ : scan_);
        enter_skip_state();
        scan_ = search_ = begin_ = next_line;
    }

    void start_skip_line() {
        skip_line_ = true;
        skip_tail_.clear();
    }

    // While a too long line is discarded, its last bytes are kept: inside legacy command output
    // that line may end with the --END COMMAND-- marker the skip is looking for.
    void remember_tail(std::size_t from, std::size_t to) {
        skip_tail_.append(data_.get() + from, to - from);
        if (skip_tail_.size() > 2 * end_command.size())
            skip_tail_.erase(0, skip_tail_.size() - end_command.size() - 1);
    }

    void discard_all() {
        carried_at_ = npos; // the positions may start over at 0
        if (skip_line_) {
            bytes_dropped_ += end_ - scan_;
            remember_tail(scan_, end_);
        }
        begin_ = scan_ = search_ = end_;
        if (begin_ == end_)
            begin_ = scan_ = search_ = end_ = 0;
    }

    result finish(std::size_t next_line, message& out) {
        const std::size_t size = next_line - msg_start_;
        out.assign_parsed(data_.get() + msg_start_, size, headers_.data(), headers_.size(),
                          lines_.data(), lines_.size());
        out.kind_ = kind_;
        out.action_id_at_ = action_id_index_ == npos ? message::no_action_id
                                                     : static_cast<std::uint32_t>(action_id_index_);
        state_ = state::start;
        begin_ = next_line;
        if (scan_ < next_line)
            scan_ = search_ = next_line;
        return result::produced;
    }

    void reserve(std::size_t n) {
        // Keep only what is still needed: the message under construction, or nothing.
        const std::size_t keep = in_message() ? msg_start_ : begin_;
        if (capacity_ - end_ >= n)
            return;
        const std::size_t live = end_ - keep;
        if (keep > 0 && capacity_ - live >= n && live <= capacity_ / 2) {
            std::memmove(data_.get(), data_.get() + keep, live);
            shift(keep);
            return;
        }
        std::size_t cap = std::max<std::size_t>(capacity_ * 2, 16 * 1024);
        while (cap < live + n)
            cap *= 2;
        std::unique_ptr<char[]> fresh(new char[cap + detail::scan_padding]);
        if (live != 0)
            std::memcpy(fresh.get(), data_.get() + keep, live);
        data_ = std::move(fresh);
        capacity_ = cap;
        shift(keep);
    }

    void shift(std::size_t by) noexcept {
        carried_at_ = npos; // the bytes moved
        end_ -= by;
        scan_ -= by;
        search_ -= by;
        begin_ = begin_ >= by ? begin_ - by : 0;
        msg_start_ = msg_start_ >= by ? msg_start_ - by : 0;
    }

    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

private:
    parser_options options_;
    std::unique_ptr<char[]> data_;
    std::size_t capacity_ = 0;
    std::size_t begin_ = 0;     // first byte still needed
    std::size_t end_ = 0;       // one past the last byte received
    std::size_t scan_ = 0;      // start of the first line not yet handled
    std::size_t search_ = 0;    // where the search for '\n' resumes
    std::size_t msg_start_ = 0; // first byte of the message under construction
    std::size_t action_id_index_ = npos;
    std::size_t bytes_dropped_ = 0;
    state state_ = state::start;
    message_kind kind_ = message_kind::unknown;
    bool skip_line_ = false;
    bool skip_follows_ = false;
    std::string skip_tail_;
    detail::entry_buffer<entry> headers_;
    std::vector<entry> lines_;
    // The masks the fast path had left when a message ended, and where they start.
    detail::window_masks carried_{};
    std::size_t carried_at_ = npos;
#if defined(AMICPP_DETAIL_AVX2_DISPATCH)
    bool use_avx2_ = detail::use_avx2; // asked once: a parser's output never depends on it
#endif
    std::optional<server_version> version_;
    dropped_message dropped_;
};

} // namespace amicpp

#endif // AMICPP_PARSER_HPP
