// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#include <amicpp/parser.hpp>
#include <amicpp/serializer.hpp>

#include "support/catch.hpp"

#include <string>

using amicpp::message;
using amicpp::serialize_options;

TEST_CASE("an action is written with CRLF throughout", "[serializer]") {
    message m = message::action("Originate");
    m.add("Channel", "Local/100@test").add("Variable", "a=1").add("Variable", "b=2").add("X", "");
    CHECK(amicpp::to_wire(m) == "Action: Originate\r\nChannel: Local/100@test\r\nVariable: a=1\r\n"
                                "Variable: b=2\r\nX: \r\n\r\n");
}

TEST_CASE("serialize appends and leaves the buffer alone on error", "[serializer]") {
    std::string out = "prefix";
    REQUIRE(amicpp::serialize(message::action("Ping"), out));
    CHECK(out == "prefixAction: Ping\r\n\r\n");
    message bad = message::action("Ping");
    bad.add("ActionID", "x\r\nAction: Hangup");
    const auto r = amicpp::serialize(bad, out);
    CHECK_FALSE(r);
    CHECK(out == "prefixAction: Ping\r\n\r\n");
}

TEST_CASE("CR, LF or NUL anywhere is refused, naming the header", "[serializer][injection]") {
    const std::string bad_values[] = {"a\rb", "a\nb", std::string("a\0b", 3), "\r\n",
                                      "x\r\n\r\nAction: Hangup"};
    for (const std::string& v : bad_values) {
        message m = message::action("Setvar");
        m.add("Variable", "ok").add("Value", v);
        const auto r = amicpp::check(m);
        CHECK(r.ec == amicpp::error::header_injection);
        CHECK(r.header == "Value");
        CHECK(r.index == 2);
        CHECK(r.describe().find("'Value'") != std::string::npos);
    }
    message key_injection = message::action("Ping");
    key_injection.add("Bad\nKey", "v");
    CHECK(amicpp::check(key_injection).ec == amicpp::error::header_injection);
}

TEST_CASE("keys must be non-empty tokens", "[serializer]") {
    const auto verdict = [](std::string key) {
        message m = message::action("Ping");
        m.add(key, "v");
        return amicpp::check(m).ec;
    };
    CHECK(verdict("") == amicpp::error::empty_header_key);
    CHECK(verdict("Has:Colon") == amicpp::error::invalid_header_key);
    CHECK(verdict("Has Space") == amicpp::error::invalid_header_key);
    CHECK(verdict("Tab\tKey") == amicpp::error::invalid_header_key);
    CHECK(verdict("Caf\xc3\xa9") == amicpp::error::invalid_header_key);
    CHECK(verdict("Del\x7f") == amicpp::error::invalid_header_key);
    CHECK_FALSE(verdict("ChanVariable(foo)"));
    CHECK_FALSE(verdict("X-Custom_Key.1"));
}

TEST_CASE("a message without Action is refused unless allowed", "[serializer]") {
    message r = message::response("Success");
    CHECK(amicpp::check(r).ec == amicpp::error::missing_action);
    serialize_options server;
    server.require_action = false;
    CHECK(amicpp::check(r, server));
}

TEST_CASE("Asterisk's line limit: 1024 bytes with CRLF, relaxable", "[serializer][limits]") {
    const auto with_value = [](std::size_t total_line) {
        message m = message::action("Command");
        m.add("Command", std::string(total_line - std::string("Command: \r\n").size(), 'x'));
        return m;
    };
    CHECK(amicpp::check(with_value(1024)));
    const auto r = amicpp::check(with_value(1025));
    CHECK(r.ec == amicpp::error::line_too_long_for_server);
    CHECK(r.header == "Command");
    serialize_options relaxed;
    relaxed.max_line_length = 0;
    CHECK(amicpp::check(with_value(100000), relaxed));
}

TEST_CASE("Asterisk's header limit: 128 with Action, relaxable", "[serializer][limits]") {
    message m = message::action("Originate");
    for (int i = 1; i < 128; ++i)
        m.add("Variable", "v" + std::to_string(i) + "=1");
    CHECK(amicpp::check(m));
    m.add("ActionID", "one-too-many");
    const auto r = amicpp::check(m);
    CHECK(r.ec == amicpp::error::too_many_headers_for_server);
    CHECK(r.header == "ActionID");
    serialize_options relaxed;
    relaxed.max_headers = 0;
    CHECK(amicpp::check(m, relaxed));
}

TEST_CASE("to_wire throws a system_error that names the header", "[serializer]") {
    message m = message::action("Originate");
    m.add("CallerID", "evil\r\nAction: Hangup");
    try {
        (void)amicpp::to_wire(m);
        FAIL("no exception");
    } catch (const amicpp::serialize_error& e) {
        CHECK(e.code() == amicpp::error::header_injection);
        CHECK(e.header() == "CallerID");
        CHECK(std::string(e.what()).find("CallerID") != std::string::npos);
    }
}

TEST_CASE("serialize then parse gives the same message back", "[serializer][roundtrip]") {
    message m = message::action("Originate");
    m.add("Channel", "PJSIP/100")
        .add("Variable", "A=1")
        .add("Variable", "B=x: y")
        .add("CallerID", "\"Jos\xe9\" <100>")
        .add("Empty", "")
        .add("ActionID", "amicpp-7f3a-1");
    amicpp::parser_options o;
    o.expect_banner = false;
    amicpp::parser p(o);
    p.feed(amicpp::to_wire(m));
    message back;
    std::error_code ec;
    REQUIRE(p.next(back, ec));
    REQUIRE_FALSE(ec);
    CHECK(back == m);
    CHECK_FALSE(p.next(back, ec));
}
