// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// amicpp::live::state loading lists while events flow: the race rule (tombstones, events newer
// than the list, lists ahead of the events), resync by difference, drift, permissions.
#include "builders.hpp"

#include "support/catch.hpp"

#include <string>
#include <vector>

using namespace amicpp_test::live;
using amicpp::live::change_kind;
using amicpp::live::channel_state;
using amicpp::live::list_kind;
using amicpp::live::part;
namespace live = amicpp::live;

namespace {

std::vector<amicpp::message> channels_list(std::string_view aid, const std::vector<chan>& cs,
                                           std::string_view bridge = {}) {
    std::vector<amicpp::message> items;
    for (const auto& c : cs)
        items.push_back(core_show_channel(c, bridge));
    return list_answer(aid, "CoreShowChannelsComplete", std::move(items));
}

amicpp::message queue_params(std::string_view q, std::string_view completed,
                             std::string_view abandoned) {
    return event("QueueParams", {{"Queue", q},
                                 {"Max", "0"},
                                 {"Strategy", "ringall"},
                                 {"Calls", "0"},
                                 {"Holdtime", "3"},
                                 {"TalkTime", "20"},
                                 {"Completed", completed},
                                 {"Abandoned", abandoned},
                                 {"ServiceLevel", "60"},
                                 {"Weight", "0"}});
}

amicpp::message queue_entry(std::string_view q, const chan& c, std::string_view position,
                            std::string_view wait) {
    return event("QueueEntry", {{"Queue", q},
                                {"Position", position},
                                {"Channel", c.name},
                                {"Uniqueid", c.uniqueid},
                                {"CallerIDNum", c.cid_num},
                                {"CallerIDName", c.cid_name},
                                {"Wait", wait}});
}

} // namespace

TEST_CASE("load: the first load fills the state, counts no drift", "[live][load]") {
    live::state s;
    s.begin_load(list_kind::core_show_channels, "l1", t0());
    CHECK(s.loading());
    CHECK(s.status(part::channels).pending == 1);
    chan a{"1.1", "A;1", "1.1"}, b{"1.2", "A;2", "1.1"};
    apply_all(s, channels_list("l1", {a, b}, "br-9"));
    CHECK_FALSE(s.loading());
    REQUIRE(s.channel_count() == 2);
    const live::channel* ch = s.find_channel("1.1");
    CHECK(ch->created == t0() - std::chrono::seconds(10));
    CHECK(ch->application == "Wait");
    CHECK(ch->bridge_id == "br-9");
    CHECK(s.find_bridge("br-9")->members.size() == 2); // known before BridgeList says more
    CHECK(s.call_count() == 1);
    CHECK(s.find_call("1.1")->answered);
    CHECK(s.status(part::channels).loads == 1);
    CHECK(s.drift() == 0);
    for (const auto& c : s.changes()) {
        if (c.kind == change_kind::channel_added)
            CHECK(c.from_load);
    }
    // List items named like events are items (ActionID): no event was counted.
    CHECK(s.events_applied() == 0);
}

TEST_CASE("load: a resync reports only the differences; what still exists keeps its identity",
          "[live][load]") {
    live::state s;
    chan a{"2.1", "A", "2.1"}, b{"2.2", "B", "2.2"}, c{"2.3", "C", "2.3"};
    s.begin_load(list_kind::core_show_channels, "l1", t0());
    apply_all(s, channels_list("l1", {a, b, c}));
    const auto before = s.snapshot();
    s.clear_changes();

    // Same content again: nothing to say, no drift.
    s.begin_load(list_kind::core_show_channels, "l2", t0());
    apply_all(s, channels_list("l2", {a, b, c}));
    REQUIRE(s.changes().size() == 1);
    CHECK(s.changes()[0].kind == change_kind::part_changed);
    CHECK(s.drift() == 0);
    CHECK(s.snapshot()->share_channel("2.1") == before->share_channel("2.1"));
    s.clear_changes();

    // Events were lost: b hung up, c changed state, d appeared.
    chan b_gone = b;
    c.state = "4";
    chan d{"2.4", "D", "2.4"};
    s.begin_load(list_kind::core_show_channels, "l3", t0());
    apply_all(s, channels_list("l3", {a, c, d}));
    CHECK(count(s, change_kind::channel_removed) == 1);
    CHECK(count(s, change_kind::channel_added) == 1);
    CHECK(count(s, change_kind::channel_changed) == 1);
    CHECK(s.find_channel("2.2") == nullptr);
    CHECK(s.find_channel("2.3")->state == channel_state::ring);
    CHECK(s.drift() == 3);
    CHECK(s.status(part::channels).drift == 3);
    // a was untouched: the very same object as before the resyncs.
    CHECK(s.snapshot()->share_channel("2.1") == before->share_channel("2.1"));
    for (const auto& ch : s.changes())
        CHECK(ch.from_load);
}

