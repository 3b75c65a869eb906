// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_TESTS_HARNESS_HPP
#define AMICPP_TESTS_HARNESS_HPP

#include <asio/io_context.hpp>

#include <chrono>
#include <cstddef>
#include <optional>

namespace amicpp_test {

// Runs `io` on this thread until `done()` holds, or gives up at the deadline (returns false).
// Waiting is on the event itself: nothing here sleeps.
template <class Predicate>
bool run_until(asio::io_context& io, Predicate done,
               std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline)
            return false;
        if (io.stopped())
            io.restart();
        io.run_one_for(std::chrono::milliseconds(10));
    }
    return true;
}

// How many events wait in the connection's buffer (its status); empty if it did not say in time.
template <class Connection>
std::optional<std::size_t> buffered_events(asio::io_context& io, Connection& c) {
    std::optional<std::size_t> n;
    c.async_get_status([&](const typename Connection::status& s) { n = s.buffered_events; });
    if (!run_until(io, [&] { return n.has_value(); }))
        return std::nullopt;
    return n;
}

} // namespace amicpp_test

#endif
