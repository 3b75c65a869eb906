// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// The simulated PBX of amicpp::testing::server against the real Asterisk 22 captures in
// ../shared/transcripts/live/: the same operation gives the same event names in the same order
// (the expected sequences below are copied from the captures, VarSet noise left out), the list
// actions answer what the truth API holds, Events off drops, permissions refuse. Every wait has a
// deadline: a Ping after an operation fences its events (the server writes in order).
#include <amicpp/parser.hpp>
#include <amicpp/testing/server.hpp>

#include "support/catch.hpp"

#include <asio/connect.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/write.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdlib>
#include <initializer_list>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using namespace std::chrono_literals;
using amicpp::message;
using amicpp::message_kind;
using amicpp::testing::pbx_state;
using amicpp::testing::placed_call;
using amicpp::testing::server;
using amicpp::testing::server_options;
using asio::ip::tcp;

namespace {

constexpr std::chrono::milliseconds deadline = 10s;
using headers = std::initializer_list<std::pair<std::string_view, std::string_view>>;
using names = std::vector<std::string>;

/// A session that logs in and reads with deadlines.
class observer {
public:
    explicit observer(std::uint16_t port, std::string_view user = "admin",
                      std::string_view secret = "amp111", std::string_view events = "on")
        : socket_(ioc_), parser_(amicpp::parser_options{}) {
        socket_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
        send({{"Action", "Login"},
              {"Username", user},
              {"Secret", secret},
              {"Events", events},
              {"ActionID", "login"}});
        const message r = response("login");
        REQUIRE(r.is_success());
        fence(); // FullyBooted and anything else before now
    }

    void send(headers hs) {
        std::string out;
        for (const auto& h : hs) {
            out.append(h.first);
            out += ": ";
            out.append(h.second);
            out += "\r\n";
        }
        out += "\r\n";
        asio::write(socket_, asio::buffer(out));
    }

    /// The next message (REQUIREd before the deadline).
    message next() {
        const auto until = std::chrono::steady_clock::now() + deadline;
        for (;;) {
            message m;
            std::error_code ec;
            if (parser_.next(m, ec)) {
                REQUIRE_FALSE(ec);
                return m;
            }
            REQUIRE(std::chrono::steady_clock::now() < until);
            char buf[4096];
            std::error_code rec;
            std::size_t n = 0;
            socket_.async_read_some(asio::buffer(buf), [&](std::error_code e, std::size_t k) {
                rec = e;
                n = k;
            });
            ioc_.restart();
            ioc_.run_for(until - std::chrono::steady_clock::now());
            if (!ioc_.stopped()) {
                socket_.cancel();
                ioc_.run();
            }
            REQUIRE_FALSE(rec);
            parser_.feed(std::string_view(buf, n));
        }
    }

    /// Messages up to the response with this ActionID; the events met on the way are kept.
    message response(std::string_view id) {
        for (;;) {
            message m = next();
            if (m.kind() != message_kind::event && m.action_id() == id)
                return m;
            if (m.kind() == message_kind::event)
                events_.push_back(std::move(m));
        }
    }

    /// The events written to this session before now (a Ping fences them).
    std::vector<message> fence() {
        const std::string id = "fence-" + std::to_string(++fences_);
        send({{"Action", "Ping"}, {"ActionID", id}});
        (void)response(id);
        std::vector<message> out;
        out.swap(events_);
        return out;
    }

    /// Reads until `n` events named `name` have arrived since the last fence (for what the
    /// server does after answering, e.g. an async Originate).
    void wait_events(std::string_view name, std::size_t n = 1) {
        const auto count = [&] {
            return static_cast<std::size_t>(
                std::count_if(events_.begin(), events_.end(),
                              [&](const message& m) { return m.is_event(name); }));
        };
        while (count() < n) {
            message m = next();
            if (m.kind() == message_kind::event)
                events_.push_back(std::move(m));
        }
    }

    /// An action whose answer is a list: the items and the Complete event.
    std::vector<message> list(headers hs, std::string_view id) {
        send(hs);
        const message r = response(id);
        REQUIRE(r.is_success());
        REQUIRE(r.get("EventList") == "start");
        std::vector<message> items;
        for (;;) {
            message m = next();
            if (m.action_id() != id) { // not the list's: an event
                events_.push_back(std::move(m));
                continue;
            }
            items.push_back(m);
            if (m.get("EventList") == "Complete")
                return items;
        }
    }

    /// A plain action's response.
    message call(headers hs, std::string_view id) {
        send(hs);
        return response(id);
    }

private:
    asio::io_context ioc_;
    tcp::socket socket_;
    amicpp::parser parser_;
    std::vector<message> events_;
    int fences_ = 0;
};

names event_names(const std::vector<message>& events) {
    names out;
    for (const message& m : events)
        out.emplace_back(m.event_name());
    return out;
}

/// The events about one channel name prefix (e.g. `Local/510@test`), or of one name.
std::vector<message> only(const std::vector<message>& events, std::string_view name) {
    std::vector<message> out;
    for (const message& m : events) {
        if (m.is_event(name))
            out.push_back(m);
    }
    return out;
}

const amicpp::testing::channel* find_channel(const pbx_state& s, std::string_view name) {
    for (const auto& c : s.channels) {
        if (c.name == name)
            return &c;
    }
    return nullptr;
}

} // namespace

// =============================================================================================
// Calls (captures 01, 02, 14)
// =============================================================================================

TEST_CASE("Originate Local/100@test -> echo: capture 01's sequence, then its hangup",
          "[pbx][calls]") {
    server srv;
    observer obs(srv.port());
    observer drv(srv.port(), "admin", "amp111", "off");
    REQUIRE(drv.call({{"Action", "Originate"},
                      {"ActionID", "drv-1"},
                      {"Channel", "Local/100@test"},
                      {"Context", "test"},
                      {"Exten", "echo"},
                      {"Priority", "1"},
                      {"CallerID", "Simple <1001>"},
                      {"Async", "true"}},
                     "drv-1")
                .message_text() == "Originate successfully queued");
    obs.wait_events("OriginateResponse");
    const std::vector<message> up = obs.fence();
    CHECK(event_names(up) ==
          names{"Newchannel",       "Newchannel",        "Newexten",          "NewCallerid",
                "NewConnectedLine", "NewCallerid",       "NewConnectedLine",  "LocalBridge",
                "DialBegin",        "Newexten",          "Newstate",          "Newstate",
                "DialEnd",          "OriginateResponse", "ExtensionStatus",   "Newexten",
                "Newexten",         "DeviceStateChange", "DeviceStateChange", "Newexten"});
    const std::string one(up.at(0).get("Channel"));
    CHECK(one.rfind("Local/100@test-", 0) == 0);
    CHECK(one.substr(one.size() - 2) == ";1");
    CHECK(up.at(0).get("ChannelStateDesc") == "Down");
    CHECK(up.at(1).get("ChannelStateDesc") == "Ring");
    CHECK(up.at(1).get("Linkedid") == up.at(0).get("Uniqueid"));
    CHECK(up.at(2).get("Application") == "AppDial2");
    CHECK(up.at(3).get("CallerIDNum") == "1001");
    CHECK(up.at(3).get("CallerIDName") == "Simple");
    CHECK(up.at(8).get("DestChannel") == one);
    CHECK(up.at(8).get("DialString") == "100@test");
    CHECK(up.at(12).get("DialStatus") == "ANSWER");
    CHECK(up.at(13).action_id() == "drv-1");
    CHECK(up.at(13).get("Channel") == one);
    CHECK(up.at(13).get("Uniqueid") == up.at(0).get("Uniqueid"));
    CHECK(up.at(14).get("Hint") == "Local/100@test");
    CHECK(up.at(14).get("StatusText") == "InUse");
    CHECK(up.at(15).get("Exten") == "echo");
    CHECK(up.at(16).get("Application") == "Echo");
    CHECK(up.at(17).get("Device") == "Local/100@test");
    CHECK(up.at(17).get("State") == "INUSE");
    CHECK(up.at(19).get("Application") == "Wait");

    const pbx_state s = srv.pbx().state();
    REQUIRE(s.channels.size() == 2);
    const auto* c1 = find_channel(s, one);
    REQUIRE(c1 != nullptr);
    CHECK(c1->state == 6);
    CHECK(c1->exten == "echo");
    CHECK(c1->priority == 2);
    CHECK(c1->caller_id_name == "Simple");

    // The driver hangs up the ;1 half.
    REQUIRE(drv.call({{"Action", "Hangup"}, {"ActionID", "drv-2"}, {"Channel", one}}, "drv-2")
                .message_text() == "Channel Hungup");
    const std::vector<message> down = obs.fence();
    CHECK(event_names(down) == names{"ExtensionStatus", "SoftHangupRequest", "HangupRequest",
                                     "SoftHangupRequest", "Hangup", "Hangup", "DeviceStateChange",
                                     "DeviceStateChange"});
    CHECK(down.at(0).get("StatusText") == "Idle");
    CHECK(down.at(1).get("Channel") == one);
    CHECK(down.at(4).get("Channel") == one);
    CHECK(down.at(7).get("State") == "NOT_INUSE");
    CHECK(srv.pbx().state().channels.empty());
}

