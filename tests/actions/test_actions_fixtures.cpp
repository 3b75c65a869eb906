// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// Real captures from Asterisk 22.10.1 (tests/fixtures/asterisk22/*.recv.bin) fed through
// amicpp::parser, each action's reply assembled as the connection does (by ActionID, list items
// up to the Complete event, ActionID-less PeerEntry items to the open list), then turned into the
// typed results and the typed event views.
#include <amicpp/actions/all.hpp>
#include <amicpp/events/catalog.hpp>

#include "support/catch.hpp"
#include "support/fixtures.hpp"

#include <amicpp/detail/pending.hpp>
#include <amicpp/parser.hpp>

#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

using amicpp::message;
namespace actions = amicpp::actions;
namespace events = amicpp::events;

namespace {

std::vector<message> capture(const std::string& name) {
    const auto parsed = amicpp_test::parse_chunked(
        amicpp_test::load_fixture("asterisk22/" + name + ".recv.bin"), 0);
    REQUIRE(parsed.errors.empty());
    return parsed.messages;
}

// The reply of the action with ActionID `id`, assembled from the captured messages the way the
// connection does.
template <class A>
amicpp::reply collect(const std::vector<message>& msgs, std::string_view id, const A& a) {
    const amicpp::completion_spec spec = amicpp::detail::completion_of(a); // as the connection does
    amicpp::reply r;
    std::size_t i = 0;
    for (; i < msgs.size(); ++i) {
        if (msgs[i].kind() == amicpp::message_kind::response && msgs[i].action_id() == id)
            break;
    }
    REQUIRE(i < msgs.size());
    r.response = msgs[i];
    if (r.response.is_error())
        return r;
    const bool list = r.response.is_list_start() || spec.list;
    for (++i; i < msgs.size(); ++i) {
        const message& m = msgs[i];
        if (m.kind() != amicpp::message_kind::event)
            continue;
        const bool mine = m.action_id() == id;
        if (list) {
            const bool ends = m.is_list_complete() || m.is_list_cancelled() ||
                              (!spec.complete_event.empty() && m.is_event(spec.complete_event));
            if (mine && ends) {
                r.final_event = m;
                return r;
            }
            if (mine || (m.action_id().empty() && !m.contains("Privilege")))
                r.items.push_back(m);
        } else if (!spec.final_event.empty() && mine && m.is_event(spec.final_event)) {
            r.final_event = m;
            return r;
        }
    }
    REQUIRE_FALSE(list); // a list must end
    REQUIRE(spec.final_event.empty());
    return r;
}

template <class A>
std::pair<std::error_code, typename A::result_type> replay(const std::vector<message>& msgs,
                                                           std::string_view id, const A& a) {
    std::error_code ec;
    amicpp::reply r = collect(msgs, id, a);
    if (r.response.is_error())
        ec = amicpp::error::action_failed;
    std::error_code conversion;
    auto result = A::make_result(std::move(r), conversion);
    return {ec ? ec : conversion, std::move(result)};
}

} // namespace

TEST_CASE("captures: Ping, Command, Logoff, Challenge", "[fixtures]") {
    {
        const auto msgs = capture("06_ping");
        auto [ec, r] = replay(msgs, "p1", actions::ping{});
        CHECK_FALSE(ec);
        CHECK(r.timestamp() == "1795894358.675803");
    }
    {
        const auto msgs = capture("07_command");
        auto [ec, r] = replay(msgs, "c4", actions::command{"core show uptime"});
        CHECK_FALSE(ec);
        CHECK(r.output ==
              std::vector<std::string>{"System uptime: 24 seconds", "Last reload: 24 seconds"});
        auto [ec3, r3] = replay(msgs, "c3", actions::command{"this command does not exist"});
        CHECK(ec3 == amicpp::error::action_failed);
        REQUIRE(r3.output.size() == 1);
        CHECK(r3.output[0].rfind("No such command", 0) == 0);
    }
    {
        const auto msgs = capture("23_logoff");
        auto [ec, r] = replay(msgs, "bye", actions::logoff{});
        CHECK_FALSE(ec);
        CHECK(r.response.message_text() == "Thanks for all the fish.");
    }
    {
        const auto msgs = capture("04_challenge_md5_login");
        auto [ec, r] = replay(msgs, "ch1", actions::challenge{});
        CHECK_FALSE(ec);
        CHECK(r.challenge == "597504082");
        const auto login = actions::login::md5("admin", r.challenge, "amp111");
        CHECK(login.key == "9f8d3fa9d818b35b45fa280a6c2cfab8");
        auto [ec2, r2] = replay(msgs, "ch2", login);
        CHECK_FALSE(ec2);
        CHECK(r2.text() == "Authentication accepted");
    }
}

