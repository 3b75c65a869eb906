// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
//
// click-to-call: ring a phone; once it is answered, connect it to a number.
//
//   click-to-call --demo                            two calls: one answered, one busy
//   click-to-call --demo --from PJSIP/300 --to 400
//   click-to-call --host pbx --user admin --secret s3cr3t --from PJSIP/100 --to 0612345678
//
// An asynchronous Originate: Asterisk acknowledges it at once, rings --from, and reports the
// outcome later in an OriginateResponse event; amicpp completes the Originate only then, with
// the event's Reason. Exit code: 0 when the call was answered, 1 otherwise.

#include "common/demo_pbx.hpp"
#include "common/options.hpp"
#include "common/report.hpp"
#include "common/text.hpp"

#include <amicpp/actions/originate.hpp>
#include <amicpp/connection.hpp>

#include <asio/io_context.hpp>

#include <chrono>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

namespace {

struct call_request {
    std::string from, to;
    bool expect_answer = true; // --demo: what should happen
};

} // namespace

int main(int argc, char** argv) {
    std::string from, to, context = "from-internal", caller_id;
    unsigned long timeout = 30;
    examples::option_parser parser(
        "click-to-call", "--from CHANNEL --to EXTEN",
        "Rings CHANNEL (a phone: PJSIP/100); when it is answered, dials EXTEN for it in the\n"
        "dialplan. Prints the outcome and its reason (answered, busy, no answer...).\n"
        "With --demo and no --from: one call that is answered, one that is busy.");
    parser.value("--from", "CHANNEL", "the phone to ring first, e.g. PJSIP/100", from)
        .value("--to", "EXTEN", "the number it is connected to once answered", to)
        .value("--context", "CONTEXT", "the dialplan context of EXTEN (default from-internal)",
               context)
        .number("--timeout", "SECONDS", "how long the phone may ring (default 30)", timeout)
        .value("--caller-id", "TEXT", "what the phone shows, e.g. '\"Sales\" <100>'", caller_id)
        .example("click-to-call --demo")
        .example("click-to-call --demo --from PJSIP/200 --to 400   # busy: exit code 1");
    examples::options o = parser.parse(argc, argv);
    const auto demo = examples::start_demo_if_asked(o);

    std::vector<call_request> calls;
    if (demo && from.empty() && to.empty()) {
        std::cout << "Demo: PJSIP/300 is free and answers; PJSIP/200 is on a call with PJSIP/100 "
                     "(see ami-shell --demo Status), so it is busy.\n";
        calls = {{"PJSIP/300", "400", true}, {"PJSIP/200", "400", false}};
    } else if (from.empty() || to.empty()) {
        parser.fail("both --from and --to are needed");
    } else {
        calls = {{from, to, true}};
    }
    if (timeout == 0)
        parser.fail("--timeout must be at least 1 second");

    asio::io_context io;
    amicpp::connection ami(io.get_executor());
    int exit_code = examples::exit_ok;
    std::size_t next = 0;

    // Events about the phone being rung (its channels are named "<from>-<number>").
    amicpp::subscription progress;
    const auto watch = [&](const std::string& endpoint) {
        progress = ami.subscribe_if(
            [endpoint](const amicpp::message& e) {
                return e.get("Channel").substr(0, endpoint.size() + 1) == endpoint + "-";
            },
            [](const amicpp::message& e) {
                std::cout << "  " << examples::event_summary(e) << '\n';
            });
    };

    std::function<void()> place_next = [&] {
        if (next == calls.size()) { // done: log off; then io.run() returns
            progress.unsubscribe();
            ami.async_close([](std::error_code) {});
            return;
        }
        const call_request& call = calls[next++];
        amicpp::actions::originate originate;
        originate.channel = call.from;
        originate.exten = call.to;
        originate.context = context;
        originate.priority = "1";
        originate.timeout = std::chrono::seconds(timeout);
        // What the phone shows while it rings: by default, the number it is about to call.
        originate.caller_id = caller_id.empty() ? "\"click-to-call\" <" + call.to + ">" : caller_id;
        originate.async = true; // complete with the OriginateResponse event
        std::cout << "\nRinging " << call.from << " (for up to " << timeout
                  << " s); once answered, it is connected to " << call.to << "@" << context << '\n';
        watch(call.from);
        // Ringing takes time: let the action wait longer than the phone may ring.
        amicpp::send_options patience;
        patience.timeout = std::chrono::seconds(timeout + 15);
        ami.async_send(
            originate, patience,
            [&, call](std::error_code ec, amicpp::actions::originate_result r) {
                if (ec && ec != amicpp::error::originate_failed) { // refused, timed out, ...
                    exit_code =
                        examples::action_failed(parser.program(), "Originate", ec, r.response);
                } else {
                    std::cout << amicpp::actions::to_string(r.reason) << " (Reason "
                              << r.event.get("Reason", "?") << "): ";
                    if (r.success)
                        std::cout << call.from << " answered and is connected to " << call.to
                                  << " (Uniqueid " << r.uniqueid << ")\n";
                    else
                        std::cout << call.from << " did not take the call\n";
                    if (r.success != call.expect_answer)
                        exit_code = examples::exit_action_failed;
                }
                place_next();
            });
    };

    ami.async_connect(o.host, o.port, o.login, [&](std::error_code ec, amicpp::message answer) {
        if (ec) {
            exit_code = examples::connect_failed(parser.program(), o, ec, answer);
            return;
        }
        std::cout << "Connected to " << o.where() << " as " << o.login.username << '\n';
        place_next();
    });
    io.run();
    return exit_code;
}
