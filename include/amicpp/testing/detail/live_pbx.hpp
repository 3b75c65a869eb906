// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_TESTING_DETAIL_LIVE_PBX_HPP
#define AMICPP_TESTING_DETAIL_LIVE_PBX_HPP

/// @file
/// @brief The simulated PBX's calls: Local channel pairs, dialing, bridges, queues, parking,
/// device and hint states and mailboxes, each operation emitting the event sequence a real
/// Asterisk 22 emits for it (see `../shared/transcripts/live/`). No I/O: events go out through
/// `action_services::broadcast`; used on the server thread only.

#include <amicpp/message.hpp>
#include <amicpp/testing/action_context.hpp>
#include <amicpp/testing/channel.hpp>
#include <amicpp/testing/detail/live_dialplan.hpp>
#include <amicpp/testing/detail/live_events.hpp>
#include <amicpp/testing/detail/pbx.hpp>
#include <amicpp/testing/pbx_state.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace amicpp::testing::detail {

/// The simulated PBX's live part. Channels themselves stay in `pbx` (Status, Getvar... see
/// them); this adds what Local pairs, dialing, bridges, queues and parking need.
class live_pbx {
public:
    live_pbx(pbx& p, action_services& out) : pbx_(p), out_(out) {}

    live_pbx(const live_pbx&) = delete;
    live_pbx& operator=(const live_pbx&) = delete;

    /// The configuration of the capture lab: queue `support`, the parking lot `default` and its
    /// holding bridge, hints 100@test (`Local/100@test`) and 101@test (`Custom:101`), devices
    /// `Custom:101`/`102`/`511`, mailbox `1234@default`.
    void load_lab_config() {
        queues_["support"].name = "support";
        ensure_parking_bridge(false);
        pbx_.set_hint("100", "test", hint_state{"Local/100@test", 0});
        pbx_.set_hint("101", "test", hint_state{"Custom:101", 0});
        for (const char* d : {"Custom:101", "Custom:102", "Custom:511"})
            devices_[d] = "NOT_INUSE";
        devices_["Queue:support"] = "NOT_INUSE";
        devices_["Queue:support_avail"] = "INUSE";
        devices_["park:701@parkedcalls"] = "NOT_INUSE";
        devices_["MWI:1234@default"] = "NOT_INUSE";
        pbx_.mailboxes()["1234@default"];
    }

    // =========================================================================================
    // Truth
    // =========================================================================================

    pbx_state snapshot() const {
        pbx_state s;
        s.channels = pbx_.channels();
        for (const bridge_rec& b : bridges_)
            s.bridges.push_back(b.info);
        for (const auto& q : queues_)
            s.queues.push_back(q.second);
        s.device_states = devices_;
        for (const auto& h : pbx_.hints()) {
            const std::size_t at = h.first.rfind('@');
            s.hints.push_back(hint_info{h.first.substr(0, at), h.first.substr(at + 1),
                                        h.second.hint, h.second.status});
        }
        for (const auto& p : parked_)
            s.parked_calls.push_back(p.second);
        for (const auto& m : pbx_.mailboxes())
            s.mailboxes[m.first] = mailbox_counts{m.second.new_messages, m.second.old_messages,
                                                  m.second.urgent_messages};
        return s;
    }

    const std::vector<bridge_state> bridges() const {
        std::vector<bridge_state> out;
        for (const bridge_rec& b : bridges_)
            out.push_back(b.info);
        return out;
    }
    const bridge_state* find_bridge(std::string_view id) const {
        for (const bridge_rec& b : bridges_) {
            if (b.info.uniqueid == id)
                return &b.info;
        }
        return nullptr;
    }
    const std::map<std::string, queue_state>& queues() const noexcept { return queues_; }
    const std::map<std::string, parked_call_state>& parked() const noexcept { return parked_; }
    const std::map<std::string, std::string>& devices() const noexcept { return devices_; }

    /// Whether the channel (uniqueid) is one of the simulated Local channels.
    bool manages(std::string_view uniqueid) const {
        return legs_.count(std::string(uniqueid)) != 0;
    }

    /// Forgets the calls (channels, bridges but the parking lot's, queue callers, parked calls)
    /// as a restarted Asterisk would; queue members, device states, hints' configuration and
    /// mailboxes stay (Asterisk keeps them in its database and spool). No event.
    void reset_calls() {
        legs_.clear();
        pbx_.clear_channels();
        bridges_.clear();
        parking_bridge_.clear();
        if (lab_parking_)
            ensure_parking_bridge(false);
        parked_.clear();
        local_use_.clear();
        for (auto& q : queues_) {
            q.second.callers.clear();
            for (queue_member_state& m : q.second.members) {
                m.in_call = false;
                m.status = device_to_member_status(device_state(member_device(m)));
            }
            devices_["Queue:" + q.first] = "NOT_INUSE";
        }
        for (auto& p : devices_) {
            if (p.first.compare(0, 5, "park:") == 0)
                p.second = "NOT_INUSE";
        }
        for (auto& h : pbx_.hints())
            h.second.status = hint_status(h.second.hint);
    }

    // =========================================================================================
    // Calls
    // =========================================================================================

    /// What an Originate of `Local/...` does (capture 01): the pair, the "phone" `;2` answers
    /// (after ringing for 51X), OriginateResponse (when `respond`), then `;1` runs the
    /// Application or the dialplan at Context/Exten/Priority. Returns `;1`'s uniqueid; empty when
    /// the channel is not `Local/...`.
    std::string originate(const message& action,
                          const std::function<void(const channel& one)>& respond) {
        const auto target = parse_local(action.get("Channel"));
        if (!target)
            return {};
        const auto [cid_name, cid_num] = split_caller_id(action.get("CallerID"));
        const auto [one, two] = new_pair(*target, std::string());
        set_caller_ids(one, two, cid_num, cid_name, cid_num, cid_name);
        local_bridge(one, two, target->no_optimize);
        dial_begin(std::string(), one, target->exten + "@" + target->context);
        phone_rings_or_answers(one, two, true);
        if (respond)
            respond(*ch(one));
        touch_hints(target->device);
        if (action.contains("Application")) {
            channel& c = *ch(one);
            c.application = std::string(action.get("Application"));
            c.application_data = std::string(action.get("Data"));
            touch_device_events(target->device, 2);
        } else {
            const std::string_view p = action.get("Priority");
            const int prio = !p.empty() && p.size() <= 6 &&
                                     p.find_first_not_of("0123456789") == std::string_view::npos
                                 ? std::stoi(std::string(p))
                                 : 1;
            run_dialplan(one, std::string(action.get("Context", "default")),
                         std::string(action.get("Exten", "s")), prio, 2);
        }
        phone_waits(two);
        return one;
    }

    /// Phone `from` goes off hook: `Local/<from>@<context>` whose `;2` (the phone) answers at
    /// once; `;1` is then ready to run what the caller dialed. Returns both uniqueids.
    std::pair<std::string, std::string>
    off_hook(const std::string& from, const std::string& caller_name, const std::string& context) {
        local_target t{"Local/" + from + "@" + context, from, context, false};
        const auto [one, two] = new_pair(t, std::string());
        const std::string name = caller_name.empty() ? from : caller_name;
        set_caller_ids(one, two, from, name, from, name);
        local_bridge(one, two, false);
        dial_begin(std::string(), one, from + "@" + context);
        phone_rings_or_answers(one, two, true);
        touch_hints(t.device);
        return {one, two};
    }

    /// A call from phone `from` to phone `to` (capture 02): `Local/<from>@<context>` whose `;1`
    /// dials `Local/<to>@<context>/n`; the callee rings, then answers (both bridged) when
    /// `answer`.
    placed_call place_call(const std::string& from, const std::string& to,
                           const std::string& caller_name, const std::string& context,
                           bool answer) {
        const auto [one, two] = off_hook(from, caller_name, context);
        const std::string device = legs_[one].device;
        {
            channel& c = *ch(one);
            c.context = context;
            c.exten = to;
            c.priority = 1;
        }
        newexten(one, "Dial", "Local/" + to + "@" + context + "/n,20");
        touch_device_events(device, 2);
        placed_call out = describe(one, two);
        const std::string callee = dial(one, "Local/" + to + "@" + context + "/n", answer);
        phone_waits(two);
        if (!callee.empty() && alive(callee)) {
            out.callee = ch(callee)->name;
            out.callee_phone = ch(legs_[callee].partner)->name;
            out.bridge = ch(callee)->bridge_id;
        }
        return out;
    }

