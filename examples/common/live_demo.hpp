// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_EXAMPLES_COMMON_LIVE_DEMO_HPP
#define AMICPP_EXAMPLES_COMMON_LIVE_DEMO_HPP

// What `ami-top --demo` watches: amicpp::testing::server's simulated PBX (calls, bridges,
// queues, parking, device states, voicemail, with the event sequences of a real Asterisk 22),
// set up as a small call centre and kept busy through `server.pbx()`.
//
// - accounts: admin / amp111 (everything), monitor / m0nitor (reads every event, writes only
//   `system`: some lists are refused, to see how a board shows the parts it cannot have);
// - before anyone logs in: queue `support` with three agents (Anna, Ben, Cleo) and queue
//   `sales` with two (Dan, Eve); a call in progress (Alice on 600 talking to 100); device
//   states of Custom:101 and Custom:102 (the lab's hints 100@test and 101@test come with it);
// - once the first client has logged in, a warm-up of a few steps, about ten per second: a
//   call rings and is answered, callers join `support` (the first two are connected to agents
//   who answer, the next ones wait while Cleo is paused for lunch), a call is parked at 701,
//   device states change, a voicemail is left; then a pause of two seconds (the board as
//   `warmed_up` describes it), and then, until the program ends, about one operation a
//   second: calls placed, answered and hung up, callers joining, being connected or giving
//   up, agents pausing, parking and pickups, device states, voicemail read and left.

#include "options.hpp"

#include <amicpp/live/snapshot.hpp>
#include <amicpp/testing/server.hpp>

#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace examples {

class live_demo {
public:
    static constexpr const char* username = "admin";       ///< the demo's account...
    static constexpr const char* secret = "amp111";        ///< ...and its secret
    static constexpr const char* mailbox = "1234@default"; ///< the lab's mailbox

    /// Listens on 127.0.0.1:`port` (0: any free port) and sets the scene.
    explicit live_demo(std::uint16_t port = 0)
        : work_(asio::make_work_guard(traffic_)), timer_(traffic_), srv_(settings(port)) {
        set_scene();
        srv_.on_action("Login", [this](amicpp::testing::action_context& ctx) {
            ctx.run_builtin();
            if (ctx.authenticated() && !started_.exchange(true))
                asio::post(traffic_, [this] { next(0); });
        });
        thread_ = std::thread([this] { traffic_.run(); });
    }

    live_demo(const live_demo&) = delete;
    live_demo& operator=(const live_demo&) = delete;

    ~live_demo() {
        work_.reset();
        traffic_.stop();
        thread_.join();
    } // then the server stops, closing every session

    /// The port the simulated Asterisk listens on.
    std::string port() const { return std::to_string(srv_.port()); }

    /// The simulated server itself.
    amicpp::testing::server& server() { return srv_; }

    /// True once a mirror shows the board the warm-up builds: calls, `support` with a paused
    /// agent, an agent in use and two callers waiting, a parked call, a voicemail, a ringing
    /// device. It holds for two seconds after the warm-up.
    static bool warmed_up(const amicpp::live::snapshot& s) {
        const amicpp::live::queue* q = s.find_queue("support");
        if (q == nullptr || q->callers.size() < 2 || s.parked_calls().empty() ||
            s.calls().size() < 4)
            return false;
        bool paused = false, in_use = false;
        for (const auto& m : q->members) {
            paused = paused || m.paused;
            in_use = in_use || m.status == 2; // INUSE (InCall is not sent on AgentConnect)
        }
        const amicpp::live::mailbox* box = s.find_mailbox(mailbox);
        const amicpp::live::device_state* dev = s.find_device("Custom:102");
        return paused && in_use && box != nullptr && box->new_messages > 0 && dev != nullptr &&
               dev->state == "RINGING";
    }

private:
    static amicpp::testing::server_options settings(std::uint16_t port) {
        amicpp::testing::server_options o; // Asterisk 22, the capture lab's dialplan
        o.port = port;
        // monitor may read every event but write only `system`: the lists that need write
        // call or reporting are refused, and ami-top shows those parts as unavailable.
        o.users = {{username, secret, "all", "all"}, {"monitor", "m0nitor", "all", "system"}};
        return o;
    }

