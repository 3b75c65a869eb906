// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// amicpp::tls_connection against amicpp::testing::tls_server on loopback. The authorities and
// certificates are made by each test, in memory; nothing sleeps, every wait has a deadline.
#include <amicpp/actions/ping.hpp>
#include <amicpp/connection.hpp>
#include <amicpp/testing/certificates.hpp>
#include <amicpp/testing/server.hpp>
#include <amicpp/testing/tls_server.hpp>
#include <amicpp/tls_connection.hpp>

#include "connection/harness.hpp"
#include "support/catch.hpp"

#include <asio/connect.hpp>
#include <asio/io_context.hpp>
#include <asio/ssl/error.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <unistd.h>

using amicpp::message;
using amicpp_test::run_until;
using namespace std::chrono_literals;

namespace {

amicpp::login_options admin() {
    return {"admin", "amp111", amicpp::auth_method::md5, "on"};
}

// A TLS server with a certificate from `ca` for `request` (localhost and 127.0.0.1 by default).
struct tls_pbx {
    amicpp::testing::certificate_authority ca;
    amicpp::testing::tls_server server;

    explicit tls_pbx(const amicpp::testing::certificate_request& request = {},
                     amicpp::testing::tls_server_options extra = {})
        : server({}, with_identity(ca, request, std::move(extra))) {}

    std::string port() const { return std::to_string(server.port()); }

    // Client options that trust this server's authority.
    amicpp::tls_options trusting() const {
        amicpp::tls_options o;
        o.ca_pem = ca.certificate_pem();
        return o;
    }

    // The same, checking the name "localhost" while connecting to 127.0.0.1: no resolver or
    // /etc/hosts needed (minimal roots and containers have neither).
    amicpp::tls_options trusting_localhost() const {
        amicpp::tls_options o = trusting();
        o.server_name = local_name;
        return o;
    }

    static constexpr const char* local_name = "localhost";
    static constexpr const char* address = "127.0.0.1";

private:
    static amicpp::testing::tls_server_options
    with_identity(amicpp::testing::certificate_authority& ca,
                  const amicpp::testing::certificate_request& request,
                  amicpp::testing::tls_server_options extra) {
        extra.server_identity = ca.issue(request);
        return extra;
    }
};

std::error_code connect(asio::io_context& io, amicpp::tls_connection& c, const std::string& host,
                        const std::string& port) {
    std::optional<std::error_code> result;
    c.async_connect(host, port, admin(), [&](std::error_code ec, message) { result = ec; });
    REQUIRE(run_until(io, [&] { return result.has_value(); }));
    return *result;
}

std::error_code ping(asio::io_context& io, amicpp::tls_connection& c) {
    std::optional<std::error_code> result;
    c.async_send(amicpp::actions::ping{}, [&](std::error_code ec, const auto&) { result = ec; });
    REQUIRE(run_until(io, [&] { return result.has_value(); }));
    return *result;
}

bool is_verify_error(const std::error_code& ec, long verdict) {
    return ec.category() == amicpp::tls_verify_category() && ec.value() == verdict;
}

// A file that disappears with the test.
struct temp_file {
    std::string path;
    explicit temp_file(const std::string& content) {
        char name[] = "/tmp/amicpp-tls-XXXXXX";
        const int fd = mkstemp(name);
        REQUIRE(fd >= 0);
        close(fd);
        path = name;
        std::ofstream(path, std::ios::binary) << content;
    }
    ~temp_file() { std::remove(path.c_str()); }
};

} // namespace

TEST_CASE("tls: a trusted server, by name and by address; SNI carries the name",
          "[tls][loopback]") {
    tls_pbx pbx;
    for (const bool by_name : {true, false}) {
        asio::io_context io;
        // By name: the address, with server_name naming the host (as a resolver would).
        amicpp::tls_connection c(io.get_executor(),
                                 by_name ? pbx.trusting_localhost() : pbx.trusting());
        const std::error_code ec = connect(io, c, tls_pbx::address, pbx.port());
        INFO((by_name ? "by name: " : "by address: ") << ec.message());
        REQUIRE_FALSE(ec);
        CHECK_FALSE(ping(io, c));
        // SNI for a host name; none for an address (RFC 6066).
        CHECK(pbx.server.stats().last_tls_server_name == (by_name ? tls_pbx::local_name : ""));
    }
    CHECK(pbx.server.actions_received("Ping") == 2);
    CHECK(pbx.server.stats().tls_handshakes_failed == 0);
}

