// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_TESTING_DETAIL_LIVE_ACTIONS_HPP
#define AMICPP_TESTING_DETAIL_LIVE_ACTIONS_HPP

/// @file
/// @brief The simulated server's actions over its live PBX: bridges (Bridge, BridgeKick,
/// BridgeList, BridgeInfo, BridgeDestroy), queues (QueueAdd, QueueRemove, QueuePause,
/// QueueStatus, QueueSummary), parking (Park, ParkedCalls), DeviceStateList,
/// ExtensionStateList and VoicemailUsersList, worded as Asterisk 22 words them.

#include <amicpp/message.hpp>
#include <amicpp/testing/action_context.hpp>
#include <amicpp/testing/detail/event_mask.hpp>
#include <amicpp/testing/detail/live_pbx.hpp>
#include <amicpp/testing/detail/pbx.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace amicpp::testing::detail {

/// The live PBX's actions, looked up by name after the core ones.
class live_actions {
public:
    /// One action: its name, the write classes any of which allows it (0: anyone), its handler.
    struct entry {
        std::string_view name;
        std::uint32_t authority;
        void (live_actions::*handler)(action_context&);
        std::string_view synopsis;
    };

    live_actions(pbx& p, live_pbx& live) : pbx_(p), live_(live) {}

    static const std::vector<entry>& table() {
        static const std::vector<entry> t = {
            {"Bridge", ev_call, &live_actions::bridge, "Bridge two channels already in the PBX."},
            {"Atxfer", ev_call, &live_actions::atxfer, "Attended transfer."},
            {"BlindTransfer", ev_call, &live_actions::blind_transfer,
             "Blind transfer channel(s) to the given destination"},
            {"BridgeDestroy", 0, &live_actions::bridge_destroy, "Destroy a bridge."},
            {"BridgeInfo", 0, &live_actions::bridge_info, "Get information about a bridge."},
            {"BridgeKick", 0, &live_actions::bridge_kick, "Kick a channel from a bridge."},
            {"BridgeList", 0, &live_actions::bridge_list, "Get a list of bridges in the system."},
            {"DeviceStateList", ev_call | ev_reporting, &live_actions::device_state_list,
             "List the current known device states."},
            {"ExtensionStateList", ev_call | ev_reporting, &live_actions::extension_state_list,
             "List the current known extension states."},
            {"Park", ev_call, &live_actions::park, "Park a channel."},
            {"ParkedCalls", ev_call, &live_actions::parked_calls, "List parked calls."},
            {"QueueAdd", ev_agent, &live_actions::queue_add, "Add interface to queue."},
            {"QueuePause", ev_agent, &live_actions::queue_pause,
             "Makes a queue member temporarily unavailable."},
            {"QueueRemove", ev_agent, &live_actions::queue_remove, "Remove interface from queue."},
            {"QueueStatus", 0, &live_actions::queue_status, "Show queue status."},
            {"QueueSummary", 0, &live_actions::queue_summary, "Show queue summary."},
            {"VoicemailUsersList", ev_call | ev_reporting, &live_actions::voicemail_users_list,
             "List All Voicemail User Information."},
        };
        return t;
    }

    static const entry* find(std::string_view name) {
        for (const entry& e : table()) {
            if (amicpp::detail::iequals(e.name, name))
                return &e;
        }
        return nullptr;
    }

    /// Runs the action if it is one of these (answering `Permission denied` when `write_perm`
    /// lacks its classes); false when it is not.
    bool run(action_context& ctx, std::uint32_t write_perm) {
        const entry* e = find(ctx.name());
        if (e == nullptr)
            return false;
        if (e->authority != 0 && (write_perm & e->authority) == 0) {
            ctx.send(ctx.error("Permission denied"));
            return true;
        }
        (this->*(e->handler))(ctx);
        return true;
    }

private:
    /// An item with the list's ActionID last, as QueueStatus and ParkedCalls write them.
    static void id_last(message& m, const action_context& ctx) {
        if (!ctx.action_id().empty())
            m.add("ActionID", ctx.action_id());
    }

