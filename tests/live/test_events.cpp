// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// amicpp::live::state applying events: channels, calls, bridges, queues, parking, devices,
// hints, mailboxes, variables; bad input; snapshots.
#include "builders.hpp"

#include "support/catch.hpp"

#include <amicpp/live/detail/event_names.hpp>
#include <amicpp/live/detail/keys.hpp>

#include <atomic>
#include <string>
#include <thread>

using namespace amicpp_test::live;
using amicpp::live::change_kind;
using amicpp::live::channel_state;
namespace live = amicpp::live;

TEST_CASE("live: every header key and event name is recognised by its table", "[live]") {
    namespace d = amicpp::live::detail;
    for (std::size_t i = 0; i < d::key_count; ++i) {
        INFO(d::key_names[i]);
        CHECK(d::keys().find(d::key_names[i]) == static_cast<d::key>(i));
        std::string lower(d::key_names[i]);
        for (auto& c : lower)
            c = amicpp::detail::ascii_lower(c);
        CHECK(d::keys().find(lower) == static_cast<d::key>(i));
    }
    for (std::size_t i = 0; i < d::event_names.size(); ++i) {
        INFO(d::event_names[i]);
        CHECK(d::events().find(d::event_names[i]) == static_cast<d::event_id>(i));
    }
    CHECK(d::keys().find("DestUniqueid") == d::key::none);
    CHECK(d::keys().find("LocalOneChannel") == d::key::none);
    CHECK(d::events().find("Newstate") == d::event_id::other);
    CHECK(d::to_seconds("00:00:15") == 15);
    CHECK(d::to_seconds("01:02:03") == 3723);
    CHECK(d::to_seconds("42") == 42);
    CHECK(d::to_seconds("x1") == 0);
}

TEST_CASE("live: a channel's life makes a call that starts, is answered and ends", "[live]") {
    live::state s;
    chan a{"1.1", "Local/100@test-1;1", "1.1", "0"};
    chan b{"1.2", "Local/100@test-1;2", "1.1", "4"};
    s.apply(channel_event("Newchannel", a), t0());
    s.apply(channel_event("Newchannel", b), t0());
    REQUIRE(s.channel_count() == 2);
    REQUIRE(s.call_count() == 1);
    CHECK(count(s, change_kind::channel_added) == 2);
    CHECK(count(s, change_kind::call_started) == 1);
    CHECK(count(s, change_kind::call_changed) == 1);
    CHECK_FALSE(s.find_call("1.1")->answered);
    s.clear_changes();

    b.state = "6";
    s.apply(channel_event("Newstate", b), t0() + std::chrono::seconds(2));
    CHECK(s.find_channel("1.2")->state == channel_state::up);
    CHECK(s.find_call("1.1")->answered);
    CHECK(s.find_call("1.1")->answered_at == t0() + std::chrono::seconds(2));
    REQUIRE(s.changes().size() == 2);
    CHECK(s.changes()[0].kind == change_kind::channel_changed);
    CHECK(s.changes()[0].fields == live::field_state);
    CHECK(s.changes()[1].kind == change_kind::call_answered);
    s.clear_changes();

    s.apply(channel_event("Hangup", a, {{"Cause", "16"}}), t0());
    CHECK(s.call_count() == 1);
    s.apply(channel_event("Hangup", b, {{"Cause", "16"}}), t0());
    CHECK(s.channel_count() == 0);
    CHECK(s.call_count() == 0);
    CHECK(count(s, change_kind::channel_removed) == 2);
    CHECK(count(s, change_kind::call_ended) == 1);
}

