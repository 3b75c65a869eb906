// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_MESSAGE_HPP
#define AMICPP_MESSAGE_HPP

/// @file
/// @brief `amicpp::message`: one AMI block (action, response, event, raw output, banner).

#include <amicpp/detail/ascii.hpp>
#include <amicpp/detail/message_memory.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace amicpp {

class parser;

/// @brief What a block is, decided by its first line.
enum class message_kind : std::uint8_t {
    action,   ///< starts with `Action:` (what a client sends)
    response, ///< starts with `Response:`, including legacy `Response: Follows` command output
    event,    ///< starts with `Event:`
    raw,      ///< lines that are not headers: unframed output such as IAXnetstats or Queues
    banner,   ///< the server's greeting line, `Asterisk Call Manager/<version>`
    unknown,  ///< a header block whose first key is none of the above
};

/// @brief One `Key: Value` pair; both views point into the owning message.
struct header {
    std::string_view key; ///< as received, case preserved
    /// Bytes, not decoded. As parsed: leading blanks skipped, trailing ones kept; for `Output`
    /// (Command output) only the protocol's one space after the colon is skipped.
    std::string_view value;
};

/// @brief One AMI block: headers in arrival order (repeated keys kept), plus the raw lines of
/// legacy or unframed output.
///
/// Keys are looked up ignoring ASCII case and the first match wins, as Asterisk does. Values are
/// bytes: never decoded or validated as UTF-8. The views a message hands out stay valid until the
/// message is modified or destroyed; copies and moves keep their own storage.
///
/// Storage is one heap block holding the headers' offsets and then their bytes, so a parsed
/// message costs one allocation whatever its number of headers (none when an object with room
/// enough is reused).
///
/// Thread safety: distinct objects are independent; one object may be read from many threads.
class message {
    struct entry {
        std::uint32_t key_offset;
        std::uint32_t key_size;
        std::uint32_t value_offset;
        std::uint32_t value_size;
    };

public:
    /// @brief Iterates the headers in arrival order, yielding `amicpp::header`.
    class header_iterator {
    public:
        using iterator_category = std::random_access_iterator_tag; ///< random access
        using value_type = header;                                 ///< a key and a value
        using difference_type = std::ptrdiff_t; ///< distance between two positions
        using pointer = void;                   ///< none: headers are made on the fly
        using reference = header;               ///< a header by value

        header_iterator() = default;
        /// @brief The header here.
        header operator*() const { return msg_->header_at(index_); }
        /// @brief The header `n` places further.
        header operator[](difference_type n) const {
            return msg_->header_at(index_ + static_cast<std::size_t>(n));
        }
        /// @brief Moves to the next header.
        header_iterator& operator++() {
            ++index_;
            return *this;
        }
        /// @brief Moves to the next header, returning the old position.
        header_iterator operator++(int) {
            auto copy = *this;
            ++index_;
            return copy;
        }
        /// @brief Moves to the previous header.
        header_iterator& operator--() {
            --index_;
            return *this;
        }
        /// @brief Moves `n` headers on.
        header_iterator& operator+=(difference_type n) {
            index_ = static_cast<std::size_t>(static_cast<difference_type>(index_) + n);
            return *this;
        }
        friend header_iterator operator+(header_iterator it, difference_type n) { return it += n; }
        friend difference_type operator-(const header_iterator& a, const header_iterator& b) {
            return static_cast<difference_type>(a.index_) - static_cast<difference_type>(b.index_);
        }
        friend bool operator==(const header_iterator& a, const header_iterator& b) {
            return a.index_ == b.index_;
        }
        friend bool operator!=(const header_iterator& a, const header_iterator& b) {
            return a.index_ != b.index_;
        }

    private:
        friend class message;
        header_iterator(const message* m, std::size_t i) : msg_(m), index_(i) {}
        const message* msg_ = nullptr;
        std::size_t index_ = 0;
    };

    /// @brief The values of every header with one key, in order, without allocating.
    class value_range {
    public:
        /// @brief Walks the values of one key.
        class iterator {
        public:
            using iterator_category = std::forward_iterator_tag; ///< forward only
            using value_type = std::string_view;                 ///< one value
            using difference_type = std::ptrdiff_t;              ///< distance between two positions
            using pointer = void;               ///< none: views are made on the fly
            using reference = std::string_view; ///< a value by view