TEST_CASE("load race: a list item never brings back a channel hung up after the request",
          "[live][load]") {
    live::state s;
    chan a{"3.1", "A", "3.1"};
    s.apply(channel_event("Newchannel", a), t0());
    s.begin_load(list_kind::core_show_channels, "l1", t0());
    s.apply(channel_event("Hangup", a), t0()); // the list was made before the hangup
    apply_all(s, channels_list("l1", {a}));
    CHECK(s.find_channel("3.1") == nullptr);
    CHECK(s.call_count() == 0);
    CHECK(count(s, change_kind::channel_added) == 1); // from the Newchannel only
}

TEST_CASE("load race: an event newer than the list wins over the list's value", "[live][load]") {
    live::state s;
    chan a{"4.1", "A", "4.1", "4"};
    s.apply(channel_event("Newchannel", a), t0());
    s.begin_load(list_kind::core_show_channels, "l1", t0());
    chan up = a;
    up.state = "6";
    s.apply(channel_event("Newstate", up), t0()); // after the list was made
    apply_all(s, channels_list("l1", {a}));       // still says Ring
    CHECK(s.find_channel("4.1")->state == channel_state::up);
    // A channel created after the list was made is not removed for being absent from it.
    s.begin_load(list_kind::core_show_channels, "l2", t0());
    chan b{"4.2", "B", "4.2"};
    s.apply(channel_event("Newchannel", b), t0());
    apply_all(s, channels_list("l2", {up}));
    CHECK(s.find_channel("4.2") != nullptr);
    // The second list corrected one thing: the application, which the first list (skipped for
    // this channel) would have told and no event did.
    CHECK(s.drift() == 1);
    CHECK(s.find_channel("4.1")->application == "Wait");
}

TEST_CASE("load race: a list ahead of the events (capture 11)", "[live][load]") {
    live::state s;
    chan old{"5.0", "OLD", "5.0"};
    s.apply(channel_event("Newchannel", old), t0());
    s.clear_changes();
    // The list already has a channel whose Newchannel is still to come, and no longer has one
    // whose Hangup is still to come.
    chan early{"5.1", "EARLY", "5.1"};
    s.begin_load(list_kind::core_show_channels, "l1", t0());
    apply_all(s, channels_list("l1", {early}, "br-5"));
    CHECK(s.find_channel("5.1") != nullptr);
    CHECK(s.find_channel("5.0") == nullptr);
    CHECK(count(s, change_kind::channel_added) == 1);
    s.clear_changes();
    // Then the late events arrive: an update, and no-ops.
    s.apply(channel_event("Newchannel", early), t0());
    s.apply(bridge_event("BridgeEnter", "br-5", &early), t0());
    s.apply(channel_event("Hangup", old), t0());
    s.apply(bridge_event("BridgeLeave", "br-x", &old), t0());
    CHECK(count(s, change_kind::channel_added) == 0);
    CHECK(count(s, change_kind::channel_removed) == 0);
    CHECK(count(s, change_kind::bridge_entered) == 0);
    CHECK(s.channel_count() == 1);
    CHECK(s.find_bridge("br-5")->members.size() == 1);
}

