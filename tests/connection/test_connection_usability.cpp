// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// What a user meets first: a peer that never greets is named as such; the login result carries
// the server's version; amicpp::client has forms that do not throw; an action that completes on
// an event the session does not receive is refused before it is sent (and a timeout that may
// have had an effect says so); the wire trace sees everything, secrets hidden.
#include <amicpp/actions/originate.hpp>
#include <amicpp/actions/ping.hpp>
#include <amicpp/client.hpp>
#include <amicpp/connection.hpp>
#include <amicpp/detail/event_mask.hpp>
#include <amicpp/testing/server.hpp>

#include "connection/harness.hpp"
#include "support/catch.hpp"

#include <asio/ip/tcp.hpp>
#include <asio/read.hpp>

#include <chrono>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

using amicpp::message;
using amicpp_test::run_until;
using namespace std::chrono_literals;

namespace {

amicpp::testing::server_options admin_server() {
    amicpp::testing::server_options o;
    o.users = {{"admin", "amp111", "all", "all"}};
    return o;
}

amicpp::login_options admin(std::string events = "on",
                            amicpp::auth_method method = amicpp::auth_method::md5) {
    return {"admin", "amp111", method, std::move(events)};
}

// A TCP listener on 127.0.0.1 that accepts one connection and never says a word, then reports
// every byte the client sent before it hung up: a port that is not AMI, or a test server that
// greets only after Login.
class silent_peer {
public:
    silent_peer() : acceptor_(io_, {asio::ip::make_address("127.0.0.1"), 0}) {
        thread_ = std::thread([this] {
            asio::ip::tcp::socket s(io_);
            std::error_code ec;
            acceptor_.accept(s, ec);
            if (ec)
                return;
            char buf[4096];
            for (;;) {
                const std::size_t n = s.read_some(asio::buffer(buf), ec);
                received_.append(buf, n);
                if (ec)
                    break; // the client hung up (EOF)
            }
        });
    }
    ~silent_peer() {
        std::error_code ignored;
        acceptor_.close(ignored);
        if (thread_.joinable())
            thread_.join();
    }
    std::string port() const { return std::to_string(acceptor_.local_endpoint().port()); }
    // Waits for the client to hang up; what it sent.
    std::string received() {
        thread_.join();
        return received_;
    }

private:
    asio::io_context io_;
    asio::ip::tcp::acceptor acceptor_;
    std::string received_;
    std::thread thread_;
};

struct connected {
    std::error_code ec;
    amicpp::login_result result;
};

connected connect(asio::io_context& io, amicpp::connection& c, const std::string& port,
                  amicpp::login_options login) {
    std::optional<connected> out;
    c.async_connect("127.0.0.1", port, std::move(login),
                    [&](std::error_code ec, amicpp::login_result r) {
                        out = connected{ec, std::move(r)};
                    });
    REQUIRE(run_until(io, [&] { return out.has_value(); }));
    return std::move(*out);
}

template <class Action>
std::pair<std::error_code, typename Action::result_type>
send(asio::io_context& io, amicpp::connection& c, Action a, amicpp::send_options o = {}) {
    std::optional<std::pair<std::error_code, typename Action::result_type>> out;
    c.async_send(std::move(a), o, [&](std::error_code ec, typename Action::result_type r) {
        out.emplace(ec, std::move(r));
    });
    REQUIRE(run_until(io, [&] { return out.has_value(); }));
    return std::move(*out);
}

amicpp::actions::originate call_100() {
    amicpp::actions::originate o;
    o.channel = "Local/100@test";
    o.exten = "100";
    o.context = "test";
    o.priority = 1;
    return o;
}

} // namespace

// ---- item 3: a peer that never greets ---------------------------------------------------------

TEST_CASE("usability: a peer that never greets is named as such, and hears nothing",
          "[usability][greeting]") {
    silent_peer peer;
    asio::io_context io;
    amicpp::connection_options o;
    o.connect_timeout = 300ms;
    amicpp::connection c(io.get_executor(), o);
    const connected r = connect(io, c, peer.port(), admin("on", amicpp::auth_method::plain));
    CHECK(r.ec == amicpp::error::no_greeting);
    CHECK(r.ec.message().find("no AMI greeting") != std::string::npos);
    CHECK(r.result.empty());
    CHECK_FALSE(r.result.version());
    c.close();
    // Nothing went out before a greeting: no Login, and above all no Secret.
    CHECK(peer.received().empty());
}

