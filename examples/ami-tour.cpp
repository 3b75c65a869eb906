// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
//
// ami-tour: a guided tour of amicpp. Start here.
//
//   ami-tour --demo                                  against the built-in simulated Asterisk
//   ami-tour --host pbx --user admin --secret s3cr3t against yours (--call PJSIP/100 to let
//                                                    step 6 ring that phone)
//
// One amicpp::connection, driven by callbacks on one thread that runs an asio::io_context.
// Each step starts an asynchronous operation; its completion handler prints the result and
// starts the next step. Meanwhile the connection keeps reading: actions are matched to their
// replies by ActionID, and events go to whoever subscribed to them.
// (example-futures and example-coroutines show the same calls with futures and coroutines.)

#include "common/demo_pbx.hpp"
#include "common/options.hpp"
#include "common/report.hpp"
#include "common/text.hpp"

#include <amicpp/actions/command.hpp>
#include <amicpp/actions/originate.hpp>
#include <amicpp/actions/ping.hpp>
#include <amicpp/actions/status.hpp>
#include <amicpp/connection.hpp>

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

namespace {

class tour {
public:
    tour(asio::io_context& io, const examples::options& o, std::string call, std::string exten,
         std::string context)
        : ami_(io.get_executor()), watch_window_(io), o_(o), call_(std::move(call)),
          exten_(std::move(exten)), context_(std::move(context)) {}

    void start() { login(); }
    int exit_code() const { return exit_code_; }

private:
    // ---- 1. Connect and log in --------------------------------------------------------------
    void login() {
        heading(1, "Connect and log in");
        say("connecting to " + o_.where() + " as '" + o_.login.username + "', with " +
            o_.login_method());
        // One call resolves, connects, reads the banner and logs in (MD5 unless --plain).
        ami_.async_connect(
            o_.host, o_.port, o_.login, [this](std::error_code ec, amicpp::message answer) {
                if (ec) {
                    exit_code_ = examples::connect_failed("ami-tour", o_, ec, answer);
                    return; // nothing left to do: io.run() returns
                }
                say("logged in; the server said \"" + std::string(answer.message_text()) + "\"");
                version();
            });
    }

    // ---- 2. Which Asterisk? -----------------------------------------------------------------
    void version() {
        heading(2, "Which Asterisk is this?");
        // The banner's AMI version is kept by the connection; async_get_status reads it.
        ami_.async_get_status([this](amicpp::connection::status s) {
            if (s.version)
                say("AMI version " + s.version->to_string() +
                    " (from the banner, \"Asterisk Call Manager/" + s.version->to_string() + "\")");
            // amicpp::action sends any action, with any headers; its result is the whole
            // amicpp::reply. Here CoreSettings, for the Asterisk release.
            ami_.async_send(
                amicpp::action("CoreSettings"), [this](std::error_code ec, amicpp::reply r) {
                    if (!ec)
                        say("Asterisk " + std::string(r.response.get("AsteriskVersion")) +
                            " (CoreSettings, sent as a generic amicpp::action)");
                    ping();
                });
        });
    }

    // ---- 3. Ping ----------------------------------------------------------------------------
    void ping() {
        heading(3, "Ping");
        const auto sent = std::chrono::steady_clock::now();
        ami_.async_send(amicpp::actions::ping{},
                        [this, sent](std::error_code ec, amicpp::actions::ping_result pong) {
                            if (ec)
                                failed("Ping", ec, pong.response);
                            else
                                say("Pong after " + milliseconds_since(sent) +
                                    " (server clock: " + std::string(pong.timestamp()) + ")");
                            command();
                        });
    }

