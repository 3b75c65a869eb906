// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_EVENTS_SUBSCRIBE_HPP
#define AMICPP_EVENTS_SUBSCRIBE_HPP

/// @file
/// @brief `amicpp::events::subscribe<E...>(conn, callback)`: subscriptions that deliver typed
/// event views.

#include <amicpp/message.hpp>
#include <amicpp/subscription.hpp>

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace amicpp::events {

/// @brief Calls `callback(E{msg})` for every event named `E::ami_name` (ASCII case ignored),
/// for each of the view types `Events...`, until the returned handle is destroyed.
///
/// `conn` is a `basic_connection` (or anything with its `subscribe(names, callback)`). The view
/// is valid during the call only: copy what you keep. With several types, `callback` must
/// accept each view (an overload set or a generic lambda).
///
/// @code
/// auto sub = amicpp::events::subscribe<amicpp::events::hangup>(
///     conn, [](const amicpp::events::hangup& h) { log(h.channel(), h.cause().value_or(0)); });
/// @endcode
template <class... Events, class Connection, class Callback>
subscription subscribe(Connection& conn, Callback callback) {
    static_assert(sizeof...(Events) > 0, "name at least one event view type");
    std::vector<std::string> names{std::string(Events::ami_name)...};
    return conn.subscribe(
        std::move(names),
        std::function<void(const message&)>([cb = std::move(callback)](const message& m) mutable {
            // The first type whose name matches gets the event.
            (void)((m.is_event(Events::ami_name) ? (cb(Events{m}), true) : false) || ...);
        }));
}

} // namespace amicpp::events

#endif // AMICPP_EVENTS_SUBSCRIBE_HPP
