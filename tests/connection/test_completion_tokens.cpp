// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// Every async operation with every kind of completion token: callback, asio::use_future,
// asio::use_awaitable (C++20 coroutines) and asio::experimental::deferred.
#include <amicpp/actions/ping.hpp>
#include <amicpp/connection.hpp>
#include <amicpp/testing/server.hpp>

#include "connection/harness.hpp"
#include "support/catch.hpp"

#include <asio/experimental/deferred.hpp>
#include <asio/io_context.hpp>
#include <asio/use_future.hpp>

#if defined(ASIO_HAS_CO_AWAIT)
#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>
#endif

#include <optional>
#include <string>
#include <thread>

using amicpp::message;
using amicpp_test::run_until;
using namespace std::chrono_literals;

namespace {

amicpp::login_options admin() {
    return {"admin", "amp111", amicpp::auth_method::md5, "on"};
}

// These tests pull the FullyBooted that follows the login: the buffer opens at connect.
amicpp::connection_options pulls_from_start() {
    amicpp::connection_options o;
    o.buffer_events_before_first_receive = true;
    return o;
}

} // namespace

TEST_CASE("tokens: callbacks", "[tokens]") {
    amicpp::testing::server srv;
    asio::io_context io;
    amicpp::connection c(io.get_executor(), pulls_from_start());
    std::optional<std::error_code> connected, pinged, event, closed;
    c.async_connect("127.0.0.1", std::to_string(srv.port()), admin(),
                    [&](std::error_code ec, message) { connected = ec; });
    REQUIRE(run_until(io, [&] { return connected.has_value(); }));
    REQUIRE_FALSE(*connected);
    c.async_send(amicpp::actions::ping{},
                 [&](std::error_code ec, amicpp::actions::ping_result) { pinged = ec; });
    c.async_receive_event([&](std::error_code ec, message) { event = ec; }); // FullyBooted
    REQUIRE(run_until(io, [&] { return pinged.has_value() && event.has_value(); }));
    CHECK_FALSE(*pinged);
    CHECK_FALSE(*event);
    c.async_close([&](std::error_code ec) { closed = ec; });
    REQUIRE(run_until(io, [&] { return closed.has_value(); }));
    CHECK_FALSE(*closed);
}

TEST_CASE("tokens: asio::use_future", "[tokens]") {
    amicpp::testing::server srv;
    asio::io_context io;
    auto guard = asio::make_work_guard(io);
    std::thread runner([&] { io.run(); });
    {
        amicpp::connection c(io.get_executor(), pulls_from_start());
        auto login =
            c.async_connect("127.0.0.1", std::to_string(srv.port()), admin(), asio::use_future);
        REQUIRE(login.wait_for(10s) == std::future_status::ready);
        CHECK(login.get().message_text() == "Authentication accepted");
        auto pong = c.async_send(amicpp::actions::ping{}, asio::use_future);
        REQUIRE(pong.wait_for(10s) == std::future_status::ready);
        CHECK(pong.get().response.get("Ping") == "Pong");
        auto ev = c.async_receive_event(asio::use_future);
        REQUIRE(ev.wait_for(10s) == std::future_status::ready);
        CHECK(ev.get().is_event("FullyBooted"));
        auto failing = c.async_send(amicpp::action{"Bogus"}, asio::use_future);
        REQUIRE(failing.wait_for(10s) == std::future_status::ready);
        CHECK_THROWS_AS(failing.get(), std::system_error);
        auto bye = c.async_close(asio::use_future);
        REQUIRE(bye.wait_for(10s) == std::future_status::ready);
        bye.get();
    }
    guard.reset();
    runner.join();
}

TEST_CASE("tokens: asio::experimental::deferred", "[tokens]") {
    amicpp::testing::server srv;
    asio::io_context io;
    amicpp::connection c(io.get_executor(), pulls_from_start());
    std::optional<std::error_code> connected, pinged;
    auto op = c.async_connect("127.0.0.1", std::to_string(srv.port()), admin(),
                              asio::experimental::deferred);
    std::move(op)([&](std::error_code ec, message) { connected = ec; });
    REQUIRE(run_until(io, [&] { return connected.has_value(); }));
    REQUIRE_FALSE(*connected);
    auto ping = c.async_send(amicpp::actions::ping{}, asio::experimental::deferred);
    std::move(ping)([&](std::error_code ec, amicpp::actions::ping_result) { pinged = ec; });
    REQUIRE(run_until(io, [&] { return pinged.has_value(); }));
    CHECK_FALSE(*pinged);
}

