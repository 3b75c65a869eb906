// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// Every hand-written typed action against amicpp::testing::server: the headers on the wire are
// exactly the expected ones (in order), the result is built from what the server answers, and an
// error reply completes with error::action_failed and keeps the server's text. Replies the
// simulator does not produce itself are scripted with the text a real Asterisk 22 sends.
#include <amicpp/actions/all.hpp>

#include "actions/session.hpp"
#include "support/catch.hpp"

#include <chrono>
#include <string>

using amicpp::error;
using amicpp_test::action_session;
namespace actions = amicpp::actions;
using namespace std::chrono_literals;

TEST_CASE("actions: Ping, Command, Logoff", "[actions]") {
    action_session s;
    {
        auto [ec, r] = s.send(actions::ping{});
        CHECK_FALSE(ec);
        CHECK(s.last_sent("Ping") == "Action: Ping\r\n\r\n");
        CHECK_FALSE(r.timestamp().empty());
        CHECK(r.response.get("Ping") == "Pong");
    }
    {
        s.srv.set_command_output("amicpp lines", {"one  ", "", "three"});
        auto [ec, r] = s.send(actions::command{"amicpp lines"});
        CHECK_FALSE(ec);
        CHECK(s.last_sent("Command") == "Action: Command\r\nCommand: amicpp lines\r\n\r\n");
        CHECK(r.output == std::vector<std::string>{"one  ", "", "three"});
    }
    {
        auto [ec, r] = s.send(actions::logoff{});
        CHECK_FALSE(ec);
        CHECK(s.last_sent("Logoff") == "Action: Logoff\r\n\r\n");
        CHECK(r.response.response_status() == "Goodbye");
    }
}

TEST_CASE("actions: Command output keeps its indentation in both reply formats", "[actions]") {
    const std::vector<std::string> lines{"[ Context 'test' created by 'pbx_config' ]",
                                         "  '100' =>          hint: Local/100@test",
                                         "                    1. Answer()",
                                         "\tTabbed  ",
                                         "",
                                         "-= 1 extension =-"};
    for (const auto format :
         {amicpp::testing::command_format::modern, amicpp::testing::command_format::legacy}) {
        auto options = amicpp_test::action_server_options();
        options.commands = format;
        action_session s(options);
        s.srv.set_command_output("dialplan show test", lines);
        auto [ec, r] = s.send(actions::command{"dialplan show test"});
        CHECK_FALSE(ec);
        CHECK(r.output == lines);
    }
}

TEST_CASE("actions: Login and Challenge", "[actions]") {
    action_session s;
    {
        auto [ec, r] = s.send(actions::challenge{});
        CHECK_FALSE(ec);
        CHECK(s.last_sent("Challenge") == "Action: Challenge\r\nAuthType: MD5\r\n\r\n");
        CHECK_FALSE(r.challenge.empty());
    }
    {
        actions::login l;
        l.username = "admin";
        l.secret = "amp111";
        l.events = "off";
        auto [ec, r] = s.send(l);
        CHECK_FALSE(ec);
        CHECK(s.last_sent("Login") ==
              "Action: Login\r\nUsername: admin\r\nSecret: amp111\r\nEvents: off\r\n\r\n");
        CHECK(r.text() == "Already authenticated");
    }
    {
        // The key of the real capture 04_challenge_md5_login.
        const actions::login l = actions::login::md5("admin", "597504082", "amp111");
        CHECK(amicpp_test::wire_without_action_id(l.to_message()) ==
              "Action: Login\r\nAuthType: MD5\r\nUsername: admin\r\n"
              "Key: 9f8d3fa9d818b35b45fa280a6c2cfab8\r\n\r\n");
    }
}

TEST_CASE("actions: Hangup by name, by regex, and its errors", "[actions]") {
    action_session s;
    amicpp::testing::channel a;
    a.name = "PJSIP/100-00000001";
    s.srv.add_channel(a);
    amicpp::testing::channel b;
    b.name = "PJSIP/200-00000002";
    s.srv.add_channel(b);
    amicpp::testing::channel c;
    c.name = "PJSIP/201-00000003";
    s.srv.add_channel(c);
    {
        auto [ec, r] = s.send(actions::hangup{"PJSIP/100-00000001", 17});
        CHECK_FALSE(ec);
        CHECK(s.last_sent("Hangup") ==
              "Action: Hangup\r\nChannel: PJSIP/100-00000001\r\nCause: 17\r\n\r\n");
        CHECK(r.response.message_text() == "Channel Hungup");
        CHECK(r.channels.empty());
    }
    {
        auto [ec, r] = s.send(actions::hangup{"/^PJSIP/2/", {}});
        CHECK_FALSE(ec);
        CHECK(s.last_sent("Hangup") == "Action: Hangup\r\nChannel: /^PJSIP/2/\r\n\r\n");
        CHECK(r.channels == std::vector<std::string>{"PJSIP/200-00000002", "PJSIP/201-00000003"});
        CHECK(r.complete.is_event("ChannelsHungupListComplete"));
    }
    {
        auto [ec, r] = s.send(actions::hangup{"PJSIP/nope", {}});
        CHECK(ec == error::action_failed);
        CHECK(r.response.message_text() == "No such channel");
    }
}

TEST_CASE("actions: Status and CoreShowChannels", "[actions]") {
    action_session s;
    amicpp::testing::channel a;
    a.name = "Local/200@test-00000001;1";
    s.srv.add_channel(a);
    {
        actions::status st;
        st.channel = "Local/200@test-00000001;1";
        st.variables = "A,B";
        st.all_variables = true;
        auto [ec, r] = s.send(st);
        CHECK_FALSE(ec);
        CHECK(s.last_sent("Status") ==
              "Action: Status\r\nChannel: Local/200@test-00000001;1\r\nVariables: A,B\r\n"
              "AllVariables: true\r\n\r\n");
        REQUIRE(r.items.size() == 1);
        CHECK(r.items[0].get("Channel") == "Local/200@test-00000001;1");
    }
    {
        auto [ec, r] = s.send(actions::core_show_channels{});
        CHECK_FALSE(ec);
        CHECK(s.last_sent("CoreShowChannels") == "Action: CoreShowChannels\r\n\r\n");
        CHECK(r.items.size() == 1);
    }
}

