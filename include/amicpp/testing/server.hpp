// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_TESTING_SERVER_HPP
#define AMICPP_TESTING_SERVER_HPP

/// @file
/// @brief `amicpp::testing::server`: an in-process simulated Asterisk Manager Interface server
/// on a loopback port, for tests, demos and examples.

#include <amicpp/message.hpp>
#include <amicpp/serializer.hpp>
#include <amicpp/server_version.hpp>
#include <amicpp/testing/action_context.hpp>
#include <amicpp/testing/channel.hpp>
#include <amicpp/testing/detail/session.hpp>
#include <amicpp/testing/detail/simulator.hpp>
#include <amicpp/testing/fault.hpp>
#include <amicpp/testing/originate.hpp>
#include <amicpp/testing/server_options.hpp>
#include <amicpp/testing/server_stats.hpp>
#include <amicpp/testing/simulated_pbx.hpp>

#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/address.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/post.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace amicpp::testing {

/// @brief A simulated Asterisk speaking AMI on a TCP port, as Asterisk 22 does by default (see
/// `server_options` for older versions), with scripting, event injection and fault injection.
///
/// The server owns its own `asio::io_context` and one thread, started by the constructor: to a
/// client it is a remote peer, and it never shares (or deadlocks) the client's executor.
///
/// What a session sees:
/// - the banner `Asterisk Call Manager/<version>\r\n`;
/// - Login with `Username`/`Secret` (and `Events`), or MD5: `Action: Challenge` with
///   `AuthType: MD5` gives `Challenge: <digits>`, then Login with `AuthType: MD5` and
///   `Key: md5hex(challenge + secret)`; `Authentication accepted` then `Event: FullyBooted`
///   (when the session reads system events); a failure is answered after
///   `server_options::auth_failure_delay` and the connection closed; before Login every other
///   action gets `Permission denied`;
/// - built-in actions: Ping, Logoff, Events, Command (canned `core show version|uptime|channels`
///   and `set_command_output`, in the modern or legacy format), Status and CoreShowChannels (event
///   lists over the simulated channels), IAXpeers (items without ActionID, like Asterisk 22) and
///   IAXpeerlist, Originate (sync and async with OriginateResponse to every session reading call
///   events), Hangup, Redirect, Getvar, Setvar, MailboxStatus, MailboxCount, ExtensionState,
///   CoreSettings, CoreStatus, ListCommands, UserEvent; over the simulated PBX (`pbx()`):
///   Bridge, BridgeKick, BridgeList, BridgeInfo, BridgeDestroy, QueueAdd, QueueRemove,
///   QueuePause, QueueStatus, QueueSummary, Park, ParkedCalls, DeviceStateList,
///   ExtensionStateList, VoicemailUsersList; an Originate of `Local/...` plays the whole Local
///   pair sequence of a real Asterisk (docs/testing.md); anything else gets
///   `Invalid/unknown command`;
/// - replies echo the ActionID right after `Response:` when the client sent a non-empty one;
/// - answers leave while later actions are still being handled, as Asterisk writes each one as
///   it goes: in a long run of actions read at once, the session lets its write go out every 128
///   actions instead of holding every answer until the last.
///
/// Thread safety: every member function may be called from any thread, concurrently, except
/// `stop()` and the destructor, which must not race with other calls. Calls that change or read
/// the simulation run on the server thread (the caller waits for them); called from inside an
/// action handler they run at once. `wait_for*` must not be called from an action handler.
class server {
public:
    /// @brief Binds `options.address:options.port` (port 0: an ephemeral one, see `port()`),
    /// starts the server thread and accepts connections.
    /// @param options banner version, command format, users, delays, limits
    /// @throws std::system_error when the address cannot be bound; std::invalid_argument for a
    /// banner version that does not start with a digit
    explicit server(server_options options = {}) : server(std::move(options), accept_hook{}) {}

    server(const server&) = delete;
    server& operator=(const server&) = delete;

    /// @brief Stops the server (see `stop`).
    virtual ~server() { stop(); }

protected:
    /// What to do with an accepted TCP connection before it speaks AMI (a TLS handshake): on
    /// the server thread; hand the ready stream to `simulator::on_accept`.
    using accept_hook = std::function<void(asio::ip::tcp::socket, detail::simulator&)>;

