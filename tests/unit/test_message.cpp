// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#include <amicpp/message.hpp>

#include "support/catch.hpp"

#include <string>
#include <utility>
#include <vector>

using amicpp::message;
using amicpp::message_kind;

TEST_CASE("an action is built with its Action header first", "[message]") {
    message m = message::action("Originate");
    m.add("Channel", "Local/100@test").add("Variable", "a=1").add("Variable", "b=2");
    CHECK(m.kind() == message_kind::action);
    CHECK(m.header_count() == 4);
    CHECK(m.header_at(0).key == "Action");
    CHECK(m.action_name() == "Originate");
    CHECK(m.get("Channel") == "Local/100@test");
}

TEST_CASE("lookup ignores ASCII case and the first match wins", "[message]") {
    message m = message::event("Newchannel");
    m.add("ActionID", "first").add("actionid", "second").add("CHANNEL", "SIP/1");
    CHECK(m.action_id() == "first");
    CHECK(m.get("ACTIONID") == "first");
    CHECK(m.get("channel") == "SIP/1");
    CHECK(m.count("ActionId") == 2);
    CHECK(m.contains("cHaNnEl"));
    CHECK_FALSE(m.contains("Channe"));
    CHECK_FALSE(m.find("Missing").has_value());
    CHECK(m.get("Missing", "fallback") == "fallback");
    CHECK_THROWS_AS(m.at("Missing"), std::out_of_range);
}

TEST_CASE("repeated keys are kept in order", "[message]") {
    message m = message::action("Originate");
    m.add("Variable", "a=1").add("Channel", "x").add("Variable", "b=2").add("variable", "c=3");
    const std::vector<std::string_view> all = m.all("Variable");
    REQUIRE(all.size() == 3);
    CHECK(all[0] == "a=1");
    CHECK(all[1] == "b=2");
    CHECK(all[2] == "c=3");
    std::vector<std::string_view> walked;
    for (std::string_view v : m.values("VARIABLE"))
        walked.push_back(v);
    CHECK(walked == all);
    CHECK(m.values("Nope").empty());
}

TEST_CASE("set replaces every occurrence in place of the first, erase removes all", "[message]") {
    message m = message::action("Ping");
    m.add("ActionID", "1").add("X", "a").add("actionid", "2");
    m.set("ActionID", "3");
    CHECK(m.count("ActionID") == 1);
    CHECK(m.header_at(1).key == "ActionID");
    CHECK(m.action_id() == "3");
    m.set("New", "v");
    CHECK(m.header_at(m.header_count() - 1).key == "New");
    CHECK(m.erase("x") == 1);
    CHECK(m.erase("x") == 0);
    CHECK(m.header_count() == 3);
}

TEST_CASE("empty values, colons in values and 8-bit bytes are kept as bytes", "[message]") {
    message m = message::event("Status");
    m.add("AccountCode", "").add("Data", "a: b: c").add("CallerIDName", "Jos\xe9 \xc3\x81lvarez");
    CHECK(m.get("AccountCode").empty());
    CHECK(m.contains("AccountCode"));
    CHECK(m.get("Data") == "a: b: c");
    CHECK(m.get("CallerIDName") == "Jos\xe9 \xc3\x81lvarez");
}

TEST_CASE("copies and moves keep their own storage", "[message]") {
    message a = message::response("Success");
    a.add("ActionID", "x").add("Message", "short"); // small enough for SSO
    message b = a;
    message c = std::move(a);
    a = message::response("Error");
    CHECK(b.message_text() == "short");
    CHECK(c.message_text() == "short");
    CHECK(b == c);
    CHECK(a != b);
}

TEST_CASE("response and event-list helpers", "[message]") {
    CHECK(message::response("Success").is_success());
    CHECK(message::response("Follows").is_success());
    CHECK(message::response("Goodbye").is_success());
    CHECK(message::response("Error").is_error());
    CHECK_FALSE(message::response("Error").is_success());
    CHECK_FALSE(message::event("OriginateResponse").add("Response", "Success").is_success());

    message start = message::response("Success");
    start.add("EventList", "Start");
    CHECK(start.is_list_start());
    message done = message::event("StatusComplete");
    done.add("EventList", "Complete");
    CHECK(done.is_list_complete());
    CHECK(done.is_event("statuscomplete"));
    CHECK_FALSE(done.is_event("Status"));
    message cancelled = message::event("XComplete");
    cancelled.add("EventList", "cancelled");
    CHECK(cancelled.is_list_cancelled());
}

TEST_CASE("raw lines live beside the headers", "[message]") {
    message m = message::response("Follows");
    m.add_line("line one").add_line("");
    m.add("ActionID", "c1"); // headers stay before lines
    CHECK(m.header_count() == 2);
    CHECK(m.line_count() == 2);
    CHECK(m.line_at(0) == "line one");
    CHECK(m.line_at(1).empty());
    CHECK(m.command_output() == std::vector<std::string_view>{"line one", ""});

    message modern = message::response("Success");
    modern.add("Output", "a").add("Output", "");
    CHECK(modern.command_output() == std::vector<std::string_view>{"a", ""});
}

TEST_CASE("header iteration is in arrival order", "[message]") {
    message m = message::event("E");
    m.add("B", "2").add("A", "1");
    std::vector<std::string> keys;
    for (const amicpp::header h : m)
        keys.emplace_back(h.key);
    CHECK(keys == std::vector<std::string>{"Event", "B", "A"});
    CHECK(m.end() - m.begin() == 3);
}
