// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_FUTURE_HPP
#define AMICPP_FUTURE_HPP

/// @file
/// @brief Futures for `amicpp::basic_connection`: include this header to use `send()` and
/// `get_status()`.
///
/// `<future>` brings `<thread>`, `<mutex>` and `<condition_variable>` along, which cost a
/// translation unit about a fifth of what the Asio headers of a connection cost; the connection's
/// own header leaves them out, as Asio leaves `asio::use_future` to `<asio/use_future.hpp>`.
/// `<amicpp/client.hpp>` includes this header.
///
/// @code
/// #include <amicpp/amicpp.hpp>
/// #include <amicpp/future.hpp>
///
/// amicpp::actions::ping_result pong = conn.send(amicpp::actions::ping{}).get();
/// @endcode

#include <amicpp/basic_connection.hpp>

#include <exception>
#include <future>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>

namespace amicpp::detail {

template <class A, class = void>
struct has_ami_name : std::false_type {};
template <class A>
struct has_ami_name<A, std::void_t<decltype(std::string_view(A::ami_name))>> : std::true_type {};

// The `Action:` name, for a failure's text: a typed action's constant, else read from the
// generic action's message (which it holds). A typed action's `to_message()` builds its whole
// message, and `async_send` builds it again.
template <class A>
std::string action_name_of(const A& a) {
    if constexpr (has_ami_name<A>::value)
        return std::string(A::ami_name);
    else
        return std::string(a.to_message().action_name());
}

// Runs `start(handler)` (an asynchronous operation) and blocks until the handler is called;
// returns its arguments as one `Result`. The promise is shared with the handler, not held on this
// stack frame: the waiter may return while `set_value` is still returning on the I/O thread.
template <class Result, class Start>
Result wait_for(Start&& start) {
    auto done = std::make_shared<std::promise<Result>>();
    std::future<Result> result = done->get_future();
    std::forward<Start>(start)(
        [done](auto&&... args) { done->set_value(Result{std::forward<decltype(args)>(args)...}); });
    return result.get();
}

// What basic_connection's future members defer to (declared in basic_connection.hpp).
struct future_support {
    template <class Connection, class Action>
    static std::future<typename Action::result_type> send(Connection& connection, Action action,
                                                          send_options options) {
        using result_type = typename Action::result_type;
        auto promise = std::make_shared<std::promise<result_type>>();
        auto future = promise->get_future();
        std::string name = action_name_of(action);
        connection.async_send(std::move(action), std::move(options),
                              [promise, name = std::move(name)](std::error_code ec, result_type r) {
                                  if (ec)
                                      promise->set_exception(std::make_exception_ptr(
                                          action_failure<result_type>(ec, name, std::move(r))));
                                  else
                                      promise->set_value(std::move(r));
                              });
        return future;
    }

    template <class Connection>
    static typename Connection::status get_status(const Connection& connection) {
        return wait_for<typename Connection::status>(
            [&](auto handler) { connection.async_get_status(std::move(handler)); });
    }
};

} // namespace amicpp::detail

#endif // AMICPP_FUTURE_HPP
