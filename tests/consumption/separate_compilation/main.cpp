// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// The separately compiled mode's consumer: this translation unit is built with
// AMICPP_SEPARATE_COMPILATION, so it only declares the connection's code, which src.cpp
// compiles. It logs in to the simulated Asterisk, subscribes to events, sends a Ping and an
// async Originate (whose events it must see), logs off; over TLS too when amicpp::tls exists.
// Exits non-zero on any failure.
#include <amicpp/amicpp.hpp>
#include <amicpp/testing/server.hpp>
#if defined(AMICPP_CONSUMER_TLS)
#include <amicpp/testing/certificates.hpp>
#include <amicpp/testing/tls_server.hpp>
#include <amicpp/tls_connection.hpp>
#endif

#include <asio/io_context.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <system_error>
#include <utility>

#include <unistd.h>

#if !defined(AMICPP_SEPARATE_COMPILATION)
#error "this consumer tests the separately compiled mode: define AMICPP_SEPARATE_COMPILATION"
#endif
#ifndef AMICPP_CONSUMER_MODE
#define AMICPP_CONSUMER_MODE "separate compilation"
#endif

namespace {

int failures = 0;

void expect(bool ok, const std::string& what) {
    if (!ok) {
        std::fprintf(stderr, "amicpp consumer (%s): FAILED: %s\n", AMICPP_CONSUMER_MODE,
                     what.c_str());
        ++failures;
    }
}

// Log in, Ping, Originate (async: completes on OriginateResponse), see its Newchannel, log off.
template <class Connection>
void session(asio::io_context& io, Connection& ami, const std::string& port, const char* name) {
    int new_channels = 0;
    bool closed = false;
    auto subscription =
        ami.subscribe("Newchannel", [&new_channels](const amicpp::message&) { ++new_channels; });
    const auto fail = [&](const char* what, std::error_code ec) {
        expect(false, std::string(name) + " " + what + ": " + ec.message());
        ami.close();
    };
    ami.async_connect(
        "127.0.0.1", port, {"admin", "secret"},
        [&](std::error_code ec, amicpp::login_result hello) {
            if (ec)
                return fail("login", ec);
            expect(hello.version().has_value(), std::string(name) + ": the greeting's version");
            ami.async_send(amicpp::actions::ping{}, [&](std::error_code e1,
                                                        amicpp::actions::ping_result pong) {
                if (e1)
                    return fail("Ping", e1);
                expect(pong.response.get("Ping") == "Pong", std::string(name) + ": Ping: Pong");
                amicpp::actions::originate call;
                call.channel = "Local/100@test";
                call.exten = "200";
                call.context = "test";
                ami.async_send(call, [&](std::error_code e2, amicpp::actions::originate_result r) {
                    if (e2)
                        return fail("Originate", e2);
                    expect(r.success, std::string(name) + ": the call was answered");
                    ami.async_close([&closed](std::error_code) { closed = true; });
                });
            });
        });
    io.restart();
    io.run_for(std::chrono::seconds(60));
    expect(closed, std::string(name) + ": the session ended with a Logoff");
    expect(new_channels >= 2, std::string(name) + ": the Originate's Newchannel events");
}

amicpp::testing::server_options options() {
    amicpp::testing::server_options o;
    o.users = {{"admin", "secret", "all", "all"}};
    return o;
}

} // namespace

int main() {
    asio::io_context io;
    {
        amicpp::testing::server pbx(options());
        amicpp::connection ami(io.get_executor());
        session(io, ami, std::to_string(pbx.port()), "TCP");
    }
#if defined(AMICPP_CONSUMER_TLS)
    {
        amicpp::testing::certificate_authority ca("separate compilation");
        amicpp::testing::tls_server_options tls_options;
        tls_options.server_identity = ca.issue(); // names localhost and 127.0.0.1
        amicpp::testing::tls_server pbx(options(), tls_options);
        char path[] = "/tmp/amicpp-separate-ca-XXXXXX";
        const int fd = mkstemp(path);
        expect(fd >= 0, "a temporary file for the authority");
        if (fd >= 0) {
            ::close(fd);
            std::ofstream(path, std::ios::binary) << ca.certificate_pem();
            amicpp::tls_options tls;
            tls.ca_file = path;
            amicpp::tls_connection ami(io.get_executor(), tls);
            session(io, ami, std::to_string(pbx.port()), "TLS");
            std::remove(path);
        }
    }
#endif
    if (failures != 0)
        return 1;
    std::printf("amicpp consumer (%s): OK\n", AMICPP_CONSUMER_MODE);
    return 0;
}
