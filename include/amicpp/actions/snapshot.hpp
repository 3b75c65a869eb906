// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_ACTIONS_SNAPSHOT_HPP
#define AMICPP_ACTIONS_SNAPSHOT_HPP

/// @file
/// @brief `channel_snapshot` and `bridge_snapshot`: the channel and bridge fields that many
/// list items carry (copied out of the message, so that results own their data).

#include <amicpp/actions/detail/fields.hpp>
#include <amicpp/message.hpp>

#include <string>
#include <string_view>
#include <system_error>

namespace amicpp::actions {

/// @brief A channel's state as Asterisk 12+ describes it in events (`Channel`, `ChannelState`,
/// ..., `Linkedid`), possibly under a prefix (`Dest`, `Parkee`...).
struct channel_snapshot {
    std::string channel{};             ///< `Channel`: the channel name, `PJSIP/100-00000001`
    int state = 0;                     ///< `ChannelState`: 0 down ... 6 up (see `state_desc`)
    std::string state_desc{};          ///< `ChannelStateDesc`: Down, Rsrvd, OffHook, Dialing, Ring,
                                       ///< Ringing, Up, Busy...
    std::string caller_id_num{};       ///< `CallerIDNum`
    std::string caller_id_name{};      ///< `CallerIDName`
    std::string connected_line_num{};  ///< `ConnectedLineNum`
    std::string connected_line_name{}; ///< `ConnectedLineName`
    std::string language{};            ///< `Language`
    std::string account_code{};        ///< `AccountCode`
    std::string context{};             ///< `Context`: dialplan position
    std::string exten{};               ///< `Exten`
    int priority = 0;                  ///< `Priority`
    std::string uniqueid{};            ///< `Uniqueid`
    std::string linkedid{}; ///< `Linkedid`: the uniqueid of the oldest channel of the call

    /// @brief Reads the fields named `<prefix>Channel`...; a bad number sets `ec` to
    /// `error::invalid_field` (when it holds no error yet).
    static channel_snapshot from(const message& m, std::error_code& ec,
                                 std::string_view prefix = {}) {
        const detail::field_reader f(m, ec, prefix);
        channel_snapshot s;
        s.channel = f.text("Channel");
        s.state = f.number<int>("ChannelState");
        s.state_desc = f.text("ChannelStateDesc");
        s.caller_id_num = f.text("CallerIDNum");
        s.caller_id_name = f.text("CallerIDName");
        s.connected_line_num = f.text("ConnectedLineNum");
        s.connected_line_name = f.text("ConnectedLineName");
        s.language = f.text("Language");
        s.account_code = f.text("AccountCode");
        s.context = f.text("Context");
        s.exten = f.text("Exten");
        s.priority = f.number<int>("Priority");
        s.uniqueid = f.text("Uniqueid");
        s.linkedid = f.text("Linkedid");
        return s;
    }
};

/// @brief A bridge's state as Asterisk 12+ describes it (`BridgeUniqueid`, `BridgeType`...).
struct bridge_snapshot {
    std::string uniqueid{};          ///< `BridgeUniqueid`
    std::string type{};              ///< `BridgeType`: basic, holding...
    std::string technology{};        ///< `BridgeTechnology`: simple_bridge, softmix...
    std::string creator{};           ///< `BridgeCreator`
    std::string name{};              ///< `BridgeName`
    int num_channels = 0;            ///< `BridgeNumChannels`
    std::string video_source_mode{}; ///< `BridgeVideoSourceMode`: none, talker, single
    std::string video_source{};      ///< `BridgeVideoSource`: uniqueid of the video source

    /// @brief Reads the fields named `<prefix>BridgeUniqueid`...; a bad number sets `ec` to
    /// `error::invalid_field` (when it holds no error yet).
    static bridge_snapshot from(const message& m, std::error_code& ec,
                                std::string_view prefix = {}) {
        const detail::field_reader f(m, ec, prefix);
        bridge_snapshot s;
        s.uniqueid = f.text("BridgeUniqueid");
        s.type = f.text("BridgeType");
        s.technology = f.text("BridgeTechnology");
        s.creator = f.text("BridgeCreator");
        s.name = f.text("BridgeName");
        s.num_channels = f.number<int>("BridgeNumChannels");
        s.video_source_mode = f.text("BridgeVideoSourceMode");
        s.video_source = f.text("BridgeVideoSource");
        return s;
    }
};

} // namespace amicpp::actions

#endif // AMICPP_ACTIONS_SNAPSHOT_HPP
