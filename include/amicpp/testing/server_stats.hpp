// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_TESTING_SERVER_STATS_HPP
#define AMICPP_TESTING_SERVER_STATS_HPP

/// @file
/// @brief `amicpp::testing::server_stats`: what the simulated server has seen and done, for
/// tests to assert on and to wait for.

#include <amicpp/detail/ascii.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace amicpp::testing {

/// @brief A snapshot of the server's counters. Gauges (`sessions`, `logged_in`) say what is true
/// now; everything else counts since the server started.
struct server_stats {
    std::size_t connections_accepted = 0; ///< TCP connections accepted, faulty ones included
    std::size_t sessions = 0;             ///< connections open now (banner sent or not)
    std::size_t logged_in = 0;            ///< open sessions that are authenticated
    std::size_t logins = 0;               ///< successful Logins
    std::size_t failed_logins = 0;        ///< refused Logins
    std::size_t actions_received = 0;     ///< messages received from clients, of any kind
    /// Actions received by name, the name in lower case (`ping`, `login`...).
    std::map<std::string, std::size_t> actions_by_name;
    std::uint64_t bytes_received = 0; ///< bytes read from clients
    std::uint64_t bytes_written = 0;  ///< bytes written to clients
    std::uint64_t events_flooded = 0; ///< copies written by `server::flood`, all sessions together
    std::uint64_t events_dropped = 0; ///< events no session got (`simulated_pbx::drop_events`)
    /// TLS handshakes that failed (`tls_server` only); such connections are not counted in
    /// `connections_accepted`.
    std::size_t tls_handshakes_failed = 0;
    /// The server name (SNI) the last client to complete a TLS handshake asked for; empty when
    /// it sent none.
    std::string last_tls_server_name;

    /// @brief How many actions named `name` (any case) were received.
    std::size_t actions(std::string_view name) const {
        std::string key(name);
        for (char& c : key)
            c = amicpp::detail::ascii_lower(c);
        const auto it = actions_by_name.find(key);
        return it == actions_by_name.end() ? 0 : it->second;
    }
};

} // namespace amicpp::testing

#endif // AMICPP_TESTING_SERVER_STATS_HPP
