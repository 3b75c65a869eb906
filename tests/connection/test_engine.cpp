// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// The connection on the session core (issue 12): each of the ten defects the review found,
// reproduced on loopback against amicpp::testing::server, and fixed.
#include <amicpp/actions/ping.hpp>
#include <amicpp/client.hpp>
#include <amicpp/connection.hpp>
#include <amicpp/testing/server.hpp>

#include "connection/harness.hpp"
#include "support/catch.hpp"

#include <asio/bind_cancellation_slot.hpp>
#include <asio/cancellation_signal.hpp>
#include <asio/experimental/deferred.hpp>
#include <asio/ip/tcp.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

using amicpp::message;
using amicpp::session_state;
using amicpp_test::run_until;
using namespace std::chrono_literals;

namespace {

amicpp::login_options admin() {
    return {"admin", "amp111", amicpp::auth_method::plain, "on"};
}

std::error_code connect(asio::io_context& io, amicpp::connection& c, unsigned short port) {
    std::optional<std::error_code> out;
    c.async_connect("127.0.0.1", std::to_string(port), admin(),
                    [&](std::error_code ec, amicpp::login_result) { out = ec; });
    REQUIRE(run_until(io, [&] { return out.has_value(); }));
    return *out;
}

template <class Action>
std::pair<std::error_code, typename Action::result_type> send(asio::io_context& io,
                                                              amicpp::connection& c, Action a) {
    std::optional<std::pair<std::error_code, typename Action::result_type>> out;
    c.async_send(std::move(a), [&](std::error_code ec, typename Action::result_type r) {
        out.emplace(ec, std::move(r));
    });
    REQUIRE(run_until(io, [&] { return out.has_value(); }));
    return std::move(*out);
}

amicpp::connection::status status_of(asio::io_context& io, amicpp::connection& c) {
    std::optional<amicpp::connection::status> out;
    c.async_get_status([&](amicpp::connection::status s) { out = std::move(s); });
    REQUIRE(run_until(io, [&] { return out.has_value(); }));
    return std::move(*out);
}

amicpp::run_options run_to(unsigned short port, std::vector<session_state>* notices) {
    amicpp::run_options o;
    o.host = "127.0.0.1";
    o.port = std::to_string(port);
    o.login = admin();
    o.reconnect.initial_delay = 10ms;
    o.reconnect.max_delay = 50ms;
    o.keepalive.ping_interval = 0ms;
    o.on_state = [notices](const amicpp::session_event& e) { notices->push_back(e.state); };
    return o;
}

std::size_t count(const std::vector<session_state>& v, session_state s) {
    std::size_t n = 0;
    for (session_state x : v)
        n += x == s ? 1 : 0;
    return n;
}

message tick(const std::string& n) {
    message m = message::event("Tick");
    m.add("Privilege", "system,all").add("N", n);
    return m;
}

} // namespace

// ---- defect 1: close and destruction are final -------------------------------------------------

TEST_CASE("engine: close() of a supervised connection ends the run for good",
          "[engine][lifecycle]") {
    amicpp::testing::server srv;
    asio::io_context io;
    amicpp::connection c(io.get_executor());
    std::vector<session_state> notices;
    std::optional<std::error_code> run_result;
    c.async_run(run_to(srv.port(), &notices), [&](std::error_code ec) { run_result = ec; });
    REQUIRE(run_until(io, [&] { return count(notices, session_state::up) == 1; }));
    c.close();
    REQUIRE(run_until(io, [&] { return run_result.has_value(); }));
    CHECK_FALSE(*run_result);
    CHECK(count(notices, session_state::stopped) == 1);
    // Nothing is left to do: io.run() returns (no reconnect, no timer).
    io.restart();
    io.run_for(10s);
    CHECK(io.stopped());
    CHECK(srv.actions_received("Login") == 1);
    CHECK(count(notices, session_state::connecting) == 1);
}

