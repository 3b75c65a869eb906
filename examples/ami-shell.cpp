// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
//
// ami-shell: run any AMI action from the command line, or type actions at a prompt.
//
//   ami-shell --demo Ping
//   ami-shell --demo Status                        an event list: a table of its items
//   ami-shell --demo --json Status | jq -r .Channel
//   ami-shell --demo Originate Channel=Local/100@test Exten=100 Context=test Priority=1
//             Async=true Variable=A=1 Variable=B=2  (one line; repeated keys are all sent)
//   ami-shell --demo --events Originate ...        then follow the events
//   ami-shell --demo --trace Ping                  the wire trace on stderr (secrets hidden)
//   ami-shell --demo                               a prompt: `Action Key=Value ...` per line
//
// Every action goes out as the generic amicpp::action; its result, amicpp::reply, holds the
// response, the items of an event list and the event that ended it. The connection runs on a
// thread of its own (an asio::io_context), so that the main thread may block reading stdin.

#include "common/demo_pbx.hpp"
#include "common/event_tail.hpp"
#include "common/json.hpp"
#include "common/options.hpp"
#include "common/report.hpp"
#include "common/text.hpp"

#include <amicpp/connection.hpp>

#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/post.hpp>

#include <chrono>
#include <future>
#include <iostream>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#ifndef _WIN32
#include <unistd.h>
#endif

namespace {

struct style {
    bool json = false;   // JSON Lines instead of text
    bool full = false;   // every column of list tables, every header of events
    bool events = false; // follow the events after the action
    bool trace = false;  // the wire trace on stderr
};

std::mutex output_mutex; // events (io thread) and replies (main thread) print whole blocks

// ---- turning words into an action -----------------------------------------------------------

// `ACTION Key=Value ...` (a value may hold '=': Variable=NAME=value). False, with the reason,
// when a word is not Key=Value.
bool make_action(const std::vector<std::string>& words, std::optional<amicpp::action>& out,
                 amicpp::send_options& send, std::string& error) {
    amicpp::action a(words.front());
    for (std::size_t i = 1; i < words.size(); ++i) {
        const std::size_t eq = words[i].find('=');
        if (eq == std::string::npos || eq == 0) {
            error = "'" + words[i] + "' is not Key=Value";
            return false;
        }
        a.add(words[i].substr(0, eq), words[i].substr(eq + 1)); // add: repeated keys are kept
    }
    // An async Originate is only acknowledged at once: wait for its OriginateResponse too, and
    // for as long as the phone may ring.
    const amicpp::message& m = a.to_message();
    const std::string async(m.get("Async"));
    if (examples::iequals(words.front(), "Originate") &&
        (examples::iequals(async, "true") || examples::iequals(async, "yes") || async == "1")) {
        a.expect_event("OriginateResponse");
        const std::string ring(m.get("Timeout", "30000"));
        const bool numeric = !ring.empty() && ring.size() < 9 &&
                             ring.find_first_not_of("0123456789") == std::string::npos;
        send.timeout = std::chrono::milliseconds((numeric ? std::stol(ring) : 30000) + 15000);
    }
    out = std::move(a);
    return true;
}

// Splits a typed line as a shell would: blanks separate words, "..." and '...' group them,
// a backslash escapes the next character (outside '...').
bool split_words(const std::string& line, std::vector<std::string>& words, std::string& error) {
    std::string word;
    bool in_word = false;
    char quote = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quote != 0) {
            if (c == quote)
                quote = 0;
            else if (c == '\\' && quote == '"' && i + 1 < line.size())
                word += line[++i];
            else
                word += c;
        } else if (c == ' ' || c == '\t') {
            if (in_word)
                words.push_back(std::move(word));
            word.clear();
            in_word = false;
        } else {
            in_word = true;
            if (c == '"' || c == '\'')
                quote = c;
            else if (c == '\\' && i + 1 < line.size())
                word += line[++i];
            else
                word += c;
        }
    }
    if (quote != 0) {
        error = std::string("unterminated ") + quote;
        return false;
    }
    if (in_word)
        words.push_back(std::move(word));
    return true;
}

// ---- printing -------------------------------------------------------------------------------

// A response or event as aligned `Key: Value` lines; Command output (Output: headers, or the
// raw text of Asterisk 13 and older) is printed as the text it is.
void print_message(const amicpp::message& m) {
    amicpp::message shown;
    for (const amicpp::header& h : m) {
        if (!examples::iequals(h.key, "Output"))
            shown.add(h.key, h.value);
    }
    examples::print_headers(std::cout, shown);
    for (std::string_view line : m.command_output())
        std::cout << line << '\n';
}

