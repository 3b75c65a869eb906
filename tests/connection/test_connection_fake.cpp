// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// basic_connection over an in-memory stream: the test writes the server's bytes itself.
#include <amicpp/actions/command.hpp>
#include <amicpp/actions/originate.hpp>
#include <amicpp/actions/ping.hpp>
#include <amicpp/actions/status.hpp>
#include <amicpp/basic_connection.hpp>
#include <amicpp/detail/md5.hpp>
#include <amicpp/future.hpp>
#include <amicpp/parser.hpp>

#include "connection/fake_stream.hpp"
#include "connection/harness.hpp"
#include "support/catch.hpp"

#include <asio/bind_cancellation_slot.hpp>
#include <asio/cancellation_signal.hpp>
#include <asio/io_context.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

using amicpp::message;
using amicpp_test::fake_peer;
using amicpp_test::fake_stream;
using amicpp_test::run_until;
using fake_connection = amicpp::basic_connection<fake_stream>;
using namespace std::chrono_literals;

namespace {

// A logged-in connection over a fake stream, and helpers to read what the client wrote.
struct session {
    asio::io_context io;
    std::shared_ptr<fake_peer> peer = std::make_shared<fake_peer>();
    std::unique_ptr<fake_connection> conn;
    amicpp::parser client_bytes{amicpp::parser_options{{}, false}};

    explicit session(amicpp::connection_options options = {}, bool login = true,
                     std::size_t read_limit = 0) {
        peer->read_limit = read_limit;
        auto p = peer;
        options.action_id_prefix = "t";
        // These tests pull events that came before their first receive.
        options.buffer_events_before_first_receive = true;
        conn = std::make_unique<fake_connection>(
            io.get_executor(), options, [p](const auto& strand) { return fake_stream(strand, p); });
        if (login)
            log_in();
    }

    ~session() {
        // Close and let the closing run, then drop a read the fake may still hold (it holds the
        // connection's state; a real socket's pending reads belong to the io_context instead).
        conn.reset();
        io.restart();
        io.poll();
        peer->pending_read = nullptr;
    }

    void log_in() {
        std::optional<std::error_code> result;
        amicpp::login_options l{"admin", "secret", amicpp::auth_method::plain, "on"};
        conn->async_login(fake_stream(io.get_executor(), peer), l,
                          [&](std::error_code ec, message) { result = ec; });
        peer->send("Asterisk Call Manager/11.0.0\r\n");
        message login = next_sent();
        REQUIRE(login.action_name() == "Login");
        peer->send("Response: Success\r\nActionID: " + std::string(login.action_id()) +
                   "\r\nMessage: Authentication accepted\r\n\r\n");
        REQUIRE(run_until(io, [&] { return result.has_value(); }));
        REQUIRE_FALSE(*result);
    }

    fake_connection::status status() {
        std::optional<fake_connection::status> st;
        conn->async_get_status([&](fake_connection::status x) { st = std::move(x); });
        REQUIRE(run_until(io, [&] { return st.has_value(); }));
        return *st;
    }

    // The next action the client wrote, waiting for it (with a deadline).
    message next_sent() {
        message m;
        std::error_code ec;
        std::size_t fed = 0;
        bool got = false;
        REQUIRE(run_until(io, [&] {
            if (fed < peer->from_client.size()) {
                client_bytes.feed(std::string_view(peer->from_client).substr(fed));
                fed = peer->from_client.size();
            }
            got = client_bytes.next(m, ec);
            return got;
        }));
        peer->from_client.erase(0, fed);
        REQUIRE_FALSE(ec);
        return m;
    }
};

std::string response(std::string_view id, std::string_view rest = "Response: Success\r\n") {
    return std::string(rest) + "ActionID: " + std::string(id) + "\r\n\r\n";
}

} // namespace

TEST_CASE("login writes a plain Login and completes on Success", "[connection]") {
    session s({}, false);
    std::optional<std::error_code> result;
    message login_response;
    s.conn->async_login(fake_stream(s.io.get_executor(), s.peer),
                        {"admin", "pw", amicpp::auth_method::plain, "call,system"},
                        [&](std::error_code ec, message r) {
                            result = ec;
                            login_response = std::move(r);
                        });
    s.peer->send("Asterisk Call Manager/2.10.6\r\n");
    const message login = s.next_sent();
    CHECK(login.get("Username") == "admin");
    CHECK(login.get("Secret") == "pw");
    CHECK(login.get("Events") == "call,system");
    CHECK(login.action_id().rfind("t-", 0) == 0);
    s.peer->send(response(login.action_id(), "Response: Success\r\nMessage: Authentication "
                                             "accepted\r\n"));
    REQUIRE(run_until(s.io, [&] { return result.has_value(); }));
    CHECK_FALSE(*result);
    CHECK(login_response.message_text() == "Authentication accepted");
}

