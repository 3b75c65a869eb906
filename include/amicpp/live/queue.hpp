// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_LIVE_QUEUE_HPP
#define AMICPP_LIVE_QUEUE_HPP

/// @file
/// @brief `amicpp::live::queue`: an app_queue queue, its members and its waiting callers.

#include <amicpp/live/clock.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace amicpp::live {

/// @brief A queue member (agent), keyed by its `interface` within the queue.
struct queue_member {
    std::string interface;       ///< `Interface` (events) / `Location` (QueueStatus)
    std::string name;            ///< `MemberName` / `Name`
    std::string state_interface; ///< `StateInterface`
    std::string membership;      ///< `Membership`: static, dynamic, realtime
    int penalty = 0;             ///< `Penalty`
    int calls_taken = 0;         ///< `CallsTaken`
    std::int64_t last_call = 0;  ///< `LastCall` (Unix time)
    std::int64_t last_pause = 0; ///< `LastPause` (Unix time)
    std::int64_t login_time = 0; ///< `LoginTime` (Unix time)
    bool in_call = false;        ///< `InCall`
    int status = 0;              ///< `Status`: the device state number (1 not in use, 2 in use...)
    bool paused = false;         ///< `Paused`
    std::string paused_reason;   ///< `PausedReason`
    int wrapup_time = 0;         ///< `Wrapuptime`
    std::uint64_t event_seq = 0; ///< sequence number of the last event or list item about it
};

/// @brief A caller waiting in a queue, keyed by its channel's `uniqueid`.
struct queue_caller {
    std::string uniqueid;        ///< `Uniqueid` of the waiting channel
    std::string channel;         ///< `Channel`
    int position = 0;            ///< `Position`, 1 first
    std::string caller_id_num;   ///< `CallerIDNum`
    std::string caller_id_name;  ///< `CallerIDName`
    time_point joined{};         ///< when it joined (list: now minus `Wait`)
    std::uint64_t event_seq = 0; ///< sequence number of the last event or list item about it
};

/// @brief A queue, keyed by `name`.
struct queue {
    std::string name;                  ///< `Queue`
    std::string strategy;              ///< `Strategy` (from QueueStatus only)
    int max = 0;                       ///< `Max` callers, 0 unlimited (from QueueStatus only)
    int hold_time = 0;                 ///< `Holdtime`: average, seconds (from QueueStatus only)
    int talk_time = 0;                 ///< `TalkTime`: average, seconds (from QueueStatus only)
    int completed = 0;                 ///< `Completed`: advanced by `AgentComplete`
    int abandoned = 0;                 ///< `Abandoned`: advanced by `QueueCallerAbandon`
    int service_level = 0;             ///< `ServiceLevel` (from QueueStatus only)
    int weight = 0;                    ///< `Weight` (from QueueStatus only)
    std::vector<queue_member> members; ///< its members
    std::vector<queue_caller> callers; ///< callers waiting, by position
    std::uint64_t event_seq = 0;       ///< sequence number of the last event or list item about it

    /// @brief The member with this interface, or null.
    const queue_member* find_member(std::string_view interface) const noexcept {
        for (const auto& m : members) {
            if (m.interface == interface)
                return &m;
        }
        return nullptr;
    }
    /// @brief The waiting caller with this Uniqueid, or null.
    const queue_caller* find_caller(std::string_view uniqueid) const noexcept {
        for (const auto& c : callers) {
            if (c.uniqueid == uniqueid)
                return &c;
        }
        return nullptr;
    }
};

} // namespace amicpp::live

#endif // AMICPP_LIVE_QUEUE_HPP
