// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// amicpp::live::mirror over a real connection to amicpp::testing::server's simulated PBX: the
// first load, calls followed by events, a gap repaired by a resync, refused lists, a restart.
#include <amicpp/connection.hpp>
#include <amicpp/live/mirror.hpp>
#include <amicpp/testing/server.hpp>

#include "connection/harness.hpp"
#include "support/catch.hpp"

#include <asio/io_context.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <set>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
namespace live = amicpp::live;
using amicpp::testing::server;
using amicpp::testing::server_options;

using amicpp_test::run_until;

namespace {

using mirror = live::mirror<asio::ip::tcp::socket>;

// What the mirror holds and what the simulator holds, in words; empty when they agree.
std::vector<std::string> differences(const live::snapshot& s,
                                     const amicpp::testing::pbx_state& truth) {
    std::vector<std::string> out;
    std::set<std::string> held, real;
    for (const auto& c : s.channels())
        held.insert(c.uniqueid + " " + c.name + " bridge=" + c.bridge_id);
    for (const auto& c : truth.channels)
        real.insert(c.uniqueid + " " + c.name + " bridge=" + c.bridge_id);
    for (const auto& x : real)
        if (held.count(x) == 0)
            out.push_back("missing channel " + x);
    for (const auto& x : held)
        if (real.count(x) == 0)
            out.push_back("extra channel " + x);
    std::set<std::string> held_bridges, real_bridges;
    for (const auto& b : s.bridges()) {
        auto m = b.members;
        std::sort(m.begin(), m.end());
        std::string line = b.id + " " + b.type;
        for (const auto& u : m)
            line += " " + u;
        held_bridges.insert(line);
    }
    for (const auto& b : truth.bridges) {
        auto m = b.channels;
        std::sort(m.begin(), m.end());
        std::string line = b.uniqueid + " " + b.type;
        for (const auto& u : m)
            line += " " + u;
        real_bridges.insert(line);
    }
    if (held_bridges != real_bridges)
        out.push_back("bridges differ");
    for (const auto& q : truth.queues) {
        const live::queue* mq = s.find_queue(q.name);
        if (mq == nullptr) {
            out.push_back("missing queue " + q.name);
            continue;
        }
        if (mq->members.size() != q.members.size())
            out.push_back("queue " + q.name + " members differ");
        if (mq->callers.size() != q.callers.size())
            out.push_back("queue " + q.name + " callers differ");
        if (mq->completed != q.completed || mq->abandoned != q.abandoned)
            out.push_back("queue " + q.name + " counters differ");
    }
    if (s.parked_calls().size() != truth.parked_calls.size())
        out.push_back("parked calls differ");
    for (const auto& d : truth.device_states) {
        const live::device_state* md = s.find_device(d.first);
        if (md == nullptr || md->state != d.second)
            out.push_back("device " + d.first + " differs");
    }
    return out;
}

struct fixture {
    explicit fixture(server_options so = {}, std::string user = "admin",
                     live::mirror_options mo = {})
        : srv(std::move(so)), conn(io.get_executor()) {
        mo.on_changes = [this](const live::change_list& cs) {
            for (const auto& c : cs)
                kinds.push_back(c.kind);
        };
        m = std::make_unique<mirror>(conn, std::move(mo));
        conn.async_connect("127.0.0.1", std::to_string(srv.port()), {user, "amp111"},
                           [this](std::error_code ec, amicpp::message) { connect_ec = ec; });
    }
    ~fixture() {
        m.reset();
        conn.close();
    }

    bool loaded(std::uint64_t n) {
        return run_until(io, [&] { return m->loads_completed() + refused() >= n; });
    }
    std::uint64_t refused() const {
        std::uint64_t n = 0;
        for (std::size_t i = 0; i < live::part_count; ++i)
            n += m->status(static_cast<live::part>(i)).available ? 0 : 1;
        return n;
    }
    bool converged() {
        return run_until(io,
                         [&] { return differences(*m->snapshot(), srv.pbx().state()).empty(); });
    }
    std::size_t count(live::change_kind k) const {
        return static_cast<std::size_t>(std::count(kinds.begin(), kinds.end(), k));
    }