TEST_CASE("actions: Redirect, dual Redirect, Atxfer, BlindTransfer", "[actions]") {
    action_session s;
    amicpp::testing::channel a;
    a.name = "PJSIP/100-00000001";
    s.srv.add_channel(a);
    {
        actions::redirect r{"PJSIP/100-00000001", "200", "test", "1"};
        auto [ec, res] = s.send(r);
        CHECK_FALSE(ec);
        CHECK(s.last_sent("Redirect") == "Action: Redirect\r\nChannel: PJSIP/100-00000001\r\n"
                                         "Exten: 200\r\nContext: test\r\nPriority: 1\r\n\r\n");
        CHECK(res.text() == "Redirect successful");
    }
    {
        s.reply_raw(
            "Redirect",
            "Response: Success\r\nActionID: $ID\r\nMessage: Dual Redirect successful\r\n\r\n");
        actions::redirect r{"PJSIP/100-00000001", "200", "test", "2"};
        r.extra_channel = "PJSIP/300-00000002";
        r.extra_exten = "300";
        r.extra_context = "other";
        r.extra_priority = "3";
        auto [ec, res] = s.send(r);
        CHECK_FALSE(ec);
        CHECK(s.last_sent("Redirect") ==
              "Action: Redirect\r\nChannel: PJSIP/100-00000001\r\nExten: 200\r\nContext: test\r\n"
              "Priority: 2\r\nExtraChannel: PJSIP/300-00000002\r\nExtraExten: 300\r\n"
              "ExtraContext: other\r\nExtraPriority: 3\r\n\r\n");
        CHECK(res.text() == "Dual Redirect successful");
    }
    {
        s.reply_raw("Atxfer",
                    "Response: Error\r\nActionID: $ID\r\nMessage: No channel specified\r\n\r\n");
        auto [ec, res] = s.send(actions::atxfer{"PJSIP/100-00000001", "300", "test"});
        CHECK(ec == error::action_failed);
        CHECK(
            s.last_sent("Atxfer") ==
            "Action: Atxfer\r\nChannel: PJSIP/100-00000001\r\nExten: 300\r\nContext: test\r\n\r\n");
        CHECK(res.text() == "No channel specified");
    }
    {
        s.reply_raw("BlindTransfer",
                    "Response: Success\r\nActionID: $ID\r\nMessage: Transfer succeeded\r\n\r\n");
        auto [ec, res] = s.send(actions::blind_transfer{"PJSIP/100-00000001", "300", "test"});
        CHECK_FALSE(ec);
        CHECK(s.last_sent("BlindTransfer") ==
              "Action: BlindTransfer\r\nChannel: PJSIP/100-00000001\r\n"
              "Context: test\r\nExten: 300\r\n\r\n");
        CHECK(res.text() == "Transfer succeeded");
    }
}

TEST_CASE("actions: Originate, sync and async, with variables", "[actions][originate]") {
    action_session s;
    {
        actions::originate o;
        o.channel = "PJSIP/100";
        o.exten = "200";
        o.context = "test";
        o.timeout = 15000ms;
        o.caller_id = "\"Bob\" <100>";
        o.variables = {{"A", "1"}, {"B", "two=2"}};
        o.async = false;
        auto [ec, r] = s.send(o);
        CHECK_FALSE(ec);
        CHECK(s.last_sent("Originate") ==
              "Action: Originate\r\nChannel: PJSIP/100\r\nExten: 200\r\nContext: test\r\n"
              "Priority: 1\r\nTimeout: 15000\r\nCallerID: \"Bob\" <100>\r\nVariable: A=1\r\n"
              "Variable: B=two=2\r\n\r\n");
        CHECK(r.success);
        CHECK(r.event.empty());
    }
    {
        actions::originate o;
        o.channel = "Local/echo@test";
        o.application = "Wait";
        o.data = "2";
        auto [ec, r] = s.send(o);
        CHECK_FALSE(ec);
        CHECK(s.last_sent("Originate") == "Action: Originate\r\nChannel: Local/echo@test\r\n"
                                          "Application: Wait\r\nData: 2\r\nAsync: true\r\n\r\n");
        CHECK(r.success);
        CHECK(r.reason == actions::originate_reason::answered);
        CHECK(r.event.is_event("OriginateResponse"));
        CHECK(r.response.message_text() == "Originate successfully queued");
    }
    {
        actions::originate o;
        o.channel = "PJSIP/busy";
        o.exten = "200";
        o.context = "test";
        auto [ec, r] = s.send(o);
        CHECK(ec == error::originate_failed);
        CHECK_FALSE(r.success);
        CHECK(r.reason == actions::originate_reason::busy);
        CHECK(std::string(to_string(r.reason)) == "busy");
    }
}

TEST_CASE("actions: async Originate fails on its timeout, outcome unknown",
          "[actions][originate]") {
    action_session s;
    s.srv.set_originate_outcome([](const amicpp::message&) {
        amicpp::testing::originate_outcome o;
        o.delay = std::chrono::seconds(30); // the OriginateResponse comes much later
        return o;
    });
    actions::originate o;
    o.channel = "PJSIP/100";
    o.exten = "200";
    o.context = "test";
    amicpp::send_options opts;
    opts.timeout = 300ms;
    const auto started = std::chrono::steady_clock::now();
    auto [ec, r] = s.send(o, opts);
    CHECK(ec == error::outcome_unknown); // queued, so the call may be placed: not a plain timeout
    CHECK(r.response.message_text() == "Originate successfully queued");
    CHECK(r.event.empty());
    CHECK(std::chrono::steady_clock::now() - started < 10s);
}

TEST_CASE("actions: MailboxStatus, MailboxCount", "[actions]") {
    action_session s;
    s.srv.set_mailbox("1234@default", 2, 1, 0);
    {
        auto [ec, r] = s.send(actions::mailbox_status{"1234@default"});
        CHECK_FALSE(ec);
        CHECK(s.last_sent("MailboxStatus") ==
              "Action: MailboxStatus\r\nMailbox: 1234@default\r\n\r\n");
        CHECK(r.mailbox == "1234@default");
        CHECK(r.waiting);
    }
    {
        auto [ec, r] = s.send(actions::mailbox_count{"1234@default"});
        CHECK_FALSE(ec);
        CHECK(s.last_sent("MailboxCount") ==
              "Action: MailboxCount\r\nMailbox: 1234@default\r\n\r\n");
        CHECK(r.new_messages == 2);
        CHECK(r.old_messages == 1);
        CHECK(r.urgent_messages == 0);
    }
    {
        auto [ec, r] = s.send(actions::mailbox_status{""});
        CHECK(ec == error::action_failed);
        CHECK(r.response.message_text() == "Mailbox not specified");
    }
    {
        // A count that is not a number: the result arrives, with error::invalid_field.
        s.reply_raw("MailboxCount",
                    "Response: Success\r\nActionID: $ID\r\nMailbox: 1@x\r\n"
                    "UrgMessages: 0\r\nNewMessages: lots\r\nOldMessages: 3\r\n\r\n");
        auto [ec, r] = s.send(actions::mailbox_count{"1@x"});
        CHECK(ec == error::invalid_field);
        CHECK(r.old_messages == 3);
        CHECK(r.response.get("NewMessages") == "lots");
    }
}

