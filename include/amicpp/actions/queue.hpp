// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_ACTIONS_QUEUE_HPP
#define AMICPP_ACTIONS_QUEUE_HPP

/// @file
/// @brief Queues: `QueueStatus` and `QueueSummary` with typed parameters, members and callers;
/// `QueueAdd`, `QueueRemove`, `QueuePause`; and the legacy `Queues` (raw text, removed in
/// Asterisk 15).

#include <amicpp/action.hpp>
#include <amicpp/actions/detail/fields.hpp>
#include <amicpp/actions/detail/list_action.hpp>
#include <amicpp/actions/result.hpp>
#include <amicpp/detail/ascii.hpp>
#include <amicpp/list_result.hpp>
#include <amicpp/message.hpp>
#include <amicpp/reply.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace amicpp::actions {

/// @brief A queue's parameters and counters (a `QueueParams` item).
struct queue_params {
    message event{};                ///< the item as received
    std::string queue{};            ///< `Queue`
    int max = 0;                    ///< `Max`: most callers waiting (0: unlimited)
    std::string strategy{};         ///< `Strategy`: ringall, leastrecent, rrmemory...
    int calls = 0;                  ///< `Calls`: callers waiting now
    int hold_time = 0;              ///< `Holdtime`: average hold time, seconds
    int talk_time = 0;              ///< `TalkTime`: average talk time, seconds
    int completed = 0;              ///< `Completed`
    int abandoned = 0;              ///< `Abandoned`
    int service_level = 0;          ///< `ServiceLevel`: seconds
    double service_level_perf = 0;  ///< `ServicelevelPerf`: percent
    double service_level_perf2 = 0; ///< `ServicelevelPerf2`: percent (Asterisk 16+)
    int weight = 0;                 ///< `Weight`

    /// @brief Converts one item event; a bad number sets `error::invalid_field`.
    static queue_params from_event(message m, std::error_code& ec) {
        queue_params q;
        const detail::field_reader f(m, ec);
        q.queue = f.text("Queue");
        q.max = f.number<int>("Max");
        q.strategy = f.text("Strategy");
        q.calls = f.number<int>("Calls");
        q.hold_time = f.number<int>("Holdtime");
        q.talk_time = f.number<int>("TalkTime");
        q.completed = f.number<int>("Completed");
        q.abandoned = f.number<int>("Abandoned");
        q.service_level = f.number<int>("ServiceLevel");
        q.service_level_perf = f.number<double>("ServicelevelPerf");
        q.service_level_perf2 = f.number<double>("ServicelevelPerf2");
        q.weight = f.number<int>("Weight");
        q.event = std::move(m);
        return q;
    }
};

/// @brief The device state of a queue member (`Status:` of QueueMember and friends).
enum class queue_member_status : int {
    unknown = 0,     ///< AST_DEVICE_UNKNOWN
    not_in_use = 1,  ///< free to take a call
    in_use = 2,      ///< on a call
    busy = 3,        ///< busy
    invalid = 4,     ///< no such device
    unavailable = 5, ///< not registered
    ringing = 6,     ///< ringing
    ring_in_use = 7, ///< ringing while in use
    on_hold = 8,     ///< on hold
};

/// @brief One member of a queue (a `QueueMember` item).
struct queue_member {
    message event{};               ///< the item as received
    std::string queue{};           ///< `Queue`
    std::string name{};            ///< `Name`: the member's name
    std::string location{};        ///< `Location`: its interface (`PJSIP/100`, `Local/200@test`)
    std::string state_interface{}; ///< `StateInterface`: where its device state comes from
    std::string membership{};      ///< `Membership`: static, dynamic or realtime
    int penalty = 0;               ///< `Penalty`
    int calls_taken = 0;           ///< `CallsTaken`
    std::int64_t last_call = 0;    ///< `LastCall`: Unix time (0: never)
    std::int64_t last_pause = 0;   ///< `LastPause`: Unix time (0: never)
    std::int64_t login_time = 0;   ///< `LoginTime`: Unix time
    bool in_call = false;          ///< `InCall`
    queue_member_status status = queue_member_status::unknown; ///< `Status`
    bool paused = false;                                       ///< `Paused`
    std::string paused_reason{};                               ///< `PausedReason`
    int wrapup_time = 0;                                       ///< `Wrapuptime`: seconds

    /// @brief Converts one item event; a bad number sets `error::invalid_field`.
    static queue_member from_event(message m, std::error_code& ec) {
        queue_member q;
        const detail::field_reader f(m, ec);
        q.queue = f.text("Queue");
        q.name = f.text("Name");
        q.location = f.text("Location");
        q.state_interface = f.text("StateInterface");
        q.membership = f.text("Membership");
        q.penalty = f.number<int>("Penalty");
        q.calls_taken = f.number<int>("CallsTaken");
        q.last_call = f.number<std::int64_t>("LastCall");
        q.last_pause = f.number<std::int64_t>("LastPause");
        q.login_time = f.number<std::int64_t>("LoginTime");
        q.in_call = f.flag("InCall");
        const int status = f.number<int>("Status");
        if (status >= 0 && status <= 8)
            q.status = static_cast<queue_member_status>(status);
        else
            f.fail();
        q.paused = f.flag("Paused");
        q.paused_reason = f.text("PausedReason");
        q.wrapup_time = f.number<int>("Wrapuptime");
        q.event = std::move(m);
        return q;
    }
};