TEST_CASE("usability: client::connect says what did not come, from where, for how long",
          "[usability][greeting]") {
    silent_peer peer;
    amicpp::connection_options o;
    o.connect_timeout = 300ms;
    amicpp::client ami(o);
    try {
        ami.connect("127.0.0.1", peer.port(), admin());
        FAIL("connect must fail");
    } catch (const amicpp::action_error& e) {
        CHECK(e.code() == amicpp::error::no_greeting);
        CHECK(std::string(e.what()).rfind(
                  "amicpp: no AMI greeting within 300 ms from 127.0.0.1:" + peer.port() + ": ",
                  0) == 0);
    }
}

// ---- item 4: the login result carries the server's version ------------------------------------

TEST_CASE("usability: the login result carries the AMI version of the greeting",
          "[usability][version]") {
    for (const char* banner : {"11.0.0", "2.10.6", "1.1"}) {
        amicpp::testing::server_options so = admin_server();
        so.banner_version = banner;
        amicpp::testing::server srv(so);
        asio::io_context io;
        amicpp::connection c(io.get_executor());
        const connected r = connect(io, c, std::to_string(srv.port()), admin());
        INFO(banner);
        REQUIRE_FALSE(r.ec);
        REQUIRE(r.result.version());
        CHECK(*r.result.version() == *amicpp::server_version::parse(banner));
        CHECK(r.result.message_text() == "Authentication accepted"); // still the response
        CHECK(r.result.response().response_status() == "Success");
        const message& plain = r.result; // code written for `message` keeps working
        CHECK(plain.is_success());
    }
    // A refused login still says which server refused it.
    amicpp::testing::server srv(admin_server());
    asio::io_context io;
    amicpp::connection c(io.get_executor());
    amicpp::login_options wrong = admin();
    wrong.secret = "wrong";
    const connected r = connect(io, c, std::to_string(srv.port()), wrong);
    CHECK(r.ec == amicpp::error::authentication_failed);
    REQUIRE(r.result.version());
    CHECK(r.result.version()->major == 11);
}

TEST_CASE("usability: client::connect returns the version", "[usability][version]") {
    amicpp::testing::server srv(admin_server());
    amicpp::client ami;
    const amicpp::login_result hello =
        ami.connect("127.0.0.1", std::to_string(srv.port()), admin());
    REQUIRE(hello.version());
    CHECK(hello.version()->to_string() == "11.0.0");
}

// ---- item 5: client without exceptions ---------------------------------------------------------

TEST_CASE("usability: client forms that do not throw keep the server's text",
          "[usability][client]") {
    amicpp::testing::server srv(admin_server());
    const std::string port = std::to_string(srv.port());
    {
        amicpp::client ami;
        std::error_code ec;
        amicpp::login_options wrong = admin();
        wrong.secret = "wrong";
        const amicpp::login_result r = ami.connect("127.0.0.1", port, wrong, ec);
        CHECK(ec == amicpp::error::authentication_failed);
        CHECK(r.message_text() == "Authentication failed");
    }
    {
        silent_peer closed; // a port that answers nothing: no greeting, no exception
        amicpp::connection_options o;
        o.connect_timeout = 200ms;
        amicpp::client ami(o);
        std::error_code ec;
        const amicpp::login_result r = ami.connect("127.0.0.1", closed.port(), admin(), ec);
        CHECK(ec == amicpp::error::no_greeting);
        CHECK(r.empty());
    }
    amicpp::client ami;
    std::error_code ec;
    ami.connect("127.0.0.1", port, admin(), ec);
    REQUIRE_FALSE(ec);
    const auto up = ami.get_connection().get_status(); // blocks like the client's calls
    CHECK(up.connected);
    CHECK(up.pending_actions == 0);
    REQUIRE(up.version.has_value());
    const amicpp::reply bogus = ami.call(amicpp::action{"NoSuchAction"}, ec);
    CHECK(ec == amicpp::error::action_failed);
    CHECK(bogus.response.message_text().find("Invalid/unknown command") != std::string::npos);
    const amicpp::actions::ping_result pong = ami.call(amicpp::actions::ping{}, ec);
    CHECK_FALSE(ec);
    CHECK(pong.response.get("Ping") == "Pong");
    amicpp::send_options quick;
    quick.timeout = 100ms;
    srv.on_action("Slow", [](amicpp::testing::action_context&) {}); // never answers
    ami.call(amicpp::action{"Slow"}, ec, quick);
    CHECK(ec == amicpp::error::timeout);
    ami.close(ec);
    CHECK_FALSE(ec);
    CHECK_FALSE(ami.get_connection().get_status().connected);
}