TEST_CASE("actions: ExtensionState with its status enum, ExtensionStateList, DeviceStateList",
          "[actions]") {
    action_session s;
    s.srv.set_extension_state("100", "test", "Custom:ext100", 9);
    {
        auto [ec, r] = s.send(actions::extension_state{"100", "test"});
        CHECK_FALSE(ec);
        CHECK(s.last_sent("ExtensionState") ==
              "Action: ExtensionState\r\nExten: 100\r\nContext: test\r\n\r\n");
        CHECK(r.hint == "Custom:ext100");
        CHECK(r.status == actions::extension_status::in_use_ringing);
        CHECK(to_string(r.status) == "InUse&Ringing");
        CHECK(r.status_text == "InUse&Ringing");
    }
    {
        auto [ec, r] = s.send(actions::extension_state{"999", "test"});
        CHECK_FALSE(ec);
        CHECK(r.hint.empty());
        CHECK(r.status == actions::extension_status::unknown);
        CHECK(r.status_code == -1);
    }
    {
        s.reply_raw("ExtensionStateList",
                    "Response: Success\r\nActionID: $ID\r\nEventList: start\r\n"
                    "Message: Extension Statuses will follow\r\n\r\n"
                    "Event: ExtensionStatus\r\nActionID: $ID\r\nExten: 100\r\nContext: test\r\n"
                    "Hint: Custom:ext100\r\nStatus: 16\r\nStatusText: Hold\r\n\r\n"
                    "Event: ExtensionStateListComplete\r\nActionID: $ID\r\nEventList: Complete\r\n"
                    "ListItems: 1\r\n\r\n");
        auto [ec, r] = s.send(actions::extension_state_list{});
        CHECK_FALSE(ec);
        CHECK(s.last_sent("ExtensionStateList") == "Action: ExtensionStateList\r\n\r\n");
        REQUIRE(r.items.size() == 1);
        CHECK(r.items[0].status == actions::extension_status::on_hold);
        CHECK(r.items[0].exten == "100");
    }
    {
        s.reply_raw("DeviceStateList",
                    "Response: Success\r\nActionID: $ID\r\nEventList: start\r\n"
                    "Message: Device State Changes will follow\r\n\r\n"
                    "Event: DeviceStateChange\r\nActionID: $ID\r\nDevice: Custom:ext100\r\n"
                    "State: NOT_INUSE\r\n\r\n"
                    "Event: DeviceStateListComplete\r\nActionID: $ID\r\nEventList: Complete\r\n"
                    "ListItems: 1\r\n\r\n");
        auto [ec, r] = s.send(actions::device_state_list{});
        CHECK_FALSE(ec);
        CHECK(s.last_sent("DeviceStateList") == "Action: DeviceStateList\r\n\r\n");
        REQUIRE(r.items.size() == 1);
        CHECK(r.items[0].device == "Custom:ext100");
        CHECK(r.items[0].state == "NOT_INUSE");
    }
}

TEST_CASE("actions: Monitor family (gone in 21) and MixMonitor family", "[actions]") {
    action_session s;
    {
        // The simulator is Asterisk 22: Monitor is an unknown command there.
        actions::monitor m{"Local/200@test-00000007;1", "mon-test", "wav", true};
        auto [ec, r] = s.send(m);
        CHECK(ec == error::action_failed);
        CHECK(s.last_sent("Monitor") == "Action: Monitor\r\nChannel: Local/200@test-00000007;1\r\n"
                                        "File: mon-test\r\nFormat: wav\r\nMix: true\r\n\r\n");
        CHECK(r.text().substr(0, 30) == "Invalid/unknown command: Monit");
    }
    {
        s.reply_raw(
            "StopMonitor",
            "Response: Success\r\nActionID: $ID\r\nMessage: Stopped monitoring channel\r\n\r\n");
        auto [ec, r] = s.send(actions::stop_monitor{"SIP/1-1"});
        CHECK_FALSE(ec);
        CHECK(s.last_sent("StopMonitor") == "Action: StopMonitor\r\nChannel: SIP/1-1\r\n\r\n");
        CHECK(r.text() == "Stopped monitoring channel");
    }
    {
        s.reply_raw(
            "ChangeMonitor",
            "Response: Success\r\nActionID: $ID\r\nMessage: Changed monitor filename\r\n\r\n");
        auto [ec, r] = s.send(actions::change_monitor{"SIP/1-1", "other"});
        CHECK_FALSE(ec);
        CHECK(s.last_sent("ChangeMonitor") ==
              "Action: ChangeMonitor\r\nChannel: SIP/1-1\r\nFile: other\r\n\r\n");
    }
    {
        s.reply_raw("MixMonitor",
                    "Response: Success\r\nActionID: $ID\r\nMixMonitorID: 0x1234\r\n\r\n");
        actions::mix_monitor m;
        m.channel = "Local/200@test-00000007;1";
        m.file = "/var/spool/asterisk/monitor/mixmon-test.wav";
        m.options = "b";
        auto [ec, r] = s.send(m);
        CHECK_FALSE(ec);
        CHECK(s.last_sent("MixMonitor") ==
              "Action: MixMonitor\r\nChannel: Local/200@test-00000007;1\r\n"
              "File: /var/spool/asterisk/monitor/mixmon-test.wav\r\nOptions: b\r\n\r\n");
        CHECK(r.id == "0x1234");
    }
    {
        s.reply_raw("MixMonitorMute", "Response: Success\r\nActionID: $ID\r\n\r\n");
        auto [ec, r] = s.send(actions::mix_monitor_mute{"Local/200@test-00000007;1", "both", true});
        CHECK_FALSE(ec);
        CHECK(s.last_sent("MixMonitorMute") == "Action: MixMonitorMute\r\n"
                                               "Channel: Local/200@test-00000007;1\r\n"
                                               "Direction: both\r\nState: 1\r\n\r\n");
    }
    {
        s.reply_raw("StopMixMonitor", "Response: Error\r\nActionID: $ID\r\n"
                                      "Message: Could not stop monitoring channel\r\n\r\n");
        auto [ec, r] = s.send(actions::stop_mix_monitor{"Local/200@test-00000007;1", "0x1234"});
        CHECK(ec == error::action_failed);
        CHECK(s.last_sent("StopMixMonitor") == "Action: StopMixMonitor\r\n"
                                               "Channel: Local/200@test-00000007;1\r\n"
                                               "MixMonitorID: 0x1234\r\n\r\n");
        CHECK(r.text() == "Could not stop monitoring channel");
    }
}

