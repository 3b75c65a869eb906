// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// A socket-free driver for amicpp::session::core: the test plays the server (bytes through the
// real parser, or messages), the clock, and the consumer; every output is drained and recorded,
// and "exactly once" is checked as it happens.
#ifndef AMICPP_TESTS_SESSION_HARNESS_HPP
#define AMICPP_TESTS_SESSION_HARNESS_HPP

#include <amicpp/parser.hpp>
#include <amicpp/session/core.hpp>

#include "support/catch.hpp"

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace amicpp_test {

using namespace std::chrono_literals;
using amicpp::message;
namespace ses = amicpp::session;

inline ses::core_options test_options() {
    ses::core_options o;
    o.action_id_prefix = "t";
    return o;
}

struct rig {
    ses::core core;
    ses::core::time_point now = ses::core::time_point{} + 1h;
    amicpp::parser from_server;
    std::string wire;        // every byte the core gave to write
    bool auto_write = true;  // complete each write at once
    bool auto_events = true; // hand out new events at once
    std::map<ses::op_id, ses::completion> done;
    std::map<ses::request_id, ses::event_delivery> answers;
    std::vector<message> dispatched;
    std::vector<std::error_code> close_requests;

    explicit rig(ses::core_options o = test_options(), amicpp::parser_limits limits = {})
        : core(std::move(o)), from_server(amicpp::parser_options{limits, false}) {}

    void up() {
        core.on_transport_up(now);
        core.on_link_up(now);
        drain();
    }

    ses::op_id send(message m, amicpp::completion_spec spec = {}, ses::action_deadlines d = {},
                    bool wait = false) {
        ses::submission s;
        s.action = std::move(m);
        s.spec = std::move(spec);
        s.deadlines = d;
        s.wait_for_link = wait;
        const ses::op_id id = core.submit(std::move(s), now);
        drain();
        return id;
    }

    ses::op_id ping() { return send(message::action("Ping")); }

    std::string id_of(ses::op_id op) const { return std::string(core.action_id(op)); }

    void feed(std::string_view bytes) {
        from_server.feed(bytes);
        message m;
        std::error_code ec;
        while (from_server.next(m, ec)) {
            if (ec)
                core.on_parse_error(from_server.last_dropped(), now);
            else
                core.on_message(std::move(m), now);
            m = message{};
            drain();
        }
    }

    void tick(std::chrono::milliseconds d) {
        now += d;
        core.advance(now);
        drain();
    }

    void drain() {
        if (auto_events) {
            while (const message* e = core.peek_event()) {
                dispatched.push_back(*e);
                core.pop_event();
            }
        }
        while (auto c = core.next_completion()) {
            REQUIRE(done.count(c->op) == 0); // exactly once
            done.emplace(c->op, std::move(*c));
        }
        while (auto d = core.next_delivery()) {
            REQUIRE(answers.count(d->request) == 0);
            answers.emplace(d->request, std::move(*d));
        }
        while (auto r = core.take_close_request())
            close_requests.push_back(*r);
        if (auto_write && core.wants_write()) {
            core.prepare_write(wire);
            core.write_done();
        }
    }

    // What the core wrote, as messages.
    std::vector<message> written() const {
        amicpp::parser p(amicpp::parser_options{{}, false});
        p.feed(wire);
        std::vector<message> out;
        message m;
        std::error_code ec;
        while (p.next(m, ec)) {
            REQUIRE_FALSE(ec);
            out.push_back(m);
        }
        return out;
    }

    std::error_code ec_of(ses::op_id op) const {
        auto it = done.find(op);
        REQUIRE(it != done.end());
        return it->second.ec;
    }

    ses::request_id request(std::size_t max = 1, bool batch = false) {
        const ses::request_id r = core.request_events(max, batch);
        drain();
        return r;
    }

    // One event for a consumer (or its error), right now.
    ses::event_delivery pull() {
        const ses::request_id r = request();
        auto it = answers.find(r);
        REQUIRE(it != answers.end());
        return it->second;
    }
};

inline std::string response(std::string_view id, std::string_view rest = "Response: Success\r\n") {
    return std::string(rest) + "ActionID: " + std::string(id) + "\r\n\r\n";
}

inline std::string tick_event(int n) {
    return "Event: Tick\r\nPrivilege: system,all\r\nN: " + std::to_string(n) + "\r\n\r\n";
}

} // namespace amicpp_test

#endif // AMICPP_TESTS_SESSION_HARNESS_HPP
