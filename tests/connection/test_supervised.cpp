// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// Supervised sessions (async_run) and the fault-injection suite, on loopback against
// amicpp::testing::server. Every wait has a deadline; nothing sleeps.
#include <amicpp/actions/ping.hpp>
#include <amicpp/actions/status.hpp>
#include <amicpp/connection.hpp>
#include <amicpp/testing/server.hpp>

#include "connection/harness.hpp"
#include "support/catch.hpp"

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/write.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

using amicpp::message;
using amicpp::session_state;
using amicpp_test::run_until;
using namespace std::chrono_literals;

namespace {

// A supervised connection and a record of what it said.
struct supervised {
    asio::io_context io;
    amicpp::connection conn;
    std::vector<amicpp::session_event> notices;
    std::optional<std::error_code> run_result;

    explicit supervised(amicpp::connection_options o = {})
        : conn(io.get_executor(), pulls_from_start(std::move(o))) {}

    // These tests pull events (and gaps) that came before their first receive.
    static amicpp::connection_options pulls_from_start(amicpp::connection_options o) {
        o.buffer_events_before_first_receive = true;
        return o;
    }

    void start(unsigned short port, amicpp::login_options login = admin(),
               amicpp::keepalive_options keepalive = no_keepalive(),
               amicpp::reconnect_options reconnect = fast_retry()) {
        amicpp::run_options r;
        r.host = "127.0.0.1";
        r.port = std::to_string(port);
        r.login = std::move(login);
        r.keepalive = keepalive;
        r.reconnect = reconnect;
        r.on_state = [this](const amicpp::session_event& e) { notices.push_back(e); };
        conn.async_run(r, [this](std::error_code ec) { run_result = ec; });
    }

    std::size_t count(session_state s) const {
        std::size_t n = 0;
        for (const auto& e : notices)
            n += e.state == s ? 1 : 0;
        return n;
    }

    bool wait_up(std::size_t times = 1) {
        return run_until(io, [&] { return count(session_state::up) >= times; });
    }

    static amicpp::login_options admin() {
        return {"admin", "amp111", amicpp::auth_method::md5, "on"};
    }
    static amicpp::keepalive_options no_keepalive() {
        amicpp::keepalive_options k;
        k.ping_interval = 0ms;
        return k;
    }
    static amicpp::reconnect_options fast_retry() {
        amicpp::reconnect_options r;
        r.initial_delay = 5ms;
        r.max_delay = 50ms;
        return r;
    }
};

} // namespace

TEST_CASE("supervised: up with the server version, stop ends the run", "[supervised]") {
    amicpp::testing::server srv;
    supervised s;
    s.start(srv.port());
    REQUIRE(s.wait_up());
    REQUIRE(s.notices.front().state == session_state::connecting);
    const auto& up = s.notices.back();
    REQUIRE(up.version.has_value());
    CHECK(*up.version == amicpp::server_version{11, 0, 0});
    s.conn.stop();
    REQUIRE(run_until(s.io, [&] { return s.run_result.has_value(); }));
    CHECK_FALSE(*s.run_result);
    CHECK(s.notices.back().state == session_state::stopped);
    CHECK(srv.wait_for_sessions(0, 5s));
}

TEST_CASE("supervised: a lost link comes back; subscriptions stay; one gap notice, in place",
          "[supervised][reconnect]") {
    amicpp::testing::server srv;
    supervised s;
    std::vector<std::string> ticks;
    auto sub = s.conn.subscribe("Tick", [&](const message& m) { ticks.emplace_back(m.get("N")); });
    s.start(srv.port());
    REQUIRE(s.wait_up());
    message tick = message::event("Tick");
    tick.add("Privilege", "system,all").add("N", "before");
    srv.broadcast(tick);
    REQUIRE(run_until(s.io, [&] { return ticks.size() == 1; }));
    srv.disconnect_all();
    REQUIRE(s.wait_up(2));
    CHECK(s.count(session_state::down) >= 1);
    CHECK(s.count(session_state::retrying) >= 1);
    tick.set("N", "after");
    srv.broadcast(tick);
    REQUIRE(run_until(s.io, [&] { return ticks.size() == 2; }));
    CHECK(ticks == std::vector<std::string>{"before", "after"});
    // The pull consumer sees: FullyBooted, Tick before, the gap, FullyBooted, Tick after.
    std::vector<std::string> pulled;
    bool gap_after_before = false;
    while (pulled.size() < 4) {
        std::optional<std::error_code> ec;
        message m;
        s.conn.async_receive_event([&](std::error_code e, message x) {
            ec = e;
            m = std::move(x);
        });
        REQUIRE(run_until(s.io, [&] { return ec.has_value(); }));
        if (*ec == amicpp::error::events_lost) {
            gap_after_before = !pulled.empty() && pulled.back() == "Tick:before";
            pulled.emplace_back("gap");
            continue;
        }
        REQUIRE_FALSE(*ec);
        pulled.push_back(std::string(m.event_name()) +
                         (m.contains("N") ? ":" + std::string(m.get("N")) : ""));
    }
    CHECK(gap_after_before);
    CHECK(pulled[0] == "FullyBooted");
    CHECK(pulled[1] == "Tick:before");
    CHECK(pulled[2] == "gap");
    s.conn.stop();
    REQUIRE(run_until(s.io, [&] { return s.run_result.has_value(); }));
}