    /// @brief A server whose connections go through `hook` first (see `tls_server`).
    server(server_options options, accept_hook hook)
        : options_(options), work_(asio::make_work_guard(ioc_)),
          sim_(std::make_unique<detail::simulator>(ioc_, std::move(options))),
          pbx_(std::make_unique<simulated_pbx>(
              *sim_, [this](const std::function<void()>& f) { call([&f] { f(); }); })),
          acceptor_(ioc_), hook_(std::move(hook)) {
        open_acceptor(
            asio::ip::tcp::endpoint(asio::ip::make_address(options_.address), options_.port));
        endpoint_ = acceptor_.local_endpoint();
        do_accept();
        running_ = true;
        thread_ = std::thread([this] { run(); });
    }

public:
    /// @brief Closes the listening socket and every session at once, cancels pending timers
    /// (delayed replies, OriginateResponse) and joins the server thread. Idempotent. Must not be
    /// called from an action handler.
    void stop() {
        if (thread_.joinable() && thread_.get_id() == std::this_thread::get_id())
            throw std::logic_error("amicpp::testing::server::stop called from the server thread");
        if (!running_.exchange(false))
            return;
        asio::post(ioc_, [this] {
            std::error_code ec;
            acceptor_.close(ec);
            sim_->shutdown();
        });
        work_.reset();
        thread_.join();
    }

    // ---- where ----------------------------------------------------------------------------

    /// @brief The port the server listens on (the ephemeral one when `options.port` was 0).
    std::uint16_t port() const noexcept { return endpoint_.port(); }
    /// @brief The address and port the server listens on.
    asio::ip::tcp::endpoint endpoint() const noexcept { return endpoint_; }
    /// @brief The options given at construction.
    const server_options& options() const noexcept { return options_; }
    /// @brief The AMI version the banner announces.
    server_version version() const noexcept { return sim_->version(); }

    // ---- accounts -------------------------------------------------------------------------

    /// @brief Adds (or replaces) an account.
    /// @param name the Username
    /// @param secret the secret, for plain and MD5 logins
    /// @param read event classes the user may read (`all` or e.g. `system,call`)
    /// @param write action classes the user may use (`all` or e.g. `system,call,originate`)
    void add_user(std::string name, std::string secret, std::string read = "all",
                  std::string write = "all") {
        user u{std::move(name), std::move(secret), std::move(read), std::move(write)};
        call([&] { sim_->add_user(u); });
    }

    /// @brief Removes an account; sessions already logged in stay so. Returns false if unknown.
    /// @param name the Username (any case)
    bool remove_user(std::string_view name) {
        return call([&] { return sim_->remove_user(std::string(name)); });
    }

    /// @brief Changes an account's secret. Returns false if unknown.
    /// @param name the Username (any case)
    /// @param secret the new secret
    bool set_secret(std::string_view name, std::string secret) {
        return call([&] { return sim_->set_secret(std::string(name), std::move(secret)); });
    }

    // ---- the simulated PBX ----------------------------------------------------------------

    /// @brief The simulated PBX: scripted traffic (calls, bridges, queues, parking, device
    /// states, voicemail, event gaps, restarts) and its truth (`simulated_pbx::state`).
    simulated_pbx& pbx() noexcept { return *pbx_; }
    /// @brief The simulated PBX, to read its truth.
    const simulated_pbx& pbx() const noexcept { return *pbx_; }

    /// @brief Adds a simulated channel; returns its uniqueid (assigned when `c.uniqueid` is
    /// empty).
    /// @param c the channel
    /// @param announce also send `Event: Newchannel` to the sessions reading call events
    std::string add_channel(channel c, bool announce = false) {
        return call([&] { return sim_->add_channel(std::move(c), announce); });
    }

    /// @brief Removes a simulated channel by name (any case). Returns false if unknown.
    /// @param name the channel name
    /// @param announce also send `Event: Hangup` (Cause 16) to the sessions reading call events
    bool remove_channel(std::string_view name, bool announce = false) {
        return call([&] { return sim_->remove_channel(name, announce); });
    }

