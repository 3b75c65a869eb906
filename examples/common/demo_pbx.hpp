// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_EXAMPLES_COMMON_DEMO_PBX_HPP
#define AMICPP_EXAMPLES_COMMON_DEMO_PBX_HPP

// What `--demo` runs: amicpp::testing::server (a simulated Asterisk 22 on 127.0.0.1, in this
// process) dressed up as a small office PBX.
//
// - users: admin / amp111 (reads and writes everything), monitor / m0nitor (reads call and
//   system events only);
// - a call in progress: Alice (PJSIP/100) talking to Bob (PJSIP/200), so that Status,
//   CoreShowChannels and `core show channels` have something to show;
// - Originate: rings for a moment, then answers (Reason 4); an endpoint already on a call
//   (PJSIP/100, PJSIP/200) is busy (Reason 5), and so is any channel containing "busy";
//   "congest" and "noanswer" give Reasons 8 and 3;
// - once the first client has logged in, about three seconds of background activity, a
//   handful of events per second: calls that are answered, busy, not answered (Newchannel,
//   Newstate, DialBegin, DialEnd, Hangup with Cause), then one `UserEvent: amicpp-demo-over`
//   (see is_end_marker) so that event tails know the show is over.

#include "options.hpp"

#include <amicpp/message.hpp>
#include <amicpp/testing/server.hpp>

#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace examples {

class demo_pbx {
public:
    static constexpr const char* username = "admin"; ///< the demo's account...
    static constexpr const char* secret = "amp111";  ///< ...and its secret

    /// Listens on 127.0.0.1:`port` (0: any free port).
    explicit demo_pbx(std::uint16_t port = 0)
        : work_(asio::make_work_guard(activity_)), timer_(activity_), srv_(server_settings(port)) {
        // The call in progress: Alice dialled Bob, who answered.
        amicpp::testing::channel alice = leg("PJSIP/100", "100", "Alice", 6, "200");
        alice.connected_line_num = "200";
        alice.connected_line_name = "Bob";
        alice.application = "Dial";
        alice.application_data = "PJSIP/200,30";
        alice.uniqueid = srv_.add_channel(alice);
        amicpp::testing::channel bob = leg("PJSIP/200", "200", "Bob", 6, "s", alice.uniqueid);
        bob.connected_line_num = "100";
        bob.connected_line_name = "Alice";
        bob.application = "AppDial";
        bob.application_data = "(Outgoing Line)";
        srv_.add_channel(bob);

        srv_.set_command_output("core show calls", {"1 active call", "7 calls processed"});
        // As Asterisk 22 prints it: the indentation is the CLI's, kept byte for byte.
        srv_.set_command_output("dialplan show 100@test",
                                {"[ Context 'test' created by 'pbx_config' ]",
                                 "  '100' =>          1. Answer()                                  "
                                 "[extensions.conf:3]",
                                 "                    2. Dial(PJSIP/100,30)                        "
                                 "[extensions.conf:4]",
                                 "", "-= 1 extension (2 priorities) in 1 context. =-"});
        srv_.set_originate_outcome([this](const amicpp::message& a) { return originate(a); });
        // The activity starts with the first successful login, so that someone sees it.
        srv_.on_action("Login", [this](amicpp::testing::action_context& ctx) {
            ctx.run_builtin();
            if (ctx.authenticated() && !started_.exchange(true))
                asio::post(activity_, [this] { run_step(0); });
        });
        write_script();
        thread_ = std::thread([this] { activity_.run(); });
    }

    demo_pbx(const demo_pbx&) = delete;
    demo_pbx& operator=(const demo_pbx&) = delete;

    ~demo_pbx() {
        work_.reset();
        activity_.stop();
        thread_.join();
    } // then the server stops, closing every session

    /// The port the simulated Asterisk listens on (an ephemeral one on 127.0.0.1).
    std::string port() const { return std::to_string(srv_.port()); }

    /// The simulated server itself, for more scripting.
    amicpp::testing::server& server() { return srv_; }

    /// True for the event that ends the demo's background activity.
    static bool is_end_marker(const amicpp::message& m) {
        return m.is_event("UserEvent") && m.get("UserEvent") == "amicpp-demo-over";
    }

private:
    static amicpp::testing::server_options server_settings(std::uint16_t port) {
        amicpp::testing::server_options o; // Asterisk 22, AMI 11.0.0
        o.port = port;
        o.users = {{username, secret, "all", "all"}, {"monitor", "m0nitor", "call,system", ""}};
        o.auth_failure_delay = std::chrono::milliseconds(1000); // as Asterisk does
        return o;
    }