    // ---- 4. A CLI command -------------------------------------------------------------------
    void command() {
        heading(4, "Command: core show channels");
        // Asterisk 14+ answers with one Output: header per line, older ones with raw text:
        // command_result::output holds the lines either way.
        ami_.async_send(amicpp::actions::command{"core show channels"},
                        [this](std::error_code ec, amicpp::actions::command_result r) {
                            if (ec)
                                failed("Command", ec, r.response);
                            for (std::string line : r.output) {
                                while (!line.empty() && line.back() == ' ')
                                    line.pop_back(); // the CLI pads its columns
                                say("| " + line);
                            }
                            status();
                        });
    }

    // ---- 5. An event list -------------------------------------------------------------------
    void status() {
        heading(5, "Status: the channels, one Status event each");
        // A list action completes once, with every item, when its Complete event arrives.
        ami_.async_send(amicpp::actions::status{},
                        [this](std::error_code ec, amicpp::list_result<> list) {
                            if (ec)
                                failed("Status", ec, list.response);
                            else
                                print_channels(list);
                            originate();
                        });
    }

    void print_channels(const amicpp::list_result<>& list) {
        std::vector<std::vector<std::string>> rows;
        for (const amicpp::message& ch : list.items) {
            rows.push_back(
                {std::string(ch.get("Channel")), std::string(ch.get("ChannelStateDesc")),
                 party(ch, "CallerIDName", "CallerIDNum"),
                 party(ch, "ConnectedLineName", "ConnectedLineNum"),
                 ch.get("Application").empty()
                     ? "-"
                     : std::string(ch.get("Application")) + "(" + std::string(ch.get("Data")) + ")",
                 std::string(ch.get("Seconds")) + " s"});
            if (rows.size() == 20)
                break;
        }
        examples::print_table(
            std::cout, {"Channel", "State", "Caller", "Connected to", "Application", "Up for"},
            rows, "   ");
        say(std::to_string(list.items.size()) + " channel(s); the list ended with " +
            std::string(list.complete.event_name()) +
            ", ListItems: " + std::string(list.complete.get("ListItems")));
    }

    // "Name" <number>, the way Asterisk writes a caller ID ("<unknown>" parts left out).
    static std::string party(const amicpp::message& ch, const char* name_key,
                             const char* number_key) {
        std::string name(ch.get(name_key)), number(ch.get(number_key));
        if (name == "<unknown>")
            name.clear();
        if (number == "<unknown>")
            number.clear();
        if (name.empty())
            return number.empty() ? "-" : number;
        return "\"" + name + "\"" + (number.empty() ? "" : " <" + number + ">");
    }

    // ---- 6. Originate, while events stream in -----------------------------------------------
    void originate() {
        heading(6, "Originate: click-to-call");
        // From now on, every event is printed as it arrives, in between the steps' output.
        events_ = ami_.subscribe_all([this](const amicpp::message& e) { on_event(e); });
        if (call_.empty()) {
            say("skipped: give --call PJSIP/100 (a phone of yours) to have it rung");
            return watch();
        }
        amicpp::actions::originate call;
        call.channel = call_; // ring this phone first...
        call.exten = exten_;  // ...and when it is answered, connect it to this extension
        call.context = context_;
        call.caller_id = "\"amicpp tour\" <" + exten_ + ">";
        call.async = true; // the default: the outcome comes later, in an OriginateResponse event
        say("ringing " + call_ + "; once answered it is connected to " + exten_ + "@" + context_);
        say("(Async: the server acknowledges at once; the operation completes when the");
        say(" OriginateResponse event with our ActionID arrives. Events meanwhile:)");
        ami_.async_send(call, [this](std::error_code ec, amicpp::actions::originate_result r) {
            // originate_failed: the call was placed but not answered; `reason` says why.
            if (!ec || ec == amicpp::error::originate_failed)
                say(std::string("outcome: ") + amicpp::actions::to_string(r.reason) + " (Reason " +
                    std::string(r.event.get("Reason", "?")) + ")" +
                    (r.success ? ": the call is up, Uniqueid " + r.uniqueid
                               : ": no call was made"));
            else
                failed("Originate", ec, r.response);
            watch();
        });
    }

