// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_LIVE_CHANNEL_HPP
#define AMICPP_LIVE_CHANNEL_HPP

/// @file
/// @brief `amicpp::live::channel`: one Asterisk channel as the live state holds it.

#include <amicpp/live/clock.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace amicpp::live {

/// @brief What changed in a channel: bits of `channel_changed` notifications.
enum channel_field : std::uint32_t {
    field_name = 1u << 0,           ///< `name` (Rename)
    field_state = 1u << 1,          ///< `state`
    field_caller_id = 1u << 2,      ///< `caller_id_num` / `caller_id_name`
    field_connected_line = 1u << 3, ///< `connected_line_num` / `connected_line_name`
    field_dialplan = 1u << 4,       ///< `context` / `exten` / `priority`
    field_application = 1u << 5,    ///< `application` / `application_data`
    field_account_code = 1u << 6,   ///< `account_code`
    field_linkedid = 1u << 7,       ///< `linkedid` (the channel moved to another call)
    field_bridge = 1u << 8,         ///< `bridge_id`
    field_variables = 1u << 9,      ///< one of the tracked `variables`
    field_language = 1u << 10,      ///< `language`
};

/// @brief Asterisk's channel states (`ChannelState` numbers).
enum class channel_state : std::uint8_t {
    down = 0,            ///< Down
    reserved = 1,        ///< Rsrvd
    off_hook = 2,        ///< OffHook
    dialing = 3,         ///< Dialing
    ring = 4,            ///< Ring: the channel is being called, or runs dialplan before answer
    ringing = 5,         ///< Ringing: the far end rings
    up = 6,              ///< Up: answered
    busy = 7,            ///< Busy
    dialing_offhook = 8, ///< Dialing Offhook
    pre_ring = 9,        ///< Pre-ring
    unknown = 10,        ///< anything else
};

/// @brief Asterisk's text for a channel state (`ChannelStateDesc`).
inline std::string_view to_string(channel_state s) noexcept {
    switch (s) {
    case channel_state::down:
        return "Down";
    case channel_state::reserved:
        return "Rsrvd";
    case channel_state::off_hook:
        return "OffHook";
    case channel_state::dialing:
        return "Dialing";
    case channel_state::ring:
        return "Ring";
    case channel_state::ringing:
        return "Ringing";
    case channel_state::up:
        return "Up";
    case channel_state::busy:
        return "Busy";
    case channel_state::dialing_offhook:
        return "Dialing Offhook";
    case channel_state::pre_ring:
        return "Pre-ring";
    case channel_state::unknown:
        break;
    }
    return "Unknown";
}

/// @brief One channel, keyed by `uniqueid` (names change; the unique ID does not).
///
/// Every field is the last value seen in an event's channel headers (`Channel`, `CallerIDNum`,
/// ...) or in a `CoreShowChannels` item, whichever is newer. Values are bytes as received.
struct channel {
    std::string uniqueid;                      ///< `Uniqueid`: the key
    std::string name;                          ///< `Channel`, e.g. `PJSIP/100-0000002a`
    std::string linkedid;                      ///< `Linkedid`: the call the channel belongs to
    channel_state state = channel_state::down; ///< `ChannelState`
    std::string caller_id_num;                 ///< `CallerIDNum` (`<unknown>` when unset, as sent)
    std::string caller_id_name;                ///< `CallerIDName`
    std::string connected_line_num;            ///< `ConnectedLineNum`
    std::string connected_line_name;           ///< `ConnectedLineName`
    std::string context;                       ///< `Context`
    std::string exten;                         ///< `Exten`
    int priority = 0;                          ///< `Priority`
    std::string application;                   ///< last `Application` (from `Newexten` or the list)
    std::string application_data;              ///< its `AppData` / `ApplicationData`
    std::string account_code;                  ///< `AccountCode`
    std::string language;                      ///< `Language`
    std::string bridge_id;                     ///< the bridge it is in, empty when none
    time_point created{};                      ///< when it appeared (list: now minus `Duration`)
    /// @brief The tracked channel variables (names as configured), with their last values.
    std::vector<std::pair<std::string, std::string>> variables;
    std::uint64_t event_seq = 0; ///< sequence number of the last event or list item about it

    /// @brief The value of a tracked variable, or nothing (empty view) when unset.
    std::string_view variable(std::string_view var) const noexcept {
        for (const auto& v : variables) {
            if (v.first == var)
                return v.second;
        }
        return {};
    }
};

} // namespace amicpp::live

#endif // AMICPP_LIVE_CHANNEL_HPP