            iterator() = default;
            /// @brief The value here.
            std::string_view operator*() const { return range_->msg_->header_at(index_).value; }
            /// @brief Moves to the next value of the key.
            iterator& operator++() {
                index_ = range_->msg_->find_index(range_->key_, index_ + 1);
                return *this;
            }
            /// @brief Moves on, returning the old position.
            iterator operator++(int) {
                auto copy = *this;
                ++*this;
                return copy;
            }
            friend bool operator==(const iterator& a, const iterator& b) {
                return a.index_ == b.index_;
            }
            friend bool operator!=(const iterator& a, const iterator& b) {
                return a.index_ != b.index_;
            }

        private:
            friend class value_range;
            iterator(const value_range* r, std::size_t i) : range_(r), index_(i) {}
            const value_range* range_ = nullptr;
            std::size_t index_ = 0;
        };

        /// @brief The first value.
        iterator begin() const { return {this, msg_->find_index(key_, 0)}; }
        /// @brief Past the last value.
        iterator end() const { return {this, msg_->header_count()}; }
        /// @brief True when the key is absent.
        bool empty() const { return begin() == end(); }

    private:
        friend class message;
        value_range(const message* m, std::string_view key) : msg_(m), key_(key) {}
        const message* msg_;
        std::string_view key_;
    };

    /// @brief An empty message of kind `unknown`.
    message() = default;

    /// @brief An empty message of the given kind, to be filled with `add`.
    explicit message(message_kind kind) : kind_(kind), action_id_at_(no_action_id) {}

    /// @brief A copy with storage of its own, just large enough.
    message(const message& other)
        : header_count_(other.header_count_), kind_(other.kind_),
          action_id_at_(other.action_id_at_) {
        if (other.entry_count_ == 0 && other.byte_size_ == 0)
            return;
        reallocate(other.entry_count_, other.byte_size_);
        copy_contents(other);
    }

    /// @brief Takes the other's storage; it is left empty.
    message(message&& other) noexcept
        : block_(std::exchange(other.block_, nullptr)),
          entry_count_(std::exchange(other.entry_count_, 0)),
          entry_capacity_(std::exchange(other.entry_capacity_, 0)),
          byte_size_(std::exchange(other.byte_size_, 0)),
          byte_capacity_(std::exchange(other.byte_capacity_, 0)),
          header_count_(std::exchange(other.header_count_, 0)),
          kind_(std::exchange(other.kind_, message_kind::unknown)),
          action_id_at_(std::exchange(other.action_id_at_, action_id_unknown)) {}

    /// @brief Copies the other's contents, reusing this storage when it has room.
    message& operator=(const message& other) {
        if (this == &other)
            return *this;
        if (other.entry_count_ > entry_capacity_ || other.byte_size_ > byte_capacity_) {
            release();
            reallocate(other.entry_count_, other.byte_size_);
        }
        copy_contents(other);
        header_count_ = other.header_count_;
        kind_ = other.kind_;
        action_id_at_ = other.action_id_at_;
        return *this;
    }

    /// @brief Takes the other's storage; it is left empty.
    message& operator=(message&& other) noexcept {
        if (this != &other) {
            release();
            block_ = std::exchange(other.block_, nullptr);
            entry_count_ = std::exchange(other.entry_count_, 0);
            entry_capacity_ = std::exchange(other.entry_capacity_, 0);
            byte_size_ = std::exchange(other.byte_size_, 0);
            byte_capacity_ = std::exchange(other.byte_capacity_, 0);
            header_count_ = std::exchange(other.header_count_, 0);
            kind_ = std::exchange(other.kind_, message_kind::unknown);
            action_id_at_ = std::exchange(other.action_id_at_, action_id_unknown);
        }
        return *this;
    }

    ~message() {
        if (block_ != nullptr) // moved-from and empty messages are most: no call for them
            release();
    }

    /// @brief A new action whose first header is `Action: <name>`.
    static message action(std::string_view name) {
        message m(message_kind::action);
        m.reserve(6, 64); // a typical action fits: one allocation, no regrowth
        m.add("Action", name);
        return m;
    }

    /// @brief A new event whose first header is `Event: <name>` (for servers and tests).
    static message event(std::string_view name) {
        message m(message_kind::event);
        m.add("Event", name);
        return m;
    }

    /// @brief A new response whose first header is `Response: <status>` (for servers and tests).
    static message response(std::string_view status) {
        message m(message_kind::response);
        m.add("Response", status);
        return m;
    }

