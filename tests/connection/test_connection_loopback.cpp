// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// amicpp::connection against amicpp::testing::server on 127.0.0.1.
#include <amicpp/actions/command.hpp>
#include <amicpp/actions/originate.hpp>
#include <amicpp/actions/ping.hpp>
#include <amicpp/actions/status.hpp>
#include <amicpp/client.hpp>
#include <amicpp/connection.hpp>
#include <amicpp/testing/server.hpp>

#include "connection/harness.hpp"
#include "support/catch.hpp"

#include <asio/bind_cancellation_slot.hpp>
#include <asio/cancellation_signal.hpp>
#include <asio/io_context.hpp>
#include <asio/use_future.hpp>

#include <atomic>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

using amicpp::message;
using amicpp_test::run_until;
using namespace std::chrono_literals;

namespace {

amicpp::testing::server_options with_users(std::string banner = "11.0.0") {
    amicpp::testing::server_options o;
    o.banner_version = std::move(banner);
    o.users = {{"admin", "amp111", "all", "all"}, {"other", "pw", "all", "all"}};
    return o;
}

std::error_code connect(asio::io_context& io, amicpp::connection& c,
                        const amicpp::testing::server& srv, amicpp::login_options login,
                        message* response = nullptr) {
    std::optional<std::error_code> result;
    c.async_connect("127.0.0.1", std::to_string(srv.port()), std::move(login),
                    [&](std::error_code ec, message r) {
                        result = ec;
                        if (response)
                            *response = std::move(r);
                    });
    REQUIRE(run_until(io, [&] { return result.has_value(); }));
    return *result;
}

amicpp::login_options admin(amicpp::auth_method m = amicpp::auth_method::md5,
                            std::string events = "on") {
    return {"admin", "amp111", m, std::move(events)};
}

} // namespace

TEST_CASE("loopback: plain and MD5 login, server version from the banner", "[loopback]") {
    amicpp::testing::server srv(with_users("5.0.1"));
    for (auto method : {amicpp::auth_method::plain, amicpp::auth_method::md5}) {
        asio::io_context io;
        amicpp::connection c(io.get_executor());
        message response;
        REQUIRE_FALSE(connect(io, c, srv, admin(method), &response));
        CHECK(response.message_text() == "Authentication accepted");
        std::optional<amicpp::connection::status> st;
        c.async_get_status([&](amicpp::connection::status s) { st = s; });
        REQUIRE(run_until(io, [&] { return st.has_value(); }));
        CHECK(st->connected);
        REQUIRE(st->version.has_value());
        CHECK(*st->version == amicpp::server_version{5, 0, 1});
    }
    const auto challenges = srv.actions_received("Challenge");
    CHECK(challenges == 1);
}

TEST_CASE("loopback: a wrong secret ends with authentication_failed and the text", "[loopback]") {
    amicpp::testing::server srv(with_users());
    asio::io_context io;
    amicpp::connection c(io.get_executor());
    message response;
    const auto ec =
        connect(io, c, srv, {"admin", "nope", amicpp::auth_method::md5, "on"}, &response);
    CHECK(ec == amicpp::error::authentication_failed);
    CHECK(response.message_text() == "Authentication failed");
    // The connection can be used again, with the right secret this time.
    CHECK_FALSE(connect(io, c, srv, admin()));
}

TEST_CASE("loopback: 10,000 concurrent actions with events interleaved, all matched",
          "[loopback][load]") {
    amicpp::testing::server srv(with_users());
    asio::io_context io;
    amicpp::connection c(io.get_executor());
    REQUIRE_FALSE(connect(io, c, srv, admin()));
    std::atomic<int> events{0};
    auto sub = c.subscribe("Flood", [&](const message&) { ++events; });
    io.poll();
    message flood = message::event("Flood");
    flood.add("Privilege", "system,all");
    srv.flood(flood, 20000);
    constexpr int n = 10000;
    std::vector<int> completions(n, 0);
    int mismatched = 0, failed = 0, done = 0;
    for (int i = 0; i < n; ++i) {
        amicpp::action a{"Ping"};
        const std::string id = "user-" + std::to_string(i);
        a.set("ActionID", id);
        c.async_send(a, [&, i, id](std::error_code ec, amicpp::reply r) {
            ++completions[static_cast<std::size_t>(i)];
            ++done;
            if (ec)
                ++failed;
            else if (r.response.action_id() != id || r.response.get("Ping") != "Pong")
                ++mismatched;
        });
    }
    REQUIRE(run_until(
        io, [&] { return done == n && events == 20000; }, 60s));
    CHECK(failed == 0);
    CHECK(mismatched == 0);
    for (int k : completions)
        REQUIRE(k == 1);
}

