// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#include <amicpp/message.hpp>
#include <amicpp/parser.hpp>

#include "support/allocation_counter.hpp"
#include "support/catch.hpp"

#include <algorithm>
#include <cstddef>
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

namespace {
// equals_letters against the byte-wise compare, for `word` and every one-byte change of it.
template <std::size_t N>
void check_letters(const char (&lower)[N]) {
    const std::string word(lower, N - 1);
    for (const std::string& s :
         {word, word.substr(0, N - 2), word + "s", std::string(N - 1, 'x'), std::string()}) {
        CHECK(amicpp::detail::equals_letters(s, lower) == amicpp::detail::iequals_bytes(s, word));
    }
    for (std::size_t at = 0; at < word.size(); ++at) {
        for (const char flip : {'\x20', '\x01', '\x40', '\x80', '\x60'}) {
            std::string other = word;
            other[at] = static_cast<char>(other[at] ^ flip);
            INFO("'" << word << "' byte " << at << " xor " << int(flip));
            CHECK(amicpp::detail::equals_letters(other, lower) ==
                  amicpp::detail::iequals_bytes(other, word));
        }
    }
}
} // namespace

TEST_CASE("the protocol's names are matched as the byte-wise compare would", "[message]") {
    // Every size of word it reads, whole and overlapping.
    check_letters("a");                // one byte
    check_letters("ok");               // one 2-byte word
    check_letters("yes");              // two 2-byte words that overlap
    check_letters("ping");             // one 4-byte word
    check_letters("event");            // two 4-byte words
    check_letters("follows");          // the same, overlapping by one byte
    check_letters("response");         // one 8-byte word
    check_letters("actionid");         // the same
    check_letters("challenge");        // two 8-byte words
    check_letters("accountcode");      // the same
    check_letters("connectedlinenum"); // two whole 8-byte words
    CHECK(amicpp::detail::equals_letters("EVENT", "event"));
    CHECK(amicpp::detail::equals_letters("ReSpOnSe", "response"));
    CHECK_FALSE(amicpp::detail::equals_letters("Even@", "event")); // '@' is '`' without bit 5
    // Through message: the first header, then the search when it is not first.
    message e = message::event("Newchannel");
    CHECK(e.event_name() == "Newchannel");
    CHECK(e.is_event("NEWCHANNEL"));
    CHECK(message::action("Ping").action_name() == "Ping");
    message r(message_kind::response);
    r.add("ActionID", "1").add("Response", "Error");
    CHECK(r.response_status() == "Error");
    CHECK(r.is_error());
    message none(message_kind::event);
    none.add("Eventx", "1");
    CHECK(none.event_name().empty());
}

TEST_CASE("lookup compares keys a word at a time as a byte at a time would", "[message]") {
    // Every length from 0 to 20 (no word, two overlapping 4-byte words, 8-byte words with an
    // overlapping tail), with one byte changed at each place: in case, to a non-letter that
    // differs only in bit 5 ('@' and '`', '[' and '{'), or in another bit.
    const std::string letters = "Ac@i[nID_hannel-Uni1d";
    for (std::size_t n = 0; n <= 20; ++n) {
        const std::string key = letters.substr(0, std::min(n, letters.size())) +
                                std::string(n > letters.size() ? n - letters.size() : 0, 'x');
        CHECK(amicpp::detail::iequals_keys(key.data(), key.data(), n));
        CHECK_FALSE(amicpp::detail::iequals(key, key + "x")); // lengths differ
        for (std::size_t at = 0; at < n; ++at) {
            for (const char flip : {'\x20', '\x01', '\x40', '\x80'}) {
                std::string other = key;
                other[at] = static_cast<char>(other[at] ^ flip);
                INFO("key '" << key << "' byte " << at << " xor " << int(flip));
                CHECK(amicpp::detail::iequals_keys(key.data(), other.data(), n) ==
                      amicpp::detail::iequals_bytes(key, other));
                CHECK(amicpp::detail::iequals(key, other) ==
                      amicpp::detail::iequals_bytes(key, other));
            }
        }
    }
    // Through message::get: a case-only difference in the second word, a real one in the tail.
    message m = message::event("Newchannel");
    m.add("AccountCodeX", "1").add("ConnectedLineNum", "2").add("Code@", "3");
    CHECK(m.get("accountcodex") == "1");
    CHECK(m.get("CONNECTEDLINENUM") == "2");
    CHECK_FALSE(m.contains("ConnectedLineNun"));
    CHECK_FALSE(m.contains("AccountCode@"));
    CHECK(m.get("Code`", "none") == "none"); // '`' is '@' with bit 5 set, not another case
    CHECK(m.get("CODE@") == "3");
}

