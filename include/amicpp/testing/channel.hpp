// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_TESTING_CHANNEL_HPP
#define AMICPP_TESTING_CHANNEL_HPP

/// @file
/// @brief `amicpp::testing::channel`: a call leg the simulated server pretends to carry.

#include <map>
#include <string>
#include <string_view>

namespace amicpp::testing {

/// @brief A simulated channel, as Status, CoreShowChannels, `core show channels`, Hangup,
/// Redirect and Getvar/Setvar see it. Defaults match what Asterisk reports for a bare channel.
struct channel {
    std::string name;                             ///< e.g. `PJSIP/100-00000001` (required)
    std::string uniqueid;                         ///< empty: assigned by the server
    std::string linkedid;                         ///< empty: same as the uniqueid
    int state = 6;                                ///< ChannelState: 0 Down, 4 Ring, 5 Ringing, 6 Up
    std::string caller_id_num = "<unknown>";      ///< CallerIDNum
    std::string caller_id_name = "<unknown>";     ///< CallerIDName
    std::string connected_line_num = "<unknown>"; ///< ConnectedLineNum
    std::string connected_line_name = "<unknown>"; ///< ConnectedLineName
    std::string language = "en";                   ///< Language
    std::string account_code;                      ///< AccountCode
    std::string context = "default";               ///< dialplan context
    std::string exten = "s";                       ///< dialplan extension
    int priority = 1;                              ///< dialplan priority
    std::string application;      ///< running application, e.g. `Wait` (may be empty)
    std::string application_data; ///< its argument, e.g. `60`
    std::map<std::string, std::string> variables; ///< channel variables, for Getvar
    std::string bridge_id; ///< BridgeUniqueid of the bridge it is in (empty: none)
};

/// @brief Asterisk's ChannelStateDesc text for a ChannelState number (`6` gives `Up`).
inline std::string_view channel_state_text(int state) noexcept {
    switch (state) {
    case 0:
        return "Down";
    case 1:
        return "Rsrvd";
    case 2:
        return "OffHook";
    case 3:
        return "Dialing";
    case 4:
        return "Ring";
    case 5:
        return "Ringing";
    case 6:
        return "Up";
    case 7:
        return "Busy";
    case 8:
        return "Dialing Offhook";
    case 9:
        return "Pre-ring";
    default:
        return "Unknown";
    }
}

} // namespace amicpp::testing

#endif // AMICPP_TESTING_CHANNEL_HPP
