// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// A randomised storm on the simulated PBX (calls, answers, transfers, queues, parking, device
// states, hangups), with lost events and an Asterisk restart injected: after every step the
// mirror must equal the simulator's own truth (after a resync where events were lost).
#include <amicpp/connection.hpp>
#include <amicpp/live/mirror.hpp>
#include <amicpp/testing/server.hpp>

#include "connection/harness.hpp"
#include "support/catch.hpp"

#include <asio/io_context.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace std::chrono_literals;
namespace live = amicpp::live;
using amicpp::testing::server;

using amicpp_test::run_until;

namespace {

std::string sorted_join(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    std::string out;
    for (const auto& s : v)
        out += s + ",";
    return out;
}

// Every difference between the mirror and the simulator, in words.
std::vector<std::string> differences(const live::snapshot& s,
                                     const amicpp::testing::pbx_state& truth) {
    std::vector<std::string> out;
    std::set<std::string> held, real;
    for (const auto& c : s.channels())
        held.insert(c.uniqueid + " " + c.name + " linkedid=" + c.linkedid +
                    " bridge=" + c.bridge_id + " cid=" + c.caller_id_num + "/" + c.caller_id_name);
    for (const auto& c : truth.channels)
        real.insert(c.uniqueid + " " + c.name + " linkedid=" + c.linkedid +
                    " bridge=" + c.bridge_id + " cid=" + c.caller_id_num + "/" + c.caller_id_name);
    for (const auto& x : real)
        if (held.count(x) == 0)
            out.push_back("simulator has channel " + x);
    for (const auto& x : held)
        if (real.count(x) == 0)
            out.push_back("mirror has channel " + x);
    std::set<std::string> hb, rb;
    for (const auto& b : s.bridges())
        hb.insert(b.id + " " + b.type + " [" + sorted_join(b.members) + "]");
    for (const auto& b : truth.bridges)
        rb.insert(b.uniqueid + " " + b.type + " [" + sorted_join(b.channels) + "]");
    for (const auto& x : rb)
        if (hb.count(x) == 0)
            out.push_back("simulator has bridge " + x);
    for (const auto& x : hb)
        if (rb.count(x) == 0)
            out.push_back("mirror has bridge " + x);
    for (const auto& q : truth.queues) {
        const live::queue* mq = s.find_queue(q.name);
        if (mq == nullptr) {
            out.push_back("mirror lacks queue " + q.name);
            continue;
        }
        std::vector<std::string> hm, rm, hc, rc;
        for (const auto& m : mq->members)
            hm.push_back(m.interface + (m.paused ? " paused" : "") +
                         " status=" + std::to_string(m.status));
        for (const auto& m : q.members)
            rm.push_back(m.interface + (m.paused ? " paused" : "") +
                         " status=" + std::to_string(m.status));
        for (const auto& c : mq->callers)
            hc.push_back(c.uniqueid + "@" + std::to_string(c.position));
        for (const auto& c : q.callers)
            rc.push_back(c.uniqueid + "@" + std::to_string(c.position));
        if (sorted_join(hm) != sorted_join(rm))
            out.push_back("queue " + q.name + " members: mirror " + sorted_join(hm) +
                          " simulator " + sorted_join(rm));
        if (sorted_join(hc) != sorted_join(rc))
            out.push_back("queue " + q.name + " callers: mirror " + sorted_join(hc) +
                          " simulator " + sorted_join(rc));
        if (mq->completed != q.completed || mq->abandoned != q.abandoned)
            out.push_back("queue " + q.name + " counters: mirror " + std::to_string(mq->completed) +
                          "/" + std::to_string(mq->abandoned) + " simulator " +
                          std::to_string(q.completed) + "/" + std::to_string(q.abandoned));
    }
    std::vector<std::string> hp, rp;
    for (const auto& p : s.parked_calls())
        hp.push_back(p.uniqueid + "@" + p.space);
    for (const auto& p : truth.parked_calls)
        rp.push_back(p.uniqueid + "@" + p.space);
    if (sorted_join(hp) != sorted_join(rp))
        out.push_back("parked: mirror " + sorted_join(hp) + " simulator " + sorted_join(rp));
    for (const auto& d : truth.device_states) {
        const live::device_state* md = s.find_device(d.first);
        if (md == nullptr || md->state != d.second)
            out.push_back("device " + d.first + ": mirror " + (md ? md->state : "none") +
                          ", simulator " + d.second);
    }
    return out;
}

} // namespace

