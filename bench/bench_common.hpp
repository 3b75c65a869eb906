// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_BENCH_COMMON_HPP
#define AMICPP_BENCH_COMMON_HPP

// What the benchmark programs share: a clock, resident memory, and the event they flood with.
#include <amicpp/actions/ping.hpp>
#include <amicpp/message.hpp>

#include <asio/io_context.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace bench {

using clock_type = std::chrono::steady_clock;

inline double seconds_since(clock_type::time_point t0) {
    return std::chrono::duration<double>(clock_type::now() - t0).count();
}

// Resident memory now and at its peak, in MiB (Linux /proc/self/status).
inline std::pair<double, double> resident_mib() {
    std::ifstream in("/proc/self/status");
    std::string line;
    double now = 0, peak = 0;
    while (std::getline(in, line)) {
        if (line.rfind("VmRSS:", 0) == 0)
            now = std::strtod(line.c_str() + 6, nullptr) / 1024.0;
        else if (line.rfind("VmHWM:", 0) == 0)
            peak = std::strtod(line.c_str() + 6, nullptr) / 1024.0;
    }
    return {now, peak};
}

inline amicpp::message realistic_event() {
    amicpp::message e = amicpp::message::event("Newchannel");
    e.add("Privilege", "call,all")
        .add("Channel", "PJSIP/1001-0000a3f2")
        .add("ChannelState", "0")
        .add("ChannelStateDesc", "Down")
        .add("CallerIDNum", "1001")
        .add("CallerIDName", "Front Desk")
        .add("ConnectedLineNum", "<unknown>")
        .add("ConnectedLineName", "<unknown>")
        .add("Language", "en")
        .add("AccountCode", "")
        .add("Context", "from-internal")
        .add("Exten", "2002")
        .add("Priority", "1")
        .add("Uniqueid", "1795894455.2231")
        .add("Linkedid", "1795894455.2231");
    return e;
}

// `n` Pings one after the other on a logged-in connection `c` run by `io`: the round trips in
// microseconds, sorted.
template <class Connection>
std::vector<double> ping_round_trips_us(asio::io_context& io, Connection& c, std::uint64_t n) {
    std::vector<double> us;
    us.reserve(n);
    for (std::uint64_t i = 0; i < n; ++i) {
        bool done = false;
        const auto t0 = clock_type::now();
        c.async_send(amicpp::actions::ping{}, [&](std::error_code, const auto&) { done = true; });
        while (!done)
            io.run_one();
        us.push_back(seconds_since(t0) * 1e6);
    }
    std::sort(us.begin(), us.end());
    return us;
}

} // namespace bench

#endif // AMICPP_BENCH_COMMON_HPP
