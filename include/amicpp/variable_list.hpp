// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_VARIABLE_LIST_HPP
#define AMICPP_VARIABLE_LIST_HPP

/// @file
/// @brief `variable_list`: channel variables an action sets, one `Variable: name=value` each.

#include <cstddef>
#include <initializer_list>
#include <iterator>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace amicpp {

/// @brief Channel variables to send with an action (Originate, MessageSend, PJSIPNotify), in
/// the order they were first set.
///
/// A name appears once: setting it again replaces its value in place. Names compare exactly
/// (Asterisk's variable names are case-sensitive). The order is kept because Asterisk applies
/// `Variable:` headers one after the other, and a later one may read an earlier one.
///
/// @code
/// amicpp::actions::originate o;
/// o.variables["CALLERID(name)"] = "Front Desk";
/// o.variables.set("TRACK", "1");
/// o.variables = {{"A", "1"}, {"B", "2"}};
/// std::map<std::string, std::string> m{{"C", "3"}};
/// o.variables = m; // any range of name/value pairs
/// @endcode
class variable_list {
public:
    using value_type = std::pair<std::string, std::string>; ///< name, value
    using container_type = std::vector<value_type>;         ///< where they are kept
    using iterator = container_type::iterator;              ///< in order of first setting
    using const_iterator = container_type::const_iterator;  ///< in order of first setting
    using size_type = std::size_t;                          ///< a count of variables

    variable_list() = default;

    /// @brief From `{{"A", "1"}, {"B", "2"}}`; a repeated name keeps its last value.
    variable_list(std::initializer_list<value_type> pairs) { assign(pairs.begin(), pairs.end()); }

    /// @brief From any range of name/value pairs (`std::map`, `std::unordered_map`, a vector
    /// of pairs, ...), in the range's order; a repeated name keeps its last value.
    template <class Pairs,
              class = std::enable_if_t<
                  !std::is_same_v<std::remove_cv_t<std::remove_reference_t<Pairs>>, variable_list>>,
              class = decltype(std::begin(std::declval<const Pairs&>())),
              class = decltype(std::string_view(std::begin(std::declval<const Pairs&>())->first)),
              class = decltype(std::string_view(std::begin(std::declval<const Pairs&>())->second))>
    variable_list(const Pairs& pairs) { // NOLINT: implicit, so that `variables = my_map` works
        assign(std::begin(pairs), std::end(pairs));
    }

    /// @brief The value of `name`, added with an empty value when not there yet.
    std::string& operator[](std::string_view name) {
        if (const auto it = find(name); it != items_.end())
            return it->second;
        return items_.emplace_back(std::string(name), std::string()).second;
    }

    /// @brief Sets `name` to `value`: in place when present, at the end otherwise.
    variable_list& set(std::string_view name, std::string_view value) {
        (*this)[name].assign(value.data(), value.size());
        return *this;
    }

    /// @brief Removes `name`; returns whether it was there.
    bool erase(std::string_view name) {
        const auto it = find(name);
        if (it == items_.end())
            return false;
        items_.erase(it);
        return true;
    }

    /// @brief The entry of `name`, or `end()`.
    iterator find(std::string_view name) noexcept {
        auto it = items_.begin();
        while (it != items_.end() && it->first != name)
            ++it;
        return it;
    }
    /// @brief The entry of `name`, or `end()`.
    const_iterator find(std::string_view name) const noexcept {
        auto it = items_.begin();
        while (it != items_.end() && it->first != name)
            ++it;
        return it;
    }
    /// @brief Whether `name` is set.
    bool contains(std::string_view name) const noexcept { return find(name) != items_.end(); }

    iterator begin() noexcept { return items_.begin(); }             ///< first set first
    iterator end() noexcept { return items_.end(); }                 ///< past the last
    const_iterator begin() const noexcept { return items_.begin(); } ///< first set first
    const_iterator end() const noexcept { return items_.end(); }     ///< past the last
    size_type size() const noexcept { return items_.size(); }        ///< how many are set
    bool empty() const noexcept { return items_.empty(); }           ///< none set
    void clear() noexcept { items_.clear(); }                        ///< removes them all

    /// @brief Same names with the same values in the same order.
    friend bool operator==(const variable_list& a, const variable_list& b) {
        return a.items_ == b.items_;
    }
    /// @brief Not `a == b`.
    friend bool operator!=(const variable_list& a, const variable_list& b) { return !(a == b); }

private:
    template <class It>
    void assign(It first, It last) {
        for (; first != last; ++first)
            set(first->first, first->second);
    }

    container_type items_;
};

} // namespace amicpp

#endif // AMICPP_VARIABLE_LIST_HPP