TEST_CASE("tls: an authority nobody trusts is refused, with words saying what to do",
          "[tls][loopback]") {
    tls_pbx pbx;
    asio::io_context io;
    amicpp::tls_options untrusting;
    amicpp::testing::certificate_authority other;
    untrusting.ca_pem = other.certificate_pem(); // trusts some other authority only
    untrusting.server_name = tls_pbx::local_name;
    amicpp::tls_connection c(io.get_executor(), untrusting);
    const std::error_code ec = connect(io, c, tls_pbx::address, pbx.port());
    INFO(ec.message());
    CHECK(is_verify_error(ec, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY));
    CHECK(ec.message().find("certificate was refused") != std::string::npos);
    CHECK(ec.message().find("tls_options::ca_file") != std::string::npos);
    CHECK(pbx.server.wait_for([](const auto& s) { return s.tls_handshakes_failed == 1; }, 5s));
    CHECK(pbx.server.actions_received("Login") == 0);
}

TEST_CASE("tls: the certificate must name the host; server_name picks another name",
          "[tls][loopback]") {
    amicpp::testing::certificate_request elsewhere;
    elsewhere.common_name = "pbx.example.com";
    elsewhere.dns_names = {"pbx.example.com"};
    elsewhere.ip_addresses = {"192.0.2.7"};
    tls_pbx pbx(elsewhere);
    asio::io_context io;
    {
        amicpp::tls_connection c(io.get_executor(), pbx.trusting_localhost());
        const std::error_code ec = connect(io, c, tls_pbx::address, pbx.port());
        INFO(ec.message());
        CHECK(is_verify_error(ec, X509_V_ERR_HOSTNAME_MISMATCH));
        CHECK(ec.message().find("server_name") != std::string::npos);
    }
    {
        amicpp::tls_connection c(io.get_executor(), pbx.trusting());
        const std::error_code ec = connect(io, c, "127.0.0.1", pbx.port());
        INFO(ec.message());
        CHECK(is_verify_error(ec, X509_V_ERR_IP_ADDRESS_MISMATCH));
    }
    {
        amicpp::tls_options o = pbx.trusting();
        o.server_name = "pbx.example.com";
        amicpp::tls_connection c(io.get_executor(), o);
        const std::error_code ec = connect(io, c, "127.0.0.1", pbx.port());
        INFO(ec.message());
        CHECK_FALSE(ec);
        CHECK(pbx.server.stats().last_tls_server_name == "pbx.example.com");
    }
    {
        amicpp::tls_options o = pbx.trusting();
        o.verify_host_name = false; // chain still checked, name not
        amicpp::tls_connection c(io.get_executor(), o);
        CHECK_FALSE(connect(io, c, tls_pbx::address, pbx.port()));
    }
}

TEST_CASE("tls: an expired certificate is refused; verify_peer off accepts anything",
          "[tls][loopback]") {
    amicpp::testing::certificate_request old;
    old.valid_from = -48h;
    old.valid_until = -24h;
    tls_pbx pbx(old);
    asio::io_context io;
    {
        amicpp::tls_connection c(io.get_executor(), pbx.trusting_localhost());
        const std::error_code ec = connect(io, c, tls_pbx::address, pbx.port());
        INFO(ec.message());
        CHECK(is_verify_error(ec, X509_V_ERR_CERT_HAS_EXPIRED));
        CHECK(ec.message().find("clock") != std::string::npos);
    }
    {
        amicpp::tls_options lab; // no authority at all, nothing checked
        lab.verify_peer = false;
        amicpp::tls_connection c(io.get_executor(), lab);
        REQUIRE_FALSE(connect(io, c, tls_pbx::address, pbx.port()));
        CHECK_FALSE(ping(io, c));
    }
}

