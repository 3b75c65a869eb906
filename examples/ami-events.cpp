// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
//
// ami-events: tail the events of an Asterisk, like its console does.
//
//   ami-events --demo                        every event of the simulated PBX, one line each
//   ami-events --demo hangup newchannel      only these events (names ignore case)
//   ami-events --demo --full Hangup          every header of each event
//   ami-events --demo --json | jq .Channel   JSON Lines
//   AMI_URL=ami://admin:secret@pbx ami-events --events call --count 100
//
// Events are read one at a time with amicpp::connection::async_receive_event (see
// common/event_tail.hpp): the connection buffers them meanwhile, and when that buffer
// overflows the next read reports amicpp::error::events_lost, which is shown as a gap.

#include "common/demo_pbx.hpp"
#include "common/event_tail.hpp"
#include "common/json.hpp"
#include "common/options.hpp"
#include "common/report.hpp"
#include "common/text.hpp"

#include <amicpp/connection.hpp>

#include <asio/io_context.hpp>

#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    bool json = false, full = false;
    unsigned long count = 0, buffer = 16384;
    examples::option_parser parser(
        "ami-events", "[EVENT...]",
        "Prints Asterisk's events as they arrive: a time stamp, the event, its channel and the\n"
        "fields that matter, one line each; only the EVENTs named, if any (case ignored).\n"
        "Runs until Ctrl-C (with --demo: until the simulated PBX falls quiet).");
    parser.flag("--json", "one JSON object per event (JSON Lines), for jq", json)
        .flag("--full", "every header of each event, not a one-line summary", full)
        .number("--count", "N", "stop after N events", count)
        .number("--buffer", "N", "events buffered for a slow reader (default 16384)", buffer)
        .example("ami-events --demo")
        .example("ami-events --demo --count 5 Newchannel Hangup")
        .example("AMI_URL=ami://admin:secret@pbx.example.com ami-events --events call --json");
    examples::options o = parser.parse(argc, argv);
    if (buffer == 0)
        parser.fail("--buffer must be at least 1");
    const auto demo = examples::start_demo_if_asked(o);

    asio::io_context io;
    amicpp::connection_options settings;
    settings.event_buffer = buffer;
    amicpp::connection ami(io.get_executor(), settings);

    examples::event_tail::settings tail_settings;
    tail_settings.limit = count;
    if (demo)
        tail_settings.is_end = examples::demo_pbx::is_end_marker;
    examples::event_tail tail(ami, tail_settings);

    const auto wanted = [&o](const amicpp::message& event) {
        if (o.args.empty())
            return true;
        for (const std::string& name : o.args) {
            if (examples::iequals(name, event.event_name()))
                return true;
        }
        return false;
    };
    const auto show = [&](const amicpp::message& event) {
        if (!wanted(event))
            return false;
        if (json) {
            std::cout << examples::to_json(event) << '\n';
        } else if (full) {
            std::cout << examples::clock_time() << "  " << event.event_name() << '\n';
            examples::print_headers(std::cout, event, "    ");
            std::cout << '\n';
        } else {
            std::cout << examples::clock_time() << "  " << examples::event_summary(event) << '\n';
        }
        std::cout.flush(); // a tail is read live, often through a pipe
        return true;
    };
    // A gap is shown where it happened: in the text output, or on stderr with --json (so that
    // stdout stays pure JSON).
    const auto gap = [&](std::uint64_t dropped) {
        (json ? std::cerr : std::cout)
            << "--- gap: events were lost here (" << dropped
            << " dropped so far: they came faster than they were read); what happened meanwhile "
               "can be read again with Status or CoreShowChannels ---"
            << std::endl;
    };

    int exit_code = examples::exit_ok;
    ami.async_connect(o.host, o.port, o.login, [&](std::error_code ec, amicpp::message answer) {
        if (ec) {
            exit_code = examples::connect_failed(parser.program(), o, ec, answer);
            return;
        }
        // Status lines go to stderr, so that stdout holds nothing but events (for --json).
        std::cerr << "# " << (demo ? "simulated Asterisk at " : "") << o.where() << ", user "
                  << o.login.username << ", events: " << o.login.events
                  << (demo ? "; until the demo falls quiet" : "; Ctrl-C to stop") << '\n';
        tail.start(show, gap, [&](std::error_code lost) {
            if (lost) {
                std::cerr << parser.program() << ": connection lost: " << lost.message() << '\n';
                exit_code = examples::exit_connection_failed;
            }
        });
    });
    io.run();
    return exit_code;
}