    /// @brief Changes a simulated channel's ChannelState (4 Ring, 5 Ringing, 6 Up...). Returns
    /// false if there is no such channel.
    /// @param name the channel name (any case)
    /// @param state the new ChannelState
    /// @param announce also send `Event: Newstate` to the sessions reading call events
    bool set_channel_state(std::string_view name, int state, bool announce = false) {
        return call([&] { return sim_->set_channel_state(name, state, announce); });
    }

    /// @brief The simulated channels now.
    std::vector<channel> channels() const {
        return call([&] { return sim_->channels(); });
    }

    /// @brief Sets a global variable (for Getvar without Channel).
    /// @param name variable name
    /// @param value its value
    void set_variable(std::string name, std::string value) {
        call([&] { sim_->set_variable(std::move(name), std::move(value)); });
    }

    /// @brief Sets what MailboxStatus and MailboxCount report for `mailbox` (unknown boxes
    /// report zero counts, as Asterisk does).
    /// @param mailbox e.g. `1234@default`
    /// @param new_messages NewMessages (Waiting is 1 when it is positive)
    /// @param old_messages OldMessages
    /// @param urgent_messages UrgMessages
    void set_mailbox(std::string mailbox, int new_messages, int old_messages = 0,
                     int urgent_messages = 0) {
        detail::mailbox_state st{new_messages, old_messages, urgent_messages};
        call([&] { sim_->set_mailbox(std::move(mailbox), st); });
    }

    /// @brief Sets what ExtensionState reports for `exten@context` (others report an empty Hint
    /// and Status -1).
    /// @param exten extension
    /// @param context dialplan context
    /// @param hint the hint, e.g. `PJSIP/100`
    /// @param status -1 unknown, 0 idle, 1 in use, 2 busy, 4 unavailable, 8 ringing, 16 on hold
    void set_extension_state(std::string exten, std::string context, std::string hint, int status) {
        detail::hint_state st{std::move(hint), status};
        call([&] { sim_->set_extension_state(exten, context, std::move(st)); });
    }

    /// @brief Makes `Action: Command` with `command` print `lines` (overrides the canned ones).
    /// @param command the CLI command (runs of blanks are collapsed before comparing)
    /// @param lines its output, one entry per line
    /// @param success false to answer `Response: Error` as for a failing CLI command
    void set_command_output(std::string command, std::vector<std::string> lines,
                            bool success = true) {
        detail::command_reply reply{std::move(lines), success};
        call([&] { sim_->set_command_output(command, std::move(reply)); });
    }

    /// @brief Decides the fate of each Originate (default: `default_originate_outcome`).
    /// @param f called on the server thread with the action; an empty function restores the
    /// default
    void set_originate_outcome(originate_function f) {
        call([&] { sim_->set_originate_function(std::move(f)); });
    }

    // ---- scripting ------------------------------------------------------------------------

    /// @brief Scripts the action `name` (any case), replacing the built-in behaviour if any.
    ///
    /// The handler is either `void(action_context&)`, which answers through the context (send,
    /// send_raw, send_after, broadcast, close, run_builtin...), or
    /// `std::vector<amicpp::message>(const amicpp::message& action)`, whose messages are sent
    /// in order. It runs on the server thread for each such action from a logged-in session
    /// (Login, Challenge and Logoff also before login). An exception it throws is answered by
    /// `Response: Error` with its text.
    /// @param name the action name
    /// @param handler a copyable callable of either form
    template <class Handler>
    void on_action(std::string name, Handler handler) {
        action_handler h;
        if constexpr (std::is_invocable_v<Handler&, action_context&>) {
            h = std::move(handler);
        } else {
            static_assert(std::is_invocable_r_v<std::vector<message>, Handler&, const message&>,
                          "an action handler is void(action_context&) or "
                          "std::vector<amicpp::message>(const amicpp::message&)");
            h = [f = std::move(handler)](action_context& ctx) mutable {
                ctx.send(f(ctx.action()));
            };
        }
        call([&] { sim_->set_handler(name, std::move(h)); });
    }