    std::string local(std::string_view name) { return live_.find(name); }

    // ---- bridges -----------------------------------------------------------------------------

    void bridge(action_context& ctx) {
        const std::string_view n1 = ctx.get("Channel1");
        const std::string_view n2 = ctx.get("Channel2");
        if (n1.empty() || n2.empty()) {
            ctx.send(ctx.error("Missing channel parameter in request"));
            return;
        }
        const std::string a = local(n1);
        if (a.empty() || !live_.manages(a)) {
            ctx.send(ctx.error("Channel1 does not exist: " + std::string(n1)));
            return;
        }
        const std::string b = local(n2);
        if (b.empty() || !live_.manages(b)) {
            ctx.send(ctx.error("Channel2 does not exist: " + std::string(n2)));
            return;
        }
        ctx.send(ctx.success("Channels have been bridged"));
        live_.bridge(a, b);
    }

    void atxfer(action_context& ctx) {
        const std::string_view name = ctx.get("Channel");
        const std::string_view exten = ctx.get("Exten");
        if (name.empty()) {
            ctx.send(ctx.error("No channel specified"));
            return;
        }
        if (exten.empty()) {
            ctx.send(ctx.error("No extension specified"));
            return;
        }
        const std::string uid = local(name);
        channel* c = uid.empty() ? nullptr : live_.channel_by_uid(uid);
        if (c == nullptr || !live_.manages(uid)) {
            ctx.send(ctx.error("Channel specified does not exist"));
            return;
        }
        if (c->bridge_id.empty()) {
            ctx.send(ctx.error("Channel is not in a bridge"));
            return;
        }
        ctx.send(ctx.success("Atxfer successfully queued"));
        live_.atxfer(uid, std::string(ctx.get("Context", c->context)), std::string(exten));
    }

    void blind_transfer(action_context& ctx) {
        const std::string_view name = ctx.get("Channel");
        const std::string_view exten = ctx.get("Exten");
        if (name.empty()) {
            ctx.send(ctx.error("No channel specified"));
            return;
        }
        if (exten.empty()) {
            ctx.send(ctx.error("No extension specified"));
            return;
        }
        const std::string uid = local(name);
        channel* c = uid.empty() ? nullptr : live_.channel_by_uid(uid);
        if (c == nullptr || !live_.manages(uid)) {
            ctx.send(ctx.error("Channel specified does not exist"));
            return;
        }
        if (c->bridge_id.empty()) {
            ctx.send(ctx.error("Transfer failed: Invalid"));
            return;
        }
        ctx.send(ctx.success("Transfer succeeded"));
        live_.blind_transfer(uid, std::string(ctx.get("Context")), std::string(exten));
    }

    void bridge_kick(action_context& ctx) {
        const std::string_view name = ctx.get("Channel");
        if (name.empty()) {
            ctx.send(ctx.error("Channel must be provided"));
            return;
        }
        const std::string uid = local(name);
        channel* c = uid.empty() ? nullptr : live_.channel_by_uid(uid);
        if (c == nullptr) {
            ctx.send(ctx.error("Channel does not exist"));
            return;
        }
        const std::string_view id = ctx.get("BridgeUniqueid");
        if (c->bridge_id.empty() || (!id.empty() && c->bridge_id != id)) {
            ctx.send(ctx.error("Channel " + std::string(name) + " is not in bridge"));
            return;
        }
        ctx.send(ctx.success("Channel has been kicked"));
        live_.kick(uid);
    }

    void bridge_list(action_context& ctx) {
        const std::string_view type = ctx.get("BridgeType");
        ctx.send(ctx.list_start("Bridge listing will follow"));
        std::size_t n = 0;
        for (const bridge_state& b : live_.bridges()) {
            if (!type.empty() && !amicpp::detail::iequals(type, b.type))
                continue;
            message e = ctx.list_item("BridgeListItem");
            live_pbx::bridge_headers(e, b);
            ctx.send(e);
            ++n;
        }
        ctx.send(ctx.list_complete("BridgeListComplete", n));
    }