TEST_CASE("a two-party call rings, answers into a basic bridge and ends (capture 02)",
          "[pbx][calls][bridges]") {
    server srv;
    observer obs(srv.port());
    const placed_call call = srv.pbx().place_call("600", "510", "Alice", false);
    const std::vector<message> ringing = obs.fence();
    // Capture 02, from the caller's pair up to the callee ringing (the Set priorities of 500
    // and the OriginateResponse belong to the driver's Originate, not to a call placed here).
    CHECK(event_names(ringing) ==
          names{"Newchannel",        "Newchannel",  "Newexten",          "NewCallerid",
                "NewConnectedLine",  "NewCallerid", "NewConnectedLine",  "LocalBridge",
                "DialBegin",         "Newexten",    "Newstate",          "Newstate",
                "DialEnd",           "Newexten",    "DeviceStateChange", "DeviceStateChange",
                "Newchannel",        "Newchannel",  "Newexten",          "NewCallerid",
                "NewConnectedLine",  "NewCallerid", "NewConnectedLine",  "LocalBridge",
                "DialBegin",         "Newexten",    "Newstate",          "Newexten",
                "DeviceStateChange", "DialState",   "Newexten"});
    CHECK(ringing.at(13).get("Application") == "Dial");
    CHECK(ringing.at(16).get("Channel") == call.callee);
    CHECK(ringing.at(16).get("Linkedid") == call.linkedid);
    CHECK(ringing.at(23).get("LocalOptimization") == "No");
    CHECK(ringing.at(24).get("Channel") == call.caller);
    CHECK(ringing.at(24).get("DestChannel") == call.callee);
    CHECK(ringing.at(26).get("ChannelStateDesc") == "Ringing");
    CHECK(ringing.at(29).get("DialStatus") == "RINGING");
    CHECK(call.bridge.empty());

    REQUIRE(srv.pbx().answer(call.callee));
    const std::vector<message> answered = obs.fence();
    CHECK(event_names(answered) == names{"Newexten", "Newstate", "Newstate", "DialEnd",
                                         "BridgeCreate", "Newexten", "BridgeEnter",
                                         "DeviceStateChange", "DeviceStateChange", "BridgeEnter",
                                         "Newexten"});
    const std::string bridge(answered.at(4).get("BridgeUniqueid"));
    CHECK(answered.at(4).get("BridgeType") == "basic");
    CHECK(answered.at(4).get("BridgeTechnology") == "simple_bridge");
    CHECK(answered.at(5).get("Exten").empty()); // the dialed ;1 has no Exten once bridged
    CHECK(answered.at(6).get("Channel") == call.callee);
    CHECK(answered.at(6).get("BridgeNumChannels") == "1");
    CHECK(answered.at(9).get("Channel") == call.caller);
    CHECK(answered.at(9).get("BridgeNumChannels") == "2");

    pbx_state s = srv.pbx().state();
    CHECK(s.channels.size() == 4);
    REQUIRE(s.bridges.size() == 2); // the parking lot's and this one
    CHECK(s.bridges.at(1).uniqueid == bridge);
    CHECK(s.bridges.at(1).channels.size() == 2);
    CHECK(find_channel(s, call.caller)->bridge_id == bridge);

    // CoreShowChannels and BridgeList/BridgeInfo agree with the truth.
    const auto channels = obs.list({{"Action", "CoreShowChannels"}, {"ActionID", "c"}}, "c");
    CHECK(channels.size() == 5);
    CHECK(channels.back().get("ListItems") == "4");
    for (std::size_t i = 0; i + 1 < channels.size(); ++i) {
        const auto* c = find_channel(s, channels[i].get("Channel"));
        REQUIRE(c != nullptr);
        CHECK(channels[i].get("BridgeId") == c->bridge_id);
        CHECK(channels[i].get("Linkedid") == call.linkedid);
    }
    const auto bridges = obs.list({{"Action", "BridgeList"}, {"ActionID", "b"}}, "b");
    REQUIRE(bridges.size() == 3);
    CHECK(bridges.at(0).get("BridgeType") == "parking");
    CHECK(bridges.at(1).get("BridgeUniqueid") == bridge);
    CHECK(bridges.at(1).get("BridgeNumChannels") == "2");
    const auto info =
        obs.list({{"Action", "BridgeInfo"}, {"BridgeUniqueid", bridge}, {"ActionID", "i"}}, "i");
    REQUIRE(info.size() == 3);
    CHECK(info.at(0).is_event("BridgeInfoChannel"));
    CHECK(info.at(0).get("Channel") == call.callee);
    CHECK(info.at(2).is_event("BridgeInfoComplete"));
    CHECK(info.at(2).get("BridgeUniqueid") == bridge);

    // The called phone hangs up: capture 02 at t=4.725.
    REQUIRE(srv.pbx().hangup(call.callee_phone));
    const std::vector<message> down = obs.fence();
    CHECK(event_names(down) == names{"SoftHangupRequest", "HangupRequest", "Hangup",
                                     "DeviceStateChange", "BridgeLeave", "BridgeLeave", "Hangup",
                                     "BridgeDestroy", "DeviceStateChange", "SoftHangupRequest",
                                     "HangupRequest", "SoftHangupRequest", "Hangup", "Hangup",
                                     "DeviceStateChange", "DeviceStateChange"});
    CHECK(down.at(0).get("Channel") == call.callee_phone);
    CHECK(down.at(4).get("Channel") == call.callee);
    CHECK(down.at(5).get("Channel") == call.caller);
    CHECK(down.at(5).get("BridgeNumChannels") == "0");
    CHECK(down.at(7).get("BridgeUniqueid") == bridge);
    CHECK(down.at(9).get("Channel") == call.caller);
    s = srv.pbx().state();
    CHECK(s.channels.empty());
    CHECK(s.bridges.size() == 1);
}

