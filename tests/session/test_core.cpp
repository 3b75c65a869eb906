// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// amicpp::session::core, behaviour by behaviour, without any stream: the test is the server,
// the clock and the consumer.
#include "session/harness.hpp"

#include <amicpp/actions/originate.hpp>

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

using namespace amicpp_test;
using amicpp::error;
using amicpp::message;
namespace ses = amicpp::session;

namespace {

amicpp::completion_spec list_until(std::string complete) {
    amicpp::completion_spec c;
    c.list = true;
    c.complete_event = std::move(complete);
    return c;
}

std::vector<std::string> values(const std::vector<message>& ms, std::string_view key) {
    std::vector<std::string> out;
    for (const message& m : ms)
        out.emplace_back(m.get(key));
    return out;
}

} // namespace

TEST_CASE("ActionIDs: prefix and counter, the caller's own kept, duplicates in flight refused",
          "[session][ids]") {
    rig r;
    r.up();
    const auto a = r.ping();
    const auto b = r.ping();
    CHECK(r.id_of(a) == "t-1");
    CHECK(r.id_of(b) == "t-2");
    message mine = message::action("Ping");
    mine.add("ActionID", "my-id");
    const auto c = r.send(mine);
    CHECK(r.id_of(c) == "my-id");
    const auto dup = r.send(mine);
    CHECK(r.ec_of(dup) == error::duplicate_action_id);
    CHECK_FALSE(r.done.at(dup).sent);
    // A generated ID already taken by the caller is skipped.
    message taken = message::action("Ping");
    taken.add("ActionID", "t-3");
    const auto d = r.send(taken);
    const auto e = r.ping();
    CHECK(r.id_of(d) == "t-3");
    CHECK(r.id_of(e) == "t-4");
    // An empty ActionID header is replaced, not followed by a second one (first match wins).
    message blank = message::action("Ping");
    blank.add("ActionID", "");
    const auto f = r.send(blank);
    CHECK(r.id_of(f) == "t-5");
    const auto sent = r.written();
    REQUIRE(sent.size() == 6); // the duplicate was never written
    CHECK(sent.back().count("ActionID") == 1);
    CHECK(sent.back().action_id() == "t-5");
    CHECK(r.core.pending() == 6);
}

TEST_CASE("ActionIDs: responses find generated and own IDs, also own IDs shaped like generated",
          "[session][ids]") {
    rig r;
    r.up();
    const auto a = r.ping(); // t-1
    message lookalike = message::action("Ping");
    lookalike.add("ActionID", "t-1"); // a generated ID in flight: a duplicate
    CHECK(r.ec_of(r.send(lookalike)) == error::duplicate_action_id);
    message ahead = message::action("Ping");
    ahead.add("ActionID", "t-2"); // the next number, given by the caller: generation skips it
    const auto b = r.send(ahead);
    message padded = message::action("Ping");
    padded.add("ActionID", "t-03"); // not the generator's shape (a leading zero): the caller's own
    const auto c = r.send(padded);
    const auto d = r.ping();
    CHECK(r.id_of(d) == "t-3");
    std::vector<ses::op_id> ops;
    for (int i = 0; i < 40; ++i)
        ops.push_back(r.ping()); // t-4 ... t-2b
    CHECK(r.id_of(ops.back()) == "t-2b");
    // Answered out of order, each by its ID; one answered twice (the second is late).
    r.feed("Response: Success\r\nActionID: t-3\r\n\r\n");
    r.feed("Response: Success\r\nActionID: t-03\r\nPing: own\r\n\r\n");
    r.feed("Response: Success\r\nActionID: t-2\r\nPing: ahead\r\n\r\n");
    r.feed("Response: Success\r\nActionID: t-1\r\n\r\n");
    r.feed("Response: Success\r\nActionID: t-1\r\n\r\n");
    for (auto it = ops.rbegin(); it != ops.rend(); ++it)
        r.feed("Response: Success\r\nActionID: " + std::string(r.id_of(*it)) + "\r\n\r\n");
    r.feed("Response: Success\r\nActionID: t-2c\r\n\r\n"); // never generated
    for (const auto op : {a, b, c, d})
        CHECK_FALSE(r.ec_of(op));
    for (const auto op : ops)
        CHECK_FALSE(r.ec_of(op));
    CHECK(r.done.at(b).result.response.get("Ping") == "ahead");
    CHECK(r.done.at(c).result.response.get("Ping") == "own");
    CHECK(r.core.pending() == 0);
    CHECK(r.core.counters().unmatched_responses == 2); // t-1 again, t-2c
}

TEST_CASE("a random prefix differs between cores", "[session][ids]") {
    ses::core a, b;
    CHECK(a.action_id_prefix().size() == 9);
    CHECK(a.action_id_prefix() != b.action_id_prefix());
}

TEST_CASE("responses are matched by ActionID, not by order; events in between are events",
          "[session][correlation]") {
    rig r;
    r.up();
    const auto a = r.ping();
    const auto b = r.ping();
    const auto c = r.ping();
    r.feed(response(r.id_of(c), "Response: Success\r\nPing: Pong\r\n"));
    r.feed("Event: Newchannel\r\nPrivilege: call,all\r\nActionID: " + r.id_of(a) + "\r\n\r\n");
    r.feed(response(r.id_of(a)));
    r.feed(tick_event(1));
    r.feed(response(r.id_of(b), "Response: Error\r\nMessage: nope\r\n"));
    CHECK_FALSE(r.ec_of(a));
    CHECK(r.ec_of(b) == error::action_failed);
    CHECK(r.done.at(b).result.response.message_text() == "nope");
    CHECK_FALSE(r.ec_of(c));
    CHECK(r.done.at(c).result.response.get("Ping") == "Pong");
    CHECK(r.dispatched.size() == 2); // the Newchannel with a's ActionID was not its response
    CHECK(r.core.pending() == 0);
}