TEST_CASE("link notices: up, down with the reason, up after the gap; late subscribers hear up",
          "[supervised][link]") {
    amicpp::testing::server srv;
    supervised s;
    std::vector<amicpp::link_event> seen;
    auto sub = s.conn.subscribe_link([&](const amicpp::link_event& e) { seen.push_back(e); });
    s.start(srv.port());
    REQUIRE(run_until(s.io, [&] { return seen.size() == 1; }));
    CHECK(seen[0].up);
    CHECK_FALSE(seen[0].after_gap);
    CHECK(seen[0].ups == 1);
    CHECK(seen[0].version == amicpp::server_version{11, 0, 0});

    srv.disconnect_all();
    REQUIRE(run_until(s.io, [&] { return seen.size() == 3; }));
    CHECK_FALSE(seen[1].up);
    CHECK(seen[1].reason);
    CHECK(seen[2].up);
    CHECK(seen[2].after_gap);
    CHECK(seen[2].ups == 2);

    // Registered while up: first the current state, with no gap (nothing was missed by it).
    std::vector<amicpp::link_event> late;
    auto late_sub = s.conn.subscribe_link([&](const amicpp::link_event& e) { late.push_back(e); });
    REQUIRE(run_until(s.io, [&] { return late.size() == 1; }));
    CHECK(late[0].up);
    CHECK_FALSE(late[0].after_gap);
    CHECK(late[0].ups == 2);

    // A link subscriber is no event subscriber, and an ended one hears nothing more.
    sub.unsubscribe();
    s.conn.stop();
    REQUIRE(run_until(s.io, [&] { return s.run_result.has_value(); }));
    CHECK(seen.size() == 3);
    REQUIRE(late.size() == 2);
    CHECK_FALSE(late[1].up);
    CHECK(late[1].reason == amicpp::error::stopped);
}

TEST_CASE("supervised: actions across a loss complete once, never re-sent; later ones wait",
          "[supervised][reconnect]") {
    amicpp::testing::server srv;
    amicpp::testing::fault f;
    f.ignore_actions = {"Getvar"}; // never answered: still in flight when the link goes
    srv.set_fault(f);
    supervised s;
    s.start(srv.port());
    REQUIRE(s.wait_up());
    int in_flight_calls = 0;
    std::error_code in_flight_ec;
    amicpp::action getvar{"Getvar"};
    getvar.set("Variable", "X");
    s.conn.async_send(getvar, [&](std::error_code ec, amicpp::reply) {
        ++in_flight_calls;
        in_flight_ec = ec;
    });
    REQUIRE(run_until(s.io, [&] { return srv.actions_received("Getvar") == 1; }));
    srv.clear_faults();
    srv.refuse_connections(true);
    srv.disconnect_all();
    REQUIRE(run_until(s.io, [&] { return in_flight_calls == 1; }));
    CHECK(in_flight_ec == amicpp::error::connection_closed);
    // Issued while down: one waits for the link, one refuses to wait, one times out waiting.
    std::optional<std::error_code> waited, impatient, expired;
    s.conn.async_send(amicpp::actions::ping{}, [&](std::error_code ec, auto) { waited = ec; });
    amicpp::send_options no_wait;
    no_wait.wait_for_connection = false;
    s.conn.async_send(amicpp::actions::ping{}, no_wait,
                      [&](std::error_code ec, auto) { impatient = ec; });
    amicpp::send_options short_wait;
    short_wait.timeout = 30ms;
    s.conn.async_send(amicpp::actions::ping{}, short_wait,
                      [&](std::error_code ec, auto) { expired = ec; });
    REQUIRE(run_until(s.io, [&] { return impatient.has_value() && expired.has_value(); }));
    CHECK(*impatient == amicpp::error::not_connected);
    CHECK(*expired == amicpp::error::timeout);
    CHECK_FALSE(waited.has_value());
    srv.refuse_connections(false);
    REQUIRE(run_until(s.io, [&] { return waited.has_value(); }));
    CHECK_FALSE(*waited);
    s.io.poll();
    CHECK(in_flight_calls == 1);
    CHECK(srv.actions_received("Getvar") == 1); // never re-sent
    CHECK(srv.actions_received("Ping") == 1);   // only the one that waited was ever sent
    s.conn.stop();
    REQUIRE(run_until(s.io, [&] { return s.run_result.has_value(); }));
}