void print_reply(const amicpp::reply& r, const style& s) {
    std::lock_guard<std::mutex> lock(output_mutex);
    if (s.json) {
        std::cout << examples::to_json(r.response) << '\n';
        for (const amicpp::message& item : r.items)
            std::cout << examples::to_json(item) << '\n';
        if (!r.final_event.empty())
            std::cout << examples::to_json(r.final_event) << '\n';
    } else {
        print_message(r.response);
        if (!r.items.empty()) {
            std::cout << '\n';
            examples::print_items(std::cout, r.items, s.full, examples::terminal_width());
        }
        if (!r.final_event.empty()) {
            std::cout << '\n';
            print_message(r.final_event);
        }
    }
    std::cout.flush();
}

// --trace: every message on the wire, as sent (>) and received (<), secrets already hidden by
// the connection; on stderr, so that stdout stays what the action brought back.
void print_trace(amicpp::trace_direction direction, const amicpp::message& m) {
    const char* mark = direction == amicpp::trace_direction::sent ? "> " : "< ";
    std::lock_guard<std::mutex> lock(output_mutex);
    for (const amicpp::header& h : m)
        std::cerr << mark << h.key << ": " << h.value << '\n';
    for (std::size_t i = 0; i < m.line_count(); ++i)
        std::cerr << mark << m.line_at(i) << '\n';
    std::cerr << mark << '\n';
}

bool print_event(const amicpp::message& e, const style& s) {
    std::lock_guard<std::mutex> lock(output_mutex);
    if (s.json) {
        std::cout << examples::to_json(e) << '\n';
    } else if (s.full) {
        std::cout << '\n' << examples::clock_time() << '\n';
        examples::print_headers(std::cout, e, "  ");
    } else {
        std::cout << examples::clock_time() << "  " << examples::event_summary(e) << '\n';
    }
    std::cout.flush();
    return true;
}

// ---- the connection, from the main thread ---------------------------------------------------

// Blocking forms of the connection's asynchronous calls: the connection runs on the io thread,
// the main thread waits here. (amicpp::client packages the same idea; this program uses the
// connection itself for event_tail and for replies that survive an error.)
struct sent {
    std::error_code ec;
    amicpp::reply reply;
};

sent send_and_wait(amicpp::connection& ami, amicpp::action a, amicpp::send_options options) {
    std::promise<sent> done;
    ami.async_send(std::move(a), options, [&done](std::error_code ec, amicpp::reply r) {
        done.set_value({ec, std::move(r)});
    });
    return done.get_future().get();
}

void close_and_wait(amicpp::connection& ami) {
    std::promise<void> done;
    ami.async_close([&done](std::error_code) { done.set_value(); });
    done.get_future().get();
}

// Sends one action and prints what came back. Returns an exit code.
int run_action(amicpp::connection& ami, const std::vector<std::string>& words, const style& s) {
    std::optional<amicpp::action> action;
    amicpp::send_options options;
    std::string error;
    if (!make_action(words, action, options, error)) {
        std::cerr << "ami-shell: " << error << " (usage: Action Key=Value ...)\n";
        return examples::exit_usage;
    }
    const sent result = send_and_wait(ami, std::move(*action), options);
    if (!result.reply.response.empty())
        print_reply(result.reply, s);
    if (result.ec)
        return examples::action_failed("ami-shell", words.front(), result.ec,
                                       result.reply.response);
    // An async Originate that did not get through: OriginateResponse says Failure.
    if (examples::iequals(result.reply.final_event.get("Response"), "Failure")) {
        std::cerr << "ami-shell: " << words.front()
                  << " failed: " << result.reply.final_event.event_name()
                  << " says Failure, Reason " << result.reply.final_event.get("Reason") << '\n';
        return examples::exit_action_failed;
    }
    return examples::exit_ok;
}

bool stdin_is_terminal() {
#ifndef _WIN32
    return isatty(0) != 0;
#else
    return false;
#endif
}

void interactive_help() {
    std::cerr << "One action per line: its name, then Key=Value pairs; quote values with blanks.\n"
                 "  Ping\n"
                 "  Command Command=\"core show channels\"\n"
                 "  Status\n"
                 "  Originate Channel=PJSIP/300 Exten=400 Context=from-internal Priority=1 "
                 "Async=true\n"
                 "  ListCommands\n"
                 "'quit' or Ctrl-D to leave.\n";
}

} // namespace