    // A channel of the simulated PBX, in context from-internal.
    amicpp::testing::channel leg(const std::string& endpoint, std::string number, std::string name,
                                 int state, std::string exten, std::string linkedid = {}) {
        char suffix[16];
        std::snprintf(suffix, sizeof suffix, "-%08x", next_channel_++);
        amicpp::testing::channel c;
        c.name = endpoint + suffix;
        c.caller_id_num = std::move(number);
        c.caller_id_name = std::move(name);
        c.state = state;
        c.context = "from-internal";
        c.exten = std::move(exten);
        c.linkedid = std::move(linkedid);
        return c;
    }

    // Runs on the server's thread for every Originate.
    amicpp::testing::originate_outcome originate(const amicpp::message& action) {
        amicpp::testing::originate_outcome out = amicpp::testing::default_originate_outcome(action);
        const std::string endpoint = std::string(action.get("Channel")) + "-";
        for (const amicpp::testing::channel& c : srv_.channels()) {
            if (c.name.compare(0, endpoint.size(), endpoint) == 0) { // already on a call
                out.success = false;
                out.reason = 5;
            }
        }
        // The phone rings a little before it is answered; a busy one says so sooner.
        out.delay = std::chrono::milliseconds(out.success ? 700 : 300);
        return out;
    }

    // ---- the background activity (runs on the activity thread) ------------------------------

    void run_step(std::size_t i) {
        if (i == script_.size())
            return;
        timer_.expires_after(std::chrono::milliseconds(180)); // a handful of events per second
        timer_.async_wait([this, i](std::error_code ec) {
            if (ec)
                return;
            script_[i]();
            run_step(i + 1);
        });
    }

    static amicpp::message snapshot(const char* event, const amicpp::testing::channel& c) {
        amicpp::message m = amicpp::message::event(event);
        m.add("Privilege", "call,all");
        add_snapshot(m, c, "");
        return m;
    }

    static void add_snapshot(amicpp::message& m, const amicpp::testing::channel& c,
                             const std::string& prefix) {
        m.add(prefix + "Channel", c.name);
        m.add(prefix + "ChannelState", std::to_string(c.state));
        m.add(prefix + "ChannelStateDesc", amicpp::testing::channel_state_text(c.state));
        m.add(prefix + "CallerIDNum", c.caller_id_num);
        m.add(prefix + "CallerIDName", c.caller_id_name);
        m.add(prefix + "ConnectedLineNum", c.connected_line_num);
        m.add(prefix + "ConnectedLineName", c.connected_line_name);
        m.add(prefix + "Language", c.language);
        m.add(prefix + "AccountCode", c.account_code);
        m.add(prefix + "Context", c.context);
        m.add(prefix + "Exten", c.exten);
        m.add(prefix + "Priority", std::to_string(c.priority));
        m.add(prefix + "Uniqueid", c.uniqueid);
        m.add(prefix + "Linkedid", c.linkedid);
    }

    void new_channel(const amicpp::testing::channel& c) {
        amicpp::testing::channel& added = live_[c.name] = c;
        added.uniqueid = srv_.add_channel(c);
        if (added.linkedid.empty())
            added.linkedid = added.uniqueid;
        srv_.broadcast(snapshot("Newchannel", added));
    }

    void new_state(const std::string& name, int state) {
        amicpp::testing::channel& c = live_.at(name);
        c.state = state;
        srv_.remove_channel(name); // the simulated server has no "set state": replace it
        srv_.add_channel(c);
        srv_.broadcast(snapshot("Newstate", c));
    }

    void dial(const char* event, const std::string& caller, const std::string& callee,
              const char* status) {
        const amicpp::testing::channel& dest = live_.at(callee);
        amicpp::message m = snapshot(event, live_.at(caller));
        add_snapshot(m, dest, "Dest");
        if (status == nullptr)
            m.add("DialString", dest.caller_id_num);
        else
            m.add("DialStatus", status);
        srv_.broadcast(m);
    }

    void hangup(const std::string& name, int cause) {
        const amicpp::testing::channel c = live_.at(name);
        live_.erase(name);
        srv_.remove_channel(name);
        amicpp::message m = snapshot("Hangup", c);
        m.add("Cause", std::to_string(cause));
        m.add("Cause-txt", cause == 16   ? "Normal Clearing"
                           : cause == 17 ? "User busy"
                           : cause == 19 ? "User alerting, no answer"
                                         : "Unknown");
        srv_.broadcast(m);
    }