    void bridge_info(action_context& ctx) {
        const std::string_view id = ctx.get("BridgeUniqueid");
        if (id.empty()) {
            ctx.send(ctx.error("BridgeUniqueid must be provided"));
            return;
        }
        const bridge_state* b = live_.find_bridge(id);
        if (b == nullptr) {
            ctx.send(ctx.error("Bridge not found"));
            return;
        }
        ctx.send(ctx.list_start("Bridge channel listing will follow"));
        for (const std::string& uid : b->channels) {
            message e = ctx.list_item("BridgeInfoChannel");
            if (const channel* c = live_.channel_by_uid(uid))
                pbx::add_snapshot(e, *c);
            ctx.send(e);
        }
        message done = ctx.list_complete("BridgeInfoComplete", b->channels.size());
        live_pbx::bridge_headers(done, *b);
        ctx.send(done);
    }

    void bridge_destroy(action_context& ctx) {
        const std::string_view id = ctx.get("BridgeUniqueid");
        if (id.empty()) {
            ctx.send(ctx.error("BridgeUniqueid must be provided"));
            return;
        }
        const bridge_state* b = live_.find_bridge(id);
        if (b == nullptr) {
            ctx.send(ctx.error("Bridge not found"));
            return;
        }
        ctx.send(ctx.success("Bridge has been destroyed"));
        live_.destroy(std::string(id));
    }

    // ---- queues ------------------------------------------------------------------------------

    void queue_add(action_context& ctx) {
        const std::string q(ctx.get("Queue"));
        const std::string iface(ctx.get("Interface"));
        if (q.empty()) {
            ctx.send(ctx.error("'Queue' not specified."));
            return;
        }
        if (iface.empty()) {
            ctx.send(ctx.error("'Interface' not specified."));
            return;
        }
        if (!live_.has_queue(q)) {
            ctx.send(ctx.error("Unable to add interface to queue: No such queue"));
            return;
        }
        queue_member_state m;
        m.interface = iface;
        m.name = std::string(ctx.get("MemberName"));
        m.state_interface = std::string(ctx.get("StateInterface"));
        const std::string_view penalty = ctx.get("Penalty");
        if (!penalty.empty() && penalty.size() < 6 &&
            penalty.find_first_not_of("0123456789") == std::string_view::npos)
            m.penalty = std::stoi(std::string(penalty));
        m.paused = is_true(ctx.get("Paused"));
        m.paused_reason = std::string(ctx.get("Reason"));
        // Asterisk answers before the QueueMemberAdded event reaches anyone.
        if (live_.queue(q).members.end() !=
            std::find_if(live_.queue(q).members.begin(), live_.queue(q).members.end(),
                         [&](const queue_member_state& x) { return x.interface == iface; })) {
            ctx.send(ctx.error("Unable to add interface: Already there"));
            return;
        }
        ctx.send(ctx.success("Added interface to queue"));
        live_.add_member(q, m);
    }

    void queue_remove(action_context& ctx) {
        const std::string q(ctx.get("Queue"));
        const std::string iface(ctx.get("Interface"));
        if (q.empty() || iface.empty()) {
            ctx.send(ctx.error("Need 'Queue' and 'Interface' parameters."));
            return;
        }
        if (!live_.has_queue(q)) {
            ctx.send(ctx.error("Unable to remove interface from queue: No such queue"));
            return;
        }
        const auto& members = live_.queue(q).members;
        if (std::none_of(members.begin(), members.end(),
                         [&](const queue_member_state& x) { return x.interface == iface; })) {
            ctx.send(ctx.error("Unable to remove interface: Not there"));
            return;
        }
        ctx.send(ctx.success("Removed interface from queue"));
        live_.remove_member(q, iface);
    }