TEST_CASE("a response nobody waits for is counted, also a second one", "[session][correlation]") {
    rig r;
    r.up();
    const auto a = r.ping();
    r.feed(response("someone-else"));
    r.feed("Response: Success\r\n\r\n");
    r.feed(response(r.id_of(a)));
    r.feed(response("t-1"));
    CHECK(r.core.counters().unmatched_responses == 3);
    CHECK_FALSE(r.ec_of(a));
    CHECK(r.dispatched.empty());
}

TEST_CASE("event lists: EventList start, items, Complete with ListItems checked",
          "[session][list]") {
    rig r;
    r.up();
    const auto ok = r.send(message::action("CoreShowChannels"));
    const auto bad = r.send(message::action("CoreShowChannels"));
    const auto cancelled = r.send(message::action("QueueStatus"));
    const std::string i1 = r.id_of(ok), i2 = r.id_of(bad), i3 = r.id_of(cancelled);
    for (const auto& id : {i1, i2, i3})
        r.feed(response(id, "Response: Success\r\nEventList: start\r\n"));
    r.feed("Event: CoreShowChannel\r\nActionID: " + i1 + "\r\nChannel: A\r\n\r\n");
    r.feed(tick_event(1)); // another event between items
    r.feed("Event: CoreShowChannel\r\nActionID: " + i2 + "\r\nChannel: X\r\n\r\n");
    r.feed("Event: CoreShowChannel\r\nActionID: " + i1 + "\r\nChannel: B\r\n\r\n");
    r.feed("Event: CoreShowChannelsComplete\r\nActionID: " + i1 +
           "\r\nEventList: Complete\r\nListItems: 2\r\n\r\n");
    r.feed("Event: CoreShowChannelsComplete\r\nActionID: " + i2 +
           "\r\nEventList: Complete\r\nListItems: 3\r\n\r\n");
    r.feed("Event: QueueStatusComplete\r\nActionID: " + i3 + "\r\nEventList: cancelled\r\n\r\n");
    CHECK_FALSE(r.ec_of(ok));
    CHECK(values(r.done.at(ok).result.items, "Channel") == std::vector<std::string>{"A", "B"});
    CHECK(r.done.at(ok).result.final_event.event_name() == "CoreShowChannelsComplete");
    CHECK(r.ec_of(bad) == error::list_incomplete);
    CHECK(r.done.at(bad).result.items.size() == 1); // what came is kept
    CHECK(r.ec_of(cancelled) == error::list_incomplete);
    REQUIRE(r.dispatched.size() == 1);
    CHECK(r.dispatched[0].event_name() == "Tick");
}

TEST_CASE("lists before 13.2: a plain ack, no EventList, the Complete event's name ends it",
          "[session][list]") {
    rig r;
    r.up();
    const auto st = r.send(message::action("Status"), list_until("StatusComplete"));
    const std::string id = r.id_of(st);
    r.feed(response(id, "Response: Success\r\nMessage: Channel status will follow\r\n"));
    r.feed("Event: Status\r\nPrivilege: Call\r\nActionID: " + id + "\r\nChannel: A\r\n\r\n");
    r.feed("Event: Status\r\nPrivilege: Call\r\nActionID: " + id + "\r\nChannel: B\r\n\r\n");
    CHECK(r.done.empty());
    r.feed("Event: StatusComplete\r\nActionID: " + id + "\r\nItems: 2\r\n\r\n");
    CHECK_FALSE(r.ec_of(st));
    CHECK(r.done.at(st).result.items.size() == 2);
    CHECK(r.dispatched.empty());
}

TEST_CASE("IAXpeers: items without ActionID belong to the open list, broadcasts do not",
          "[session][list]") {
    rig r;
    r.up();
    const auto peers = r.send(message::action("IAXpeers"), list_until("PeerlistComplete"));
    const std::string id = r.id_of(peers);
    r.feed(response(id, "Response: Success\r\nEventList: start\r\n"));
    r.feed("Event: PeerEntry\r\nObjectName: a\r\n\r\n");
    r.feed("Event: Hangup\r\nPrivilege: call,all\r\n\r\n");
    r.feed("Event: PeerEntry\r\nObjectName: b\r\n\r\n");
    r.feed("Event: PeerlistComplete\r\nActionID: " + id +
           "\r\nEventList: Complete\r\nListItems: 2\r\n\r\n");
    CHECK_FALSE(r.ec_of(peers));
    CHECK(values(r.done.at(peers).result.items, "ObjectName") ==
          std::vector<std::string>{"a", "b"});
    REQUIRE(r.dispatched.size() == 1);
    CHECK(r.dispatched[0].event_name() == "Hangup");
    // No list open: an ActionID-less event is an event.
    r.feed("Event: PeerEntry\r\nObjectName: c\r\n\r\n");
    CHECK(r.dispatched.size() == 2);
}

TEST_CASE("async Originate completes on its OriginateResponse, which is an event too",
          "[session][originate]") {
    rig r;
    r.up();
    amicpp::actions::originate o;
    o.channel = "PJSIP/100";
    o.exten = "200";
    o.context = "test";
    const message m = o.to_message();
    const auto d = ses::deadlines_for(m, o.completion(), 30s);
    const auto call = r.send(m, o.completion(), d);
    const std::string id = r.id_of(call);
    r.feed(response(id, "Response: Success\r\nMessage: Originate successfully queued\r\n"));
    r.feed("Event: OriginateResponse\r\nPrivilege: call,all\r\nActionID: 1\r\n"
           "Response: Failure\r\nReason: 5\r\n\r\n"); // another client's
    r.feed("Event: Newchannel\r\nPrivilege: call,all\r\n\r\n");
    CHECK(r.done.empty()); // the acknowledgement alone does not complete it
    r.feed("Event: OriginateResponse\r\nPrivilege: call,all\r\nActionID: " + id +
           "\r\nResponse: Success\r\nReason: 4\r\nUniqueid: 1.1\r\n\r\n");
    REQUIRE(r.done.count(call) == 1);
    CHECK_FALSE(r.ec_of(call));
    CHECK(r.done.at(call).result.final_event.get("Reason") == "4");
    CHECK(r.dispatched.size() == 3);
}

