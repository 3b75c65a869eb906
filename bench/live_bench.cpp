// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// amicpp::live::state: events applied per second with 10,000 live channels, memory per channel,
// and the time to load and to resync 10,000 channels from a CoreShowChannels answer. Times are
// the CPU time of the thread (one core), so other work on the machine does not skew them.
//
//   cmake --preset bench -B build/h-live-bench && cmake --build build/h-live-bench --target
//   live_bench build/h-live-bench/bench/live_bench [passes]
// g++ 12 takes the counting operator delete, inlined into make_shared's code, for a mismatched
// free (a known false positive of -Wmismatched-new-delete with replaced operators).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
#include "alloc_counter.hpp"
#include "bench_common.hpp"

#include <amicpp/live/all.hpp>
#include <amicpp/parser.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <time.h>

namespace {

namespace live = amicpp::live;
using amicpp::message;

constexpr int total_calls = 5000; // two channels each: 10,000 live channels
constexpr int churn_calls = 500;  // calls torn down and set up again in every pass

struct leg {
    std::string uniqueid, name, linkedid, cid_num, cid_name, exten;
};

struct call_ids {
    leg caller, callee;
    std::string bridge;
    std::string caller_device, callee_device;
};

call_ids ids_of(int j) {
    char buf[96];
    call_ids c;
    std::snprintf(buf, sizeof buf, "1796000000.%d", 2 * j);
    c.caller.uniqueid = buf;
    std::snprintf(buf, sizeof buf, "1796000000.%d", 2 * j + 1);
    c.callee.uniqueid = buf;
    c.caller.linkedid = c.callee.linkedid = c.caller.uniqueid;
    std::snprintf(buf, sizeof buf, "PJSIP/1%03d-%08x", j % 1000, 2 * j);
    c.caller.name = buf;
    std::snprintf(buf, sizeof buf, "PJSIP/2%03d-%08x", j % 1000, 2 * j + 1);
    c.callee.name = buf;
    std::snprintf(buf, sizeof buf, "1%03d", j % 1000);
    c.caller.cid_num = buf;
    c.caller_device = "PJSIP/" + std::string(buf);
    std::snprintf(buf, sizeof buf, "2%03d", j % 1000);
    c.callee.cid_num = buf;
    c.callee.exten = buf;
    c.caller.exten = buf;
    c.callee_device = "PJSIP/" + std::string(buf);
    std::snprintf(buf, sizeof buf, "Agent %d", j);
    c.caller.cid_name = buf;
    c.callee.cid_name = "Customer";
    std::snprintf(buf, sizeof buf, "%08x-4f1c-4b2a-9c3d-%012d", j, j);
    c.bridge = buf;
    return c;
}

void channel_headers(message& m, const leg& l, const char* state, const leg* peer,
                     const char* prefix = "") {
    const auto k = [&](const char* key) { return std::string(prefix) + key; };
    m.add(k("Channel"), l.name);
    m.add(k("ChannelState"), state);
    m.add(k("ChannelStateDesc"), state[0] == '6' ? "Up" : state[0] == '5' ? "Ringing" : "Ring");
    m.add(k("CallerIDNum"), l.cid_num);
    m.add(k("CallerIDName"), l.cid_name);
    m.add(k("ConnectedLineNum"), peer ? peer->cid_num : "<unknown>");
    m.add(k("ConnectedLineName"), peer ? peer->cid_name : "<unknown>");
    m.add(k("Language"), "en");
    m.add(k("AccountCode"), "");
    m.add(k("Context"), "from-internal");
    m.add(k("Exten"), l.exten);
    m.add(k("Priority"), "1");
    m.add(k("Uniqueid"), l.uniqueid);
    m.add(k("Linkedid"), l.linkedid);
}

message chan_event(const char* name, const leg& l, const char* state, const leg* peer = nullptr) {
    message m = message::event(name);
    m.add("Privilege", "call,all");
    channel_headers(m, l, state, peer);
    return m;
}

message bridge_event(const char* name, const call_ids& c, const leg* l, const leg* peer) {
    message m = message::event(name);
    m.add("Privilege", "call,all");
    m.add("BridgeUniqueid", c.bridge)
        .add("BridgeType", "basic")
        .add("BridgeTechnology", "simple_bridge")
        .add("BridgeCreator", "<unknown>")
        .add("BridgeName", "<unknown>")
        .add("BridgeNumChannels", "2")
        .add("BridgeVideoSourceMode", "none");
    if (l != nullptr)
        channel_headers(m, *l, "6", peer);
    return m;
}

message device(const std::string& name, const char* st) {
    message m = message::event("DeviceStateChange");
    m.add("Privilege", "call,all").add("Device", name).add("State", st);
    return m;
}

message var_set(const leg& l, const char* var, const std::string& value) {
    message m = chan_event("VarSet", l, "6");
    m.add("Variable", var).add("Value", value);
    return m;
}

// The events of one call set up: caller dials, callee rings and answers, both bridged.
void setup(std::vector<message>& out, const call_ids& c) {
    out.push_back(chan_event("Newchannel", c.caller, "4"));
    out.push_back(var_set(c.caller, "SIPCALLID", c.caller.uniqueid));
    message ne = chan_event("Newexten", c.caller, "4");
    ne.add("Extension", c.caller.exten).add("Application", "Dial").add("AppData", c.callee_device);
    out.push_back(std::move(ne));
    out.push_back(chan_event("Newchannel", c.callee, "0"));
    out.push_back(chan_event("NewCallerid", c.callee, "0", &c.caller));
    out.push_back(chan_event("NewConnectedLine", c.callee, "0", &c.caller));
    message dial = chan_event("DialBegin", c.caller, "4", &c.callee);
    channel_headers(dial, c.callee, "0", &c.caller, "Dest");
    dial.add("DialString", c.callee.exten);
    out.push_back(std::move(dial));
    out.push_back(device(c.callee_device, "RINGING"));
    out.push_back(chan_event("Newstate", c.callee, "5", &c.caller));
    out.push_back(chan_event("Newstate", c.callee, "6", &c.caller));
    message end = chan_event("DialEnd", c.caller, "4", &c.callee);
    channel_headers(end, c.callee, "6", &c.caller, "Dest");
    end.add("DialStatus", "ANSWER");
    out.push_back(std::move(end));
    out.push_back(chan_event("Newstate", c.caller, "6", &c.callee));
    out.push_back(var_set(c.caller, "DIALSTATUS", "ANSWER"));
    out.push_back(bridge_event("BridgeCreate", c, nullptr, nullptr));
    out.push_back(bridge_event("BridgeEnter", c, &c.caller, &c.callee));
    out.push_back(bridge_event("BridgeEnter", c, &c.callee, &c.caller));
    out.push_back(var_set(c.caller, "BRIDGEPEER", c.callee.name));
    out.push_back(var_set(c.callee, "BRIDGEPEER", c.caller.name));
    out.push_back(device(c.callee_device, "INUSE"));
    out.push_back(device(c.caller_device, "INUSE"));
}

// The events of one call torn down.
void teardown(std::vector<message>& out, const call_ids& c) {
    message req = chan_event("SoftHangupRequest", c.caller, "6", &c.callee);
    req.add("Cause", "16");
    out.push_back(std::move(req));
    out.push_back(chan_event("HangupRequest", c.callee, "6", &c.caller));
    out.push_back(bridge_event("BridgeLeave", c, &c.caller, &c.callee));
    out.push_back(bridge_event("BridgeLeave", c, &c.callee, &c.caller));
    out.push_back(bridge_event("BridgeDestroy", c, nullptr, nullptr));
    message h1 = chan_event("Hangup", c.caller, "6", &c.callee);
    h1.add("Cause", "16").add("Cause-txt", "Normal Clearing");
    out.push_back(std::move(h1));
    message h2 = chan_event("Hangup", c.callee, "6", &c.caller);
    h2.add("Cause", "16").add("Cause-txt", "Normal Clearing");
    out.push_back(std::move(h2));
    out.push_back(device(c.callee_device, "NOT_INUSE"));
    out.push_back(device(c.caller_device, "NOT_INUSE"));
}

// Mid-call events on a call that stays up: hold and unhold (connected line and a variable
// change back and forth, so every pass changes something).
void mid_call(std::vector<message>& out, const call_ids& c, bool on) {
    leg callee = c.callee;
    callee.cid_name = on ? "Customer (hold)" : "Customer";
    message hold = chan_event(on ? "Hold" : "Unhold", c.caller, "6", &callee);
    out.push_back(std::move(hold));
    out.push_back(var_set(c.caller, "HOLD", on ? "1" : "0"));
}

// CPU time of this thread, in seconds: the figures hold on a machine shared with other work.
double cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

message core_show_channel(const leg& l, const leg& peer, const std::string& bridge,
                          const char* state) {
    message m = message::event("CoreShowChannel");
    m.add("ActionID", "load");
    channel_headers(m, l, state, &peer);
    m.add("Application", "Dial").add("ApplicationData", peer.name).add("Duration", "00:01:07");
    m.add("BridgeId", bridge);
    return m;
}

std::vector<message> channels_answer(const char* aid, int changed) {
    std::vector<message> out;
    message r = message::response("Success");
    r.add("ActionID", aid).add("EventList", "start").add("Message", "Channels will follow");
    out.push_back(std::move(r));
    for (int j = 0; j < total_calls; ++j) {
        const call_ids c = ids_of(j);
        // `changed` calls differ: a quarter gone, a quarter replaced, half in another state.
        if (j < changed / 4)
            continue;
        call_ids d = c;
        if (j < changed / 2) {
            d = ids_of(total_calls + j);
        }
        const bool ringing = j >= changed / 2 && j < changed;
        out.push_back(core_show_channel(d.caller, d.callee, d.bridge, ringing ? "5" : "6"));
        out.push_back(core_show_channel(d.callee, d.caller, d.bridge, "6"));
        out.back().set("ActionID", aid);
        out[out.size() - 2].set("ActionID", aid);
    }
    message done = message::event("CoreShowChannelsComplete");
    done.add("ActionID", aid).add("EventList", "Complete").add("ListItems", "10000");
    out.push_back(std::move(done));
    return out;
}

} // namespace

