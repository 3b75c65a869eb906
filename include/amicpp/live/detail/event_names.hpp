// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_LIVE_DETAIL_EVENT_NAMES_HPP
#define AMICPP_LIVE_DETAIL_EVENT_NAMES_HPP

#include <amicpp/detail/ascii.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace amicpp::live::detail {

// The events (and list items) the live state treats specially; every other event with a
// `Uniqueid` only refreshes a known channel from its channel headers.
#define AMICPP_LIVE_EVENTS(X)                                                                      \
    X(newchannel, "Newchannel")                                                                    \
    X(hangup, "Hangup")                                                                            \
    X(rename, "Rename")                                                                            \
    X(var_set, "VarSet")                                                                           \
    X(newexten, "Newexten")                                                                        \
    X(bridge_create, "BridgeCreate")                                                               \
    X(bridge_destroy, "BridgeDestroy")                                                             \
    X(bridge_enter, "BridgeEnter")                                                                 \
    X(bridge_leave, "BridgeLeave")                                                                 \
    X(bridge_merge, "BridgeMerge")                                                                 \
    X(queue_caller_join, "QueueCallerJoin")                                                        \
    X(queue_caller_leave, "QueueCallerLeave")                                                      \
    X(queue_caller_abandon, "QueueCallerAbandon")                                                  \
    X(queue_member_added, "QueueMemberAdded")                                                      \
    X(queue_member_removed, "QueueMemberRemoved")                                                  \
    X(queue_member_status, "QueueMemberStatus")                                                    \
    X(queue_member_pause, "QueueMemberPause")                                                      \
    X(queue_member_paused, "QueueMemberPaused")                                                    \
    X(queue_member_penalty, "QueueMemberPenalty")                                                  \
    X(queue_member_ringinuse, "QueueMemberRinginuse")                                              \
    X(agent_connect, "AgentConnect")                                                               \
    X(agent_complete, "AgentComplete")                                                             \
    X(device_state_change, "DeviceStateChange")                                                    \
    X(extension_status, "ExtensionStatus")                                                         \
    X(parked_call, "ParkedCall")                                                                   \
    X(unparked_call, "UnParkedCall")                                                               \
    X(parked_call_give_up, "ParkedCallGiveUp")                                                     \
    X(parked_call_time_out, "ParkedCallTimeOut")                                                   \
    X(parked_call_swap, "ParkedCallSwap")                                                          \
    X(message_waiting, "MessageWaiting")                                                           \
    X(originate_response, "OriginateResponse")                                                     \
    X(cdr, "Cdr")                                                                                  \
    X(cel, "CEL")                                                                                  \
    X(core_show_channel, "CoreShowChannel")                                                        \
    X(bridge_list_item, "BridgeListItem")                                                          \
    X(bridge_info_channel, "BridgeInfoChannel")                                                    \
    X(queue_params, "QueueParams")                                                                 \
    X(queue_member, "QueueMember")                                                                 \
    X(queue_entry, "QueueEntry")

enum class event_id : std::uint8_t {
#define AMICPP_LIVE_EVENT_ENUM(id, text) id,
    AMICPP_LIVE_EVENTS(AMICPP_LIVE_EVENT_ENUM)
#undef AMICPP_LIVE_EVENT_ENUM
        count,
    other = 0xff,
};

inline constexpr std::array<std::string_view, static_cast<std::size_t>(event_id::count)>
    event_names = {
#define AMICPP_LIVE_EVENT_NAME(id, text) std::string_view(text),
        AMICPP_LIVE_EVENTS(AMICPP_LIVE_EVENT_NAME)
#undef AMICPP_LIVE_EVENT_NAME
};

// Buckets by length and two letters; a name is then compared once or twice, ignoring case.
class event_table {
public:
    static constexpr std::size_t buckets = 127;
    static constexpr std::size_t depth = 4;

    event_table() noexcept {
        for (auto& b : table_)
            b.fill(event_id::other);
        for (std::size_t i = 0; i < event_names.size(); ++i) {
            for (auto& slot : table_[bucket(event_names[i])]) {
                if (slot == event_id::other) {
                    slot = static_cast<event_id>(i);
                    break;
                }
            }
        }
    }

    event_id find(std::string_view name) const noexcept {
        if (name.size() < 3)
            return event_id::other;
        for (const event_id id : table_[bucket(name)]) {
            if (id == event_id::other)
                return id;
            if (amicpp::detail::iequals(event_names[static_cast<std::size_t>(id)], name))
                return id;
        }
        return event_id::other;
    }

private:
    static std::size_t bucket(std::string_view n) noexcept {
        const auto c = [&](std::size_t i) {
            return static_cast<std::size_t>(
                static_cast<unsigned char>(amicpp::detail::ascii_lower(n[i])));
        };
        return (n.size() * 31u + c(n.size() - 1) * 5u + c(n.size() - 2) * 11u + c(n.size() / 2)) %
               buckets;
    }
    std::array<std::array<event_id, depth>, buckets> table_{};
};

inline const event_table& events() noexcept {
    static const event_table table;
    return table;
}

} // namespace amicpp::live::detail

#endif // AMICPP_LIVE_DETAIL_EVENT_NAMES_HPP