    void queue_pause(action_context& ctx) {
        const std::string iface(ctx.get("Interface"));
        const std::string_view paused = ctx.get("Paused");
        if (iface.empty() || paused.empty()) {
            ctx.send(ctx.error("Need 'Interface' and 'Paused' parameters."));
            return;
        }
        const bool p = is_true(paused);
        const std::string q(ctx.get("Queue"));
        bool known = false;
        for (const auto& qe : live_.queues()) {
            if (!q.empty() && qe.first != q)
                continue;
            for (const queue_member_state& m : qe.second.members)
                known = known || m.interface == iface;
        }
        if (!known) {
            ctx.send(ctx.error("Interface not found"));
            return;
        }
        ctx.send(
            ctx.success(p ? "Interface paused successfully" : "Interface unpaused successfully"));
        live_.pause_member(q, iface, p, std::string(ctx.get("Reason")));
    }

    void queue_status(action_context& ctx) {
        const std::string_view filter = ctx.get("Queue");
        const std::string_view member = ctx.get("Member");
        ctx.send(ctx.list_start("Queue status will follow"));
        std::size_t n = 0;
        const long long now = pbx::epoch_now();
        for (const auto& qe : live_.queues()) {
            const queue_state& q = qe.second;
            if (!filter.empty() && filter != q.name)
                continue;
            message p = message::event("QueueParams");
            p.add("Queue", q.name);
            p.add("Max", std::to_string(q.max));
            p.add("Strategy", q.strategy);
            p.add("Calls", std::to_string(q.callers.size()));
            p.add("Holdtime", "0");
            p.add("TalkTime", "0");
            p.add("Completed", std::to_string(q.completed));
            p.add("Abandoned", std::to_string(q.abandoned));
            p.add("ServiceLevel", "0");
            p.add("ServicelevelPerf", "0.0");
            p.add("ServicelevelPerf2", "0.0");
            p.add("Weight", "0");
            id_last(p, ctx);
            ctx.send(p);
            ++n;
            for (const queue_member_state& m : q.members) {
                if (!member.empty() && member != m.interface && member != m.name)
                    continue;
                message e = live_pbx::member_item(q.name, m);
                id_last(e, ctx);
                ctx.send(e);
                ++n;
            }
            for (const queue_caller_state& c : q.callers) {
                message e = message::event("QueueEntry");
                e.add("Queue", q.name);
                e.add("Position", std::to_string(c.position));
                e.add("Channel", c.channel);
                e.add("Uniqueid", c.uniqueid);
                const channel* ch = live_.channel_by_uid(c.uniqueid);
                e.add("CallerIDNum", ch != nullptr ? ch->caller_id_num : c.caller_id_num);
                e.add("CallerIDName", ch != nullptr ? ch->caller_id_name : c.caller_id_name);
                e.add("ConnectedLineNum", ch != nullptr ? ch->connected_line_num : "<unknown>");
                e.add("ConnectedLineName", ch != nullptr ? ch->connected_line_name : "<unknown>");
                e.add("Wait", std::to_string(now - c.joined));
                e.add("Priority", "0");
                id_last(e, ctx);
                ctx.send(e);
                ++n;
            }
        }
        ctx.send(ctx.list_complete("QueueStatusComplete", n));
    }

    void queue_summary(action_context& ctx) {
        const std::string_view filter = ctx.get("Queue");
        ctx.send(ctx.list_start("Queue summary will follow"));
        std::size_t n = 0;
        const long long now = pbx::epoch_now();
        for (const auto& qe : live_.queues()) {
            const queue_state& q = qe.second;
            if (!filter.empty() && filter != q.name)
                continue;
            int available = 0;
            for (const queue_member_state& m : q.members)
                available += (!m.paused && m.status == 1 && !m.in_call) ? 1 : 0;
            long long longest = 0;
            for (const queue_caller_state& c : q.callers)
                longest = std::max(longest, now - c.joined);
            message e = ctx.list_item("QueueSummary");
            e.add("Queue", q.name);
            e.add("LoggedIn", std::to_string(q.members.size()));
            e.add("Available", std::to_string(available));
            e.add("Callers", std::to_string(q.callers.size()));
            e.add("HoldTime", "0");
            e.add("TalkTime", "0");
            e.add("LongestHoldTime", std::to_string(longest));
            ctx.send(e);
            ++n;
        }
        ctx.send(ctx.list_complete("QueueSummaryComplete", n));
    }

