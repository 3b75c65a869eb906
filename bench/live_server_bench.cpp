// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// amicpp::live::mirror against amicpp::testing::server's simulated PBX holding 10,000 live
// channels: the time from the connect to the first complete load of every list (CoreShowChannels,
// BridgeList, QueueStatus, DeviceStateList, ExtensionStateList, ParkedCalls), and the time of a
// resync (the same lists again, reconciled by difference) on the same link. Wall-clock times:
// the simulated server runs in this process on its own thread, so both cores take part.
//
//   cmake --workflow --preset bench && build/bench/bench/live_server_bench [channels] [runs]

#include <amicpp/connection.hpp>
#include <amicpp/live/mirror.hpp>
#include <amicpp/testing/server.hpp>

#include <asio/io_context.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;
using mirror = amicpp::live::mirror<asio::ip::tcp::socket>;

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

double ms_since(clock_type::time_point t0) {
    return std::chrono::duration<double, std::milli>(clock_type::now() - t0).count();
}

// Runs `io` until `done()` holds (false after 60 s).
bool run_until(asio::io_context& io, const std::function<bool()>& done) {
    const auto until = clock_type::now() + std::chrono::seconds(60);
    while (!done()) {
        if (clock_type::now() > until)
            return false;
        io.restart();
        io.run_for(std::chrono::microseconds(200));
    }
    return true;
}

} // namespace

int main(int argc, char** argv) {
    const std::size_t want = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 10000;
    const int runs = argc > 2 ? std::atoi(argv[2]) : 5;

    amicpp::testing::server srv;
    // Answered calls 600 -> 510: four channels each (two Local pairs) and a basic bridge.
    std::size_t channels = 0;
    const auto t_fill = clock_type::now();
    while (channels < want) {
        for (int i = 0; i < 100; ++i)
            srv.pbx().place_call("600", "510");
        channels = srv.pbx().state().channels.size();
    }
    const auto truth = srv.pbx().state();
    std::printf("simulated PBX: %zu channels, %zu bridges (set up in %.0f ms)\n",
                truth.channels.size(), truth.bridges.size(), ms_since(t_fill));

    std::vector<double> loads, resyncs;
    std::size_t held_channels = 0;
    std::uint64_t drift = 0;
    for (int r = 0; r < runs; ++r) {
        asio::io_context io;
        amicpp::connection ami(io.get_executor());
        mirror pbx(ami);
        const std::uint64_t lists = 6;
        bool failed = false;
        const auto t0 = clock_type::now();
        ami.async_connect("127.0.0.1", std::to_string(srv.port()), {"admin", "amp111"},
                          [&](std::error_code ec, const auto&) { failed = static_cast<bool>(ec); });
        if (!run_until(io, [&] { return failed || pbx.loads_completed() >= lists; }) || failed) {
            std::printf("!! the first load did not complete\n");
            return 1;
        }
        loads.push_back(ms_since(t0));
        const auto t1 = clock_type::now();
        pbx.resync();
        if (!run_until(io, [&] { return pbx.loads_completed() >= 2 * lists; })) {
            std::printf("!! the resync did not complete\n");
            return 1;
        }
        resyncs.push_back(ms_since(t1));
        held_channels = pbx.snapshot()->channels().size();
        drift = pbx.drift();
        ami.close();
        io.restart();
        io.run_for(std::chrono::milliseconds(20));
    }
    std::printf("mirror holds %zu channels, drift after resync %llu\n", held_channels,
                static_cast<unsigned long long>(drift));
    std::printf("connect + login + first load of every list   median %8.1f ms  (%d runs)\n",
                median(loads), runs);
    std::printf("resync (every list again, by difference)     median %8.1f ms  (%d runs)\n",
                median(resyncs), runs);
    return held_channels == truth.channels.size() && drift == 0 ? 0 : 1;
}