TEST_CASE("captures: Status and CoreShowChannels into typed views", "[fixtures]") {
    const auto msgs = capture("09_status_with_channel");
    {
        auto [ec, r] = replay(msgs, "s1", actions::status{});
        CHECK_FALSE(ec);
        REQUIRE(r.items.size() == 2);
        const events::status st{r.items[0]};
        CHECK(st.channel() == "Local/200@test-00000001;1");
        CHECK(st.channel_state() == 6);
        CHECK(st.priority() == 2);
        CHECK(st.application() == "Wait");
        CHECK(st.data() == "60");
        CHECK(st.seconds() == "0");
        CHECK(r.complete.get("Items") == "2");
    }
    {
        auto [ec, r] = replay(msgs, "s3", actions::status{});
        CHECK(ec == amicpp::error::action_failed);
        CHECK(r.response.message_text() == "No such channel");
    }
    {
        auto [ec, r] = replay(msgs, "s4", actions::core_show_channels{});
        CHECK_FALSE(ec);
        REQUIRE(r.items.size() == 2);
        const events::core_show_channel c{r.items[1]};
        CHECK(c.channel() == "Local/200@test-00000001;2");
        CHECK(c.duration() == "00:00:01");
        CHECK(c.application_data() == "60");
        CHECK(c.linkedid() == "1795894366.2");
    }
}

TEST_CASE("captures: Originate failures and the OriginateResponse view", "[fixtures]") {
    const auto msgs = capture("11_originate_failures");
    {
        actions::originate o;
        o.channel = "Local/999@nosuchcontext";
        o.context = "test";
        o.exten = "100";
        auto [ec, r] = replay(msgs, "o2", o);
        CHECK(ec == amicpp::error::originate_failed);
        CHECK_FALSE(r.success);
        CHECK(r.reason == actions::originate_reason::failure);
        CHECK(r.uniqueid == "<unknown>");
    }
    {
        actions::originate o;
        o.async = false;
        auto [ec, r] = replay(msgs, "o3", o);
        CHECK(ec == amicpp::error::action_failed);
        CHECK(r.response.message_text() == "Originate failed");
    }
    int hangups = 0;
    for (const message& m : msgs) {
        if (auto h = events::as<events::hangup>(m)) {
            ++hangups;
            CHECK(h->cause() == 0);
            CHECK(h->cause_txt() == "Unknown");
            CHECK(h->context() == "nosuchcontext");
        }
        if (auto o = events::as<events::originate_response>(m)) {
            CHECK_FALSE(o->success());
            CHECK(o->reason() == actions::originate_reason::failure);
            CHECK(o->action_id() == "o2");
        }
        if (auto n = events::as<events::newchannel>(m))
            CHECK(n->channel_state().has_value());
    }
    CHECK(hangups == 4);
}

TEST_CASE("captures: ExtensionState, ExtensionStatus, ExtensionStateList", "[fixtures]") {
    const auto msgs = capture("12_extension_state");
    {
        auto [ec, r] = replay(msgs, "e1", actions::extension_state{"100", "test"});
        CHECK_FALSE(ec);
        CHECK(r.hint == "Custom:ext100");
        CHECK(r.status == actions::extension_status::idle);
        CHECK(r.status_text == "Idle");
    }
    {
        auto [ec, r] = replay(msgs, "e2", actions::extension_state{"200", "test"});
        CHECK_FALSE(ec);
        CHECK(r.hint.empty());
        CHECK(r.status == actions::extension_status::unknown);
        CHECK(r.status_text == "Unknown");
    }
    {
        auto [ec, r] = replay(msgs, "e5", actions::extension_state{"100", "test"});
        CHECK_FALSE(ec);
        CHECK(r.status == actions::extension_status::in_use);
        CHECK(to_string(r.status) == r.status_text);
    }
    {
        auto [ec, r] =
            replay(msgs, "e4", actions::setvar{"DEVICE_STATE(Custom:ext100)", "INUSE", ""});
        CHECK_FALSE(ec);
        CHECK(r.text() == "Variable Set");
    }
    {
        auto [ec, r] = replay(msgs, "e7", actions::extension_state_list{});
        CHECK_FALSE(ec);
        REQUIRE(r.items.size() == 1);
        CHECK(r.items[0].exten == "100");
        CHECK(r.items[0].status == actions::extension_status::idle);
    }
    int changes = 0;
    for (const message& m : msgs) {
        if (auto x = events::as<events::extension_status>(m)) {
            if (x->action_id().empty()) {
                ++changes;
                CHECK(x->hint() == "Custom:ext100");
            }
        }
    }
    CHECK(changes == 2);
}