TEST_CASE("load race: a queue join racing QueueStatus is never duplicated (asterisk-java #336)",
          "[live][load]") {
    chan caller{"6.1", "Local/600@test-1;1"};
    const auto join = channel_event("QueueCallerJoin", caller,
                                    {{"Queue", "support"}, {"Position", "1"}, {"Count", "1"}});
    SECTION("the join arrives while the list is collected, and the list has the caller too") {
        live::state s;
        s.apply(channel_event("Newchannel", caller), t0());
        s.begin_load(list_kind::queue_status, "q1", t0());
        s.apply(join, t0());
        apply_all(s, list_answer("q1", "QueueStatusComplete",
                                 {queue_params("support", "5", "1"),
                                  queue_entry("support", caller, "1", "0")}));
        REQUIRE(s.find_queue("support")->callers.size() == 1);
        CHECK(count(s, change_kind::queue_caller_joined) == 1);
    }
    SECTION("the list has the caller before its join event arrives") {
        live::state s;
        s.apply(channel_event("Newchannel", caller), t0());
        s.begin_load(list_kind::queue_status, "q1", t0());
        apply_all(s, list_answer("q1", "QueueStatusComplete",
                                 {queue_params("support", "5", "1"),
                                  queue_entry("support", caller, "1", "3")}));
        s.apply(join, t0());
        REQUIRE(s.find_queue("support")->callers.size() == 1);
        CHECK(count(s, change_kind::queue_caller_joined) == 1);
        CHECK(s.find_queue("support")->callers[0].joined == t0() - std::chrono::seconds(3));
        // ...and its leave removes it for good.
        s.apply(channel_event("QueueCallerLeave", caller, {{"Queue", "support"}}), t0());
        CHECK(s.find_queue("support")->callers.empty());
    }
    SECTION("the caller left after the request; the list still has it") {
        live::state s;
        s.apply(channel_event("Newchannel", caller), t0());
        s.apply(join, t0());
        s.begin_load(list_kind::queue_status, "q1", t0());
        s.apply(channel_event("QueueCallerLeave", caller, {{"Queue", "support"}}), t0());
        apply_all(s, list_answer("q1", "QueueStatusComplete",
                                 {queue_params("support", "5", "1"),
                                  queue_entry("support", caller, "1", "0")}));
        CHECK(s.find_queue("support")->callers.empty());
    }
}

TEST_CASE("load: queue counters and members from QueueStatus; resync of members", "[live][load]") {
    live::state s;
    const auto member = [](std::string_view loc, std::string_view paused) {
        return event("QueueMember", {{"Queue", "support"},
                                     {"Name", "Bob"},
                                     {"Location", loc},
                                     {"StateInterface", "Custom:511"},
                                     {"Membership", "dynamic"},
                                     {"Penalty", "1"},
                                     {"CallsTaken", "0"},
                                     {"InCall", "0"},
                                     {"Status", "1"},
                                     {"Paused", paused},
                                     {"PausedReason", ""}});
    };
    s.begin_load(list_kind::queue_status, "q1", t0());
    apply_all(s, list_answer("q1", "QueueStatusComplete",
                             {queue_params("support", "10", "2"), member("Local/511@test/n", "0"),
                              member("Local/512@test/n", "0")}));
    const live::queue* q = s.find_queue("support");
    REQUIRE(q != nullptr);
    CHECK(q->completed == 10);
    CHECK(q->abandoned == 2);
    CHECK(q->strategy == "ringall");
    CHECK(q->members.size() == 2);
    // Events advance the counters.
    chan c{"7.1", "C"};
    s.apply(channel_event("AgentComplete", c, {{"Queue", "support"}}), t0());
    CHECK(s.find_queue("support")->completed == 11);
    // A resync: 512 was removed and 511 paused while events were lost.
    s.clear_changes();
    s.begin_load(list_kind::queue_status, "q2", t0());
    apply_all(s,
              list_answer("q2", "QueueStatusComplete",
                          {queue_params("support", "11", "2"), member("Local/511@test/n", "1")}));
    q = s.find_queue("support");
    CHECK(q->members.size() == 1);
    CHECK(q->members[0].paused);
    CHECK(count(s, change_kind::queue_member_removed) == 1);
    CHECK(count(s, change_kind::queue_member_changed) == 1);
    CHECK(s.status(part::queues).drift == 2);
}