TEST_CASE("deadlines fit the kind: Originate's wait outlasts the default 30 s ring time",
          "[session][deadlines][originate]") {
    amicpp::actions::originate o;
    o.channel = "PJSIP/100";
    o.exten = "200";
    o.context = "test";
    const auto d = ses::deadlines_for(o.to_message(), o.completion(), 30s);
    CHECK(d.response == 30s);
    CHECK(d.list == 30s);
    CHECK(d.event == 60s); // 30 s ring (Asterisk's default) + 30 s grace
    o.timeout = std::chrono::milliseconds(90000);
    CHECK(ses::deadlines_for(o.to_message(), o.completion(), 30s).event == 120s);
    o.async = false;
    CHECK(ses::deadlines_for(o.to_message(), o.completion(), 30s).event == 0s);
    CHECK(ses::deadlines_for(message::action("Ping"), {}, 0s).response == 0s);
    message odd = o.to_message();
    odd.set("Timeout", "soon");
    CHECK(ses::deadlines_for(odd, o.completion(), 30s).event == 0s); // sync: none
    odd.set("Async", "true");
    CHECK(ses::deadlines_for(odd, {false, "", "OriginateResponse"}, 30s).event == 60s);
    odd.set("Timeout", "5000");
    CHECK(ses::deadlines_for(odd, {false, "", "OriginateResponse"}, 40s).event == 40s);

    // Unanswered: the ack at once, the OriginateResponse (no answer) after 30 s of ringing.
    rig r;
    r.up();
    o.async = true;
    o.timeout.reset();
    const message m = o.to_message();
    const auto call = r.send(m, o.completion(), ses::deadlines_for(m, o.completion(), 30s));
    const std::string id = r.id_of(call);
    r.tick(100ms);
    r.feed(response(id, "Response: Success\r\n"));
    r.tick(30s);
    r.tick(500ms);
    CHECK(r.done.empty());
    r.feed("Event: OriginateResponse\r\nPrivilege: call,all\r\nActionID: " + id +
           "\r\nResponse: Failure\r\nReason: 3\r\n\r\n");
    REQUIRE(r.done.count(call) == 1);
    CHECK_FALSE(r.ec_of(call)); // the core completes; the typed result says no answer
    CHECK(r.done.at(call).result.final_event.get("Reason") == "3");
}

TEST_CASE("deadlines are data: next_deadline, the response, the list's silence, the event",
          "[session][deadlines]") {
    rig r;
    r.up();
    CHECK_FALSE(r.core.next_deadline());
    ses::action_deadlines d;
    d.response = 5s;
    d.list = 2s;
    d.event = 10s;
    const auto lst = r.send(message::action("Status"), list_until("StatusComplete"), d);
    const auto start = r.now;
    REQUIRE(r.core.next_deadline());
    CHECK(*r.core.next_deadline() == start + 5s);
    r.tick(4s);
    r.feed(response(r.id_of(lst)));
    CHECK(*r.core.next_deadline() == r.now + 2s);
    // Items keep a long list alive.
    for (int i = 0; i < 5; ++i) {
        r.tick(1500ms);
        r.feed("Event: Status\r\nActionID: " + r.id_of(lst) + "\r\n\r\n");
    }
    r.tick(1900ms);
    CHECK(r.done.empty());
    r.tick(200ms);
    CHECK(r.ec_of(lst) == error::timeout);
    CHECK(r.done.at(lst).result.items.size() == 5);
    CHECK(r.done.at(lst).sent);

    const auto ev = r.send(
        message::action("Originate"),
        [] {
            amicpp::completion_spec c;
            c.final_event = "OriginateResponse";
            return c;
        }(),
        d);
    r.feed(response(r.id_of(ev)));
    r.tick(9s);
    CHECK(r.done.count(ev) == 0);
    r.tick(1s);
    CHECK(r.ec_of(ev) == error::timeout);
    // No deadline at all.
    ses::action_deadlines none{0s, 0s, 0s};
    const auto forever = r.send(message::action("Ping"), {}, none);
    r.tick(24h);
    CHECK(r.done.count(forever) == 0);
}

TEST_CASE("late replies after a timeout are discarded and counted, lists included",
          "[session][late]") {
    rig r;
    r.up();
    ses::action_deadlines d{1s, 1s, 1s};
    const auto p = r.send(message::action("Ping"), {}, d);
    const auto st = r.send(message::action("Status"), list_until("StatusComplete"), d);
    const std::string pid = r.id_of(p), sid = r.id_of(st);
    r.feed(response(sid, "Response: Success\r\nEventList: start\r\n"));
    r.feed("Event: Status\r\nPrivilege: Call\r\nActionID: " + sid + "\r\n\r\n");
    r.tick(1s);
    CHECK(r.ec_of(p) == error::timeout);
    CHECK(r.ec_of(st) == error::timeout);
    CHECK(r.done.at(st).result.items.size() == 1);
    r.feed(response(pid));
    r.feed("Event: Status\r\nPrivilege: Call\r\nActionID: " + sid + "\r\n\r\n");
    r.feed("Event: StatusComplete\r\nPrivilege: Call\r\nActionID: " + sid +
           "\r\nEventList: Complete\r\nListItems: 2\r\n\r\n");
    CHECK(r.core.counters().late_replies == 3);
    CHECK(r.core.counters().unmatched_responses == 0);
    CHECK(r.dispatched.empty()); // the rest of the list did not leak as events
    // After the list's end, that ActionID is nobody's.
    r.feed("Event: Status\r\nPrivilege: Call\r\nActionID: " + sid + "\r\n\r\n");
    CHECK(r.dispatched.size() == 1);
}

