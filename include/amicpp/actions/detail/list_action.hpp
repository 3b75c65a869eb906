// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_ACTIONS_DETAIL_LIST_ACTION_HPP
#define AMICPP_ACTIONS_DETAIL_LIST_ACTION_HPP

// What the typed event-list actions share: how they end and how their result is built.

#include <amicpp/action.hpp>
#include <amicpp/list_result.hpp>
#include <amicpp/message.hpp>
#include <amicpp/reply.hpp>

#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>

namespace amicpp::detail {

// An event list ended by `complete_event`, collected even when the response does not say
// `EventList: start` (servers before Asterisk 13.2).
inline completion_spec list_completion(std::string_view complete_event) {
    completion_spec c;
    c.list = true;
    c.complete_event = std::string(complete_event);
    return c;
}

// A list of `Item`s (each built by `Item::from_event(message, ec)`) from a reply. Here, not in
// fields.hpp, so that the list actions of the umbrella (`status`) do not pull in <charconv>.
template <class Item>
list_result<Item> typed_list(reply&& r, std::error_code& ec) {
    list_result<Item> out;
    out.response = std::move(r.response);
    out.items.reserve(r.items.size());
    for (message& m : r.items)
        out.items.push_back(Item::from_event(std::move(m), ec));
    out.complete = std::move(r.final_event);
    return out;
}

// The members of a list action without headers: `Action` declares `ami_name`, `complete_event`
// and `result_type` (`list_result<Item>`); its items are `Item`s built by `Item::from_event`, or
// the messages themselves when `Item` is `message`. Actions with data members do not derive from
// it (a base would end their aggregate initialisation, `bridge_list{"basic"}`): they call
// `list_completion` and `typed_list` themselves.
template <class Action, class Item>
struct list_action {
    // The wire message.
    message to_message() const { return message::action(Action::ami_name); }

    // A list ended by `Action::complete_event`.
    completion_spec completion() const { return list_completion(Action::complete_event); }

    // Builds the result from the reply.
    static list_result<Item> make_result(reply&& r, [[maybe_unused]] std::error_code& ec) {
        static_assert(std::is_same_v<typename Action::result_type, list_result<Item>>,
                      "the result of a list action is a list_result of its items");
        if constexpr (std::is_same_v<Item, message>)
            return list_result<Item>::from_reply(std::move(r));
        else
            return typed_list<Item>(std::move(r), ec);
    }
};

} // namespace amicpp::detail

#endif // AMICPP_ACTIONS_DETAIL_LIST_ACTION_HPP