    /// Phone `from` calls into queue `qname` (capture 05: 300 = Answer, Queue(support)).
    placed_call call_queue(const std::string& from, const std::string& caller_name,
                           const std::string& qname, const std::string& context) {
        const auto [one, two] = off_hook(from, caller_name, context);
        {
            channel& c = *ch(one);
            c.context = context;
            c.exten = qname == "support" ? "300" : qname;
        }
        newexten(one, "Answer", "", 1);
        newexten(one, "Queue", qname, 2);
        touch_device_events(legs_[one].device, 2);
        placed_call out = describe(one, two);
        join_queue(one, qname);
        phone_waits(two);
        return out;
    }

    /// Phone `from` dials `space` in `parkedcalls` to pick the parked call up (capture 07).
    placed_call call_parked(const std::string& from, const std::string& caller_name,
                            const std::string& space, const std::string& context) {
        const auto [one, two] = off_hook(from, caller_name, context);
        placed_call out = describe(one, two);
        run_dialplan(one, "parkedcalls", space, 1, 2);
        phone_waits(two);
        if (alive(one))
            out.bridge = ch(one)->bridge_id;
        return out;
    }

    /// The callee (`;1` of the dialed pair, by uniqueid) answers: capture 02's answer, or a queue
    /// member's AgentConnect (capture 05). False when it is not ringing.
    bool answer(const std::string& uid) {
        const auto it = legs_.find(uid);
        if (it == legs_.end() || it->second.dialer.empty() || it->second.answered)
            return false;
        leg& l = it->second;
        if (l.atxfer_target && alive(l.dialer)) { // already bridged with the transferer
            l.answered = true;
            const std::string phone = l.partner;
            newexten(phone, "Answer", "", ch(phone)->priority + 1);
            newstate(phone, 6);
            newstate(uid, 6);
            dial_end(l.dialer, uid, "ANSWER");
            touch_device_events(l.device, 2);
            phone_waits(phone);
            return true;
        }
        if (!alive(l.dialer) || !ch(l.dialer)->bridge_id.empty() ||
            !legs_[l.dialer].parked_space.empty())
            return false;
        l.answered = true;
        const std::string caller = l.dialer;
        const std::string phone = l.partner;
        const std::string device = l.device;
        newexten(phone, "Answer", "", ch(phone)->priority + 1);
        newstate(phone, 6);
        newstate(uid, 6);
        dial_end(caller, uid, "ANSWER");
        bridge_rec b = make_bridge(true);
        if (!l.queue_member.empty()) {
            touch_device_events(device, 1);
            const std::string qname = legs_[caller].queue;
            queue_state& q = queues_[qname];
            const long long hold = pbx::epoch_now() - legs_[caller].queue_joined;
            const int position = caller_position(q, caller);
            remove_caller(q, caller);
            update_queue_device(qname);
            touch_device_events(device, 1);
            message leave = chan_event("QueueCallerLeave", "agent,all", *ch(caller));
            leave.add("Queue", qname);
            leave.add("Position", std::to_string(position));
            leave.add("Count", std::to_string(q.callers.size()));
            emit(leave);
            legs_[caller].queue.clear();
            queue_member_state* m = find_member(q, l.queue_member);
            message connect = agent_event("AgentConnect", caller, uid, qname, m);
            connect.add("HoldTime", std::to_string(hold));
            connect.add("RingTime", std::to_string(pbx::epoch_now() - l.ring_started));
            emit(connect);
            if (m != nullptr)
                m->in_call = true;
            b.queue = qname;
            b.member = l.queue_member;
            b.caller = caller;
            b.connected_at = pbx::epoch_now();
            emit(bridge_event("BridgeCreate", b.info));
            bridges_.push_back(b);
            enter_bridge(b.info.uniqueid, uid);
            enter_bridge(b.info.uniqueid, caller);
        } else {
            emit(bridge_event("BridgeCreate", b.info));
            bridges_.push_back(b);
            channel& c = *ch(uid);
            c.exten.clear();
            newexten(uid, "AppDial", "(Outgoing Line)");
            enter_bridge(b.info.uniqueid, uid);
            touch_device_events(device, 2);
            enter_bridge(b.info.uniqueid, caller);
        }
        phone_waits(phone);
        return true;
    }

    /// Hangs up the channel with this uniqueid, and what goes with it (capture 01, 02, 05, 07):
    /// the other half of its Local pair, a two-party bridge's other member, a waiting queue
    /// caller (abandon), a parked call (give up). False when the channel is not a Local one.
    bool hangup(const std::string& uid, int cause) {
        if (!manages(uid) || ch(uid) == nullptr)
            return false;
        if (!legs_[uid].atxfer_from.empty())
            complete_atxfer(uid);
        if (alive(legs_[uid].partner) && !legs_[legs_[uid].partner].atxfer_from.empty())
            complete_atxfer(legs_[uid].partner);
        const std::string partner = alive(legs_[uid].partner) ? legs_[uid].partner : "";
        std::vector<std::string> later;
        std::vector<std::string> destroy;
        {
            // Asterisk announces the hint's new state before the hangup's events (capture 01):
            // as if the pair were gone already.
            const std::string device = legs_[uid].device;
            const int gone = partner.empty() ? 1 : 2;
            local_use_[device] -= gone;
            touch_hints(device);
            local_use_[device] += gone;
        }
        emit(with_cause(chan_event("SoftHangupRequest", "call,all", *ch(uid)), 16, false));
        if (!partner.empty())
            emit(with_cause(chan_event("HangupRequest", "call,all", *ch(partner)), 0, false));
        const bool partner_plain = !partner.empty() && !busy(partner);
        if (partner_plain)
            emit(with_cause(chan_event("SoftHangupRequest", "call,all", *ch(partner)), 16, false));
        end_activity(uid, later, destroy);
        const std::string device = legs_[uid].device;
        remove(uid, cause);
        if (!partner.empty()) {
            if (!partner_plain)
                touch_device_events(device, 1);
            const bool had_activity = waiting(partner);
            end_activity(partner, later, destroy);
            if (had_activity)
                emit(with_cause(chan_event("SoftHangupRequest", "call,all", *ch(partner)), 16,
                                false));
            remove(partner, 16);
            for (const std::string& b : destroy)
                destroy_bridge(b);
            touch_device_events(device, partner_plain ? 2 : 1);
        } else {
            for (const std::string& b : destroy)
                destroy_bridge(b);
            touch_device_events(device, 1);
        }
        for (const std::string& r : later) {
            if (alive(r))
                hangup(r, 16);
        }
        return true;
    }

    // =========================================================================================
    // Bridges
    // =========================================================================================

    /// AMI `Bridge` (capture 14): both leave their bridges, a new basic bridge, both enter (the
    /// second takes the first's Linkedid), NewConnectedLine on both. Returns the bridge id.
    std::string bridge(const std::string& a, const std::string& b) {
        if (a == b || waiting(a) || waiting(b) || in_dial(a) || in_dial(b))
            return {};
        std::vector<std::string> later;
        std::vector<std::string> destroy;
        for (const std::string& u : {a, b}) {
            if (!ch(u)->bridge_id.empty())
                leave_bridge(u, later, destroy, true);
        }
        for (const std::string& d : destroy)
            destroy_bridge(d);
        bridge_rec r = make_bridge(false);
        emit(bridge_event("BridgeCreate", r.info));
        bridges_.push_back(r);
        const std::string id = r.info.uniqueid;
        enter_bridge(id, a);
        ch(b)->linkedid = ch(a)->linkedid;
        enter_bridge(id, b);
        for (const std::string& u : {a, b}) { // no event says so (capture 14, rule 10)
            ch(u)->application.clear();
            ch(u)->application_data.clear();
        }
        for (const auto& pair : {std::pair{a, b}, std::pair{b, a}}) {
            channel& self = *ch(pair.first);
            const channel& other = *ch(pair.second);
            self.connected_line_num = other.caller_id_num;
            self.connected_line_name = other.caller_id_name;
            emit(chan_event("NewConnectedLine", "call,all", self));
        }
        for (const std::string& r2 : later) {
            if (alive(r2))
                hangup(r2, 16);
        }
        return id;
    }