TEST_CASE("AMI Bridge, BridgeInfo and BridgeKick (capture 14)", "[pbx][bridges]") {
    server srv;
    observer obs(srv.port());
    observer drv(srv.port(), "admin", "amp111", "off");
    for (const char* target : {"Local/510@test", "Local/511@test"}) {
        drv.send({{"Action", "Originate"},
                  {"ActionID", "o"},
                  {"Channel", target},
                  {"Application", "Wait"},
                  {"Data", "90"},
                  {"Async", "true"}});
        (void)drv.response("o");
    }
    obs.wait_events("OriginateResponse", 2);
    const std::vector<message> setup = obs.fence();
    const auto originated = only(setup, "OriginateResponse");
    REQUIRE(originated.size() == 2);
    const std::string left(originated[0].get("Channel"));
    const std::string right(originated[1].get("Channel"));
    CHECK(only(setup, "Newexten").size() >= 4); // Application: Wait itself shows no Newexten

    REQUIRE(drv.call({{"Action", "Bridge"},
                      {"ActionID", "b"},
                      {"Channel1", left},
                      {"Channel2", right},
                      {"Tone", "no"}},
                     "b")
                .message_text() == "Channels have been bridged");
    const std::vector<message> bridged = obs.fence();
    CHECK(event_names(bridged) == names{"BridgeCreate", "BridgeEnter", "BridgeEnter",
                                        "NewConnectedLine", "NewConnectedLine"});
    const std::string id(bridged.at(0).get("BridgeUniqueid"));
    // The second channel takes the first one's Linkedid, with no event of its own (rule 5).
    CHECK(bridged.at(2).get("Linkedid") == bridged.at(1).get("Linkedid"));

    const auto info =
        drv.list({{"Action", "BridgeInfo"}, {"BridgeUniqueid", id}, {"ActionID", "i"}}, "i");
    REQUIRE(info.size() == 3);
    CHECK(info.at(2).get("BridgeNumChannels") == "2");

    REQUIRE(drv.call({{"Action", "BridgeKick"},
                      {"ActionID", "k"},
                      {"BridgeUniqueid", id},
                      {"Channel", right}},
                     "k")
                .message_text() == "Channel has been kicked");
    const std::vector<message> kicked = obs.fence();
    // Capture 14: both leave and go back to priority 1 of their extension (Ringing, Wait).
    CHECK(event_names(kicked) == names{"BridgeLeave", "Newexten", "Newexten", "BridgeLeave",
                                       "Newexten", "Newexten", "BridgeDestroy"});
    CHECK(kicked.at(0).get("Channel") == right);
    CHECK(kicked.at(1).get("Channel") == right);
    CHECK(kicked.at(1).get("Application") == "Ringing");
    CHECK(kicked.at(1).get("Priority") == "1");
    CHECK(kicked.at(3).get("Channel") == left);
    CHECK(kicked.at(5).get("Application") == "Wait");
    // After AMI Bridge the listed Application is empty, no event saying so (rule 10).
    const auto listed = drv.list({{"Action", "CoreShowChannels"}, {"ActionID", "c"}}, "c");
    CHECK(listed.size() == 5);
    CHECK(srv.pbx().state().bridges.size() == 1);
    CHECK(drv.call({{"Action", "BridgeInfo"}, {"BridgeUniqueid", id}, {"ActionID", "i2"}}, "i2")
              .message_text() == "Bridge not found");
}

TEST_CASE("Redirect of a bridged callee and BlindTransfer by a caller (capture 06 a, b)",
          "[pbx][transfers]") {
    server srv;
    observer obs(srv.port());
    observer drv(srv.port(), "admin", "amp111", "off");

    // a) Redirect of the called ;1 to 511: it leaves the bridge, the caller hangs up.
    const placed_call a = srv.pbx().place_call("600", "510", "Redirected");
    (void)obs.fence();
    REQUIRE(drv.call({{"Action", "Redirect"},
                      {"ActionID", "r"},
                      {"Channel", a.callee},
                      {"Context", "test"},
                      {"Exten", "511"},
                      {"Priority", "1"}},
                     "r")
                .message_text() == "Redirect successful");
    const std::vector<message> redirected = obs.fence();
    CHECK(event_names(redirected) == names{"Newexten", "BridgeLeave", "BridgeLeave",
                                           "BridgeDestroy", "Newexten", "SoftHangupRequest",
                                           "HangupRequest", "SoftHangupRequest", "Hangup", "Hangup",
                                           "DeviceStateChange", "DeviceStateChange"});
    CHECK(redirected.at(0).get("Channel") == a.callee);
    CHECK(redirected.at(0).get("Exten") == "511");
    CHECK(redirected.at(1).get("Channel") == a.callee);
    CHECK(redirected.at(2).get("Channel") == a.caller);
    CHECK(redirected.at(4).get("Priority") == "2");
    CHECK(redirected.at(5).get("Channel") == a.caller);
    pbx_state s = srv.pbx().state();
    CHECK(s.channels.size() == 2); // the callee's pair, now running 511
    CHECK(find_channel(s, a.callee)->exten == "511");
    CHECK(find_channel(s, a.callee)->bridge_id.empty());
    REQUIRE(srv.pbx().hangup(a.callee));
    (void)obs.fence();

    // b) BlindTransfer by the caller to 512.
    const placed_call b = srv.pbx().place_call("600", "510", "Blind");
    (void)obs.fence();
    REQUIRE(drv.call({{"Action", "BlindTransfer"},
                      {"ActionID", "t"},
                      {"Channel", b.caller},
                      {"Context", "test"},
                      {"Exten", "512"}},
                     "t")
                .message_text() == "Transfer succeeded");
    const std::vector<message> blind = obs.fence();
    CHECK(event_names(blind) == names{"Newexten", "BlindTransfer", "BridgeLeave", "BridgeLeave",
                                      "Newexten", "BridgeDestroy", "SoftHangupRequest",
                                      "HangupRequest", "SoftHangupRequest", "Hangup", "Hangup",
                                      "DeviceStateChange", "DeviceStateChange"});
    CHECK(blind.at(1).get("TransfererChannel") == b.caller);
    CHECK(blind.at(1).get("TransfereeChannel") == b.callee);
    CHECK(blind.at(1).get("Extension") == "512");
    CHECK(blind.at(1).get("BridgeNumChannels") == "2");
    CHECK(blind.at(6).get("Channel") == b.caller);
    s = srv.pbx().state();
    CHECK(s.channels.size() == 2);
    CHECK(find_channel(s, b.callee)->exten == "512");
    CHECK(s.bridges.size() == 1);
    REQUIRE(srv.pbx().hangup(b.callee));
    (void)obs.fence();

    // c) Atxfer by the caller to 511, 511 answers, the caller hangs up: BridgeMerge then the
    // per-channel moves, AttendedTransfer; the callee and 511 are bridged.
    const placed_call c = srv.pbx().place_call("600", "510", "Attended");
    (void)obs.fence();
    REQUIRE(drv.call({{"Action", "Atxfer"},
                      {"ActionID", "x"},
                      {"Channel", c.caller},
                      {"Exten", "511"},
                      {"Context", "test"}},
                     "x")
                .message_text() == "Atxfer successfully queued");
    const std::vector<message> consult = obs.fence();
    CHECK(event_names(consult) == names{"Hold", "Newchannel", "Newchannel", "BridgeCreate",
                                        "LocalBridge", "Newexten", "Newstate", "Newexten",
                                        "DeviceStateChange", "BridgeEnter", "DialState",
                                        "BridgeLeave", "BridgeEnter"});
    const std::string target(consult.at(1).get("Channel"));
    const std::string second(consult.at(3).get("BridgeUniqueid"));
    CHECK(consult.at(11).get("Channel") == c.caller);
    CHECK(consult.at(11).get("BridgeUniqueid") == c.bridge);
    CHECK(consult.at(12).get("BridgeUniqueid") == second);
    REQUIRE(srv.pbx().answer(target));
    CHECK(event_names(obs.fence()) == names{"Newexten", "Newstate", "Newstate", "DialEnd",
                                            "DeviceStateChange", "DeviceStateChange", "Newexten"});
    REQUIRE(srv.pbx().hangup(c.caller));
    const std::vector<message> merged = obs.fence();
    CHECK(event_names(merged) == names{"BridgeLeave", "BridgeMerge", "BridgeLeave", "BridgeEnter",
                                       "AttendedTransfer", "BridgeDestroy", "SoftHangupRequest",
                                       "HangupRequest", "SoftHangupRequest", "Hangup", "Hangup",
                                       "DeviceStateChange", "DeviceStateChange"});
    CHECK(merged.at(1).get("ToBridgeUniqueid") == c.bridge);
    CHECK(merged.at(1).get("FromBridgeUniqueid") == second);
    CHECK(merged.at(3).get("Channel") == target);
    CHECK(merged.at(3).get("BridgeUniqueid") == c.bridge);
    CHECK(merged.at(4).get("DestBridgeUniqueid") == c.bridge);
    CHECK(merged.at(4).get("TransfereeChannel") == c.callee);
    CHECK(merged.at(4).get("TransferTargetChannel") == target);
    s = srv.pbx().state();
    REQUIRE(s.bridges.size() == 2);
    CHECK(s.bridges.at(1).uniqueid == c.bridge);
    CHECK(s.bridges.at(1).channels.size() == 2);
    CHECK(find_channel(s, target)->bridge_id == c.bridge);
    CHECK(find_channel(s, c.callee)->bridge_id == c.bridge);

    CHECK(drv.call({{"Action", "BlindTransfer"},
                    {"ActionID", "t2"},
                    {"Channel", c.callee_phone},
                    {"Exten", "511"}},
                   "t2")
              .message_text() == "Transfer failed: Invalid");
}

