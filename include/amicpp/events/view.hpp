// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_EVENTS_VIEW_HPP
#define AMICPP_EVENTS_VIEW_HPP

/// @file
/// @brief `amicpp::events::event_view`, the base of every typed event view, and
/// `variable_view`, the map-like view of `ChanVariable`-style headers.

#include <amicpp/detail/ascii.hpp>
#include <amicpp/events/field.hpp>
#include <amicpp/message.hpp>

#include <cstddef>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace amicpp::events {

/// @brief One `name=value` pair of a `ChanVariable`-style header.
struct variable {
    std::string_view name;  ///< before the first `=`
    std::string_view value; ///< after it (may hold more `=`)
};

/// @brief The `name=value` headers with one key (`ChanVariable`, `DestChanVariable`...) of a
/// message, as a read-only map: `vars["CDR(userfield)"]`, `vars.find("X")`, iteration in
/// arrival order. Also matches the Asterisk 11 form `ChanVariable(SIP/1-0001): name=value`.
/// Does not copy: it points into the message.
class variable_view {
public:
    /// @brief Iterates the pairs in arrival order.
    class iterator {
    public:
        using iterator_category = std::forward_iterator_tag; ///< forward only
        using value_type = variable;                         ///< a pair
        using difference_type = std::ptrdiff_t;              ///< distance
        using pointer = void;                                ///< none
        using reference = variable;                          ///< by value

        /// @brief A singular iterator.
        iterator() = default;
        /// @brief The current pair.
        variable operator*() const noexcept { return split(view_->msg_->header_at(index_).value); }
        /// @brief Moves to the next pair.
        iterator& operator++() noexcept {
            index_ = view_->next(index_ + 1);
            return *this;
        }
        /// @brief Moves to the next pair.
        iterator operator++(int) noexcept {
            iterator copy = *this;
            ++*this;
            return copy;
        }
        /// @brief Same position.
        friend bool operator==(const iterator& a, const iterator& b) noexcept {
            return a.index_ == b.index_;
        }
        /// @brief Different positions.
        friend bool operator!=(const iterator& a, const iterator& b) noexcept {
            return a.index_ != b.index_;
        }

    private:
        friend class variable_view;
        iterator(const variable_view* v, std::size_t i) noexcept : view_(v), index_(i) {}
        const variable_view* view_ = nullptr;
        std::size_t index_ = 0;
    };

    /// @brief The headers named `key` of `m`.
    variable_view(const message& m, std::string_view key) noexcept : msg_(&m), key_(key) {}
    /// @brief A view of a temporary would dangle.
    variable_view(const message&&, std::string_view) = delete;

    /// @brief First pair.
    iterator begin() const noexcept { return {this, next(0)}; }
    /// @brief Past the last pair.
    iterator end() const noexcept { return {this, msg_->header_count()}; }
    /// @brief True when there is no such header.
    bool empty() const noexcept { return begin() == end(); }
    /// @brief Number of pairs.
    std::size_t size() const noexcept {
        std::size_t n = 0;
        for (auto it = begin(); it != end(); ++it)
            ++n;
        return n;
    }

    /// @brief The value of the first variable named `name` (exact case), or nothing.
    std::optional<std::string_view> find(std::string_view name) const noexcept {
        for (const variable v : *this) {
            if (v.name == name)
                return v.value;
        }
        return std::nullopt;
    }
    /// @brief True when a variable `name` is there.
    bool contains(std::string_view name) const noexcept { return find(name).has_value(); }
    /// @brief The value of `name`, empty when absent.
    std::string_view operator[](std::string_view name) const noexcept {
        return find(name).value_or(std::string_view{});
    }
    /// @brief A copy as a `std::map` (the first value wins for repeated names).
    std::map<std::string, std::string> to_map() const {
        std::map<std::string, std::string> out;
        for (const variable v : *this)
            out.emplace(std::string(v.name), std::string(v.value));
        return out;
    }

private:
    static variable split(std::string_view text) noexcept {
        const std::size_t eq = text.find('=');
        if (eq == std::string_view::npos)
            return {text, {}};
        return {text.substr(0, eq), text.substr(eq + 1)};
    }

    bool matches(std::string_view key) const noexcept {
        if (key.size() == key_.size())
            return amicpp::detail::iequals(key, key_);
        // Asterisk 1.8 to 11: `ChanVariable(<channel>): name=value`.
        return key.size() > key_.size() + 1 && key[key_.size()] == '(' && key.back() == ')' &&
               amicpp::detail::istarts_with(key, key_);
    }

    std::size_t next(std::size_t from) const noexcept {
        const std::size_t n = msg_->header_count();
        while (from < n && !matches(msg_->header_at(from).key))
            ++from;
        return from;
    }

    const message* msg_;
    std::string_view key_;
};

/// @brief The base of every typed event view: a pointer to the message (no copy) and typed
/// access to any header. A view must not outlive its message.
///
/// A view does not check the event's name: `is<E>(m)` or `as<E>(m)` do (ignoring case).
class event_view {
public:
    /// @brief Views `m`.
    explicit event_view(const message& m) noexcept : msg_(&m) {}
    /// @brief A view of a temporary would dangle.
    explicit event_view(const message&&) = delete;

    /// @brief The message viewed.
    const message& msg() const noexcept { return *msg_; }
    /// @brief The first value of `key` (any case), empty when absent.
    std::string_view get(std::string_view key) const noexcept { return msg_->get(key); }
    /// @brief The first value of `key`, or nothing.
    std::optional<std::string_view> find(std::string_view key) const noexcept {
        return msg_->find(key);
    }
    /// @brief True when a header `key` exists.
    bool contains(std::string_view key) const noexcept { return msg_->contains(key); }
    /// @brief Header `key` converted to `T` (a number, `bool` or an enum).
    template <class T>
    field<T> as_field(std::string_view key) const noexcept {
        return field<T>::parse(msg_->get(key));
    }
    /// @brief The `name=value` headers named `key`, as a map-like view.
    variable_view variables(std::string_view key) const noexcept { return {*msg_, key}; }
    /// @brief `ActionID`: set on events that answer an action (list items, OriginateResponse).
    std::string_view action_id() const noexcept { return msg_->action_id(); }
    /// @brief `Privilege`: the event's classes (`call,all`).
    std::string_view privilege() const noexcept { return msg_->get("Privilege"); }

private:
    const message* msg_;
};

/// @brief True when `m` is an event named `E::ami_name` (ASCII case ignored).
template <class E>
bool is(const message& m) noexcept {
    return m.is_event(E::ami_name);
}

/// @brief A view `E` of `m` when `m` is such an event, nothing otherwise.
template <class E>
std::optional<E> as(const message& m) noexcept {
    if (!is<E>(m))
        return std::nullopt;
    return E{m};
}

/// @brief A view of a temporary would dangle.
template <class E>
std::optional<E> as(const message&&) = delete;

} // namespace amicpp::events

#endif // AMICPP_EVENTS_VIEW_HPP
