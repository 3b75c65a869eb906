// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// Connection benchmarks over loopback against amicpp::testing::server (its own thread):
//
//   connection_bench events  [N]   N realistic events consumed one by one with a callback, one
//                                  by one from a coroutine (C++20), in batches, and through
//                                  amicpp::client, beside a bare socket reader that only counts
//                                  message ends (the wire's limit); ratios to the bare reader
//   connection_bench events-callback|events-coroutine|events-batch|events-client|events-bare [N]
//                                  one of those alone (to profile it)
//   connection_bench actions [N]   N Pings issued 10,000 at a time, beside a raw socket that
//                                  writes the same Pings' bytes in one go and counts the answers
//                                  (each after one untimed warm-up burst of 10,000); then N
//                                  pipelined Pings with 1000 in flight. Under each burst row: the
//                                  wall time, the client's and the server's CPU per action (Linux)
//   connection_bench actions-burst [N]  amicpp's Pings 10,000 at a time alone (to profile it)
//   connection_bench latency [N]   N single Pings one after the other: p50, p99
//   connection_bench memory  [N]   peak resident memory while consuming an N-event flood
//
// The simulated Asterisk's thread and the measuring thread run on two different CPUs
// (bench::cpu_split; AMICPP_BENCH_PIN=0 leaves placement to the scheduler), as a real PBX runs on
// another machine: left alone, the scheduler sometimes puts both on one CPU for a whole run.
//
// A third argument `trace` sets a wire trace hook (connection_options::trace) on the measured
// connections, one that only counts messages: what the hook's call costs. Without it the hook is
// unset, which must cost nothing measurable.
//
// Build: cmake --workflow --preset bench; run: build/bench/bench/connection_bench events 1000000
#include <amicpp/actions/ping.hpp>
#include <amicpp/client.hpp>
#include <amicpp/connection.hpp>
#include <amicpp/testing/server.hpp>

#include "bench_common.hpp"

#include <asio/connect.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/read.hpp>
#include <asio/write.hpp>
#if defined(__cpp_impl_coroutine) && __cplusplus >= 202002L
#include <asio/awaitable.hpp>
#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/use_awaitable.hpp>
#define AMICPP_BENCH_COROUTINES 1
#endif

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

namespace {

using bench::clock_type;
using bench::realistic_event;
using bench::resident_mib;
using bench::seconds_since;

// The simulated Asterisk on one CPU, this thread on another (bench::cpu_split), for as long as it
// lives: the members are built in this order and destroyed in the reverse.
struct pinned_server {
    bench::cpu_split split;
    amicpp::testing::server srv;
    pinned_server() { split.settle(); }
};

amicpp::login_options admin() {
    return {"admin", "amp111", amicpp::auth_method::md5, "on"};
}

// `trace` on the command line: the measured connections get a counting trace hook.
bool with_trace = false;
std::uint64_t traced = 0;

amicpp::connection_options measured_options() {
    amicpp::connection_options o;
    if (with_trace)
        o.trace = [](amicpp::trace_direction, const amicpp::message&) { ++traced; };
    return o;
}

void connect_or_die(asio::io_context& io, amicpp::connection& c, unsigned short port) {
    bool done = false;
    c.async_connect("127.0.0.1", std::to_string(port), admin(),
                    [&](std::error_code ec, amicpp::message r) {
                        if (ec) {
                            std::fprintf(stderr, "connect: %s %s\n", ec.message().c_str(),
                                         std::string(r.message_text()).c_str());
                            std::exit(1);
                        }
                        done = true;
                    });
    while (!done)
        io.run_one();
}

// What a consumer does with each event: count it, and now and then report memory.
struct consumer_state {
    std::uint64_t target = 0;
    std::uint64_t got = 0;
    std::uint64_t gaps = 0;
    bool report_memory = false;
    clock_type::time_point first{};