TEST_CASE("MD5 login: the secret never crosses the wire", "[connection][md5]") {
    session s({}, false);
    std::optional<std::error_code> result;
    s.conn->async_login(fake_stream(s.io.get_executor(), s.peer),
                        {"admin", "amp111", amicpp::auth_method::md5, "off"},
                        [&](std::error_code ec, message) { result = ec; });
    s.peer->send("Asterisk Call Manager/11.0.0\r\n");
    const message challenge = s.next_sent();
    CHECK(challenge.action_name() == "Challenge");
    CHECK(challenge.get("AuthType") == "MD5");
    s.peer->send(response(challenge.action_id(), "Response: Success\r\nChallenge: 840415273\r\n"));
    const message login = s.next_sent();
    CHECK(login.action_name() == "Login");
    CHECK_FALSE(login.contains("Secret"));
    CHECK(login.get("AuthType") == "MD5");
    CHECK(login.get("Key") == amicpp::detail::md5_hex("840415273amp111"));
    CHECK(login.get("Events") == "off");
    s.peer->send(response(login.action_id(), "Response: Success\r\nMessage: Authentication "
                                             "accepted\r\n"));
    REQUIRE(run_until(s.io, [&] { return result.has_value(); }));
    CHECK_FALSE(*result);
}

TEST_CASE("a refused login ends with authentication_failed and the server's text", "[connection]") {
    session s({}, false);
    std::optional<std::error_code> result;
    message reply;
    s.conn->async_login(fake_stream(s.io.get_executor(), s.peer),
                        {"admin", "wrong", amicpp::auth_method::plain, "on"},
                        [&](std::error_code ec, message r) {
                            result = ec;
                            reply = std::move(r);
                        });
    s.peer->send("Asterisk Call Manager/11.0.0\r\n");
    const message login = s.next_sent();
    s.peer->send(
        response(login.action_id(), "Response: Error\r\nMessage: Authentication failed\r\n"));
    s.peer->close_remote();
    REQUIRE(run_until(s.io, [&] { return result.has_value(); }));
    CHECK(*result == amicpp::error::authentication_failed);
    CHECK(reply.message_text() == "Authentication failed");
}

TEST_CASE("a peer that is no AMI server is refused", "[connection]") {
    session s({}, false);
    std::optional<std::error_code> result;
    s.conn->async_login(fake_stream(s.io.get_executor(), s.peer), {"a", "b"},
                        [&](std::error_code ec, message) { result = ec; });
    s.peer->send("HTTP/1.1 400 Bad Request\r\n\r\n");
    REQUIRE(run_until(s.io, [&] { return result.has_value(); }));
    CHECK(*result == amicpp::error::not_ami_server);
}

TEST_CASE("responses are matched by ActionID, not by order", "[connection]") {
    session s;
    std::map<int, std::string> got;
    for (int i = 0; i < 3; ++i) {
        amicpp::action a{"Ping"};
        s.conn->async_send(a, [&got, i](std::error_code ec, amicpp::reply r) {
            REQUIRE_FALSE(ec);
            got[i] = std::string(r.response.get("Tag"));
        });
    }
    std::vector<std::string> ids;
    for (int i = 0; i < 3; ++i)
        ids.emplace_back(s.next_sent().action_id());
    CHECK(ids[0] != ids[1]);
    // Answer in reverse order, with an event carrying no ActionID in between.
    s.peer->send(response(ids[2], "Response: Success\r\nTag: two\r\n"));
    s.peer->send("Event: Newchannel\r\nPrivilege: call,all\r\nChannel: X\r\n\r\n");
    s.peer->send(response(ids[1], "Response: Success\r\nTag: one\r\n"));
    s.peer->send(response(ids[0], "Response: Success\r\nTag: zero\r\n"));
    REQUIRE(run_until(s.io, [&] { return got.size() == 3; }));
    CHECK(got[0] == "zero");
    CHECK(got[1] == "one");
    CHECK(got[2] == "two");
    std::optional<message> event;
    s.conn->async_receive_event([&](std::error_code ec, message m) {
        REQUIRE_FALSE(ec);
        event = std::move(m);
    });
    REQUIRE(run_until(s.io, [&] { return event.has_value(); }));
    CHECK(event->event_name() == "Newchannel");
}

