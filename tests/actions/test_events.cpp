// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// Typed event views: accessors over the message without copies, names compared ignoring case,
// ChanVariable / DestChanVariable as map-like views (both the Asterisk 12+ and the Asterisk 11
// forms), typed numbers that report bad input instead of crashing, and typed subscriptions on a
// live connection to amicpp::testing::server.
#include <amicpp/actions/ping.hpp>
#include <amicpp/client.hpp>
#include <amicpp/events/catalog.hpp>

#include "actions/session.hpp"
#include "support/catch.hpp"

#include <amicpp/parser.hpp>

#include <chrono>
#include <functional>
#include <future>
#include <map>
#include <string>
#include <system_error>
#include <vector>

using amicpp::message;
namespace events = amicpp::events;

namespace {

// Parses one message written as AMI text (no banner).
message parse(std::string_view text) {
    amicpp::parser_options o;
    o.expect_banner = false;
    amicpp::parser p(o);
    p.feed(text);
    message m;
    std::error_code ec;
    REQUIRE(p.next(m, ec));
    REQUIRE_FALSE(ec);
    return m;
}

const char* const hangup_text =
    "Event: Hangup\r\nPrivilege: call,all\r\nChannel: PJSIP/100-00000001\r\nChannelState: 6\r\n"
    "ChannelStateDesc: Up\r\nCallerIDNum: 100\r\nCallerIDName: Alice\r\n"
    "ConnectedLineNum: 200\r\nConnectedLineName: Bob\r\nLanguage: en\r\nAccountCode: \r\n"
    "Context: from-internal\r\nExten: 200\r\nPriority: 3\r\nUniqueid: 1795894366.2\r\n"
    "Linkedid: 1795894366.1\r\nChanVariable: CDR(userfield)=vip\r\n"
    "ChanVariable: QUEUE=support=1\r\nCause: 16\r\nCause-txt: Normal Clearing\r\n\r\n";

} // namespace

TEST_CASE("events: a view reads the message without copying it", "[events]") {
    const message m = parse(hangup_text);
    const events::hangup h{m};
    CHECK(&h.msg() == &m);
    CHECK(h.channel() == "PJSIP/100-00000001");
    CHECK(h.channel().data() >= m.header_at(0).key.data()); // a view into the message
    CHECK(h.channel_state() == 6);
    CHECK(h.channel_state_desc() == "Up");
    CHECK(h.caller_id_name() == "Alice");
    CHECK(h.connected_line_num() == "200");
    CHECK(h.priority() == 3);
    CHECK(h.uniqueid() == "1795894366.2");
    CHECK(h.linkedid() == "1795894366.1");
    CHECK(h.cause() == 16);
    CHECK(*h.cause() == 16);
    CHECK(h.cause_txt() == "Normal Clearing");
    CHECK(h.privilege() == "call,all");
    CHECK(h.account_code().empty());
}

TEST_CASE("events: names are compared ignoring case", "[events]") {
    const message m = parse(hangup_text);
    CHECK(events::is<events::hangup>(m));
    CHECK_FALSE(events::is<events::newchannel>(m));
    CHECK(events::as<events::hangup>(m).has_value());
    CHECK_FALSE(events::as<events::dial_begin>(m).has_value());

    // Asterisk 22 sends `Newexten` where its documentation says `NewExten`.
    const message e = parse("Event: Newexten\r\nChannel: Local/200@test-00000008;2\r\n"
                            "Extension: 200\r\nApplication: Wait\r\nAppData: 60\r\n\r\n");
    auto view = events::as<events::new_exten>(e);
    REQUIRE(view.has_value());
    CHECK(view->application() == "Wait");
    CHECK(view->app_data() == "60");
    const message lower = parse("event: hangup\r\ncause: 17\r\n\r\n");
    REQUIRE(events::as<events::hangup>(lower).has_value());
    CHECK(events::hangup{lower}.cause() == 17);
}