    /// @brief What the block is.
    message_kind kind() const noexcept { return kind_; }

    // ---- headers -------------------------------------------------------------------------

    /// @brief Number of headers (raw lines not included).
    std::size_t header_count() const noexcept { return header_count_; }

    /// @brief True when there are neither headers nor raw lines.
    bool empty() const noexcept { return entry_count_ == 0; }

    /// @brief Header number `i` in arrival order; `i < header_count()`.
    header header_at(std::size_t i) const noexcept {
        const entry& e = entries()[i];
        return {view(e.key_offset, e.key_size), view(e.value_offset, e.value_size)};
    }

    /// @brief The first header.
    header_iterator begin() const noexcept { return {this, 0}; }
    /// @brief Past the last header.
    header_iterator end() const noexcept { return {this, header_count_}; }

    /// @brief The first value of `key` (ASCII case ignored), or nothing.
    std::optional<std::string_view> find(std::string_view key) const noexcept {
        const std::size_t i = find_index(key, 0);
        if (i == header_count_)
            return std::nullopt;
        return header_at(i).value;
    }

    /// @brief The first value of `key`, or `fallback` when there is none.
    std::string_view get(std::string_view key, std::string_view fallback = {}) const noexcept {
        const std::size_t i = find_index(key, 0);
        return i == header_count_ ? fallback : header_at(i).value;
    }

    /// @brief The first value of `key`; throws `std::out_of_range` naming the key if absent.
    std::string_view at(std::string_view key) const {
        const std::size_t i = find_index(key, 0);
        if (i == header_count_)
            throw std::out_of_range("amicpp::message: no header '" + std::string(key) + "'");
        return header_at(i).value;
    }

    /// @brief True when a header `key` exists.
    bool contains(std::string_view key) const noexcept {
        return find_index(key, 0) != header_count_;
    }

    /// @brief Number of headers named `key`.
    std::size_t count(std::string_view key) const noexcept {
        std::size_t n = 0;
        for (std::size_t i = find_index(key, 0); i != header_count_; i = find_index(key, i + 1))
            ++n;
        return n;
    }

    /// @brief Every value of `key` in order, as a range that does not allocate.
    value_range values(std::string_view key) const noexcept { return {this, key}; }

    /// @brief Every value of `key` in order, copied into a vector of views.
    std::vector<std::string_view> all(std::string_view key) const {
        std::vector<std::string_view> out;
        for (std::string_view v : values(key))
            out.push_back(v);
        return out;
    }

    // ---- raw lines -----------------------------------------------------------------------

    /// @brief Number of raw lines: legacy `Response: Follows` output, unframed output, banner.
    std::size_t line_count() const noexcept { return entry_count_ - header_count_; }

    /// @brief Raw line number `i`, without its line terminator.
    std::string_view line_at(std::size_t i) const noexcept {
        const entry& e = entries()[header_count_ + i];
        return view(e.value_offset, e.value_size);
    }

    /// @brief The raw lines, copied into a vector of views.
    std::vector<std::string_view> lines() const {
        std::vector<std::string_view> out;
        out.reserve(line_count());
        for (std::size_t i = 0; i < line_count(); ++i)
            out.push_back(line_at(i));
        return out;
    }

    /// @brief The output of a `Command` in either format: the raw lines of a legacy
    /// `Response: Follows` reply (Asterisk up to 13), or the `Output:` headers (14 and later).
    /// Either way the lines are the CLI's text byte for byte: indentation and trailing blanks.
    std::vector<std::string_view> command_output() const {
        return line_count() != 0 ? lines() : all("Output");
    }

    // ---- what users ask of a message -----------------------------------------------------

    /// @brief `Action` value (empty when absent).
    std::string_view action_name() const noexcept { return first_or_get("action"); }
    /// @brief `Event` value (empty when absent).
    std::string_view event_name() const noexcept { return first_or_get("event"); }
    /// @brief `Response` value: Success, Error, Goodbye, Follows (empty when absent).
    std::string_view response_status() const noexcept { return first_or_get("response"); }
    /// @brief `ActionID` value (empty when absent).
    std::string_view action_id() const noexcept {
        if (action_id_at_ == no_action_id)
            return {};
        if (action_id_at_ < header_count_) { // found by the parser
            const entry& e = entries()[action_id_at_];
            return view(e.value_offset, e.value_size);
        }
        return get("ActionID");
    }
    /// @brief `Message` value: the server's explanation (empty when absent).
    std::string_view message_text() const noexcept { return get("Message"); }
    /// @brief `EventList` value: start, Complete, cancelled (empty when absent).
    std::string_view event_list() const noexcept { return get("EventList"); }

