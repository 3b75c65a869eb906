// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_LIVE_CALL_HPP
#define AMICPP_LIVE_CALL_HPP

/// @file
/// @brief `amicpp::live::call`: the channels that share one `Linkedid`.

#include <amicpp/live/clock.hpp>

#include <string>
#include <vector>

namespace amicpp::live {

/// @brief A call: every live channel whose `Linkedid` is `linkedid`.
///
/// It starts with its first channel and ends when its last channel hangs up or moves to another
/// call (a channel bridged with an older call takes that call's Linkedid).
struct call {
    std::string linkedid;              ///< the key: the Linkedid its channels share
    std::vector<std::string> channels; ///< Uniqueids of its channels, in order of arrival
    time_point started{};              ///< the earliest `created` of the channels it has had
    bool answered = false;             ///< one of its channels has been Up
    time_point answered_at{};          ///< when it was first seen answered
};

} // namespace amicpp::live

#endif // AMICPP_LIVE_CALL_HPP