// =============================================================================================
// Queues (capture 05)
// =============================================================================================

TEST_CASE("queue: abandon, member added, caller connected, paused, call completes (capture 05)",
          "[pbx][queues]") {
    server srv;
    observer obs(srv.port());
    observer drv(srv.port(), "admin", "amp111", "off");

    // A caller joins with no member and abandons.
    const placed_call eve = srv.pbx().join_queue("support", "600", "Eve");
    const std::vector<message> join = obs.fence();
    const names join_names = event_names(join);
    REQUIRE(join_names.size() >= 3);
    CHECK(names(join_names.end() - 3, join_names.end()) ==
          names{"DeviceStateChange", "QueueCallerJoin", "Newexten"});
    CHECK(join.at(join.size() - 3).get("Device") == "Queue:support");
    CHECK(join.at(join.size() - 3).get("State") == "RINGING");
    CHECK(join.at(join.size() - 2).get("Position") == "1");
    CHECK(join.at(join.size() - 2).get("Count") == "1");
    auto entries = obs.list({{"Action", "QueueStatus"}, {"ActionID", "q1"}}, "q1");
    REQUIRE(entries.size() == 3);
    CHECK(entries.at(0).is_event("QueueParams"));
    CHECK(entries.at(0).get("Calls") == "1");
    CHECK(entries.at(1).is_event("QueueEntry"));
    CHECK(entries.at(1).get("Channel") == eve.caller);
    CHECK(entries.at(2).get("ListItems") == "2");

    REQUIRE(srv.pbx().hangup(eve.caller_phone));
    const std::vector<message> abandon = obs.fence();
    CHECK(event_names(abandon) == names{"SoftHangupRequest", "HangupRequest", "Hangup",
                                        "DeviceStateChange", "QueueCallerAbandon",
                                        "DeviceStateChange", "QueueCallerLeave",
                                        "SoftHangupRequest", "Hangup", "DeviceStateChange"});
    CHECK(abandon.at(5).get("State") == "NOT_INUSE");
    CHECK(srv.pbx().state().queues.at(0).abandoned == 1);

    // QueueAdd Alice.
    REQUIRE(drv.call({{"Action", "QueueAdd"},
                      {"ActionID", "a"},
                      {"Queue", "support"},
                      {"Interface", "Local/510@test/n"},
                      {"MemberName", "Alice"},
                      {"Penalty", "0"}},
                     "a")
                .message_text() == "Added interface to queue");
    const std::vector<message> added = obs.fence();
    CHECK(event_names(added) == names{"QueueMemberAdded", "DeviceStateChange"});
    CHECK(added.at(0).get("Status") == "1");
    CHECK(added.at(0).get("Membership") == "dynamic");
    CHECK(added.at(1).get("Device") == "Queue:support_avail");
    CHECK(added.at(1).get("State") == "NOT_INUSE");

    // The next caller rings Alice.
    const placed_call frank = srv.pbx().join_queue("support", "600", "Frank");
    const std::vector<message> ring = obs.fence();
    const auto called = only(ring, "AgentCalled");
    REQUIRE(called.size() == 1);
    CHECK(called.at(0).get("Channel") == frank.caller);
    CHECK(called.at(0).get("MemberName") == "Alice");
    const std::string agent(called.at(0).get("DestChannel"));
    const names ring_names = event_names(ring);
    const auto at_called = std::find(ring_names.begin(), ring_names.end(), "AgentCalled");
    CHECK(names(at_called, ring_names.end()) ==
          names{"AgentCalled", "DialBegin", "Newexten", "Newstate", "Newexten", "DeviceStateChange",
                "QueueMemberStatus", "DialState", "Newexten"});
    CHECK(only(ring, "QueueMemberStatus").at(0).get("Status") == "2");

    // Alice answers: QueueCallerLeave before AgentConnect, then the bridge.
    REQUIRE(srv.pbx().answer(agent));
    const std::vector<message> connect = obs.fence();
    CHECK(event_names(connect) == names{"Newexten", "Newstate", "Newstate", "DialEnd",
                                        "DeviceStateChange", "DeviceStateChange",
                                        "DeviceStateChange", "QueueCallerLeave", "AgentConnect",
                                        "BridgeCreate", "BridgeEnter", "BridgeEnter", "Newexten"});
    CHECK(connect.at(5).get("Device") == "Queue:support");
    CHECK(connect.at(7).get("Count") == "0");
    CHECK(connect.at(10).get("Channel") == agent);
    CHECK(connect.at(11).get("Channel") == frank.caller);

    // Paused while in the call.
    REQUIRE(drv.call({{"Action", "QueuePause"},
                      {"ActionID", "p"},
                      {"Queue", "support"},
                      {"Interface", "Local/510@test/n"},
                      {"Paused", "true"},
                      {"Reason", "break"}},
                     "p")
                .message_text() == "Interface paused successfully");
    const std::vector<message> paused = obs.fence();
    CHECK(event_names(paused) ==
          names{"DeviceStateChange", "DeviceStateChange", "QueueMemberPause"});
    CHECK(paused.at(0).get("Device") == "Queue:support_pause_Local/510@test/n");
    CHECK(paused.at(1).get("Device") == "Queue:support_avail");
    CHECK(paused.at(2).get("Paused") == "1");
    CHECK(paused.at(2).get("PausedReason") == "break");
    CHECK(paused.at(2).get("InCall") == "1");

    // The caller hangs up: AgentComplete, and Alice is free again.
    REQUIRE(srv.pbx().hangup(frank.caller_phone));
    const std::vector<message> done = obs.fence();
    CHECK(only(done, "AgentComplete").size() == 1);
    CHECK(only(done, "Hangup").size() == 4);
    CHECK(only(done, "BridgeDestroy").size() == 1);
    const auto status = only(done, "QueueMemberStatus");
    REQUIRE(status.size() == 1);
    CHECK(status.at(0).get("Status") == "1");
    CHECK(status.at(0).get("CallsTaken") == "1");
    CHECK(status.at(0).get("InCall") == "0");
    const names done_names = event_names(done);
    CHECK(std::find(done_names.begin(), done_names.end(), "AgentComplete") <
          std::find(done_names.begin(), done_names.end(), "BridgeLeave"));
    pbx_state s = srv.pbx().state();
    CHECK(s.channels.empty());
    CHECK(s.queues.at(0).completed == 1);

    // Bob with a Custom state interface follows it (QueueMemberStatus after DeviceStateChange).
    REQUIRE(srv.pbx().add_member("support", "Local/511@test/n", "Bob", 1, "Custom:511"));
    (void)obs.fence();
    REQUIRE(drv.call({{"Action", "Setvar"},
                      {"ActionID", "s"},
                      {"Variable", "DEVICE_STATE(Custom:511)"},
                      {"Value", "INUSE"}},
                     "s")
                .is_success());
    const std::vector<message> custom = obs.fence();
    CHECK(event_names(custom) == names{"DeviceStateChange", "QueueMemberStatus"});
    CHECK(custom.at(1).get("MemberName") == "Bob");
    CHECK(custom.at(1).get("Status") == "2");

    // Removing Alice: the queue has no available member left only if Bob is paused.
    REQUIRE(srv.pbx().pause_member("support", "Local/511@test/n", true, "meeting"));
    REQUIRE(drv.call({{"Action", "QueueRemove"},
                      {"ActionID", "r"},
                      {"Queue", "support"},
                      {"Interface", "Local/510@test/n"}},
                     "r")
                .message_text() == "Removed interface from queue");
    std::vector<message> removed = obs.fence();
    CHECK(only(removed, "QueueMemberRemoved").size() == 1);

    // The truth and QueueStatus agree.
    s = srv.pbx().state();
    REQUIRE(s.queues.size() == 1);
    REQUIRE(s.queues[0].members.size() == 1);
    CHECK(s.queues[0].members[0].name == "Bob");
    CHECK(s.queues[0].members[0].paused);
    entries = obs.list({{"Action", "QueueStatus"}, {"ActionID", "q2"}}, "q2");
    REQUIRE(entries.size() == 3);
    CHECK(entries.at(1).is_event("QueueMember"));
    CHECK(entries.at(1).get("Name") == "Bob");
    CHECK(entries.at(1).get("Location") == "Local/511@test/n");
    CHECK(entries.at(1).get("Paused") == "1");
    CHECK(entries.at(1).get("PausedReason") == "meeting");
    CHECK(entries.at(1).action_id() == "q2");
    CHECK(entries.at(0).get("Completed") == "1");
    CHECK(entries.at(0).get("Abandoned") == "1");
    const auto summary = obs.list({{"Action", "QueueSummary"}, {"ActionID", "qs"}}, "qs");
    REQUIRE(summary.size() == 2);
    CHECK(summary.at(0).get("LoggedIn") == "1");
    CHECK(summary.at(0).get("Available") == "0");
}