TEST_CASE("the late window closes: afterwards a reply is just unmatched", "[session][late]") {
    ses::core_options o = test_options();
    o.late_window = 10s;
    rig r(o);
    r.up();
    const auto p = r.send(message::action("Ping"), {}, {1s, 1s, 1s});
    r.tick(1s);
    CHECK(r.ec_of(p) == error::timeout);
    REQUIRE(r.core.next_deadline());
    CHECK(*r.core.next_deadline() == r.now + 10s);
    r.tick(10s);
    CHECK_FALSE(r.core.next_deadline());
    r.feed(response("t-1"));
    CHECK(r.core.counters().late_replies == 0);
    CHECK(r.core.counters().unmatched_responses == 1);
}

TEST_CASE("a list item over a parser limit fails the action; the rest of the list is no event",
          "[session][list][limits]") {
    amicpp::parser_limits limits;
    limits.max_line_length = 100;
    rig r(test_options(), limits);
    r.up();
    const auto st = r.send(message::action("Status"), list_until("StatusComplete"));
    const auto other = r.ping();
    const std::string id = r.id_of(st);
    r.feed(response(id, "Response: Success\r\nEventList: start\r\n"));
    r.feed("Event: Status\r\nPrivilege: Call\r\nActionID: " + id + "\r\nChannel: A\r\n\r\n");
    r.feed("Event: Status\r\nPrivilege: Call\r\nActionID: " + id +
           "\r\nChannel: " + std::string(200, 'x') + "\r\n\r\n");
    CHECK(r.ec_of(st) == error::line_too_long);
    CHECK(r.done.at(st).result.items.size() == 1);
    r.feed("Event: Status\r\nPrivilege: Call\r\nActionID: " + id + "\r\nChannel: C\r\n\r\n");
    r.feed(tick_event(1));
    r.feed("Event: StatusComplete\r\nPrivilege: Call\r\nActionID: " + id +
           "\r\nEventList: Complete\r\nListItems: 3\r\n\r\n");
    r.feed(response(r.id_of(other)));
    CHECK_FALSE(r.ec_of(other)); // the others go on
    REQUIRE(r.dispatched.size() == 1);
    CHECK(r.dispatched[0].event_name() == "Tick");
    CHECK(r.core.counters().messages_dropped == 1);
    CHECK(r.core.counters().late_replies == 2);
}

TEST_CASE("IAXpeers: an item over a limit fails the list; its ActionID-less rest is no event",
          "[session][list][limits]") {
    amicpp::parser_limits limits;
    limits.max_line_length = 100;
    SECTION("the item carries the ActionID: the list fails with the parser's reason") {
        rig r(test_options(), limits);
        r.up();
        const auto peers = r.send(message::action("IAXpeers"), list_until("PeerlistComplete"));
        const std::string id = r.id_of(peers);
        r.feed(response(id, "Response: Success\r\nEventList: start\r\n"));
        r.feed("Event: PeerEntry\r\nActionID: " + id + "\r\nObjectName: " + std::string(200, 'x') +
               "\r\n\r\n");
        CHECK(r.ec_of(peers) == error::line_too_long);
        r.feed("Event: PeerEntry\r\nObjectName: b\r\n\r\n");
        r.feed("Event: PeerlistComplete\r\nActionID: " + id +
               "\r\nEventList: Complete\r\nListItems: 2\r\n\r\n");
        CHECK(r.dispatched.empty());
        r.feed("Event: PeerEntry\r\nObjectName: c\r\n\r\n"); // the list is over
        CHECK(r.dispatched.size() == 1);
    }
    SECTION("no ActionID (as Asterisk sends them): ListItems tells the list it lost one") {
        rig r(test_options(), limits);
        r.up();
        const auto peers = r.send(message::action("IAXpeers"), list_until("PeerlistComplete"));
        const std::string id = r.id_of(peers);
        r.feed(response(id, "Response: Success\r\nEventList: start\r\n"));
        r.feed("Event: PeerEntry\r\nObjectName: " + std::string(200, 'x') + "\r\n\r\n");
        r.feed("Event: PeerEntry\r\nObjectName: b\r\n\r\n");
        r.feed("Event: PeerlistComplete\r\nActionID: " + id +
               "\r\nEventList: Complete\r\nListItems: 2\r\n\r\n");
        CHECK(r.ec_of(peers) == error::list_incomplete);
        CHECK(r.done.at(peers).result.items.size() == 1);
        CHECK(r.dispatched.empty());
    }
}

TEST_CASE("an oversized response fails its own action only", "[session][limits]") {
    amicpp::parser_limits limits;
    limits.max_message_size = 256;
    rig r(test_options(), limits);
    r.up();
    const auto big = r.ping();
    const auto small = r.ping();
    r.feed("Response: Success\r\nActionID: " + r.id_of(big) + "\r\nJunk: " + std::string(400, 'j') +
           "\r\n\r\n");
    r.feed(response(r.id_of(small)));
    CHECK(r.ec_of(big) == error::message_too_large);
    CHECK(r.done.at(big).sent);
    CHECK_FALSE(r.ec_of(small));
}

TEST_CASE("cancelled before it was written: never sent; after: outcome unknown, reply late",
          "[session][cancel]") {
    rig r;
    r.up();
    r.auto_write = false;
    const auto early = r.ping();
    const auto kept = r.ping();
    r.core.cancel(early, std::make_error_code(std::errc::operation_canceled), r.now);
    r.drain();
    CHECK(r.ec_of(early) == std::errc::operation_canceled);
    CHECK_FALSE(r.done.at(early).sent);
    REQUIRE(r.core.wants_write());
    CHECK(r.core.prepare_write(r.wire) == 1);
    // Cancelled while its bytes are being written: they may reach the server.
    r.core.cancel(kept, std::make_error_code(std::errc::operation_canceled), r.now);
    r.drain();
    CHECK(r.done.at(kept).sent);
    r.core.write_done();
    const auto sent = r.written();
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].action_id() == "t-2");
    r.feed(response("t-2"));
    CHECK(r.core.counters().late_replies == 1);
    // Cancelling twice, or after completion, does nothing.
    r.core.cancel(kept, std::make_error_code(std::errc::operation_canceled), r.now);
    r.core.cancel(999, std::make_error_code(std::errc::operation_canceled), r.now);
    r.drain();
    CHECK(r.done.size() == 2);
}

