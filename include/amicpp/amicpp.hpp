// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_AMICPP_HPP
#define AMICPP_AMICPP_HPP

/// @file
/// @brief Umbrella header: amicpp's core, the connection and the common typed actions.
///
/// Kept light (docs/build-modes.md): what needs `<future>` and `<thread>` has its own header.
/// Futures from `basic_connection::send` need `<amicpp/future.hpp>`; `amicpp::client`, the
/// connection with its own thread, is `<amicpp/client.hpp>`. The simulated server is
/// `<amicpp/testing/server.hpp>`.

#include <amicpp/action.hpp>
#include <amicpp/actions/command.hpp>
#include <amicpp/actions/logoff.hpp>
#include <amicpp/actions/originate.hpp>
#include <amicpp/actions/ping.hpp>
#include <amicpp/actions/status.hpp>
#include <amicpp/basic_connection.hpp>
#include <amicpp/connection.hpp>
#include <amicpp/connection_options.hpp>
#include <amicpp/error.hpp>
#include <amicpp/list_result.hpp>
#include <amicpp/message.hpp>
#include <amicpp/parser.hpp>
#include <amicpp/reply.hpp>
#include <amicpp/serializer.hpp>
#include <amicpp/server_version.hpp>
#include <amicpp/subscription.hpp>
#include <amicpp/version.hpp>

#endif // AMICPP_AMICPP_HPP