    // ---- parking -----------------------------------------------------------------------------

    void park(action_context& ctx) {
        const std::string_view name = ctx.get("Channel");
        if (name.empty()) {
            ctx.send(ctx.error("Channel not specified"));
            return;
        }
        const std::string uid = local(name);
        if (uid.empty() || !live_.manages(uid)) {
            ctx.send(ctx.error("Channel does not exist: " + std::string(name)));
            return;
        }
        std::string parker = std::string(ctx.get("TimeoutChannel"));
        if (parker.empty())
            parker = std::string(name);
        // The parker's dial string: its channel name without the `-0000000N;N` suffix.
        const std::size_t dash = parker.rfind('-');
        if (dash != std::string::npos && parker.find(';', dash) != std::string::npos)
            parker = parker.substr(0, dash);
        int timeout = 45;
        const std::string_view ms = ctx.get("Timeout");
        if (!ms.empty() && ms.size() < 9 && ms.find_first_not_of("0123456789") == std::string::npos)
            timeout = std::max(1, std::stoi(std::string(ms)) / 1000);
        ctx.send(ctx.success("Park successful"));
        live_.park(uid, parker, timeout);
    }

    void parked_calls(action_context& ctx) {
        ctx.send(ctx.list_start("Parked calls will follow"));
        std::size_t n = 0;
        for (const auto& p : live_.parked()) {
            ctx.send(live_.parked_item(p.second, ctx.action_id()));
            ++n;
        }
        message done = ctx.list_complete("ParkedCallsComplete", n);
        done.add("Total", std::to_string(n));
        ctx.send(done);
    }

    // ---- device and extension states, voicemail ----------------------------------------------

    void device_state_list(action_context& ctx) {
        ctx.send(ctx.list_start("Device State Changes will follow"));
        for (const auto& d : live_.devices()) {
            message e = ctx.list_item("DeviceStateChange");
            e.add("Device", d.first);
            e.add("State", d.second);
            ctx.send(e);
        }
        ctx.send(ctx.list_complete("DeviceStateListComplete", live_.devices().size()));
    }

    void extension_state_list(action_context& ctx) {
        ctx.send(ctx.list_start("Extension Statuses will follow"));
        for (const auto& h : pbx_.hints()) {
            const std::size_t at = h.first.rfind('@');
            message e = ctx.list_item("ExtensionStatus");
            e.add("Exten", h.first.substr(0, at));
            e.add("Context", h.first.substr(at + 1));
            e.add("Hint", h.second.hint);
            e.add("Status", std::to_string(h.second.status));
            e.add("StatusText", extension_state_text(h.second.status));
            ctx.send(e);
        }
        ctx.send(ctx.list_complete("ExtensionStateListComplete", pbx_.hints().size()));
    }

    void voicemail_users_list(action_context& ctx) {
        ctx.send(ctx.list_start("Voicemail user list will follow"));
        for (const auto& m : pbx_.mailboxes()) {
            const std::size_t at = m.first.find('@');
            message e = ctx.list_item("VoicemailUserEntry");
            e.add("VMContext", at == std::string::npos ? "default" : m.first.substr(at + 1));
            e.add("VoiceMailbox", m.first.substr(0, at));
            e.add("Fullname", "");
            e.add("Email", "");
            e.add("NewMessageCount", std::to_string(m.second.new_messages));
            e.add("OldMessageCount", std::to_string(m.second.old_messages));
            ctx.send(e);
        }
        ctx.send(ctx.list_complete("VoicemailUserEntryComplete", pbx_.mailboxes().size()));
    }

    pbx& pbx_;
    live_pbx& live_;
};

} // namespace amicpp::testing::detail

#endif // AMICPP_TESTING_DETAIL_LIVE_ACTIONS_HPP
