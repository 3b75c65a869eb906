// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_LIVE_HINT_HPP
#define AMICPP_LIVE_HINT_HPP

/// @file
/// @brief `amicpp::live::hint`: the state of one dialplan hint (`100@from-internal`).

#include <cstdint>
#include <string>

namespace amicpp::live {

/// @brief An extension hint, keyed by `key` = `exten@context`.
struct hint {
    std::string key;         ///< `exten@context`
    std::string exten;       ///< `Exten`
    std::string context;     ///< `Context`
    std::string devices;     ///< `Hint`: the devices it watches
    int status = -1;         ///< `Status`: 0 idle, 1 in use, 2 busy, 4 unavailable, 8 ringing...
    std::string status_text; ///< `StatusText`: Idle, InUse, Ringing, InUse&Ringing, Hold...
    std::uint64_t event_seq = 0; ///< sequence number of the last event or list item about it
};

} // namespace amicpp::live

#endif // AMICPP_LIVE_HINT_HPP