TEST_CASE("a built message finds its ActionID however it was added, set or removed", "[message]") {
    message m = message::action("Ping");
    CHECK(m.action_id().empty());
    m.add("Channel", "SIP/1").add("actionid", "first").add("ActionID", "second");
    CHECK(m.action_id() == "first"); // the first one, in any case
    m.set("ActionID", "only");
    CHECK(m.action_id() == "only");
    CHECK(m.count("ActionID") == 1);
    m.erase("ActionID");
    CHECK(m.action_id().empty());
    m.set("ActionID", "again").add("Variable", "a=1");
    CHECK(m.action_id() == "again");
    m.set("Channel", "SIP/2"); // an edit elsewhere
    CHECK(m.action_id() == "again");
    const message copy = m;
    message moved = std::move(m);
    CHECK(copy.action_id() == "again");
    CHECK(moved.action_id() == "again");
    // One added while the place of an earlier one is not known (after erase of another key).
    message e = message::event("Hangup");
    e.add("Uniqueid", "1").add("ActionID", "x");
    e.erase("Uniqueid");
    e.add("ActionID", "y");
    CHECK(e.action_id() == "x");
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

TEST_CASE("storage: a parsed message is one allocation at most, none when a roomy one is reused",
          "[message][storage]") {
    amicpp::parser p(amicpp::parser_options{{}, false});
    std::string wire = "Event: Newchannel\r\nPrivilege: call,all\r\nChannel: PJSIP/100-1\r\n"
                       "ChannelState: 0\r\nCallerIDNum: 100\r\nUniqueid: 1.1\r\n\r\n";
    p.feed(wire + wire + wire);
    message warm; // the parser's own first allocations
    std::error_code ec;
    REQUIRE(p.next(warm, ec));
    namespace counter = amicpp_test::allocations;
    message m;
    std::size_t first = 0, again = 0, action_cost = 0;
    {
        const counter::scope count;
        REQUIRE(p.next(m, ec));
        first = count.count();
    }
    REQUIRE_FALSE(ec);
    CHECK(m.get("Channel") == "PJSIP/100-1");
    {
        const counter::scope count;
        REQUIRE(p.next(m, ec)); // the same shape again, into the same object
        again = count.count();
    }
    CHECK(m.get("Uniqueid") == "1.1");
    {
        const counter::scope count;
        message action = message::action("Ping");
        action.set("ActionID", "abcdef01-1f");
        action_cost = count.count();
    }
    if (counter::available) { // at most: a block freed earlier on this thread may serve it
        CHECK(first <= 1);
        CHECK(again == 0);
        CHECK(action_cost <= 1); // a typical action fits its first block
    }
}

TEST_CASE("storage: growth, copies, moves and edits keep every header and line intact",
          "[message][storage]") {
    message m = message::action("Originate");
    std::vector<std::pair<std::string, std::string>> expected{{"Action", "Originate"}};
    for (int i = 0; i < 300; ++i) {
        std::string key = "Key" + std::to_string(i % 7);
        std::string value(static_cast<std::size_t>(i % 50), static_cast<char>('a' + i % 26));
        m.add(key, value);
        expected.emplace_back(key, value);
        if (i % 40 == 0)
            m.add_line("raw " + std::to_string(i));
    }
    auto check_all = [&](const message& x) {
        REQUIRE(x.header_count() == expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            REQUIRE(x.header_at(i).key == expected[i].first);
            REQUIRE(x.header_at(i).value == expected[i].second);
        }
        REQUIRE(x.line_count() == 8);
        CHECK(x.line_at(7) == "raw 280");
    };
    check_all(m);
    message copy(m);
    check_all(copy);
    CHECK(copy == m);
    message moved(std::move(copy));
    check_all(moved);
    CHECK(copy.empty()); // NOLINT: moved-from is empty
    message small = message::event("X");
    small = m; // grows
    check_all(small);
    message roomy = m;
    roomy = message::event("Y"); // move-assigned
    CHECK(roomy.header_count() == 1);
    message reused = m;
    reused = message::event("Z").add("A", "1"); // copy into room it has
    CHECK(reused.get("A") == "1");
    CHECK(reused.line_count() == 0);
    // set() replaces the first and drops the rest; its value may need the block to grow.
    m.set("Key3", std::string(5000, 'z'));
    CHECK(m.get("Key3") == std::string(5000, 'z'));
    CHECK(m.count("Key3") == 1);
    CHECK(m.header_at(4).key == "Key3"); // the first one's place
    CHECK(m.erase("Key0") == 43);
    CHECK(m.count("Key0") == 0);
    CHECK(m.line_count() == 8);
    CHECK(m.get("Action") == "Originate");
    CHECK(m.storage_size() >= 5000);
}

TEST_CASE("a key or value read from the message itself may be added back, however it grows",
          "[message][storage]") {
    // Growing frees the old bytes; views into them must be followed to the new ones.
    const std::string channel = "PJSIP/alice-00000001";
    message m = message::event("Newchannel");
    m.add("Channel", channel);
    for (int i = 0; i < 12; ++i) { // the Long value doubles each round: a regrowth each time
        m.add(m.header_at(1).key, m.get("Channel")); // key and value both from m
        m.set("Channel", m.header_at(m.header_count() - 1).value);
        m.add_line(m.get("Channel"));
        m.add("Long", std::string(m.storage_size(), 'x'));
        m.set("Long", m.header_at(m.header_count() - 1).value); // its own, large, value
        REQUIRE(m.get("Channel") == channel);
        REQUIRE(m.line_at(m.line_count() - 1) == channel);
        REQUIRE(m.get("Long") == std::string(m.get("Long").size(), 'x'));
    }
    CHECK(m.count("Channel") == 1);
    CHECK(m.count("Long") == 1);
    CHECK(m.line_count() == 12);
    CHECK(m.get("Event") == "Newchannel");
}