int main(int argc, char** argv) {
    const int passes = argc > 1 ? std::atoi(argv[1]) : 150;
    const live::time_point now = live::time_point(std::chrono::seconds(1796000000));

    // ---- events/s with 10,000 live channels ------------------------------------------------
    std::vector<message> initial;
    for (int j = 0; j < total_calls; ++j)
        setup(initial, ids_of(j));
    std::vector<message> ring;
    for (int j = 0; j < churn_calls; ++j) {
        const call_ids c = ids_of(j);
        teardown(ring, c);
        setup(ring, c);
        // and hold/unhold on two calls that stay up
        mid_call(ring, ids_of(churn_calls + (j * 9) % (total_calls - churn_calls)), true);
        mid_call(ring, ids_of(churn_calls + (j * 9 + 4) % (total_calls - churn_calls)), false);
    }
    for (int j = 0; j < churn_calls; ++j) {
        mid_call(ring, ids_of(churn_calls + (j * 9) % (total_calls - churn_calls)), false);
        mid_call(ring, ids_of(churn_calls + (j * 9 + 4) % (total_calls - churn_calls)), true);
    }

    const auto run = [&](bool snapshots, std::size_t& allocs_per_pass, std::size_t& channels) {
        live::state s;
        for (const auto& m : initial)
            s.apply(m, now);
        s.clear_changes();
        channels = s.channel_count();
        std::vector<double> rates;
        const int per_sample = std::max(1, passes / 15);
        std::size_t allocs = 0, counted_passes = 0;
        for (int p = 0; p < passes; p += per_sample) {
            const std::size_t a0 = amicpp_bench::allocations.load();
            const double t0 = cpu_seconds();
            std::size_t n = 0;
            for (int q = 0; q < per_sample; ++q) {
                for (const auto& m : ring) {
                    s.apply(m, now);
                    if (++n % 1000 == 0) {
                        s.clear_changes();
                        if (snapshots)
                            (void)s.snapshot();
                    }
                }
            }
            rates.push_back(static_cast<double>(n) / (cpu_seconds() - t0));
            allocs += amicpp_bench::allocations.load() - a0;
            counted_passes += static_cast<std::size_t>(per_sample);
        }
        if (s.channel_count() != channels)
            std::printf("!! channel count drifted: %zu\n", s.channel_count());
        allocs_per_pass = allocs / counted_passes;
        return median(rates);
    };
    std::size_t allocs_plain = 0, allocs_snap = 0, channels = 0;
    const double rate_plain = run(false, allocs_plain, channels);
    const double rate_snap = run(true, allocs_snap, channels);

    // The same events as bytes: parsed by amicpp::parser and applied at once, as a connection
    // does (each message is fresh in the cache when it is applied).
    std::string wire;
    for (const auto& m : ring) {
        for (const amicpp::header h : m) {
            wire.append(h.key.data(), h.key.size()).append(": ");
            wire.append(h.value.data(), h.value.size()).append("\r\n");
        }
        wire += "\r\n";
    }
    const double rate_wire = [&] {
        live::state s;
        for (const auto& m : initial)
            s.apply(m, now);
        s.clear_changes();
        amicpp::parser p;
        p.feed("Asterisk Call Manager/11.0.0\r\n");
        amicpp::message m;
        std::error_code ec;
        while (p.next(m, ec)) {
        }
        std::vector<double> rates;
        const int per_sample = std::max(1, passes / 15);
        for (int q0 = 0; q0 < passes; q0 += per_sample) {
            const double t0 = cpu_seconds();
            std::size_t n = 0;
            for (int q = 0; q < per_sample; ++q) {
                for (std::size_t at = 0; at < wire.size(); at += 16384) {
                    p.feed(std::string_view(wire).substr(at, 16384));
                    while (p.next(m, ec)) {
                        s.apply(m, now);
                        ++n;
                    }
                    s.clear_changes();
                    (void)s.snapshot(); // one snapshot per read of 16 KiB
                }
            }
            rates.push_back(static_cast<double>(n) / (cpu_seconds() - t0));
        }
        return median(rates);
    }();
    std::printf("live channels: %zu, event mix: %zu events per pass (%d calls torn down and set up "
                "again, hold/unhold on calls that stay up)\n",
                channels, ring.size(), churn_calls);
    std::printf("apply:                         %8.2f M events/s  (%.2f allocations per event)\n",
                rate_plain / 1e6, static_cast<double>(allocs_plain) / ring.size());
    std::printf("apply + snapshot every 1000:   %8.2f M events/s  (%.2f allocations per event)\n",
                rate_snap / 1e6, static_cast<double>(allocs_snap) / ring.size());
    std::printf("parse + apply + snapshot per 16 KiB read: %8.2f M events/s  (%.1f MiB of AMI)\n",
                rate_wire / 1e6, static_cast<double>(wire.size()) / 1048576.0);

    // ---- bytes per channel ----------------------------------------------------------------
    {
        const auto rss0 = bench::resident_mib().first;
        auto* s = new live::state;
        std::vector<message> batch;
        for (int j = 0; j < 50000; ++j) {
            batch.clear();
            setup(batch, ids_of(100000 + j));
            for (const auto& m : batch)
                s->apply(m, now);
            s->clear_changes();
        }
        const auto rss1 = bench::resident_mib().first;
        std::printf("memory: %.0f bytes per channel (resident, 100,000 bridged channels with their "
                    "calls and bridges; sizeof(channel) = %zu)\n",
                    (rss1 - rss0) * 1048576.0 / 100000.0, sizeof(live::channel));
        delete s;
    }

    // ---- load and resync of 10,000 channels ------------------------------------------------
    const auto full = channels_answer("l", 0);
    const auto drifted = channels_answer("l", 200);
    std::vector<double> load_ms, same_ms, drift_ms;
    std::uint64_t drift_seen = 0;
    for (int r = 0; r < 7; ++r) {
        live::state s;
        double t0 = cpu_seconds();
        s.begin_load(live::list_kind::core_show_channels, "l", now);
        for (const auto& m : full)
            s.apply(m, now);
        load_ms.push_back((cpu_seconds() - t0) * 1e3);
        if (s.channel_count() != 10000)
            std::printf("!! loaded %zu channels\n", s.channel_count());
        s.clear_changes();
        t0 = cpu_seconds();
        s.begin_load(live::list_kind::core_show_channels, "l", now);
        for (const auto& m : full)
            s.apply(m, now);
        same_ms.push_back((cpu_seconds() - t0) * 1e3);
        s.clear_changes();
        t0 = cpu_seconds();
        s.begin_load(live::list_kind::core_show_channels, "l", now);
        for (const auto& m : drifted)
            s.apply(m, now);
        drift_ms.push_back((cpu_seconds() - t0) * 1e3);
        drift_seen = s.drift();
    }
    std::printf("load 10,000 channels (CoreShowChannels answer, parsed):  %7.2f ms\n",
                median(load_ms));
    std::printf("resync 10,000 channels, no difference:                   %7.2f ms\n",
                median(same_ms));
    std::printf("resync 10,000 channels, 200 calls differ (drift %llu):    %7.2f ms\n",
                static_cast<unsigned long long>(drift_seen), median(drift_ms));
    return 0;
}