TEST_CASE("one byte per read and three bytes per write change nothing", "[connection]") {
    session s({}, true, 1);
    s.peer->write_limit = 3;
    std::optional<amicpp::actions::command_result> result;
    s.conn->async_send(amicpp::actions::command{"core show uptime"},
                       [&](std::error_code ec, amicpp::actions::command_result r) {
                           REQUIRE_FALSE(ec);
                           result = std::move(r);
                       });
    const message sent = s.next_sent();
    CHECK(sent.get("Command") == "core show uptime");
    CHECK(s.peer->writes > 10);
    s.peer->send("Response: Success\r\nActionID: " + std::string(sent.action_id()) +
                 "\r\nMessage: Command output follows\r\nOutput: System uptime: 24 seconds\r\n"
                 "Output: \r\nOutput: Last reload: 24 seconds\r\n\r\n");
    REQUIRE(run_until(s.io, [&] { return result.has_value(); }));
    CHECK(result->output ==
          std::vector<std::string>{"System uptime: 24 seconds", "", "Last reload: 24 seconds"});
}

TEST_CASE("legacy Follows command output becomes the same result", "[connection]") {
    session s;
    std::optional<amicpp::actions::command_result> result;
    s.conn->async_send(amicpp::actions::command{"sip show peers"},
                       [&](std::error_code ec, amicpp::actions::command_result r) {
                           REQUIRE_FALSE(ec);
                           result = std::move(r);
                       });
    const message sent = s.next_sent();
    s.peer->send(
        "Response: Follows\r\nPrivilege: Command\r\nActionID: " + std::string(sent.action_id()) +
        "\r\nName/username   Host\n100/100   (Unspecified)\n--END COMMAND--\r\n\r\n");
    REQUIRE(run_until(s.io, [&] { return result.has_value(); }));
    CHECK(result->output ==
          std::vector<std::string>{"Name/username   Host", "100/100   (Unspecified)"});
}

TEST_CASE("Response: Error completes with action_failed and keeps the text", "[connection]") {
    session s;
    std::optional<std::error_code> ec_seen;
    amicpp::actions::command_result result;
    s.conn->async_send(amicpp::actions::command{"no such"},
                       [&](std::error_code ec, amicpp::actions::command_result r) {
                           ec_seen = ec;
                           result = std::move(r);
                       });
    const message sent = s.next_sent();
    s.peer->send(
        "Response: Error\r\nActionID: " + std::string(sent.action_id()) +
        "\r\nMessage: Command output follows\r\nOutput: No such command 'no such'\r\n\r\n");
    REQUIRE(run_until(s.io, [&] { return ec_seen.has_value(); }));
    CHECK(*ec_seen == amicpp::error::action_failed);
    CHECK(result.response.message_text() == "Command output follows");
    CHECK(result.output == std::vector<std::string>{"No such command 'no such'"});
}

TEST_CASE("the future path throws a system_error whose what() has the server's text",
          "[connection][future]") {
    session s;
    amicpp::action a{"Redirect"};
    a.set("Channel", "SIP/nobody");
    auto future = s.conn->send(a);
    const message sent = s.next_sent();
    s.peer->send(response(sent.action_id(), "Response: Error\r\nMessage: No such channel\r\n"));
    REQUIRE(run_until(s.io, [&] { return future.wait_for(0s) == std::future_status::ready; }));
    try {
        future.get();
        FAIL("no exception");
    } catch (const amicpp::action_error& e) {
        const std::system_error& base = e;
        CHECK(base.code() == amicpp::error::action_failed);
        CHECK(std::string(e.what()).find("No such channel") != std::string::npos);
        CHECK(std::string(e.what()).find("Redirect") != std::string::npos);
        CHECK(e.response().message_text() == "No such channel");
    }
}