    /// BridgeKick / Redirect out of a bridge: the channel leaves; a two-party bridge dissolves
    /// (an AMI bridge sends both back to their dialplan, a Dial bridge hangs the other up).
    bool kick(const std::string& uid) {
        channel* c = ch(uid);
        if (c == nullptr || c->bridge_id.empty() || c->bridge_id == parking_bridge_)
            return false;
        std::vector<std::string> later;
        std::vector<std::string> destroy;
        const std::string id = c->bridge_id;
        const bridge_rec* b = find_rec(id);
        const bool from_dial = b == nullptr || b->from_dial;
        leave_bridge(uid, later, destroy, false);
        if (!from_dial)
            back_to_dialplan(uid);
        dissolve_if_alone(id, later, destroy);
        for (const std::string& d : destroy)
            destroy_bridge(d);
        for (const std::string& r : later) {
            if (alive(r))
                hangup(r, 16);
        }
        return true;
    }

    /// Redirect of a simulated channel: out of its bridge first (a Dial bridge's other member
    /// then hangs up, capture 06 a), then the dialplan at the new place.
    bool redirect(const std::string& uid, const std::string& context, const std::string& exten,
                  int priority) {
        if (ch(uid) == nullptr || !legs_[uid].parked_space.empty())
            return false;
        if (!legs_[uid].queue.empty()) { // out of the queue, not abandoned
            const std::string qname = legs_[uid].queue;
            queue_state& q = queue(qname);
            const int position = caller_position(q, uid);
            remove_caller(q, uid);
            update_queue_device(qname);
            message leave = chan_event("QueueCallerLeave", "agent,all", *ch(uid));
            leave.add("Queue", qname);
            leave.add("Position", std::to_string(position));
            leave.add("Count", std::to_string(q.callers.size()));
            emit(leave);
            legs_[uid].queue.clear();
            cancel_ringing(uid);
        }
        std::vector<std::string> later;
        std::vector<std::string> destroy;
        channel& c = *ch(uid);
        if (!context.empty())
            c.context = context;
        if (!exten.empty())
            c.exten = exten;
        legs_[uid].dialer.clear();
        const auto steps = lab_steps(c.context, c.exten);
        const std::size_t first = static_cast<std::size_t>(std::max(1, priority)) - 1;
        if (first < steps.size())
            newexten(uid, steps[first].app, steps[first].data, static_cast<int>(first) + 1);
        if (!ch(uid)->bridge_id.empty())
            leave_bridge(uid, later, destroy, true);
        for (const std::string& d : destroy)
            destroy_bridge(d);
        if (first < steps.size() && !blocking(steps[first].app))
            back_to_dialplan(uid, static_cast<int>(first) + 2);
        for (const std::string& r : later) {
            if (alive(r))
                hangup(r, 16);
        }
        return true;
    }

    /// BlindTransfer by `uid` (in a two-party bridge) to `exten@context` (capture 06 b): the
    /// transferee goes to the new extension, BlindTransfer, both leave, the bridge goes, the
    /// transferer hangs up. False when `uid` is not in a two-party bridge.
    bool blind_transfer(const std::string& uid, const std::string& context,
                        const std::string& exten) {
        channel* c = ch(uid);
        if (c == nullptr || c->bridge_id.empty())
            return false;
        const std::string id = c->bridge_id;
        bridge_rec* b = find_rec(id);
        if (b == nullptr || b->info.channels.size() != 2 || b->info.type == "parking")
            return false;
        const std::string other =
            b->info.channels.front() == uid ? b->info.channels.back() : b->info.channels.front();
        channel& t = *ch(other);
        t.context = context.empty() ? t.context : context;
        t.exten = exten;
        legs_[other].dialer.clear();
        const auto steps = lab_steps(t.context, t.exten);
        newexten(other, steps.empty() ? "Answer" : steps.front().app,
                 steps.empty() ? "" : steps.front().data, 1);
        message e = message::event("BlindTransfer");
        e.add("Privilege", "call,all");
        e.add("Result", "Success");
        add_prefixed(e, "Transferer", *ch(uid));
        add_prefixed(e, "Transferee", *ch(other));
        add_bridge(e, b->info);
        e.add("IsExternal", "Yes");
        e.add("Context", ch(other)->context);
        e.add("Extension", exten);
        emit(e);
        b->from_dial = false; // nobody is hung up by its end: the transferer goes by itself
        if (!b->queue.empty())
            agent_complete(*b, "transfer");
        std::vector<std::string> later;
        std::vector<std::string> destroy;
        leave_bridge(uid, later, destroy, false);
        leave_bridge(other, later, destroy, false);
        back_to_dialplan(other, 2);
        destroy.push_back(id);
        for (const std::string& d : destroy)
            destroy_bridge(d);
        hangup(uid, 16);
        return true;
    }

    /// Atxfer by `uid` (bridged) to `exten@context` (capture 06 c): Hold, the target's pair
    /// rings in a new bridge where the transferer moves; the target answers with `answer`;
    /// when the transferer hangs up, the new bridge merges into the first (BridgeMerge, the
    /// target moves, AttendedTransfer). False when `uid` is not bridged.
    bool atxfer(const std::string& uid, const std::string& context, const std::string& exten) {
        channel* c = ch(uid);
        const auto target = parse_local("Local/" + exten + "@" + context);
        if (c == nullptr || !target || c->bridge_id.empty() || c->bridge_id == parking_bridge_ ||
            !legs_[uid].atxfer_from.empty())
            return false;
        const std::string first = c->bridge_id;
        message hold = chan_event("Hold", "call,all", *c);
        hold.add("MusicClass", "default");
        emit(hold);
        const channel transferer = *c;
        const auto [one, two] = new_pair(*target, transferer.linkedid);
        for (const std::string& u : {one, two}) {
            channel& x = *ch(u);
            x.caller_id_num = transferer.caller_id_num;
            x.caller_id_name = transferer.caller_id_name;
            x.connected_line_num = transferer.caller_id_num;
            x.connected_line_name = transferer.caller_id_name;
        }
        bridge_rec second = make_bridge(true);
        emit(bridge_event("BridgeCreate", second.info));
        bridges_.push_back(second);
        local_bridge(one, two, false);
        legs_[one].dialer = uid;
        legs_[one].atxfer_target = true;
        const auto steps = lab_steps(ch(two)->context, ch(two)->exten);
        const bool rings = !steps.empty() && steps.front().app == "Ringing";
        if (rings) {
            newexten(two, "Ringing", "", 1);
            newstate(one, 5);
            newexten(two, "Wait", "1", 2);
            touch_device_events(target->device, 1);
        }
        enter_bridge(second.info.uniqueid, one);
        if (rings)
            dial_status("DialState", uid, one, "RINGING");
        std::vector<std::string> later;
        std::vector<std::string> destroy;
        leave_bridge(uid, later, destroy, false);
        enter_bridge(second.info.uniqueid, uid);
        legs_[uid].atxfer_from = first;
        legs_[uid].atxfer_second = second.info.uniqueid;
        if (!rings) {
            ch(two)->priority = 0;
            answer(one);
        }
        return true;
    }

    /// BridgeDestroy: every member is kicked, then the bridge goes.
    bool destroy(const std::string& id) {
        bridge_rec* b = find_rec(id);
        if (b == nullptr || b->info.type == "parking")
            return false;
        const std::vector<std::string> members = b->info.channels;
        std::vector<std::string> later;
        std::vector<std::string> destroyed;
        for (const std::string& m : members) {
            if (find_rec(id) != nullptr && alive(m) && ch(m)->bridge_id == id)
                leave_bridge(m, later, destroyed, true);
        }
        if (find_rec(id) != nullptr &&
            std::find(destroyed.begin(), destroyed.end(), id) == destroyed.end())
            destroyed.push_back(id);
        for (const std::string& d : destroyed)
            destroy_bridge(d);
        for (const std::string& r : later) {
            if (alive(r))
                hangup(r, 16);
        }
        return true;
    }

    // =========================================================================================
    // Queues
    // =========================================================================================

    queue_state& queue(const std::string& name) {
        queue_state& q = queues_[name];
        q.name = name;
        return q;
    }