TEST_CASE("engine: destroying a supervised connection ends the run; ~client returns",
          "[engine][lifecycle]") {
    amicpp::testing::server srv;
    {
        asio::io_context io;
        auto c = std::make_unique<amicpp::connection>(io.get_executor());
        std::vector<session_state> notices;
        std::optional<std::error_code> run_result;
        c->async_run(run_to(srv.port(), &notices), [&](std::error_code ec) { run_result = ec; });
        REQUIRE(run_until(io, [&] { return count(notices, session_state::up) == 1; }));
        c.reset();
        REQUIRE(run_until(io, [&] { return run_result.has_value(); }));
        io.restart();
        io.run_for(10s);
        CHECK(io.stopped());
        CHECK(srv.actions_received("Login") == 1);
    }
    // The client's destructor closes the connection its run uses, and joins.
    std::promise<void> destroyed;
    auto gone = destroyed.get_future();
    std::atomic<bool> up{false};
    std::thread t([&] {
        {
            amicpp::client ami;
            amicpp::run_options o;
            o.host = "127.0.0.1";
            o.port = std::to_string(srv.port());
            o.login = admin();
            o.keepalive.ping_interval = 0ms;
            o.on_state = [&](const amicpp::session_event& e) {
                if (e.state == session_state::up)
                    up = true;
            };
            ami.get_connection().async_run(o, [](std::error_code) {});
            const auto deadline = std::chrono::steady_clock::now() + 10s;
            while (!up && std::chrono::steady_clock::now() < deadline)
                std::this_thread::yield();
        }
        destroyed.set_value();
    });
    if (gone.wait_for(20s) != std::future_status::ready) {
        FAIL("~client did not return");
        t.detach();
        std::_Exit(1);
    }
    t.join();
    CHECK(up);
}

TEST_CASE("engine: after stop() the connection can connect again", "[engine][lifecycle]") {
    amicpp::testing::server srv;
    asio::io_context io;
    amicpp::connection c(io.get_executor());
    std::vector<session_state> notices;
    std::optional<std::error_code> run_result;
    c.async_run(run_to(srv.port(), &notices), [&](std::error_code ec) { run_result = ec; });
    REQUIRE(run_until(io, [&] { return count(notices, session_state::up) == 1; }));
    // While a run is active, a plain connect is refused.
    CHECK(connect(io, c, srv.port()) == amicpp::error::already_connected);
    c.stop();
    REQUIRE(run_until(io, [&] { return run_result.has_value(); }));
    REQUIRE_FALSE(connect(io, c, srv.port()));
    CHECK_FALSE(send(io, c, amicpp::actions::ping{}).first);
}

// ---- defect 2: callback-only users pay nothing for the pull buffer ------------------------------

TEST_CASE("engine: a callback-only user never fills the pull buffer", "[engine][events]") {
    amicpp::testing::server srv;
    asio::io_context io;
    amicpp::connection_options o;
    o.event_buffer = 2; // the smallest buffers paused every read before
    amicpp::connection c(io.get_executor(), o);
    std::size_t seen = 0;
    auto sub = c.subscribe("Tick", [&](const message&) { ++seen; });
    REQUIRE_FALSE(connect(io, c, srv.port()));
    srv.flood(tick("x"), 5000);
    REQUIRE(run_until(io, [&] { return seen == 5000; }));
    // Reading never paused for a consumer that does not exist; actions are answered.
    CHECK(status_of(io, c).counters.read_pauses == 0);
    CHECK_FALSE(send(io, c, amicpp::actions::ping{}).first);
    // With the buffer opened at the first receive, nothing is even buffered.
    amicpp::connection_options lazy = o;
    lazy.buffer_events_before_first_receive = false;
    amicpp::connection d(io.get_executor(), lazy);
    std::size_t seen_d = 0;
    auto sub_d = d.subscribe("Tick", [&](const message&) { ++seen_d; });
    REQUIRE_FALSE(connect(io, d, srv.port()));
    srv.flood(tick("y"), 5000);
    REQUIRE(run_until(io, [&] { return seen_d == 5000; }));
    const auto st = status_of(io, d);
    CHECK(st.buffered_events == 0);
    CHECK(st.counters.events_dropped == 0);
    CHECK(st.counters.read_pauses == 0);
}