// ---- item 2: actions that complete on an event the session does not receive -------------------

TEST_CASE("usability: event masks, read as Asterisk reads them", "[usability][events]") {
    using amicpp::detail::event_mask_includes;
    for (const char* yes : {"on", "ON", "yes", "true", "", "call", "system,call", "system, call",
                            "all", "2", "3", "65535"})
        CHECK(event_mask_includes(yes, "call"));
    for (const char* no : {"off", "no", "false", "0", "system", "system,log", "1", "callx"})
        CHECK_FALSE(event_mask_includes(no, "call"));
    CHECK(amicpp::detail::event_mask_receives("off", "DBGetResponse")); // sent to the asker
    CHECK_FALSE(amicpp::detail::event_mask_receives("off", "originateresponse"));
}

TEST_CASE("usability: an async Originate on a session without call events is refused unsent",
          "[usability][events]") {
    amicpp::testing::server srv(admin_server());
    const std::string port = std::to_string(srv.port());
    for (const char* events : {"off", "system", "system,log"}) {
        asio::io_context io;
        amicpp::connection c(io.get_executor());
        REQUIRE_FALSE(connect(io, c, port, admin(events)).ec);
        const auto [ec, r] = send(io, c, call_100());
        INFO(events);
        CHECK(ec == amicpp::error::completion_event_masked);
        CHECK(ec.message().find("nothing was sent") != std::string::npos);
        CHECK(r.response.empty());
        // The same call, synchronous: the response says how it went; nothing is refused.
        auto sync = call_100();
        sync.async = false;
        CHECK_FALSE(send(io, c, sync).first);
    }
    CHECK(srv.received_actions("Originate").size() == 3); // the synchronous ones only
    for (const auto& m : srv.received_actions("Originate"))
        CHECK(m.get("Async").empty());
    // With call events the async form goes out and completes on its OriginateResponse.
    asio::io_context io;
    amicpp::connection c(io.get_executor());
    REQUIRE_FALSE(connect(io, c, port, admin("system,call")).ec);
    CHECK_FALSE(send(io, c, call_100()).first);
}

TEST_CASE("usability: an Events action sent through the connection changes what is refused",
          "[usability][events]") {
    amicpp::testing::server srv(admin_server());
    asio::io_context io;
    amicpp::connection c(io.get_executor());
    REQUIRE_FALSE(connect(io, c, std::to_string(srv.port()), admin("on")).ec);
    amicpp::action off{"Events"};
    off.set("EventMask", "off");
    REQUIRE_FALSE(send(io, c, off).first);
    CHECK(send(io, c, call_100()).first == amicpp::error::completion_event_masked);
    amicpp::action again{"Events"};
    again.set("EventMask", "call,system");
    REQUIRE_FALSE(send(io, c, again).first);
    CHECK_FALSE(send(io, c, call_100()).first);
    // A generic action waiting for OriginateResponse is judged the same way.
    REQUIRE_FALSE(send(io, c, off).first);
    amicpp::action generic{"Originate"};
    generic.set("Channel", "Local/100@test").set("Async", "true").expect_event("OriginateResponse");
    CHECK(send(io, c, generic).first == amicpp::error::completion_event_masked);
}

TEST_CASE("usability: accepted but never completed: the timeout says the outcome is unknown",
          "[usability][events]") {
    // Filters (or the user's read permission) can hide OriginateResponse: the session cannot
    // know, so the action runs and its deadline says it may have taken effect.
    amicpp::testing::server srv(admin_server());
    srv.on_action("Originate", [](amicpp::testing::action_context& ctx) {
        ctx.send(ctx.response("Success", "Originate successfully queued"));
    });
    srv.on_action("Slow", [](amicpp::testing::action_context&) {});
    asio::io_context io;
    amicpp::connection c(io.get_executor());
    REQUIRE_FALSE(connect(io, c, std::to_string(srv.port()), admin()).ec);
    amicpp::send_options quick;
    quick.timeout = 200ms;
    const auto [ec, r] = send(io, c, call_100(), quick);
    CHECK(ec == amicpp::error::outcome_unknown);
    CHECK(ec.message().find("may have taken effect") != std::string::npos);
    CHECK(r.response.message_text() == "Originate successfully queued");
    // No answer at all: a plain timeout, whose text still warns.
    const auto slow = send(io, c, amicpp::action{"Slow"}, quick);
    CHECK(slow.first == amicpp::error::timeout);
    CHECK(slow.first.message().find("outcome is unknown") != std::string::npos);
}