TEST_CASE("one write at a time; what comes meanwhile goes in the next", "[session][write]") {
    rig r;
    r.up();
    r.auto_write = false;
    r.ping();
    r.ping();
    std::string first;
    CHECK(r.core.prepare_write(first) == 2);
    r.ping();
    CHECK_FALSE(r.core.wants_write());
    std::string none;
    CHECK(r.core.prepare_write(none) == 0);
    r.core.write_done();
    CHECK(r.core.wants_write());
    std::string second;
    CHECK(r.core.prepare_write(second) == 1);
    CHECK(second.find("ActionID: t-3") != std::string::npos);
}

TEST_CASE("an action that cannot be sent safely is refused before anything is written",
          "[session][write]") {
    rig r;
    r.up();
    message bad = message::action("Ping");
    bad.add("X", "a\r\nAction: Originate");
    const auto a = r.send(bad);
    CHECK(r.ec_of(a) == error::header_injection);
    CHECK(r.wire.empty());
    CHECK(r.core.pending() == 0);
}

TEST_CASE("login phase: only before_login actions are written; others wait or fail",
          "[session][link]") {
    rig r;
    ses::submission s;
    s.action = message::action("Ping");
    const auto down = r.core.submit(std::move(s), r.now);
    r.drain();
    CHECK(r.ec_of(down) == error::not_connected);
    r.core.on_transport_up(r.now);
    const auto user = r.send(message::action("Ping"), {}, {}, true);
    ses::submission login;
    login.action = message::action("Login");
    login.before_login = true;
    const auto l = r.core.submit(std::move(login), r.now);
    r.drain();
    auto sent = r.written();
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].action_name() == "Login");
    r.feed(response(r.id_of(l)));
    CHECK_FALSE(r.ec_of(l));
    r.core.on_link_up(r.now);
    r.drain();
    sent = r.written();
    REQUIRE(sent.size() == 2);
    CHECK(sent[1].action_id() == r.id_of(user));
}

TEST_CASE("a lost link completes every sent action once; waiting ones go with the next link",
          "[session][link]") {
    rig r;
    r.up();
    const auto a = r.ping();
    const auto lst = r.send(message::action("Status"), list_until("StatusComplete"));
    r.feed(response(r.id_of(lst), "Response: Success\r\nEventList: start\r\n"));
    r.feed("Event: Status\r\nActionID: " + r.id_of(lst) + "\r\n\r\n");
    r.core.on_link_down(std::make_error_code(std::errc::connection_reset), r.now);
    r.drain();
    CHECK(r.ec_of(a) == error::connection_closed);
    CHECK(r.done.at(a).sent);
    CHECK(r.ec_of(lst) == error::connection_closed);
    CHECK(r.done.at(lst).result.items.size() == 1); // the items so far
    CHECK(r.core.last_error() == std::errc::connection_reset);
    const auto waits = r.send(message::action("Ping"), {}, {}, true);
    const auto fails = r.send(message::action("Ping"), {}, {}, false);
    CHECK(r.done.count(waits) == 0);
    CHECK(r.ec_of(fails) == error::not_connected);
    r.feed(response(r.id_of(a))); // from the old link, after the fact: ignored
    CHECK(r.core.counters().messages_ignored == 1);
    const std::size_t before = r.written().size();
    r.up();
    const auto sent = r.written();
    REQUIRE(sent.size() == before + 1); // only the waiting one; nothing re-sent
    CHECK(sent.back().action_id() == r.id_of(waits));
    r.feed(response(r.id_of(waits)));
    CHECK_FALSE(r.ec_of(waits));
    r.core.on_link_down({}, r.now);
    r.core.on_link_down({}, r.now); // twice: nothing more
    r.drain();
    CHECK(r.done.size() == 4);
}

TEST_CASE("close: waiting actions fail with the reason, sent ones with connection_closed",
          "[session][link]") {
    rig r;
    r.up();
    r.auto_write = false;
    const auto sent = r.ping();
    std::string out;
    r.core.prepare_write(out);
    const auto queued = r.ping();
    r.core.close(error::stopped, r.now);
    r.drain();
    CHECK(r.ec_of(sent) == error::connection_closed);
    CHECK(r.ec_of(queued) == error::stopped);
    CHECK_FALSE(r.done.at(queued).sent);
    CHECK(r.core.pending() == 0);
}

TEST_CASE("waiting for a link counts against the response deadline", "[session][link]") {
    rig r;
    const auto w = r.send(message::action("Ping"), {}, {2s, 2s, 2s}, true);
    r.tick(2s);
    CHECK(r.ec_of(w) == error::timeout);
    CHECK_FALSE(r.done.at(w).sent);
    r.up();
    CHECK(r.wire.empty());
}

TEST_CASE("the pull buffer: nothing is buffered before the first request (callbacks only)",
          "[session][events]") {
    ses::core_options o = test_options();
    o.event_buffer = 8;
    rig r(o);
    r.up();
    for (int i = 0; i < 1000; ++i)
        r.feed(tick_event(i));
    CHECK(r.dispatched.size() == 1000); // callbacks saw everything
    CHECK(r.core.buffered_events() == 0);
    CHECK_FALSE(r.core.should_pause_reading());
    CHECK(r.core.counters().events_dropped == 0);
    // From the first request on, events are buffered for the consumer.
    const auto first = r.request();
    CHECK(r.answers.count(first) == 0);
    r.feed(tick_event(1000));
    REQUIRE(r.answers.count(first) == 1);
    CHECK(r.answers.at(first).event.get("N") == "1000");
    r.feed(tick_event(1001));
    CHECK(r.core.buffered_events() == 1);
}