TEST_CASE("loopback: four threads sending at once", "[loopback][threads]") {
    amicpp::testing::server srv(with_users());
    asio::io_context io;
    amicpp::connection c(io.get_executor());
    REQUIRE_FALSE(connect(io, c, srv, admin()));
    auto guard = asio::make_work_guard(io);
    std::thread runner([&] { io.run(); });
    std::vector<std::thread> senders;
    std::atomic<int> ok{0}, bad{0};
    for (int t = 0; t < 4; ++t) {
        senders.emplace_back([&] {
            std::vector<std::future<amicpp::actions::ping_result>> futures;
            for (int i = 0; i < 500; ++i)
                futures.push_back(c.send(amicpp::actions::ping{}));
            for (auto& f : futures) {
                if (f.wait_for(30s) != std::future_status::ready) {
                    ++bad;
                    continue;
                }
                try {
                    if (f.get().response.get("Ping") == "Pong")
                        ++ok;
                    else
                        ++bad;
                } catch (const std::exception&) {
                    ++bad;
                }
            }
        });
    }
    for (auto& t : senders)
        t.join();
    guard.reset();
    c.close();
    runner.join();
    CHECK(ok == 2000);
    CHECK(bad == 0);
}

TEST_CASE("loopback: Command in both formats gives the same lines", "[loopback][command]") {
    for (const char* banner : {"11.0.0", "1.1"}) {
        INFO(banner);
        amicpp::testing::server srv(with_users(banner));
        srv.set_command_output("amicpp test", {"first line", "", "Key: looks like a header  "});
        asio::io_context io;
        amicpp::connection c(io.get_executor());
        REQUIRE_FALSE(connect(io, c, srv, admin(amicpp::auth_method::plain)));
        std::optional<amicpp::actions::command_result> result;
        c.async_send(amicpp::actions::command{"amicpp test"},
                     [&](std::error_code ec, amicpp::actions::command_result r) {
                         REQUIRE_FALSE(ec);
                         result = std::move(r);
                     });
        REQUIRE(run_until(io, [&] { return result.has_value(); }));
        CHECK(result->output ==
              std::vector<std::string>{"first line", "", "Key: looks like a header  "});
        CHECK(result->response.response_status() ==
              (std::string(banner) == "1.1" ? "Follows" : "Success"));
    }
}

TEST_CASE("loopback: Status and CoreShowChannels lists, old and new servers", "[loopback][list]") {
    for (const char* banner : {"11.0.0", "2.5.0"}) { // 2.5.0: Status without EventList markers
        INFO(banner);
        amicpp::testing::server srv(with_users(banner));
        amicpp::testing::channel ch1;
        ch1.name = "PJSIP/100-00000001";
        amicpp::testing::channel ch2;
        ch2.name = "PJSIP/200-00000002";
        srv.add_channel(ch1);
        srv.add_channel(ch2);
        asio::io_context io;
        amicpp::connection c(io.get_executor());
        REQUIRE_FALSE(connect(io, c, srv, admin()));
        std::optional<std::error_code> ec1, ec2;
        amicpp::list_result<> status, channels;
        c.async_send(amicpp::actions::status{}, [&](std::error_code ec, amicpp::list_result<> r) {
            ec1 = ec;
            status = std::move(r);
        });
        c.async_send(amicpp::actions::core_show_channels{},
                     [&](std::error_code ec, amicpp::list_result<> r) {
                         ec2 = ec;
                         channels = std::move(r);
                     });
        REQUIRE(run_until(io, [&] { return ec1.has_value() && ec2.has_value(); }));
        CHECK_FALSE(*ec1);
        CHECK_FALSE(*ec2);
        REQUIRE(status.items.size() == 2);
        CHECK(status.items[0].get("Channel") == "PJSIP/100-00000001");
        CHECK(channels.items.size() == 2);
        CHECK(status.complete.is_event("StatusComplete"));
    }
}