    bool has_queue(const std::string& name) const { return queues_.count(name) != 0; }

    /// QueueAdd: QueueMemberAdded, then `Queue:<q>_avail` if it changes (capture 05).
    bool add_member(const std::string& qname, queue_member_state m) {
        queue_state& q = queue(qname);
        if (find_member(q, m.interface) != nullptr)
            return false;
        if (m.name.empty())
            m.name = m.interface;
        if (m.state_interface.empty())
            m.state_interface = m.interface;
        m.login_time = pbx::epoch_now();
        m.status = device_to_member_status(device_state(member_device(m)));
        if (m.status == 0 && m.state_interface.compare(0, 6, "Local/") == 0)
            m.status = 1;
        q.members.push_back(m);
        emit(member_event("QueueMemberAdded", qname, q.members.back()));
        update_avail(qname);
        ring_member(qname); // a caller waiting gets the new member
        return true;
    }

    /// QueueRemove: QueueMemberRemoved, then `Queue:<q>_avail` if it changes.
    bool remove_member(const std::string& qname, const std::string& iface) {
        const auto qit = queues_.find(qname);
        if (qit == queues_.end())
            return false;
        auto& members = qit->second.members;
        const auto it =
            std::find_if(members.begin(), members.end(),
                         [&](const queue_member_state& m) { return m.interface == iface; });
        if (it == members.end())
            return false;
        const queue_member_state gone = *it;
        members.erase(it);
        emit(member_event("QueueMemberRemoved", qname, gone));
        update_avail(qname);
        return true;
    }

    /// QueuePause (one queue, or every queue the interface is in when `qname` is empty):
    /// `Queue:<q>_pause_<iface>`, `Queue:<q>_avail` if it changes, QueueMemberPause.
    bool pause_member(const std::string& qname, const std::string& iface, bool paused,
                      const std::string& reason) {
        bool found = false;
        for (auto& entry : queues_) {
            if (!qname.empty() && entry.first != qname)
                continue;
            queue_member_state* m = find_member(entry.second, iface);
            if (m == nullptr)
                continue;
            found = true;
            m->paused = paused;
            m->paused_reason = paused ? reason : std::string();
            if (paused)
                m->last_pause = pbx::epoch_now();
            set_device_quiet_change("Queue:" + entry.first + "_pause_" + iface,
                                    paused ? "INUSE" : "NOT_INUSE", true);
            update_avail(entry.first);
            emit(member_event("QueueMemberPause", entry.first, *m));
            if (!paused)
                ring_member(entry.first);
        }
        return found;
    }

    /// A channel (uniqueid, up) enters queue `qname` (capture 05): `Queue:<q>` RINGING,
    /// QueueCallerJoin, then the first available member's phone rings (AgentCalled).
    bool join_queue(const std::string& uid, const std::string& qname) {
        if (ch(uid) == nullptr)
            return false;
        queue_state& q = queue(qname);
        queue_caller_state qc;
        const channel& c = *ch(uid);
        qc.channel = c.name;
        qc.uniqueid = uid;
        qc.caller_id_num = c.caller_id_num;
        qc.caller_id_name = c.caller_id_name;
        qc.joined = pbx::epoch_now();
        qc.position = static_cast<int>(q.callers.size()) + 1;
        q.callers.push_back(qc);
        legs_[uid].queue = qname;
        legs_[uid].queue_joined = qc.joined;
        update_queue_device(qname);
        message e = chan_event("QueueCallerJoin", "agent,all", c);
        e.add("Queue", qname);
        e.add("Position", std::to_string(qc.position));
        e.add("Count", std::to_string(q.callers.size()));
        emit(e);
        ring_member(qname);
        return true;
    }

    /// Rings the first available member for the first caller not being served yet.
    void ring_member(const std::string& qname) {
        queue_state& q = queue(qname);
        for (const queue_caller_state& qc : q.callers) {
            bool ringing = false;
            for (const auto& l : legs_)
                ringing = ringing || (l.second.dialer == qc.uniqueid && !l.second.answered);
            if (ringing)
                continue;
            for (queue_member_state& m : q.members) {
                if (m.paused || m.in_call || m.status != 1 || member_busy(m.interface))
                    continue;
                const auto target = parse_local(m.interface);
                if (!target)
                    continue;
                const std::string caller = qc.uniqueid;
                const auto [one, two] = new_pair(*target, ch(caller)->linkedid);
                const channel& cc = *ch(caller);
                set_caller_ids(one, two, cc.caller_id_num, cc.caller_id_name, cc.caller_id_num,
                               cc.caller_id_name);
                local_bridge(one, two, target->no_optimize);
                leg& l = legs_[one];
                l.dialer = caller;
                l.queue_member = m.interface;
                l.ring_started = pbx::epoch_now();
                emit(agent_event("AgentCalled", caller, one, qname, &m));
                dial_begin(caller, one, m.interface);
                phone_rings_or_answers(one, two, false);
                return;
            }
            return;
        }
    }

    // =========================================================================================
    // Parking
    // =========================================================================================

    /// Park (action or `Park()`): leaves its bridge, ParkedCall, `park:<space>@parkedcalls`
    /// INUSE, BridgeEnter into the lot's holding bridge; a Dial bridge left alone dissolves and
    /// its other member hangs up (capture 07). Returns the space, empty when the lot is full.
    std::string park(const std::string& uid, const std::string& parker_dial_string, int timeout) {
        std::string space;
        for (int s = 701; s <= 720 && space.empty(); ++s) {
            if (parked_.count(std::to_string(s)) == 0)
                space = std::to_string(s);
        }
        if (space.empty() || ch(uid) == nullptr || !legs_[uid].parked_space.empty() ||
            !legs_[uid].queue.empty())
            return {};
        std::vector<std::string> later;
        std::vector<std::string> destroy;
        std::string old_bridge = ch(uid)->bridge_id;
        if (!old_bridge.empty())
            leave_bridge(uid, later, destroy, false);
        const std::string lot = ensure_parking_bridge(true);
        parked_call_state p;
        p.channel = ch(uid)->name;
        p.uniqueid = uid;
        p.space = space;
        p.parker_dial_string = parker_dial_string;
        p.timeout = timeout;
        parked_[space] = p;
        legs_[uid].parked_space = space;
        parked_at_[space] = pbx::epoch_now();
        emit(parked_event("ParkedCall", p, nullptr));
        set_device_quiet_change("park:" + space + "@parkedcalls", "INUSE", true);
        enter_bridge(lot, uid);
        if (!old_bridge.empty())
            dissolve_if_alone(old_bridge, later, destroy);
        for (const std::string& d : destroy)
            destroy_bridge(d);
        for (const std::string& r : later) {
            if (alive(r))
                hangup(r, 16);
        }
        return space;
    }

    /// The parked call at `space` is picked up by the channel `retriever` (uniqueid): a new
    /// bridge, UnParkedCall, the parkee moves into it, the retriever joins and takes the
    /// parkee's Linkedid (capture 07).
    bool unpark(const std::string& space, const std::string& retriever) {
        const auto it = parked_.find(space);
        if (it == parked_.end() || ch(retriever) == nullptr)
            return false;
        const parked_call_state p = it->second;
        bridge_rec b = make_bridge(true);
        emit(bridge_event("BridgeCreate", b.info));
        bridges_.push_back(b);
        parked_.erase(it);
        legs_[p.uniqueid].parked_space.clear();
        set_device_quiet_change("park:" + space + "@parkedcalls", "NOT_INUSE", true);
        emit(parked_event("UnParkedCall", p, ch(retriever)));
        std::vector<std::string> later;
        std::vector<std::string> destroy;
        leave_bridge(p.uniqueid, later, destroy, true);
        enter_bridge(b.info.uniqueid, p.uniqueid);
        ch(retriever)->linkedid = ch(p.uniqueid)->linkedid;
        enter_bridge(b.info.uniqueid, retriever);
        return true;
    }