    void write_script() {
        // Carol (201) calls Grace (401), who answers; Dave (202) calls Heidi (402), who is busy;
        // Erin (203) calls Ivan (403), who does not answer; then Carol and Grace hang up.
        const auto carol = leg("PJSIP/201", "201", "Carol", 4, "401");
        const auto grace = leg("PJSIP/401", "401", "Grace", 0, "s");
        const auto dave = leg("PJSIP/202", "202", "Dave", 4, "402");
        const auto heidi = leg("PJSIP/402", "402", "Heidi", 0, "s");
        const auto erin = leg("PJSIP/203", "203", "Erin", 4, "403");
        const auto ivan = leg("PJSIP/403", "403", "Ivan", 0, "s");
        const auto linked = [this](amicpp::testing::channel callee, const std::string& caller) {
            callee.linkedid = live_.at(caller).uniqueid;
            callee.connected_line_num = live_.at(caller).caller_id_num;
            callee.connected_line_name = live_.at(caller).caller_id_name;
            return callee;
        };
        script_ = {
            [this, carol] { new_channel(carol); },
            [this, linked, carol, grace] {
                new_channel(linked(grace, carol.name));
                dial("DialBegin", carol.name, grace.name, nullptr);
            },
            [this, grace] { new_state(grace.name, 5); },
            [this, dave] { new_channel(dave); },
            [this, carol, grace] {
                new_state(grace.name, 6);
                dial("DialEnd", carol.name, grace.name, "ANSWER");
            },
            [this, linked, dave, heidi] {
                new_channel(linked(heidi, dave.name));
                dial("DialBegin", dave.name, heidi.name, nullptr);
            },
            [this, dave, heidi] {
                dial("DialEnd", dave.name, heidi.name, "BUSY");
                hangup(heidi.name, 17);
            },
            [this, dave] { hangup(dave.name, 17); },
            [this, erin] { new_channel(erin); },
            [this, linked, erin, ivan] {
                new_channel(linked(ivan, erin.name));
                dial("DialBegin", erin.name, ivan.name, nullptr);
            },
            [this, ivan] { new_state(ivan.name, 5); },
            [] {}, // Ivan's phone keeps ringing
            [this, erin, ivan] {
                dial("DialEnd", erin.name, ivan.name, "NOANSWER");
                hangup(ivan.name, 19);
            },
            [this, erin] { hangup(erin.name, 16); },
            [this, carol, grace] {
                hangup(grace.name, 16);
                hangup(carol.name, 16);
            },
            [this] {
                amicpp::message over = amicpp::message::event("UserEvent");
                over.add("UserEvent", "amicpp-demo-over");
                over.add("Message", "the simulated PBX activity is over");
                srv_.broadcast(over);
            },
        };
    }

    asio::io_context activity_; // paces the background activity, on thread_
    asio::executor_work_guard<asio::io_context::executor_type> work_;
    asio::steady_timer timer_;
    std::vector<std::function<void()>> script_;
    std::map<std::string, amicpp::testing::channel> live_; // activity thread only
    unsigned next_channel_ = 0x2a;
    amicpp::testing::server srv_;
    std::atomic<bool> started_{false};
    std::thread thread_;
};

/// With --demo: starts the simulated PBX (on --port if given) and points `o` at it (with its
/// account, unless --user and --secret say otherwise: to try a refused login). Without: nothing.
inline std::unique_ptr<demo_pbx> start_demo_if_asked(options& o) {
    if (!o.demo)
        return nullptr;
    std::unique_ptr<demo_pbx> pbx;
    try {
        pbx = std::make_unique<demo_pbx>(
            o.port_given ? static_cast<std::uint16_t>(std::stoul(o.port)) : std::uint16_t{0});
    } catch (const std::system_error& e) { // the port is taken
        std::cerr << "cannot start the simulated Asterisk on port " << o.port << ": " << e.what()
                  << '\n';
        std::exit(exit_connection_failed);
    }
    o.host = "127.0.0.1";
    o.port = pbx->port();
    if (o.login.username.empty())
        o.login.username = demo_pbx::username;
    if (o.login.secret.empty())
        o.login.secret = demo_pbx::secret;
    return pbx;
}

} // namespace examples

#endif // AMICPP_EXAMPLES_COMMON_DEMO_PBX_HPP
