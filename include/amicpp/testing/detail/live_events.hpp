// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_TESTING_DETAIL_LIVE_EVENTS_HPP
#define AMICPP_TESTING_DETAIL_LIVE_EVENTS_HPP

/// @file
/// @brief How the simulated PBX's events are written: channel snapshots (plain and prefixed:
/// `Dest`, `LocalOne`, `Parkee`...), bridge blobs, hangup causes.

#include <amicpp/message.hpp>
#include <amicpp/testing/channel.hpp>
#include <amicpp/testing/detail/pbx.hpp>
#include <amicpp/testing/pbx_state.hpp>

#include <string>
#include <string_view>

namespace amicpp::testing::detail {

/// `Event: <name>`, `Privilege`, then the channel's snapshot (Channel ... Linkedid).
inline message chan_event(std::string_view name, std::string_view priv, const channel& c) {
    message e = message::event(name);
    e.add("Privilege", priv);
    pbx::add_snapshot(e, c);
    return e;
}

/// Adds `Cause` (and `Cause-txt` when `text`).
inline message with_cause(message e, int cause, bool text) {
    e.add("Cause", std::to_string(cause));
    if (text)
        e.add("Cause-txt", hangup_cause_text(cause));
    return e;
}

/// The channel's snapshot with each key prefixed (`Dest`, `LocalOne`, `Parkee`...).
inline void add_prefixed(message& m, std::string_view prefix, const channel& c) {
    const std::string p(prefix);
    m.add(p + "Channel", c.name);
    m.add(p + "ChannelState", std::to_string(c.state));
    m.add(p + "ChannelStateDesc", channel_state_text(c.state));
    m.add(p + "CallerIDNum", c.caller_id_num);
    m.add(p + "CallerIDName", c.caller_id_name);
    m.add(p + "ConnectedLineNum", c.connected_line_num);
    m.add(p + "ConnectedLineName", c.connected_line_name);
    m.add(p + "Language", c.language);
    m.add(p + "AccountCode", c.account_code);
    m.add(p + "Context", c.context);
    m.add(p + "Exten", c.exten);
    m.add(p + "Priority", std::to_string(c.priority));
    m.add(p + "Uniqueid", c.uniqueid);
    m.add(p + "Linkedid", c.linkedid);
}

/// The bridge blob: BridgeUniqueid ... BridgeVideoSourceMode.
inline void add_bridge(message& m, const bridge_state& b) {
    m.add("BridgeUniqueid", b.uniqueid);
    m.add("BridgeType", b.type);
    m.add("BridgeTechnology", b.technology);
    m.add("BridgeCreator", b.creator);
    m.add("BridgeName", b.name);
    m.add("BridgeNumChannels", std::to_string(b.channels.size()));
    m.add("BridgeVideoSourceMode", "none");
}

/// `Event: <name>`, `Privilege`, the bridge blob.
inline message bridge_event(std::string_view name, const bridge_state& b) {
    message e = message::event(name);
    e.add("Privilege", "call,all");
    add_bridge(e, b);
    return e;
}

/// The bridge blob with each key prefixed (`To`, `From`, `Orig`, `Second`).
inline void add_prefixed_bridge(message& m, const std::string& prefix, const bridge_state& b) {
    m.add(prefix + "BridgeUniqueid", b.uniqueid);
    m.add(prefix + "BridgeType", b.type);
    m.add(prefix + "BridgeTechnology", b.technology);
    m.add(prefix + "BridgeCreator", b.creator);
    m.add(prefix + "BridgeName", b.name);
    m.add(prefix + "BridgeNumChannels", std::to_string(b.channels.size()));
    m.add(prefix + "BridgeVideoSourceMode", "none");
}

} // namespace amicpp::testing::detail

#endif // AMICPP_TESTING_DETAIL_LIVE_EVENTS_HPP