    void take(const amicpp::message& m) {
        if (!m.is_event("Newchannel"))
            return; // FullyBooted
        if (got++ == 0)
            first = clock_type::now();
        if (report_memory && got % 1000000 == 0) {
            const auto [now, peak] = resident_mib();
            std::printf("  after %8llu events: resident %.1f MiB (peak %.1f MiB)\n",
                        static_cast<unsigned long long>(got), now, peak);
        }
    }
    void check(std::error_code ec) {
        if (ec == amicpp::error::events_lost) {
            ++gaps;
        } else if (ec) {
            std::fprintf(stderr, "receive: %s\n", ec.message().c_str());
            std::exit(1);
        }
    }
};

// One event per call, as most programs consume them.
struct one_by_one {
    amicpp::connection* c;
    consumer_state* st;
    void operator()(std::error_code ec, amicpp::message m) const {
        st->check(ec);
        if (!ec)
            st->take(m);
        if (st->got + st->gaps < st->target)
            c->async_receive_event(*this);
    }
};

// Everything buffered per call.
struct batched {
    amicpp::connection* c;
    consumer_state* st;
    void operator()(std::error_code ec, std::vector<amicpp::message> batch) const {
        st->check(ec);
        for (const amicpp::message& m : batch)
            st->take(m);
        if (st->got + st->gaps < st->target)
            c->async_receive_events(4096, *this);
    }
};

#if AMICPP_BENCH_COROUTINES
// One event per co_await, as a coroutine consumer reads them.
asio::awaitable<void> coroutine_consumer(amicpp::connection& c, consumer_state& st) {
    while (st.got + st.gaps < st.target) {
        auto [ec, m] =
            co_await c.async_receive_event(asio::experimental::as_tuple(asio::use_awaitable));
        st.check(ec);
        if (!ec)
            st.take(m);
    }
}
#endif

enum class consumer { callback, coroutine, batch };

// Consumes `n` events; returns seconds from the first to the last.
double consume_events(std::uint64_t n, consumer how, bool report_memory) {
    pinned_server pinned;
    amicpp::testing::server& srv = pinned.srv;
    asio::io_context io;
    // Lossless back-pressure: the flood waits for the consumer, so every event is counted (a
    // consumer that drops would never see all `n`, and would measure something else).
    amicpp::connection_options o = measured_options();
    o.max_read_pause = std::chrono::milliseconds::max();
    amicpp::connection c(io.get_executor(), o);
    connect_or_die(io, c, srv.port());
    consumer_state st;
    st.target = n;
    st.report_memory = report_memory;
    if (how == consumer::batch)
        c.async_receive_events(4096, batched{&c, &st});
    else if (how == consumer::callback)
        c.async_receive_event(one_by_one{&c, &st});
#if AMICPP_BENCH_COROUTINES
    else
        asio::co_spawn(io, coroutine_consumer(c, st), asio::detached);
#endif
    srv.flood(realistic_event(), n);
    while (st.got + st.gaps < n)
        io.run_one();
    const double s = seconds_since(st.first);
    if (st.gaps != 0)
        std::printf("  (the consumer fell behind: %llu gap notices)\n",
                    static_cast<unsigned long long>(st.gaps));
    return s;
}

// amicpp::client's loop, `while (auto ev = ami.next_event(...))`, on this thread.
double client_events(std::uint64_t n) {
    pinned_server pinned;
    amicpp::testing::server& srv = pinned.srv;
    amicpp::connection_options o = measured_options();
    o.max_read_pause = std::chrono::milliseconds::max();
    amicpp::client ami(o);
    ami.connect("127.0.0.1", std::to_string(srv.port()), admin());
    srv.flood(realistic_event(), n);
    std::uint64_t got = 0;
    clock_type::time_point first{};
    while (got < n) {
        auto ev = ami.next_event(std::chrono::seconds(10));
        if (!ev) {
            std::fprintf(stderr, "client: no event for 10 s after %llu\n",
                         static_cast<unsigned long long>(got));
            std::exit(1);
        }
        if (!ev->is_event("Newchannel"))
            continue;
        if (got++ == 0)
            first = clock_type::now();
    }
    return seconds_since(first);
}

// The baselines' reads are as large as amicpp's largest (detail::connection_impl grows its
// reads from 64 to 256 KiB while they come back full): both sides pay the same system calls.
constexpr std::size_t baseline_read_size = 256 * 1024;

// Counts message ends ("\r\n\r\n") in a stream read in pieces, with memchr on '\n' as a
// hand-written reader would; an end split across two reads counts too.
struct message_ends {
    std::uint64_t count = 0;
    char tail[3] = {}; // the stream's last bytes so far
    std::size_t tail_size = 0;