TEST_CASE("buffer_before_first_request keeps events from the start", "[session][events]") {
    ses::core_options o = test_options();
    o.buffer_before_first_request = true;
    rig r(o);
    r.up();
    r.feed(tick_event(1));
    CHECK(r.core.buffered_events() == 1);
    CHECK(r.pull().event.get("N") == "1");
}

namespace {

// A pull buffer of `events`, filled before the first request, with no read pause.
ses::core_options small_buffer(std::size_t events) {
    ses::core_options o = test_options();
    o.event_buffer = events;
    o.max_read_pause = 0ms;
    o.buffer_before_first_request = true;
    return o;
}

} // namespace

TEST_CASE("drop_oldest: one gap exactly where events were lost, with their number",
          "[session][events][overflow]") {
    rig r(small_buffer(4));
    r.up();
    r.feed(tick_event(1));
    CHECK(r.pull().event.get("N") == "1");
    for (int i = 2; i <= 11; ++i)
        r.feed(tick_event(i));
    CHECK(r.core.buffered_events() == 4);
    const auto gap = r.pull();
    CHECK(gap.ec == error::events_lost);
    CHECK(gap.lost == 6);
    std::vector<std::string> seen;
    for (int i = 0; i < 4; ++i)
        seen.emplace_back(r.pull().event.get("N"));
    CHECK(seen == std::vector<std::string>{"8", "9", "10", "11"});
    CHECK(r.core.counters().events_dropped == 6);
    CHECK(r.core.counters().events_delivered == 5);
}

TEST_CASE("batches stop at a gap; a gap at the front is its own answer", "[session][events]") {
    ses::core_options o = test_options();
    o.event_buffer = 3;
    o.max_read_pause = 0ms;
    o.buffer_before_first_request = true;
    rig r(o);
    r.up();
    for (int i = 1; i <= 5; ++i)
        r.feed(tick_event(i));
    auto b = r.answers.at(r.request(100, true));
    CHECK(b.ec == error::events_lost);
    CHECK(b.lost == 2);
    CHECK(b.events.empty());
    b = r.answers.at(r.request(2, true));
    CHECK(values(b.events, "N") == std::vector<std::string>{"3", "4"});
    // An outage gap after the rest: the batch stops before it.
    r.core.on_link_down({}, r.now);
    r.up();
    r.feed(tick_event(6));
    b = r.answers.at(r.request(100, true));
    CHECK(values(b.events, "N") == std::vector<std::string>{"5"});
    b = r.answers.at(r.request(100, true));
    CHECK(b.ec == error::events_lost);
    CHECK(b.lost == 0); // an outage: the number is unknown
    b = r.answers.at(r.request(100, true));
    CHECK(values(b.events, "N") == std::vector<std::string>{"6"});
}

TEST_CASE("a gap at every link-up after an earlier up, none at the first", "[session][events]") {
    ses::core_options o = test_options();
    o.buffer_before_first_request = true;
    rig r(o);
    r.core.on_transport_up(r.now);
    r.core.on_link_down({}, r.now); // login failed: never up
    r.up();
    r.feed(tick_event(1));
    r.core.on_link_down({}, r.now);
    r.up();
    r.core.on_link_down({}, r.now);
    r.up(); // two outages in a row: one gap
    r.feed(tick_event(2));
    CHECK(r.pull().event.get("N") == "1");
    CHECK(r.pull().ec == error::events_lost);
    CHECK(r.pull().event.get("N") == "2");
}

TEST_CASE("the close policy: no event lost, the core takes the link down and says so",
          "[session][events][overflow]") {
    ses::core_options o = test_options();
    o.event_buffer = 2;
    o.overflow = amicpp::overflow_policy::close;
    o.max_read_pause = 0ms;
    o.buffer_before_first_request = true;
    rig r(o);
    r.up();
    const auto p = r.ping();
    for (int i = 1; i <= 3; ++i)
        r.feed(tick_event(i));
    REQUIRE(r.close_requests.size() == 1);
    CHECK(r.close_requests[0] == error::events_overflowed);
    CHECK(r.core.state() == ses::link_state::down);
    CHECK(r.ec_of(p) == error::connection_closed);
    r.feed(tick_event(4)); // the driver had not closed yet: ignored
    r.core.close(error::connection_closed, r.now);
    r.drain();
    CHECK(r.pull().event.get("N") == "1");
    CHECK(r.pull().event.get("N") == "2");
    CHECK(r.pull().event.get("N") == "3");
    CHECK(r.pull().ec == error::connection_closed);
    CHECK(r.core.counters().events_dropped == 0);
}

TEST_CASE("back-pressure: pause at three quarters, resume at a quarter", "[session][events]") {
    ses::core_options o = test_options();
    o.event_buffer = 8;
    o.max_read_pause = 50ms;
    rig r(o);
    r.up();
    r.request(); // opens the stream (answered by the first event)
    for (int i = 1; i <= 6; ++i) {
        CHECK_FALSE(r.core.should_pause_reading());
        r.feed(tick_event(i));
    }
    CHECK(r.core.buffered_events() == 5);
    r.feed(tick_event(7));
    CHECK(r.core.should_pause_reading());
    REQUIRE(r.core.next_deadline());
    CHECK(*r.core.next_deadline() == r.now + 50ms);
    for (int i = 0; i < 3; ++i)
        r.pull();
    CHECK(r.core.should_pause_reading());
    r.pull(); // two left: a quarter
    CHECK_FALSE(r.core.should_pause_reading());
    CHECK_FALSE(r.core.next_deadline());
}