int main(int argc, char** argv) {
    style s;
    examples::option_parser parser(
        "ami-shell", "[ACTION [Key=Value ...]]",
        "Sends one AMI action built from the command line and prints what came back: the\n"
        "response as aligned Key: Value lines, an event list as a table of its items. A key may\n"
        "repeat (Variable=A=1 Variable=B=2). Without an ACTION, reads `Action Key=Value ...`\n"
        "lines from stdin.");
    parser
        .flag("--json", "JSON Lines: one object per message (response, items, last event)", s.json)
        .flag("--full", "every column of list tables, every header of events", s.full)
        .flag("--events", "then follow the events until Ctrl-C (--demo: until it falls quiet)",
              s.events)
        .flag("--trace", "the wire trace on stderr: > sent, < received (Secret, Key hidden)",
              s.trace)
        .example("ami-shell --demo Ping")
        .example("ami-shell --demo --json Status | jq -r .Channel")
        .example("ami-shell --demo Originate Channel=Local/100@test Exten=100 Context=test "
                 "Priority=1 Async=true Variable=A=1 Variable=B=2")
        .example("echo 'Command Command=\"core show uptime\"' | ami-shell --demo")
        .example("ami-shell --demo --trace Ping");
    examples::options o = parser.parse(argc, argv);
    const auto demo = examples::start_demo_if_asked(o);

    // The connection runs on its own thread; this one blocks on stdin and on results.
    asio::io_context io;
    auto work = asio::make_work_guard(io);
    amicpp::connection_options connection;
    if (s.trace)
        connection.trace = print_trace;
    amicpp::connection ami(io.get_executor(), connection);
    std::thread io_thread([&io] { io.run(); });
    const auto finish = [&](int exit_code) {
        close_and_wait(ami); // Logoff, unless already closed
        work.reset();
        io_thread.join();
        return exit_code;
    };

    std::promise<std::pair<std::error_code, amicpp::message>> login;
    ami.async_connect(o.host, o.port, o.login, [&login](std::error_code ec, amicpp::message m) {
        login.set_value({ec, std::move(m)});
    });
    const auto [login_error, answer] = login.get_future().get();
    if (login_error)
        return finish(examples::connect_failed(parser.program(), o, login_error, answer));

    // Follows the events (after the action, or alongside the prompt) when --events is given.
    examples::event_tail::settings tail_settings;
    const bool interactive = o.args.empty();
    tail_settings.stop_on_signals = !interactive; // at the prompt, Ctrl-C just ends the program
    if (demo && !interactive)
        tail_settings.is_end = examples::demo_pbx::is_end_marker;
    examples::event_tail tail(ami, tail_settings);
    std::promise<std::error_code> tail_done;
    const auto follow_events = [&] {
        asio::post(io, [&] {
            tail.start([&s](const amicpp::message& e) { return print_event(e, s); }, {},
                       [&tail_done](std::error_code ec) { tail_done.set_value(ec); });
        });
    };
    const auto wait_for_events_end = [&](int exit_code) -> int {
        if (const std::error_code lost = tail_done.get_future().get()) {
            std::cerr << "ami-shell: connection lost: " << lost.message() << '\n';
            return examples::exit_connection_failed;
        }
        return exit_code;
    };

    if (!interactive) {
        const int exit_code = run_action(ami, o.args, s);
        if (exit_code == examples::exit_usage)
            return finish(exit_code);
        if (!s.events || exit_code == examples::exit_connection_failed)
            return finish(exit_code);
        follow_events();
        return finish(wait_for_events_end(exit_code));
    }

    const bool terminal = stdin_is_terminal();
    if (terminal) {
        std::cerr << "Connected to " << o.where() << " as " << o.login.username << ".\n";
        interactive_help();
    }
    if (s.events)
        follow_events();
    int exit_code = examples::exit_ok;
    std::string line;
    while (exit_code != examples::exit_connection_failed) {
        if (terminal)
            std::cerr << "ami> " << std::flush;
        if (!std::getline(std::cin, line))
            break;
        std::vector<std::string> words;
        std::string error;
        if (!split_words(line, words, error)) {
            std::cerr << "ami-shell: " << error << '\n';
            continue;
        }
        if (words.empty() || words.front()[0] == '#')
            continue;
        if (words.front() == "quit" || words.front() == "exit")
            break;
        if (words.front() == "help" || words.front() == "?") {
            interactive_help();
            continue;
        }
        exit_code = run_action(ami, words, s);
        if (!s.json) {
            std::lock_guard<std::mutex> lock(output_mutex);
            std::cout << '\n';
        }
    }
    if (s.events) {
        tail.stop();
        exit_code = wait_for_events_end(exit_code);
    }
    return finish(exit_code == examples::exit_connection_failed ? exit_code : examples::exit_ok);
}