TEST_CASE("loopback: IAXpeers items without ActionID are collected", "[loopback][list]") {
    amicpp::testing::server srv(with_users());
    asio::io_context io;
    amicpp::connection c(io.get_executor());
    REQUIRE_FALSE(connect(io, c, srv, admin()));
    std::optional<std::error_code> ec;
    amicpp::reply r;
    c.async_send(amicpp::action{"IAXpeers"}, [&](std::error_code e, amicpp::reply x) {
        ec = e;
        r = std::move(x);
    });
    REQUIRE(run_until(io, [&] { return ec.has_value(); }));
    CHECK_FALSE(*ec);
    CHECK_FALSE(r.items.empty());
    for (const message& item : r.items)
        CHECK(item.is_event("PeerEntry"));
    CHECK(r.final_event.get("ListItems") == std::to_string(r.items.size()));
}

TEST_CASE("loopback: a list cut by a disconnect completes once with an error", "[loopback][list]") {
    amicpp::testing::server srv(with_users());
    srv.on_action("CoreShowChannels", [](amicpp::testing::action_context& ctx) {
        ctx.send(ctx.list_start("Channels will follow"));
        ctx.send(ctx.list_item("CoreShowChannel"));
        ctx.close();
    });
    asio::io_context io;
    amicpp::connection c(io.get_executor());
    REQUIRE_FALSE(connect(io, c, srv, admin()));
    int calls = 0;
    std::error_code seen;
    amicpp::list_result<> partial;
    c.async_send(amicpp::actions::core_show_channels{},
                 [&](std::error_code ec, amicpp::list_result<> r) {
                     ++calls;
                     seen = ec;
                     partial = std::move(r);
                 });
    REQUIRE(run_until(io, [&] { return calls == 1; }));
    io.poll();
    CHECK(calls == 1);
    CHECK(seen == amicpp::error::connection_closed);
}

TEST_CASE("loopback: an unanswered action times out; others are unaffected",
          "[loopback][timeout]") {
    amicpp::testing::server srv(with_users());
    amicpp::testing::fault f;
    f.ignore_actions = {"Getvar"};
    srv.set_fault(f);
    asio::io_context io;
    amicpp::connection c(io.get_executor());
    REQUIRE_FALSE(connect(io, c, srv, admin()));
    std::optional<std::error_code> slow, fast;
    amicpp::send_options o;
    o.timeout = 100ms;
    amicpp::action getvar{"Getvar"};
    getvar.set("Variable", "X");
    c.async_send(getvar, o, [&](std::error_code ec, amicpp::reply) { slow = ec; });
    c.async_send(amicpp::actions::ping{}, [&](std::error_code ec, auto) { fast = ec; });
    REQUIRE(run_until(io, [&] { return slow.has_value() && fast.has_value(); }));
    CHECK(*slow == amicpp::error::timeout);
    CHECK_FALSE(*fast);
}

