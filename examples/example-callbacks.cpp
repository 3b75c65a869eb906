// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
//
// example-callbacks: connect, Ping, a Command, the Status list and one event, with completion
// callbacks on one thread running an asio::io_context. Try: example-callbacks --demo

#include "common/demo_pbx.hpp"
#include "common/options.hpp"
#include "common/report.hpp"

#include <amicpp/actions/command.hpp>
#include <amicpp/actions/ping.hpp>
#include <amicpp/actions/status.hpp>
#include <amicpp/connection.hpp>

#include <asio/io_context.hpp>

#include <iostream>

int main(int argc, char** argv) {
    examples::option_parser parser("example-callbacks", "", "amicpp with completion callbacks.");
    examples::options o = parser.parse(argc, argv);
    const auto demo = examples::start_demo_if_asked(o); // --demo: a simulated Asterisk

    asio::io_context io;
    amicpp::connection ami(io.get_executor());
    int exit_code = examples::exit_ok;
    const auto failed = [&](const char* what, std::error_code ec, const amicpp::message& reply) {
        exit_code = examples::action_failed(parser.program(), what, ec, reply);
        ami.async_close([](std::error_code) {});
    };

    // Each handler runs when its operation completes, and starts the next one.
    ami.async_connect(o.host, o.port, o.login, [&](std::error_code ec, amicpp::message hello) {
        if (ec) {
            exit_code = examples::connect_failed(parser.program(), o, ec, hello);
            return;
        }
        std::cout << "logged in: " << hello.message_text() << '\n';
        ami.async_send(amicpp::actions::ping{}, [&](std::error_code e1,
                                                    amicpp::actions::ping_result pong) {
            if (e1)
                return failed("Ping", e1, pong.response);
            std::cout << "Ping: " << pong.response.get("Ping") << '\n';
            amicpp::actions::command uptime{"core show uptime"};
            ami.async_send(uptime, [&](std::error_code e2, amicpp::actions::command_result out) {
                if (e2)
                    return failed("Command", e2, out.response);
                for (const std::string& line : out.output)
                    std::cout << "| " << line << '\n';
                ami.async_send(
                    amicpp::actions::status{}, [&](std::error_code e3, amicpp::list_result<> list) {
                        if (e3)
                            return failed("Status", e3, list.response);
                        for (const amicpp::message& ch : list.items)
                            std::cout << "channel " << ch.get("Channel") << " ("
                                      << ch.get("ChannelStateDesc") << ")\n";
                        // Events wait in the connection's buffer until taken: this is the first.
                        ami.async_receive_event([&](std::error_code e4, amicpp::message event) {
                            if (!e4)
                                std::cout << "first event: " << event.event_name() << '\n';
                            ami.async_close([](std::error_code) {}); // Logoff, then close
                        });
                    });
            });
        });
    });
    io.run(); // returns when nothing is left to do: after the Logoff
    return exit_code;
}