// ---- defect 3: exceptions from callbacks --------------------------------------------------------

TEST_CASE("engine: a throwing callback costs that call only, and is reported", "[engine][events]") {
    amicpp::testing::server srv;
    asio::io_context io;
    amicpp::connection_options o;
    std::vector<std::string> reported;
    o.on_callback_error = [&](std::exception_ptr e) {
        try {
            std::rethrow_exception(e);
        } catch (const std::exception& x) {
            reported.emplace_back(x.what());
        }
    };
    amicpp::connection c(io.get_executor(), o);
    std::vector<std::string> ticks;
    auto bad = c.subscribe("Tick", [&](const message& m) {
        ticks.emplace_back(m.get("N"));
        if (ticks.size() == 1)
            throw std::runtime_error("callback failed");
    });
    std::size_t links = 0;
    auto link = c.subscribe_link([&](const amicpp::link_event&) {
        ++links;
        throw std::runtime_error("link callback failed");
    });
    REQUIRE_FALSE(connect(io, c, srv.port()));
    REQUIRE(run_until(io, [&] { return links == 1; }));
    srv.broadcast(tick("1"));
    srv.broadcast(tick("2"));
    REQUIRE(run_until(io, [&] { return ticks.size() == 2; }));
    // The connection goes on: actions are answered, the state stays right.
    CHECK_FALSE(send(io, c, amicpp::actions::ping{}).first);
    const auto st = status_of(io, c);
    CHECK(st.connected);
    CHECK(st.counters.callback_exceptions == 2);
    CHECK(reported == std::vector<std::string>{"link callback failed", "callback failed"});
}

TEST_CASE("engine: a throwing on_state does not stop the supervised session",
          "[engine][lifecycle]") {
    amicpp::testing::server srv;
    asio::io_context io;
    amicpp::connection c(io.get_executor());
    std::vector<session_state> notices;
    amicpp::run_options o = run_to(srv.port(), &notices);
    o.on_state = [&](const amicpp::session_event& e) {
        notices.push_back(e.state);
        throw std::runtime_error("on_state failed");
    };
    std::optional<std::error_code> run_result;
    c.async_run(o, [&](std::error_code ec) { run_result = ec; });
    REQUIRE(run_until(io, [&] { return count(notices, session_state::up) == 1; }));
    CHECK_FALSE(send(io, c, amicpp::actions::ping{}).first);
    c.stop();
    REQUIRE(run_until(io, [&] { return run_result.has_value(); }));
    CHECK(status_of(io, c).counters.callback_exceptions == notices.size());
}

// ---- defect 4: per-operation cancellation of connect, login and close ---------------------------

TEST_CASE("engine: async_connect honours its cancellation slot", "[engine][cancel]") {
    // A peer that accepts and never greets: only the cancellation can end the connect early.
    asio::io_context peer_io;
    asio::ip::tcp::acceptor acceptor(peer_io, {asio::ip::make_address("127.0.0.1"), 0});
    asio::ip::tcp::socket accepted(peer_io);
    acceptor.async_accept(accepted, [](std::error_code) {});
    std::thread peer([&] { peer_io.run(); });
    asio::io_context io;
    amicpp::connection_options o;
    o.connect_timeout = 60s;
    amicpp::connection c(io.get_executor(), o);
    asio::cancellation_signal sig;
    std::optional<std::error_code> out;
    c.async_connect("127.0.0.1", std::to_string(acceptor.local_endpoint().port()), admin(),
                    asio::bind_cancellation_slot(
                        sig.slot(), [&](std::error_code ec, amicpp::login_result) { out = ec; }));
    sig.emit(asio::cancellation_type::terminal);
    REQUIRE(run_until(
        io, [&] { return out.has_value(); }, 20s));
    CHECK(*out == asio::error::operation_aborted);
    CHECK_FALSE(status_of(io, c).connected);
    peer_io.stop();
    peer.join();
}

