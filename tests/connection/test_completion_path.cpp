// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// How operations complete (issue 13, and defect 10 of issue 12): a consumer that asks again from
// its handler gets the next buffered event without a trip through the scheduler; a handler never
// runs inside the function that started its operation, even when that function is called from
// a handler run at once; the handler's associated allocator serves the operation's memory.
#include <amicpp/actions/ping.hpp>
#include <amicpp/connection.hpp>
#include <amicpp/testing/server.hpp>

#include "harness.hpp"
#include "support/allocation_counter.hpp"

#include <asio/bind_allocator.hpp>
#include <asio/io_context.hpp>

#include <catch2/catch.hpp>

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

using amicpp::message;
using amicpp_test::run_until;

namespace {

amicpp::login_options admin() {
    return {"admin", "amp111", amicpp::auth_method::plain, "on"};
}

void connect(asio::io_context& io, amicpp::connection& c, unsigned short port) {
    std::optional<std::error_code> out;
    c.async_connect("127.0.0.1", std::to_string(port), admin(),
                    [&](std::error_code ec, amicpp::login_result) { out = ec; });
    REQUIRE(run_until(io, [&] { return out.has_value(); }));
    REQUIRE_FALSE(*out);
}

message tick(int n) {
    message m = message::event("Tick");
    m.add("Privilege", "system,all").add("N", std::to_string(n));
    return m;
}

std::size_t buffered(asio::io_context& io, amicpp::connection& c) {
    const std::optional<std::size_t> n = amicpp_test::buffered_events(io, c);
    REQUIRE(n.has_value());
    return *n;
}

// Waits until `n` Ticks sit in the connection's buffer (nobody consumes them yet).
void buffer_ticks(asio::io_context& io, amicpp::testing::server& srv, amicpp::connection& c,
                  int n) {
    const std::size_t before = buffered(io, c);
    srv.flood(tick(0), static_cast<std::uint64_t>(n));
    REQUIRE(run_until(io, [&] { return buffered(io, c) >= before + static_cast<std::size_t>(n); }));
}

// Counts what it gives out; a copy (rebound or not) shares the counters.
struct allocation_counts {
    std::size_t made = 0;
    std::size_t live = 0;
};

template <class T>
struct counting_allocator {
    using value_type = T;
    allocation_counts* counts;

    explicit counting_allocator(allocation_counts* c) noexcept : counts(c) {}
    template <class U>
    counting_allocator(const counting_allocator<U>& other) noexcept : counts(other.counts) {}

    T* allocate(std::size_t n) {
        ++counts->made;
        ++counts->live;
        return std::allocator<T>().allocate(n);
    }
    void deallocate(T* p, std::size_t n) noexcept {
        --counts->live;
        std::allocator<T>().deallocate(p, n);
    }
    template <class U>
    bool operator==(const counting_allocator<U>& o) const noexcept {
        return counts == o.counts;
    }
    template <class U>
    bool operator!=(const counting_allocator<U>& o) const noexcept {
        return counts != o.counts;
    }
};

// A logged-in connection with `n` Ticks in its buffer, nobody consuming yet.
// A simulated Asterisk and a connection logged in to it.
struct linked {
    amicpp::testing::server srv;
    asio::io_context io;
    amicpp::connection c{io.get_executor()};

    linked() { connect(io, c, srv.port()); }
};

struct buffered_ticks : linked {
    std::size_t waiting = 0; // the Ticks, and FullyBooted before them

    explicit buffered_ticks(int n) {
        buffer_ticks(io, srv, c, n);
        waiting = buffered(io, c);
    }
};

} // namespace

TEST_CASE("completion: a consumer that asks again from its handler drains the buffer at once",
          "[completion]") {
    constexpr int n = 2000;
    buffered_ticks rig(n);
    asio::io_context& io = rig.io;
    amicpp::connection& c = rig.c;
    const std::size_t waiting = rig.waiting;

    std::size_t got = 0;
    struct again {
        amicpp::connection* c;
        std::size_t* got;
        std::size_t want;
        void operator()(std::error_code ec, message) const {
            REQUIRE_FALSE(ec);
            if (++*got < want)
                c->async_receive_event(*this);
        }
    };
    c.async_receive_event(again{&c, &got, waiting});
    // Handlers the io_context ran until everything buffered was consumed: one per event (or
    // two, with a post each way) would mean a trip through the scheduler for each.
    std::size_t handlers = 0;
    REQUIRE(run_until(io, [&] {
        if (got >= waiting)
            return true;
        handlers += io.poll_one();
        return false;
    }));
    CHECK(got == waiting);
    CHECK(handlers < static_cast<std::size_t>(n) / 10);
}