namespace {

// An action of the user's whose message cannot be built.
struct unbuildable {
    using result_type = amicpp::reply;
    bool out_of_memory = false;
    message to_message() const {
        if (out_of_memory)
            throw std::bad_alloc();
        throw std::runtime_error("no channel given");
    }
    static amicpp::reply make_result(amicpp::reply&& r, std::error_code&) { return std::move(r); }
};

} // namespace

TEST_CASE("usability: an action whose to_message throws completes with an error, unsent",
          "[usability]") {
    amicpp::testing::server srv(admin_server());
    asio::io_context io;
    amicpp::connection c(io.get_executor());
    REQUIRE_FALSE(connect(io, c, std::to_string(srv.port()), admin()).ec);
    // Sent from outside the strand: built there, after async_send returned.
    const auto [ec, r] = send(io, c, unbuildable{});
    CHECK(ec == amicpp::error::action_not_built);
    CHECK(ec.message().find("nothing was sent") != std::string::npos);
    CHECK(r.response.empty());
    CHECK(send(io, c, unbuildable{true}).first == std::errc::not_enough_memory);
    // Sent from a handler on the strand: built at once, with the same outcome, and the
    // connection goes on (the Ping sent next is answered).
    std::optional<std::error_code> inner;
    std::optional<std::error_code> pong;
    c.async_send(amicpp::actions::ping{}, [&](std::error_code, amicpp::actions::ping_result) {
        c.async_send(unbuildable{}, [&](std::error_code e, amicpp::reply) {
            inner = e;
            c.async_send(amicpp::actions::ping{},
                         [&](std::error_code e2, amicpp::actions::ping_result) { pong = e2; });
        });
    });
    REQUIRE(run_until(io, [&] { return pong.has_value(); }));
    CHECK(inner == amicpp::error::action_not_built);
    CHECK_FALSE(*pong);
    CHECK(srv.received_actions("Ping").size() == 2);
}

// ---- item 7: the wire trace ---------------------------------------------------------------------

namespace {

struct traced {
    amicpp::trace_direction direction;
    message m;
};

std::string text_of(const std::vector<traced>& trace) {
    std::string out;
    for (const traced& t : trace) {
        out += t.direction == amicpp::trace_direction::sent ? "> " : "< ";
        for (const amicpp::header h : t.m)
            out += std::string(h.key) + ": " + std::string(h.value) + " | ";
        for (std::size_t i = 0; i < t.m.line_count(); ++i)
            out += std::string(t.m.line_at(i)) + " | ";
        out += '\n';
    }
    return out;
}

} // namespace

TEST_CASE("usability: the wire trace sees the greeting and every message, secrets hidden",
          "[usability][trace]") {
    amicpp::testing::server srv(admin_server());
    for (const auto method : {amicpp::auth_method::plain, amicpp::auth_method::md5}) {
        std::vector<traced> trace;
        amicpp::connection_options o;
        o.trace = [&](amicpp::trace_direction d, const message& m) { trace.push_back({d, m}); };
        asio::io_context io;
        amicpp::connection c(io.get_executor(), o);
        REQUIRE_FALSE(connect(io, c, std::to_string(srv.port()), admin("on", method)).ec);
        REQUIRE_FALSE(send(io, c, amicpp::actions::ping{}).first);
        const std::string text = text_of(trace);
        INFO(text);
        REQUIRE(trace.size() >= 5);
        CHECK(trace[0].direction == amicpp::trace_direction::received);
        CHECK(trace[0].m.kind() == amicpp::message_kind::banner);
        CHECK(trace[0].m.line_at(0) == "Asterisk Call Manager/11.0.0");
        CHECK(text.find("> Action: Login | Username: admin | ") != std::string::npos);
        if (method == amicpp::auth_method::plain)
            CHECK(text.find("Secret: ******** |") != std::string::npos);
        else
            CHECK(text.find("Key: ******** |") != std::string::npos);
        CHECK(text.find("amp111") == std::string::npos);
        CHECK(text.find("< Response: Success | ActionID: ") != std::string::npos);
        CHECK(text.find("> Action: Ping | ActionID: ") != std::string::npos);
        CHECK(text.find("Ping: Pong") != std::string::npos);
        CHECK(text.find("< Event: FullyBooted") != std::string::npos);
        bool closed = false;
        c.async_close([&](std::error_code) { closed = true; });
        REQUIRE(run_until(io, [&] { return closed; }));
        CHECK(trace.back().m.response_status() == "Goodbye");
    }
}