TEST_CASE("engine: async_close honours its cancellation slot", "[engine][cancel]") {
    amicpp::testing::server srv;
    srv.on_action("Logoff", [](amicpp::testing::action_context&) {}); // never answered
    asio::io_context io;
    amicpp::connection_options o;
    o.action_timeout = 60s;
    amicpp::connection c(io.get_executor(), o);
    REQUIRE_FALSE(connect(io, c, srv.port()));
    asio::cancellation_signal sig;
    std::optional<std::error_code> out;
    c.async_close(asio::bind_cancellation_slot(sig.slot(), [&](std::error_code ec) { out = ec; }));
    REQUIRE(run_until(io, [&] { return srv.actions_received("Logoff") == 1; }));
    sig.emit(asio::cancellation_type::terminal);
    REQUIRE(run_until(
        io, [&] { return out.has_value(); }, 20s));
    CHECK(*out == asio::error::operation_aborted);
    CHECK_FALSE(status_of(io, c).connected);
}

// ---- defect 5: a receive cancelled right after it started ---------------------------------------

TEST_CASE("engine: a receive cancelled at once completes", "[engine][cancel]") {
    amicpp::testing::server srv;
    asio::io_context io;
    amicpp::connection_options o;
    o.buffer_events_before_first_receive = false; // nothing buffered: the receive waits
    amicpp::connection c(io.get_executor(), o);
    // FullyBooted follows the login's response: seen (and not buffered) before any receive, so
    // that it cannot answer the receives below before their cancellation.
    bool booted = false;
    auto sub = c.subscribe("FullyBooted", [&](const message&) { booted = true; });
    REQUIRE_FALSE(connect(io, c, srv.port()));
    REQUIRE(run_until(io, [&] { return booted; }));
    asio::cancellation_signal sig;
    std::optional<std::error_code> one;
    c.async_receive_event(
        asio::bind_cancellation_slot(sig.slot(), [&](std::error_code ec, message) { one = ec; }));
    sig.emit(asio::cancellation_type::terminal); // before the receive reached the strand
    REQUIRE(run_until(io, [&] { return one.has_value(); }));
    CHECK(*one == asio::error::operation_aborted);
    asio::cancellation_signal sig2;
    std::optional<std::error_code> many;
    c.async_receive_events(
        16, asio::bind_cancellation_slot(
                sig2.slot(), [&](std::error_code ec, std::vector<message>) { many = ec; }));
    sig2.emit(asio::cancellation_type::terminal);
    REQUIRE(run_until(io, [&] { return many.has_value(); }));
    CHECK(*many == asio::error::operation_aborted);
    // No event is lost: the next receive gets the next one.
    std::optional<message> next;
    c.async_receive_event([&](std::error_code, message m) { next = std::move(m); });
    srv.broadcast(tick("after"));
    REQUIRE(run_until(io, [&] { return next.has_value(); }));
    CHECK(next->get("N") == "after");
}

// ---- defect 6: the default deadline fits an Originate -------------------------------------------