TEST_CASE("completion: handing a waiting consumer the next buffered event allocates nothing",
          "[completion][allocation]") {
    buffered_ticks rig(2000);
    asio::io_context& io = rig.io;
    amicpp::connection& c = rig.c;
    const std::size_t waiting = rig.waiting;

    // A callback chain: each handler asks for the next event (the wrapper of its handler and the
    // request live in the connection without an allocation of their own).
    std::size_t got = 0;
    std::function<void(std::error_code, message)> next = [&](std::error_code ec, message) {
        REQUIRE_FALSE(ec);
        if (++got < waiting)
            c.async_receive_event(std::ref(next));
    };
    std::size_t counted = 0;
    {
        const amicpp_test::allocations::scope count;
        c.async_receive_event(std::ref(next));
        REQUIRE(run_until(io, [&] { return got >= waiting; }));
        counted = count.count();
    }
    // Nothing per event: a few for the first request and the run loop itself at most.
    if (amicpp_test::allocations::available)
        CHECK(counted < waiting / 20);
}

TEST_CASE("completion: a burst of actions reuses the memory of the burst before",
          "[completion][allocation]") {
    linked rig;
    asio::io_context& io = rig.io;
    amicpp::connection& c = rig.c;
    // As many as connection_bench's bursts: all in flight at once, a few MB of pending
    // operations, messages and answers, which the thread's kept blocks must hold.
    constexpr std::size_t burst = 10000;
    const auto send_burst = [&] {
        std::size_t done = 0;
        for (std::size_t i = 0; i < burst; ++i)
            c.async_send(amicpp::actions::ping{},
                         [&](std::error_code ec, const amicpp::actions::ping_result& r) {
                             CHECK_FALSE(ec);
                             CHECK(r.response.get("Ping") == "Pong");
                             ++done;
                         });
        REQUIRE(run_until(io, [&] { return done == burst; }));
    };
    send_burst(); // makes the connection's blocks (and the session core's spare operations)
    std::size_t counted = 0;
    {
        const amicpp_test::allocations::scope count;
        send_burst();
        counted = count.count();
    }
    // Per Ping only the result's Timestamp string (17 bytes: too long to live in the string).
    // Its pending operation (its handler's home), its message and the response's come from
    // blocks this thread kept from the burst before (detail/message_memory.hpp); any of them
    // from the heap would make it 2 or more.
    INFO("allocations in a burst of " << burst << " Pings: " << counted);
    if (amicpp_test::allocations::available)
        CHECK(counted < burst * 3 / 2);
}

TEST_CASE("completion: a handler never runs inside the call that started its operation",
          "[completion]") {
    linked rig;
    amicpp::testing::server& srv = rig.srv;
    asio::io_context& io = rig.io;
    amicpp::connection& c = rig.c;
    buffer_ticks(io, srv, c, 50);

    // Each handler (run at once by the connection) starts the next receive; an event is always
    // buffered already, yet the next handler must wait until that call has returned.
    bool starting = false;
    bool nested = false;
    std::size_t got = 0;
    std::function<void(std::error_code, message)> next = [&](std::error_code ec, message) {
        nested = nested || starting;
        REQUIRE_FALSE(ec);
        if (++got == 40)
            return;
        starting = true;
        c.async_receive_event(next);
        starting = false;
    };
    starting = true;
    c.async_receive_event(next);
    starting = false;
    REQUIRE(run_until(io, [&] { return got == 40; }));
    CHECK_FALSE(nested);

    // The same for an operation that fails at once: an action sent from a handler run at once
    // after the connection closed.
    std::optional<std::error_code> refused;
    bool refused_inside = false;
    c.async_receive_event([&](std::error_code, message) {
        c.close();
        // The close is queued behind this handler: receive once more, then send once it is done.
        c.async_receive_event([&](std::error_code, message) {
            starting = true;
            c.async_send(amicpp::actions::ping{},
                         [&](std::error_code ec, const amicpp::actions::ping_result&) {
                             refused_inside = starting;
                             refused = ec;
                         });
            starting = false;
        });
    });
    REQUIRE(run_until(io, [&] { return refused.has_value(); }));
    CHECK_FALSE(refused_inside);
}

TEST_CASE("completion: the handler's associated allocator serves the operation's memory",
          "[completion][allocator]") {
    linked rig;
    amicpp::testing::server& srv = rig.srv;
    asio::io_context& io = rig.io;
    amicpp::connection& c = rig.c;

    allocation_counts counts;
    const counting_allocator<void> alloc(&counts);
    std::optional<std::error_code> pinged;
    c.async_send(
        amicpp::actions::ping{},
        asio::bind_allocator(
            alloc, [&](std::error_code ec, const amicpp::actions::ping_result&) { pinged = ec; }));
    REQUIRE(run_until(io, [&] { return pinged.has_value(); }));
    CHECK_FALSE(*pinged);
    const std::size_t for_send = counts.made;
    CHECK(for_send > 0);

    std::optional<message> event;
    c.async_receive_event(
        asio::bind_allocator(alloc, [&](std::error_code, message m) { event = std::move(m); }));
    srv.broadcast(tick(1));
    REQUIRE(run_until(io, [&] { return event.has_value(); }));
    CHECK(counts.made > for_send);
    io.poll(); // anything still queued runs (and frees)
    CHECK(counts.live == 0);
}