    amicpp::testing::simulated_pbx& pbx() { return srv_.pbx(); }

    void set_scene() {
        pbx().add_queue("support");
        pbx().add_member("support", "Local/511@test/n", "Anna");
        pbx().add_member("support", "Local/512@test/n", "Ben");
        pbx().add_member("support", "Local/513@test/n", "Cleo");
        pbx().add_queue("sales");
        pbx().add_member("sales", "Local/521@test/n", "Dan");
        pbx().add_member("sales", "Local/522@test/n", "Eve");
        pbx().set_device_state("Custom:101", "NOT_INUSE");
        pbx().set_device_state("Custom:102", "NOT_INUSE");
        calls_.push_back(pbx().place_call("600", "100", "Alice", true));
    }

    // ---- the traffic (on the traffic thread) -------------------------------------------------

    void next(std::size_t step) {
        const bool warm = step < warm_up_steps();
        const std::chrono::milliseconds pace(warm ? 100 : step == warm_up_steps() ? 2000 : 900);
        timer_.expires_after(pace);
        timer_.async_wait([this, step](std::error_code ec) {
            if (ec)
                return;
            if (step < warm_up_steps())
                warm_up(step);
            else
                steady(step - warm_up_steps());
            next(step + 1);
        });
    }

    static std::size_t warm_up_steps() { return 10; }

    void warm_up(std::size_t step) {
        switch (step) {
        case 0:
            ringing_ = pbx().place_call("601", "510", "Bob", false);
            break;
        case 1:
            pbx().answer(ringing_.callee);
            calls_.push_back(ringing_);
            break;
        case 2:
            pbx().pause_member("support", "Local/513@test/n", true, "lunch");
            queued_.push_back(pbx().join_queue("support", "602", "Carol"));
            break;
        case 3:
            answer_agents();
            queued_.push_back(pbx().join_queue("support", "603", "Dave"));
            break;
        case 4:
            answer_agents();
            queued_.push_back(pbx().join_queue("support", "604", "Erin"));
            break;
        case 5:
            queued_.push_back(pbx().join_queue("support", "605", "Frank"));
            pbx().set_device_state("Custom:101", "INUSE");
            break;
        case 6:
            parked_ = pbx().place_call("606", "514", "Gina", true);
            break;
        case 7:
            space_ = pbx().park(parked_.callee_phone); // picked up in the steady traffic
            break;
        case 8:
            pbx().leave_voicemail(mailbox);
            break;
        default:
            pbx().set_device_state("Custom:102", "RINGING");
            break;
        }
    }

    // One operation a second, in a loop of twelve.
    void steady(std::size_t step) {
        static const char* const names[] = {"Heidi",  "Ivan",  "Judy",   "Mallory", "Niaj",
                                            "Olivia", "Peggy", "Rupert", "Sybil",   "Trent"};
        const std::string name = names[step % 10];
        const std::string from = std::to_string(610 + step % 80);
        switch (step % 12) {
        case 0: // a new call rings
            ringing_ = pbx().place_call(from, "51" + std::to_string(5 + step % 4), name, false);
            break;
        case 1: // and is answered
            if (pbx().answer(ringing_.callee))
                calls_.push_back(ringing_);
            break;
        case 2: // the oldest waiting caller gives up when too many wait
            if (queued_.size() > 2) {
                pbx().hangup(queued_.front().caller_phone);
                queued_.pop_front();
            }
            break;
        case 3: // the oldest call ends
            hang_up_oldest();
            break;
        case 4: // a caller joins support; a free agent rings and answers
            queued_.push_back(pbx().join_queue("support", from, name));
            answer_agents();
            break;
        case 5: // Cleo comes back from lunch, or goes on a break
            cleo_paused_ = !cleo_paused_;
            pbx().pause_member("support", "Local/513@test/n", cleo_paused_,
                               cleo_paused_ ? "break" : "");
            break;
        case 6: // the parked call is picked up, or an answered call is parked
            if (!space_.empty()) {
                calls_.push_back(pbx().pickup(space_, from, name));
                space_.clear();
            } else if (calls_.size() > 1) {
                space_ = pbx().park(calls_.back().callee_phone);
            }
            break;
        case 7:
            pbx().set_device_state("Custom:101", step % 24 == 7 ? "NOT_INUSE" : "INUSE");
            pbx().set_device_state("Custom:102", step % 24 == 7 ? "UNAVAILABLE" : "RINGING");
            break;
        case 8: // a call to sales
            queued_.push_back(pbx().join_queue("sales", from, name));
            answer_agents();
            break;
        case 9: // an agent's call ends
            hang_up_agent_call();
            break;
        case 10:
            if (step % 24 == 10)
                pbx().read_voicemail(mailbox);
            else
                pbx().leave_voicemail(mailbox);
            break;
        default:
            if (calls_.size() > 4)
                hang_up_oldest();
            break;
        }
    }