TEST_CASE("event lists: data-driven, ListItems checked", "[connection][list]") {
    session s;
    std::optional<std::error_code> ec_seen;
    amicpp::reply result;
    // A list action the library has never heard of.
    s.conn->async_send(amicpp::action{"FrobnicateList"}, [&](std::error_code ec, amicpp::reply r) {
        ec_seen = ec;
        result = std::move(r);
    });
    const std::string id(s.next_sent().action_id());
    s.peer->send(response(id, "Response: Success\r\nEventList: start\r\nMessage: Will follow\r\n"));
    s.peer->send("Event: FrobItem\r\nActionID: " + id + "\r\nN: 1\r\n\r\n");
    s.peer->send("Event: Hangup\r\nPrivilege: call,all\r\nChannel: Y\r\n\r\n"); // unrelated
    s.peer->send("Event: FrobItem\r\nN: 2\r\nActionID: " + id + "\r\n\r\n");
    s.peer->send("Event: FrobListComplete\r\nActionID: " + id +
                 "\r\nEventList: Complete\r\nListItems: 2\r\n\r\n");
    REQUIRE(run_until(s.io, [&] { return ec_seen.has_value(); }));
    CHECK_FALSE(*ec_seen);
    REQUIRE(result.items.size() == 2);
    CHECK(result.items[1].get("N") == "2");
    CHECK(result.final_event.event_name() == "FrobListComplete");

    // A count that disagrees is reported, with the items kept.
    ec_seen.reset();
    s.conn->async_send(amicpp::action{"FrobnicateList"}, [&](std::error_code ec, amicpp::reply r) {
        ec_seen = ec;
        result = std::move(r);
    });
    const std::string id2(s.next_sent().action_id());
    s.peer->send(response(id2, "Response: Success\r\nEventList: start\r\n"));
    s.peer->send("Event: FrobItem\r\nActionID: " + id2 + "\r\n\r\n");
    s.peer->send("Event: FrobListComplete\r\nActionID: " + id2 +
                 "\r\nEventList: Complete\r\nListItems: 3\r\n\r\n");
    REQUIRE(run_until(s.io, [&] { return ec_seen.has_value(); }));
    CHECK(*ec_seen == amicpp::error::list_incomplete);
    CHECK(result.items.size() == 1);
}

TEST_CASE("IAXpeers: items without ActionID belong to the open list", "[connection][list]") {
    session s;
    std::optional<std::error_code> ec_seen;
    amicpp::reply result;
    s.conn->async_send(amicpp::action{"IAXpeers"}, [&](std::error_code ec, amicpp::reply r) {
        ec_seen = ec;
        result = std::move(r);
    });
    const std::string id(s.next_sent().action_id());
    s.peer->send(response(id, "Response: Success\r\nEventList: start\r\n"));
    s.peer->send("Event: PeerEntry\r\nChanneltype: IAX2\r\nObjectName: a\r\n\r\n");
    s.peer->send("Event: PeerStatus\r\nPrivilege: system,all\r\nPeer: IAX2/x\r\n\r\n"); // broadcast
    s.peer->send("Event: PeerEntry\r\nChanneltype: IAX2\r\nObjectName: b\r\n\r\n");
    s.peer->send("Event: PeerlistComplete\r\nActionID: " + id +
                 "\r\nEventList: Complete\r\nListItems: 2\r\n\r\n");
    REQUIRE(run_until(s.io, [&] { return ec_seen.has_value(); }));
    CHECK_FALSE(*ec_seen);
    REQUIRE(result.items.size() == 2);
    CHECK(result.items[1].get("ObjectName") == "b");
    std::optional<message> ev;
    s.conn->async_receive_event([&](std::error_code, message m) { ev = std::move(m); });
    REQUIRE(run_until(s.io, [&] { return ev.has_value(); }));
    CHECK(ev->event_name() == "PeerStatus");
}

TEST_CASE("Status before 13.2: no EventList markers, ends with StatusComplete",
          "[connection][list]") {
    session s;
    std::optional<std::error_code> ec_seen;
    amicpp::list_result<> result;
    s.conn->async_send(amicpp::actions::status{}, [&](std::error_code ec, amicpp::list_result<> r) {
        ec_seen = ec;
        result = std::move(r);
    });
    const std::string id(s.next_sent().action_id());
    s.peer->send(response(id, "Response: Success\r\nMessage: Channel status will follow\r\n"));
    s.peer->send("Event: Status\r\nPrivilege: Call\r\nChannel: SIP/1\r\nActionID: " + id +
                 "\r\n\r\n");
    s.peer->send("Event: StatusComplete\r\nActionID: " + id + "\r\nItems: 1\r\n\r\n");
    REQUIRE(run_until(s.io, [&] { return ec_seen.has_value(); }));
    CHECK_FALSE(*ec_seen);
    REQUIRE(result.items.size() == 1);
    CHECK(result.items[0].get("Channel") == "SIP/1");
}