TEST_CASE("live: Newchannel for a known channel is an update, Hangup for an unknown one nothing",
          "[live]") {
    live::state s;
    chan a{"2.1", "PJSIP/100-1", "", "0"};
    s.apply(channel_event("Newchannel", a), t0());
    a.cid_name = "Bob";
    s.apply(channel_event("Newchannel", a), t0());
    CHECK(s.channel_count() == 1);
    CHECK(count(s, change_kind::channel_added) == 1);
    CHECK(s.find_channel("2.1")->caller_id_name == "Bob");
    s.clear_changes();

    chan ghost{"9.9", "PJSIP/999-1"};
    s.apply(channel_event("Hangup", ghost), t0());
    s.apply(bridge_event("BridgeLeave", "b-1", &ghost), t0());
    s.apply(channel_event("Newexten", ghost), t0());
    CHECK(s.channel_count() == 1);
    CHECK(s.find_channel("9.9") == nullptr);
    CHECK(s.changes().empty());
}

TEST_CASE("live: every event's channel headers update the channel, prefixed blobs do not",
          "[live]") {
    live::state s;
    chan a{"3.1", "Local/600@test-1;1"};
    chan d{"3.2", "Local/510@test-2;1", "3.1", "0"};
    s.apply(channel_event("Newchannel", a), t0());
    s.apply(channel_event("Newchannel", d), t0());
    s.clear_changes();

    // Caller ID changed silently: it shows up first in a Newexten's snapshot headers.
    a.cid_name = "Renamed";
    a.exten = "521";
    s.apply(channel_event("Newexten", a, {{"Application", "Dial"}, {"AppData", "Local/510"}}),
            t0());
    const live::channel* ch = s.find_channel("3.1");
    CHECK(ch->caller_id_name == "Renamed");
    CHECK(ch->exten == "521");
    CHECK(ch->application == "Dial");
    CHECK(ch->application_data == "Local/510");
    REQUIRE(s.changes().size() == 1);
    CHECK(s.changes()[0].fields ==
          (live::field_caller_id | live::field_dialplan | live::field_application));
    s.clear_changes();

    // DialBegin: the Dest* blob describes the called channel, not the caller.
    amicpp::message dial = channel_event("DialBegin", a);
    chan dest = d;
    dest.cid_name = "Blob name";
    dest.state = "5";
    add_channel_headers(dial, dest, "Dest");
    s.apply(dial, t0());
    CHECK(s.find_channel("3.1")->caller_id_name == "Renamed");
    CHECK(s.find_channel("3.2")->caller_id_name == "Alice");
    CHECK(s.find_channel("3.2")->state == channel_state::down);
    CHECK(s.changes().empty());

    // OriginateResponse: caller ID yes, its Context/Exten (the originate's target) no.
    s.apply(event("OriginateResponse", {{"ActionID", "drv-1"},
                                        {"Response", "Success"},
                                        {"Channel", "Local/600@test-1;1"},
                                        {"Context", "elsewhere"},
                                        {"Exten", "999"},
                                        {"Uniqueid", "3.1"},
                                        {"CallerIDNum", "777"},
                                        {"CallerIDName", "Orig"}}),
            t0());
    CHECK(s.find_channel("3.1")->caller_id_num == "777");
    CHECK(s.find_channel("3.1")->exten == "521");
}

TEST_CASE("live: a Linkedid that changes silently moves the channel to the other call", "[live]") {
    live::state s;
    chan old_call{"4.1", "Local/700@test-1;1", "4.1"};
    chan mover{"4.5", "Local/600@test-3;1", "4.5"};
    s.apply(channel_event("Newchannel", old_call), t0());
    s.apply(channel_event("Newchannel", mover), t0());
    REQUIRE(s.call_count() == 2);
    s.clear_changes();
    mover.linkedid = "4.1"; // parking pickup, AMI Bridge: no dedicated event
    s.apply(channel_event("Newexten", mover), t0());
    CHECK(s.find_channel("4.5")->linkedid == "4.1");
    CHECK(s.call_count() == 1);
    CHECK(s.find_call("4.1")->channels.size() == 2);
    CHECK(s.find_call("4.5") == nullptr);
    CHECK(count(s, change_kind::call_ended) == 1);
    CHECK(count(s, change_kind::call_changed) == 1);
    CHECK((s.changes()[0].fields & live::field_linkedid) != 0);
}