    // Every agent phone that rings (`Local/51X@test-...;1` or `52X`) answers.
    void answer_agents() {
        for (const auto& c : pbx().state().channels) {
            const bool agent =
                c.name.compare(0, 8, "Local/51") == 0 || c.name.compare(0, 8, "Local/52") == 0;
            if (agent && c.state != 6 && c.name.size() > 2 &&
                c.name.compare(c.name.size() - 2, 2, ";1") == 0)
                pbx().answer(c.name);
        }
    }

    void hang_up_oldest() {
        while (!calls_.empty()) {
            const bool gone = pbx().hangup(calls_.front().caller_phone);
            calls_.pop_front();
            if (gone)
                return;
        }
    }

    // The caller connected to an agent longest ago hangs up.
    void hang_up_agent_call() {
        const auto truth = pbx().state();
        for (auto it = queued_.begin(); it != queued_.end(); ++it) {
            bool waiting = false;
            for (const auto& q : truth.queues)
                for (const auto& c : q.callers)
                    waiting = waiting || c.channel == it->caller;
            if (!waiting) {
                pbx().hangup(it->caller_phone);
                queued_.erase(it);
                return;
            }
        }
    }

    asio::io_context traffic_; // paces the traffic, on thread_
    asio::executor_work_guard<asio::io_context::executor_type> work_;
    asio::steady_timer timer_;
    amicpp::testing::server srv_;
    // traffic thread only (and the constructor, before it starts):
    std::deque<amicpp::testing::placed_call> calls_;  // two-party calls, oldest first
    std::deque<amicpp::testing::placed_call> queued_; // queue calls, oldest first
    amicpp::testing::placed_call ringing_, parked_;
    std::string space_;
    bool cleo_paused_ = true;
    std::atomic<bool> started_{false};
    std::thread thread_;
};

/// With --demo: starts the simulated PBX (on --port if given) and points `o` at it (with its
/// account, unless --user and --secret say otherwise). Without: nothing.
inline std::unique_ptr<live_demo> start_live_demo_if_asked(options& o) {
    if (!o.demo)
        return nullptr;
    std::unique_ptr<live_demo> pbx;
    try {
        pbx = std::make_unique<live_demo>(
            o.port_given ? static_cast<std::uint16_t>(std::stoul(o.port)) : std::uint16_t{0});
    } catch (const std::system_error& e) { // the port is taken
        std::cerr << "cannot start the simulated Asterisk on port " << o.port << ": " << e.what()
                  << '\n';
        std::exit(exit_connection_failed);
    }
    o.host = "127.0.0.1";
    o.port = pbx->port();
    if (o.login.username.empty())
        o.login.username = live_demo::username;
    if (o.login.secret.empty())
        o.login.secret = live_demo::secret;
    return pbx;
}

} // namespace examples

#endif // AMICPP_EXAMPLES_COMMON_LIVE_DEMO_HPP