TEST_CASE("loopback: async Originate completes on OriginateResponse; others see it too",
          "[loopback][originate]") {
    amicpp::testing::server srv(with_users());
    asio::io_context io;
    amicpp::connection caller(io.get_executor()), watcher(io.get_executor());
    REQUIRE_FALSE(connect(io, caller, srv, admin()));
    REQUIRE_FALSE(connect(io, watcher, srv, {"other", "pw", amicpp::auth_method::md5, "on"}));
    std::vector<std::string> seen_by_watcher;
    auto sub = watcher.subscribe("OriginateResponse", [&](const message& m) {
        seen_by_watcher.emplace_back(m.action_id());
    });
    io.poll();
    amicpp::actions::originate o;
    o.channel = "Local/100@test";
    o.exten = "100";
    o.context = "test";
    std::optional<std::error_code> ec;
    amicpp::actions::originate_result result;
    caller.async_send(o, [&](std::error_code e, amicpp::actions::originate_result r) {
        ec = e;
        result = std::move(r);
    });
    REQUIRE(run_until(io, [&] { return ec.has_value() && seen_by_watcher.size() == 1; }));
    CHECK_FALSE(*ec);
    CHECK(result.success);
    CHECK(result.reason == amicpp::actions::originate_reason::answered);
    CHECK(seen_by_watcher[0] == result.event.action_id());    // the caller's ActionID
    CHECK(seen_by_watcher[0].find('-') != std::string::npos); // prefixed, not "1", "2"...

    // Through a future, the failure keeps the whole result: the reason is not lost.
    o.channel = "Local/busy@test";
    auto failing = caller.send(o);
    REQUIRE(run_until(io, [&] { return failing.wait_for(0s) == std::future_status::ready; }));
    try {
        failing.get();
        FAIL("no exception");
    } catch (const amicpp::action_failure<amicpp::actions::originate_result>& e) {
        CHECK(e.code() == amicpp::error::originate_failed);
        CHECK(e.result().reason == amicpp::actions::originate_reason::busy);
        CHECK(std::string(e.what()).find("successfully queued") == std::string::npos);
        CHECK(std::string(e.what()).rfind("amicpp: Originate", 0) == 0); // the typed name
    }

    ec.reset();
    caller.async_send(o, [&](std::error_code e, amicpp::actions::originate_result r) {
        ec = e;
        result = std::move(r);
    });
    REQUIRE(run_until(io, [&] { return ec.has_value(); }));
    CHECK(*ec == amicpp::error::originate_failed);
    CHECK(result.reason == amicpp::actions::originate_reason::busy);
}

TEST_CASE("loopback: Logoff closes politely", "[loopback]") {
    amicpp::testing::server srv(with_users());
    asio::io_context io;
    amicpp::connection c(io.get_executor());
    REQUIRE_FALSE(connect(io, c, srv, admin()));
    std::optional<std::error_code> closed;
    c.async_close([&](std::error_code ec) { closed = ec; });
    REQUIRE(run_until(io, [&] { return closed.has_value(); }));
    CHECK_FALSE(*closed);
    CHECK(srv.wait_for_sessions(0, 5s));
}

TEST_CASE("loopback: the client owns its I/O thread; futures carry the server's text",
          "[loopback][client]") {
    amicpp::testing::server srv(with_users());
    amicpp::client ami;
    const message hello = ami.connect("127.0.0.1", std::to_string(srv.port()), admin());
    CHECK(hello.message_text() == "Authentication accepted");
    CHECK(ami.call(amicpp::actions::ping{}).response.get("Ping") == "Pong");
    amicpp::action unknown{"NoSuchAction"};
    try {
        ami.call(unknown);
        FAIL("no exception");
    } catch (const std::system_error& e) {
        CHECK(e.code() == amicpp::error::action_failed);
        CHECK(std::string(e.what()).find("Invalid/unknown command") != std::string::npos);
    }
    message ev = message::event("UserEvent");
    ev.add("Privilege", "user,all").add("UserEvent", "hello");
    srv.broadcast(ev);
    std::optional<message> got;
    for (int i = 0; i < 50 && !(got && got->is_event("UserEvent")); ++i)
        got = ami.next_event(200ms);
    REQUIRE(got.has_value());
    CHECK(got->get("UserEvent") == "hello");
    ami.close();

    amicpp::client refused;
    try {
        refused.connect("127.0.0.1", std::to_string(srv.port()),
                        {"admin", "bad", amicpp::auth_method::plain, "on"});
        FAIL("no exception");
    } catch (const std::system_error& e) {
        CHECK(e.code() == amicpp::error::authentication_failed);
        CHECK(std::string(e.what()).find("amicpp: Login: server said \"Authentication failed") !=
              std::string::npos);
    }

    // Nobody listening: the text names where, not the Login.
    const std::string port = std::to_string(srv.port());
    srv.stop();
    amicpp::client nobody;
    try {
        nobody.connect("127.0.0.1", port, admin());
        FAIL("no exception");
    } catch (const std::system_error& e) {
        CHECK(e.code() == asio::error::connection_refused);
        CHECK(std::string(e.what()).find("amicpp: connect to 127.0.0.1:" + port + ": ") == 0);
    }
}