// =============================================================================================
// Parking (capture 07)
// =============================================================================================

TEST_CASE("Park action on a bridged callee, pickup, give up, timeout (capture 07)",
          "[pbx][parking]") {
    server srv;
    observer obs(srv.port());
    observer drv(srv.port(), "admin", "amp111", "off");
    const placed_call call = srv.pbx().place_call("600", "510", "Kim");
    (void)obs.fence();
    const std::string lot = srv.pbx().state().bridges.at(0).uniqueid;

    REQUIRE(drv.call({{"Action", "Park"},
                      {"ActionID", "p"},
                      {"Channel", call.callee},
                      {"TimeoutChannel", call.caller}},
                     "p")
                .message_text() == "Park successful");
    const std::vector<message> parked = obs.fence();
    CHECK(event_names(parked) ==
          names{"BridgeLeave", "ParkedCall", "DeviceStateChange", "BridgeEnter", "BridgeLeave",
                "BridgeDestroy", "SoftHangupRequest", "HangupRequest", "SoftHangupRequest",
                "Hangup", "Hangup", "DeviceStateChange", "DeviceStateChange"});
    CHECK(parked.at(1).get("ParkeeChannel") == call.callee);
    CHECK(parked.at(1).get("ParkerDialString") == "Local/600@test");
    CHECK(parked.at(1).get("ParkingSpace") == "701");
    CHECK(parked.at(2).get("Device") == "park:701@parkedcalls");
    CHECK(parked.at(2).get("State") == "INUSE");
    CHECK(parked.at(3).get("BridgeUniqueid") == lot);
    CHECK(parked.at(3).get("BridgeType") == "parking");
    auto list = obs.list({{"Action", "ParkedCalls"}, {"ActionID", "pc"}}, "pc");
    REQUIRE(list.size() == 2);
    CHECK(list.at(0).is_event("ParkedCall"));
    CHECK(list.at(0).action_id() == "pc");
    CHECK(list.at(0).get("ParkeeChannel") == call.callee);
    CHECK(list.at(1).get("Total") == "1");
    pbx_state s = srv.pbx().state();
    REQUIRE(s.parked_calls.size() == 1);
    CHECK(s.parked_calls[0].space == "701");
    CHECK(s.bridges.at(0).channels.size() == 1);

    // Picked up by dialing 701@parkedcalls: new bridge, UnParkedCall, the retriever takes the
    // parkee's Linkedid.
    const placed_call picker = srv.pbx().pickup("701", "600", "Picker");
    const std::vector<message> pickup = obs.fence();
    const names pickup_names = event_names(pickup);
    const auto from = std::find(pickup_names.begin(), pickup_names.end(), "BridgeCreate");
    CHECK(names(from, pickup_names.end()) == names{"BridgeCreate", "DeviceStateChange",
                                                   "UnParkedCall", "BridgeLeave", "BridgeEnter",
                                                   "BridgeEnter", "Newexten"});
    const auto enters = only(pickup, "BridgeEnter");
    REQUIRE(enters.size() == 2);
    CHECK(enters.at(1).get("Channel") == picker.caller);
    CHECK(enters.at(1).get("Linkedid") == call.linkedid);
    s = srv.pbx().state();
    CHECK(s.parked_calls.empty());
    CHECK(s.bridges.size() == 2);

    // A self-park through 700 whose phone hangs up: ParkedCallGiveUp.
    const placed_call self = srv.pbx().pickup("700", "600", "Selfpark");
    CHECK(only(obs.fence(), "ParkedCall").size() == 1);
    REQUIRE(srv.pbx().hangup(self.caller_phone));
    const std::vector<message> giveup = obs.fence();
    CHECK(event_names(giveup) == names{"SoftHangupRequest", "HangupRequest", "Hangup",
                                       "DeviceStateChange", "DeviceStateChange", "BridgeLeave",
                                       "ParkedCallGiveUp", "SoftHangupRequest", "Hangup",
                                       "DeviceStateChange"});
    CHECK(giveup.at(4).get("Device") == "park:701@parkedcalls");

    // Park of an unbridged channel that times out and calls its parker back.
    drv.send({{"Action", "Originate"},
              {"ActionID", "o"},
              {"Channel", "Local/511@test"},
              {"Application", "Wait"},
              {"Data", "100"},
              {"Async", "true"}});
    (void)drv.response("o");
    obs.wait_events("OriginateResponse");
    const auto originated = only(obs.fence(), "OriginateResponse");
    REQUIRE(originated.size() == 1);
    const std::string unbridged(originated[0].get("Channel"));
    REQUIRE(srv.pbx().park(unbridged, "", 3s) == "701");
    CHECK(event_names(obs.fence()) == names{"ParkedCall", "DeviceStateChange", "BridgeEnter"});
    REQUIRE(srv.pbx().park_timeout("701"));
    const std::vector<message> timeout = obs.fence();
    const names timeout_names = event_names(timeout);
    REQUIRE(timeout_names.size() > 4);
    CHECK(names(timeout_names.begin(), timeout_names.begin() + 4) ==
          names{"ParkedCallTimeOut", "DeviceStateChange", "BridgeLeave", "Newchannel"});
    const auto dial = only(timeout, "DialBegin");
    REQUIRE(dial.size() == 1);
    CHECK(dial.at(0).get("Exten") == "Local_511@test");
    CHECK(dial.at(0).get("DestChannel").substr(0, 15) == "Local/511@test-");
    CHECK(srv.pbx().state().parked_calls.empty());
}