    /// @brief Removes the script of `name`: the built-in behaviour (if any) is back.
    /// @param name the action name (any case)
    void remove_action(std::string_view name) {
        call([&] { sim_->set_handler(name, action_handler{}); });
    }

    // ---- injection ------------------------------------------------------------------------

    /// @brief Sends `event` to every logged-in session whose event mask (Login `Events`, the
    /// Events action, the user's read classes) covers the classes of its `Privilege` header
    /// (all sessions reading events when it has none). Returns the number of sessions reached.
    /// @param event the event, written as it is
    /// @throws amicpp::serialize_error when a key or value holds CR, LF or NUL
    std::size_t broadcast(const message& event) {
        (void)to_wire(event, detail::server_serialize_options()); // throw here, not there
        return call([&] { return sim_->broadcast(event); });
    }

    /// @brief Sends `count` copies of `event` to each session `broadcast` would reach, as fast as
    /// each client reads them. The event is serialized once into a block of about 64 KiB that
    /// every session writes from: memory stays bounded whatever `count` (10 million is fine),
    /// and a client that reads slowly slows its own flood only. Replies to actions are
    /// interleaved between blocks. Returns the number of sessions flooded;
    /// `server_stats::events_flooded` counts the copies written.
    /// @param event the event to repeat
    /// @param count copies per session
    /// @throws amicpp::serialize_error when a key or value holds CR, LF or NUL
    std::size_t flood(const message& event, std::uint64_t count) {
        (void)to_wire(event, detail::server_serialize_options());
        return call([&] { return sim_->flood(event, count); });
    }

    /// @brief Writes `bytes` as they are to every open session, logged in or not: garbage,
    /// half a message, unframed output. Returns the number of sessions.
    /// @param bytes anything
    std::size_t send_raw(std::string bytes) {
        return call([&] { return sim_->send_raw(bytes); });
    }

    /// @brief Does what Asterisk does when it shuts down: `Event: Shutdown` (`Shutdown:
    /// Cleanly`, `Restart: True|False`) to the sessions reading system events, then closes every
    /// session. The server keeps accepting new connections.
    /// @param restart the `Restart` header's value
    void send_shutdown(bool restart = false) {
        call([&] { sim_->send_shutdown(restart); });
    }

    // ---- faults ---------------------------------------------------------------------------

    /// @brief Faults for the connections accepted from now on (replaces the previous ones).
    /// @param f the faults
    void set_fault(fault f) {
        call([&] { sim_->set_new_fault(std::move(f)); });
    }

    /// @brief Faults for the sessions open now (replaces theirs; byte counts start now).
    /// @param f the faults
    void apply_fault(fault f) {
        call([&] { sim_->apply_fault(f); });
    }

    /// @brief No faults any more, for new and current sessions: stalled sessions resume.
    void clear_faults() {
        call([&] { sim_->clear_faults(); });
    }

    /// @brief Closes every session at once, dropping what they had queued (for reconnect tests).
    void disconnect_all() {
        call([&] { sim_->disconnect_all(); });
    }

    /// @brief Closes the listening socket, so that connecting fails (connection refused), or
    /// opens it again on the same port.
    /// @param refuse true to refuse, false to accept again
    /// @throws std::system_error if the port cannot be bound again
    void refuse_connections(bool refuse = true) {
        call([&] {
            std::error_code ec;
            if (refuse) {
                acceptor_.close(ec);
            } else if (!acceptor_.is_open()) {
                open_acceptor(endpoint_);
                do_accept();
            }
        });
    }

    // ---- observation ----------------------------------------------------------------------

    /// @brief A snapshot of the counters.
    server_stats stats() const { return sim_->stats(); }
    /// @brief TCP connections accepted so far.
    std::size_t connections_accepted() const { return stats().connections_accepted; }
    /// @brief Sessions open now.
    std::size_t sessions() const { return stats().sessions; }
    /// @brief Sessions open and logged in now.
    std::size_t logged_in() const { return stats().logged_in; }
    /// @brief Messages received from clients so far.
    std::size_t actions_received() const { return stats().actions_received; }
    /// @brief Actions named `name` (any case) received so far.
    /// @param name the action name
    std::size_t actions_received(std::string_view name) const { return stats().actions(name); }

