// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
//
// example-futures: connect, Ping, a Command, the Status list and one event, with
// amicpp::client: it runs its own I/O thread, so plain blocking code just works; send()
// returns a std::future, and get() throws amicpp::action_error (with the server's text).
// Try: example-futures --demo

#include "common/demo_pbx.hpp"
#include "common/options.hpp"
#include "common/report.hpp"

#include <amicpp/actions/command.hpp>
#include <amicpp/actions/ping.hpp>
#include <amicpp/actions/status.hpp>
#include <amicpp/client.hpp>

#include <chrono>
#include <iostream>

int main(int argc, char** argv) {
    examples::option_parser parser("example-futures", "", "amicpp::client, with futures.");
    examples::options o = parser.parse(argc, argv);
    const auto demo = examples::start_demo_if_asked(o); // --demo: a simulated Asterisk

    amicpp::client ami;
    try {
        const amicpp::message hello = ami.connect(o.host, o.port, o.login); // blocks
        std::cout << "logged in: " << hello.message_text() << '\n';
    } catch (const amicpp::action_error& e) {
        return examples::connect_failed(parser.program(), o, e.code(), e.response());
    }

    try {
        // Three actions in flight at once; each future gets its own reply (by ActionID).
        auto pong = ami.send(amicpp::actions::ping{});
        auto uptime = ami.send(amicpp::actions::command{"core show uptime"});
        auto channels = ami.send(amicpp::actions::status{});

        std::cout << "Ping: " << pong.get().response.get("Ping") << '\n';
        for (const std::string& line : uptime.get().output)
            std::cout << "| " << line << '\n';
        for (const amicpp::message& ch : channels.get().items)
            std::cout << "channel " << ch.get("Channel") << " (" << ch.get("ChannelStateDesc")
                      << ")\n";
    } catch (const amicpp::action_error& e) {
        std::cerr << parser.program() << ": " << e.what() << '\n'; // names the server's text
        return examples::exit_action_failed;
    }

    // Events queue up in the client; take the first, waiting at most 5 seconds for it.
    if (const auto event = ami.next_event(std::chrono::seconds(5)))
        std::cout << "first event: " << event->event_name() << '\n';
    ami.close(); // Logoff, then close
    return examples::exit_ok;
}