TEST_CASE("live: Rename changes the name and keeps the channel", "[live]") {
    live::state s;
    chan a{"5.1", "SIP/100-1"};
    s.apply(channel_event("Newchannel", a), t0());
    s.apply(event("Rename",
                  {{"Channel", "SIP/100-1"}, {"Newname", "SIP/100-1<MASQ>"}, {"Uniqueid", "5.1"}}),
            t0());
    CHECK(s.find_channel("5.1")->name == "SIP/100-1<MASQ>");
    CHECK(s.channel_count() == 1);
}

TEST_CASE("live: tracked variables per channel, global VarSet with Uniqueid none", "[live]") {
    live::state_options o;
    o.tracked_variables = {"MYVAR", "GLOBALX", "CHANVAR"};
    live::state s(o);
    chan a{"6.1", "Local/520@test-1;1"};
    amicpp::message nc = channel_event("Newchannel", a);
    nc.add("ChanVariable", "CHANVAR=from-header").add("ChanVariable", "OTHER=x");
    s.apply(nc, t0());
    CHECK(s.find_channel("6.1")->variable("CHANVAR") == "from-header");
    CHECK(s.find_channel("6.1")->variable("OTHER").empty());
    s.apply(channel_event("VarSet", a, {{"Variable", "MYVAR"}, {"Value", "hello"}}), t0());
    s.apply(channel_event("VarSet", a, {{"Variable", "UNTRACKED"}, {"Value", "x"}}), t0());
    CHECK(s.find_channel("6.1")->variable("MYVAR") == "hello");
    CHECK(s.find_channel("6.1")->variables.size() == 2);
    s.apply(
        event(
            "VarSet",
            {{"Channel", "none"}, {"Uniqueid", "none"}, {"Variable", "GLOBALX"}, {"Value", "42"}}),
        t0());
    const auto snap = s.snapshot();
    REQUIRE(snap->globals().size() == 1);
    CHECK(snap->globals()[0].second == "42");
    CHECK(s.find_channel("6.1")->variables.size() == 2);
}

TEST_CASE("live: bridges: enter, leave, destroy; BridgeMerge then per-channel moves", "[live]") {
    live::state s;
    chan a{"7.1", "A;1"}, b{"7.2", "B;1"}, c{"7.3", "C;1"};
    for (const auto* x : {&a, &b, &c})
        s.apply(channel_event("Newchannel", *x), t0());
    s.apply(bridge_event("BridgeCreate", "br-1"), t0());
    s.apply(bridge_event("BridgeEnter", "br-1", &a), t0());
    s.apply(bridge_event("BridgeCreate", "br-2"), t0());
    s.apply(bridge_event("BridgeEnter", "br-2", &b), t0());
    s.apply(bridge_event("BridgeEnter", "br-2", &c), t0());
    CHECK(s.find_bridge("br-2")->members.size() == 2);
    CHECK(s.find_channel("7.2")->bridge_id == "br-2");
    s.clear_changes();

    // Attended transfer: br-2 merges into br-1, then Asterisk reports each move again.
    s.apply(event("BridgeMerge", {{"ToBridgeUniqueid", "br-1"}, {"FromBridgeUniqueid", "br-2"}}),
            t0());
    CHECK(s.find_bridge("br-1")->members.size() == 3);
    CHECK(s.find_bridge("br-2")->members.empty());
    CHECK(count(s, change_kind::bridge_entered) == 2);
    s.apply(bridge_event("BridgeLeave", "br-2", &b), t0());
    s.apply(bridge_event("BridgeEnter", "br-1", &b), t0());
    s.apply(bridge_event("BridgeLeave", "br-2", &c), t0());
    s.apply(bridge_event("BridgeEnter", "br-1", &c), t0());
    CHECK(s.find_bridge("br-1")->members.size() == 3);
    CHECK(count(s, change_kind::bridge_entered) == 2); // the repeats changed nothing
    CHECK(count(s, change_kind::bridge_left) == 2);
    s.apply(bridge_event("BridgeDestroy", "br-2"), t0());
    CHECK(s.find_bridge("br-2") == nullptr);
    CHECK(s.bridge_count() == 1);

    // Hangup takes a channel out of its bridge; the bridge stays until BridgeDestroy.
    s.apply(channel_event("Hangup", a), t0());
    CHECK(s.find_bridge("br-1")->members.size() == 2);
    s.apply(bridge_event("BridgeDestroy", "br-1"), t0());
    CHECK(s.find_channel("7.2")->bridge_id.empty());
    CHECK(s.bridge_count() == 0);
}