TEST_CASE("actions: IAXpeers (items without ActionID) and IAXpeerlist", "[actions]") {
    action_session s;
    {
        auto [ec, r] = s.send(actions::iax_peers{});
        CHECK_FALSE(ec);
        CHECK(s.last_sent("IAXpeers") == "Action: IAXpeers\r\n\r\n");
        REQUIRE_FALSE(r.items.empty());
        CHECK(r.items[0].channel_type == "IAX2");
        CHECK(r.items[0].port != 0);
        CHECK_FALSE(r.items[0].dynamic);
        CHECK(r.complete.is_event("PeerlistComplete"));
    }
    {
        auto [ec, r] = s.send(actions::iax_peerlist{});
        CHECK_FALSE(ec);
        CHECK(s.last_sent("IAXpeerlist") == "Action: IAXpeerlist\r\n\r\n");
        REQUIRE_FALSE(r.items.empty());
        CHECK(r.items[0].channel_type == "IAX");
        CHECK(r.items[0].mask == "255.255.255.255");
        CHECK(r.items[0].port != 0);
    }
}

TEST_CASE("actions: QueueStatus with parameters, members and callers; QueueSummary",
          "[actions][queue]") {
    action_session s;
    s.reply_raw("QueueStatus",
                "Response: Success\r\nActionID: $ID\r\nEventList: start\r\n"
                "Message: Queue status will follow\r\n\r\n"
                "Event: QueueParams\r\nQueue: support\r\nMax: 0\r\nStrategy: ringall\r\n"
                "Calls: 1\r\nHoldtime: 12\r\nTalkTime: 30\r\nCompleted: 4\r\nAbandoned: 1\r\n"
                "ServiceLevel: 60\r\nServicelevelPerf: 75.5\r\nServicelevelPerf2: 50.0\r\n"
                "Weight: 0\r\nActionID: $ID\r\n\r\n"
                "Event: QueueMember\r\nQueue: support\r\nName: Agent Two Hundred\r\n"
                "Location: Local/200@test\r\nStateInterface: Local/200@test\r\n"
                "Membership: static\r\nPenalty: 2\r\nCallsTaken: 7\r\nLastCall: 1795894300\r\n"
                "LastPause: 1795894337\r\nLoginTime: 1795894337\r\nInCall: 0\r\nStatus: 1\r\n"
                "Paused: 1\r\nPausedReason: lunch\r\nWrapuptime: 5\r\nActionID: $ID\r\n\r\n"
                "Event: QueueEntry\r\nQueue: support\r\nPosition: 1\r\n"
                "Channel: PJSIP/300-00000004\r\nUniqueid: 1795894400.7\r\nCallerIDNum: 300\r\n"
                "CallerIDName: Carol\r\nConnectedLineNum: <unknown>\r\n"
                "ConnectedLineName: <unknown>\r\nWait: 42\r\nPriority: 0\r\nActionID: $ID\r\n\r\n"
                "Event: QueueStatusComplete\r\nActionID: $ID\r\nEventList: Complete\r\n"
                "ListItems: 3\r\n\r\n");
    {
        auto [ec, r] = s.send(actions::queue_status{"support", ""});
        CHECK_FALSE(ec);
        CHECK(s.last_sent("QueueStatus") == "Action: QueueStatus\r\nQueue: support\r\n\r\n");
        REQUIRE(r.queues.size() == 1);
        CHECK(r.queues[0].queue == "support");
        CHECK(r.queues[0].calls == 1);
        CHECK(r.queues[0].hold_time == 12);
        CHECK(r.queues[0].service_level_perf == Approx(75.5));
        REQUIRE(r.members.size() == 1);
        CHECK(r.members[0].name == "Agent Two Hundred");
        CHECK(r.members[0].penalty == 2);
        CHECK(r.members[0].calls_taken == 7);
        CHECK(r.members[0].last_pause == 1795894337);
        CHECK(r.members[0].status == actions::queue_member_status::not_in_use);
        CHECK(r.members[0].paused);
        CHECK(r.members[0].paused_reason == "lunch");
        REQUIRE(r.callers.size() == 1);
        CHECK(r.callers[0].position == 1);
        CHECK(r.callers[0].caller_id_name == "Carol");
        CHECK(r.callers[0].wait == 42);
        CHECK(r.other_items.empty());
        CHECK(r.complete.get("ListItems") == "3");
    }
    {
        s.reply_raw("QueueSummary",
                    "Response: Success\r\nActionID: $ID\r\nEventList: start\r\n"
                    "Message: Queue summary will follow\r\n\r\n"
                    "Event: QueueSummary\r\nQueue: support\r\nLoggedIn: 1\r\nAvailable: 0\r\n"
                    "Callers: 2\r\nHoldTime: 3\r\nTalkTime: 4\r\nLongestHoldTime: 5\r\n"
                    "ActionID: $ID\r\n\r\n"
                    "Event: QueueSummaryComplete\r\nActionID: $ID\r\nEventList: Complete\r\n"
                    "ListItems: 1\r\n\r\n");
        auto [ec, r] = s.send(actions::queue_summary{});
        CHECK_FALSE(ec);
        CHECK(s.last_sent("QueueSummary") == "Action: QueueSummary\r\n\r\n");
        REQUIRE(r.items.size() == 1);
        CHECK(r.items[0].logged_in == 1);
        CHECK(r.items[0].callers == 2);
        CHECK(r.items[0].longest_hold_time == 5);
    }
    {
        // A member whose Penalty is not a number: the list still completes, flagged.
        s.reply_raw("QueueStatus",
                    "Response: Success\r\nActionID: $ID\r\nEventList: start\r\n"
                    "Message: Queue status will follow\r\n\r\n"
                    "Event: QueueMember\r\nQueue: support\r\nName: x\r\nPenalty: high\r\n"
                    "ActionID: $ID\r\n\r\n"
                    "Event: QueueStatusComplete\r\nActionID: $ID\r\nEventList: Complete\r\n"
                    "ListItems: 1\r\n\r\n");
        auto [ec, r] = s.send(actions::queue_status{});
        CHECK(ec == error::invalid_field);
        REQUIRE(r.members.size() == 1);
        CHECK(r.members[0].name == "x");
        CHECK(r.members[0].penalty == 0);
    }
}

