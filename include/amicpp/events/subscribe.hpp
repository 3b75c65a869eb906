// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_EVENTS_SUBSCRIBE_HPP
#define AMICPP_EVENTS_SUBSCRIBE_HPP

/// @file
/// @brief `amicpp::events::subscribe<E...>(conn, callback)` and `subscribe(conn, handler...)`:
/// subscriptions that deliver typed event views.

#include <amicpp/message.hpp>
#include <amicpp/subscription.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <tuple>
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

template <class C, class = void>
struct has_get_connection : std::false_type {};
template <class C>
struct has_get_connection<C, std::void_t<decltype(std::declval<C&>().get_connection())>>
    : std::true_type {};

// Registers `dispatch` for `names` on a basic_connection, or on the connection of anything that
// has one (amicpp::client).
template <class Connection>
subscription subscribe_names(Connection& conn, std::vector<std::string> names,
                             std::function<void(const message&)> dispatch) {
    if constexpr (has_subscribe<Connection>::value) {
        return conn.subscribe(std::move(names), std::move(dispatch));
    } else {
        static_assert(has_get_connection<Connection>::value,
                      "subscribe needs a basic_connection or something with get_connection()");
        return conn.get_connection().subscribe(std::move(names), std::move(dispatch));
    }
}

// The parameter of a callable that takes one argument, without reference and const; `void`
// for anything else (a generic lambda, several parameters).
template <class F, class = void>
struct single_parameter {
    using type = void;
};
template <class R, class C, class A>
struct single_parameter<R (C::*)(A)> {
    using type = std::decay_t<A>;
};
template <class R, class C, class A>
struct single_parameter<R (C::*)(A) const> {
    using type = std::decay_t<A>;
};
template <class R, class C, class A>
struct single_parameter<R (C::*)(A) noexcept> {
    using type = std::decay_t<A>;
};
template <class R, class C, class A>
struct single_parameter<R (C::*)(A) const noexcept> {
    using type = std::decay_t<A>;
};
template <class R, class A>
struct single_parameter<R (*)(A)> {
    using type = std::decay_t<A>;
};
template <class R, class A>
struct single_parameter<R (*)(A) noexcept> {
    using type = std::decay_t<A>;
};
template <class F>
struct single_parameter<F, std::void_t<decltype(&F::operator())>>
    : single_parameter<decltype(&F::operator())> {};

// An event view: a type with `ami_name` that is built from a message.
template <class V, class = void>
struct is_view : std::false_type {};
template <class V>
struct is_view<V, std::void_t<decltype(std::string_view(V::ami_name)),
                              decltype(V{std::declval<const message&>()})>> : std::true_type {};

// The view a handler takes: `void(const events::hangup&)` → `events::hangup`.
template <class Handler>
using view_of = typename single_parameter<std::decay_t<Handler>>::type;

template <class Handler>
constexpr bool is_view_handler = is_view<view_of<Handler>>::value;

} // namespace detail

/// @brief Several callables as one overload set: `overloaded{[](const hangup&) {...},
/// [](const newchannel&) {...}}`, for `subscribe<hangup, newchannel>(conn, ...)`.
template <class... Fs>
struct overloaded : Fs... {
    using Fs::operator()...;
};
/// @brief Deduces `overloaded`'s callables from its initializer.
template <class... Fs>
overloaded(Fs...) -> overloaded<Fs...>;

/// @brief Calls `callback(E{msg})` for every event named `E::ami_name` (ASCII case ignored),
/// for each of the view types `Events...`, until the returned handle is destroyed.
///
/// `conn` is a `basic_connection` (anything with its `subscribe(names, callback)`) or an
/// `amicpp::client` (anything with `get_connection()`). The view is valid during the call only:
/// copy what you keep. With several types, `callback` must accept each view: an overload set
/// (`events::overloaded{...}`) or a generic lambda. It runs where the connection runs its
/// callbacks (the connection's strand, the client's I/O thread). Without explicit types, pass one
/// handler per view instead: `subscribe(conn, handler...)`.
///
/// @code
/// auto sub = amicpp::events::subscribe<amicpp::events::hangup>(
///     conn, [](const amicpp::events::hangup& h) { log(h.channel(), h.cause().value_or(0)); });
/// @endcode
template <class... Events, class Connection, class Callback,
          std::enable_if_t<(sizeof...(Events) > 0), int> = 0>
subscription subscribe(Connection& conn, Callback callback) {
    std::function<void(const message&)> dispatch(
        [cb = std::move(callback)](const message& m) mutable {
            // The first type whose name matches gets the event.
            (void)((m.is_event(Events::ami_name) ? (cb(Events{m}), true) : false) || ...);
        });
    return detail::subscribe_names(conn, {std::string(Events::ami_name)...}, std::move(dispatch));
}

/// @brief One subscription for several event types, one handler per view: each handler takes
/// one view type (`const events::hangup&`, `events::newchannel`, ...) and is called for the
/// events of that name (ASCII case ignored), until the returned handle is destroyed.
///
/// The view types are read from the handlers' parameters, so each handler must take exactly one
/// view (not a generic `auto`: use `subscribe<E...>(conn, callback)` for that). When two handlers
/// take the same view, the first one gets the event. `conn` and where the handlers run are as for
/// `subscribe<E...>`.
///
/// @code
/// auto sub = amicpp::events::subscribe(
///     conn, [](const amicpp::events::newchannel& n) { calls.add(n.uniqueid()); },
///     [](const amicpp::events::hangup& h) { calls.remove(h.uniqueid()); });
/// @endcode
template <
    class Connection, class Handler, class... Handlers,
    std::enable_if_t<detail::is_view_handler<Handler> && (detail::is_view_handler<Handlers> && ...),
                     int> = 0>
subscription subscribe(Connection& conn, Handler handler, Handlers... handlers) {
    std::function<void(const message&)> dispatch(
        [hs = std::make_tuple(std::move(handler), std::move(handlers)...)](
            const message& m) mutable {
            std::apply(
                [&m](auto&... h) {
                    // The first handler whose view's name matches gets the event.
                    (void)((m.is_event(detail::view_of<decltype(h)>::ami_name)
                                ? (h(detail::view_of<decltype(h)>{m}), true)
                                : false) ||
                           ...);
                },
                hs);
        });
    return detail::subscribe_names(conn,
                                   {std::string(detail::view_of<Handler>::ami_name),
                                    std::string(detail::view_of<Handlers>::ami_name)...},
                                   std::move(dispatch));
}

} // namespace amicpp::events

#endif // AMICPP_EVENTS_SUBSCRIBE_HPP