TEST_CASE("live: Local optimisation moves the far channel into the caller's bridge", "[live]") {
    // 03_local_optimization, shortened: caller A + L1 in br-1, L2 + far F in br-2; the Local
    // pair L1/L2 optimises away: F leaves br-2, enters br-1, L1 leaves, the pair hangs up.
    live::state s;
    chan a{"8.1", "Local/600@test-1;1", "8.1"}, l1{"8.3", "Local/502@test-2;1", "8.1"},
        l2{"8.4", "Local/502@test-2;2", "8.1"}, f{"8.5", "Local/530@test-3;1", "8.1"};
    for (const auto* x : {&a, &l1, &l2, &f})
        s.apply(channel_event("Newchannel", *x), t0());
    s.apply(bridge_event("BridgeEnter", "br-1", &a), t0());
    s.apply(bridge_event("BridgeEnter", "br-1", &l1), t0());
    s.apply(bridge_event("BridgeEnter", "br-2", &l2), t0());
    s.apply(bridge_event("BridgeEnter", "br-2", &f), t0());
    s.apply(event("LocalOptimizationBegin", {{"LocalOneUniqueid", "8.3"}, {"Id", "1"}}), t0());
    s.apply(bridge_event("BridgeLeave", "br-2", &f), t0());
    s.apply(bridge_event("BridgeEnter", "br-1", &f), t0());
    s.apply(bridge_event("BridgeLeave", "br-1", &l1), t0());
    s.apply(event("LocalOptimizationEnd", {{"LocalOneUniqueid", "8.3"}, {"Success", "Yes"}}), t0());
    s.apply(bridge_event("BridgeLeave", "br-2", &l2), t0());
    s.apply(channel_event("Hangup", l1), t0());
    s.apply(channel_event("Hangup", l2), t0());
    s.apply(bridge_event("BridgeDestroy", "br-2"), t0());
    CHECK(s.channel_count() == 2);
    const live::bridge* br = s.find_bridge("br-1");
    REQUIRE(br != nullptr);
    CHECK(br->members == std::vector<std::string>{"8.1", "8.5"});
    CHECK(s.find_call("8.1")->channels.size() == 2);
}