TEST_CASE("engine: an Originate waits for its ring time, not the action timeout",
          "[engine][deadlines]") {
    amicpp::testing::server srv;
    srv.on_action("Originate", [](amicpp::testing::action_context& ctx) {
        ctx.send(ctx.response("Success", "Originate successfully queued"));
        message done = message::event("OriginateResponse");
        done.add("Privilege", "call,all").add("ActionID", ctx.action_id());
        done.add("Response", "Failure").add("Reason", "3");
        ctx.send_after(600ms, done); // no answer within the ring time
    });
    asio::io_context io;
    amicpp::connection_options o;
    o.action_timeout = 200ms; // shorter than the ring time
    amicpp::connection c(io.get_executor(), o);
    REQUIRE_FALSE(connect(io, c, srv.port()));
    amicpp::action call{"Originate"};
    call.set("Channel", "Local/100@test").set("Async", "true").set("Timeout", "500");
    call.expect_event("OriginateResponse");
    const auto [ec, r] = send(io, c, call);
    CHECK_FALSE(ec);
    CHECK(r.final_event.get("Reason") == "3");
}

// ---- defect 7: a list item over a parser limit --------------------------------------------------

TEST_CASE("engine: the rest of a list failed by a parser limit never leaks as events",
          "[engine][limits]") {
    amicpp::testing::server srv;
    srv.on_action("BigList", [](amicpp::testing::action_context& ctx) {
        ctx.send(ctx.list_start("Items will follow"));
        message small = ctx.list_item("Item");
        small.add("N", "1");
        ctx.send(small);
        message big = ctx.list_item("Item");
        big.add("N", "2").add("Data", std::string(4000, 'x'));
        ctx.send(big);
        message more = ctx.list_item("Item");
        more.add("N", "3");
        ctx.send(more);
        ctx.send(ctx.list_complete("ItemsComplete", 3));
    });
    asio::io_context io;
    amicpp::connection_options o;
    o.limits.max_line_length = 1024;
    amicpp::connection c(io.get_executor(), o);
    std::vector<std::string> events;
    auto sub = c.subscribe_all([&](const message& m) { events.emplace_back(m.event_name()); });
    REQUIRE_FALSE(connect(io, c, srv.port()));
    amicpp::action list{"BigList"};
    list.expect_list();
    const auto [ec, r] = send(io, c, list);
    CHECK(ec == amicpp::error::line_too_long);
    srv.broadcast(tick("end"));
    REQUIRE(run_until(io, [&] { return !events.empty() && events.back() == "Tick"; }));
    for (const std::string& e : events)
        CHECK(e != "Item");
    CHECK(std::find(events.begin(), events.end(), "ItemsComplete") == events.end());
}

// ---- defect 8: filters --------------------------------------------------------------------------

TEST_CASE("engine: async_add_filter is lazy; refused and duplicate filters are not re-applied",
          "[engine][filters]") {
    amicpp::testing::server srv;
    srv.on_action("Filter", [](amicpp::testing::action_context& ctx) {
        if (ctx.get("Filter") == "Event: Refused")
            ctx.send(ctx.response("Error", "Filter refused"));
        else
            ctx.send(ctx.response("Success", "Filter added"));
    });
    asio::io_context io;
    amicpp::connection c(io.get_executor());
    std::vector<session_state> notices;
    std::optional<std::error_code> run_result;
    c.async_run(run_to(srv.port(), &notices), [&](std::error_code ec) { run_result = ec; });
    REQUIRE(run_until(io, [&] { return count(notices, session_state::up) == 1; }));
    // Made, never launched: nothing is sent, now or after a reconnect.
    auto never = c.async_add_filter("Event: Never", asio::experimental::deferred);
    (void)never;
    std::vector<std::error_code> results;
    auto record = [&](std::error_code ec, amicpp::reply) { results.push_back(ec); };
    c.async_add_filter("Event: Refused", record);
    c.async_add_filter("Event: Twice", record);
    c.async_add_filter("Event: Twice", record);
    REQUIRE(run_until(io, [&] { return results.size() == 3; }));
    CHECK(results[0] == amicpp::error::action_failed);
    CHECK(srv.actions_received("Filter") == 3);
    srv.disconnect_all();
    REQUIRE(run_until(io, [&] { return count(notices, session_state::up) == 2; }));
    CHECK_FALSE(send(io, c, amicpp::actions::ping{}).first);
    // Re-applied: "Twice" once; never "Refused", never "Never".
    REQUIRE(run_until(io, [&] { return srv.actions_received("Filter") >= 4; }));
    CHECK_FALSE(send(io, c, amicpp::actions::ping{}).first);
    CHECK(srv.actions_received("Filter") == 4);
    std::size_t never_seen = 0;
    for (const message& m : srv.received_actions("Filter"))
        never_seen += m.get("Filter") == "Event: Never" ? 1 : 0;
    CHECK(never_seen == 0);
    c.stop();
    REQUIRE(run_until(io, [&] { return run_result.has_value(); }));
}

