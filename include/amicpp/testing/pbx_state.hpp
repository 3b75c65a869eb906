// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_TESTING_PBX_STATE_HPP
#define AMICPP_TESTING_PBX_STATE_HPP

/// @file
/// @brief The simulated PBX's own truth, as plain values: channels, bridges, queues, device and
/// hint states, parked calls and mailboxes (`amicpp::testing::simulated_pbx::state`), and what
/// the scripted traffic calls return.

#include <amicpp/testing/channel.hpp>

#include <map>
#include <string>
#include <vector>

namespace amicpp::testing {

/// @brief A bridge as BridgeList / BridgeInfo show it.
struct bridge_state {
    std::string uniqueid;                     ///< BridgeUniqueid
    std::string type = "basic";               ///< BridgeType: `basic`, `parking`
    std::string technology = "simple_bridge"; ///< BridgeTechnology
    std::string creator = "<unknown>";        ///< BridgeCreator
    std::string name = "<unknown>";           ///< BridgeName
    std::vector<std::string> channels;        ///< Uniqueids of the members, in order of entry
};

/// @brief A queue member as `QueueMember` items show it.
struct queue_member_state {
    std::string name;                   ///< MemberName (`Name` in QueueStatus)
    std::string interface;              ///< Interface (`Location` in QueueStatus)
    std::string state_interface;        ///< StateInterface
    std::string membership = "dynamic"; ///< Membership
    int penalty = 0;                    ///< Penalty
    int calls_taken = 0;                ///< CallsTaken
    long long last_call = 0;            ///< LastCall (epoch seconds)
    long long last_pause = 0;           ///< LastPause (epoch seconds)
    long long login_time = 0;           ///< LoginTime (epoch seconds)
    bool in_call = false;               ///< InCall
    int status = 1;                     ///< Status: 1 not in use, 2 in use, 6 ringing, ...
    bool paused = false;                ///< Paused
    std::string paused_reason;          ///< PausedReason
};

/// @brief A caller waiting in a queue, as `QueueEntry` items show it.
struct queue_caller_state {
    std::string channel;        ///< Channel
    std::string uniqueid;       ///< Uniqueid
    int position = 0;           ///< Position (from 1)
    std::string caller_id_num;  ///< CallerIDNum
    std::string caller_id_name; ///< CallerIDName
    long long joined = 0;       ///< when it joined (epoch seconds), for Wait
};

/// @brief A queue with its parameters, members and waiting callers.
struct queue_state {
    std::string name;                        ///< Queue
    std::string strategy = "ringall";        ///< Strategy
    int max = 0;                             ///< Max
    int completed = 0;                       ///< Completed
    int abandoned = 0;                       ///< Abandoned
    std::vector<queue_member_state> members; ///< in order of addition
    std::vector<queue_caller_state> callers; ///< by position
};

/// @brief A parked call, as `ParkedCall` items show it.
struct parked_call_state {
    std::string channel;            ///< ParkeeChannel
    std::string uniqueid;           ///< ParkeeUniqueid
    std::string lot = "default";    ///< Parkinglot
    std::string space;              ///< ParkingSpace, e.g. `701`
    std::string parker_dial_string; ///< ParkerDialString
    int timeout = 45;               ///< ParkingTimeout at parking time (seconds)
};

/// @brief An extension hint and its state, as ExtensionStateList items show it.
struct hint_info {
    std::string exten;   ///< Exten
    std::string context; ///< Context
    std::string hint;    ///< Hint, e.g. `Custom:101`
    int status = 0;      ///< Status: 0 Idle, 1 InUse, 2 Busy, 4 Unavailable, 8 Ringing, 16 Hold
};

/// @brief A mailbox's message counts.
struct mailbox_counts {
    int new_messages = 0;    ///< NewMessages
    int old_messages = 0;    ///< OldMessages
    int urgent_messages = 0; ///< UrgMessages
};

/// @brief Everything the simulated PBX holds at one instant.
struct pbx_state {
    std::vector<channel> channels;     ///< in order of creation (`bridge_id` filled in)
    std::vector<bridge_state> bridges; ///< the parking lot's holding bridge included
    std::vector<queue_state> queues;   ///< by name
    /// Cached device states, as DeviceStateList lists them (no `Local/...` devices).
    std::map<std::string, std::string> device_states;
    std::vector<hint_info> hints;                    ///< by `exten@context`
    std::vector<parked_call_state> parked_calls;     ///< by space
    std::map<std::string, mailbox_counts> mailboxes; ///< known mailboxes, e.g. `1234@default`
};

/// @brief The channels of a call placed by `simulated_pbx::place_call`: the caller's Local pair
/// (`;1` dials, `;2` is the calling phone) and the callee's (`;1` is the dialed leg bridged with
/// the caller's `;1`, `;2` is the called phone).
struct placed_call {
    std::string linkedid;     ///< the call's Linkedid (the caller's `;1` Uniqueid)
    std::string caller;       ///< caller's `;1` channel name
    std::string caller_phone; ///< caller's `;2` channel name
    std::string callee;       ///< callee's `;1` channel name (empty until dialed)
    std::string callee_phone; ///< callee's `;2` channel name
    std::string bridge;       ///< BridgeUniqueid once answered
};

} // namespace amicpp::testing

#endif // AMICPP_TESTING_PBX_STATE_HPP
