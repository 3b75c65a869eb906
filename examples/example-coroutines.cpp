// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
//
// example-coroutines: connect, Ping, a Command, the Status list and one event, in a C++20
// coroutine: asio::co_spawn, and co_await on every amicpp operation. Try: example-coroutines --demo

#include "common/demo_pbx.hpp"
#include "common/options.hpp"
#include "common/report.hpp"

#include <amicpp/actions/command.hpp>
#include <amicpp/actions/ping.hpp>
#include <amicpp/actions/status.hpp>
#include <amicpp/connection.hpp>

#include <asio/co_spawn.hpp>
#include <asio/io_context.hpp>
#include <asio/use_awaitable.hpp>

#include <iostream>

// as_tuple(use_awaitable): co_await gives (error_code, result) instead of throwing, so that a
// failure still has the server's reply to show. Plain asio::use_awaitable throws instead.
#if ASIO_VERSION >= 102400
#include <asio/as_tuple.hpp>
const auto checked = asio::as_tuple(asio::use_awaitable);
#else
#include <asio/experimental/as_tuple.hpp>
const auto checked = asio::experimental::as_tuple(asio::use_awaitable);
#endif

// Note: the actions are named variables, not temporaries inside the co_await expression:
// g++ 12 destroys such temporaries twice when they own memory (a std::string...).
asio::awaitable<int> session(amicpp::connection& ami, const examples::options& o) {
    const char* program = "example-coroutines";
    auto [ec, hello] = co_await ami.async_connect(o.host, o.port, o.login, checked);
    if (ec)
        co_return examples::connect_failed(program, o, ec, hello);
    std::cout << "logged in: " << hello.message_text() << '\n';

    const amicpp::actions::ping ping;
    auto [e1, pong] = co_await ami.async_send(ping, checked);
    if (e1)
        co_return examples::action_failed(program, "Ping", e1, pong.response);
    std::cout << "Ping: " << pong.response.get("Ping") << '\n';

    const amicpp::actions::command command{"core show uptime"};
    auto [e2, uptime] = co_await ami.async_send(command, checked);
    if (e2)
        co_return examples::action_failed(program, "Command", e2, uptime.response);
    for (const std::string& line : uptime.output)
        std::cout << "| " << line << '\n';

    const amicpp::actions::status status;
    auto [e3, list] = co_await ami.async_send(status, checked);
    if (e3)
        co_return examples::action_failed(program, "Status", e3, list.response);
    for (const amicpp::message& ch : list.items)
        std::cout << "channel " << ch.get("Channel") << " (" << ch.get("ChannelStateDesc") << ")\n";

    // Events wait in the connection's buffer until taken: this is the first one.
    const amicpp::message event = co_await ami.async_receive_event(asio::use_awaitable);
    std::cout << "first event: " << event.event_name() << '\n';

    co_await ami.async_close(asio::use_awaitable); // Logoff, then close
    co_return examples::exit_ok;
}

int main(int argc, char** argv) {
    examples::option_parser parser("example-coroutines", "", "amicpp in a C++20 coroutine.");
    examples::options o = parser.parse(argc, argv);
    const auto demo = examples::start_demo_if_asked(o); // --demo: a simulated Asterisk

    asio::io_context io;
    amicpp::connection ami(io.get_executor());
    int exit_code = examples::exit_ok;
    asio::co_spawn(io, session(ami, o), [&](std::exception_ptr error, int result) {
        exit_code = error ? examples::exit_connection_failed : result; // lost meanwhile
    });
    io.run();
    return exit_code;
}