TEST_CASE("tls: authorities and client identity from files; bad files say which",
          "[tls][loopback]") {
    amicpp::testing::certificate_authority clients;
    amicpp::testing::tls_server_options require_cert;
    require_cert.client_ca_pem = clients.certificate_pem();
    require_cert.require_client_certificate = true;
    tls_pbx pbx({}, require_cert);

    amicpp::testing::certificate_request client_request;
    client_request.common_name = "amicpp client";
    client_request.client = true;
    const amicpp::testing::identity me = clients.issue(client_request);
    const temp_file ca_file(pbx.ca.certificate_pem());
    const temp_file cert_file(me.certificate_pem);
    const temp_file key_file(me.private_key_pem);

    asio::io_context io;
    {
        amicpp::tls_options o;
        o.ca_file = ca_file.path;
        o.certificate_file = cert_file.path;
        o.private_key_file = key_file.path;
        o.server_name = tls_pbx::local_name;
        amicpp::tls_connection c(io.get_executor(), o);
        const std::error_code ec = connect(io, c, tls_pbx::address, pbx.port());
        INFO(ec.message());
        REQUIRE_FALSE(ec);
        CHECK_FALSE(ping(io, c));
    }
    {
        // Without a certificate the server refuses the client (in TLS 1.3 after the client's
        // side of the handshake is done: the login then fails on the closed stream).
        amicpp::tls_options o;
        o.ca_file = ca_file.path;
        o.server_name = tls_pbx::local_name;
        amicpp::tls_connection c(io.get_executor(), o);
        CHECK(connect(io, c, tls_pbx::address, pbx.port()));
        CHECK(pbx.server.wait_for([](const auto& s) { return s.tls_handshakes_failed >= 1; }, 5s));
    }
    {
        amicpp::tls_options o;
        o.ca_file = "/nonexistent/amicpp/ca.pem";
        try {
            amicpp::tls_connection c(io.get_executor(), o);
            FAIL("a missing CA file must throw");
        } catch (const std::system_error& e) {
            const std::string what = e.what();
            CHECK(what.find("ca_file '/nonexistent/amicpp/ca.pem' cannot be read") !=
                  std::string::npos);
            CHECK(e.code() == std::errc::no_such_file_or_directory);
        }
    }
    {
        amicpp::tls_options o;
        o.ca_file = key_file.path; // a key, not a certificate
        CHECK_THROWS_WITH(amicpp::tls_connection(io.get_executor(), o),
                          Catch::Contains("holds no usable certificate"));
    }
    {
        amicpp::tls_options o;
        o.certificate_pem = me.certificate_pem; // no key
        CHECK_THROWS_AS(amicpp::tls_connection(io.get_executor(), o), std::invalid_argument);
        o.private_key_pem = clients.issue().private_key_pem; // somebody else's key
        CHECK_THROWS_WITH(amicpp::tls_connection(io.get_executor(), o),
                          Catch::Contains("private_key_pem cannot be used"));
    }
}

TEST_CASE("tls: the wrong protocol on either side fails the connect, it does not hang",
          "[tls][loopback]") {
    asio::io_context io;
    {
        // TLS client, plain AMI server: the banner is not a TLS record.
        amicpp::testing::server plain;
        amicpp::tls_options o;
        o.verify_peer = false;
        amicpp::tls_connection c(io.get_executor(), o);
        const std::error_code ec = connect(io, c, "127.0.0.1", std::to_string(plain.port()));
        INFO(ec.message());
        CHECK(ec.category() == asio::error::get_ssl_category());
    }
    {
        // Plain client, TLS server: no banner ever comes; the connect deadline ends it.
        tls_pbx pbx;
        amicpp::connection_options o;
        o.connect_timeout = 300ms;
        amicpp::connection c(io.get_executor(), o);
        std::optional<std::error_code> result;
        c.async_connect("127.0.0.1", pbx.port(), admin(),
                        [&](std::error_code ec, message) { result = ec; });
        REQUIRE(run_until(io, [&] { return result.has_value(); }));
        CHECK(*result);
    }
}