TEST_CASE("events: ChanVariable and DestChanVariable are map-like views", "[events]") {
    const message m = parse(hangup_text);
    const events::hangup h{m};
    const auto vars = h.chan_variables();
    CHECK(vars.size() == 2);
    CHECK(vars["CDR(userfield)"] == "vip");
    CHECK(vars["QUEUE"] == "support=1"); // only the first '=' separates
    CHECK(vars.contains("QUEUE"));
    CHECK_FALSE(vars.contains("queue")); // variable names keep their case
    CHECK_FALSE(vars.find("NOPE").has_value());
    CHECK(vars["NOPE"].empty());
    const std::map<std::string, std::string> expected{{"CDR(userfield)", "vip"},
                                                      {"QUEUE", "support=1"}};
    CHECK(vars.to_map() == expected);
    std::vector<std::string> names;
    for (const events::variable v : vars)
        names.emplace_back(v.name);
    CHECK(names == std::vector<std::string>{"CDR(userfield)", "QUEUE"});

    const message d =
        parse("Event: DialBegin\r\nChannel: PJSIP/100-1\r\nChanVariable: A=1\r\n"
              "DestChannel: PJSIP/200-2\r\nDestChannelState: 5\r\nDestChanVariable: A=2\r\n"
              "DestChanVariable: B=3\r\nDialString: 200\r\n\r\n");
    const events::dial_begin b{d};
    CHECK(b.channel() == "PJSIP/100-1");
    CHECK(b.dest_channel() == "PJSIP/200-2");
    CHECK(b.dest_channel_state() == 5);
    CHECK(b.chan_variables().size() == 1);
    CHECK(b.chan_variables()["A"] == "1");
    CHECK(b.dest_chan_variables().size() == 2);
    CHECK(b.dest_chan_variables()["A"] == "2");
    CHECK(b.dest_chan_variables()["B"] == "3");
    CHECK(b.dial_string() == "200");

    // Asterisk 1.8 to 11: `ChanVariable(<channel>): name=value`.
    const message old = parse("Event: Hangup\r\nChannel: SIP/1-0001\r\n"
                              "ChanVariable(SIP/1-0001): FOO=bar\r\nCause: 16\r\n\r\n");
    CHECK(events::hangup{old}.chan_variables()["FOO"] == "bar");
    const message none = parse("Event: Hangup\r\n\r\n");
    CHECK(events::hangup{none}.chan_variables().empty());
    // events::hangup{parse(...)} does not compile: a view of a temporary would dangle.
    static_assert(!std::is_constructible_v<events::hangup, message&&>);
}

TEST_CASE("events: numbers report absent and invalid values instead of crashing", "[events]") {
    const message m = parse("Event: Hangup\r\nChannelState: six\r\nPriority: \r\n"
                            "Cause: 99999999999999999999\r\n\r\n");
    const events::hangup h{m};
    CHECK_FALSE(h.channel_state().has_value());
    CHECK(h.channel_state().present());
    CHECK(h.channel_state().error() == amicpp::error::invalid_field);
    CHECK(h.channel_state().raw() == "six");
    CHECK(h.channel_state().value_or(-1) == -1);
    CHECK_THROWS_AS(h.channel_state().value(), std::system_error);
    CHECK_FALSE(h.priority().present()); // empty: absent, not an error
    CHECK_FALSE(h.priority().error());
    CHECK(h.cause().error() == amicpp::error::invalid_field); // overflow

    const message r = parse("Event: OriginateResponse\r\nResponse: Failure\r\nReason: 5\r\n"
                            "Uniqueid: <unknown>\r\n\r\n");
    const events::originate_response o{r};
    CHECK_FALSE(o.success());
    CHECK(o.reason() == amicpp::actions::originate_reason::busy);

    const message x = parse("Event: ExtensionStatus\r\nExten: 100\r\nStatus: 8\r\n"
                            "StatusText: Ringing\r\n\r\n");
    CHECK(events::extension_status{x}.status() == amicpp::actions::extension_status::ringing);

    const message s = parse("Event: Shutdown\r\nShutdown: Cleanly\r\nRestart: True\r\n\r\n");
    CHECK(events::shutdown{s}.cleanly());
    CHECK(events::shutdown{s}.restart() == true);
    const message b = parse("Event: FullyBooted\r\nStatus: Fully Booted\r\nUptime: 91\r\n\r\n");
    CHECK(events::fully_booted{b}.uptime() == 91L);
    CHECK_FALSE(events::fully_booted{b}.last_reload().present());
}

TEST_CASE("events: hand-written views win over generated ones in amicpp::events", "[events]") {
    // The hand-written hangup is in amicpp::events; the generated one stays in generated.
    static_assert(!std::is_same_v<events::hangup, amicpp::generated::events::hangup>);
    // A generated view (no hand-written one) is brought in.
    static_assert(std::is_same_v<events::queue_member_status,
                                 amicpp::generated::events::queue_member_status>);
    const message m = parse("Event: QueueMemberStatus\r\nQueue: support\r\nStatus: 2\r\n"
                            "Paused: 1\r\n\r\n");
    const events::queue_member_status q{m};
    CHECK(q.queue() == "support");
    CHECK(q.status() == 2);
    CHECK(q.paused() == 1);
    const message t = parse("Event: AttendedTransfer\r\nOrigTransfererChannel: A\r\n"
                            "OrigBridgeUniqueid: b1\r\nSecondTransfererChannel: B\r\n"
                            "TransfereeChannel: C\r\nDestType: Bridge\r\n\r\n");
    const events::attended_transfer at{t};
    CHECK(at.orig_transferer_channel() == "A");
    CHECK(at.orig_bridge_uniqueid() == "b1");
    CHECK(at.second_transferer_channel() == "B");
    CHECK(at.transferee_channel() == "C");
    CHECK(at.dest_type() == "Bridge");
}