    /// The parked call at `space` times out: ParkedCallTimeOut, the space frees, the parkee
    /// leaves the lot and dials its parker back (`comebacktoorigin`, capture 07).
    bool park_timeout(const std::string& space) {
        const auto it = parked_.find(space);
        if (it == parked_.end())
            return false;
        const parked_call_state p = it->second;
        emit(parked_event("ParkedCallTimeOut", p, nullptr));
        parked_.erase(it);
        legs_[p.uniqueid].parked_space.clear();
        set_device_quiet_change("park:" + space + "@parkedcalls", "NOT_INUSE", true);
        std::vector<std::string> later;
        std::vector<std::string> destroy;
        leave_bridge(p.uniqueid, later, destroy, true);
        channel& c = *ch(p.uniqueid);
        std::string back = p.parker_dial_string;
        std::replace(back.begin(), back.end(), '/', '_');
        c.context = "park-dial";
        c.exten = back;
        c.priority = 1;
        dial(p.uniqueid, p.parker_dial_string, false);
        return true;
    }

    // =========================================================================================
    // Device states, hints, mailboxes
    // =========================================================================================

    /// `DEVICE_STATE(dev)=state` (capture 08, 05): ExtensionStatus for hints whose state
    /// changes, DeviceStateChange, QueueMemberStatus for members whose StateInterface it is.
    void set_device_state(const std::string& device, const std::string& state) {
        devices_[device] = state;
        touch_hints(device);
        message e = message::event("DeviceStateChange");
        e.add("Privilege", "call,all");
        e.add("Device", device);
        e.add("State", state);
        emit(e);
        touch_members(device);
    }

    std::string device_state(const std::string& device) const {
        if (device.compare(0, 6, "Local/") == 0) {
            const auto it = local_use_.find(device);
            return it != local_use_.end() && it->second > 0 ? "INUSE" : "NOT_INUSE";
        }
        const auto it = devices_.find(device);
        return it == devices_.end() ? "UNKNOWN" : it->second;
    }

    /// A message left in `mailbox` (new) or one moved to Old (`read`): MessageWaiting, then
    /// `MWI:<mailbox>` when it changes (capture 09).
    void mailbox_message(const std::string& mailbox, int new_delta, int old_delta) {
        mailbox_state& st = pbx_.mailboxes()[mailbox];
        st.new_messages = std::max(0, st.new_messages + new_delta);
        st.old_messages = std::max(0, st.old_messages + old_delta);
        message e = message::event("MessageWaiting");
        e.add("Privilege", "call,all");
        e.add("Mailbox", mailbox);
        e.add("Waiting", st.new_messages > 0 ? "1" : "0");
        e.add("New", std::to_string(st.new_messages));
        e.add("Old", std::to_string(st.old_messages));
        emit(e);
        set_device_quiet_change("MWI:" + mailbox, st.new_messages > 0 ? "INUSE" : "NOT_INUSE",
                                false);
    }

    /// The status a hint's devices give (`A&B`: the busiest).
    int hint_status(const std::string& hint) const {
        int status = 0;
        bool all_unavailable = true;
        std::string_view rest = hint;
        while (!rest.empty()) {
            const std::size_t amp = rest.find('&');
            const int s = device_to_extension_state(device_state(std::string(rest.substr(0, amp))));
            if (s != 4) {
                all_unavailable = false;
                status |= s;
            }
            if (amp == std::string_view::npos)
                break;
            rest.remove_prefix(amp + 1);
        }
        return all_unavailable && !hint.empty() ? 4 : status;
    }

    placed_call describe(const std::string& one, const std::string& two) {
        placed_call out;
        out.linkedid = ch(one)->linkedid;
        out.caller = ch(one)->name;
        out.caller_phone = ch(two)->name;
        return out;
    }

    /// Finds a Local channel (uniqueid) by name or uniqueid.
    std::string find(std::string_view name_or_uid) {
        if (channel_record* r = pbx_.find_uniqueid(name_or_uid))
            return r->info.uniqueid;
        if (channel_record* r = pbx_.find_channel(name_or_uid))
            return r->info.uniqueid;
        return {};
    }

private:
    struct leg {
        std::string partner; // the other half of the Local pair
        std::string device;  // Local/600@test
        std::string dialer;  // who dialed this `;1`
        bool answered = false;
        std::string queue; // waiting in this queue
        long long queue_joined = 0;
        std::string queue_member; // this `;1` rings/serves this member interface
        long long ring_started = 0;
        std::string parked_space;
        std::string atxfer_from;   // a transferer consulting: its first bridge
        std::string atxfer_second; // and the consultation bridge
        bool atxfer_target = false;
    };

    struct bridge_rec {
        bridge_state info;
        bool from_dial = true; // alone: the other hangs up; else (AMI Bridge) back to dialplan
        std::string queue, member, caller;
        long long connected_at = 0;
    };

    // ---- events ------------------------------------------------------------------------------

    void emit(const message& m) { out_.broadcast(m); }

    channel* ch(const std::string& uid) {
        channel_record* r = pbx_.find_uniqueid(uid);
        return r == nullptr ? nullptr : &r->info;
    }

    bool alive(const std::string& uid) { return !uid.empty() && ch(uid) != nullptr; }

    message member_event(std::string_view name, const std::string& qname,
                         const queue_member_state& m) const {
        message e = message::event(name);
        e.add("Privilege", "agent,all");
        e.add("Queue", qname);
        e.add("MemberName", m.name);
        e.add("Interface", m.interface);
        e.add("StateInterface", m.state_interface);
        e.add("Membership", m.membership);
        e.add("Penalty", std::to_string(m.penalty));
        e.add("CallsTaken", std::to_string(m.calls_taken));
        e.add("LastCall", std::to_string(m.last_call));
        e.add("LastPause", std::to_string(m.last_pause));
        e.add("LoginTime", std::to_string(m.login_time));
        e.add("InCall", m.in_call ? "1" : "0");
        e.add("Status", std::to_string(m.status));
        e.add("Paused", m.paused ? "1" : "0");
        e.add("PausedReason", m.paused_reason);
        e.add("Ringinuse", "1");
        e.add("Wrapuptime", "0");
        return e;
    }

    message agent_event(std::string_view name, const std::string& caller, const std::string& dest,
                        const std::string& qname, const queue_member_state* m) {
        message e = chan_event(name, "agent,all", *ch(caller));
        add_prefixed(e, "Dest", *ch(dest));
        e.add("Queue", qname);
        e.add("Interface", m != nullptr ? m->interface : std::string());
        e.add("MemberName", m != nullptr ? m->name : std::string());
        return e;
    }

    message parked_event(std::string_view name, const parked_call_state& p,
                         const channel* retriever, bool item = false) {
        message e = message::event(name);
        if (!item)
            e.add("Privilege", "call,all");
        if (const channel* c = ch(p.uniqueid))
            add_prefixed(e, "Parkee", *c);
        if (retriever != nullptr)
            add_prefixed(e, "Retriever", *retriever);
        e.add("ParkerDialString", p.parker_dial_string);
        e.add("Parkinglot", p.lot);
        e.add("ParkingSpace", p.space);
        const long long since = parked_at_.count(p.space) ? parked_at_[p.space] : pbx::epoch_now();
        const long long duration = pbx::epoch_now() - since;
        e.add("ParkingTimeout", std::to_string(std::max<long long>(0, p.timeout - duration)));
        e.add("ParkingDuration", std::to_string(duration));
        return e;
    }

public:
    /// A `ParkedCall` list item for ParkedCalls.
    message parked_item(const parked_call_state& p, std::string_view action_id) {
        message e = parked_event("ParkedCall", p, nullptr, true);
        if (!action_id.empty())
            e.add("ActionID", action_id);
        return e;
    }

    /// A `QueueMember` list item for QueueStatus.
    static message member_item(const std::string& qname, const queue_member_state& m) {
        message e = message::event("QueueMember");
        e.add("Queue", qname);
        e.add("Name", m.name);
        e.add("Location", m.interface);
        e.add("StateInterface", m.state_interface);
        e.add("Membership", m.membership);
        e.add("Penalty", std::to_string(m.penalty));
        e.add("CallsTaken", std::to_string(m.calls_taken));
        e.add("LastCall", std::to_string(m.last_call));
        e.add("LastPause", std::to_string(m.last_pause));
        e.add("LoginTime", std::to_string(m.login_time));
        e.add("InCall", m.in_call ? "1" : "0");
        e.add("Status", std::to_string(m.status));
        e.add("Paused", m.paused ? "1" : "0");
        e.add("PausedReason", m.paused_reason);
        e.add("Wrapuptime", "0");
        return e;
    }