TEST_CASE("tls: a stream connected by the caller needs server_name to check the name",
          "[tls][loopback]") {
    tls_pbx pbx;
    asio::io_context io;
    amicpp::tls_connection c(io.get_executor(), pbx.trusting());
    auto login_on = [&](amicpp::tls_peer_check check) {
        amicpp::tls_stream stream(io.get_executor(), amicpp::make_tls_context(pbx.trusting()),
                                  std::move(check));
        stream.lowest_layer().connect(pbx.server.endpoint());
        std::optional<std::error_code> result;
        c.async_login(std::move(stream), admin(),
                      [&](std::error_code ec, message) { result = ec; });
        REQUIRE(run_until(io, [&] { return result.has_value(); }));
        return *result;
    };
    CHECK(login_on(amicpp::tls_peer_check{}) == amicpp::error::tls_no_server_name);
    CHECK_FALSE(login_on(amicpp::tls_peer_check{true, true, "localhost"}));
}

TEST_CASE("tls: a supervised session comes back over TLS after every loss", "[tls][supervised]") {
    tls_pbx pbx;
    asio::io_context io;
    amicpp::tls_connection c(io.get_executor(), pbx.trusting_localhost());
    std::vector<amicpp::session_event> notices;
    std::optional<std::error_code> run_result;
    auto ups = [&] {
        std::size_t n = 0;
        for (const auto& e : notices)
            n += e.state == amicpp::session_state::up ? 1 : 0;
        return n;
    };
    amicpp::run_options r;
    r.host = tls_pbx::address;
    r.port = pbx.port();
    r.login = admin();
    r.keepalive.ping_interval = 0ms;
    r.reconnect.initial_delay = 1ms;
    r.reconnect.max_delay = 20ms;
    r.on_state = [&](const amicpp::session_event& e) { notices.push_back(e); };
    c.async_run(r, [&](std::error_code ec) { run_result = ec; });

    constexpr int rounds = 10;
    std::size_t completed = 0, failed = 0;
    for (int round = 1; round <= rounds; ++round) {
        REQUIRE(run_until(io, [&] { return ups() == static_cast<std::size_t>(round); }));
        // Pings in flight when the link goes: each completes once, with success or an error.
        for (int i = 0; i < 20; ++i)
            c.async_send(amicpp::actions::ping{}, [&](std::error_code ec, const auto&) {
                ++completed;
                failed += ec ? 1 : 0;
            });
        if (round < rounds)
            pbx.server.disconnect_all();
    }
    REQUIRE(run_until(io, [&] { return completed == 20 * rounds; }));
    CHECK(failed < completed);
    CHECK_FALSE(ping(io, c));
    c.stop();
    REQUIRE(run_until(io, [&] { return run_result.has_value(); }));
    CHECK(pbx.server.stats().tls_handshakes_failed == 0);
    CHECK(pbx.server.stats().connections_accepted == rounds);
}

TEST_CASE("tls: a supervised session reports a refused certificate as the reason it is down",
          "[tls][supervised]") {
    tls_pbx pbx;
    asio::io_context io;
    amicpp::tls_connection c(io.get_executor(), amicpp::tls_options{}); // system authorities
    std::vector<amicpp::session_event> notices;
    std::optional<std::error_code> run_result;
    amicpp::run_options r;
    r.host = tls_pbx::address;
    r.port = pbx.port();
    r.login = admin();
    r.reconnect.initial_delay = 1ms;
    r.reconnect.max_delay = 5ms;
    r.reconnect.max_attempts = 2;
    r.on_state = [&](const amicpp::session_event& e) { notices.push_back(e); };
    c.async_run(r, [&](std::error_code ec) { run_result = ec; });
    REQUIRE(run_until(io, [&] { return run_result.has_value(); }));
    REQUIRE(*run_result);
    INFO(run_result->message());
    CHECK(run_result->category() == amicpp::tls_verify_category());
    bool reported = false;
    for (const auto& e : notices)
        reported = reported || (e.state == amicpp::session_state::retrying &&
                                e.reason.category() == amicpp::tls_verify_category());
    CHECK(reported);
}