TEST_CASE("a bounded pause runs out once; then the policy applies until the consumer catches up",
          "[session][events]") {
    ses::core_options o = test_options();
    o.event_buffer = 4;
    o.max_read_pause = 50ms;
    o.buffer_before_first_request = true;
    rig r(o);
    r.up();
    for (int i = 1; i <= 3; ++i)
        r.feed(tick_event(i));
    CHECK(r.core.should_pause_reading());
    r.tick(49ms);
    CHECK(r.core.should_pause_reading());
    r.tick(1ms);
    CHECK_FALSE(r.core.should_pause_reading());
    for (int i = 4; i <= 10; ++i)
        r.feed(tick_event(i));
    CHECK_FALSE(r.core.should_pause_reading()); // no 50 ms per read for a stalled consumer
    CHECK(r.core.counters().events_dropped == 6);
    CHECK(r.pull().ec == error::events_lost);
    r.pull();
    r.pull();
    r.pull(); // caught up: the next burst may pause again
    for (int i = 11; i <= 13; ++i)
        r.feed(tick_event(i));
    CHECK(r.core.should_pause_reading());
}

TEST_CASE("an unbounded pause is lossless back-pressure", "[session][events]") {
    ses::core_options o = test_options();
    o.event_buffer = 4;
    o.max_read_pause = std::chrono::milliseconds::max();
    o.buffer_before_first_request = true;
    rig r(o);
    r.up();
    for (int i = 1; i <= 3; ++i)
        r.feed(tick_event(i));
    CHECK(r.core.should_pause_reading());
    CHECK_FALSE(r.core.next_deadline());
    r.tick(24h);
    CHECK(r.core.should_pause_reading());
}

TEST_CASE("event requests: cancelled without losing an event; the end after the buffer",
          "[session][events]") {
    rig r;
    r.up();
    const auto q = r.request();
    CHECK(r.core.cancel_request(q, std::make_error_code(std::errc::operation_canceled), r.now));
    r.drain();
    CHECK(r.answers.at(q).ec == std::errc::operation_canceled);
    CHECK_FALSE(r.core.cancel_request(q, {}, r.now));
    r.feed(tick_event(1));
    r.feed(tick_event(2));
    r.core.close(error::connection_closed, r.now);
    r.drain();
    CHECK(r.pull().event.get("N") == "1");
    const auto batch = r.answers.at(r.request(10, true));
    CHECK(batch.events.size() == 1);
    CHECK(r.pull().ec == error::connection_closed);
    // A new link: first the gap of the outage, then requests wait again.
    r.up();
    CHECK(r.pull().ec == error::events_lost);
    const auto w = r.request();
    CHECK(r.answers.count(w) == 0);
    r.feed(tick_event(3));
    CHECK(r.answers.at(w).event.get("N") == "3");
}

TEST_CASE("event_buffer 0: events only for a request waiting right then, the rest a gap",
          "[session][events]") {
    ses::core_options o = test_options();
    o.event_buffer = 0;
    rig r(o);
    r.up();
    const auto w = r.request();
    r.feed(tick_event(1));
    r.feed(tick_event(2));
    CHECK(r.answers.at(w).event.get("N") == "1");
    CHECK(r.core.buffered_events() == 0);
    const auto g = r.pull();
    CHECK(g.ec == error::events_lost);
    CHECK(g.lost == 1);
}

TEST_CASE("legacy unframed text answers the oldest action that may get it", "[session][raw]") {
    rig r;
    r.up();
    amicpp::completion_spec raw;
    raw.raw_reply = true;
    const auto p = r.ping();
    const auto q1 = r.send(message::action("Queues"), raw);
    const auto q2 = r.send(message::action("Queues"), raw);
    r.feed("default has 0 calls\r\n   No Members\r\n\r\n");
    CHECK(r.done.count(p) == 0);
    CHECK_FALSE(r.ec_of(q1));
    CHECK(r.done.at(q1).result.response.kind() == amicpp::message_kind::raw);
    CHECK(r.done.count(q2) == 0);
    r.feed("text nobody asked for\r\n\r\n");
    r.feed("more\r\n\r\n");
    CHECK(r.done.count(q2) == 1);
    CHECK(r.dispatched.size() == 1);
}

TEST_CASE("abandoned actions are remembered up to a bound", "[session][late]") {
    ses::core_options o = test_options();
    o.max_abandoned = 2;
    rig r(o);
    r.up();
    for (int i = 0; i < 3; ++i)
        r.send(message::action("Ping"), {}, {1s, 1s, 1s});
    r.tick(1s);
    r.feed(response("t-1")); // forgotten: unmatched
    r.feed(response("t-2"));
    r.feed(response("t-3"));
    CHECK(r.core.counters().unmatched_responses == 1);
    CHECK(r.core.counters().late_replies == 2);
    // The caller may reuse an abandoned ActionID.
    message again = message::action("Ping");
    again.add("ActionID", "t-1");
    const auto a = r.send(again);
    r.feed(response("t-1"));
    CHECK_FALSE(r.ec_of(a));
}

TEST_CASE("an OriginateResponse after the timeout is still an event, not a discarded reply",
          "[session][late][originate]") {
    rig r;
    r.up();
    amicpp::completion_spec c;
    c.final_event = "OriginateResponse";
    const auto call = r.send(message::action("Originate"), c, {1s, 1s, 1s});
    const std::string id = r.id_of(call);
    r.feed(response(id));
    r.tick(1s);
    CHECK(r.ec_of(call) == error::timeout);
    CHECK(r.done.at(call).sent);
    r.feed("Event: OriginateResponse\r\nPrivilege: call,all\r\nActionID: " + id +
           "\r\nResponse: Success\r\n\r\n");
    REQUIRE(r.dispatched.size() == 1);
    CHECK(r.dispatched[0].event_name() == "OriginateResponse");
    CHECK(r.core.counters().late_replies == 0);
}