TEST_CASE("captures: MailboxStatus, MailboxCount", "[fixtures]") {
    const auto msgs = capture("13_mailbox");
    {
        auto [ec, r] = replay(msgs, "m1", actions::mailbox_status{"1234@default"});
        CHECK_FALSE(ec);
        CHECK(r.waiting);
    }
    {
        auto [ec, r] = replay(msgs, "m2", actions::mailbox_count{"1234@default"});
        CHECK_FALSE(ec);
        CHECK(r.new_messages == 2);
        CHECK(r.old_messages == 1);
        CHECK(r.urgent_messages == 0);
    }
    {
        auto [ec, r] = replay(msgs, "m3", actions::mailbox_count{"9999@default"});
        CHECK_FALSE(ec);
        CHECK(r.new_messages == 0);
    }
    {
        auto [ec, r] = replay(msgs, "m4", actions::mailbox_status{""});
        CHECK(ec == amicpp::error::action_failed);
        CHECK(r.response.message_text() == "Mailbox not specified");
    }
}

TEST_CASE("captures: QueueStatus, QueueSummary, queue member events", "[fixtures]") {
    {
        const auto msgs = capture("14_queue_status_queues");
        auto [ec, r] = replay(msgs, "q2", actions::queue_status{"support", ""});
        CHECK_FALSE(ec);
        REQUIRE(r.queues.size() == 1);
        CHECK(r.queues[0].strategy == "ringall");
        CHECK(r.queues[0].service_level_perf == Approx(0.0));
        REQUIRE(r.members.size() == 1);
        CHECK(r.members[0].name == "Agent Two Hundred");
        CHECK(r.members[0].location == "Local/200@test");
        CHECK(r.members[0].membership == "static");
        CHECK(r.members[0].last_pause == 1795894337);
        CHECK(r.members[0].paused);
        CHECK(r.members[0].status == actions::queue_member_status::not_in_use);
        CHECK(r.callers.empty());
        auto [ec3, r3] = replay(msgs, "q3", actions::queue_summary{});
        CHECK_FALSE(ec3);
        REQUIRE(r3.items.size() == 1);
        CHECK(r3.items[0].logged_in == 1);
        CHECK(r3.items[0].available == 0);
        auto [ec4, r4] = replay(msgs, "q4", actions::queues{});
        CHECK(ec4 == amicpp::error::action_failed);
    }
    {
        const auto msgs = capture("15b_queue_member_add_pause_remove");
        auto [ec, r] = replay(msgs, "a1", actions::queue_add{"support", "Local/100@test"});
        CHECK_FALSE(ec);
        CHECK(r.text() == "Added interface to queue");
        auto [ec4, r4] = replay(msgs, "a4", actions::queue_remove{"support", "Local/100@test"});
        CHECK(ec4 == amicpp::error::action_failed);
        CHECK(r4.text() == "Unable to remove interface: Not there");
        bool paused = false;
        for (const message& m : msgs) {
            if (auto p = events::as<events::queue_member_pause>(m)) {
                paused = true;
                CHECK(p->paused() == 1);
                CHECK(p->paused_reason() == "lunch");
                CHECK(p->member_name() == "Tmp");
            }
        }
        CHECK(paused);
    }
}

