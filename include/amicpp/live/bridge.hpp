// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_LIVE_BRIDGE_HPP
#define AMICPP_LIVE_BRIDGE_HPP

/// @file
/// @brief `amicpp::live::bridge`: one Asterisk bridge and the channels in it.

#include <cstdint>
#include <string>
#include <vector>

namespace amicpp::live {

/// @brief A bridge, keyed by `BridgeUniqueid`.
struct bridge {
    std::string id;                   ///< `BridgeUniqueid`
    std::string type;                 ///< `BridgeType`: basic, parking, ... (empty: not known yet)
    std::string technology;           ///< `BridgeTechnology`: simple_bridge, holding_bridge, ...
    std::string creator;              ///< `BridgeCreator`
    std::string name;                 ///< `BridgeName`
    std::vector<std::string> members; ///< Uniqueids of the channels in it, in order of entry
    std::uint64_t event_seq = 0;      ///< sequence number of the last event or list item about it
};

} // namespace amicpp::live

#endif // AMICPP_LIVE_BRIDGE_HPP