#if defined(ASIO_HAS_CO_AWAIT)
TEST_CASE("tokens: asio::use_awaitable in a coroutine", "[tokens]") {
    amicpp::testing::server srv;
    asio::io_context io;
    amicpp::connection c(io.get_executor(), pulls_from_start());
    std::optional<std::string> outcome;
    auto session = [&]() -> asio::awaitable<void> {
        const message hello = co_await c.async_connect("127.0.0.1", std::to_string(srv.port()),
                                                       admin(), asio::use_awaitable);
        const auto pong = co_await c.async_send(amicpp::actions::ping{}, asio::use_awaitable);
        const message first = co_await c.async_receive_event(asio::use_awaitable);
        std::string failure;
        try {
            // A named action: g++ 12 destroys some temporaries of a co_await expression twice.
            amicpp::action bogus{"Bogus"};
            co_await c.async_send(bogus, asio::use_awaitable);
        } catch (const std::system_error& e) {
            failure = e.code() == amicpp::error::action_failed ? "action_failed" : "other";
        }
        co_await c.async_close(asio::use_awaitable);
        outcome = std::string(hello.message_text()) + "|" + std::string(pong.response.get("Ping")) +
                  "|" + std::string(first.event_name()) + "|" + failure;
    };
    asio::co_spawn(io, session(), [&](std::exception_ptr e) {
        if (e)
            outcome = "exception";
    });
    REQUIRE(run_until(io, [&] { return outcome.has_value(); }));
    CHECK(*outcome == "Authentication accepted|Pong|FullyBooted|action_failed");
}

TEST_CASE("tokens: a coroutine waits for an event or a timer, whichever comes first",
          "[tokens][cancel]") {
    using namespace asio::experimental::awaitable_operators;
    amicpp::testing::server srv;
    asio::io_context io;
    amicpp::connection c(io.get_executor(), pulls_from_start());
    std::optional<std::string> outcome;
    auto session = [&]() -> asio::awaitable<void> {
        // "off": no event will come, so the timer wins and the receive is cancelled. (Named
        // arguments and awaitables: g++ 12 destroys temporaries of a co_await expression twice.)
        const amicpp::login_options quiet{"admin", "amp111", amicpp::auth_method::md5, "off"};
        const std::string port = std::to_string(srv.port());
        co_await c.async_connect("127.0.0.1", port, quiet, asio::use_awaitable);
        asio::steady_timer timer(io, 50ms);
        auto receive = c.async_receive_event(asio::use_awaitable);
        auto wait = timer.async_wait(asio::use_awaitable);
        auto first = co_await(std::move(receive) || std::move(wait));
        // The connection is still fine after the cancelled receive.
        const auto pong = co_await c.async_send(amicpp::actions::ping{}, asio::use_awaitable);
        co_await c.async_close(asio::use_awaitable);
        outcome = std::string(first.index() == 1 ? "timer" : "event") + "|" +
                  std::string(pong.response.get("Ping"));
    };
    asio::co_spawn(io, session(), [&](std::exception_ptr e) {
        if (e)
            outcome = "exception";
    });
    REQUIRE(run_until(io, [&] { return outcome.has_value(); }));
    CHECK(*outcome == "timer|Pong");
}

TEST_CASE("tokens: a coroutine reading one event per co_await drains the buffer at once",
          "[tokens][completion]") {
    amicpp::testing::server srv;
    asio::io_context io;
    amicpp::connection c(io.get_executor(), pulls_from_start());
    std::optional<std::error_code> connected;
    c.async_connect("127.0.0.1", std::to_string(srv.port()), admin(),
                    [&](std::error_code ec, message) { connected = ec; });
    REQUIRE(run_until(io, [&] { return connected.has_value(); }));
    REQUIRE_FALSE(*connected);
    constexpr std::size_t n = 2000;
    message tick = message::event("Tick");
    tick.add("Privilege", "system,all");
    srv.flood(tick, n);
    const auto buffered = [&] {
        const std::optional<std::size_t> b = amicpp_test::buffered_events(io, c);
        REQUIRE(b.has_value());
        return *b;
    };
    REQUIRE(run_until(io, [&] { return buffered() >= n; })); // FullyBooted and the Ticks
    const std::size_t waiting = buffered();
    std::size_t got = 0;
    auto reader = [&]() -> asio::awaitable<void> {
        while (got < waiting) {
            co_await c.async_receive_event(asio::use_awaitable);
            ++got;
        }
    };
    asio::co_spawn(io, reader(), asio::detached);
    // Handlers the io_context ran until all were read: one or more per event would mean a trip
    // through the scheduler for each.
    std::size_t handlers = 0;
    REQUIRE(run_until(io, [&] {
        if (got >= waiting)
            return true;
        handlers += io.poll_one();
        return false;
    }));
    CHECK(got == waiting);
    CHECK(handlers < n / 10);
}
#endif