TEST_CASE("actions: QueueAdd, QueueRemove, QueuePause and the legacy Queues", "[actions][queue]") {
    action_session s;
    {
        s.reply_raw(
            "QueueAdd",
            "Response: Success\r\nActionID: $ID\r\nMessage: Added interface to queue\r\n\r\n");
        actions::queue_add a{"support", "Local/100@test"};
        a.penalty = 1;
        a.paused = false;
        a.member_name = "Tmp";
        auto [ec, r] = s.send(a);
        CHECK_FALSE(ec);
        CHECK(s.last_sent("QueueAdd") == "Action: QueueAdd\r\nQueue: support\r\n"
                                         "Interface: Local/100@test\r\nPenalty: 1\r\n"
                                         "Paused: false\r\nMemberName: Tmp\r\n\r\n");
        CHECK(r.text() == "Added interface to queue");
    }
    {
        s.reply_raw("QueuePause", "Response: Success\r\nActionID: $ID\r\n"
                                  "Message: Interface paused successfully\r\n\r\n");
        auto [ec, r] = s.send(actions::queue_pause{"Local/100@test", true, "support", "lunch"});
        CHECK_FALSE(ec);
        CHECK(s.last_sent("QueuePause") == "Action: QueuePause\r\nQueue: support\r\n"
                                           "Interface: Local/100@test\r\nPaused: true\r\n"
                                           "Reason: lunch\r\n\r\n");
    }
    {
        s.reply_raw("QueueRemove", "Response: Error\r\nActionID: $ID\r\n"
                                   "Message: Unable to remove interface: Not there\r\n\r\n");
        auto [ec, r] = s.send(actions::queue_remove{"support", "Local/100@test"});
        CHECK(ec == error::action_failed);
        CHECK(s.last_sent("QueueRemove") ==
              "Action: QueueRemove\r\nQueue: support\r\nInterface: Local/100@test\r\n\r\n");
        CHECK(r.text() == "Unable to remove interface: Not there");
    }
    {
        // Asterisk 22 no longer knows Queues.
        auto [ec, r] = s.send(actions::queues{});
        CHECK(ec == error::action_failed);
        CHECK(s.last_sent("Queues") == "Action: Queues\r\n\r\n");
        CHECK(r.lines.empty());
    }
    {
        // Asterisk 13 and older: the raw `queue show` text, no Response, no ActionID.
        s.reply_raw("Queues", "support has 0 calls (max unlimited) in 'ringall' strategy\r\n"
                              "   Members: \r\n      Agent (Local/200@test) (Not in use)\r\n"
                              "   No Callers\r\n\r\n");
        auto [ec, r] = s.send(actions::queues{});
        CHECK_FALSE(ec);
        REQUIRE(r.lines.size() == 4);
        CHECK(r.lines[0] == "support has 0 calls (max unlimited) in 'ringall' strategy");
        CHECK(r.lines[3] == "   No Callers");
    }
}

TEST_CASE("actions: CoreStatus, CoreSettings, ListCommands", "[actions]") {
    action_session s;
    {
        auto [ec, r] = s.send(actions::core_status{});
        CHECK_FALSE(ec);
        CHECK(s.last_sent("CoreStatus") == "Action: CoreStatus\r\n\r\n");
        CHECK_FALSE(r.startup_date.empty());
        CHECK(r.current_calls == 0);
    }
    {
        auto [ec, r] = s.send(actions::core_settings{});
        CHECK_FALSE(ec);
        CHECK(s.last_sent("CoreSettings") == "Action: CoreSettings\r\n\r\n");
        CHECK(r.ami_version == "11.0.0");
        CHECK_FALSE(r.asterisk_version.empty());
        CHECK_FALSE(r.cdr_enabled);
        CHECK(r.max_load_avg == Approx(0.0));
    }
    {
        auto [ec, r] = s.send(actions::list_commands{});
        CHECK_FALSE(ec);
        CHECK(s.last_sent("ListCommands") == "Action: ListCommands\r\n\r\n");
        REQUIRE_FALSE(r.commands.empty());
        bool found = false;
        for (const auto& c : r.commands) {
            if (c.name == "Originate") {
                found = true;
                CHECK(c.description == "Originate a call.");
                CHECK(c.privileges.find("originate") != std::string::npos);
            }
        }
        CHECK(found);
    }
    {
        s.reply_raw("CoreSettings", "Response: Success\r\nActionID: $ID\r\nAMIversion: 11.0.0\r\n"
                                    "CoreMaxCalls: many\r\nCoreCDRenabled: Yes\r\n\r\n");
        auto [ec, r] = s.send(actions::core_settings{});
        CHECK(ec == error::invalid_field);
        CHECK(r.cdr_enabled);
    }
}

TEST_CASE("actions: Reload, ModuleLoad, ModuleCheck", "[actions]") {
    action_session s;
    {
        s.reply_raw("Reload",
                    "Response: Success\r\nActionID: $ID\r\nMessage: Module Reloaded\r\n\r\n");
        auto [ec, r] = s.send(actions::reload{"pbx_config"});
        CHECK_FALSE(ec);
        CHECK(s.last_sent("Reload") == "Action: Reload\r\nModule: pbx_config\r\n\r\n");
        CHECK(r.text() == "Module Reloaded");
    }
    {
        s.reply_raw("ModuleLoad",
                    "Response: Success\r\nActionID: $ID\r\nMessage: Module unloaded.\r\n\r\n");
        auto [ec, r] =
            s.send(actions::module_load{"res_foo.so", actions::module_load_type::unload});
        CHECK_FALSE(ec);
        CHECK(s.last_sent("ModuleLoad") ==
              "Action: ModuleLoad\r\nModule: res_foo.so\r\nLoadType: unload\r\n\r\n");
    }
    {
        s.reply_raw("ModuleCheck",
                    "Response: Error\r\nActionID: $ID\r\nMessage: Module not loaded\r\n\r\n");
        auto [ec, r] = s.send(actions::module_check{"chan_nope"});
        CHECK(ec == error::action_failed);
        CHECK(s.last_sent("ModuleCheck") == "Action: ModuleCheck\r\nModule: chan_nope\r\n\r\n");
        CHECK(r.response.message_text() == "Module not loaded");
    }
    {
        s.reply_raw("ModuleCheck", "Response: Success\r\nActionID: $ID\r\nVersion: 1.2\r\n\r\n");
        auto [ec, r] = s.send(actions::module_check{"chan_sip"});
        CHECK_FALSE(ec);
        CHECK(r.version == "1.2");
    }
}