// =============================================================================================
// Device and hint states, mailboxes (captures 08, 09)
// =============================================================================================

TEST_CASE("device states: Setvar DEVICE_STATE gives ExtensionStatus + DeviceStateChange "
          "(capture 08); the lists agree",
          "[pbx][devices]") {
    server srv;
    observer obs(srv.port());
    observer drv(srv.port(), "admin", "amp111", "off");
    const std::pair<const char*, const char*> steps[] = {
        {"INUSE", "InUse"},   {"RINGING", "Ringing"},
        {"ONHOLD", "Hold"},   {"RINGINUSE", "InUse&Ringing"},
        {"BUSY", "Busy"},     {"UNAVAILABLE", "Unavailable"},
        {"NOT_INUSE", "Idle"}};
    for (const auto& step : steps) {
        REQUIRE(drv.call({{"Action", "Setvar"},
                          {"ActionID", "s"},
                          {"Variable", "DEVICE_STATE(Custom:101)"},
                          {"Value", step.first}},
                         "s")
                    .is_success());
        const std::vector<message> ev = obs.fence();
        REQUIRE(event_names(ev) == names{"ExtensionStatus", "DeviceStateChange"});
        CHECK(ev[0].get("Exten") == "101");
        CHECK(ev[0].get("Hint") == "Custom:101");
        CHECK(ev[0].get("StatusText") == step.second);
        CHECK(ev[1].get("State") == step.first);
    }
    // A device without a hint gives DeviceStateChange only.
    srv.pbx().set_device_state("Custom:102", "INUSE");
    CHECK(event_names(obs.fence()) == names{"DeviceStateChange"});
    srv.pbx().set_device_state("Custom:101", "BUSY");
    (void)obs.fence();

    const auto devices = obs.list({{"Action", "DeviceStateList"}, {"ActionID", "d"}}, "d");
    const pbx_state s = srv.pbx().state();
    REQUIRE(devices.size() == s.device_states.size() + 1);
    for (std::size_t i = 0; i + 1 < devices.size(); ++i) {
        CHECK(devices[i].is_event("DeviceStateChange"));
        CHECK(devices[i].action_id() == "d");
        CHECK(s.device_states.at(std::string(devices[i].get("Device"))) == devices[i].get("State"));
    }
    CHECK(s.device_states.at("Custom:102") == "INUSE");
    CHECK(devices.back().is_event("DeviceStateListComplete"));
    const auto hints = obs.list({{"Action", "ExtensionStateList"}, {"ActionID", "h"}}, "h");
    REQUIRE(hints.size() == 3);
    CHECK(hints.at(0).is_event("ExtensionStatus"));
    CHECK(hints.at(1).get("Exten") == "101");
    CHECK(hints.at(1).get("Status") == "2");
    CHECK(hints.at(2).is_event("ExtensionStateListComplete"));
    CHECK(drv.call({{"Action", "ExtensionState"},
                    {"ActionID", "e"},
                    {"Exten", "101"},
                    {"Context", "test"}},
                   "e")
              .get("StatusText") == "Busy");
}

TEST_CASE("mailboxes: MessageWaiting and MWI device state (capture 09), MailboxCount, "
          "VoicemailUsersList",
          "[pbx][mailbox]") {
    server srv;
    observer obs(srv.port());
    srv.pbx().leave_voicemail("1234@default");
    std::vector<message> ev = obs.fence();
    REQUIRE(event_names(ev) == names{"MessageWaiting", "DeviceStateChange"});
    CHECK(ev[0].get("Waiting") == "1");
    CHECK(ev[0].get("New") == "1");
    CHECK(ev[1].get("Device") == "MWI:1234@default");
    CHECK(ev[1].get("State") == "INUSE");
    srv.pbx().read_voicemail("1234@default");
    ev = obs.fence();
    REQUIRE(event_names(ev) == names{"MessageWaiting", "DeviceStateChange"});
    CHECK(ev[0].get("Waiting") == "0");
    CHECK(ev[0].get("Old") == "1");
    CHECK(ev[1].get("State") == "NOT_INUSE");
    srv.pbx().leave_voicemail("1234@default");
    CHECK(event_names(obs.fence()) == names{"MessageWaiting", "DeviceStateChange"});

    const message count =
        obs.call({{"Action", "MailboxCount"}, {"Mailbox", "1234@default"}, {"ActionID", "m"}}, "m");
    CHECK(count.get("NewMessages") == "1");
    CHECK(count.get("OldMessages") == "1");
    const auto users = obs.list({{"Action", "VoicemailUsersList"}, {"ActionID", "v"}}, "v");
    REQUIRE(users.size() == 2);
    CHECK(users.at(0).get("VoiceMailbox") == "1234");
    CHECK(users.at(0).get("NewMessageCount") == "1");
    CHECK(srv.pbx().state().mailboxes.at("1234@default").old_messages == 1);
}

// =============================================================================================
// Sessions: Events off, permissions, gaps, restarts
// =============================================================================================