/// @brief A caller waiting in a queue (a `QueueEntry` item).
struct queue_entry {
    message event{};                   ///< the item as received
    std::string queue{};               ///< `Queue`
    int position = 0;                  ///< `Position`: 1 is next
    std::string channel{};             ///< `Channel`
    std::string uniqueid{};            ///< `Uniqueid`
    std::string caller_id_num{};       ///< `CallerIDNum`
    std::string caller_id_name{};      ///< `CallerIDName`
    std::string connected_line_num{};  ///< `ConnectedLineNum`
    std::string connected_line_name{}; ///< `ConnectedLineName`
    int wait = 0;                      ///< `Wait`: seconds waited so far
    int priority = 0;                  ///< `Priority`: the caller's queue priority

    /// @brief Converts one item event; a bad number sets `error::invalid_field`.
    static queue_entry from_event(message m, std::error_code& ec) {
        queue_entry q;
        const detail::field_reader f(m, ec);
        q.queue = f.text("Queue");
        q.position = f.number<int>("Position");
        q.channel = f.text("Channel");
        q.uniqueid = f.text("Uniqueid");
        q.caller_id_num = f.text("CallerIDNum");
        q.caller_id_name = f.text("CallerIDName");
        q.connected_line_num = f.text("ConnectedLineNum");
        q.connected_line_name = f.text("ConnectedLineName");
        q.wait = f.number<int>("Wait");
        q.priority = f.number<int>("Priority");
        q.event = std::move(m);
        return q;
    }
};

/// @brief The answer to QueueStatus: for each queue its parameters, members and callers, in
/// the order the server sent them (each item names its queue).
struct queue_status_result {
    message response{};                  ///< `Message: Queue status will follow`
    std::vector<queue_params> queues{};  ///< one per `QueueParams`
    std::vector<queue_member> members{}; ///< one per `QueueMember`
    std::vector<queue_entry> callers{};  ///< one per `QueueEntry`
    std::vector<message> other_items{};  ///< items of any other kind, as received
    message complete{};                  ///< `QueueStatusComplete`
};

/// @brief `Action: QueueStatus`: queues with their members and callers.
struct queue_status {
    static constexpr std::string_view ami_name = "QueueStatus"; ///< the `Action:` name
    using result_type = queue_status_result;                    ///< parameters, members, callers

    std::string queue{};  ///< `Queue`: only this queue (empty: all)
    std::string member{}; ///< `Member`: only this member's interface (empty: all)

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        detail::add_if(m, "Queue", queue);
        detail::add_if(m, "Member", member);
        return m;
    }

    /// @brief A list ended by QueueStatusComplete.
    completion_spec completion() const { return detail::list_completion("QueueStatusComplete"); }

    /// @brief Builds the result from the reply; a bad number sets `error::invalid_field`.
    static result_type make_result(reply&& r, std::error_code& ec) {
        queue_status_result out;
        out.response = std::move(r.response);
        for (message& m : r.items) {
            const std::string_view name = m.event_name();
            if (amicpp::detail::iequals(name, "QueueParams"))
                out.queues.push_back(queue_params::from_event(std::move(m), ec));
            else if (amicpp::detail::iequals(name, "QueueMember"))
                out.members.push_back(queue_member::from_event(std::move(m), ec));
            else if (amicpp::detail::iequals(name, "QueueEntry"))
                out.callers.push_back(queue_entry::from_event(std::move(m), ec));
            else
                out.other_items.push_back(std::move(m));
        }
        out.complete = std::move(r.final_event);
        return out;
    }
};

/// @brief One queue's summary (a `QueueSummary` item).
struct queue_summary_item {
    message event{};           ///< the item as received
    std::string queue{};       ///< `Queue`
    int logged_in = 0;         ///< `LoggedIn`: members logged in
    int available = 0;         ///< `Available`: members free to take a call
    int callers = 0;           ///< `Callers`: callers waiting
    int hold_time = 0;         ///< `HoldTime`: average, seconds
    int talk_time = 0;         ///< `TalkTime`: average, seconds
    int longest_hold_time = 0; ///< `LongestHoldTime`: seconds

    /// @brief Converts one item event; a bad number sets `error::invalid_field`.
    static queue_summary_item from_event(message m, std::error_code& ec) {
        queue_summary_item q;
        const detail::field_reader f(m, ec);
        q.queue = f.text("Queue");
        q.logged_in = f.number<int>("LoggedIn");
        q.available = f.number<int>("Available");
        q.callers = f.number<int>("Callers");
        q.hold_time = f.number<int>("HoldTime");
        q.talk_time = f.number<int>("TalkTime");
        q.longest_hold_time = f.number<int>("LongestHoldTime");
        q.event = std::move(m);
        return q;
    }
};