    /// The bridge blob (BridgeUniqueid ... BridgeVideoSourceMode) into `m`.
    static void bridge_headers(message& m, const bridge_state& b) { add_bridge(m, b); }

    /// The channel with this uniqueid (null when gone).
    channel* channel_by_uid(const std::string& uid) { return ch(uid); }

private:
    // ---- channels ----------------------------------------------------------------------------
    // `linkedid` by value: adding a channel moves the others (it may be one of their fields).

    std::pair<std::string, std::string> new_pair(const local_target& t, std::string linkedid) {
        const std::string name = pbx_.next_channel_name(t.device);
        channel a;
        a.name = name + ";1";
        a.state = 0;
        a.context = t.context;
        a.exten = t.exten;
        a.priority = 1;
        a.linkedid = linkedid;
        const std::string one = pbx_.add_channel(std::move(a)).uniqueid;
        channel b;
        b.name = name + ";2";
        b.state = 4;
        b.context = t.context;
        b.exten = t.exten;
        b.priority = 1;
        b.linkedid = linkedid.empty() ? one : linkedid;
        const std::string two = pbx_.add_channel(std::move(b)).uniqueid;
        leg l;
        l.device = t.device;
        l.partner = two;
        legs_[one] = l;
        l.partner = one;
        legs_[two] = l;
        ++local_use_[t.device];
        ++local_use_[t.device];
        emit(chan_event("Newchannel", "call,all", *ch(one)));
        emit(chan_event("Newchannel", "call,all", *ch(two)));
        return {one, two};
    }

    void set_caller_ids(const std::string& one, const std::string& two, const std::string& num,
                        const std::string& name, const std::string& cnum,
                        const std::string& cname) {
        newexten(one, "AppDial2", "(Outgoing Line)");
        for (const std::string& u : {one, two}) {
            channel& c = *ch(u);
            c.caller_id_num = num;
            c.caller_id_name = name;
            message e = chan_event("NewCallerid", "call,all", c);
            e.add("CID-CallingPres", "0 (Presentation Allowed, Not Screened)");
            emit(e);
            c.connected_line_num = cnum;
            c.connected_line_name = cname;
            emit(chan_event("NewConnectedLine", "call,all", c));
        }
    }

    void newexten(const std::string& uid, const std::string& app, const std::string& data,
                  int priority = 0) {
        channel& c = *ch(uid);
        if (priority > 0)
            c.priority = priority;
        c.application = app;
        c.application_data = data;
        message e = chan_event("Newexten", "dialplan,all", c);
        e.add("Extension", c.exten);
        e.add("Application", app);
        e.add("AppData", data);
        emit(e);
    }

    void newstate(const std::string& uid, int state) {
        channel& c = *ch(uid);
        c.state = state;
        emit(chan_event("Newstate", "call,all", c));
    }

    void local_bridge(const std::string& one, const std::string& two, bool no_optimize) {
        message e = message::event("LocalBridge");
        e.add("Privilege", "call,all");
        add_prefixed(e, "LocalOne", *ch(one));
        add_prefixed(e, "LocalTwo", *ch(two));
        e.add("Context", ch(two)->context);
        e.add("Exten", ch(two)->exten);
        e.add("LocalOptimization", no_optimize ? "No" : "Yes");
        emit(e);
    }

    void dial_begin(const std::string& caller, const std::string& dest,
                    const std::string& dial_string) {
        message e = message::event("DialBegin");
        e.add("Privilege", "call,all");
        if (!caller.empty())
            add_prefixed(e, "", *ch(caller));
        add_prefixed(e, "Dest", *ch(dest));
        e.add("DialString", dial_string);
        emit(e);
    }

    void dial_status(std::string_view name, const std::string& caller, const std::string& dest,
                     std::string_view status) {
        message e = message::event(name);
        e.add("Privilege", "call,all");
        if (!caller.empty() && ch(caller) != nullptr)
            add_prefixed(e, "", *ch(caller));
        add_prefixed(e, "Dest", *ch(dest));
        e.add("DialStatus", status);
        emit(e);
    }

    void dial_end(const std::string& caller, const std::string& dest, std::string_view status) {
        dial_status("DialEnd", caller, dest, status);
    }

    /// The called "phone" (`;2`) rings first (51X) or answers at once; `answer_now`: a ringing
    /// one then answers too (Originate).
    void phone_rings_or_answers(const std::string& one, const std::string& two, bool answer_now) {
        const channel& c2 = *ch(two);
        const auto steps = lab_steps(c2.context, c2.exten);
        const bool rings = !steps.empty() && steps.front().app == "Ringing";
        const std::string caller = legs_[one].dialer;
        if (rings) {
            newexten(two, "Ringing", "", 1);
            newstate(one, 5);
            newexten(two, "Wait", "1", 2);
            touch_device_events(legs_[one].device, 1);
            dial_status("DialState", caller, one, "RINGING");
            if (!answer_now)
                return;
            newexten(two, "Answer", "", 3);
        } else {
            if (!legs_[one].dialer.empty()) {
                // A dialed phone that answers at once: the answer path of `answer`.
                ch(two)->priority = 0;
                answer(one);
                return;
            }
            newexten(two, steps.empty() ? "Answer" : steps.front().app,
                     steps.empty() ? "" : steps.front().data, 1);
        }
        newstate(two, 6);
        newstate(one, 6);
        dial_end(caller, one, "ANSWER");
    }

    /// The `;2` phone goes on to its Wait after answering.
    void phone_waits(const std::string& two) {
        channel* c = ch(two);
        if (c == nullptr || c->state != 6)
            return;
        const auto steps = lab_steps(c->context, c->exten);
        for (std::size_t i = static_cast<std::size_t>(std::max(0, c->priority)); i < steps.size();
             ++i) {
            if (steps[i].app == "Wait" || steps[i].app == "Echo" || steps[i].app == "Milliwatt") {
                newexten(two, steps[i].app, steps[i].data, static_cast<int>(i) + 1);
                return;
            }
        }
    }

    /// `;1` runs the dialplan from `exten@context` priority `prio`, up to the first
    /// application that holds the channel; device events `device_events` times before that
    /// application acts.
    void run_dialplan(const std::string& uid, const std::string& context, const std::string& exten,
                      int prio, int device_events) {
        channel& c = *ch(uid);
        c.context = context;
        c.exten = exten;
        const auto steps = lab_steps(context, exten);
        const std::string device = legs_[uid].device;
        for (std::size_t i = static_cast<std::size_t>(std::max(1, prio)) - 1; i < steps.size();
             ++i) {
            const dialplan_step& s = steps[i];
            newexten(uid, s.app, s.data, static_cast<int>(i) + 1);
            if (s.app == "Set" || s.app == "Answer")
                continue;
            touch_device_events(device, device_events);
            if (s.app == "Dial") {
                dial(uid, s.data.substr(0, s.data.find(',')), true);
            } else if (s.app == "Queue") {
                join_queue(uid, s.data.substr(0, s.data.find(',')));
            } else if (s.app == "Park") {
                park(uid, device, 45);
            } else if (s.app == "ParkedCall") {
                unpark(s.data.substr(s.data.find(',') + 1), uid);
            }
            return;
        }
        touch_device_events(device, device_events);
    }

    /// `caller` dials `target` (`Local/510@test/n`), capture 02: the pair, AppDial, caller IDs,
    /// LocalBridge, DialBegin, the phone rings (DialState RINGING); then answers when `answer_now`.
    /// Returns the callee's `;1` uniqueid.
    std::string dial(const std::string& caller, const std::string& target, bool answer_now) {
        const auto t = parse_local(target);
        if (!t)
            return {};
        const channel caller_copy = *ch(caller);
        const auto [one, two] = new_pair(*t, caller_copy.linkedid);
        legs_[one].dialer = caller;
        {
            channel& c = *ch(one);
            c.context = caller_copy.context;
            c.exten = caller_copy.exten;
        }
        newexten(one, "AppDial", "(Outgoing Line)");
        channel& c1 = *ch(one);
        channel& c2 = *ch(two);
        for (channel* c : {&c1, &c2}) {
            c->caller_id_num = c == &c1 ? caller_copy.exten : caller_copy.caller_id_num;
            c->caller_id_name = caller_copy.caller_id_name;
            message e = chan_event("NewCallerid", "call,all", *c);
            e.add("CID-CallingPres", "0 (Presentation Allowed, Not Screened)");
            emit(e);
            c->connected_line_num = c == &c1 ? caller_copy.caller_id_num : caller_copy.exten;
            c->connected_line_name = caller_copy.caller_id_name;
            emit(chan_event("NewConnectedLine", "call,all", *c));
        }
        local_bridge(one, two, t->no_optimize);
        dial_begin(caller, one, target);
        phone_rings_or_answers(one, two, false);
        if (answer_now)
            answer(one);
        return one;
    }