TEST_CASE("actions: Getvar, Setvar", "[actions]") {
    action_session s;
    {
        auto [ec, r] = s.send(actions::setvar{"MYGLOBAL", "hello world", ""});
        CHECK_FALSE(ec);
        CHECK(s.last_sent("Setvar") ==
              "Action: Setvar\r\nVariable: MYGLOBAL\r\nValue: hello world\r\n\r\n");
        CHECK(r.text() == "Variable Set");
    }
    {
        auto [ec, r] = s.send(actions::getvar{"MYGLOBAL", ""});
        CHECK_FALSE(ec);
        CHECK(s.last_sent("Getvar") == "Action: Getvar\r\nVariable: MYGLOBAL\r\n\r\n");
        CHECK(r.variable == "MYGLOBAL");
        CHECK(r.value == "hello world");
    }
    {
        auto [ec, r] = s.send(actions::getvar{"X", "Local/nope@test-00000000;1"});
        CHECK(ec == error::action_failed);
        CHECK(s.last_sent("Getvar") ==
              "Action: Getvar\r\nChannel: Local/nope@test-00000000;1\r\nVariable: X\r\n\r\n");
        CHECK(r.response.message_text() == "No such channel");
    }
}

TEST_CASE("actions: Events, Filter, UserEvent", "[actions]") {
    action_session s;
    {
        auto [ec, r] = s.send(actions::events{"off"});
        CHECK_FALSE(ec);
        CHECK(s.last_sent("Events") == "Action: Events\r\nEventMask: off\r\n\r\n");
        CHECK_FALSE(r.enabled);
    }
    {
        auto [ec, r] = s.send(actions::events{"call,user"});
        CHECK_FALSE(ec);
        CHECK(r.enabled);
    }
    {
        s.reply_raw("Filter", "Response: Success\r\nActionID: $ID\r\nMessage: Success\r\n\r\n");
        actions::filter f;
        f.filter_expression = "!Event: Newexten";
        auto [ec, r] = s.send(f);
        CHECK_FALSE(ec);
        CHECK(s.last_sent("Filter") ==
              "Action: Filter\r\nOperation: Add\r\nFilter: !Event: Newexten\r\n\r\n");
    }
    {
        actions::user_event u;
        u.name = "MyTestEvent";
        u.headers = {{"Header1", "hello"}, {"Header2", "a: b"}};
        auto [ec, r] = s.send(u);
        CHECK_FALSE(ec);
        CHECK(s.last_sent("UserEvent") == "Action: UserEvent\r\nUserEvent: MyTestEvent\r\n"
                                          "Header1: hello\r\nHeader2: a: b\r\n\r\n");
        CHECK(r.text() == "Event Sent");
    }
}

TEST_CASE("actions: Bridge, BridgeList, BridgeInfo", "[actions]") {
    action_session s;
    {
        s.reply_raw(
            "Bridge",
            "Response: Success\r\nActionID: $ID\r\nMessage: Channels have been bridged\r\n\r\n");
        auto [ec, r] = s.send(actions::bridge{"PJSIP/1-1", "PJSIP/2-2", "Both"});
        CHECK_FALSE(ec);
        CHECK(s.last_sent("Bridge") ==
              "Action: Bridge\r\nChannel1: PJSIP/1-1\r\nChannel2: PJSIP/2-2\r\nTone: Both\r\n\r\n");
    }
    const std::string bridge_fields =
        "BridgeUniqueid: 1b2c\r\nBridgeType: basic\r\n"
        "BridgeTechnology: simple_bridge\r\nBridgeCreator: <unknown>\r\n"
        "BridgeName: <unknown>\r\nBridgeNumChannels: 2\r\n"
        "BridgeVideoSourceMode: none\r\n";
    {
        s.reply_raw("BridgeList", "Response: Success\r\nActionID: $ID\r\nEventList: start\r\n"
                                  "Message: Bridge listing will follow\r\n\r\n"
                                  "Event: BridgeListItem\r\nActionID: $ID\r\n" +
                                      bridge_fields +
                                      "\r\n"
                                      "Event: BridgeListComplete\r\nActionID: $ID\r\n"
                                      "EventList: Complete\r\nListItems: 1\r\n\r\n");
        auto [ec, r] = s.send(actions::bridge_list{"basic"});
        CHECK_FALSE(ec);
        CHECK(s.last_sent("BridgeList") == "Action: BridgeList\r\nBridgeType: basic\r\n\r\n");
        REQUIRE(r.items.size() == 1);
        CHECK(r.items[0].bridge.uniqueid == "1b2c");
        CHECK(r.items[0].bridge.num_channels == 2);
        CHECK(r.items[0].bridge.technology == "simple_bridge");
    }
    {
        s.reply_raw(
            "BridgeInfo",
            "Response: Success\r\nActionID: $ID\r\nEventList: start\r\n"
            "Message: Bridge channel listing will follow\r\n\r\n"
            "Event: BridgeInfoChannel\r\nActionID: $ID\r\nChannel: PJSIP/1-1\r\n"
            "ChannelState: 6\r\nChannelStateDesc: Up\r\nPriority: 3\r\nUniqueid: 1.1\r\n\r\n"
            "Event: BridgeInfoComplete\r\nActionID: $ID\r\n" +
                bridge_fields + "EventList: Complete\r\nListItems: 1\r\n\r\n");
        auto [ec, r] = s.send(actions::bridge_info{"1b2c"});
        CHECK_FALSE(ec);
        CHECK(s.last_sent("BridgeInfo") == "Action: BridgeInfo\r\nBridgeUniqueid: 1b2c\r\n\r\n");
        CHECK(r.bridge.type == "basic");
        REQUIRE(r.channels.size() == 1);
        CHECK(r.channels[0].channel == "PJSIP/1-1");
        CHECK(r.channels[0].state == 6);
        CHECK(r.channels[0].priority == 3);
    }
}

TEST_CASE("actions: Park and ParkedCalls", "[actions]") {
    action_session s;
    {
        s.reply_raw("Park",
                    "Response: Success\r\nActionID: $ID\r\nMessage: Park successful\r\n\r\n");
        actions::park p;
        p.channel = "PJSIP/1-1";
        p.timeout = 45000ms;
        p.parkinglot = "default";
        auto [ec, r] = s.send(p);
        CHECK_FALSE(ec);
        CHECK(s.last_sent("Park") == "Action: Park\r\nChannel: PJSIP/1-1\r\nTimeout: 45000\r\n"
                                     "Parkinglot: default\r\n\r\n");
        CHECK(r.text() == "Park successful");
    }
    {
        s.reply_raw("ParkedCalls",
                    "Response: Success\r\nActionID: $ID\r\nEventList: start\r\n"
                    "Message: Parked calls will follow\r\n\r\n"
                    "Event: ParkedCall\r\nActionID: $ID\r\nParkeeChannel: PJSIP/1-1\r\n"
                    "ParkeeChannelState: 6\r\nParkeeUniqueid: 9.1\r\nParkerDialString: PJSIP/2\r\n"
                    "Parkinglot: default\r\nParkingSpace: 701\r\nParkingTimeout: 40\r\n"
                    "ParkingDuration: 5\r\n\r\n"
                    "Event: ParkedCallsComplete\r\nActionID: $ID\r\nEventList: Complete\r\n"
                    "ListItems: 1\r\nTotal: 1\r\n\r\n");
        auto [ec, r] = s.send(actions::parked_calls{"default"});
        CHECK_FALSE(ec);
        CHECK(s.last_sent("ParkedCalls") == "Action: ParkedCalls\r\nParkingLot: default\r\n\r\n");
        REQUIRE(r.items.size() == 1);
        CHECK(r.items[0].parkee.channel == "PJSIP/1-1");
        CHECK(r.items[0].parkee.uniqueid == "9.1");
        CHECK(r.items[0].parking_space == "701");
        CHECK(r.items[0].parking_timeout == 40);
    }
}

