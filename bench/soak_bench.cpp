// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// Soak: a supervised session against amicpp::testing::server doing at least N actions (1000 in
// flight) while consuming at least M flooded events, with the server dropping the link every
// 100k actions. Prints resident memory along the way and the failed actions by reason.
//
//   cmake --workflow --preset bench && build/bench/bench/soak_bench [actions] [events]
#include <amicpp/actions/ping.hpp>
#include <amicpp/connection.hpp>
#include <amicpp/testing/server.hpp>

#include "bench_common.hpp"

#include <asio/io_context.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace {

double resident_mib() {
    return bench::resident_mib().first;
}

struct soak {
    std::uint64_t target_actions;
    std::uint64_t target_events;
    amicpp::testing::server srv;
    asio::io_context io;
    amicpp::connection conn{io.get_executor()};
    amicpp::message event = amicpp::message::event("Newstate");
    std::uint64_t sent = 0, completed = 0, events = 0, gaps = 0, reconnects = 0;
    std::uint64_t next_cut = 100000;
    std::map<std::string, std::uint64_t> failures;
    bool up = false;

    soak(std::uint64_t a, std::uint64_t e) : target_actions(a), target_events(e) {
        event.add("Privilege", "call,all")
            .add("Channel", "PJSIP/1001-0000a3f2")
            .add("ChannelState", "5")
            .add("ChannelStateDesc", "Ringing")
            .add("CallerIDNum", "1001")
            .add("Uniqueid", "1795894455.2231");
    }

    void send_one() {
        ++sent;
        conn.async_send(amicpp::actions::ping{}, [this](std::error_code ec, auto) {
            ++completed;
            if (ec)
                ++failures[ec.message()];
            if (completed >= next_cut) {
                next_cut += 100000;
                srv.disconnect_all(); // the PBX "restarts"
            }
            if (sent < target_actions)
                send_one();
        });
    }

    void receive() {
        conn.async_receive_events(4096, [this](std::error_code ec, std::vector<amicpp::message> b) {
            if (ec == amicpp::error::events_lost)
                ++gaps;
            else if (ec)
                return;
            for (const auto& m : b)
                events += m.is_event("Newstate") ? 1 : 0;
            receive();
        });
    }

    int run() {
        const double start = resident_mib();
        std::printf("soak: %llu actions (1000 in flight), %llu events, a reconnect every 100k "
                    "actions\n  resident at start: %.1f MiB\n",
                    static_cast<unsigned long long>(target_actions),
                    static_cast<unsigned long long>(target_events), start);
        amicpp::run_options r;
        r.host = "127.0.0.1";
        r.port = std::to_string(srv.port());
        r.login = {"admin", "amp111", amicpp::auth_method::md5, "on"};
        r.reconnect.initial_delay = std::chrono::milliseconds(1);
        r.keepalive.ping_interval = std::chrono::milliseconds(0);
        r.on_state = [this](const amicpp::session_event& e) {
            if (e.state == amicpp::session_state::up) {
                if (up)
                    ++reconnects;
                up = true;
                if (events < target_events)
                    srv.flood(event, target_events - events); // the flood restarts each time
            }
        };
        bool ended = false;
        conn.async_run(r, [&](std::error_code) { ended = true; });
        receive();
        for (int i = 0; i < 1000; ++i)
            send_one();
        const auto t0 = std::chrono::steady_clock::now();
        double peak = start;
        std::uint64_t report = 0;
        while (completed < target_actions || events < target_events) {
            io.run_one();
            if (completed / 250000 != report) {
                report = completed / 250000;
                const double now = resident_mib();
                peak = std::max(peak, now);
                std::printf("  %8llu actions, %9llu events: resident %.1f MiB\n",
                            static_cast<unsigned long long>(completed),
                            static_cast<unsigned long long>(events), now);
            }
        }
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const double end = resident_mib();
        std::printf("  done in %.1f s: %llu actions, %llu events, %llu reconnects, %llu gap "
                    "notices\n",
                    seconds, static_cast<unsigned long long>(completed),
                    static_cast<unsigned long long>(events),
                    static_cast<unsigned long long>(reconnects),
                    static_cast<unsigned long long>(gaps));
        std::printf("  resident at end: %.1f MiB (start %.1f, peak seen %.1f)\n", end, start,
                    std::max(peak, end));
        std::uint64_t failed = 0;
        for (const auto& [reason, n] : failures) {
            std::printf("  failed: %llu x %s\n", static_cast<unsigned long long>(n),
                        reason.c_str());
            failed += n;
        }
        std::printf("  failed actions: %llu of %llu\n", static_cast<unsigned long long>(failed),
                    static_cast<unsigned long long>(completed));
        conn.stop();
        while (!ended)
            io.run_one();
        return 0;
    }
};

} // namespace

int main(int argc, char** argv) {
    const std::uint64_t actions = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
    const std::uint64_t events = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 10000000;
    soak s(actions, events);
    return s.run();
}
