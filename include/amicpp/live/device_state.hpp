// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_LIVE_DEVICE_STATE_HPP
#define AMICPP_LIVE_DEVICE_STATE_HPP

/// @file
/// @brief `amicpp::live::device_state`: the state of one device (`PJSIP/100`, `Custom:101`...).

#include <cstdint>
#include <string>

namespace amicpp::live {

/// @brief A device and its state, keyed by `device`.
struct device_state {
    std::string device;          ///< `Device`
    std::string state;           ///< `State`: NOT_INUSE, INUSE, BUSY, RINGING, UNAVAILABLE, ...
    std::uint64_t event_seq = 0; ///< sequence number of the last event or list item about it
};

} // namespace amicpp::live

#endif // AMICPP_LIVE_DEVICE_STATE_HPP