TEST_CASE("actions: DBGet, DBPut, DBDel, DBGetTree", "[actions]") {
    action_session s;
    {
        s.reply_raw(
            "DBPut",
            "Response: Success\r\nActionID: $ID\r\nMessage: Updated database successfully\r\n\r\n");
        auto [ec, r] = s.send(actions::db_put{"amitest", "k1", "v1"});
        CHECK_FALSE(ec);
        CHECK(s.last_sent("DBPut") ==
              "Action: DBPut\r\nFamily: amitest\r\nKey: k1\r\nVal: v1\r\n\r\n");
    }
    {
        s.reply_raw("DBGet", "Response: Success\r\nActionID: $ID\r\nEventList: start\r\n"
                             "Message: Result will follow\r\n\r\n"
                             "Event: DBGetResponse\r\nFamily: amitest\r\nKey: k1\r\nVal: v1\r\n"
                             "ActionID: $ID\r\n\r\n"
                             "Event: DBGetComplete\r\nActionID: $ID\r\nEventList: Complete\r\n"
                             "ListItems: 1\r\n\r\n");
        auto [ec, r] = s.send(actions::db_get{"amitest", "k1"});
        CHECK_FALSE(ec);
        CHECK(s.last_sent("DBGet") == "Action: DBGet\r\nFamily: amitest\r\nKey: k1\r\n\r\n");
        CHECK(r.value == "v1");
        CHECK(r.key == "k1");
    }
    {
        // Asterisk before 13: an acknowledgement, then the DBGetResponse event alone.
        s.reply_raw("DBGet",
                    "Response: Success\r\nActionID: $ID\r\nMessage: Result will follow\r\n\r\n"
                    "Event: DBGetResponse\r\nFamily: amitest\r\nKey: k1\r\nVal: old\r\n"
                    "ActionID: $ID\r\n\r\n");
        auto [ec, r] = s.send(actions::db_get{"amitest", "k1"});
        CHECK_FALSE(ec);
        CHECK(r.value == "old");
    }
    {
        s.reply_raw(
            "DBGet",
            "Response: Error\r\nActionID: $ID\r\nMessage: Database entry not found\r\n\r\n");
        auto [ec, r] = s.send(actions::db_get{"amitest", "nokey"});
        CHECK(ec == error::action_failed);
        CHECK(r.value.empty());
        CHECK(r.response.message_text() == "Database entry not found");
    }
    {
        s.reply_raw(
            "DBDel",
            "Response: Success\r\nActionID: $ID\r\nMessage: Key deleted successfully\r\n\r\n");
        auto [ec, r] = s.send(actions::db_del{"amitest", "k1"});
        CHECK_FALSE(ec);
        CHECK(s.last_sent("DBDel") == "Action: DBDel\r\nFamily: amitest\r\nKey: k1\r\n\r\n");
    }
    {
        s.reply_raw("DBGetTree",
                    "Response: Success\r\nActionID: $ID\r\nEventList: start\r\n"
                    "Message: Result will follow\r\n\r\n"
                    "Event: DBGetTreeResponse\r\nFamily: amitest\r\nKey: /amitest/a\r\n"
                    "Val: 1\r\nActionID: $ID\r\n\r\n"
                    "Event: DBGetTreeResponse\r\nFamily: amitest\r\nKey: /amitest/b\r\n"
                    "Val: 2\r\nActionID: $ID\r\n\r\n"
                    "Event: DBGetTreeComplete\r\nActionID: $ID\r\nEventList: Complete\r\n"
                    "ListItems: 2\r\n\r\n");
        auto [ec, r] = s.send(actions::db_get_tree{"amitest", ""});
        CHECK_FALSE(ec);
        CHECK(s.last_sent("DBGetTree") == "Action: DBGetTree\r\nFamily: amitest\r\n\r\n");
        REQUIRE(r.items.size() == 2);
        CHECK(r.items[1].key == "/amitest/b");
        CHECK(r.items[1].value == "2");
    }
}

