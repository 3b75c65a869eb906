// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_LIST_RESULT_HPP
#define AMICPP_LIST_RESULT_HPP

/// @file
/// @brief `amicpp::list_result<Item>`: the result of an event-list action.

#include <amicpp/message.hpp>
#include <amicpp/reply.hpp>

#include <vector>

namespace amicpp {

/// @brief An event list: the acknowledgement, the items (as `Item`, built from each item event)
/// and the Complete event (its `ListItems` was checked against the items).
template <class Item = message>
struct list_result {
    message response;        ///< `Response: Success`, `EventList: start`
    std::vector<Item> items; ///< in arrival order
    message complete;        ///< the `...Complete` event

    /// @brief Builds the result from a reply, converting each item with `Item(message)`.
    static list_result from_reply(reply&& r) {
        list_result out;
        out.response = std::move(r.response);
        out.items.reserve(r.items.size());
        for (message& m : r.items)
            out.items.emplace_back(std::move(m));
        out.complete = std::move(r.final_event);
        return out;
    }
};

} // namespace amicpp

#endif // AMICPP_LIST_RESULT_HPP