    server srv;
    asio::io_context io;
    amicpp::connection conn;
    std::unique_ptr<mirror> m;
    std::error_code connect_ec;
    std::vector<live::change_kind> kinds;
};

} // namespace

TEST_CASE("mirror: loads every part on connect, then follows calls by events", "[live][mirror]") {
    fixture f;
    REQUIRE(f.loaded(6));
    CHECK_FALSE(f.connect_ec);
    CHECK(f.m->status(live::part::channels).loads == 1);
    CHECK(f.m->drift() == 0);
    REQUIRE(f.converged());

    f.srv.pbx().add_queue("support");
    const auto call = f.srv.pbx().place_call("600", "510", "Alice", true);
    REQUIRE(f.converged());
    const auto snap = f.m->snapshot();
    CHECK(snap->channels().size() == 4);
    REQUIRE(snap->find_call(call.linkedid) != nullptr);
    CHECK(f.count(live::change_kind::call_started) >= 1);
    CHECK(f.count(live::change_kind::bridge_entered) >= 2);

    f.srv.pbx().hangup(call.callee_phone);
    REQUIRE(f.converged());
    CHECK(f.m->drift() == 0); // events alone kept it true
}

TEST_CASE("mirror: events lost in a gap are repaired by a resync, and counted as drift",
          "[live][mirror]") {
    fixture f;
    REQUIRE(f.loaded(6));
    const auto kept = f.srv.pbx().place_call("600", "510", "Kept", true);
    REQUIRE(f.converged());
    f.srv.pbx().drop_events(1000); // every event of the next call is lost
    const auto lost = f.srv.pbx().place_call("601", "511", "Lost", true);
    CHECK_FALSE(differences(*f.m->snapshot(), f.srv.pbx().state()).empty());
    const auto kept_channel =
        f.m->snapshot()->share_channel(f.m->snapshot()->find_call(kept.linkedid)->channels.front());
    f.m->resync();
    REQUIRE(f.converged());
    CHECK(f.m->drift() > 0);
    // What still existed kept its identity: the same object, not a rebuilt one.
    CHECK(f.m->snapshot()->share_channel(kept_channel->uniqueid) == kept_channel);
    (void)lost;
}

TEST_CASE("mirror: a refused list marks its part unavailable with the server's words",
          "[live][mirror]") {
    server_options so;
    so.users.push_back({"limited", "amp111", "all", "system"});
    fixture f(so, "limited");
    REQUIRE(f.loaded(6));
    const live::part_status devices = f.m->status(live::part::devices);
    CHECK_FALSE(devices.available);
    CHECK(devices.reason == "Permission denied");
    CHECK_FALSE(f.m->status(live::part::parked).available);
    CHECK(f.m->status(live::part::bridges).available);
    CHECK(f.m->snapshot()->status(live::part::devices).reason == "Permission denied");
}

TEST_CASE("mirror: a resync of a healthy stream corrects nothing (agents in calls, parked calls)",
          "[live][mirror]") {
    fixture f;
    REQUIRE(f.loaded(6));
    f.srv.pbx().add_queue("support");
    REQUIRE(f.srv.pbx().add_member("support", "Local/511@test/n", "Anna"));
    f.srv.pbx().join_queue("support", "602", "Carol"); // Anna's phone rings (AgentCalled)
    std::string agent_leg;
    for (const auto& c : f.srv.pbx().state().channels) {
        if (c.name.rfind("Local/511@test-", 0) == 0 && c.name.substr(c.name.size() - 2) == ";1")
            agent_leg = c.name;
    }
    REQUIRE_FALSE(agent_leg.empty());
    REQUIRE(f.srv.pbx().answer(agent_leg)); // AgentConnect: Anna is in a call
    const auto call = f.srv.pbx().place_call("606", "514", "Gina", true);
    REQUIRE_FALSE(f.srv.pbx().park(call.callee_phone).empty());
    REQUIRE(f.converged());
    REQUIRE(run_until(f.io, [&] {
        const auto* q = f.m->snapshot()->find_queue("support");
        return q != nullptr && !q->members.empty() && q->members[0].in_call &&
               !f.m->snapshot()->parked_calls().empty();
    }));
    const std::uint64_t before = f.m->loads_completed();
    f.m->resync();
    REQUIRE(run_until(f.io, [&] { return f.m->loads_completed() >= before + 6; }));
    CHECK(f.m->status(live::part::queues).drift == 0);
    CHECK(f.m->status(live::part::parked).drift == 0);
    CHECK(f.m->drift() == 0);
}