TEST_CASE("Events off drops the events (capture 13); a user without `agent` gets no queue "
          "events; list actions need their write classes",
          "[pbx][sessions]") {
    server srv;
    srv.add_user("callonly", "pw", "call", "call,reporting");
    srv.add_user("nolists", "pw", "all", "agent");
    observer obs(srv.port());
    observer calls(srv.port(), "callonly", "pw");
    observer lists(srv.port(), "nolists", "pw");

    REQUIRE(obs.call({{"Action", "Events"}, {"EventMask", "off"}, {"ActionID", "off"}}, "off")
                .get("Events") == "Off");
    const placed_call call = srv.pbx().place_call("600", "510", "Deaf");
    REQUIRE(obs.call({{"Action", "Events"}, {"EventMask", "on"}, {"ActionID", "on"}}, "on")
                .get("Events") == "On");
    CHECK(obs.fence().empty()); // dropped, not queued
    REQUIRE(srv.pbx().hangup(call.callee_phone));
    const std::vector<message> after = obs.fence();
    CHECK(only(after, "Hangup").size() == 4); // of channels this session never saw created

    // Queue events are class agent: the call-only user sees the call, not the queue.
    (void)calls.fence();
    const placed_call q = srv.pbx().join_queue("support", "600", "Q");
    const std::vector<message> seen = calls.fence();
    CHECK(only(seen, "QueueCallerJoin").empty());
    CHECK(only(seen, "Newchannel").size() == 2);
    CHECK(only(seen, "Newexten").empty()); // dialplan class
    CHECK(only(obs.fence(), "QueueCallerJoin").size() == 1);
    REQUIRE(srv.pbx().hangup(q.caller_phone));

    CHECK(lists.call({{"Action", "DeviceStateList"}, {"ActionID", "d"}}, "d").message_text() ==
          "Permission denied");
    CHECK(lists.call({{"Action", "ExtensionStateList"}, {"ActionID", "e"}}, "e").message_text() ==
          "Permission denied");
    CHECK(lists.call({{"Action", "ParkedCalls"}, {"ActionID", "p"}}, "p").message_text() ==
          "Permission denied");
    CHECK(calls
              .call({{"Action", "QueueAdd"},
                     {"Queue", "support"},
                     {"Interface", "Local/512@test/n"},
                     {"ActionID", "a"}},
                    "a")
              .message_text() == "Permission denied");
    const auto ok = calls.list({{"Action", "DeviceStateList"}, {"ActionID", "d2"}}, "d2");
    CHECK(ok.back().is_event("DeviceStateListComplete"));
}

TEST_CASE("an injected gap drops the next events for every session; a restart closes the "
          "sessions and forgets the calls",
          "[pbx][sessions]") {
    server srv;
    observer a(srv.port());
    observer b(srv.port());
    srv.pbx().drop_events(3);
    srv.pbx().set_device_state("Custom:102", "INUSE");
    srv.pbx().set_device_state("Custom:102", "BUSY");
    srv.pbx().set_device_state("Custom:102", "ONHOLD");
    srv.pbx().set_device_state("Custom:102", "NOT_INUSE");
    for (observer* o : {&a, &b}) {
        const std::vector<message> ev = o->fence();
        REQUIRE(ev.size() == 1);
        CHECK(ev[0].get("State") == "NOT_INUSE");
    }
    CHECK(srv.stats().events_dropped == 3);

    (void)srv.pbx().place_call("600", "510");
    srv.pbx().set_device_state("Custom:511", "INUSE");
    REQUIRE(srv.pbx().add_member("support", "Local/512@test/n", "Keep"));
    (void)a.fence();
    CHECK(srv.pbx().state().channels.size() == 4);
    srv.pbx().restart(false);
    REQUIRE(srv.wait_for_sessions(0, deadline));
    const pbx_state s = srv.pbx().state();
    CHECK(s.channels.empty());
    CHECK(s.bridges.size() == 1); // the parking lot's, anew
    CHECK(s.device_states.at("Custom:511") == "INUSE");
    REQUIRE(s.queues.size() == 1);
    CHECK(s.queues[0].members.size() == 1);
    observer again(srv.port());
    const auto channels = again.list({{"Action", "CoreShowChannels"}, {"ActionID", "c"}}, "c");
    CHECK(channels.size() == 1);
}

TEST_CASE("without the lab configuration the PBX starts empty", "[pbx]") {
    server_options o;
    o.lab_dialplan = false;
    server srv(o);
    const pbx_state s = srv.pbx().state();
    CHECK(s.bridges.empty());
    CHECK(s.queues.empty());
    CHECK(s.device_states.empty());
    observer obs(srv.port());
    srv.pbx().add_queue("sales");
    REQUIRE(srv.pbx().add_member("sales", "Local/510@test/n", "Ann"));
    const placed_call c = srv.pbx().place_call("600", "510");
    (void)obs.fence();
    const std::string space = srv.pbx().park(c.callee);
    CHECK(space == "701");
    const auto ev = obs.fence();
    CHECK(ev.at(1).is_event("BridgeCreate")); // the lot's bridge, made at the first park
    CHECK(ev.at(1).get("BridgeType") == "parking");
}

// =============================================================================================
// A random storm: the events a session sees always add up to the simulator's truth
// =============================================================================================

namespace {

/// A small mirror built from the event stream only (after an initial load of the lists).
struct mini_mirror {
    std::map<std::string, std::string> channels; // uniqueid -> bridge
    std::map<std::string, std::set<std::string>> bridges;
    std::set<std::string> callers; // uniqueids waiting in queues
    std::set<std::string> parked;  // spaces
    std::map<std::string, std::string> devices;
    std::map<std::string, std::string> members; // queue/interface -> "paused,status"
    std::map<std::string, std::string> hints;   // exten@context -> status

    void load(observer& o) {
        for (const message& m : o.list({{"Action", "BridgeList"}, {"ActionID", "l1"}}, "l1")) {
            if (m.is_event("BridgeListItem"))
                bridges[std::string(m.get("BridgeUniqueid"))];
        }
        for (const message& m : o.list({{"Action", "DeviceStateList"}, {"ActionID", "l2"}}, "l2")) {
            if (m.contains("Device"))
                devices[std::string(m.get("Device"))] = std::string(m.get("State"));
        }
        for (const message& m :
             o.list({{"Action", "ExtensionStateList"}, {"ActionID", "l3"}}, "l3")) {
            if (m.contains("Exten"))
                hints[std::string(m.get("Exten")) + "@" + std::string(m.get("Context"))] =
                    std::string(m.get("Status"));
        }
    }

    void apply(const message& m) {
        const std::string uid(m.get("Uniqueid"));
        const std::string name(m.event_name());
        if (name == "Newchannel") {
            channels[uid];
        } else if (name == "Hangup") {
            CHECK(channels.erase(uid) == 1);
        } else if (name == "BridgeCreate") {
            bridges[std::string(m.get("BridgeUniqueid"))];
        } else if (name == "BridgeDestroy") {
            CHECK(bridges.erase(std::string(m.get("BridgeUniqueid"))) == 1);
        } else if (name == "BridgeEnter") {
            const std::string id(m.get("BridgeUniqueid"));
            REQUIRE(bridges.count(id) == 1);
            bridges[id].insert(uid);
            channels.at(uid) = id;
            CHECK(m.get("BridgeNumChannels") == std::to_string(bridges[id].size()));
        } else if (name == "BridgeLeave") {
            const std::string id(m.get("BridgeUniqueid"));
            CHECK(bridges.at(id).erase(uid) == 1);
            channels.at(uid).clear();
            CHECK(m.get("BridgeNumChannels") == std::to_string(bridges[id].size()));
        } else if (name == "QueueCallerJoin") {
            callers.insert(uid);
        } else if (name == "QueueCallerLeave") {
            CHECK(callers.erase(uid) == 1);
        } else if (name == "ParkedCall") {
            CHECK(parked.insert(std::string(m.get("ParkingSpace"))).second);
        } else if (name == "UnParkedCall" || name == "ParkedCallGiveUp" ||
                   name == "ParkedCallTimeOut") {
            CHECK(parked.erase(std::string(m.get("ParkingSpace"))) == 1);
        } else if (name == "DeviceStateChange") {
            const std::string device(m.get("Device"));
            if (device.rfind("Local/", 0) != 0)
                devices[device] = std::string(m.get("State"));
        } else if (name == "QueueMemberAdded" || name == "QueueMemberStatus" ||
                   name == "QueueMemberPause") {
            members[std::string(m.get("Queue")) + "/" + std::string(m.get("Interface"))] =
                std::string(m.get("Paused")) + "," + std::string(m.get("Status"));
        } else if (name == "QueueMemberRemoved") {
            CHECK(members.erase(std::string(m.get("Queue")) + "/" +
                                std::string(m.get("Interface"))) == 1);
        } else if (name == "ExtensionStatus") {
            hints[std::string(m.get("Exten")) + "@" + std::string(m.get("Context"))] =
                std::string(m.get("Status"));
        }
        if (!uid.empty() && m.contains("Channel") && name != "Hangup" &&
            name != "OriginateResponse")
            CHECK(channels.count(uid) == 1); // no event about a channel never announced
    }