    void on_event(const amicpp::message& e) {
        if (examples::demo_pbx::is_end_marker(e)) { // the demo's activity is over
            demo_over_ = true;
            if (watching_)
                stop_watching();
            return;
        }
        if (watching_ && watched_ == watch_limit)
            return;
        say("event " + examples::clock_time() + "  " + examples::event_summary(e));
        if (watching_ && ++watched_ == watch_limit)
            stop_watching();
    }

    // ---- 7. Live events ---------------------------------------------------------------------
    void watch() {
        heading(7, "Live events (" + std::to_string(watch_limit) +
                       " more at most, for 5 seconds at most)");
        watching_ = true;
        if (demo_over_)
            return stop_watching();
        watch_window_.expires_after(std::chrono::seconds(5));
        watch_window_.async_wait([this](std::error_code ec) {
            if (!ec)
                stop_watching();
        });
    }

    void stop_watching() {
        if (!events_.active())
            return;
        events_.unsubscribe(); // no more callbacks after this
        watch_window_.cancel();
        logoff();
    }

    // ---- 8. Log off -------------------------------------------------------------------------
    void logoff() {
        heading(8, "Log off");
        // Logoff, the server's Goodbye, then the connection closes; nothing is left for the
        // io_context to do, and io.run() returns.
        ami_.async_close([this](std::error_code ec) {
            if (ec)
                failed("Logoff", ec, amicpp::message{});
            else
                say("logged off: Goodbye");
        });
    }

    // ---- printing ---------------------------------------------------------------------------
    static void heading(int step, const std::string& title) {
        std::cout << '\n' << step << ". " << title << '\n';
    }
    static void say(const std::string& text) { std::cout << "   " << text << '\n'; }

    void failed(const char* action, std::error_code ec, const amicpp::message& response) {
        say(std::string(action) + " failed: " + ec.message() + examples::server_said(response));
        exit_code_ = examples::exit_action_failed;
    }

    static std::string milliseconds_since(std::chrono::steady_clock::time_point t) {
        const std::chrono::duration<double, std::milli> d = std::chrono::steady_clock::now() - t;
        char text[32];
        std::snprintf(text, sizeof text, "%.2f ms", d.count());
        return text;
    }

    static constexpr int watch_limit = 6;

    amicpp::connection ami_;
    amicpp::subscription events_; // keeps the event callback registered
    asio::steady_timer watch_window_;
    const examples::options& o_;
    std::string call_, exten_, context_;
    bool watching_ = false, demo_over_ = false;
    int watched_ = 0;
    int exit_code_ = examples::exit_ok;
};

} // namespace

int main(int argc, char** argv) {
    std::string call, exten = "400", context = "from-internal";
    examples::option_parser parser(
        "ami-tour", "",
        "A guided tour of amicpp: log in, the server's version, Ping, a CLI command, the\n"
        "channel list, a click-to-call Originate and live events, then log off.");
    parser.value("--call", "CHANNEL", "the phone step 6 rings (--demo: PJSIP/300)", call)
        .value("--exten", "EXTEN", "where that call goes once answered (default 400)", exten)
        .value("--context", "CONTEXT", "in this dialplan context (default from-internal)", context)
        .example("ami-tour --demo")
        .example("ami-tour --host 192.0.2.10 --user admin --secret s3cr3t --call PJSIP/100");
    examples::options o = parser.parse(argc, argv);
    // --demo: a simulated Asterisk in this process (common/demo_pbx.hpp), with a call in
    // progress and a few seconds of activity.
    const auto demo = examples::start_demo_if_asked(o);
    if (demo && call.empty())
        call = "PJSIP/300";

    std::cout << "amicpp tour, against "
              << (demo ? "the simulated Asterisk started by --demo"
                       : "the Asterisk at " + o.where())
              << '\n';
    asio::io_context io;
    tour t(io, o, call, exten, context);
    t.start();
    io.run(); // until the tour has logged off (or could not log in)
    return t.exit_code();
}