namespace {

// Sends an Originate (which would place a call) and cancels it at once, before the strand has
// run anything; `out` gets its completion's error. `sig` must outlive the action.
void send_originate_cancelled_at_once(amicpp::connection& c, asio::cancellation_signal& sig,
                                      std::optional<std::error_code>& out) {
    amicpp::action call{"Originate"};
    call.set("Channel", "Local/100@test").set("Application", "Playback");
    c.async_send(call, asio::bind_cancellation_slot(
                           sig.slot(), [&out](std::error_code ec, amicpp::reply) { out = ec; }));
    sig.emit(asio::cancellation_type::terminal);
}

} // namespace

// ---- defect 9: cancelled before it left: never sent ---------------------------------------------

TEST_CASE("engine: an action cancelled before it was written is never sent", "[engine][cancel]") {
    amicpp::testing::server srv;
    asio::io_context io;
    amicpp::connection c(io.get_executor());
    REQUIRE_FALSE(connect(io, c, srv.port()));
    asio::cancellation_signal sig;
    std::optional<std::error_code> out;
    send_originate_cancelled_at_once(c, sig, out);
    CHECK_FALSE(send(io, c, amicpp::actions::ping{}).first);
    REQUIRE(run_until(io, [&] { return out.has_value(); }));
    CHECK(*out == asio::error::operation_aborted);
    CHECK(srv.actions_received("Originate") == 0);
    CHECK(srv.actions_received("Ping") == 1);
}

// ---- a burst from outside the strand is submitted in rounds ------------------------------------

namespace {

// The server records each "Seq" action's N, in the order they arrive.
struct sequence_recorder {
    std::mutex lock;
    std::vector<int> seen;

    void install(amicpp::testing::server& srv) {
        srv.on_action("Seq", [this](amicpp::testing::action_context& ctx) {
            {
                const std::lock_guard<std::mutex> hold(lock);
                seen.push_back(std::stoi(std::string(ctx.action().get("N"))));
            }
            ctx.send(ctx.response("Success"));
        });
    }
    std::vector<int> snapshot() {
        const std::lock_guard<std::mutex> hold(lock);
        return seen;
    }
};

amicpp::action seq(int n) {
    amicpp::action a{"Seq"};
    a.set("N", std::to_string(n));
    return a;
}

constexpr int burst_size = 1000; // several of the inbox's rounds

// A logged-in connection to a server that records the order of "Seq" actions.
struct sequenced_session {
    amicpp::testing::server srv;
    sequence_recorder order;
    asio::io_context io;
    amicpp::connection c{io.get_executor()};

    sequenced_session() {
        order.install(srv);
        REQUIRE_FALSE(connect(io, c, srv.port()));
    }
};

} // namespace

TEST_CASE("engine: a burst larger than a round reaches the server in the order sent",
          "[engine][burst]") {
    sequenced_session s;
    int done = 0;
    int failed = 0;
    for (int i = 0; i < burst_size; ++i) // outside the strand: through the inbox
        s.c.async_send(seq(i), [&](std::error_code ec, amicpp::reply) {
            ++done;
            failed += ec ? 1 : 0;
        });
    REQUIRE(run_until(s.io, [&] { return done == burst_size; }));
    CHECK(failed == 0);
    std::vector<int> expected(burst_size);
    for (int i = 0; i < burst_size; ++i)
        expected[static_cast<std::size_t>(i)] = i;
    CHECK(s.order.snapshot() == expected);
}