TEST_CASE("live: queues: members, callers, positions and the Completed/Abandoned counters",
          "[live]") {
    live::state s;
    s.apply(event("QueueMemberAdded", {{"Queue", "support"},
                                       {"MemberName", "Alice"},
                                       {"Interface", "Local/510@test/n"},
                                       {"StateInterface", "Local/510@test/n"},
                                       {"Penalty", "0"},
                                       {"Status", "1"},
                                       {"Paused", "0"},
                                       {"InCall", "0"}}),
            t0());
    const live::queue* q = s.find_queue("support");
    REQUIRE(q != nullptr);
    REQUIRE(q->members.size() == 1);
    CHECK(q->members[0].name == "Alice");
    s.apply(event("QueueMemberPause", {{"Queue", "support"},
                                       {"Interface", "Local/510@test/n"},
                                       {"Paused", "1"},
                                       {"PausedReason", "break"},
                                       {"InCall", "1"},
                                       {"Status", "2"}}),
            t0());
    q = s.find_queue("support");
    CHECK(q->members[0].paused);
    CHECK(q->members[0].paused_reason == "break");
    CHECK(q->members[0].in_call);
    CHECK(q->members[0].status == 2);

    chan c1{"10.1", "Local/600@test-1;1"}, c2{"10.2", "Local/600@test-2;1"},
        c3{"10.3", "Local/600@test-3;1"};
    for (const auto* c : {&c1, &c2, &c3})
        s.apply(channel_event("Newchannel", *c), t0());
    s.apply(channel_event("QueueCallerJoin", c1, {{"Queue", "support"}, {"Position", "1"}}), t0());
    s.apply(channel_event("QueueCallerJoin", c2, {{"Queue", "support"}, {"Position", "2"}}),
            t0() + std::chrono::seconds(5));
    s.apply(channel_event("QueueCallerJoin", c3, {{"Queue", "support"}, {"Position", "3"}}), t0());
    q = s.find_queue("support");
    REQUIRE(q->callers.size() == 3);
    CHECK(q->find_caller("10.2")->joined == t0() + std::chrono::seconds(5));
    s.clear_changes();
    // The first abandons: Abandon, then Leave; the others move up.
    s.apply(channel_event("QueueCallerAbandon", c1, {{"Queue", "support"}, {"Position", "1"}}),
            t0());
    s.apply(channel_event("QueueCallerLeave", c1, {{"Queue", "support"}, {"Position", "1"}}), t0());
    q = s.find_queue("support");
    CHECK(q->abandoned == 1);
    REQUIRE(q->callers.size() == 2);
    CHECK(q->callers[0].uniqueid == "10.2");
    CHECK(q->callers[0].position == 1);
    CHECK(q->callers[1].position == 2);
    CHECK(count(s, change_kind::queue_caller_abandoned) == 1);
    CHECK(count(s, change_kind::queue_caller_left) == 1);
    // A caller connected to an agent leaves; the call completes later.
    s.apply(channel_event("QueueCallerLeave", c2, {{"Queue", "support"}, {"Position", "1"}}), t0());
    s.apply(channel_event("AgentComplete", c2, {{"Queue", "support"}, {"Reason", "caller"}}), t0());
    q = s.find_queue("support");
    CHECK(q->completed == 1);
    CHECK(q->callers.size() == 1);
    CHECK(q->callers[0].position == 1);
    // A caller that hangs up without a Leave is gone with its channel.
    s.apply(channel_event("Hangup", c3), t0());
    CHECK(s.find_queue("support")->callers.empty());
    // Leave of an unknown caller: nothing.
    s.apply(channel_event("QueueCallerLeave", c3, {{"Queue", "support"}}), t0());
    s.apply(event("QueueMemberRemoved", {{"Queue", "support"}, {"Interface", "Local/510@test/n"}}),
            t0());
    CHECK(s.find_queue("support")->members.empty());
}

TEST_CASE("live: a member is in a call from AgentConnect to AgentComplete", "[live]") {
    // Capture 05: no member event comes with either; InCall shows in the member's next event.
    live::state s;
    s.apply(event("QueueMemberAdded", {{"Queue", "support"},
                                       {"MemberName", "Alice"},
                                       {"Interface", "Local/510@test/n"},
                                       {"Status", "1"},
                                       {"Paused", "0"},
                                       {"InCall", "0"}}),
            t0());
    chan caller{"12.1", "Local/600@test-1;1"};
    s.apply(channel_event("Newchannel", caller), t0());
    s.clear_changes();
    s.apply(channel_event("AgentConnect", caller,
                          {{"Queue", "support"},
                           {"MemberName", "Alice"},
                           {"Interface", "Local/510@test/n"},
                           {"HoldTime", "2"},
                           {"RingTime", "1"}}),
            t0());
    CHECK(s.find_queue("support")->members[0].in_call);
    CHECK(count(s, change_kind::queue_member_changed) == 1);
    s.apply(channel_event("AgentComplete", caller,
                          {{"Queue", "support"},
                           {"MemberName", "Alice"},
                           {"Interface", "Local/510@test/n"},
                           {"Reason", "caller"}}),
            t0());
    CHECK_FALSE(s.find_queue("support")->members[0].in_call);
    CHECK(s.find_queue("support")->completed == 1);
}