TEST_CASE("captures: IAXpeers (items without ActionID) and IAXpeerlist", "[fixtures]") {
    const auto msgs = capture("16_iax_peers");
    {
        auto [ec, r] = replay(msgs, "i1", actions::iax_peers{});
        CHECK_FALSE(ec);
        REQUIRE(r.items.size() == 2);
        CHECK(r.items[0].object_name == "selfpeer/selfpeer");
        CHECK(r.items[0].port == 4569);
        CHECK(r.items[1].port == 4570);
        CHECK(r.items[1].status == "Unmonitored");
        CHECK(r.complete.get("ListItems") == "2");
    }
    {
        auto [ec, r] = replay(msgs, "i2", actions::iax_peerlist{});
        CHECK_FALSE(ec);
        REQUIRE(r.items.size() == 2);
        CHECK(r.items[0].object_username == "selfpeer");
        CHECK(r.items[0].mask == "255.255.255.255");
        CHECK(r.items[0].port == 4569);
    }
}

TEST_CASE("captures: Monitor gone, MixMonitor family", "[fixtures]") {
    const auto msgs = capture("17_monitor_mixmonitor");
    {
        auto [ec, r] = replay(
            msgs, "mo1", actions::monitor{"Local/200@test-00000007;1", "mon-test", "wav", true});
        CHECK(ec == amicpp::error::action_failed);
        CHECK(r.text().find("Invalid/unknown command: Monitor") == 0);
    }
    {
        auto [ec, r] = replay(msgs, "mm1", actions::mix_monitor{});
        CHECK_FALSE(ec);
        CHECK(r.id.empty());
    }
    {
        auto [ec, r] = replay(msgs, "mm4", actions::stop_mix_monitor{});
        CHECK(ec == amicpp::error::action_failed);
        CHECK(r.text() == "Could not stop monitoring channel");
    }
    bool muted = false;
    for (const message& m : msgs) {
        if (auto e = events::as<events::mix_monitor_mute>(m)) {
            muted = true;
            CHECK(e->direction() == "both");
            CHECK(e->state() == "1");
            CHECK(e->channel() == "Local/200@test-00000007;1");
        }
    }
    CHECK(muted);
}

TEST_CASE("captures: ListCommands", "[fixtures]") {
    const auto msgs = capture("18_listcommands");
    auto [ec, r] = replay(msgs, "lc1", actions::list_commands{});
    CHECK_FALSE(ec);
    CHECK(r.commands.size() > 100);
    bool found = false;
    for (const auto& c : r.commands) {
        if (c.name == "AbsoluteTimeout") {
            found = true;
            CHECK(c.description == "Set absolute timeout.");
            CHECK(c.privileges == "system,call,all");
        }
    }
    CHECK(found);
}

TEST_CASE("captures: Getvar, Setvar, VarSet", "[fixtures]") {
    const auto msgs = capture("19_getvar_setvar");
    {
        auto [ec, r] = replay(msgs, "v2", actions::getvar{"MYGLOBAL", ""});
        CHECK_FALSE(ec);
        CHECK(r.value == "hello world");
    }
    {
        auto [ec, r] = replay(msgs, "v5", actions::getvar{"CHANNEL(state)", ""});
        CHECK_FALSE(ec);
        CHECK(r.variable == "CHANNEL(state)");
        CHECK(r.value == "Up");
    }
    {
        auto [ec, r] = replay(msgs, "v6", actions::getvar{"NOT_SET_ANYWHERE", ""});
        CHECK_FALSE(ec);
        CHECK(r.value.empty());
    }
    {
        auto [ec, r] = replay(msgs, "v8", actions::getvar{"X", ""});
        CHECK(ec == amicpp::error::action_failed);
        CHECK(r.response.message_text() == "No such channel");
    }
    {
        auto [ec, r] = replay(msgs, "v9", actions::setvar{});
        CHECK(ec == amicpp::error::action_failed);
        CHECK(r.text() == "No variable specified");
    }
    std::vector<std::string> values;
    for (const message& m : msgs) {
        if (auto v = events::as<events::var_set>(m))
            values.emplace_back(v->value());
    }
    CHECK(values == std::vector<std::string>{"hello world", "abc:def"});
}