TEST_CASE("supervised: a stalled server is caught by the keepalive and replaced",
          "[supervised][keepalive]") {
    amicpp::testing::server srv;
    supervised s;
    amicpp::keepalive_options k;
    k.ping_interval = 50ms;
    k.ping_timeout = 100ms;
    s.start(srv.port(), supervised::admin(), k);
    REQUIRE(s.wait_up());
    srv.apply_fault(amicpp::testing::fault::stalling()); // current sessions only
    REQUIRE(run_until(s.io, [&] { return s.count(session_state::down) >= 1; }));
    bool timed_out = false;
    for (const auto& e : s.notices)
        timed_out =
            timed_out || (e.state == session_state::down && e.reason == amicpp::error::timeout);
    CHECK(timed_out);
    REQUIRE(s.wait_up(2)); // a new connection, not stalled
    CHECK(srv.connections_accepted() >= 2);
    s.conn.stop();
    REQUIRE(run_until(s.io, [&] { return s.run_result.has_value(); }));
}

TEST_CASE("supervised: wrong secret, then the right one after the server's users change",
          "[supervised][auth]") {
    amicpp::testing::server srv;
    supervised s;
    s.start(srv.port(), {"admin", "rotated", amicpp::auth_method::md5, "on"});
    REQUIRE(run_until(s.io, [&] { return s.count(session_state::retrying) >= 2; }));
    bool auth_failed = false;
    for (const auto& e : s.notices)
        auth_failed = auth_failed || e.reason == amicpp::error::authentication_failed;
    CHECK(auth_failed);
    CHECK(s.count(session_state::up) == 0);
    srv.set_secret("admin", "rotated");
    REQUIRE(s.wait_up());
    s.conn.stop();
    REQUIRE(run_until(s.io, [&] { return s.run_result.has_value(); }));
}

TEST_CASE("supervised: gives up after max_attempts and says why", "[supervised]") {
    unsigned short port = 0;
    {
        amicpp::testing::server gone;
        port = gone.port();
    }
    supervised s;
    amicpp::reconnect_options r = supervised::fast_retry();
    r.max_attempts = 3;
    s.start(port, supervised::admin(), supervised::no_keepalive(), r);
    REQUIRE(run_until(s.io, [&] { return s.run_result.has_value(); }));
    CHECK(*s.run_result == asio::error::connection_refused);
    CHECK(s.notices.back().state == session_state::given_up);
    CHECK(s.count(session_state::retrying) == 3);
    // Backoff grows: each delay at least the one before (within the jitter).
    std::vector<std::chrono::milliseconds> delays;
    for (const auto& e : s.notices)
        if (e.state == session_state::retrying)
            delays.push_back(e.delay);
    CHECK(delays.back() >= delays.front());
}

TEST_CASE("faults: fifty server restarts with a thousand actions in flight each",
          "[supervised][faults][restarts]") {
    amicpp::testing::server srv;
    supervised s;
    s.start(srv.port());
    REQUIRE(s.wait_up());
    constexpr int rounds = 50, per_round = 1000;
    std::vector<int> completions(rounds * per_round, 0);
    std::map<std::string, int> outcomes;
    int done = 0;
    for (int round = 0; round < rounds; ++round) {
        REQUIRE(s.wait_up(static_cast<std::size_t>(round) + 1));
        for (int i = 0; i < per_round; ++i) {
            const int k = round * per_round + i;
            s.conn.async_send(amicpp::actions::ping{}, [&, k](std::error_code ec, auto) {
                ++completions[static_cast<std::size_t>(k)];
                ++outcomes[ec ? ec.message() : "ok"];
                ++done;
            });
        }
        s.io.poll(); // let some of them reach the server, then pull the plug
        srv.disconnect_all();
        REQUIRE(run_until(
            s.io, [&] { return done == (round + 1) * per_round; }, 30s));
    }
    s.io.poll();
    for (int c : completions)
        REQUIRE(c == 1);         // every action completed exactly once: none hung, none doubled
    CHECK(outcomes.size() <= 3); // ok, connection closed, (waited and) ok
    CHECK(srv.actions_received("Ping") <= static_cast<std::size_t>(rounds * per_round));
    s.conn.stop();
    REQUIRE(run_until(s.io, [&] { return s.run_result.has_value(); }));
}