TEST_CASE("storm: random PBX traffic with lost events and a restart; the mirror converges "
          "after every step",
          "[live][storm]") {
    // AMICPP_STORM_SEED=<n> replays another storm.
    const char* env = std::getenv("AMICPP_STORM_SEED");
    const unsigned seed =
        env != nullptr ? static_cast<unsigned>(std::strtoul(env, nullptr, 10)) : 20261202u;
    INFO("seed " << seed);
    std::mt19937 rng(seed);
    const auto pick = [&](std::size_t n) {
        return static_cast<std::size_t>(std::uniform_int_distribution<std::size_t>(0, n - 1)(rng));
    };

    server srv;
    srv.pbx().add_queue("support");
    asio::io_context io;
    amicpp::connection conn(io.get_executor());
    live::mirror<asio::ip::tcp::socket> m(conn);
    amicpp::run_options ro;
    ro.host = "127.0.0.1";
    ro.port = std::to_string(srv.port());
    ro.login = {"admin", "amp111"};
    ro.reconnect.initial_delay = 10ms;
    bool ended = false;
    conn.async_run(ro, [&](std::error_code) { ended = true; });
    REQUIRE(run_until(io, [&] { return m.loads_completed() >= 6; }));

    std::vector<std::string> log;
    std::vector<std::string> spaces;
    std::uint64_t resyncs = 0;
    const char* states[] = {"NOT_INUSE", "INUSE", "BUSY", "RINGING", "UNAVAILABLE"};
    for (int step = 0; step < 150; ++step) {
        const auto truth = srv.pbx().state();
        int op = static_cast<int>(pick(14));
        std::ostringstream what;
        bool lost = false;
        if (step % 30 == 29) {
            // Three events of the next call set up are lost (a call makes many more, so no
            // later step loses any).
            srv.pbx().drop_events(3);
            lost = true;
            op = 0;
            what << "(3 events lost) ";
        }
        what << "step " << step << " op " << op;
        switch (op) {
        case 0:
        case 1: {
            const auto c =
                srv.pbx().place_call("6" + std::to_string(10 + pick(80)),
                                     "51" + std::to_string(pick(3)), "Storm", pick(3) != 0);
            what << " place_call " << c.caller;
            break;
        }
        case 2:
        case 3:
            if (!truth.channels.empty()) {
                const auto& c = truth.channels[pick(truth.channels.size())];
                what << " hangup " << c.name;
                srv.pbx().hangup(c.name);
            }
            break;
        case 4:
            if (!truth.channels.empty()) {
                const auto& c = truth.channels[pick(truth.channels.size())];
                what << " answer " << c.name << "=" << srv.pbx().answer(c.name);
            }
            break;
        case 5: {
            const auto c = srv.pbx().join_queue("support", "6" + std::to_string(10 + pick(80)));
            what << " join_queue " << c.caller;
            break;
        }
        case 6: {
            const std::string iface = "Local/51" + std::to_string(pick(3)) + "@test/n";
            what << " add_member " << iface;
            srv.pbx().add_member("support", iface, "Agent");
            break;
        }
        case 7: {
            const std::string iface = "Local/51" + std::to_string(pick(3)) + "@test/n";
            what << " pause " << iface;
            srv.pbx().pause_member("support", iface, pick(2) == 0, "break");
            break;
        }
        case 8: {
            const std::string iface = "Local/51" + std::to_string(pick(3)) + "@test/n";
            what << " remove_member " << iface;
            srv.pbx().remove_member("support", iface);
            break;
        }
        case 9:
            if (!truth.channels.empty()) {
                // Park an answered channel (parking one that still rings is not what phones do).
                const auto& c = truth.channels[pick(truth.channels.size())];
                if (c.state != 6)
                    break;
                const std::string space = srv.pbx().park(c.name);
                what << " park " << c.name << " -> " << space;
                if (!space.empty())
                    spaces.push_back(space);
            }
            break;
        case 10:
            if (!truth.parked_calls.empty()) {
                const auto& p = truth.parked_calls[pick(truth.parked_calls.size())];
                what << " pickup " << p.space;
                if (pick(2) == 0)
                    srv.pbx().pickup(p.space);
                else
                    srv.pbx().park_timeout(p.space);
            }
            break;
        case 11:
            if (!truth.channels.empty()) {
                const auto& c = truth.channels[pick(truth.channels.size())];
                what << " blind_transfer " << c.name << "="
                     << srv.pbx().blind_transfer(c.name, "51" + std::to_string(pick(3)));
            }
            break;
        case 12:
            if (!truth.channels.empty()) {
                // Attended transfer: consultation call answered, transferer hangs up
                // (BridgeMerge, AttendedTransfer).
                const auto& c = truth.channels[pick(truth.channels.size())];
                const std::string target = srv.pbx().atxfer(c.name, "51" + std::to_string(pick(3)));
                what << " atxfer " << c.name << " -> '" << target << "'";
                if (!target.empty()) {
                    srv.pbx().answer(target);
                    srv.pbx().hangup(c.name);
                }
            }
            break;
        default: {
            const std::string dev = "Custom:10" + std::to_string(pick(3));
            what << " device " << dev;
            srv.pbx().set_device_state(dev, states[pick(5)]);
            break;
        }
        }
        log.push_back(what.str());
        if (step == 100) {
            log.push_back("restart");
            const auto loads = m.status(live::part::channels).loads;
            srv.pbx().restart(false);
            REQUIRE(run_until(io, [&] { return m.status(live::part::channels).loads > loads; }));
        } else if (lost) {
            m.resync();
            ++resyncs;
        }
        std::vector<std::string> diffs;
        const bool ok = run_until(io, [&] {
            diffs = differences(*m.snapshot(), srv.pbx().state());
            return diffs.empty();
        });
        if (!ok) {
            for (const auto& l : log)
                UNSCOPED_INFO(l);
            for (const auto& d : diffs)
                UNSCOPED_INFO(d);
        }
        REQUIRE(ok);
    }
    CHECK(resyncs > 0);
    conn.stop();
    REQUIRE(run_until(io, [&] { return ended; }));
}
