// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_CONNECTION_HPP
#define AMICPP_CONNECTION_HPP

/// @file
/// @brief `amicpp::connection`: an AMI session over plain TCP.

#include <amicpp/basic_connection.hpp>

#include <asio/ip/tcp.hpp>

namespace amicpp {

/// @brief An AMI session over a TCP socket (Asterisk's port 5038).
using connection = basic_connection<asio::ip::tcp::socket>;

} // namespace amicpp

#endif // AMICPP_CONNECTION_HPP