TEST_CASE("faults: the server closes mid-message, mid-list, after the banner",
          "[supervised][faults]") {
    SECTION("after the banner") {
        amicpp::testing::server srv;
        srv.set_fault(amicpp::testing::fault::closing_after(30)); // the banner and a bit
        asio::io_context io;
        amicpp::connection c(io.get_executor());
        std::optional<std::error_code> result;
        c.async_connect("127.0.0.1", std::to_string(srv.port()), supervised::admin(),
                        [&](std::error_code ec, message) { result = ec; });
        REQUIRE(run_until(io, [&] { return result.has_value(); }));
        CHECK(*result == amicpp::error::connection_closed);
    }
    SECTION("mid-list") {
        amicpp::testing::server srv;
        srv.on_action("Status", [](amicpp::testing::action_context& ctx) {
            ctx.send(ctx.list_start("Channel status will follow"));
            message item = ctx.list_item("Status");
            item.add("Channel", "PJSIP/1");
            ctx.send(item);
            ctx.send_raw("Event: Status\r\nActionID: ");
            ctx.close();
        });
        supervised s;
        s.start(srv.port());
        REQUIRE(s.wait_up());
        std::optional<std::error_code> ec;
        amicpp::list_result<> partial;
        s.conn.async_send(amicpp::actions::status{},
                          [&](std::error_code e, amicpp::list_result<> r) {
                              ec = e;
                              partial = std::move(r);
                          });
        REQUIRE(run_until(s.io, [&] { return ec.has_value(); }));
        CHECK(*ec == amicpp::error::connection_closed);
        REQUIRE(s.wait_up(2));
        s.conn.stop();
        REQUIRE(run_until(s.io, [&] { return s.run_result.has_value(); }));
    }
}

TEST_CASE("faults: garbage banner, an HTTP server instead of AMI", "[faults]") {
    std::string greeting;
    SECTION("HTTP") {
        greeting = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
    }
    SECTION("binary garbage") {
        greeting = std::string("\x00\xff\x16\x03\x01 junk\r\n", 12);
    }
    SECTION("an SSH server") {
        greeting = "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n";
    }
    asio::io_context io;
    asio::ip::tcp::acceptor http(io, {asio::ip::make_address("127.0.0.1"), 0});
    asio::ip::tcp::socket peer(io);
    http.async_accept(peer, [&](std::error_code ec) {
        if (!ec)
            asio::write(peer, asio::buffer(greeting));
    });
    amicpp::connection c(io.get_executor());
    std::optional<std::error_code> result;
    c.async_connect("127.0.0.1", std::to_string(http.local_endpoint().port()), supervised::admin(),
                    [&](std::error_code ec, message) { result = ec; });
    REQUIRE(run_until(io, [&] { return result.has_value(); }));
    CHECK(*result == amicpp::error::not_ami_server);
}

TEST_CASE("faults: one byte per write, and a 1 MiB line, change nothing else", "[faults]") {
    amicpp::testing::server srv;
    srv.set_fault(amicpp::testing::fault::dripping());
    asio::io_context io;
    amicpp::connection c(io.get_executor());
    std::optional<std::error_code> connected;
    c.async_connect("127.0.0.1", std::to_string(srv.port()), supervised::admin(),
                    [&](std::error_code ec, message) { connected = ec; });
    REQUIRE(run_until(
        io, [&] { return connected.has_value(); }, 30s));
    REQUIRE_FALSE(*connected);
    srv.clear_faults();
    srv.send_raw("Event: Huge\r\nPrivilege: system,all\r\nData: " + std::string(1 << 20, 'x') +
                 "\r\n\r\n");
    std::optional<std::error_code> pinged;
    c.async_send(amicpp::actions::ping{}, [&](std::error_code ec, auto) { pinged = ec; });
    REQUIRE(run_until(
        io, [&] { return pinged.has_value(); }, 30s));
    CHECK_FALSE(*pinged);
    std::optional<amicpp::connection::status> st;
    c.async_get_status([&](amicpp::connection::status x) { st = x; });
    REQUIRE(run_until(io, [&] { return st.has_value(); }));
    CHECK(st->connected);
    CHECK(st->counters.messages_dropped == 1);
}