TEST_CASE("the event being handed out stays valid while callbacks act on the core",
          "[session][events]") {
    rig r;
    r.up();
    r.auto_events = false;
    r.request(); // a consumer waits too
    r.feed(tick_event(1));
    r.feed(tick_event(2));
    const message* e = r.core.peek_event();
    REQUIRE(e != nullptr);
    // What a subscription callback may do: send, ask for events, cancel.
    const auto p = r.ping();
    r.core.request_events(5, true);
    r.core.cancel(p, std::make_error_code(std::errc::operation_canceled), r.now);
    CHECK(e->get("N") == "1");
    r.core.pop_event();
    CHECK(r.core.peek_event()->get("N") == "2");
    r.core.pop_event();
    CHECK(r.core.peek_event() == nullptr);
    r.drain();
    CHECK(r.answers.size() == 2);
}

TEST_CASE("counters: what was handed out, buffered, delivered and dropped", "[session][events]") {
    ses::core_options o = test_options();
    o.event_buffer = 2;
    o.max_read_pause = 0ms;
    rig r(o);
    r.up();
    r.feed(tick_event(1)); // before any request: handed out for callbacks only
    r.request(1, false);
    for (int i = 2; i <= 6; ++i)
        r.feed(tick_event(i));
    const auto c = r.core.counters();
    CHECK(c.events_dispatched == 6);
    CHECK(c.events_buffered == 5);
    CHECK(c.events_delivered == 1);
    CHECK(c.events_dropped == 2);
    CHECK(r.core.buffered_events() == 2);
}

TEST_CASE("closed before any link: requests end at once; reopen makes them wait again",
          "[session][events]") {
    rig r;
    r.core.close(error::connection_closed, r.now);
    r.drain();
    CHECK(r.pull().ec == error::connection_closed);
    r.core.reopen(r.now); // async_connect starts: resolving, connecting
    const auto w = r.request();
    CHECK(r.answers.count(w) == 0);
    r.up();
    r.feed(tick_event(1));
    CHECK(r.answers.at(w).event.get("N") == "1");
}

namespace {

// A driver's context that says when it is destroyed.
struct counted_context final : ses::action_context {
    explicit counted_context(int& gone) : gone_(gone) {}
    ~counted_context() override { ++gone_; }
    int& gone_;
};

} // namespace

TEST_CASE("deadlines: answered actions leave none behind; the one still waiting stays next",
          "[session][deadlines]") {
    rig r;
    r.up();
    ses::action_deadlines long_wait;
    long_wait.response = std::chrono::hours(2);
    const auto slow = r.send(message::action("Ping"), {}, long_wait);
    const auto submitted_at = r.now;
    ses::action_deadlines short_wait;
    short_wait.response = 30s;
    for (int i = 0; i < 500; ++i) {
        const auto op = r.send(message::action("Ping"), {}, short_wait);
        r.feed("Response: Success\r\nPing: Pong\r\nActionID: " + r.id_of(op) + "\r\n\r\n");
        REQUIRE_FALSE(r.ec_of(op));
    }
    REQUIRE(r.core.next_deadline().has_value());
    CHECK(*r.core.next_deadline() == submitted_at + std::chrono::hours(2));
    r.tick(31s); // the answered ones' deadlines are past: nothing fires
    CHECK(r.done.count(slow) == 0);
    CHECK(r.done.size() == 500);
    r.tick(std::chrono::hours(2));
    CHECK(r.ec_of(slow) == error::timeout);
    // What remains is the timed-out action's window for late replies, never a past time.
    if (const auto next = r.core.next_deadline())
        CHECK(*next > r.now);
}

TEST_CASE("deadlines: an action re-armed by list items fires at its last item's deadline",
          "[session][deadlines]") {
    rig r;
    r.up();
    ses::action_deadlines d;
    d.response = 10s;
    d.list = 5s;
    const auto op = r.send(message::action("Status"), {true, "StatusComplete", ""}, d);
    const std::string id = r.id_of(op);
    r.feed("Response: Success\r\nEventList: start\r\nActionID: " + id + "\r\n\r\n");
    for (int i = 0; i < 3; ++i) {
        r.tick(4s);
        r.feed("Event: Status\r\nActionID: " + id + "\r\n\r\n");
    }
    r.tick(4s);
    CHECK(r.done.count(op) == 0); // 4 s after the last item: the silence has not lasted 5 s
    r.tick(2s);
    CHECK(r.ec_of(op) == error::timeout);
}

TEST_CASE("contexts: each comes back with its own completion, refused or answered; the core "
          "destroys those it still holds",
          "[session][context]") {
    int gone = 0;
    {
        rig r;
        // A Ping with a context; returns its id and the context's address.
        auto ping_with_context = [&] {
            ses::submission s;
            s.action = message::action("Ping");
            auto context = std::make_unique<counted_context>(gone);
            const ses::action_context* address = context.get();
            s.context = std::move(context);
            const auto op = r.core.submit(std::move(s), r.now);
            r.drain();
            return std::make_pair(op, address);
        };
        const auto [a, first_address] = ping_with_context(); // refused: no link yet
        CHECK(r.done.at(a).context.get() == first_address);
        r.up();
        const auto [b, second_address] = ping_with_context();
        r.feed("Response: Success\r\nActionID: " + r.id_of(b) + "\r\n\r\n");
        CHECK(r.done.at(b).context.get() == second_address);
        ping_with_context(); // left waiting for its response
        CHECK(gone == 0);
        r.done.clear();
        CHECK(gone == 2);
    }
    CHECK(gone == 3); // the waiting one's, with the core
}

TEST_CASE("event requests: a cancelled request for everything no longer lifts the buffer's limit",
          "[session][events][overflow]") {
    rig r(small_buffer(4));
    r.up();
    // While it waits, a request for up to "everything" lets the buffer hold what it will take.
    const auto all = r.core.request_events(std::numeric_limits<std::size_t>::max(), true);
    CHECK(r.core.cancel_request(all, std::make_error_code(std::errc::operation_canceled), r.now));
    r.drain();
    for (int i = 1; i <= 10; ++i)
        r.feed(tick_event(i));
    CHECK(r.core.buffered_events() == 4); // the limit holds again
    CHECK(r.core.counters().events_dropped == 6);
}