TEST_CASE("captures: Events, CoreStatus, CoreSettings, Reload, DBGet, UserEvent", "[fixtures]") {
    {
        const auto msgs = capture("22_events_toggle");
        auto [ec, r] = replay(msgs, "ev1", actions::events{"off"});
        CHECK_FALSE(ec);
        CHECK_FALSE(r.enabled);
        auto [ec2, r2] = replay(msgs, "ev3", actions::events{"call,system"});
        CHECK(r2.enabled);
        bool booted = false;
        for (const message& m : msgs) {
            if (auto b = events::as<events::fully_booted>(m)) {
                booted = true;
                CHECK(b->uptime() == 91L);
                CHECK(b->status() == "Fully Booted");
            }
            if (auto a = events::as<events::successful_auth>(m)) {
                CHECK(a->account_id() == "admin");
                CHECK(a->using_password() == "0");
                CHECK(a->service() == "AMI");
            }
        }
        CHECK(booted);
    }
    const auto msgs = capture("25_core_misc");
    {
        auto [ec, r] = replay(msgs, "k1", actions::core_status{});
        CHECK_FALSE(ec);
        CHECK(r.startup_date == "2026-11-28");
        CHECK(r.processed_calls == 14);
    }
    {
        auto [ec, r] = replay(msgs, "k2", actions::core_settings{});
        CHECK_FALSE(ec);
        CHECK(r.ami_version == "11.0.0");
        CHECK(r.asterisk_version == "22.10.1");
        CHECK(r.max_load_avg == Approx(0.0));
        CHECK_FALSE(r.http_enabled);
    }
    {
        auto [ec, r] = replay(msgs, "k3", actions::reload{"pbx_config"});
        CHECK_FALSE(ec);
        CHECK(r.text() == "Module Reloaded");
    }
    {
        auto [ec, r] = replay(msgs, "k5", actions::device_state_list{});
        CHECK_FALSE(ec);
        REQUIRE(r.items.size() == 7);
        CHECK(r.items[6].device == "Custom:ext100");
        CHECK(r.items[6].state == "NOT_INUSE");
    }
    {
        auto [ec, r] = replay(msgs, "k8", actions::db_get{"amitest", "k1"});
        CHECK_FALSE(ec);
        CHECK(r.value == "v1");
        auto [ec9, r9] = replay(msgs, "k9", actions::db_get{"amitest", "nokey"});
        CHECK(ec9 == amicpp::error::action_failed);
        CHECK(r9.response.message_text() == "Database entry not found");
    }
    {
        auto [ec, r] = replay(msgs, "k7", actions::db_put{"amitest", "k1", "v1"});
        CHECK_FALSE(ec);
        CHECK(r.text() == "Updated database successfully");
    }
    {
        auto [ec, r] =
            replay(msgs, "k12", actions::user_event{"MyTestEvent", {{"Header1", "hello"}}});
        CHECK_FALSE(ec);
        CHECK(r.text() == "Event Sent");
        bool seen = false;
        for (const message& m : msgs) {
            if (auto u = events::as<events::user_event>(m)) {
                seen = true;
                CHECK(u->name() == "MyTestEvent");
                CHECK(u->get("Header1") == "hello");
            }
        }
        CHECK(seen);
    }
}

TEST_CASE("captures: missing required headers fail with the server's text", "[fixtures]") {
    const auto msgs = capture("21_missing_required_header");
    {
        auto [ec, r] = replay(msgs, "mh0", actions::hangup{});
        CHECK(ec == amicpp::error::action_failed);
        CHECK(r.response.message_text() == "No channel specified");
    }
    {
        auto [ec, r] = replay(msgs, "mh2", actions::redirect{});
        CHECK(ec == amicpp::error::action_failed);
        CHECK(r.text() == "Channel not specified");
    }
    {
        auto [ec, r] = replay(msgs, "mh3", actions::extension_state{});
        CHECK(ec == amicpp::error::action_failed);
        CHECK(r.response.message_text() == "Extension not specified");
    }
    {
        auto [ec, r] = replay(msgs, "mh5", actions::queue_pause{});
        CHECK(ec == amicpp::error::action_failed);
        CHECK(r.text() == "Need 'Interface' and 'Paused' parameters.");
    }
    {
        auto [ec, r] = replay(msgs, "mh8", actions::atxfer{});
        CHECK(ec == amicpp::error::action_failed);
        CHECK(r.text() == "No channel specified");
    }
}