    /// @brief Copies of the most recent actions received (`options.action_log_limit` of them),
    /// oldest first.
    /// @param name keep only actions of this name (any case); empty: all
    std::vector<message> received_actions(std::string_view name = {}) const {
        return sim_->received(name);
    }

    /// @brief Waits until `pred(stats)` holds or `timeout` passes; returns whether it holds. The
    /// predicate is evaluated under the counters' lock, at each change of the counters: it must
    /// not call the server.
    /// @param pred condition on the counters
    /// @param timeout the longest wait
    bool wait_for(const std::function<bool(const server_stats&)>& pred,
                  std::chrono::milliseconds timeout = std::chrono::seconds{5}) const {
        return sim_->wait(pred, timeout);
    }

    /// @brief Waits until at least `n` connections have been accepted.
    bool wait_for_connections(std::size_t n,
                              std::chrono::milliseconds timeout = std::chrono::seconds{5}) const {
        return wait_for([n](const server_stats& s) { return s.connections_accepted >= n; },
                        timeout);
    }

    /// @brief Waits until exactly `n` sessions are open (0: all closed).
    bool wait_for_sessions(std::size_t n,
                           std::chrono::milliseconds timeout = std::chrono::seconds{5}) const {
        return wait_for([n](const server_stats& s) { return s.sessions == n; }, timeout);
    }

    /// @brief Waits until exactly `n` open sessions are logged in.
    bool wait_for_logged_in(std::size_t n,
                            std::chrono::milliseconds timeout = std::chrono::seconds{5}) const {
        return wait_for([n](const server_stats& s) { return s.logged_in == n; }, timeout);
    }

    /// @brief Waits until at least `n` actions named `name` (any case) have been received.
    bool wait_for_actions(std::string_view name, std::size_t n,
                          std::chrono::milliseconds timeout = std::chrono::seconds{5}) const {
        const std::string key(name);
        return wait_for([&key, n](const server_stats& s) { return s.actions(key) >= n; }, timeout);
    }

private:
    template <class F>
    auto call(F&& f) const -> std::invoke_result_t<F&> {
        using result = std::invoke_result_t<F&>;
        if (!running_.load() || ioc_.get_executor().running_in_this_thread())
            return f();
        // Shared, so that a task dropped unrun (the server stopping meanwhile) breaks its promise
        // instead of leaving the caller waiting; wrapped in a lambda, because asio takes a bare
        // packaged_task for a completion token.
        auto task = std::make_shared<std::packaged_task<result()>>(std::ref(f));
        std::future<result> done = task->get_future();
        asio::post(ioc_, [task] { (*task)(); });
        return done.get();
    }

    void open_acceptor(const asio::ip::tcp::endpoint& at) {
        acceptor_.open(at.protocol());
        acceptor_.set_option(asio::ip::tcp::acceptor::reuse_address(true));
        acceptor_.bind(at);
        acceptor_.listen();
    }

    void do_accept() {
        acceptor_.async_accept([this](const std::error_code& ec, asio::ip::tcp::socket socket) {
            if (ec) {
                if (ec != asio::error::operation_aborted && acceptor_.is_open())
                    do_accept();
                return;
            }
            if (hook_)
                hook_(std::move(socket), *sim_);
            else
                sim_->on_accept(std::move(socket));
            do_accept();
        });
    }

    void run() {
        for (;;) {
            try {
                ioc_.run();
                return;
            } catch (const std::exception& e) {
                std::fprintf(stderr, "amicpp::testing::server: %s\n", e.what());
            } catch (...) {
                std::fprintf(stderr, "amicpp::testing::server: unknown exception\n");
            }
        }
    }

    server_options options_;
    mutable asio::io_context ioc_;
    asio::executor_work_guard<asio::io_context::executor_type> work_;
    std::unique_ptr<detail::simulator> sim_;
    std::unique_ptr<simulated_pbx> pbx_;
    asio::ip::tcp::acceptor acceptor_;
    asio::ip::tcp::endpoint endpoint_;
    accept_hook hook_;
    std::atomic<bool> running_{false};
    std::thread thread_;
};

} // namespace amicpp::testing

#endif // AMICPP_TESTING_SERVER_HPP