    /// @brief A response that is not an error: Success, Follows (legacy command output) or
    /// Goodbye (the answer to Logoff).
    bool is_success() const noexcept {
        if (kind_ != message_kind::response)
            return false;
        const std::string_view r = response_status();
        return detail::iequals(r, "Success") || detail::iequals(r, "Follows") ||
               detail::iequals(r, "Goodbye");
    }

    /// @brief A response with `Response: Error`.
    bool is_error() const noexcept {
        return kind_ == message_kind::response && detail::iequals(response_status(), "Error");
    }

    /// @brief `EventList: start` (any case: FAXSessions sends `Start`).
    bool is_list_start() const noexcept { return detail::iequals(event_list(), "start"); }
    /// @brief `EventList: Complete`.
    bool is_list_complete() const noexcept { return detail::iequals(event_list(), "Complete"); }
    /// @brief `EventList: cancelled`.
    bool is_list_cancelled() const noexcept { return detail::iequals(event_list(), "cancelled"); }

    /// @brief True for an event whose name equals `name`, ignoring ASCII case.
    bool is_event(std::string_view name) const noexcept {
        return kind_ == message_kind::event && detail::iequals(event_name(), name);
    }

    // ---- building ------------------------------------------------------------------------

    /// @brief Appends a header, keeping any with the same key (for repeated keys such as
    /// `Variable`). Checked only when the message is serialized.
    message& add(std::string_view key, std::string_view value) {
        // An added header goes after every other: the first ActionID stays where it was known
        // to be, or is this one (a built action's ActionID is then found without a search).
        const bool first_action_id =
            action_id_at_ == no_action_id && detail::equals_letters(key, "actionid");
        reserve_keeping(entry_count_ + 1, byte_size_ + key.size() + value.size(), key, value);
        entry e{};
        e.key_offset = append(key);
        e.key_size = static_cast<std::uint32_t>(key.size());
        e.value_offset = append(value);
        e.value_size = static_cast<std::uint32_t>(value.size());
        entry* const all = entries();
        // Headers come before raw lines: move the lines up by one (an action has none).
        if (entry_count_ != header_count_)
            std::memmove(all + header_count_ + 1, all + header_count_,
                         (entry_count_ - header_count_) * sizeof(entry));
        all[header_count_] = e;
        if (first_action_id)
            action_id_at_ = static_cast<std::uint32_t>(header_count_);
        ++entry_count_;
        ++header_count_;
        return *this;
    }

    /// @brief Replaces every header `key` by one with `value` (added at the end if none).
    message& set(std::string_view key, std::string_view value) {
        const std::size_t first = find_index(key, 0);
        if (first == header_count_)
            return add(key, value); // which keeps the ActionID's place known
        action_id_at_ = action_id_unknown;
        // Keep the first one's place; drop later duplicates.
        reserve_keeping(entry_count_, byte_size_ + value.size(), key, value);
        const std::uint32_t offset = append(value);
        entry& e = entries()[first];
        e.value_offset = offset;
        e.value_size = static_cast<std::uint32_t>(value.size());
        erase_from(key, first + 1);
        return *this;
    }

    /// @brief Removes every header `key`; returns how many were removed.
    std::size_t erase(std::string_view key) {
        action_id_at_ = action_id_unknown;
        return erase_from(key, 0);
    }

    /// @brief Appends a raw line (for raw output and tests).
    message& add_line(std::string_view line) {
        reserve_keeping(entry_count_ + 1, byte_size_ + line.size(), line, line); // one view
        entry e{};
        e.value_offset = append(line);
        e.value_size = static_cast<std::uint32_t>(line.size());
        entries()[entry_count_++] = e;
        return *this;
    }

    /// @brief Bytes held by the message, for memory accounting.
    std::size_t storage_size() const noexcept {
        return block_size(entry_capacity_, byte_capacity_);
    }

    friend bool operator==(const message& a, const message& b) noexcept {
        if (a.kind_ != b.kind_ || a.header_count_ != b.header_count_ ||
            a.entry_count_ != b.entry_count_)
            return false;
        for (std::size_t i = 0; i < a.header_count_; ++i) {
            const header x = a.header_at(i), y = b.header_at(i);
            if (x.key != y.key || x.value != y.value)
                return false;
        }
        for (std::size_t i = 0; i < a.line_count(); ++i) {
            if (a.line_at(i) != b.line_at(i))
                return false;
        }
        return true;
    }
    friend bool operator!=(const message& a, const message& b) noexcept { return !(a == b); }

private:
    friend class parser;