TEST_CASE("load: a refused list marks its part unavailable with the server's reason",
          "[live][load]") {
    live::state s;
    s.begin_load(list_kind::queue_status, "q1", t0());
    amicpp::message refused = amicpp::message::response("Error");
    refused.add("ActionID", "q1").add("Message", "Permission denied");
    s.apply(refused, t0());
    CHECK_FALSE(s.loading());
    CHECK_FALSE(s.status(part::queues).available);
    CHECK(s.status(part::queues).reason == "Permission denied");
    CHECK(s.snapshot()->status(part::queues).reason == "Permission denied");
    CHECK(count(s, change_kind::part_changed) == 1);
    // Other parts are unaffected, and a later successful load makes it available again.
    CHECK(s.status(part::channels).available);
    s.begin_load(list_kind::queue_status, "q2", t0());
    apply_all(s, list_answer("q2", "QueueStatusComplete", {queue_params("support", "0", "0")}));
    CHECK(s.status(part::queues).available);
    // The glue may also mark a part itself (e.g. its events are not in the read class).
    s.set_unavailable(part::parked, "no call read permission");
    CHECK(s.snapshot()->status(part::parked).reason == "no call read permission");
    s.set_available(part::parked);
    CHECK(s.status(part::parked).available);
}

TEST_CASE("load: an abandoned or cancelled list changes nothing", "[live][load]") {
    live::state s;
    chan a{"8.1", "A"};
    s.apply(channel_event("Newchannel", a), t0());
    s.begin_load(list_kind::core_show_channels, "l1", t0());
    CHECK(s.abandon_load("l1"));
    CHECK_FALSE(s.abandon_load("l1"));
    apply_all(s, channels_list("l1", {})); // a late answer: not a load any more
    CHECK(s.find_channel("8.1") != nullptr);
    s.begin_load(list_kind::core_show_channels, "l2", t0());
    s.apply(event("CoreShowChannelsComplete", {{"ActionID", "l2"}, {"EventList", "cancelled"}}),
            t0());
    CHECK_FALSE(s.loading());
    CHECK(s.find_channel("8.1") != nullptr);
    CHECK(s.status(part::channels).loads == 0);
}

TEST_CASE("load: bridges from BridgeList and BridgeInfo", "[live][load]") {
    live::state s;
    chan a{"9.1", "A"}, b{"9.2", "B"};
    s.begin_load(list_kind::core_show_channels, "c1", t0());
    apply_all(s, channels_list("c1", {a, b}, "br-1"));
    amicpp::message item = bridge_event("BridgeListItem", "br-1");
    amicpp::message parking = bridge_event("BridgeListItem", "br-park", nullptr, "parking");
    s.begin_load(list_kind::bridge_list, "b1", t0());
    apply_all(s, list_answer("b1", "BridgeListComplete", {item, parking}));
    REQUIRE(s.bridge_count() == 2);
    CHECK(s.find_bridge("br-1")->type == "basic");
    CHECK(s.find_bridge("br-1")->members.size() == 2);
    CHECK(s.find_bridge("br-park")->type == "parking");
    // BridgeInfo says only a is in br-1 now (events about b were lost).
    amicpp::message info = amicpp::message::event("BridgeInfoChannel");
    add_channel_headers(info, a);
    std::vector<amicpp::message> answer = list_answer("i1", "BridgeInfoComplete", {info});
    answer.back().add("BridgeUniqueid", "br-1").add("BridgeType", "basic");
    s.begin_load(list_kind::bridge_info, "i1", t0(), "br-1");
    apply_all(s, answer);
    CHECK(s.find_bridge("br-1")->members == std::vector<std::string>{"9.1"});
    CHECK(s.find_channel("9.2")->bridge_id.empty());
    // A bridge gone from the next BridgeList is destroyed, its channels out of it.
    s.begin_load(list_kind::bridge_list, "b2", t0());
    apply_all(s, list_answer("b2", "BridgeListComplete", {parking}));
    CHECK(s.find_bridge("br-1") == nullptr);
    CHECK(s.find_channel("9.1")->bridge_id.empty());
}

