// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_CONNECTION_HPP
#define AMICPP_CONNECTION_HPP

/// @file
/// @brief `amicpp::connection`: an AMI session over plain TCP.
///
/// With `AMICPP_SEPARATE_COMPILATION` defined, the connection's code is not compiled here but
/// once, in the translation unit that includes `<amicpp/src.hpp>` (docs/build-modes.md).

#include <amicpp/basic_connection.hpp>
#include <amicpp/detail/separate_compilation.hpp>

#include <asio/ip/tcp.hpp>

namespace amicpp {

/// @brief An AMI session over a TCP socket (Asterisk's port 5038).
using connection = basic_connection<asio::ip::tcp::socket>;

} // namespace amicpp

#if defined(AMICPP_SEPARATE_COMPILATION)
AMICPP_DETAIL_CORE_INSTANTIATION(extern)
AMICPP_DETAIL_CONNECTION_INSTANTIATION(extern, asio::ip::tcp::socket)
#endif

#endif // AMICPP_CONNECTION_HPP