TEST_CASE("engine: an action sent from the strand does not overtake a burst waiting its round",
          "[engine][burst]") {
    sequenced_session s;
    int done = 0;
    for (int i = 0; i < burst_size; ++i) // outside the strand: through the inbox
        s.c.async_send(seq(i), [&](std::error_code, amicpp::reply) { ++done; });
    // The status request is posted behind the burst's first round and ahead of the next one
    // (which that round posts when it ends), so its handler runs on the strand while most of the
    // burst still waits for its round: what it sends must go after all of it.
    bool sent_from_strand = false;
    s.c.async_get_status([&](const amicpp::connection::status&) {
        sent_from_strand = true;
        s.c.async_send(seq(burst_size), [&](std::error_code, amicpp::reply) { ++done; });
    });
    REQUIRE(run_until(s.io, [&] { return done == burst_size + 1; }));
    CHECK(sent_from_strand);
    const std::vector<int> seen = s.order.snapshot();
    REQUIRE(seen.size() == static_cast<std::size_t>(burst_size) + 1);
    CHECK(seen.back() == burst_size);
}

TEST_CASE("engine: a cancellation finds its action still waiting for its round",
          "[engine][burst][cancel]") {
    amicpp::testing::server srv;
    asio::io_context io;
    amicpp::connection c(io.get_executor());
    REQUIRE_FALSE(connect(io, c, srv.port()));
    int pings = 0;
    for (int i = 0; i < burst_size; ++i)
        c.async_send(amicpp::actions::ping{}, [&](std::error_code, auto) { ++pings; });
    asio::cancellation_signal sig;
    std::optional<std::error_code> out;
    send_originate_cancelled_at_once(c, sig, out); // the cancellation runs after the first round
    REQUIRE(run_until(io, [&] { return out.has_value() && pings == burst_size; }));
    CHECK(*out == asio::error::operation_aborted);
    CHECK_FALSE(send(io, c, amicpp::actions::ping{}).first); // the server has seen all before
    CHECK(srv.actions_received("Originate") == 0);
}

// ---- defect 10: subscriptions, counters, moves --------------------------------------------------

TEST_CASE("engine: an ended subscription lets go of its captures at once", "[engine][events]") {
    amicpp::testing::server srv;
    asio::io_context io;
    amicpp::connection c(io.get_executor());
    REQUIRE_FALSE(connect(io, c, srv.port()));
    auto token = std::make_shared<int>(0);
    auto sub = c.subscribe_all([token](const message&) {});
    CHECK_FALSE(send(io, c, amicpp::actions::ping{}).first); // registered
    sub.unsubscribe();
    // No event comes; the callback (and the token it holds) goes anyway.
    REQUIRE(run_until(io, [&] { return token.use_count() == 1; }));
}

static_assert(
    std::is_same_v<decltype(amicpp::connection::status::counters), amicpp::connection_counters>,
    "status::counters is a public type");
static_assert(std::is_nothrow_move_constructible_v<amicpp::connection>,
              "a connection can be moved");
static_assert(std::is_move_assignable_v<amicpp::connection>, "and move-assigned");

TEST_CASE("engine: a moved connection keeps its session", "[engine][lifecycle]") {
    amicpp::testing::server srv;
    asio::io_context io;
    amicpp::connection a(io.get_executor());
    REQUIRE_FALSE(connect(io, a, srv.port()));
    amicpp::connection b(std::move(a));
    CHECK_FALSE(send(io, b, amicpp::actions::ping{}).first);
    amicpp::connection d(io.get_executor());
    d = std::move(b);
    CHECK_FALSE(send(io, d, amicpp::actions::ping{}).first);
    CHECK(status_of(io, d).connected);
}
