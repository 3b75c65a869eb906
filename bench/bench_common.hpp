// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_BENCH_COMMON_HPP
#define AMICPP_BENCH_COMMON_HPP

// What the benchmark programs share: a clock, resident memory, and the event they flood with.
#include <amicpp/message.hpp>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <utility>

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

} // namespace bench

#endif // AMICPP_BENCH_COMMON_HPP