    // ---- storage: [entry_capacity_ entries][byte_capacity_ bytes], one allocation ----------

    static std::size_t block_size(std::size_t entry_capacity, std::size_t byte_capacity) noexcept {
        return entry_capacity * sizeof(entry) + byte_capacity;
    }
    entry* entries() const noexcept { return reinterpret_cast<entry*>(block_); }
    char* bytes() const noexcept {
        return block_ + static_cast<std::size_t>(entry_capacity_) * sizeof(entry);
    }

    std::string_view view(std::uint32_t offset, std::uint32_t size) const noexcept {
        if (size == 0) // a valid pointer still: callers may pass it on (memcpy, say)
            return std::string_view("", 0);
        return std::string_view(bytes() + offset, size);
    }

    bool has_room(std::size_t entry_count, std::size_t byte_size) const noexcept {
        return entry_count <= entry_capacity_ && byte_size <= byte_capacity_;
    }

    // Room for `entry_count` entries and `byte_size` bytes, the contents kept. Grows by half
    // again at least, so that adding headers one by one stays linear.
    void reserve(std::size_t entry_count, std::size_t byte_size) {
        if (has_room(entry_count, byte_size))
            return;
        if (byte_size > 0xfffffff0u || entry_count > 0xfffffff0u / sizeof(entry))
            throw std::length_error("amicpp::message: too large");
        const std::size_t entry_goal = grown_capacity(entry_capacity_, entry_count);
        const std::size_t byte_goal = grown_capacity(byte_capacity_, byte_size);
        message grown;
        grown.reallocate(entry_goal, byte_goal);
        grown.copy_contents(*this);
        std::swap(block_, grown.block_);
        std::swap(entry_capacity_, grown.entry_capacity_);
        std::swap(byte_capacity_, grown.byte_capacity_);
    }

    // reserve() for an edit whose arguments may be views into this message's own bytes
    // (`m.add("B", m.get("A"))`): growth frees those bytes, so such views are moved to the new
    // ones.
    void reserve_keeping(std::size_t entry_count, std::size_t byte_size, std::string_view& a,
                         std::string_view& b) {
        if (has_room(entry_count, byte_size))
            return;
        const std::size_t a_at = own_offset(a), b_at = own_offset(b);
        reserve(entry_count, byte_size);
        if (a_at != not_own)
            a = std::string_view(bytes() + a_at, a.size());
        if (b_at != not_own)
            b = std::string_view(bytes() + b_at, b.size());
    }

    // Where `s` starts within this message's bytes, or not_own. Compared as integers: `<` on
    // pointers into different objects is unspecified.
    static constexpr std::size_t not_own = static_cast<std::size_t>(-1);
    std::size_t own_offset(std::string_view s) const noexcept {
        if (s.empty() || block_ == nullptr)
            return not_own;
        const auto begin = reinterpret_cast<std::uintptr_t>(bytes());
        const auto at = reinterpret_cast<std::uintptr_t>(s.data());
        return at >= begin && at - begin < byte_size_ ? static_cast<std::size_t>(at - begin)
                                                      : not_own;
    }

    static std::size_t grown_capacity(std::size_t capacity, std::size_t needed) noexcept {
        if (needed <= capacity)
            return capacity;
        const std::size_t half_again = capacity + capacity / 2;
        return needed > half_again ? needed : half_again;
    }

    // A fresh block with at least these capacities (the old one must be released already); the
    // rest of its size class is room for more bytes.
    void reallocate(std::size_t entry_capacity, std::size_t byte_capacity) {
        const std::size_t size = block_size(entry_capacity, byte_capacity);
        const detail::message_block block = detail::allocate_message_block(size);
        block_ = static_cast<char*>(block.data);
        entry_capacity_ = static_cast<std::uint32_t>(entry_capacity);
        byte_capacity_ = static_cast<std::uint32_t>(byte_capacity + block.size - size);
    }

    // The other's entries and bytes, into storage with room for them.
    void copy_contents(const message& other) noexcept {
        if (other.entry_count_ != 0)
            std::memcpy(entries(), other.entries(), other.entry_count_ * sizeof(entry));
        if (other.byte_size_ != 0)
            std::memcpy(bytes(), other.bytes(), other.byte_size_);
        entry_count_ = other.entry_count_;
        byte_size_ = other.byte_size_;
    }

