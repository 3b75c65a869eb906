// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
//
// example-tls: log in over TLS (Asterisk's tlsenable port, 5039), with the server's certificate
// and host name checked, then Ping and `core show version`.
//
// Try: example-tls --demo
//      (a simulated Asterisk behind TLS, with a certificate authority made on the spot; the demo
//      also shows what a refused certificate looks like)
// Or:  example-tls --host pbx.example.com --port 5039 --user admin --secret s3cret
//          --ca-file /etc/asterisk/keys/ca.crt

#include "common/exit_codes.hpp"
#include "common/options.hpp"
#include "common/report.hpp"

#include <amicpp/actions/command.hpp>
#include <amicpp/actions/ping.hpp>
#include <amicpp/testing/certificates.hpp>
#include <amicpp/testing/tls_server.hpp>
#include <amicpp/tls_connection.hpp>

#include <asio/io_context.hpp>

#include <iostream>
#include <memory>
#include <optional>
#include <string>

namespace {

// Runs `io` until `done()` holds (or it runs out of work).
template <class Done>
void run_until(asio::io_context& io, Done done) {
    io.restart();
    while (!done() && io.run_one() > 0) {
    }
}

// Connects, logs in, runs `io` until done: the outcome of the whole connect step.
std::error_code connect(asio::io_context& io, amicpp::tls_connection& ami,
                        const examples::options& o, amicpp::message& response) {
    std::optional<std::error_code> result;
    ami.async_connect(o.host, o.port, o.login, [&](std::error_code ec, amicpp::message r) {
        result = ec;
        response = std::move(r);
    });
    run_until(io, [&] { return result.has_value(); });
    return result.value_or(amicpp::error::connection_closed);
}

} // namespace

int main(int argc, char** argv) {
    std::string ca_file, server_name;
    bool insecure = false;
    examples::option_parser parser("example-tls", "",
                                   "Log in over TLS, with the server's certificate checked.");
    parser.value("--ca-file", "FILE", "trust the authorities in this PEM file", ca_file)
        .value("--server-name", "NAME", "the name the certificate must carry (default: HOST)",
               server_name)
        .flag("--insecure", "accept any certificate (a lab only)", insecure)
        .example("example-tls --demo")
        .example("example-tls --host pbx.example.com --port 5039 --user admin --secret s3cret "
                 "--ca-file ca.crt");
    examples::options o = parser.parse(argc, argv);

    amicpp::tls_options tls;
    tls.ca_file = ca_file;
    tls.server_name = server_name;
    tls.verify_peer = !insecure;

    // --demo: an authority, a server certificate for localhost, and the simulated Asterisk
    // speaking TLS with it; the client trusts that authority only. It connects to the address
    // and checks the name "localhost" (server_name): no resolver or /etc/hosts is needed.
    std::optional<amicpp::testing::certificate_authority> demo_ca;
    std::unique_ptr<amicpp::testing::tls_server> demo;
    if (o.demo) {
        demo_ca.emplace("example-tls demo authority");
        amicpp::testing::tls_server_options server_tls;
        server_tls.server_identity = demo_ca->issue(); // names localhost and 127.0.0.1
        demo = std::make_unique<amicpp::testing::tls_server>(amicpp::testing::server_options{},
                                                             server_tls);
        o.host = "127.0.0.1";
        tls.server_name = "localhost";
        o.port = std::to_string(demo->port());
        o.login = {"admin", "amp111", amicpp::auth_method::md5, "off"};
        tls.ca_pem = demo_ca->certificate_pem();
    } else if (!o.port_given) {
        o.port = "5039";
    }

    asio::io_context io;
    try {
        amicpp::tls_connection ami(io.get_executor(), tls);
        amicpp::message hello;
        if (const std::error_code ec = connect(io, ami, o, hello))
            return examples::connect_failed(parser.program(), o, ec, hello);
        std::cout << "TLS to " << o.where();
        if (!tls.server_name.empty())
            std::cout << " as " << tls.server_name;
        std::cout << (insecure ? " (NOT verified)" : " (verified)") << ": " << hello.message_text()
                  << '\n';

        // Two actions in flight on the encrypted stream, each answered by its ActionID.
        int answered = 0;
        std::error_code failure;
        ami.async_send(amicpp::actions::ping{}, [&](std::error_code ec, const auto& pong) {
            std::cout << "Ping: " << pong.response.get("Ping") << '\n';
            failure = failure ? failure : ec;
            ++answered;
        });
        ami.async_send(amicpp::actions::command{"core show version"},
                       [&](std::error_code ec, const auto& version) {
                           for (const std::string& line : version.output)
                               std::cout << "| " << line << '\n';
                           failure = failure ? failure : ec;
                           ++answered;
                       });
        run_until(io, [&] { return answered == 2; });
        if (failure)
            return examples::action_failed(parser.program(), "Ping/Command", failure, {});
        bool closed = false;
        ami.async_close([&](std::error_code) { closed = true; }); // Logoff, Goodbye, close
        run_until(io, [&] { return closed; });
    } catch (const std::exception& e) { // a CA file that cannot be read, a bad key...
        std::cerr << parser.program() << ": " << e.what() << '\n';
        return examples::exit_usage;
    }

    if (o.demo) {
        // The same server, from a client that trusts another authority: refused, and why.
        amicpp::testing::certificate_authority stranger("some other authority");
        amicpp::tls_options other;
        other.ca_pem = stranger.certificate_pem();
        other.server_name = tls.server_name;
        amicpp::tls_connection refused(io.get_executor(), other);
        amicpp::message nothing;
        const std::error_code ec = connect(io, refused, o, nothing);
        std::cout << "a client trusting another authority: " << ec.message() << '\n';
        if (ec.category() != amicpp::tls_verify_category())
            return examples::exit_connection_failed;
    }
    return examples::exit_ok;
}
