// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// The program every consumption test builds, whatever way it found amicpp: it round-trips an
// action through amicpp::to_wire and amicpp::parser, runs an Asio handler (so the Asio include
// directory, ASIO_STANDALONE and the thread flags reached the compiler and the linker), and
// exits non-zero on any mismatch.
#include <amicpp/amicpp.hpp>

#include <asio/io_context.hpp>
#include <asio/post.hpp>

#include <cstdio>
#include <string>
#include <system_error>

#if defined(_MSVC_LANG)
static_assert(_MSVC_LANG >= 201703L, "amicpp's target must ask for C++17");
#else
static_assert(__cplusplus >= 201703L, "amicpp's target must ask for C++17");
#endif
#if !defined(ASIO_STANDALONE)
#error "ASIO_STANDALONE must come with amicpp"
#endif

#ifndef AMICPP_CONSUMER_MODE
#define AMICPP_CONSUMER_MODE "unknown"
#endif

namespace {

int failures = 0;

void expect(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "amicpp consumer (%s): FAILED: %s\n", AMICPP_CONSUMER_MODE, what);
        ++failures;
    }
}

} // namespace

int main() {
    amicpp::message sent = amicpp::message::action("Originate");
    sent.add("ActionID", "consumer-1")
        .add("Channel", "Local/100@default")
        .add("Variable", "a=1")
        .add("Variable", "b=2");
    const std::string wire = amicpp::to_wire(sent);
    expect(wire.rfind("Action: Originate\r\n", 0) == 0, "to_wire starts with the Action line");

    amicpp::parser_options options;
    options.expect_banner = false; // read actions as a server would
    amicpp::parser reader(options);
    reader.feed(wire);

    amicpp::message received;
    std::error_code ec;
    expect(reader.next(received, ec), "the parser yields the action");
    expect(!ec, "the parser reports no error");
    expect(received.kind() == amicpp::message_kind::action, "kind is action");
    expect(received.action_name() == "Originate", "Action header");
    expect(received.action_id() == "consumer-1", "ActionID header");
    expect(received.count("variable") == 2, "repeated Variable headers, case-insensitive lookup");
    expect(received == sent, "the round trip gives the same message");
    expect(amicpp::to_wire(received) == wire, "the round trip gives the same bytes");
    expect(!reader.next(received, ec) && !ec, "nothing more to read");

    int handlers_run = 0;
    asio::io_context io;
    asio::post(io, [&handlers_run] { ++handlers_run; });
    io.run();
    expect(handlers_run == 1, "Asio ran the posted handler");

    if (failures != 0)
        return 1;
    std::printf("amicpp consumer (%s): OK\n", AMICPP_CONSUMER_MODE);
    return 0;
}