TEST_CASE("a list cut by a disconnect completes once with the items so far", "[connection][list]") {
    session s;
    int calls = 0;
    std::error_code ec_seen;
    amicpp::reply result;
    s.conn->async_send(amicpp::action{"CoreShowChannels"},
                       [&](std::error_code ec, amicpp::reply r) {
                           ++calls;
                           ec_seen = ec;
                           result = std::move(r);
                       });
    int ping_calls = 0;
    std::error_code ping_ec;
    s.conn->async_send(amicpp::actions::ping{}, [&](std::error_code ec, auto) {
        ++ping_calls;
        ping_ec = ec;
    });
    const std::string id(s.next_sent().action_id());
    s.peer->send(response(id, "Response: Success\r\nEventList: start\r\n"));
    s.peer->send("Event: CoreShowChannel\r\nActionID: " + id + "\r\n\r\n");
    s.peer->send("Event: CoreShowChannel\r\nActionID: " + id + "\r\nChannel: partial-mess");
    s.peer->close_remote();
    REQUIRE(run_until(s.io, [&] { return calls == 1 && ping_calls == 1; }));
    CHECK(ec_seen == amicpp::error::connection_closed);
    CHECK(result.items.size() == 1);
    CHECK(ping_ec == amicpp::error::connection_closed);
    // Nothing completes twice, and new actions fail at once.
    std::optional<std::error_code> late;
    s.conn->async_send(amicpp::actions::ping{}, [&](std::error_code ec, auto) { late = ec; });
    REQUIRE(run_until(s.io, [&] { return late.has_value(); }));
    CHECK(*late == amicpp::error::not_connected);
    CHECK(calls == 1);
    CHECK(ping_calls == 1);
}

TEST_CASE("an injected read error fails every pending action exactly once", "[connection]") {
    session s;
    int completions = 0;
    for (int i = 0; i < 5; ++i)
        s.conn->async_send(amicpp::actions::ping{}, [&](std::error_code ec, auto) {
            CHECK(ec == amicpp::error::connection_closed);
            ++completions;
        });
    s.next_sent();
    s.peer->fail_reads(asio::error::connection_reset);
    REQUIRE(run_until(s.io, [&] { return completions == 5; }));
    s.io.poll();
    CHECK(completions == 5);
    CHECK(s.status().last_error == asio::error::connection_reset);
}

TEST_CASE("a timeout completes the action; the late reply is discarded cleanly",
          "[connection][timeout]") {
    session s;
    std::optional<std::error_code> slow;
    amicpp::send_options o;
    o.timeout = 30ms;
    s.conn->async_send(amicpp::actions::ping{}, o, [&](std::error_code ec, auto) { slow = ec; });
    const std::string id(s.next_sent().action_id());
    REQUIRE(run_until(s.io, [&] { return slow.has_value(); }));
    CHECK(*slow == amicpp::error::timeout);
    // The late reply arrives; a new action still works.
    s.peer->send(response(id, "Response: Success\r\nPing: Pong\r\n"));
    std::optional<std::error_code> fast;
    s.conn->async_send(amicpp::actions::ping{}, [&](std::error_code ec, auto) { fast = ec; });
    s.peer->send(response(s.next_sent().action_id(), "Response: Success\r\nPing: Pong\r\n"));
    REQUIRE(run_until(s.io, [&] { return fast.has_value(); }));
    CHECK_FALSE(*fast);
    const auto st = s.status();
    CHECK(st.counters.late_replies == 1);
    CHECK(st.counters.unmatched_responses == 0);
}

TEST_CASE("a cancellation slot cancels one action only", "[connection][cancel]") {
    session s;
    asio::cancellation_signal signal;
    std::optional<std::error_code> cancelled, other;
    s.conn->async_send(amicpp::actions::ping{},
                       asio::bind_cancellation_slot(
                           signal.slot(), [&](std::error_code ec, auto) { cancelled = ec; }));
    s.conn->async_send(amicpp::actions::ping{}, [&](std::error_code ec, auto) { other = ec; });
    const std::string first(s.next_sent().action_id());
    const std::string second(s.next_sent().action_id());
    signal.emit(asio::cancellation_type::terminal);
    REQUIRE(run_until(s.io, [&] { return cancelled.has_value(); }));
    CHECK(*cancelled == asio::error::operation_aborted);
    s.peer->send(response(first, "Response: Success\r\n"));
    s.peer->send(response(second, "Response: Success\r\n"));
    REQUIRE(run_until(s.io, [&] { return other.has_value(); }));
    CHECK_FALSE(*other);
}