TEST_CASE("actions: PJSIPShowEndpoints, PJSIPShowEndpoint, PJSIPShowContacts", "[actions]") {
    action_session s;
    {
        s.reply_raw(
            "PJSIPShowEndpoints",
            "Response: Success\r\nActionID: $ID\r\nEventList: start\r\n"
            "Message: A listing of Endpoints follows, presented as EndpointList events\r\n\r\n"
            "Event: EndpointList\r\nActionID: $ID\r\nObjectType: endpoint\r\n"
            "ObjectName: 100\r\nTransport: udp\r\nAor: 100\r\nAuths: 100\r\n"
            "OutboundAuths: \r\nContacts: 100/sip:100@10.0.0.1:5060,\r\n"
            "DeviceState: Not in use\r\nActiveChannels: 0\r\n\r\n"
            "Event: EndpointListComplete\r\nActionID: $ID\r\nEventList: Complete\r\n"
            "ListItems: 1\r\n\r\n");
        auto [ec, r] = s.send(actions::pjsip_show_endpoints{});
        CHECK_FALSE(ec);
        CHECK(s.last_sent("PJSIPShowEndpoints") == "Action: PJSIPShowEndpoints\r\n\r\n");
        REQUIRE(r.items.size() == 1);
        CHECK(r.items[0].object_name == "100");
        CHECK(r.items[0].device_state == "Not in use");
        CHECK(r.items[0].active_channels == 0);
    }
    {
        s.reply_raw(
            "PJSIPShowEndpoint",
            "Response: Success\r\nActionID: $ID\r\nEventList: start\r\n"
            "Message: Following are Events for each object associated with the Endpoint\r\n\r\n"
            "Event: EndpointDetail\r\nActionID: $ID\r\nObjectType: endpoint\r\n"
            "ObjectName: 100\r\nContext: test\r\n\r\n"
            "Event: AorDetail\r\nActionID: $ID\r\nObjectType: aor\r\nObjectName: 100\r\n"
            "MaxContacts: 1\r\n\r\n"
            "Event: AuthDetail\r\nActionID: $ID\r\nObjectType: auth\r\nObjectName: 100\r\n\r\n"
            "Event: ContactStatusDetail\r\nActionID: $ID\r\nAOR: 100\r\n"
            "URI: sip:100@10.0.0.1:5060\r\nStatus: Reachable\r\nRoundtripUsec: 1520\r\n"
            "EndpointName: 100\r\nUserAgent: Phone/1.0\r\nRegExpire: 1795895000\r\n\r\n"
            "Event: EndpointDetailComplete\r\nActionID: $ID\r\nEventList: Complete\r\n"
            "ListItems: 4\r\n\r\n");
        auto [ec, r] = s.send(actions::pjsip_show_endpoint{"100"});
        CHECK_FALSE(ec);
        CHECK(s.last_sent("PJSIPShowEndpoint") ==
              "Action: PJSIPShowEndpoint\r\nEndpoint: 100\r\n\r\n");
        CHECK(r.endpoint.get("Context") == "test");
        CHECK(r.aors.size() == 1);
        CHECK(r.auths.size() == 1);
        REQUIRE(r.contacts.size() == 1);
        CHECK(r.contacts[0].aor == "100");
        CHECK(r.contacts[0].status == "Reachable");
        REQUIRE(r.contacts[0].roundtrip_usec.has_value());
        CHECK(*r.contacts[0].roundtrip_usec == 1520);
        CHECK(r.contacts[0].expiration == 1795895000);
    }
    {
        s.reply_raw(
            "PJSIPShowContacts",
            "Response: Success\r\nActionID: $ID\r\nEventList: start\r\n"
            "Message: A listing of Contacts follows, presented as ContactList events\r\n\r\n"
            "Event: ContactList\r\nActionID: $ID\r\nObjectType: contact\r\n"
            "ObjectName: 100;@abc\r\nViaAddr: 10.0.0.1\r\nViaPort: 5060\r\n"
            "QualifyTimeout: 3.000000\r\nCallId: xyz\r\nEndpoint: 100\r\n"
            "Uri: sip:100@10.0.0.1:5060\r\nQualifyFrequency: 60\r\n"
            "ExpirationTime: 1795895000\r\nStatus: NonQualified\r\nRoundtripUsec: N/A\r\n\r\n"
            "Event: ContactListComplete\r\nActionID: $ID\r\nEventList: Complete\r\n"
            "ListItems: 1\r\n\r\n");
        auto [ec, r] = s.send(actions::pjsip_show_contacts{});
        CHECK_FALSE(ec);
        CHECK(s.last_sent("PJSIPShowContacts") == "Action: PJSIPShowContacts\r\n\r\n");
        REQUIRE(r.items.size() == 1);
        CHECK(r.items[0].endpoint == "100");
        CHECK(r.items[0].via_port == 5060);
        CHECK(r.items[0].qualify_timeout == Approx(3.0));
        CHECK_FALSE(r.items[0].roundtrip_usec.has_value());
    }
}

TEST_CASE("actions: ConfbridgeList", "[actions]") {
    action_session s;
    s.reply_raw("ConfbridgeList",
                "Response: Success\r\nActionID: $ID\r\nEventList: start\r\n"
                "Message: Confbridge user list will follow\r\n\r\n"
                "Event: ConfbridgeList\r\nActionID: $ID\r\nConference: 1000\r\nAdmin: Yes\r\n"
                "MarkedUser: No\r\nWaitMarked: No\r\nEndMarked: No\r\nWaiting: No\r\nMuted: No\r\n"
                "Talking: Yes\r\nAnsweredTime: 61\r\nChannel: PJSIP/1-1\r\nChannelState: 6\r\n"
                "CallerIDNum: 100\r\n\r\n"
                "Event: ConfbridgeListComplete\r\nActionID: $ID\r\nEventList: Complete\r\n"
                "ListItems: 1\r\n\r\n");
    {
        auto [ec, r] = s.send(actions::confbridge_list{"1000"});
        CHECK_FALSE(ec);
        CHECK(s.last_sent("ConfbridgeList") ==
              "Action: ConfbridgeList\r\nConference: 1000\r\n\r\n");
        REQUIRE(r.items.size() == 1);
        CHECK(r.items[0].admin);
        CHECK(r.items[0].talking);
        CHECK_FALSE(r.items[0].muted);
        CHECK(r.items[0].answered_time == 61);
        CHECK(r.items[0].channel.caller_id_num == "100");
    }
    {
        s.reply_raw("ConfbridgeList",
                    "Response: Error\r\nActionID: $ID\r\nMessage: No active conferences.\r\n\r\n");
        auto [ec, r] = s.send(actions::confbridge_list{"2000"});
        CHECK(ec == error::action_failed);
        CHECK(r.items.empty());
        CHECK(r.response.message_text() == "No active conferences.");
    }
}

TEST_CASE("actions: AbsoluteTimeout, PlayDTMF, SendText", "[actions]") {
    action_session s;
    {
        s.reply_raw("AbsoluteTimeout",
                    "Response: Success\r\nActionID: $ID\r\nMessage: Timeout Set\r\n\r\n");
        auto [ec, r] = s.send(actions::absolute_timeout{"PJSIP/1-1", std::chrono::seconds(30)});
        CHECK_FALSE(ec);
        CHECK(s.last_sent("AbsoluteTimeout") ==
              "Action: AbsoluteTimeout\r\nChannel: PJSIP/1-1\r\nTimeout: 30\r\n\r\n");
        CHECK(r.text() == "Timeout Set");
    }
    {
        s.reply_raw(
            "PlayDTMF",
            "Response: Success\r\nActionID: $ID\r\nMessage: DTMF successfully queued\r\n\r\n");
        actions::play_dtmf d{"PJSIP/1-1", "5", 250ms, {}};
        auto [ec, r] = s.send(d);
        CHECK_FALSE(ec);
        CHECK(s.last_sent("PlayDTMF") ==
              "Action: PlayDTMF\r\nChannel: PJSIP/1-1\r\nDigit: 5\r\nDuration: 250\r\n\r\n");
    }
    {
        s.reply_raw("SendText",
                    "Response: Error\r\nActionID: $ID\r\nMessage: No such channel\r\n\r\n");
        auto [ec, r] = s.send(actions::send_text{"PJSIP/1-1", "hello there", "text/plain"});
        CHECK(ec == error::action_failed);
        CHECK(s.last_sent("SendText") ==
              "Action: SendText\r\nChannel: PJSIP/1-1\r\n"
              "Message: hello there\r\nContent-Type: text/plain\r\n\r\n");
        CHECK(r.text() == "No such channel");
    }
}
