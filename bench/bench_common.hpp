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

#if defined(__linux__)
#include <dirent.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>
#endif

namespace bench {

using clock_type = std::chrono::steady_clock;

inline double seconds_since(clock_type::time_point t0) {
    return std::chrono::duration<double>(clock_type::now() - t0).count();
}

// CPU seconds spent so far by the calling thread, and by every other thread of the process (the
// simulated Asterisk's): which side of a loopback run is the bottleneck. Both are -1 where they
// cannot be read (outside Linux).
inline double this_thread_cpu_seconds() {
#if defined(__linux__)
    timespec t{};
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t) == 0)
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
#endif
    return -1;
}

inline double other_threads_cpu_seconds() {
#if defined(__linux__)
    DIR* tasks = opendir("/proc/self/task");
    if (tasks == nullptr)
        return -1;
    const std::string self = std::to_string(static_cast<long>(gettid()));
    double total = 0;
    while (const dirent* e = readdir(tasks)) {
        const std::string tid = e->d_name;
        if (tid == "." || tid == ".." || tid == self)
            continue;
        std::ifstream stat("/proc/self/task/" + tid + "/schedstat"); // first field: ns on CPU
        double ns = 0;
        if (stat >> ns)
            total += ns * 1e-9;
    }
    closedir(tasks);
    return total;
#else
    return -1;
#endif
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

// Puts the simulated Asterisk's thread and the measuring thread on two different CPUs, as a real
// PBX would be on another machine. Left to the scheduler, on a 2-CPU machine the two threads
// sometimes share one CPU for a whole run and the figures split into two modes ~1.5x apart (seen
// as 3.3 vs 2.2 M events/s in turns of one binary). Use:
//
//     bench::cpu_split split;           // this thread now on the first allowed CPU ...
//     amicpp::testing::server srv;      // ... which the server's thread inherits
//     split.settle();                   // this thread moves to the second CPU
//
// The destructor gives this thread back its CPUs. No-op off Linux, with fewer than two allowed
// CPUs, or with AMICPP_BENCH_PIN=0 in the environment.
class cpu_split {
public:
    cpu_split() {
#if defined(__linux__)
        const char* env = std::getenv("AMICPP_BENCH_PIN");
        if ((env != nullptr && std::string(env) == "0") ||
            sched_getaffinity(0, sizeof(original_), &original_) != 0)
            return;
        int found = 0;
        for (int cpu = 0; cpu < CPU_SETSIZE && found < 2; ++cpu) {
            if (CPU_ISSET(cpu, &original_))
                cpus_[found++] = cpu;
        }
        if (found < 2)
            return;
        active_ = pin(cpus_[0]);
#endif
    }
    cpu_split(const cpu_split&) = delete;
    cpu_split& operator=(const cpu_split&) = delete;
    ~cpu_split() {
#if defined(__linux__)
        if (active_)
            sched_setaffinity(0, sizeof(original_), &original_);
#endif
    }

    // The thread started meanwhile keeps the first CPU; this one takes the second.
    void settle() {
#if defined(__linux__)
        if (active_)
            pin(cpus_[1]);
#endif
    }

private:
#if defined(__linux__)
    static bool pin(int cpu) {
        cpu_set_t one;
        CPU_ZERO(&one);
        CPU_SET(cpu, &one);
        return sched_setaffinity(0, sizeof(one), &one) == 0;
    }
    cpu_set_t original_{};
    int cpus_[2] = {0, 0};
    bool active_ = false;
#endif
};

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