TEST_CASE("mirror: the periodic reconciliation corrects drift by itself", "[live][mirror]") {
    live::mirror_options mo;
    mo.reconcile_interval = 50ms;
    fixture f({}, "admin", mo);
    REQUIRE(f.loaded(6));
    f.srv.pbx().drop_events(1000);
    f.srv.pbx().place_call("600", "510", "Silent", true);
    REQUIRE(f.converged());
    CHECK(f.m->drift() > 0);
}

TEST_CASE("mirror: after an Asterisk restart the supervised session logs in again and the mirror "
          "resyncs by difference",
          "[live][mirror]") {
    server srv;
    asio::io_context io;
    amicpp::connection conn(io.get_executor());
    std::vector<live::change_kind> kinds;
    live::mirror_options mo;
    mo.on_changes = [&](const live::change_list& cs) {
        for (const auto& c : cs)
            kinds.push_back(c.kind);
    };
    auto m = std::make_unique<mirror>(conn, mo);
    amicpp::run_options ro;
    ro.host = "127.0.0.1";
    ro.port = std::to_string(srv.port());
    ro.login = {"admin", "amp111"};
    ro.reconnect.initial_delay = 10ms;
    bool ended = false;
    conn.async_run(ro, [&](std::error_code) { ended = true; });
    REQUIRE(run_until(io, [&] { return m->loads_completed() >= 6; }));
    srv.pbx().add_queue("support");
    srv.pbx().add_member("support", "Local/512@test/n", "Agent");
    srv.pbx().place_call("600", "510", "Before", true);
    REQUIRE(run_until(io, [&] { return m->snapshot()->channels().size() == 4; }));
    kinds.clear();

    srv.pbx().restart(false); // the calls are gone, the queue member stays
    REQUIRE(run_until(io, [&] { return m->status(live::part::channels).loads == 2; }));
    REQUIRE(run_until(io, [&] {
        return differences(*m->snapshot(), srv.pbx().state()).empty() &&
               !m->snapshot()->channels().size();
    }));
    CHECK(std::count(kinds.begin(), kinds.end(), live::change_kind::channel_removed) == 4);
    CHECK(std::count(kinds.begin(), kinds.end(), live::change_kind::queue_member_removed) == 0);
    CHECK(m->drift() >= 4);
    conn.stop();
    REQUIRE(run_until(io, [&] { return ended; }));
    m.reset();
}

TEST_CASE("mirror: snapshots are read on another thread while events are applied",
          "[live][mirror]") {
    fixture f;
    REQUIRE(f.loaded(6));
    std::atomic<bool> stop{false};
    std::atomic<std::size_t> reads{0};
    std::thread reader([&] {
        while (!stop || reads == 0) {
            const auto s = f.m->snapshot();
            std::size_t n = 0;
            for (const auto& c : s->channels())
                n += c.name.size() + c.caller_id_name.size();
            for (const auto& b : s->bridges())
                n += b.members.size();
            (void)f.m->drift();
            (void)f.m->status(live::part::channels);
            (void)n;
            ++reads;
        }
    });
    for (int i = 0; i < 5; ++i)
        f.srv.pbx().place_call("60" + std::to_string(i), "51" + std::to_string(i), "Threaded",
                               true);
    const bool ok = f.converged();
    stop = true;
    reader.join();
    REQUIRE(ok);
    CHECK(f.m->snapshot()->channels().size() == 20);
    CHECK(reads > 0);
}
