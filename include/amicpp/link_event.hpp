// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_LINK_EVENT_HPP
#define AMICPP_LINK_EVENT_HPP

/// @file
/// @brief `amicpp::link_event`: what `basic_connection::subscribe_link` callbacks are told when
/// the link to Asterisk comes up (logged in) or goes down.

#include <amicpp/server_version.hpp>

#include <cstdint>
#include <system_error>

namespace amicpp {

/// @brief The link came up (logged in, events flowing) or went down.
///
/// Consumers that mirror state from events (`amicpp::live`) load it again on every `up`: the
/// events of the time the link was down are gone, and Asterisk does not replay them.
struct link_event {
    bool up = false;        ///< true: logged in; false: the link went down
    bool after_gap = false; ///< up only: an earlier link went down, so events were missed
    std::uint64_t ups = 0;  ///< how many times this connection has come up, this one included
    server_version version; ///< up only: the server's AMI version (from its greeting)
    std::error_code reason; ///< down only: why the link went down
};

} // namespace amicpp

#endif // AMICPP_LINK_EVENT_HPP