    void compare(const pbx_state& s) const {
        std::map<std::string, std::string> truth_channels;
        for (const auto& c : s.channels)
            truth_channels[c.uniqueid] = c.bridge_id;
        CHECK(channels == truth_channels);
        std::map<std::string, std::set<std::string>> truth_bridges;
        for (const auto& b : s.bridges)
            truth_bridges[b.uniqueid] = std::set<std::string>(b.channels.begin(), b.channels.end());
        CHECK(bridges == truth_bridges);
        std::set<std::string> truth_callers;
        std::map<std::string, std::string> truth_members;
        for (const auto& q : s.queues) {
            for (const auto& c : q.callers)
                truth_callers.insert(c.uniqueid);
            for (const auto& m : q.members)
                truth_members[q.name + "/" + m.interface] =
                    std::string(m.paused ? "1" : "0") + "," + std::to_string(m.status);
        }
        CHECK(callers == truth_callers);
        CHECK(members == truth_members);
        std::set<std::string> truth_parked;
        for (const auto& p : s.parked_calls)
            truth_parked.insert(p.space);
        CHECK(parked == truth_parked);
        CHECK(devices == s.device_states);
        std::map<std::string, std::string> truth_hints;
        for (const auto& h : s.hints)
            truth_hints[h.exten + "@" + h.context] = std::to_string(h.status);
        CHECK(hints == truth_hints);
    }
};

} // namespace

TEST_CASE("a random storm of calls, queues, parking and transfers: the event stream always "
          "adds up to the truth",
          "[pbx][storm]") {
    server srv;
    observer obs(srv.port());
    mini_mirror mirror;
    mirror.load(obs);
    (void)obs.fence();
    auto& pbx = srv.pbx();
    const char* seed_text = std::getenv("AMICPP_STORM_SEED");
    std::mt19937 rng(seed_text != nullptr ? static_cast<unsigned>(std::atol(seed_text))
                                          : 20261202u);
    const auto pick = [&](std::size_t n) {
        return static_cast<std::size_t>(std::uniform_int_distribution<std::size_t>(0, n - 1)(rng));
    };
    const char* phones[] = {"510", "511", "512", "100"};
    const char* members[] = {"Local/510@test/n", "Local/511@test/n", "Local/512@test/n"};
    const char* states[] = {"INUSE", "NOT_INUSE", "BUSY", "RINGING", "ONHOLD", "UNAVAILABLE"};
    std::map<std::string, int> seen;
    for (int step = 0; step < 400; ++step) {
        const pbx_state before = pbx.state();
        std::vector<std::string> names_now, bridged, ringing;
        for (const auto& c : before.channels) {
            names_now.push_back(c.name);
            if (!c.bridge_id.empty() && c.bridge_id != before.bridges.at(0).uniqueid)
                bridged.push_back(c.name);
            if (c.state == 5)
                ringing.push_back(c.name);
        }
        const std::size_t op = pick(16);
        INFO("step " << step << " op " << op);
        switch (op) {
        case 0:
        case 1:
            if (before.channels.size() < 30)
                (void)pbx.place_call("600", phones[pick(4)], "Storm", pick(2) == 0);
            break;
        case 2:
            if (!ringing.empty())
                (void)pbx.answer(ringing[pick(ringing.size())]);
            break;
        case 3:
        case 4:
            if (!names_now.empty())
                (void)pbx.hangup(names_now[pick(names_now.size())]);
            break;
        case 5:
            if (before.channels.size() < 30)
                (void)pbx.join_queue("support", "600", "Queued");
            break;
        case 6:
            (void)pbx.add_member("support", members[pick(3)], "M");
            break;
        case 7:
            (void)pbx.pause_member("support", members[pick(3)], pick(2) == 0, "r");
            break;
        case 8:
            (void)pbx.remove_member("support", members[pick(3)]);
            break;
        case 9:
            if (!bridged.empty())
                (void)pbx.park(bridged[pick(bridged.size())]);
            break;
        case 10:
            if (!before.parked_calls.empty()) {
                const std::string space =
                    before.parked_calls[pick(before.parked_calls.size())].space;
                if (pick(2) == 0)
                    (void)pbx.pickup(space);
                else
                    (void)pbx.park_timeout(space);
            }
            break;
        case 11:
            pbx.set_device_state(pick(2) == 0 ? "Custom:101" : "Custom:511", states[pick(6)]);
            break;
        case 12:
            if (names_now.size() >= 2)
                (void)pbx.bridge(names_now[pick(names_now.size())],
                                 names_now[pick(names_now.size())]);
            break;
        case 13:
            if (!bridged.empty())
                (void)pbx.kick(bridged[pick(bridged.size())]);
            break;
        case 14:
            if (!bridged.empty()) {
                const std::size_t how = pick(3);
                if (how == 0)
                    (void)pbx.blind_transfer(bridged[pick(bridged.size())], "512");
                else if (how == 1)
                    (void)pbx.redirect(bridged[pick(bridged.size())], "511");
                else
                    (void)pbx.atxfer(bridged[pick(bridged.size())], phones[pick(4)]);
            }
            break;
        default:
            if (pick(2) == 0)
                pbx.leave_voicemail("1234@default");
            else
                pbx.read_voicemail("1234@default");
            break;
        }
        for (const message& m : obs.fence()) {
            ++seen[std::string(m.event_name())];
            mirror.apply(m);
        }
        mirror.compare(pbx.state());
        // The lists say the same as the truth.
        if (step % 50 == 49) {
            const pbx_state s = pbx.state();
            const auto listed = obs.list({{"Action", "CoreShowChannels"}, {"ActionID", "c"}}, "c");
            CHECK(listed.size() == s.channels.size() + 1);
            const auto bl = obs.list({{"Action", "BridgeList"}, {"ActionID", "b"}}, "b");
            CHECK(bl.size() == s.bridges.size() + 1);
            const auto pc = obs.list({{"Action", "ParkedCalls"}, {"ActionID", "p"}}, "p");
            CHECK(pc.size() == s.parked_calls.size() + 1);
        }
    }
    // The storm went through every kind of sequence (with the default seed).
    if (seed_text != nullptr)
        return;
    for (const char* name :
         {"BridgeEnter", "AgentConnect", "AgentComplete", "QueueCallerAbandon", "ParkedCall",
          "UnParkedCall", "ParkedCallTimeOut", "ParkedCallGiveUp", "BlindTransfer",
          "QueueMemberPause", "ExtensionStatus", "MessageWaiting"}) {
        INFO(name);
        CHECK(seen[name] > 0);
    }
}