TEST_CASE("live: a parked call's timeout is the same from its event and from a later list",
          "[live]") {
    // Capture 07: ParkedCall says 45 s (parked for 0), the list 3 s later 42 s (parked for 3).
    live::state s;
    const auto parked = [](std::string_view left, std::string_view parked_for) {
        return event("ParkedCall", {{"ParkeeChannel", "Local/600@test-1;1"},
                                    {"ParkeeUniqueid", "13.1"},
                                    {"Parkinglot", "default"},
                                    {"ParkingSpace", "701"},
                                    {"ParkingTimeout", left},
                                    {"ParkingDuration", parked_for}});
    };
    s.apply(parked("45", "0"), t0());
    s.begin_load(live::list_kind::parked_calls, "p1", t0());
    apply_all(s, list_answer("p1", "ParkedCallsComplete", {parked("42", "3")}));
    CHECK(s.find_parked("13.1")->timeout == 45);
    CHECK(s.drift() == 0);
}

TEST_CASE("live: parked calls: parked, retrieved, gave up, timed out", "[live]") {
    live::state s;
    const auto parked = [](std::string_view uid, std::string_view space) {
        return event("ParkedCall", {{"ParkeeChannel", "Local/600@test-1;1"},
                                    {"ParkeeUniqueid", uid},
                                    {"ParkerDialString", "Local/600@test"},
                                    {"Parkinglot", "default"},
                                    {"ParkingSpace", space},
                                    {"ParkingTimeout", "45"},
                                    {"ParkingDuration", "0"}});
    };
    s.apply(parked("11.1", "701"), t0());
    s.apply(parked("11.2", "702"), t0());
    s.apply(parked("11.3", "703"), t0());
    REQUIRE(s.find_parked("11.1") != nullptr);
    CHECK(s.find_parked("11.1")->space == "701");
    CHECK(count(s, change_kind::parked) == 3);
    s.apply(event("UnParkedCall", {{"ParkeeUniqueid", "11.1"}, {"ParkingSpace", "701"}}), t0());
    s.apply(event("ParkedCallGiveUp", {{"ParkeeUniqueid", "11.2"}}), t0());
    s.apply(event("ParkedCallTimeOut", {{"ParkeeUniqueid", "11.3"}}), t0());
    CHECK(s.find_parked("11.1") == nullptr);
    CHECK(s.snapshot()->parked_calls().empty());
    CHECK(count(s, change_kind::unparked) == 3);
    CHECK(s.changes()[s.changes().size() - 1].sub == "timeout");
}

TEST_CASE("live: device states, hints and mailboxes", "[live]") {
    live::state s;
    s.apply(event("DeviceStateChange", {{"Device", "Custom:101"}, {"State", "INUSE"}}), t0());
    s.apply(event("DeviceStateChange", {{"Device", "Custom:101"}, {"State", "INUSE"}}), t0());
    CHECK(count(s, change_kind::device_state_changed) == 1); // the repeat changes nothing
    s.apply(event("ExtensionStatus", {{"Exten", "101"},
                                      {"Context", "test"},
                                      {"Hint", "Custom:101"},
                                      {"Status", "1"},
                                      {"StatusText", "InUse"}}),
            t0());
    REQUIRE(s.find_hint("101@test") != nullptr);
    CHECK(s.find_hint("101@test")->status_text == "InUse");
    s.apply(event("MessageWaiting",
                  {{"Mailbox", "1234@default"}, {"Waiting", "0"}, {"New", "0"}, {"Old", "1"}}),
            t0());
    CHECK(s.find_mailbox("1234@default")->old_messages == 1);
    CHECK(count(s, change_kind::mailbox_changed) == 1);
}