TEST_CASE("loopback: one deadline covers connect, banner and login", "[loopback][timeout]") {
    amicpp::testing::server srv(with_users());
    amicpp::testing::fault f;
    f.stall = true; // accepts, then says nothing at all
    srv.set_fault(f);
    asio::io_context io;
    amicpp::connection_options o;
    o.connect_timeout = 200ms;
    amicpp::connection c(io.get_executor(), o);
    const auto started = std::chrono::steady_clock::now();
    // Said for what it is: the peer accepted the connection but never greeted.
    CHECK(connect(io, c, srv, admin()) == amicpp::error::no_greeting);
    CHECK(std::chrono::steady_clock::now() - started < 5s);
}

TEST_CASE("loopback: a server that closes before the banner fails the connect", "[loopback]") {
    amicpp::testing::server srv(with_users());
    srv.set_fault(amicpp::testing::fault::closing_before_banner());
    asio::io_context io;
    amicpp::connection c(io.get_executor());
    CHECK(connect(io, c, srv, admin()) == amicpp::error::connection_closed);
}

TEST_CASE("loopback: nothing listening fails the connect with the network's error", "[loopback]") {
    unsigned short port = 0;
    {
        amicpp::testing::server srv(with_users());
        port = srv.port();
    }
    asio::io_context io;
    amicpp::connection c(io.get_executor());
    std::optional<std::error_code> result;
    c.async_connect("127.0.0.1", std::to_string(port), admin(),
                    [&](std::error_code ec, message) { result = ec; });
    REQUIRE(run_until(io, [&] { return result.has_value(); }));
    CHECK(*result == asio::error::connection_refused);
}

TEST_CASE("loopback: a cancelled receive completes aborted and loses no event",
          "[loopback][events][cancel]") {
    amicpp::testing::server srv(with_users());
    asio::io_context io;
    amicpp::connection c(io.get_executor());
    REQUIRE_FALSE(connect(io, c, srv, admin(amicpp::auth_method::md5, "user")));

    // One receive and one batch receive wait; both are cancelled through their slots.
    asio::cancellation_signal one_signal, batch_signal;
    std::optional<std::error_code> one, batch;
    c.async_receive_event(asio::bind_cancellation_slot(
        one_signal.slot(), [&](std::error_code ec, message) { one = ec; }));
    c.async_receive_events(
        16, asio::bind_cancellation_slot(batch_signal.slot(),
                                         [&](std::error_code ec, std::vector<message> got) {
                                             batch = ec;
                                             CHECK(got.empty());
                                         }));
    // Let both reach the connection's strand before cancelling.
    std::optional<amicpp::connection::status> st;
    c.async_get_status([&](amicpp::connection::status s) { st = s; });
    REQUIRE(run_until(io, [&] { return st.has_value(); }));
    one_signal.emit(asio::cancellation_type::terminal);
    batch_signal.emit(asio::cancellation_type::terminal);
    REQUIRE(run_until(io, [&] { return one.has_value() && batch.has_value(); }));
    CHECK(*one == asio::error::operation_aborted);
    CHECK(*batch == asio::error::operation_aborted);

    // The next event goes to the next receive; a completed receive ignores a late emit.
    message ev = message::event("UserEvent");
    ev.add("Privilege", "user,all").add("UserEvent", "after-cancel");
    srv.broadcast(ev);
    asio::cancellation_signal late;
    std::optional<message> got;
    c.async_receive_event(
        asio::bind_cancellation_slot(late.slot(), [&](std::error_code ec, message m) {
            REQUIRE_FALSE(ec);
            got = std::move(m);
        }));
    REQUIRE(run_until(io, [&] { return got.has_value(); }));
    CHECK(got->get("UserEvent") == "after-cancel");
    late.emit(asio::cancellation_type::terminal); // the slot was cleared: nothing happens
    std::optional<amicpp::connection::status> after;
    c.async_get_status([&](amicpp::connection::status s) { after = s; });
    REQUIRE(run_until(io, [&] { return after.has_value(); }));
    CHECK(after->connected);
}
