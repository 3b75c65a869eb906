// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_LIVE_PARKED_CALL_HPP
#define AMICPP_LIVE_PARKED_CALL_HPP

/// @file
/// @brief `amicpp::live::parked_call`: a channel waiting in a parking lot.

#include <amicpp/live/clock.hpp>

#include <cstdint>
#include <string>

namespace amicpp::live {

/// @brief A parked call, keyed by the parked channel's `uniqueid`.
struct parked_call {
    std::string uniqueid;           ///< `ParkeeUniqueid`
    std::string channel;            ///< `ParkeeChannel`
    std::string lot;                ///< `Parkinglot`
    std::string space;              ///< `ParkingSpace`, e.g. `701`
    std::string parker_dial_string; ///< `ParkerDialString`
    int timeout = 0; ///< seconds it may stay parked in all (`ParkingTimeout` + `ParkingDuration`)
    time_point parked_at{};      ///< when it was parked (list: now minus `ParkingDuration`)
    std::uint64_t event_seq = 0; ///< sequence number of the last event or list item about it
};

} // namespace amicpp::live

#endif // AMICPP_LIVE_PARKED_CALL_HPP