    void feed(const char* p, std::size_t len) {
        char joined[6];
        const std::size_t head = std::min<std::size_t>(len, 3);
        std::memcpy(joined, tail, tail_size);
        std::memcpy(joined + tail_size, p, head);
        for (std::size_t i = 0; i < tail_size && i + 4 <= tail_size + head; ++i)
            if (std::memcmp(joined + i, "\r\n\r\n", 4) == 0)
                ++count;
        const char* q = p;
        const char* const end = p + len;
        while (const void* hit = std::memchr(q, '\n', static_cast<std::size_t>(end - q))) {
            const char* nl = static_cast<const char*>(hit);
            if (nl - p >= 3 && nl[-1] == '\r' && nl[-2] == '\n' && nl[-3] == '\r')
                ++count;
            q = nl + 1;
        }
        const std::size_t total = tail_size + head; // keep the last 3 bytes of everything
        if (len >= 3) {
            std::memcpy(tail, end - 3, 3);
            tail_size = 3;
        } else {
            const std::size_t keep = std::min<std::size_t>(total, 3);
            std::memmove(tail, joined + total - keep, keep);
            tail_size = keep;
        }
    }
};

// A bare socket reader: log in with raw bytes, then only count "\r\n\r\n" in the flood.
double bare_reader(std::uint64_t n) {
    pinned_server pinned;
    amicpp::testing::server& srv = pinned.srv;
    asio::io_context io;
    asio::ip::tcp::socket s(io);
    s.connect({asio::ip::make_address("127.0.0.1"), srv.port()});
    const std::string login = "Action: Login\r\nUsername: admin\r\nSecret: amp111\r\n"
                              "Events: on\r\nActionID: L\r\n\r\n";
    asio::write(s, asio::buffer(login));
    std::vector<char> buf(baseline_read_size);
    // Wait for the login response and FullyBooted before the flood starts.
    message_ends ends;
    while (ends.count < 2) { // login response + FullyBooted
        const std::size_t k = s.read_some(asio::buffer(buf));
        ends.feed(buf.data(), k);
    }
    ends.count = 0;
    srv.flood(realistic_event(), n);
    clock_type::time_point first{};
    while (ends.count < n) {
        const std::size_t k = s.read_some(asio::buffer(buf));
        if (first == clock_type::time_point{})
            first = clock_type::now();
        ends.feed(buf.data(), k);
    }
    return seconds_since(first);
}

double rate(std::uint64_t n, double seconds) {
    return static_cast<double>(n) / seconds / 1e6;
}

int run_events(std::uint64_t n, const std::string& only) {
    std::printf("events: %llu realistic events (Newchannel, 15 headers, %zu bytes) over loopback\n",
                static_cast<unsigned long long>(n),
                amicpp::to_wire(realistic_event(), {0, 0, false}).size());
    const auto wanted = [&](const char* what) { return only.empty() || only == what; };
    double bare = 0;
    if (wanted("bare")) {
        bare = bare_reader(n);
        std::printf("  bare socket reader (counts message ends): %5.2f M events/s\n",
                    rate(n, bare));
    }
    const auto row = [&](const char* label, double seconds) {
        std::printf("  %-40s %5.2f M events/s", label, rate(n, seconds));
        if (bare > 0)
            std::printf("  %3.0f%% of the bare reader", 100.0 * bare / seconds);
        std::printf("\n");
    };
    if (wanted("callback"))
        row("async_receive_event, callback:", consume_events(n, consumer::callback, false));
#if AMICPP_BENCH_COROUTINES
    if (wanted("coroutine"))
        row("async_receive_event, co_await:", consume_events(n, consumer::coroutine, false));
#else
    if (wanted("coroutine"))
        std::printf("  (co_await consumer: needs C++20)\n");
#endif
    if (wanted("batch"))
        row("async_receive_events (batches):", consume_events(n, consumer::batch, false));
    if (wanted("client"))
        row("client::next_event loop:", client_events(n));
    return 0;
}

// Logs a raw socket in and waits for the login's response and FullyBooted.
void raw_login(asio::ip::tcp::socket& s, std::vector<char>& buf) {
    const std::string login = "Action: Login\r\nUsername: admin\r\nSecret: amp111\r\n"
                              "Events: off\r\nActionID: L\r\n\r\n";
    asio::write(s, asio::buffer(login));
    std::string seen;
    while (seen.find("Response: Success") == std::string::npos ||
           seen.find("\r\n\r\n", seen.find("Response: Success")) == std::string::npos) {
        const std::size_t k = s.read_some(asio::buffer(buf));
        seen.append(buf.data(), k);
    }
}

// CPU time per item of this thread (the client) and of the others (the simulated Asterisk), in
// ns, from its construction to per_item: a side at 100 % of the wall time is the bottleneck.
struct cpu_meter {
    double client0 = bench::this_thread_cpu_seconds();
    double server0 = bench::other_threads_cpu_seconds();
    struct figures {
        double client_ns = -1;
        double server_ns = -1;
    };
    figures per_item(std::uint64_t n) const {
        const double client = bench::this_thread_cpu_seconds();
        const double server = bench::other_threads_cpu_seconds();
        if (client < 0 || server < 0 || n == 0)
            return {};
        return {(client - client0) / static_cast<double>(n) * 1e9,
                (server - server0) / static_cast<double>(n) * 1e9};
    }
};
// What a run of bursts measured.
struct burst_run {
    double seconds = 0;
    cpu_meter::figures cpu;
    double issue_ns = 0; // per action, in the async_send calls, before anything can be written
};

// The raw-socket baseline: each round writes `burst` Pings' bytes (as amicpp would send them,
// ActionIDs included) in one go and counts the answers' ends; nothing is parsed or matched.
burst_run raw_pings(std::uint64_t n, std::uint64_t burst) {
    pinned_server pinned;
    amicpp::testing::server& srv = pinned.srv;
    asio::io_context io;
    asio::ip::tcp::socket s(io);
    s.connect({asio::ip::make_address("127.0.0.1"), srv.port()});
    std::vector<char> buf(baseline_read_size);
    // The banner, then the login.
    raw_login(s, buf);
    message_ends answers;
    std::uint64_t id = 0;
    const auto round = [&](std::uint64_t k) {
        std::string out;
        out.reserve(k * 48);
        for (std::uint64_t i = 0; i < k; ++i) {
            out += "Action: Ping\r\nActionID: r-";
            out += std::to_string(++id);
            out += "\r\n\r\n";
        }
        bool written = false;
        asio::async_write(s, asio::buffer(out), [&](std::error_code ec, std::size_t) {
            if (ec) {
                std::fprintf(stderr, "raw write: %s\n", ec.message().c_str());
                std::exit(1);
            }
            written = true;
        });
        const std::uint64_t goal = answers.count + k;
        std::function<void()> read_more;
        read_more = [&] {
            s.async_read_some(asio::buffer(buf), [&](std::error_code ec, std::size_t got) {
                if (ec) {
                    std::fprintf(stderr, "raw read: %s\n", ec.message().c_str());
                    std::exit(1);
                }
                answers.feed(buf.data(), got);
                if (answers.count < goal)
                    read_more();
            });
        };
        read_more();
        io.restart(); // the last round ran out of work
        while (!written || answers.count < goal)
            io.run_one();
    };
    round(burst); // warm-up, not timed (as amicpp's)
    const std::uint64_t before = answers.count;
    const cpu_meter cpu;
    const auto t0 = clock_type::now();
    while (answers.count - before < n)
        round(std::min(burst, n - (answers.count - before)));
    const double wall = seconds_since(t0);
    return {wall, cpu.per_item(n), 0};
}

// amicpp: each round issues `burst` Pings at once and waits for all their results.
burst_run amicpp_pings(std::uint64_t n, std::uint64_t burst, std::uint64_t& failed) {
    double issuing = 0;
    pinned_server pinned;
    amicpp::testing::server& srv = pinned.srv;
    asio::io_context io;
    amicpp::connection c(io.get_executor(), measured_options());
    connect_or_die(io, c, srv.port());
    std::uint64_t done = 0;
    const auto round = [&](std::uint64_t k) {
        const std::uint64_t goal = done + k;
        const auto issue = clock_type::now();
        for (std::uint64_t i = 0; i < k; ++i)
            c.async_send(amicpp::actions::ping{},
                         [&](std::error_code ec, const amicpp::actions::ping_result&) {
                             ++done;
                             if (ec)
                                 ++failed;
                         });
        issuing += seconds_since(issue);
        while (done < goal)
            io.run_one();
    };
    // Warm-up, not timed (as the raw socket's): the first burst's memory is new to the process.
    round(burst);
    done = 0;
    issuing = 0;
    const cpu_meter cpu;
    const auto t0 = clock_type::now();
    while (done < n)
        round(std::min(burst, n - done));
    const double wall = seconds_since(t0);
    return {wall, cpu.per_item(n), issuing / static_cast<double>(n) * 1e9};
}

// Where a burst's time goes, per action: the client's CPU (and the part of it spent in the
// async_send calls themselves, while nothing can be on the wire yet) and the server's.
void print_cpu(const char* who, const burst_run& r, std::uint64_t n) {
    if (r.cpu.client_ns < 0)
        return;
    std::printf("    %s: wall %.0f ns/action; client CPU %.0f ns", who,
                r.seconds / static_cast<double>(n) * 1e9, r.cpu.client_ns);
    if (r.issue_ns > 0)
        std::printf(" (issuing %.0f)", r.issue_ns);
    std::printf(", server CPU %.0f ns\n", r.cpu.server_ns);
}

int run_actions(std::uint64_t n) {
    constexpr std::uint64_t burst = 10000;
    std::uint64_t failed = 0;
    const burst_run raw_run = raw_pings(n, burst);
    const burst_run lib_run = amicpp_pings(n, burst, failed);
    const double raw = raw_run.seconds, lib = lib_run.seconds;
    std::printf("actions: %llu Pings issued %llu at a time\n", static_cast<unsigned long long>(n),
                static_cast<unsigned long long>(burst));
    std::printf("  raw socket (bytes written in one go, answers counted): %8.0f actions/s\n",
                static_cast<double>(n) / raw);
    std::printf("  amicpp async_send:                                     %8.0f actions/s  %3.0f%% "
                "of the raw socket (%llu failed)\n",
                static_cast<double>(n) / lib, 100.0 * raw / lib,
                static_cast<unsigned long long>(failed));
    print_cpu("raw socket", raw_run, n);
    print_cpu("amicpp    ", lib_run, n);

    pinned_server pinned;
    amicpp::testing::server& srv = pinned.srv;
    asio::io_context io;
    amicpp::connection c(io.get_executor(), measured_options());
    connect_or_die(io, c, srv.port());
    constexpr std::uint64_t window = 1000;
    std::uint64_t sent = 0, done = 0;
    std::function<void()> send_one;
    send_one = [&] {
        ++sent;
        c.async_send(amicpp::actions::ping{},
                     [&](std::error_code ec, amicpp::actions::ping_result) {
                         ++done;
                         if (ec)
                             ++failed;
                         if (sent < n)
                             send_one();
                     });
    };
    const auto t0 = clock_type::now();
    for (std::uint64_t i = 0; i < window && sent < n; ++i)
        send_one();
    while (done < n)
        io.run_one();
    const double s = seconds_since(t0);
    std::printf("  amicpp pipelined, %llu in flight:                       %8.0f actions/s (%llu "
                "failed)\n",
                static_cast<unsigned long long>(window), static_cast<double>(n) / s,
                static_cast<unsigned long long>(failed));
    return failed == 0 ? 0 : 1;
}

int run_latency(std::uint64_t n) {
    pinned_server pinned;
    amicpp::testing::server& srv = pinned.srv;
    asio::io_context io;
    amicpp::connection c(io.get_executor(), measured_options());
    connect_or_die(io, c, srv.port());
    const std::vector<double> us = bench::ping_round_trips_us(io, c, n);
    std::printf("latency: %llu single Pings over loopback: p50 %.1f us, p99 %.1f us, max %.1f us\n",
                static_cast<unsigned long long>(n), us[us.size() / 2], us[us.size() * 99 / 100],
                us.back());
    return 0;
}

int run_memory(std::uint64_t n) {
    const auto [start, start_peak] = resident_mib();
    std::printf("memory: consuming a %llu-event flood; resident at start %.1f MiB\n",
                static_cast<unsigned long long>(n), start);
    const double s = consume_events(n, consumer::callback, true);
    const auto [end, peak] = resident_mib();
    std::printf("  done in %.1f s (%.2f M events/s); resident at end %.1f MiB, peak %.1f MiB\n", s,
                static_cast<double>(n) / s / 1e6, end, peak);
    (void)start_peak;
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    const std::string what = argc > 1 ? argv[1] : "";
    const auto count = [&](std::uint64_t fallback) {
        return argc > 2 ? std::strtoull(argv[2], nullptr, 10) : fallback;
    };
    with_trace = argc > 3 && std::string(argv[3]) == "trace";
    if (with_trace)
        std::printf("(with a counting wire trace hook)\n");
    if (what == "events")
        return run_events(count(1000000), "");
    if (what.rfind("events-", 0) == 0)
        return run_events(count(1000000), what.substr(7));
    if (what == "actions")
        return run_actions(count(1000000));
    if (what == "actions-burst") { // amicpp's half of `actions` alone (to profile it)
        std::uint64_t failed = 0;
        const std::uint64_t n = count(1000000);
        const burst_run r = amicpp_pings(n, 10000, failed);
        std::printf("amicpp async_send, 10000 at a time: %.0f actions/s\n",
                    static_cast<double>(n) / r.seconds);
        print_cpu("amicpp", r, n);
        return failed == 0 ? 0 : 1;
    }
    if (what == "latency")
        return run_latency(count(20000));
    if (what == "memory")
        return run_memory(count(10000000));
    std::fprintf(stderr, "usage: connection_bench events|events-<bare|callback|coroutine|batch|"
                         "client>|actions|latency|memory [N [trace]]\n");
    return 2;
}