TEST_CASE("bad actions are refused before anything is sent; the rest go on",
          "[connection][injection]") {
    session s;
    std::optional<std::error_code> bad, dup, good;
    amicpp::action evil{"Originate"};
    evil.set("CallerID", "x\r\nAction: Hangup\r\nChannel: all");
    s.conn->async_send(evil, [&](std::error_code ec, amicpp::reply) { bad = ec; });
    amicpp::action mine{"Ping"};
    mine.set("ActionID", "mine");
    s.conn->async_send(mine, [&](std::error_code ec, amicpp::reply) { good = ec; });
    s.conn->async_send(mine, [&](std::error_code ec, amicpp::reply) { dup = ec; });
    REQUIRE(run_until(s.io, [&] { return bad.has_value() && dup.has_value(); }));
    CHECK(*bad == amicpp::error::header_injection);
    CHECK(*dup == amicpp::error::duplicate_action_id);
    const message sent = s.next_sent();
    CHECK(sent.action_id() == "mine");  // the user's ActionID is kept as it is
    CHECK(s.peer->from_client.empty()); // nothing else was written
    s.peer->send(response("mine", "Response: Success\r\n"));
    REQUIRE(run_until(s.io, [&] { return good.has_value(); }));
    CHECK_FALSE(*good);
}

TEST_CASE("an oversized reply fails its own action only", "[connection][limits]") {
    amicpp::connection_options o;
    o.limits.max_message_size = 256;
    session s(o);
    std::optional<std::error_code> big, small;
    s.conn->async_send(amicpp::actions::ping{}, [&](std::error_code ec, auto) { big = ec; });
    s.conn->async_send(amicpp::actions::ping{}, [&](std::error_code ec, auto) { small = ec; });
    const std::string id1(s.next_sent().action_id());
    const std::string id2(s.next_sent().action_id());
    s.peer->send("Response: Success\r\nActionID: " + id1 + "\r\nJunk: " + std::string(400, 'j') +
                 "\r\n\r\n");
    s.peer->send(response(id2, "Response: Success\r\n"));
    REQUIRE(run_until(s.io, [&] { return big.has_value() && small.has_value(); }));
    CHECK(*big == amicpp::error::message_too_large);
    CHECK_FALSE(*small);
    CHECK(s.status().counters.messages_dropped == 1);
}

TEST_CASE("async Originate completes on its OriginateResponse", "[connection][originate]") {
    session s;
    std::optional<std::error_code> ec_seen;
    amicpp::actions::originate_result result;
    amicpp::actions::originate o;
    o.channel = "Local/100@test";
    o.exten = "100";
    o.context = "test";
    o.variables = {{"A", "1"}, {"B", "2"}};
    s.conn->async_send(o, [&](std::error_code ec, amicpp::actions::originate_result r) {
        ec_seen = ec;
        result = std::move(r);
    });
    const message sent = s.next_sent();
    CHECK(sent.all("Variable") == std::vector<std::string_view>{"A=1", "B=2"});
    CHECK(sent.get("Async") == "true");
    const std::string id(sent.action_id());
    s.peer->send(response(id, "Response: Success\r\nMessage: Originate successfully queued\r\n"));
    // Another client's OriginateResponse (different ActionID) is just an event.
    s.peer->send("Event: OriginateResponse\r\nPrivilege: call,all\r\nActionID: 1\r\n"
                 "Response: Failure\r\nReason: 5\r\n\r\n");
    s.peer->send("Event: Newchannel\r\nPrivilege: call,all\r\nChannel: Local/100@test-1;1\r\n\r\n");
    s.io.poll();
    CHECK_FALSE(ec_seen.has_value()); // the acknowledgement alone does not complete it
    s.peer->send("Event: OriginateResponse\r\nPrivilege: call,all\r\nActionID: " + id +
                 "\r\nResponse: Success\r\nChannel: Local/100@test-1;1\r\nContext: test\r\n"
                 "Exten: 100\r\nReason: 4\r\nUniqueid: 1795.1\r\n\r\n");
    REQUIRE(run_until(s.io, [&] { return ec_seen.has_value(); }));
    CHECK_FALSE(*ec_seen);
    CHECK(result.success);
    CHECK(result.reason == amicpp::actions::originate_reason::answered);
    CHECK(result.uniqueid == "1795.1");

    // Failure: busy.
    ec_seen.reset();
    o.channel = "Local/busy@test";
    s.conn->async_send(o, [&](std::error_code ec, amicpp::actions::originate_result r) {
        ec_seen = ec;
        result = std::move(r);
    });
    const std::string id2(s.next_sent().action_id());
    s.peer->send(response(id2, "Response: Success\r\n"));
    s.peer->send("Event: OriginateResponse\r\nPrivilege: call,all\r\nActionID: " + id2 +
                 "\r\nResponse: Failure\r\nReason: 5\r\nUniqueid: <unknown>\r\n\r\n");
    REQUIRE(run_until(s.io, [&] { return ec_seen.has_value(); }));
    CHECK(*ec_seen == amicpp::error::originate_failed);
    CHECK(result.reason == amicpp::actions::originate_reason::busy);
}