    /// Whether the channel is dialing or being dialed (not answered yet).
    bool in_dial(const std::string& uid) {
        const leg& l = legs_[uid];
        if (!l.dialer.empty() && !l.answered)
            return true;
        for (const auto& entry : legs_) {
            if (entry.second.dialer == uid && !entry.second.answered)
                return true;
        }
        return false;
    }

    /// Whether the channel is held by something a hangup must end first.
    bool busy(const std::string& uid) {
        const leg& l = legs_[uid];
        return !ch(uid)->bridge_id.empty() || !l.queue.empty() || !l.parked_space.empty();
    }

    bool waiting(const std::string& uid) {
        const leg& l = legs_[uid];
        return !l.queue.empty() || !l.parked_space.empty();
    }

    /// Ends what holds the channel before its Hangup: queue (abandon), parking (give up),
    /// bridge (leave), a ringing Dial (cancel).
    void end_activity(const std::string& uid, std::vector<std::string>& later,
                      std::vector<std::string>& destroy) {
        leg& l = legs_[uid];
        if (!l.queue.empty()) {
            const std::string qname = l.queue;
            queue_state& q = queue(qname);
            const int position = caller_position(q, uid);
            message ab = chan_event("QueueCallerAbandon", "agent,all", *ch(uid));
            ab.add("Queue", qname);
            ab.add("Position", std::to_string(position));
            ab.add("OriginalPosition", std::to_string(position));
            ab.add("HoldTime", std::to_string(pbx::epoch_now() - l.queue_joined));
            emit(ab);
            ++q.abandoned;
            remove_caller(q, uid);
            update_queue_device(qname);
            message leave = chan_event("QueueCallerLeave", "agent,all", *ch(uid));
            leave.add("Queue", qname);
            leave.add("Position", std::to_string(position));
            leave.add("Count", std::to_string(q.callers.size()));
            emit(leave);
            l.queue.clear();
        }
        if (!l.parked_space.empty()) {
            const std::string space = l.parked_space;
            const parked_call_state p = parked_[space];
            set_device_quiet_change("park:" + space + "@parkedcalls", "NOT_INUSE", true);
            leave_bridge(uid, later, destroy, true);
            emit(parked_event("ParkedCallGiveUp", p, nullptr));
            parked_.erase(space);
            legs_[uid].parked_space.clear();
        }
        if (!ch(uid)->bridge_id.empty())
            leave_bridge(uid, later, destroy, true);
        // A Dial still ringing: cancelled by the caller, or refused by the callee.
        for (auto& entry : legs_) {
            if (entry.second.dialer == uid && !entry.second.answered && alive(entry.first)) {
                dial_end(uid, entry.first, "CANCEL");
                entry.second.dialer.clear();
                later.push_back(entry.first);
            }
        }
        leg& self = legs_[uid];
        if (!self.dialer.empty() && !self.answered && alive(self.dialer)) {
            dial_end(self.dialer, uid, "BUSY");
            if (self.queue_member.empty())
                later.push_back(self.dialer);
            self.dialer.clear();
        }
    }

    /// The transferer of an Atxfer hangs up: its consultation bridge merges into the first one
    /// (capture 06 c; rule 8: BridgeMerge, then the per-channel moves).
    void complete_atxfer(const std::string& uid) {
        const std::string first = legs_[uid].atxfer_from;
        legs_[uid].atxfer_from.clear();
        const std::string second = ch(uid)->bridge_id;
        if (second.empty() || second != legs_[uid].atxfer_second || second == parking_bridge_ ||
            find_rec(first) == nullptr || find_rec(second) == nullptr)
            return;
        std::vector<std::string> later;
        std::vector<std::string> destroy;
        const bridge_state orig = find_rec(first)->info;
        const channel transferer = *ch(uid);
        leave_bridge(uid, later, destroy, false);
        const bridge_state consult = find_rec(second)->info;
        message merge = message::event("BridgeMerge");
        merge.add("Privilege", "call,all");
        add_prefixed_bridge(merge, "To", orig);
        add_prefixed_bridge(merge, "From", consult);
        emit(merge);
        std::string target;
        for (const std::string& m : consult.channels) {
            leave_bridge(m, later, destroy, false);
            enter_bridge(first, m);
            target = m;
        }
        std::string transferee;
        for (const std::string& m : orig.channels)
            transferee = m;
        message e = message::event("AttendedTransfer");
        e.add("Privilege", "call,all");
        e.add("Result", "Success");
        add_prefixed(e, "OrigTransferer", transferer);
        add_prefixed_bridge(e, "Orig", orig);
        add_prefixed(e, "SecondTransferer", transferer);
        add_prefixed_bridge(e, "Second", consult);
        if (alive(transferee))
            add_prefixed(e, "Transferee", *ch(transferee));
        if (alive(target))
            add_prefixed(e, "TransferTarget", *ch(target));
        e.add("IsExternal", "Yes");
        e.add("DestType", "Bridge");
        e.add("DestBridgeUniqueid", first);
        emit(e);
        destroy_bridge(second);
    }

    /// The Dials `uid` has ringing end (DialEnd CANCEL) and their legs hang up.
    void cancel_ringing(const std::string& uid) {
        std::vector<std::string> later;
        for (auto& entry : legs_) {
            if (entry.second.dialer == uid && !entry.second.answered && alive(entry.first)) {
                dial_end(uid, entry.first, "CANCEL");
                entry.second.dialer.clear();
                later.push_back(entry.first);
            }
        }
        for (const std::string& r : later) {
            if (alive(r))
                hangup(r, 16);
        }
    }

    void remove(const std::string& uid, int cause) {
        emit(with_cause(chan_event("Hangup", "call,all", *ch(uid)), cause, true));
        const std::string device = legs_[uid].device;
        pbx_.remove_uniqueid(uid);
        if (--local_use_[device] <= 0)
            local_use_.erase(device);
        legs_.erase(uid);
    }

    // ---- bridges -----------------------------------------------------------------------------

    bridge_rec make_bridge(bool from_dial) {
        bridge_rec b;
        b.info.uniqueid = next_bridge_id();
        b.from_dial = from_dial;
        return b;
    }

    std::string next_bridge_id() {
        ++bridge_seq_;
        char buf[64];
        std::snprintf(buf, sizeof buf, "%08x-%04x-4%03x-a%03x-%012llx",
                      static_cast<unsigned>(0x5eed0000u + bridge_seq_),
                      static_cast<unsigned>(bridge_seq_ & 0xffff), 0u, 0u,
                      static_cast<unsigned long long>(bridge_seq_));
        return buf;
    }

    bridge_rec* find_rec(const std::string& id) {
        for (bridge_rec& b : bridges_) {
            if (b.info.uniqueid == id)
                return &b;
        }
        return nullptr;
    }

    std::string ensure_parking_bridge(bool announce) {
        if (!parking_bridge_.empty())
            return parking_bridge_;
        bridge_rec b = make_bridge(false);
        b.info.type = "parking";
        b.info.technology = "holding_bridge";
        b.info.creator = "Parking";
        b.info.name = "default";
        parking_bridge_ = b.info.uniqueid;
        lab_parking_ = lab_parking_ || !announce;
        bridges_.insert(bridges_.begin(), b);
        if (announce)
            emit(bridge_event("BridgeCreate", b.info));
        return parking_bridge_;
    }

    void enter_bridge(const std::string& id, const std::string& uid) {
        bridge_rec* b = find_rec(id);
        if (b == nullptr)
            return;
        channel& c = *ch(uid);
        b->info.channels.push_back(uid);
        c.bridge_id = id;
        message e = bridge_event("BridgeEnter", b->info);
        pbx::add_snapshot(e, c);
        emit(e);
    }