TEST_CASE("live: bad input is ignored without throwing", "[live]") {
    live::state s;
    chan a{"12.1", "X"};
    s.apply(channel_event("Newchannel", a), t0());
    s.clear_changes();
    CHECK_NOTHROW(s.apply(amicpp::message{}, t0()));
    CHECK_NOTHROW(s.apply(event(""), t0()));
    CHECK_NOTHROW(s.apply(event("Newchannel"), t0()));                          // no Uniqueid
    CHECK_NOTHROW(s.apply(event("Newchannel", {{"Uniqueid", ""}}), t0()));      // empty
    CHECK_NOTHROW(s.apply(event("Hangup", {{"Channel", "X"}}), t0()));          // no Uniqueid
    CHECK_NOTHROW(s.apply(event("BridgeEnter", {{"Uniqueid", "12.1"}}), t0())); // no bridge
    CHECK_NOTHROW(s.apply(event("BridgeMerge", {{"ToBridgeUniqueid", "x"}}), t0()));
    CHECK_NOTHROW(s.apply(event("QueueCallerJoin", {{"Uniqueid", "12.1"}}), t0()));
    CHECK_NOTHROW(s.apply(event("QueueMemberAdded", {{"Queue", "q"}}), t0()));
    CHECK_NOTHROW(s.apply(event("ParkedCall", {{"ParkingSpace", "701"}}), t0()));
    CHECK_NOTHROW(s.apply(event("ExtensionStatus", {{"Status", "x"}}), t0()));
    CHECK_NOTHROW(s.apply(event("Newstate", {{"Uniqueid", "12.1"},
                                             {"ChannelState", "banana"},
                                             {"Priority", "99999999999999999999999"}}),
                          t0()));
    CHECK_NOTHROW(s.apply(amicpp::message::response("Error"), t0()));
    CHECK(s.find_channel("12.1")->state == channel_state::unknown);
    CHECK(s.find_channel("12.1")->priority == 1); // unreadable numbers keep the old value
    CHECK(s.channel_count() == 1);
}

TEST_CASE("live: snapshots are immutable, shared while nothing changes, and copy on write",
          "[live]") {
    live::state s;
    chan a{"13.1", "A"}, b{"13.2", "B"};
    s.apply(channel_event("Newchannel", a), t0());
    s.apply(channel_event("Newchannel", b), t0());
    const auto first = s.snapshot();
    CHECK(s.snapshot() == first); // nothing changed: the same object
    const auto a_before = first->share_channel("13.1");
    b.cid_name = "Changed";
    s.apply(channel_event("Newstate", b), t0());
    chan c{"13.3", "C"};
    s.apply(channel_event("Newchannel", c), t0());
    const auto second = s.snapshot();
    REQUIRE(second != first);
    CHECK(first->channels().size() == 2);
    CHECK(first->find_channel("13.2")->caller_id_name == "Alice");
    CHECK(first->find_channel("13.3") == nullptr);
    CHECK(second->channels().size() == 3);
    CHECK(second->find_channel("13.2")->caller_id_name == "Changed");
    // The unchanged channel is the same object in both snapshots: no copy was made.
    CHECK(second->share_channel("13.1") == a_before);
    CHECK(second->share_channel("13.2") != first->share_channel("13.2"));
    std::size_t n = 0;
    for (const live::channel& ch : second->channels())
        n += ch.uniqueid.empty() ? 0 : 1;
    CHECK(n == 3);
}

TEST_CASE("live: a snapshot is read on another thread while events are applied", "[live]") {
    live::state s;
    for (int i = 0; i < 200; ++i) {
        chan c{"14." + std::to_string(i), "PJSIP/" + std::to_string(i)};
        s.apply(channel_event("Newchannel", c), t0());
    }
    std::shared_ptr<const live::snapshot> snap = s.snapshot();
    std::atomic<std::size_t> seen{0};
    std::thread reader([snap, &seen] {
        for (int round = 0; round < 50; ++round) {
            std::size_t n = 0;
            for (const live::channel& c : snap->channels())
                n += c.caller_id_name.size();
            seen = n;
        }
    });
    for (int round = 0; round < 20; ++round) {
        for (int i = 0; i < 200; ++i) {
            chan c{"14." + std::to_string(i), "PJSIP/" + std::to_string(i)};
            c.cid_name = "round " + std::to_string(round);
            s.apply(channel_event("Newstate", c), t0());
        }
        (void)s.snapshot();
    }
    reader.join();
    CHECK(seen == 200 * 5); // the reader's snapshot still says "Alice" everywhere
    CHECK(s.snapshot()->find_channel("14.7")->caller_id_name == "round 19");
}
