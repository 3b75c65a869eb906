// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_AMICPP_HPP
#define AMICPP_AMICPP_HPP

/// @file
/// @brief Umbrella header: everything in amicpp's core.

#include <amicpp/error.hpp>
#include <amicpp/message.hpp>
#include <amicpp/parser.hpp>
#include <amicpp/serializer.hpp>
#include <amicpp/server_version.hpp>

#endif // AMICPP_AMICPP_HPP