TEST_CASE("events: typed subscriptions deliver views, names ignoring case", "[events]") {
    amicpp_test::action_session s;
    std::vector<std::string> hangups;
    std::vector<int> causes;
    auto sub = events::subscribe<events::hangup>(s.conn, [&](const events::hangup& h) {
        hangups.emplace_back(h.channel());
        causes.push_back(h.cause().value_or(-1));
    });
    int dials = 0, news = 0;
    auto both =
        events::subscribe<events::dial_begin, events::newchannel>(s.conn, [&](const auto& e) {
            if constexpr (std::is_same_v<std::decay_t<decltype(e)>, events::dial_begin>)
                ++dials;
            else
                ++news;
        });
    s.io.poll();                          // let the subscriptions register
    message h = message::event("HANGUP"); // any case
    h.add("Privilege", "call,all");
    h.add("Channel", "PJSIP/7-1");
    h.add("Cause", "17");
    s.srv.broadcast(h);
    message d = message::event("DialBegin");
    d.add("Privilege", "call,all");
    s.srv.broadcast(d);
    message n = message::event("newchannel");
    n.add("Privilege", "call,all");
    s.srv.broadcast(n);
    REQUIRE(amicpp_test::run_until(s.io, [&] { return hangups.size() == 1 && news == 1; }));
    CHECK(hangups == std::vector<std::string>{"PJSIP/7-1"});
    CHECK(causes == std::vector<int>{17});
    CHECK(dials == 1);
}

namespace {

// What the deduced form accepts: handlers taking one view each.
static_assert(events::detail::is_view_handler<void (*)(const events::hangup&)>);
static_assert(events::detail::is_view_handler<std::function<void(events::newchannel)>>);
constexpr auto generic = [](const auto&) {};
static_assert(!events::detail::is_view_handler<decltype(generic)>);
static_assert(!events::detail::is_view_handler<std::function<void(const message&)>>);

// Broadcasts Newchannel, DialBegin, Hangup (names in odd case), as Asterisk does for a call.
void broadcast_call(amicpp::testing::server& srv, std::string_view channel) {
    for (const char* name : {"NEWCHANNEL", "DialBegin", "hangup"}) {
        message m = message::event(name);
        m.add("Privilege", "call,all");
        m.add("Channel", channel);
        m.add("Uniqueid", "1700000000.1");
        if (std::string_view(name) == "hangup")
            m.add("Cause", "16");
        srv.broadcast(m);
    }
}

} // namespace

TEST_CASE("events: one subscription, one handler per view type", "[events]") {
    amicpp_test::action_session s;
    std::vector<std::string> seen;
    // The obvious code: the view types come from the handlers' parameters.
    auto sub = events::subscribe(
        s.conn,
        [&](const events::newchannel& n) { seen.push_back("new " + std::string(n.channel())); },
        [&](events::hangup h) { seen.push_back("hangup " + std::to_string(*h.cause())); });
    // An overload set with the types named works too (and a handler may be a plain function).
    int dials = 0, hangups = 0;
    auto named = events::subscribe<events::dial_begin, events::hangup>(
        s.conn, events::overloaded{[&](const events::dial_begin&) { ++dials; },
                                   [&](const events::hangup&) { ++hangups; }});
    s.io.poll(); // let the subscriptions register
    broadcast_call(s.srv, "PJSIP/100-1");
    REQUIRE(amicpp_test::run_until(s.io, [&] { return seen.size() == 2 && hangups == 1; }));
    CHECK(seen == std::vector<std::string>{"new PJSIP/100-1", "hangup 16"});
    CHECK(dials == 1);
}

TEST_CASE("events: handlers per view type through amicpp::client", "[events]") {
    amicpp::testing::server srv(amicpp_test::action_server_options());
    amicpp::client ami;
    ami.connect("127.0.0.1", std::to_string(srv.port()), {"admin", "amp111"});
    std::promise<std::string> news, hangups;
    auto sub = events::subscribe(
        ami, [&](const events::newchannel& n) { news.set_value(std::string(n.channel())); },
        [&](const events::hangup& h) { hangups.set_value(std::string(h.channel())); });
    ami.send(amicpp::actions::ping{}).get(); // the subscription is registered by now
    broadcast_call(srv, "PJSIP/9-9");
    auto n = news.get_future();
    auto h = hangups.get_future();
    REQUIRE(n.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
    REQUIRE(h.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
    CHECK(n.get() == "PJSIP/9-9");
    CHECK(h.get() == "PJSIP/9-9");
}

TEST_CASE("events: typed subscription through amicpp::client", "[events]") {
    amicpp::testing::server srv(amicpp_test::action_server_options());
    amicpp::client ami;
    ami.connect("127.0.0.1", std::to_string(srv.port()), {"admin", "amp111"});
    std::promise<std::string> got;
    auto sub = events::subscribe<events::hangup>(
        ami, [&](const events::hangup& h) { got.set_value(std::string(h.channel())); });
    // The subscription is registered on the connection's strand before this ping is sent.
    ami.send(amicpp::actions::ping{}).get();
    message h = message::event("Hangup");
    h.add("Privilege", "call,all");
    h.add("Channel", "PJSIP/9-9");
    srv.broadcast(h);
    auto f = got.get_future();
    REQUIRE(f.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
    CHECK(f.get() == "PJSIP/9-9");
}
