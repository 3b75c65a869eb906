// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// What TLS costs: the same workloads over plain TCP and over TLS, against the simulated
// Asterisk (its own thread) on loopback. Prints figures, asserts nothing.
//
//   tls_bench [events N] [actions N] [latency N] [connects N]    (default: all of them)
#include <amicpp/actions/ping.hpp>
#include <amicpp/connection.hpp>
#include <amicpp/testing/certificates.hpp>
#include <amicpp/testing/server.hpp>
#include <amicpp/testing/tls_server.hpp>
#include <amicpp/tls_connection.hpp>

#include "bench_common.hpp"

#include <asio/io_context.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace {

using bench::clock_type;
using bench::seconds_since;

amicpp::login_options admin() {
    return {"admin", "amp111", amicpp::auth_method::md5, "on"};
}

// A server of either kind, and connections to it.
struct rig {
    amicpp::testing::certificate_authority ca;
    std::unique_ptr<amicpp::testing::server> server;
    std::shared_ptr<asio::ssl::context> client_context; // shared by every TLS connection
    bool tls;

    explicit rig(bool use_tls) : tls(use_tls) {
        if (tls) {
            amicpp::testing::tls_server_options o;
            o.server_identity = ca.issue();
            server =
                std::make_unique<amicpp::testing::tls_server>(amicpp::testing::server_options{}, o);
            amicpp::tls_options t;
            t.ca_pem = ca.certificate_pem();
            client_context = amicpp::make_tls_context(t);
        } else {
            server = std::make_unique<amicpp::testing::server>();
        }
    }

    template <class Connection>
    void connect(asio::io_context& io, Connection& c) const {
        bool done = false;
        c.async_connect("localhost", std::to_string(server->port()), admin(),
                        [&](std::error_code ec, amicpp::message) {
                            if (ec) {
                                std::fprintf(stderr, "connect: %s\n", ec.message().c_str());
                                std::exit(1);
                            }
                            done = true;
                        });
        while (!done)
            io.run_one();
    }

    // Runs `work(io, connection)` with a fresh, logged-in connection of the rig's kind.
    template <class Work>
    auto with_connection(Work work) const {
        asio::io_context io;
        if (tls) {
            amicpp::tls_connection c(io.get_executor(), client_context, amicpp::tls_peer_check{});
            connect(io, c);
            return work(io, c);
        }
        amicpp::connection c(io.get_executor());
        connect(io, c);
        return work(io, c);
    }
};

// Events per second, consumed in batches.
double events(const rig& r, std::uint64_t n) {
    return r.with_connection([&](asio::io_context& io, auto& c) {
        std::uint64_t got = 0;
        clock_type::time_point first{};
        std::function<void(std::error_code, std::vector<amicpp::message>)> take;
        take = [&](std::error_code ec, std::vector<amicpp::message> batch) {
            if (ec && ec != amicpp::error::events_lost) {
                std::fprintf(stderr, "receive: %s\n", ec.message().c_str());
                std::exit(1);
            }
            for (const amicpp::message& m : batch) {
                if (m.is_event("Newchannel") && got++ == 0)
                    first = clock_type::now();
            }
            if (got < n)
                c.async_receive_events(4096, take);
        };
        c.async_receive_events(4096, take);
        r.server->flood(bench::realistic_event(), n);
        while (got < n)
            io.run_one();
        return static_cast<double>(n) / seconds_since(first);
    });
}

// Pipelined Pings per second, 1000 in flight.
double actions(const rig& r, std::uint64_t n) {
    return r.with_connection([&](asio::io_context& io, auto& c) {
        std::uint64_t sent = 0, done = 0;
        std::function<void()> send_one = [&] {
            ++sent;
            c.async_send(amicpp::actions::ping{}, [&](std::error_code ec, const auto&) {
                if (ec) {
                    std::fprintf(stderr, "ping: %s\n", ec.message().c_str());
                    std::exit(1);
                }
                ++done;
                if (sent < n)
                    send_one();
            });
        };
        const auto t0 = clock_type::now();
        for (int i = 0; i < 1000 && sent < n; ++i)
            send_one();
        while (done < n)
            io.run_one();
        return static_cast<double>(n) / seconds_since(t0);
    });
}

// One Ping at a time: median and 99th percentile round trip, microseconds.
std::pair<double, double> latency(const rig& r, std::uint64_t n) {
    return r.with_connection([&](asio::io_context& io, auto& c) {
        const std::vector<double> us = bench::ping_round_trips_us(io, c, n);
        return std::make_pair(us[us.size() / 2], us[us.size() * 99 / 100]);
    });
}

// Connect + (handshake +) banner + MD5 login, one after another: median milliseconds.
double connects(const rig& r, std::uint64_t n) {
    std::vector<double> ms;
    for (std::uint64_t i = 0; i < n; ++i) {
        const auto t0 = clock_type::now();
        r.with_connection([](asio::io_context&, auto&) { return 0; });
        ms.push_back(seconds_since(t0) * 1e3);
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}

} // namespace

int main(int argc, char** argv) {
    std::vector<std::pair<std::string, std::uint64_t>> runs;
    for (int i = 1; i + 1 < argc; i += 2)
        runs.emplace_back(argv[i], std::strtoull(argv[i + 1], nullptr, 10));
    if (runs.empty())
        runs = {{"events", 1000000}, {"actions", 300000}, {"latency", 5000}, {"connects", 200}};
    const rig plain(false), tls(true);
    for (const auto& [what, n] : runs) {
        if (what == "events") {
            const double p = events(plain, n), t = events(tls, n);
            std::printf(
                "events   %8llu Newchannel, batches: plain %.2f M/s, TLS %.2f M/s (%.0f%%)\n",
                static_cast<unsigned long long>(n), p / 1e6, t / 1e6, 100 * t / p);
        } else if (what == "actions") {
            const double p = actions(plain, n), t = actions(tls, n);
            std::printf("actions  %8llu Pings, 1000 in flight: plain %.0f/s, TLS %.0f/s (%.0f%%)\n",
                        static_cast<unsigned long long>(n), p, t, 100 * t / p);
        } else if (what == "latency") {
            const auto p = latency(plain, n), t = latency(tls, n);
            std::printf("latency  %8llu single Pings: plain p50 %.1f us p99 %.1f us, TLS p50 %.1f "
                        "us p99 %.1f us\n",
                        static_cast<unsigned long long>(n), p.first, p.second, t.first, t.second);
        } else if (what == "connects") {
            const double p = connects(plain, n), t = connects(tls, n);
            std::printf("connects %8llu connect+login (TLS: +handshake, P-256): plain median %.2f "
                        "ms, TLS median %.2f ms\n",
                        static_cast<unsigned long long>(n), p, t);
        } else {
            std::fprintf(stderr, "usage: tls_bench [events N] [actions N] [latency N] "
                                 "[connects N]\n");
            return 2;
        }
    }
    return 0;
}