    void release() noexcept {
        if (block_ != nullptr)
            detail::free_message_block(block_, block_size(entry_capacity_, byte_capacity_));
        block_ = nullptr;
        entry_count_ = entry_capacity_ = byte_size_ = byte_capacity_ = 0;
    }

    // Copies s into the bytes (room must have been reserved); returns where it starts.
    std::uint32_t append(std::string_view s) noexcept {
        const std::uint32_t offset = byte_size_;
        if (!s.empty())
            std::memcpy(bytes() + offset, s.data(), s.size());
        byte_size_ += static_cast<std::uint32_t>(s.size());
        return offset;
    }

    // Takes a parsed block: `size` bytes, then the headers' and the raw lines' offsets into
    // them. Reuses this storage when it has room (a parser's caller recycling one message).
    void assign_parsed(const char* data, std::size_t size, const entry* headers,
                       std::size_t header_count, const entry* lines, std::size_t line_count) {
        const std::size_t count = header_count + line_count;
        if (count > entry_capacity_ || size > byte_capacity_) {
            if (size > 0xfffffff0u || count > 0xfffffff0u / sizeof(entry))
                throw std::length_error("amicpp::message: too large");
            release();
            reallocate(count, size);
        }
        if (header_count != 0)
            std::memcpy(entries(), headers, header_count * sizeof(entry));
        if (line_count != 0)
            std::memcpy(entries() + header_count, lines, line_count * sizeof(entry));
        if (size != 0)
            std::memcpy(bytes(), data, size);
        entry_count_ = static_cast<std::uint32_t>(count);
        byte_size_ = static_cast<std::uint32_t>(size);
        header_count_ = header_count;
    }

    // The value of the key `lower` (any case) when the first header has it, as every event's
    // `Event`, every response's `Response` and every action's `Action` is (a few fixed loads,
    // no search); else the search, get.
    template <std::size_t N>
    std::string_view first_or_get(const char (&lower)[N]) const noexcept {
        if (header_count_ != 0) {
            const entry& e = entries()[0];
            if (detail::equals_letters(view(e.key_offset, e.key_size), lower))
                return view(e.value_offset, e.value_size);
        }
        return get(std::string_view(lower, N - 1));
    }

    std::size_t find_index(std::string_view key, std::size_t from) const noexcept {
        for (std::size_t i = from; i < header_count_; ++i) {
            const entry& e = entries()[i];
            if (e.key_size == key.size() &&
                detail::iequals_keys(bytes() + e.key_offset, key.data(), key.size()))
                return i;
        }
        return header_count_;
    }

    std::size_t erase_from(std::string_view key, std::size_t from) {
        std::size_t removed = 0;
        for (std::size_t i = find_index(key, from); i != header_count_; i = find_index(key, i)) {
            entry* const all = entries();
            std::memmove(all + i, all + i + 1, (entry_count_ - i - 1) * sizeof(entry));
            --entry_count_;
            --header_count_;
            ++removed;
        }
        return removed;
    }

    char* block_ = nullptr; // owned: detail::allocate_message_block
    std::uint32_t entry_count_ = 0;
    std::uint32_t entry_capacity_ = 0;
    std::uint32_t byte_size_ = 0;
    std::uint32_t byte_capacity_ = 0;
    std::size_t header_count_ = 0;
    message_kind kind_ = message_kind::unknown;
    // Where the parser found the first ActionID (every response and most list items are looked
    // up by it): an index into the entries, none, or unknown (then searched). Any edit makes it
    // unknown.
    static constexpr std::uint32_t action_id_unknown = 0xffffffffu;
    static constexpr std::uint32_t no_action_id = 0xfffffffeu;
    std::uint32_t action_id_at_ = action_id_unknown;
};

/// @brief A readable name for a kind ("action", "response", ...).
inline const char* to_string(message_kind kind) noexcept {
    switch (kind) {
    case message_kind::action:
        return "action";
    case message_kind::response:
        return "response";
    case message_kind::event:
        return "event";
    case message_kind::raw:
        return "raw";
    case message_kind::banner:
        return "banner";
    case message_kind::unknown:
        break;
    }
    return "unknown";
}

} // namespace amicpp

#endif // AMICPP_MESSAGE_HPP
