// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_LIVE_CLOCK_HPP
#define AMICPP_LIVE_CLOCK_HPP

/// @file
/// @brief `amicpp::live::time_point`: the time the caller passes to the live state.

#include <chrono>

namespace amicpp::live {

/// @brief Wall-clock time as the user passes it in (`std::chrono::system_clock::now()`); the live
/// state never reads a clock itself.
using time_point = std::chrono::system_clock::time_point;

} // namespace amicpp::live

#endif // AMICPP_LIVE_CLOCK_HPP