/// @brief `Action: QueueSummary`: one summary per queue.
struct queue_summary {
    static constexpr std::string_view ami_name = "QueueSummary"; ///< the `Action:` name
    using result_type = list_result<queue_summary_item>;         ///< one item per queue

    std::string queue{}; ///< `Queue`: only this queue (empty: all)

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        detail::add_if(m, "Queue", queue);
        return m;
    }

    /// @brief A list ended by QueueSummaryComplete.
    completion_spec completion() const { return detail::list_completion("QueueSummaryComplete"); }

    /// @brief Builds the result from the reply.
    static result_type make_result(reply&& r, std::error_code& ec) {
        return detail::typed_list<queue_summary_item>(std::move(r), ec);
    }
};

/// @brief The answer to the legacy Queues action.
struct queues_result {
    message response{};               ///< the raw text message (or the error on Asterisk 15+)
    std::vector<std::string> lines{}; ///< `queue show` output, one string per line
};

/// @brief `Action: Queues` (removed in Asterisk 15): the `queue show` text, unframed (no
/// `Response:`, no ActionID). Asterisk 15+ answer with `error::action_failed`: use
/// `queue_status` / `queue_summary` there.
struct queues {
    static constexpr std::string_view ami_name = "Queues"; ///< the `Action:` name
    using result_type = queues_result;                     ///< the raw text

    /// @brief The wire message.
    message to_message() const { return message::action(ami_name); }

    /// @brief The answer may be unframed text.
    completion_spec completion() const {
        completion_spec c;
        c.raw_reply = true;
        return c;
    }

    /// @brief Builds the result from the reply.
    static result_type make_result(reply&& r, std::error_code&) {
        queues_result out;
        for (std::string_view line : r.response.lines())
            out.lines.emplace_back(line);
        out.response = std::move(r.response);
        return out;
    }
};

/// @brief `Action: QueueAdd`: add a dynamic member to a queue.
struct queue_add {
    static constexpr std::string_view ami_name = "QueueAdd"; ///< the `Action:` name
    using result_type = ack_result;                          ///< `Added interface to queue`

    std::string queue{};           ///< `Queue` (required)
    std::string interface {};      ///< `Interface` (required): `PJSIP/100`
    std::optional<int> penalty{};  ///< `Penalty`
    std::optional<bool> paused{};  ///< `Paused`: join paused
    std::string reason{};          ///< `Reason`: the pause reason
    std::string member_name{};     ///< `MemberName`
    std::string state_interface{}; ///< `StateInterface`

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        m.add("Queue", queue);
        m.add("Interface", interface);
        detail::add_if(m, "Penalty", penalty);
        detail::add_if(m, "Paused", paused);
        detail::add_if(m, "Reason", reason);
        detail::add_if(m, "MemberName", member_name);
        detail::add_if(m, "StateInterface", state_interface);
        return m;
    }

    /// @brief Builds the result from the reply.
    static result_type make_result(reply&& r, std::error_code& ec) {
        return ack_result::from_reply(std::move(r), ec);
    }
};

/// @brief `Action: QueueRemove`: remove a dynamic member ("Unable to remove interface: Not
/// there" when it is not one).
struct queue_remove {
    static constexpr std::string_view ami_name = "QueueRemove"; ///< the `Action:` name
    using result_type = ack_result;                             ///< `Removed interface from queue`

    std::string queue{};      ///< `Queue` (required)
    std::string interface {}; ///< `Interface` (required)

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        m.add("Queue", queue);
        m.add("Interface", interface);
        return m;
    }

    /// @brief Builds the result from the reply.
    static result_type make_result(reply&& r, std::error_code& ec) {
        return ack_result::from_reply(std::move(r), ec);
    }
};

/// @brief `Action: QueuePause`: pause or unpause a member, in one queue or in all.
struct queue_pause {
    static constexpr std::string_view ami_name = "QueuePause"; ///< the `Action:` name
    using result_type = ack_result;                            ///< `Interface paused successfully`

    std::string interface {}; ///< `Interface` (required)
    bool paused = true;       ///< `Paused` (required): true pauses, false unpauses
    std::string queue{};      ///< `Queue`: only in this queue (empty: all)
    std::string reason{};     ///< `Reason`: logged in queue_log and shown as PausedReason

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        detail::add_if(m, "Queue", queue);
        m.add("Interface", interface);
        m.add("Paused", detail::bool_text(paused));
        detail::add_if(m, "Reason", reason);
        return m;
    }

    /// @brief Builds the result from the reply.
    static result_type make_result(reply&& r, std::error_code& ec) {
        return ack_result::from_reply(std::move(r), ec);
    }
};

} // namespace amicpp::actions

#endif // AMICPP_ACTIONS_QUEUE_HPP
