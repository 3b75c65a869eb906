// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_TESTS_LIVE_COMPARE_HPP
#define AMICPP_TESTS_LIVE_COMPARE_HPP

// Compares two live states (a model built from events, a truth built from lists) for the fields
// events define, and says every difference in words.
#include <amicpp/live/all.hpp>

#include <algorithm>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace amicpp_test {

struct compare_options {
    bool channel_dialplan = true;     // context, exten, priority
    bool channel_application = false; // not observable by events (capture README point 10)
};

inline std::vector<std::string> differences(const amicpp::live::snapshot& model,
                                            const amicpp::live::snapshot& truth,
                                            const compare_options& o = {}) {
    using namespace amicpp::live;
    std::vector<std::string> out;
    const auto diff = [&](const std::string& what, const std::string& a, const std::string& b) {
        if (a != b)
            out.push_back(what + ": model '" + a + "', lists '" + b + "'");
    };
    // Channels.
    for (const channel& t : truth.channels()) {
        const channel* m = model.find_channel(t.uniqueid);
        if (m == nullptr) {
            out.push_back("channel " + t.uniqueid + " (" + t.name + ") missing from the model");
            continue;
        }
        const std::string id = "channel " + t.uniqueid + " " + t.name;
        diff(id + " name", m->name, t.name);
        diff(id + " state", std::string(to_string(m->state)), std::string(to_string(t.state)));
        diff(id + " caller id num", m->caller_id_num, t.caller_id_num);
        diff(id + " caller id name", m->caller_id_name, t.caller_id_name);
        diff(id + " connected num", m->connected_line_num, t.connected_line_num);
        diff(id + " connected name", m->connected_line_name, t.connected_line_name);
        diff(id + " linkedid", m->linkedid, t.linkedid);
        diff(id + " bridge", m->bridge_id, t.bridge_id);
        diff(id + " account code", m->account_code, t.account_code);
        if (o.channel_dialplan) {
            diff(id + " context", m->context, t.context);
            diff(id + " exten", m->exten, t.exten);
            diff(id + " priority", std::to_string(m->priority), std::to_string(t.priority));
        }
        if (o.channel_application) {
            diff(id + " application", m->application, t.application);
            diff(id + " application data", m->application_data, t.application_data);
        }
    }
    for (const channel& m : model.channels()) {
        if (truth.find_channel(m.uniqueid) == nullptr)
            out.push_back("channel " + m.uniqueid + " (" + m.name + ") in the model only");
    }
    // Calls: derived from channels, so they must agree too.
    for (const call& t : truth.calls()) {
        const call* m = model.find_call(t.linkedid);
        if (m == nullptr) {
            out.push_back("call " + t.linkedid + " missing from the model");
            continue;
        }
        auto a = m->channels, b = t.channels;
        std::sort(a.begin(), a.end());
        std::sort(b.begin(), b.end());
        if (a != b)
            out.push_back("call " + t.linkedid + " has other channels");
    }
    if (model.calls().size() != truth.calls().size())
        out.push_back("call count: model " + std::to_string(model.calls().size()) + ", lists " +
                      std::to_string(truth.calls().size()));
    // Bridges.
    for (const bridge& t : truth.bridges()) {
        const bridge* m = model.find_bridge(t.id);
        if (m == nullptr) {
            out.push_back("bridge " + t.id + " (" + t.type + ") missing from the model");
            continue;
        }
        diff("bridge " + t.id + " type", m->type, t.type);
        diff("bridge " + t.id + " technology", m->technology, t.technology);
        auto a = m->members, b = t.members;
        std::sort(a.begin(), a.end());
        std::sort(b.begin(), b.end());
        if (a != b)
            out.push_back("bridge " + t.id + " members: model " + std::to_string(a.size()) +
                          ", lists " + std::to_string(b.size()));
    }
    for (const bridge& m : model.bridges()) {
        if (truth.find_bridge(m.id) == nullptr)
            out.push_back("bridge " + m.id + " in the model only");
    }
    // Queues.
    for (const queue& t : truth.queues()) {
        const queue* m = model.find_queue(t.name);
        if (m == nullptr) {
            out.push_back("queue " + t.name + " missing from the model");
            continue;
        }
        const std::string id = "queue " + t.name;
        diff(id + " completed", std::to_string(m->completed), std::to_string(t.completed));
        diff(id + " abandoned", std::to_string(m->abandoned), std::to_string(t.abandoned));
        diff(id + " members", std::to_string(m->members.size()), std::to_string(t.members.size()));
        for (const queue_member& tm : t.members) {
            const queue_member* mm = m->find_member(tm.interface);
            if (mm == nullptr) {
                out.push_back(id + " member " + tm.interface + " missing from the model");
                continue;
            }
            const std::string mid = id + " member " + tm.interface;
            diff(mid + " name", mm->name, tm.name);
            diff(mid + " status", std::to_string(mm->status), std::to_string(tm.status));
            diff(mid + " paused", std::to_string(mm->paused), std::to_string(tm.paused));
            diff(mid + " paused reason", mm->paused_reason, tm.paused_reason);
            diff(mid + " in call", std::to_string(mm->in_call), std::to_string(tm.in_call));
            diff(mid + " penalty", std::to_string(mm->penalty), std::to_string(tm.penalty));
            diff(mid + " calls taken", std::to_string(mm->calls_taken),
                 std::to_string(tm.calls_taken));
        }
        diff(id + " callers", std::to_string(m->callers.size()), std::to_string(t.callers.size()));
        for (const queue_caller& tc : t.callers) {
            const queue_caller* mc = m->find_caller(tc.uniqueid);
            if (mc == nullptr) {
                out.push_back(id + " caller " + tc.uniqueid + " missing from the model");
                continue;
            }
            diff(id + " caller " + tc.uniqueid + " position", std::to_string(mc->position),
                 std::to_string(tc.position));
        }
    }
    // Devices: Local/ devices are never listed (not cached by Asterisk).
    for (const device_state& t : truth.devices()) {
        const device_state* m = model.find_device(t.device);
        if (m == nullptr)
            out.push_back("device " + t.device + " missing from the model");
        else
            diff("device " + t.device, m->state, t.state);
    }
    for (const device_state& m : model.devices()) {
        if (truth.find_device(m.device) == nullptr && m.device.rfind("Local/", 0) != 0)
            out.push_back("device " + m.device + " in the model only");
    }
    // Hints.
    for (const hint& t : truth.hints()) {
        const hint* m = model.find_hint(t.key);
        if (m == nullptr) {
            out.push_back("hint " + t.key + " missing from the model");
            continue;
        }
        diff("hint " + t.key + " status", std::to_string(m->status), std::to_string(t.status));
        diff("hint " + t.key + " text", m->status_text, t.status_text);
    }
    if (model.hints().size() != truth.hints().size())
        out.push_back("hint count differs");
    // Parked calls.
    for (const parked_call& t : truth.parked_calls()) {
        const parked_call* m = model.find_parked(t.uniqueid);
        if (m == nullptr) {
            out.push_back("parked " + t.uniqueid + " missing from the model");
            continue;
        }
        diff("parked " + t.uniqueid + " space", m->space, t.space);
        diff("parked " + t.uniqueid + " lot", m->lot, t.lot);
        diff("parked " + t.uniqueid + " channel", m->channel, t.channel);
    }
    if (model.parked_calls().size() != truth.parked_calls().size())
        out.push_back("parked count: model " + std::to_string(model.parked_calls().size()) +
                      ", lists " + std::to_string(truth.parked_calls().size()));
    // Mailboxes.
    for (const mailbox& t : truth.mailboxes()) {
        const mailbox* m = model.find_mailbox(t.mailbox);
        if (m == nullptr) {
            out.push_back("mailbox " + t.mailbox + " missing from the model");
            continue;
        }
        diff("mailbox " + t.mailbox + " new", std::to_string(m->new_messages),
             std::to_string(t.new_messages));
        diff("mailbox " + t.mailbox + " old", std::to_string(m->old_messages),
             std::to_string(t.old_messages));
    }
    return out;
}

} // namespace amicpp_test

#endif // AMICPP_TESTS_LIVE_COMPARE_HPP