TEST_CASE("a full event buffer drops the oldest and reports one gap", "[connection][events]") {
    amicpp::connection_options o;
    o.event_buffer = 4;
    session s(o);
    std::string burst;
    for (int i = 1; i <= 10; ++i)
        burst += "Event: Tick\r\nPrivilege: system,all\r\nN: " + std::to_string(i) + "\r\n\r\n";
    s.peer->send(burst);
    // Wait until the reader consumed the burst: a ping after it answers last.
    std::optional<std::error_code> ping;
    s.conn->async_send(amicpp::actions::ping{}, [&](std::error_code ec, auto) { ping = ec; });
    s.peer->send(response(s.next_sent().action_id()));
    REQUIRE(run_until(s.io, [&] { return ping.has_value(); }));
    std::vector<std::string> seen;
    bool gap_first = false;
    for (int i = 0; i < 5; ++i) {
        std::optional<std::error_code> ec;
        message m;
        s.conn->async_receive_event([&](std::error_code e, message msg) {
            ec = e;
            m = std::move(msg);
        });
        REQUIRE(run_until(s.io, [&] { return ec.has_value(); }));
        if (i == 0)
            gap_first = *ec == amicpp::error::events_lost;
        else
            seen.emplace_back(m.get("N"));
    }
    CHECK(gap_first);
    CHECK(seen == std::vector<std::string>{"7", "8", "9", "10"}); // nothing from before the gap
    CHECK(s.status().counters.events_dropped == 6);
}

TEST_CASE("the close policy closes the connection on overflow", "[connection][events]") {
    amicpp::connection_options o;
    o.event_buffer = 2;
    o.overflow = amicpp::overflow_policy::close;
    session s(o);
    std::optional<std::error_code> pending;
    s.conn->async_send(amicpp::actions::ping{}, [&](std::error_code ec, auto) { pending = ec; });
    s.next_sent();
    for (int i = 0; i < 3; ++i)
        s.peer->send("Event: Tick\r\nPrivilege: system,all\r\n\r\n");
    REQUIRE(run_until(s.io, [&] { return pending.has_value(); }));
    CHECK(*pending == amicpp::error::connection_closed);
    CHECK(s.status().last_error == amicpp::error::events_overflowed);
}

TEST_CASE("subscriptions filter by name ignoring case and end with their handle",
          "[connection][events]") {
    session s;
    std::vector<std::string> hangups, all;
    auto sub = s.conn->subscribe("hangup",
                                 [&](const message& m) { hangups.emplace_back(m.get("Channel")); });
    {
        auto sub_all =
            s.conn->subscribe_all([&](const message& m) { all.emplace_back(m.event_name()); });
        s.io.poll(); // the subscriptions are registered on the strand
        s.peer->send("Event: Hangup\r\nPrivilege: call,all\r\nChannel: A\r\n\r\n"
                     "Event: Newchannel\r\nPrivilege: call,all\r\nChannel: B\r\n\r\n");
        REQUIRE(run_until(s.io, [&] { return all.size() == 2; }));
    }
    s.peer->send("Event: HANGUP\r\nPrivilege: call,all\r\nChannel: C\r\n\r\n");
    REQUIRE(run_until(s.io, [&] { return hangups.size() == 2; }));
    CHECK(hangups == std::vector<std::string>{"A", "C"});
    CHECK(all.size() == 2); // the scoped subscription ended
    sub.unsubscribe();
    CHECK_FALSE(sub.active());
}

TEST_CASE("destroying a connection with actions in flight completes them", "[connection]") {
    session s;
    int completions = 0;
    std::error_code last;
    for (int i = 0; i < 3; ++i)
        s.conn->async_send(amicpp::actions::ping{}, [&](std::error_code ec, auto) {
            ++completions;
            last = ec;
        });
    s.next_sent();
    s.conn.reset();
    REQUIRE(run_until(s.io, [&] { return completions == 3; }));
    CHECK(last == amicpp::error::connection_closed);
}

