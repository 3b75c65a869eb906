// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_ACTIONS_BRIDGE_HPP
#define AMICPP_ACTIONS_BRIDGE_HPP

/// @file
/// @brief Bridges: `Bridge` (connect two channels), `BridgeList` and `BridgeInfo`.

#include <amicpp/action.hpp>
#include <amicpp/actions/detail/fields.hpp>
#include <amicpp/actions/detail/list_action.hpp>
#include <amicpp/actions/result.hpp>
#include <amicpp/actions/snapshot.hpp>
#include <amicpp/list_result.hpp>
#include <amicpp/message.hpp>
#include <amicpp/reply.hpp>

#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace amicpp::actions {

/// @brief `Action: Bridge`: bridge two channels already in the PBX.
struct bridge {
    static constexpr std::string_view ami_name = "Bridge"; ///< the `Action:` name
    using result_type = ack_result;                        ///< `Channels have been bridged`

    std::string channel1{}; ///< `Channel1` (required)
    std::string channel2{}; ///< `Channel2` (required)
    std::string tone{};     ///< `Tone`: `no`, `Channel1`, `Channel2` or `Both` (empty: not sent)

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        m.add("Channel1", channel1);
        m.add("Channel2", channel2);
        detail::add_if(m, "Tone", tone);
        return m;
    }

    /// @brief Builds the result from the reply.
    static result_type make_result(reply&& r, std::error_code& ec) {
        return ack_result::from_reply(std::move(r), ec);
    }
};

/// @brief One `BridgeListItem`.
struct bridge_list_item {
    message event{};          ///< the item as received
    bridge_snapshot bridge{}; ///< its bridge fields

    /// @brief Converts one item event.
    static bridge_list_item from_event(message m, std::error_code& ec) {
        bridge_list_item out;
        out.bridge = bridge_snapshot::from(m, ec);
        out.event = std::move(m);
        return out;
    }
};

/// @brief `Action: BridgeList`: the bridges that exist now (`BridgeListItem` events, then
/// `BridgeListComplete`). Asterisk 12+.
struct bridge_list {
    static constexpr std::string_view ami_name = "BridgeList"; ///< the `Action:` name
    using result_type = list_result<bridge_list_item>;         ///< one item per bridge

    std::string bridge_type{}; ///< `BridgeType`: only bridges of this type (empty: all)

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        detail::add_if(m, "BridgeType", bridge_type);
        return m;
    }

    /// @brief A list ended by BridgeListComplete.
    completion_spec completion() const { return detail::list_completion("BridgeListComplete"); }

    /// @brief Builds the result from the reply.
    static result_type make_result(reply&& r, std::error_code& ec) {
        return detail::typed_list<bridge_list_item>(std::move(r), ec);
    }
};

/// @brief The answer to BridgeInfo: the bridge and its channels.
struct bridge_info_result {
    message response{};                       ///< the list's acknowledgement
    bridge_snapshot bridge{};                 ///< from `BridgeInfoComplete`
    std::vector<channel_snapshot> channels{}; ///< one per `BridgeInfoChannel`
    std::vector<message> items{};             ///< the `BridgeInfoChannel` events as received
    message complete{};                       ///< `BridgeInfoComplete`
};

/// @brief `Action: BridgeInfo`: one bridge's fields and channels. Asterisk 12+.
struct bridge_info {
    static constexpr std::string_view ami_name = "BridgeInfo"; ///< the `Action:` name
    using result_type = bridge_info_result;                    ///< the bridge and its channels

    std::string bridge_uniqueid{}; ///< `BridgeUniqueid` (required)

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        m.add("BridgeUniqueid", bridge_uniqueid);
        return m;
    }

    /// @brief A list ended by BridgeInfoComplete.
    completion_spec completion() const { return detail::list_completion("BridgeInfoComplete"); }

    /// @brief Builds the result from the reply.
    static result_type make_result(reply&& r, std::error_code& ec) {
        bridge_info_result out;
        out.response = std::move(r.response);
        for (const message& item : r.items)
            out.channels.push_back(channel_snapshot::from(item, ec));
        out.items = std::move(r.items);
        out.bridge = bridge_snapshot::from(r.final_event, ec);
        out.complete = std::move(r.final_event);
        return out;
    }
};

} // namespace amicpp::actions

#endif // AMICPP_ACTIONS_BRIDGE_HPP