    /// The channel leaves its bridge (BridgeLeave); `dissolve`: a basic bridge left with one
    /// member dissolves at once (see `dissolve_if_alone`).
    void leave_bridge(const std::string& uid, std::vector<std::string>& later,
                      std::vector<std::string>& destroy, bool dissolve) {
        channel& c = *ch(uid);
        const std::string id = c.bridge_id;
        bridge_rec* b = find_rec(id);
        if (b == nullptr)
            return;
        if (!b->queue.empty() && b->info.channels.size() == 2)
            agent_complete(*b, uid == b->caller ? "caller" : "agent");
        auto& members = b->info.channels;
        members.erase(std::remove(members.begin(), members.end(), uid), members.end());
        c.bridge_id.clear();
        message e = bridge_event("BridgeLeave", b->info);
        pbx::add_snapshot(e, c);
        emit(e);
        if (dissolve)
            dissolve_if_alone(id, later, destroy);
    }

    void dissolve_if_alone(const std::string& id, std::vector<std::string>& later,
                           std::vector<std::string>& destroy) {
        bridge_rec* b = find_rec(id);
        if (b == nullptr || b->info.type == "parking")
            return;
        if (b->info.channels.size() == 1) {
            const std::string rest = b->info.channels.front();
            const bool from_dial = b->from_dial;
            std::vector<std::string> none;
            leave_bridge(rest, later, none, false);
            if (from_dial)
                later.push_back(rest);
            else
                back_to_dialplan(rest);
        }
        b = find_rec(id);
        if (b != nullptr && b->info.channels.empty() &&
            std::find(destroy.begin(), destroy.end(), id) == destroy.end())
            destroy.push_back(id);
    }

    void destroy_bridge(const std::string& id) {
        if (id == parking_bridge_) // created once, never destroyed
            return;
        const auto it = std::find_if(bridges_.begin(), bridges_.end(),
                                     [&](const bridge_rec& b) { return b.info.uniqueid == id; });
        if (it == bridges_.end())
            return;
        const bridge_state gone = it->info;
        bridges_.erase(it);
        emit(bridge_event("BridgeDestroy", gone));
    }

    /// After an AMI bridge dissolves: back to priority 1 of its extension (capture 14).
    void back_to_dialplan(const std::string& uid, int from_priority = 1) {
        channel& c = *ch(uid);
        const auto steps = lab_steps(c.context, c.exten);
        for (std::size_t i = static_cast<std::size_t>(std::max(1, from_priority)) - 1;
             i < steps.size(); ++i) {
            newexten(uid, steps[i].app, steps[i].data, static_cast<int>(i) + 1);
            if (blocking(steps[i].app))
                break;
        }
    }

    /// Applications that hold the channel (the simulation stops there).
    static bool blocking(std::string_view app) {
        return app == "Wait" || app == "Echo" || app == "Dial" || app == "Milliwatt" ||
               app == "Queue" || app == "Park" || app == "ParkedCall";
    }

    void agent_complete(bridge_rec& b, std::string_view reason) {
        queue_state& q = queue(b.queue);
        queue_member_state* m = find_member(q, b.member);
        std::string dest;
        for (const std::string& u : b.info.channels) {
            if (u != b.caller)
                dest = u;
        }
        if (!alive(b.caller) || !alive(dest))
            return;
        message e = agent_event("AgentComplete", b.caller, dest, b.queue, m);
        e.add("HoldTime", "0");
        e.add("TalkTime", std::to_string(pbx::epoch_now() - b.connected_at));
        e.add("Reason", reason);
        emit(e);
        ++q.completed;
        if (m != nullptr) {
            ++m->calls_taken;
            m->last_call = pbx::epoch_now();
            m->in_call = false;
        }
        b.queue.clear();
    }

    // ---- queues ------------------------------------------------------------------------------

    static queue_member_state* find_member(queue_state& q, const std::string& iface) {
        for (queue_member_state& m : q.members) {
            if (m.interface == iface)
                return &m;
        }
        return nullptr;
    }

    static int caller_position(const queue_state& q, const std::string& uid) {
        for (const queue_caller_state& c : q.callers) {
            if (c.uniqueid == uid)
                return c.position;
        }
        return 0;
    }

    static void remove_caller(queue_state& q, const std::string& uid) {
        q.callers.erase(
            std::remove_if(q.callers.begin(), q.callers.end(),
                           [&](const queue_caller_state& c) { return c.uniqueid == uid; }),
            q.callers.end());
        int pos = 1;
        for (queue_caller_state& c : q.callers)
            c.position = pos++;
    }

    bool member_busy(const std::string& iface) const {
        for (const auto& l : legs_) {
            if (l.second.queue_member == iface)
                return true;
        }
        return false;
    }

    static std::string member_device(const queue_member_state& m) {
        if (const auto t = parse_local(m.state_interface))
            return t->device;
        return m.state_interface;
    }

    void update_queue_device(const std::string& qname) {
        set_device_quiet_change("Queue:" + qname,
                                queue(qname).callers.empty() ? "NOT_INUSE" : "RINGING", false);
    }

    void update_avail(const std::string& qname) {
        bool avail = false;
        for (const queue_member_state& m : queue(qname).members)
            avail = avail || !m.paused;
        set_device_quiet_change("Queue:" + qname + "_avail", avail ? "NOT_INUSE" : "INUSE", false);
    }

    /// A cached device takes `state`: DeviceStateChange when it changed (or `always`).
    void set_device_quiet_change(const std::string& device, const std::string& state, bool always) {
        const auto it = devices_.find(device);
        if (!always && it != devices_.end() && it->second == state)
            return;
        set_device_state(device, state);
    }

    /// A Local device's state is re-announced `times` times (Asterisk often says it twice).
    void touch_device_events(const std::string& device, int times) {
        if (device.empty())
            return;
        touch_hints(device);
        const std::string state = device_state(device);
        for (int i = 0; i < times; ++i) {
            message e = message::event("DeviceStateChange");
            e.add("Privilege", "call,all");
            e.add("Device", device);
            e.add("State", state);
            emit(e);
        }
        touch_members(device);
    }

    /// ExtensionStatus for each hint on `device` whose status changes.
    void touch_hints(const std::string& device) {
        for (auto& h : pbx_.hints()) {
            const std::string& hint = h.second.hint;
            bool uses = false;
            std::string_view rest = hint;
            while (!rest.empty()) {
                const std::size_t amp = rest.find('&');
                uses = uses || rest.substr(0, amp) == device;
                if (amp == std::string_view::npos)
                    break;
                rest.remove_prefix(amp + 1);
            }
            if (!uses)
                continue;
            const int status = hint_status(hint);
            if (status == h.second.status)
                continue;
            h.second.status = status;
            const std::size_t at = h.first.rfind('@');
            message e = message::event("ExtensionStatus");
            e.add("Privilege", "call,all");
            e.add("Exten", h.first.substr(0, at));
            e.add("Context", h.first.substr(at + 1));
            e.add("Hint", hint);
            e.add("Status", std::to_string(status));
            e.add("StatusText", extension_state_text(status));
            emit(e);
        }
    }

    /// QueueMemberStatus for members whose StateInterface is `device` and whose status changes.
    void touch_members(const std::string& device) {
        for (auto& q : queues_) {
            for (queue_member_state& m : q.second.members) {
                if (member_device(m) != device)
                    continue;
                int status = device_to_member_status(device_state(device));
                if (status == 0 && device.compare(0, 6, "Local/") == 0)
                    status = 1;
                if (status == m.status)
                    continue;
                m.status = status;
                emit(member_event("QueueMemberStatus", q.first, m));
            }
        }
    }

    pbx& pbx_;
    action_services& out_;
    std::map<std::string, leg> legs_; // by uniqueid
    std::vector<bridge_rec> bridges_;
    std::map<std::string, queue_state> queues_;
    std::map<std::string, parked_call_state> parked_; // by space
    std::map<std::string, long long> parked_at_;
    std::map<std::string, std::string> devices_; // cached device states (not Local)
    std::map<std::string, int> local_use_;       // Local device -> its live channels
    std::string parking_bridge_;
    bool lab_parking_ = false;
    std::uint64_t bridge_seq_ = 0;
};

} // namespace amicpp::testing::detail

#endif // AMICPP_TESTING_DETAIL_LIVE_PBX_HPP