TEST_CASE("load: devices, hints, parked calls and a mailbox", "[live][load]") {
    live::state s;
    s.apply(event("DeviceStateChange", {{"Device", "Local/100@test"}, {"State", "INUSE"}}), t0());
    s.apply(event("DeviceStateChange", {{"Device", "Custom:9"}, {"State", "INUSE"}}), t0());
    s.begin_load(list_kind::device_state_list, "d1", t0());
    apply_all(s, list_answer(
                     "d1", "DeviceStateListComplete",
                     {event("DeviceStateChange", {{"Device", "Custom:101"}, {"State", "BUSY"}})}));
    CHECK(s.find_device("Custom:101")->state == "BUSY");
    CHECK(s.find_device("Custom:9") == nullptr);       // not listed: gone
    CHECK(s.find_device("Local/100@test") != nullptr); // Local devices are never listed
    CHECK(s.events_applied() == 2); // the list item named DeviceStateChange was an item

    s.begin_load(list_kind::extension_state_list, "h1", t0());
    apply_all(s, list_answer("h1", "ExtensionStateListComplete",
                             {event("ExtensionStatus", {{"Exten", "100"},
                                                        {"Context", "test"},
                                                        {"Hint", "Local/100@test"},
                                                        {"Status", "1"},
                                                        {"StatusText", "InUse"}})}));
    CHECK(s.find_hint("100@test")->status == 1);

    s.begin_load(list_kind::parked_calls, "p1", t0());
    apply_all(s, list_answer("p1", "ParkedCallsComplete",
                             {event("ParkedCall", {{"ParkeeChannel", "Local/600@test-1;1"},
                                                   {"ParkeeUniqueid", "10.1"},
                                                   {"Parkinglot", "default"},
                                                   {"ParkingSpace", "701"},
                                                   {"ParkingTimeout", "42"},
                                                   {"ParkingDuration", "3"}})}));
    REQUIRE(s.find_parked("10.1") != nullptr);
    CHECK(s.find_parked("10.1")->parked_at == t0() - std::chrono::seconds(3));

    s.begin_load(list_kind::mailbox_count, "m1", t0(), "1234@default");
    amicpp::message count_reply = amicpp::message::response("Success");
    count_reply.add("ActionID", "m1")
        .add("Message", "Mailbox Message Count")
        .add("Mailbox", "1234@default")
        .add("UrgMessages", "0")
        .add("NewMessages", "2")
        .add("OldMessages", "5");
    s.apply(count_reply, t0());
    CHECK_FALSE(s.loading());
    CHECK(s.find_mailbox("1234@default")->new_messages == 2);
    CHECK(s.find_mailbox("1234@default")->old_messages == 5);
}

TEST_CASE("load race: the first load does not resurrect what hung up before the state knew it",
          "[live][load]") {
    // The state is empty; the list was made before X hung up, and X's Hangup arrives first.
    live::state s;
    chan x{"11.1", "X", "11.1"};
    s.begin_load(list_kind::core_show_channels, "l1", t0());
    s.apply(channel_event("Hangup", x), t0());
    CHECK(s.changes().empty()); // unknown: nothing to say
    apply_all(s, channels_list("l1", {x}));
    CHECK(s.find_channel("11.1") == nullptr);
    // The same for a bridge, a queue caller and a parked call.
    s.begin_load(list_kind::bridge_list, "b1", t0());
    s.apply(bridge_event("BridgeDestroy", "br-dead"), t0());
    apply_all(s,
              list_answer("b1", "BridgeListComplete", {bridge_event("BridgeListItem", "br-dead")}));
    CHECK(s.find_bridge("br-dead") == nullptr);
    s.begin_load(list_kind::parked_calls, "p1", t0());
    s.apply(event("ParkedCallGiveUp", {{"ParkeeUniqueid", "11.9"}}), t0());
    apply_all(s, list_answer("p1", "ParkedCallsComplete",
                             {event("ParkedCall", {{"ParkeeUniqueid", "11.9"},
                                                   {"ParkingSpace", "701"},
                                                   {"Parkinglot", "default"}})}));
    CHECK(s.find_parked("11.9") == nullptr);
    // Tombstones live only while a load of their part is pending: nothing is kept now.
    CHECK_FALSE(s.loading());
}