TEST_CASE("async_close sends Logoff and completes on Goodbye", "[connection]") {
    session s;
    std::optional<std::error_code> closed;
    s.conn->async_close([&](std::error_code ec) { closed = ec; });
    const message logoff = s.next_sent();
    CHECK(logoff.action_name() == "Logoff");
    s.peer->send(
        response(logoff.action_id(), "Response: Goodbye\r\nMessage: Thanks for all the fish.\r\n"));
    s.peer->close_remote();
    REQUIRE(run_until(s.io, [&] { return closed.has_value(); }));
    CHECK_FALSE(*closed);
    CHECK_FALSE(s.status().connected);
}

TEST_CASE("async_receive_events hands over what is buffered, at most max", "[connection][events]") {
    session s;
    std::string burst;
    for (int i = 1; i <= 5; ++i)
        burst += "Event: Tick\r\nPrivilege: system,all\r\nN: " + std::to_string(i) + "\r\n\r\n";
    s.peer->send(burst);
    std::optional<std::vector<message>> first, second;
    s.conn->async_receive_events(3, [&](std::error_code ec, std::vector<message> batch) {
        REQUIRE_FALSE(ec);
        first = std::move(batch);
    });
    REQUIRE(run_until(s.io, [&] { return first.has_value(); }));
    s.conn->async_receive_events(10, [&](std::error_code ec, std::vector<message> batch) {
        REQUIRE_FALSE(ec);
        second = std::move(batch);
    });
    REQUIRE(run_until(s.io, [&] { return second.has_value(); }));
    REQUIRE(first->size() + second->size() == 5);
    CHECK(first->size() <= 3);
    CHECK(first->front().get("N") == "1");
    CHECK(second->back().get("N") == "5");
}

TEST_CASE("a consumer behind a burst pauses reading instead of losing events",
          "[connection][events]") {
    const std::string one = "Event: Tick\r\nPrivilege: system,all\r\nN: 00\r\n\r\n";
    amicpp::connection_options o;
    o.event_buffer = 8;
    o.max_read_pause = std::chrono::hours(1); // never expires in this test
    session s(o, true, one.size());           // one event per read
    // The consumer pulls (reading never pauses for one that never did).
    std::optional<message> first;
    s.peer->send(one);
    s.conn->async_receive_event([&](std::error_code, message m) { first = std::move(m); });
    REQUIRE(run_until(s.io, [&] { return first.has_value(); }));
    std::string burst;
    for (int i = 10; i < 40; ++i)
        burst += "Event: Tick\r\nPrivilege: system,all\r\nN: " + std::to_string(i) + "\r\n\r\n";
    s.peer->send(burst);
    // Reading stops at three quarters of the buffer: most of the burst is still unread.
    REQUIRE(run_until(s.io, [&] { return s.status().buffered_events == 6; }));
    s.io.poll();
    CHECK(s.status().buffered_events == 6);
    CHECK(s.peer->to_client.size() > one.size() * 20);
    std::vector<std::string> seen;
    while (seen.size() < 30) {
        std::optional<std::error_code> ec;
        message m;
        s.conn->async_receive_event([&](std::error_code e, message x) {
            ec = e;
            m = std::move(x);
        });
        REQUIRE(run_until(s.io, [&] { return ec.has_value(); }));
        REQUIRE_FALSE(*ec); // no gap
        seen.emplace_back(m.get("N"));
    }
    CHECK(seen.front() == "10");
    CHECK(seen.back() == "39");
    CHECK(s.status().counters.events_dropped == 0);
}

TEST_CASE("the read pause is bounded: then the overflow policy applies", "[connection][events]") {
    const std::string one = "Event: Tick\r\nPrivilege: system,all\r\nN: 00\r\n\r\n";
    amicpp::connection_options o;
    o.event_buffer = 8;
    o.max_read_pause = 20ms;
    session s(o, true, one.size());
    std::string burst;
    for (int i = 10; i < 40; ++i)
        burst += "Event: Tick\r\nPrivilege: system,all\r\nN: " + std::to_string(i) + "\r\n\r\n";
    s.peer->send(burst);
    // Nobody consumes: after the pause the reader goes on and the oldest events are dropped.
    REQUIRE(run_until(s.io, [&] { return s.peer->to_client.empty(); }));
    REQUIRE(run_until(s.io, [&] { return s.status().counters.events_dropped == 22; }));
    std::optional<std::error_code> ec;
    s.conn->async_receive_event([&](std::error_code e, message) { ec = e; });
    REQUIRE(run_until(s.io, [&] { return ec.has_value(); }));
    CHECK(*ec == amicpp::error::events_lost);
}
