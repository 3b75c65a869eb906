// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
//
// A small, realistic amicpp program for tools/compile_time.py, which times its -O2 build in both
// build modes: connect and log in, subscribe to call events, Ping, Originate, log off. Usage:
// consumer [host [port [user [secret]]]] (127.0.0.1 5038 admin secret by default).
#include <amicpp/amicpp.hpp>

#include <asio/io_context.hpp>

#include <iostream>
#include <string>
#include <system_error>

int main(int argc, char** argv) {
    const std::string host = argc > 1 ? argv[1] : "127.0.0.1";
    const std::string port = argc > 2 ? argv[2] : "5038";
    amicpp::login_options login{argc > 3 ? argv[3] : "admin", argc > 4 ? argv[4] : "secret"};

    asio::io_context io;
    amicpp::connection ami(io.get_executor());
    int status = 1;

    auto calls = ami.subscribe("Newchannel", [](const amicpp::message& e) {
        std::cout << "new channel " << e.get("Channel") << '\n';
    });
    auto hangups = ami.subscribe("Hangup", [](const amicpp::message& e) {
        std::cout << "hangup " << e.get("Channel") << ": " << e.get("Cause-txt") << '\n';
    });

    const auto fail = [&](const char* what, std::error_code ec, const amicpp::message& reply) {
        std::cerr << what << ": " << ec.message() << ' ' << reply.message_text() << '\n';
        ami.close();
    };

    ami.async_connect(host, port, login, [&](std::error_code ec, amicpp::login_result hello) {
        if (ec)
            return fail("login", ec, hello);
        std::cout << "logged in, AMI " << (hello.version() ? hello.version()->to_string() : "?")
                  << '\n';
        ami.async_send(
            amicpp::actions::ping{}, [&](std::error_code e1, amicpp::actions::ping_result pong) {
                if (e1)
                    return fail("Ping", e1, pong.response);
                std::cout << "Ping: " << pong.response.get("Ping") << '\n';
                amicpp::actions::originate call;
                call.channel = "Local/100@default";
                call.exten = "200";
                call.context = "default";
                call.caller_id = "amicpp <100>";
                ami.async_send(call, [&](std::error_code e2, amicpp::actions::originate_result r) {
                    if (e2)
                        return fail("Originate", e2, r.response);
                    std::cout << "Originate: " << amicpp::actions::to_string(r.reason) << '\n';
                    status = 0;
                    ami.async_close([](std::error_code) {}); // Logoff; then io.run() returns
                });
            });
    });
    io.run();
    return status;
}
