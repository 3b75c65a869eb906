// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
//
// Defect 10, moves: a connection can be moved (constructed and assigned), and the moved-to
// connection keeps the session. On the old tree `basic_connection` has its copy operations
// deleted and no move operations: this file does not compile there. On a tree where it compiles,
// it runs the moved connection against testing::server (exit status 0: passed).
#include <amicpp/actions/ping.hpp>
#include <amicpp/connection.hpp>
#include <amicpp/testing/server.hpp>

#include <asio/io_context.hpp>

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <system_error>
#include <type_traits>
#include <utility>

static_assert(std::is_nothrow_move_constructible_v<amicpp::connection>,
              "a connection can be moved");
static_assert(std::is_move_assignable_v<amicpp::connection>, "and move-assigned");

namespace {

using namespace std::chrono_literals;

template <class Predicate>
bool run_until(asio::io_context& io, Predicate done) {
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline)
            return false;
        if (io.stopped())
            io.restart();
        io.run_one_for(10ms);
    }
    return true;
}

bool ping(asio::io_context& io, amicpp::connection& c) {
    std::optional<std::error_code> out;
    c.async_send(amicpp::actions::ping{},
                 [&](std::error_code ec, amicpp::actions::ping::result_type) { out = ec; });
    return run_until(io, [&] { return out.has_value(); }) && !*out;
}

} // namespace

int main() {
    amicpp::testing::server srv;
    asio::io_context io;
    amicpp::connection a(io.get_executor());
    std::optional<std::error_code> up;
    a.async_connect("127.0.0.1", std::to_string(srv.port()),
                    {"admin", "amp111", amicpp::auth_method::plain, "on"},
                    [&](std::error_code ec, amicpp::login_result) { up = ec; });
    if (!run_until(io, [&] { return up.has_value(); }) || *up) {
        std::puts("move: the connect failed or hung");
        return 1;
    }
    amicpp::connection b(std::move(a));
    if (!ping(io, b)) {
        std::puts("move: the move-constructed connection lost its session");
        return 1;
    }
    amicpp::connection d(io.get_executor());
    d = std::move(b);
    if (!ping(io, d)) {
        std::puts("move: the move-assigned connection lost its session");
        return 1;
    }
    return 0;
}
