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
#include <type_traits>
#include <utility>
#include <vector>

namespace amicpp::events {

namespace detail {

template <class C, class = void>
struct has_subscribe : std::false_type {};
template <class C>
struct has_subscribe<C, std::void_t<decltype(std::declval<C&>().subscribe(
                            std::vector<std::string>{}, std::function<void(const message&)>{}))>>
    : std::true_type {};

} // namespace detail

/// @brief Calls `callback(E{msg})` for every event named `E::ami_name` (ASCII case ignored),
/// for each of the view types `Events...`, until the returned handle is destroyed.
///
/// `conn` is a `basic_connection` (anything with its `subscribe(names, callback)`), or, for one
/// view type, an `amicpp::client` (`on_event(name, callback)`). The view is valid during the
/// call only: copy what you keep. With several types, `callback` must accept each view (an
/// overload set or a generic lambda); it runs where the connection runs its callbacks.
///
/// @code
/// auto sub = amicpp::events::subscribe<amicpp::events::hangup>(
///     conn, [](const amicpp::events::hangup& h) { log(h.channel(), h.cause().value_or(0)); });
/// @endcode
template <class... Events, class Connection, class Callback>
subscription subscribe(Connection& conn, Callback callback) {
    static_assert(sizeof...(Events) > 0, "name at least one event view type");
    std::function<void(const message&)> dispatch(
        [cb = std::move(callback)](const message& m) mutable {
            // The first type whose name matches gets the event.
            (void)((m.is_event(Events::ami_name) ? (cb(Events{m}), true) : false) || ...);
        });
    if constexpr (detail::has_subscribe<Connection>::value) {
        return conn.subscribe(std::vector<std::string>{std::string(Events::ami_name)...},
                              std::move(dispatch));
    } else {
        static_assert(sizeof...(Events) == 1,
                      "this connection type subscribes to one event name at a time");
        return conn.on_event(std::string(Events::ami_name...), std::move(dispatch));
    }
}

} // namespace amicpp::events

#endif // AMICPP_EVENTS_SUBSCRIBE_HPP
