// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_TESTING_DETAIL_SIMULATOR_HPP
#define AMICPP_TESTING_DETAIL_SIMULATOR_HPP

/// @file
/// @brief The simulated Asterisk behind `amicpp::testing::server`: its state (users, channels,
/// variables, mailboxes, hints) and the AMI protocol over its sessions (login, built-in actions,
/// scripted actions, event delivery). Everything but the statistics runs on the server thread.

#include <amicpp/detail/ascii.hpp>
#include <amicpp/detail/md5.hpp>
#include <amicpp/message.hpp>
#include <amicpp/parser.hpp>
#include <amicpp/serializer.hpp>
#include <amicpp/server_version.hpp>
#include <amicpp/testing/action_context.hpp>
#include <amicpp/testing/channel.hpp>
#include <amicpp/testing/detail/cli.hpp>
#include <amicpp/testing/detail/event_mask.hpp>
#include <amicpp/testing/detail/live_actions.hpp>
#include <amicpp/testing/detail/live_pbx.hpp>
#include <amicpp/testing/detail/pbx.hpp>
#include <amicpp/testing/detail/session.hpp>
#include <amicpp/testing/fault.hpp>
#include <amicpp/testing/originate.hpp>
#include <amicpp/testing/server_options.hpp>
#include <amicpp/testing/server_stats.hpp>

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <exception>
#include <functional>
#include <iterator>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <regex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace amicpp::testing::detail {

/// The simulated Asterisk.
class simulator final : public session_owner, public action_services {
public:
    simulator(asio::io_context& ioc, server_options options)
        : ioc_(ioc), options_(std::move(options)), pbx_(options_), rng_(std::random_device{}()) {
        const server_version& v = pbx_.version();
        banner_ = "Asterisk Call Manager/" + options_.banner_version + "\r\n";
        legacy_commands_ =
            options_.commands == command_format::legacy ||
            (options_.commands == command_format::automatic && v < server_version{2, 8, 0});
        event_lists_ = options_.event_lists.value_or(!(v < server_version{2, 7, 0}));
        limits_.max_line_length = options_.max_line_length > 2 ? options_.max_line_length - 2 : 1;
        limits_.max_headers = options_.max_headers;
        if (options_.lab_dialplan)
            live_.load_lab_config();
    }

    simulator(const simulator&) = delete;
    simulator& operator=(const simulator&) = delete;

    const server_version& version() const noexcept { return pbx_.version(); }

    // =========================================================================================
    // Server thread: connections
    // =========================================================================================

    /// A connection that is ready to speak AMI: a TCP socket, or a TLS stream after its
    /// handshake (anything with `lowest_layer()`, `async_read_some` and `async_write_some`).
    template <class Stream>
    void on_accept(Stream stream) {
        update([](server_stats& s) { ++s.connections_accepted; });
        std::error_code ec;
        auto& socket = stream.lowest_layer();
        if (stopped_ || new_fault_.close_before_banner) {
            socket.shutdown(asio::socket_base::shutdown_both, ec);
            socket.close(ec);
            return;
        }
        socket.set_option(asio::ip::tcp::no_delay(true), ec);
        auto s = std::make_shared<basic_session<Stream>>(std::move(stream), *this, ++next_session_,
                                                         limits_);
        sessions_.emplace(s->id(), s);
        update([](server_stats& st) { ++st.sessions; });
        s->ignored_actions = new_fault_.ignore_actions;
        s->set_fault(to_io_fault(new_fault_));
        if (options_.auth_timeout.count() > 0) {
            session_base* raw = s.get();
            s->after(options_.auth_timeout, [raw] {
                if (!raw->authenticated)
                    raw->close_now();
            });
        }
        s->start(banner_);
    }

    /// A TLS handshake with a client ended: counted when it failed; the name the client asked
    /// for (SNI) kept when it succeeded.
    void on_handshake(bool ok, const char* server_name) {
        update([&](server_stats& s) {
            if (!ok)
                ++s.tls_handshakes_failed;
            else
                s.last_tls_server_name = server_name ? server_name : "";
        });
    }

    /// A connection that is not a session yet (in its TLS handshake): `abort` closes it when the
    /// server stops. Returns the key for `forget_pending`.
    std::uint64_t add_pending(std::function<void()> abort) {
        pending_.emplace(++next_pending_, std::move(abort));
        return next_pending_;
    }

    void forget_pending(std::uint64_t key) { pending_.erase(key); }

    /// Closes every session and cancels every timer: the io_context then runs out of work.
    void shutdown() {
        stopped_ = true;
        for (auto& t : timers_)
            t->cancel();
        auto pending = std::move(pending_);
        pending_.clear();
        for (auto& entry : pending)
            entry.second();
        for (auto& s : snapshot())
            s->close_now();
    }

    // =========================================================================================
    // Server thread: state
    // =========================================================================================

    void add_user(const user& u) { pbx_.add_user(u); }

    bool remove_user(const std::string& name) { return pbx_.remove_user(name); }

    bool set_secret(const std::string& name, std::string secret) {
        return pbx_.set_secret(name, std::move(secret));
    }

    std::string add_channel(channel c, bool announce) {
        const channel& added = pbx_.add_channel(std::move(c));
        if (announce) {
            message e = message::event("Newchannel");
            e.add("Privilege", "call,all");
            pbx::add_snapshot(e, added);
            broadcast(e);
        }
        return added.uniqueid;
    }

    bool remove_channel(std::string_view name, bool announce, int cause = 16) {
        const std::optional<channel> gone = pbx_.remove_channel(name);
        if (!gone)
            return false;
        if (announce) {
            message e = message::event("Hangup");
            e.add("Privilege", "call,all");
            pbx::add_snapshot(e, *gone);
            e.add("Cause", std::to_string(cause));
            e.add("Cause-txt", hangup_cause_text(cause));
            broadcast(e);
        }
        return true;
    }

    bool set_channel_state(std::string_view name, int state, bool announce) {
        channel_record* r = pbx_.find_channel(name);
        if (r == nullptr)
            return false;
        r->info.state = state;
        if (announce) {
            message e = message::event("Newstate");
            e.add("Privilege", "call,all");
            pbx::add_snapshot(e, r->info);
            broadcast(e);
        }
        return true;
    }

    std::vector<channel> channels() const { return pbx_.channels(); }

    void set_variable(std::string name, std::string value) {
        pbx_.set_global(std::move(name), std::move(value));
    }

    void set_mailbox(std::string mailbox, mailbox_state state) {
        pbx_.set_mailbox(std::move(mailbox), state);
    }

    void set_extension_state(const std::string& exten, const std::string& context,
                             hint_state state) {
        pbx_.set_hint(exten, context, std::move(state));
    }

    void set_command_output(std::string_view command, command_reply reply) {
        pbx_.set_command_output(command, std::move(reply));
    }

    void set_handler(std::string_view name, action_handler handler) {
        if (handler)
            handlers_[to_lower(name)] = std::move(handler);
        else
            handlers_.erase(to_lower(name));
    }

    void set_originate_function(originate_function f) { originate_ = std::move(f); }

    // =========================================================================================
    // Server thread: injection and faults
    // =========================================================================================

    std::size_t broadcast(const message& event) override {
        if (drop_events_ > 0) { // an injected gap: nobody gets it
            --drop_events_;
            update([](server_stats& st) { ++st.events_dropped; });
            return 0;
        }
        return broadcast_wire(to_wire(event, server_serialize_options()), event_category(event));
    }

    std::size_t flood(const message& event, std::uint64_t count) {
        const std::string wire = to_wire(event, server_serialize_options());
        const std::uint32_t category = event_category(event);
        // One block of whole copies, about 64 KiB, shared by every session: a flood costs
        // that much memory whatever its count, and sessions write it straight from the block.
        const std::size_t copies = std::max<std::size_t>(1, (64 * 1024) / wire.size());
        auto block = std::make_shared<std::string>();
        block->reserve(copies * wire.size());
        for (std::size_t i = 0; i < copies; ++i)
            block->append(wire);
        std::shared_ptr<const std::string> shared = std::move(block);
        std::size_t n = 0;
        for (auto& s : snapshot()) {
            if (wants(*s, category)) {
                s->flood(shared, wire.size(), count);
                ++n;
            }
        }
        return n;
    }

    std::size_t send_raw(std::string_view bytes) {
        std::size_t n = 0;
        for (auto& s : snapshot()) {
            if (s->is_open()) {
                s->write(bytes);
                ++n;
            }
        }
        return n;
    }

    void send_shutdown(bool restart) {
        message e = message::event("Shutdown");
        e.add("Privilege", "system,all");
        e.add("Shutdown", "Cleanly");
        e.add("Restart", restart ? "True" : "False");
        broadcast(e);
        for (auto& s : snapshot())
            s->close_gracefully();
    }

    void set_new_fault(fault f) { new_fault_ = std::move(f); }

    void apply_fault(const fault& f) {
        for (auto& s : snapshot()) {
            s->ignored_actions = f.ignore_actions;
            s->set_fault(to_io_fault(f));
        }
    }

    void clear_faults() {
        new_fault_ = fault{};
        apply_fault(fault{});
    }

    void disconnect_all() {
        for (auto& s : snapshot())
            s->close_now();
    }

    /// The live PBX (calls, bridges, queues, parking, devices), for the traffic and truth API.
    live_pbx& live() noexcept { return live_; }

    /// The next `n` events broadcast reach no session (an event gap).
    void drop_events(std::size_t n) { drop_events_ += n; }

    /// A restart: `Shutdown` (Restart: True) to the sessions, which are then closed; without
    /// `keep_state` the calls are forgotten, as a restarted Asterisk forgets them.
    void restart(bool keep_state) {
        send_shutdown(true);
        if (!keep_state)
            live_.reset_calls();
    }

    // =========================================================================================
    // Any thread: statistics
    // =========================================================================================

    server_stats stats() const {
        std::lock_guard<std::mutex> lock(stats_mutex_);
        return stats_;
    }

    bool wait(const std::function<bool(const server_stats&)>& pred,
              std::chrono::milliseconds timeout) const {
        std::unique_lock<std::mutex> lock(stats_mutex_);
        return stats_cv_.wait_for(lock, timeout, [&] { return pred(stats_); });
    }

    std::vector<message> received(std::string_view name) const {
        std::lock_guard<std::mutex> lock(stats_mutex_);
        std::vector<message> out;
        for (const message& m : log_) {
            if (name.empty() || amicpp::detail::iequals(m.get("Action"), name))
                out.push_back(m);
        }
        return out;
    }

    // =========================================================================================
    // session_owner
    // =========================================================================================

    void on_message(session_base& s, const message& m) override {
        const std::string_view name = m.get("Action");
        update([&](server_stats& st) {
            ++st.actions_received;
            if (!name.empty())
                ++st.actions_by_name[to_lower(name)];
            if (options_.action_log_limit != 0) {
                log_.push_back(m);
                while (log_.size() > options_.action_log_limit)
                    log_.pop_front();
            }
        });
        action_context ctx(*this, s.shared_from_this(), m);
        try {
            if (name.empty()) {
                ctx.send(ctx.error("Missing action in request"));
                return;
            }
            for (const std::string& ignored : s.ignored_actions) {
                if (amicpp::detail::iequals(ignored, name))
                    return;
            }
            if (!s.authenticated && !amicpp::detail::iequals(name, "Login") &&
                !amicpp::detail::iequals(name, "Challenge") &&
                !amicpp::detail::iequals(name, "Logoff")) {
                ctx.send(ctx.error("Permission denied"));
                return;
            }
            const auto it = handlers_.find(to_lower(name));
            if (it != handlers_.end()) {
                const action_handler handler = it->second; // it may replace itself
                handler(ctx);
            } else {
                run_builtin(ctx);
            }
        } catch (const std::exception& e) {
            if (s.is_open())
                s.write(ctx.error(std::string("amicpp::testing: action handler failed: ") +
                                  sanitize(e.what())));
        }
    }

    void on_parse_error(session_base& s, const dropped_message& d) override {
        update([](server_stats& st) { ++st.actions_received; });
        message m = message::response("Error");
        if (!d.action_id.empty())
            m.add("ActionID", d.action_id);
        m.add("Message", d.reason == error::line_too_long
                             ? "Failed to parse message: line too long"
                             : "Too many lines in message or allocation failure");
        s.write(m);
    }

    void on_closed(session_base& s) override {
        const bool was_logged_in = s.authenticated;
        update([&](server_stats& st) {
            --st.sessions;
            if (was_logged_in)
                --st.logged_in;
        });
    }

    void on_finished(session_base& s) override { sessions_.erase(s.id()); }

    void on_io(std::size_t read, std::size_t written, std::uint64_t flooded) override {
        update([&](server_stats& st) {
            st.bytes_received += read;
            st.bytes_written += written;
            st.events_flooded += flooded;
        });
    }

    // =========================================================================================
    // Built-in actions
    // =========================================================================================

    void run_builtin(action_context& ctx) override {
        const builtin* b = find_builtin(ctx.name());
        if (b == nullptr && live_actions_.run(ctx, ctx.detail_session()->write_perm))
            return;
        if (b == nullptr) {
            ctx.send(ctx.error("Invalid/unknown command: " + std::string(ctx.name()) +
                               ". Use Action: ListCommands to show available commands."));
            return;
        }
        const session_base& s = *ctx.detail_session();
        if (b->authority != 0 && (s.write_perm & b->authority) == 0) {
            ctx.send(ctx.error("Permission denied"));
            return;
        }
        (this->*(b->handler))(ctx);
    }

private:
    struct builtin {
        std::string_view name;
        std::uint32_t authority; // write classes, any of which allows the action; 0: anyone
        void (simulator::*handler)(action_context&);
        std::string_view synopsis;
    };

    static const builtin* find_builtin(std::string_view name) {
        for (const builtin& b : builtins()) {
            if (amicpp::detail::iequals(b.name, name))
                return &b;
        }
        return nullptr;
    }

    static const std::vector<builtin>& builtins() {
        static const std::vector<builtin> table = {
            {"Challenge", 0, &simulator::action_challenge, "Generate Challenge for MD5 Auth."},
            {"Command", ev_command, &simulator::action_command, "Execute Asterisk CLI Command."},
            {"CoreSettings", ev_system | ev_reporting, &simulator::action_core_settings,
             "Show PBX core settings (version etc)."},
            {"CoreShowChannels", ev_system | ev_reporting, &simulator::action_core_show_channels,
             "List currently active channels."},
            {"CoreStatus", ev_system | ev_reporting, &simulator::action_core_status,
             "Show PBX core status variables."},
            {"Events", 0, &simulator::action_events, "Control Event Flow."},
            {"ExtensionState", ev_call | ev_reporting, &simulator::action_extension_state,
             "Check Extension Status."},
            {"Getvar", ev_call | ev_reporting, &simulator::action_getvar,
             "Gets a channel variable or function value."},
            {"Hangup", ev_system | ev_call, &simulator::action_hangup, "Hangup channel."},
            {"IAXpeerlist", ev_system | ev_reporting, &simulator::action_iax_peerlist,
             "List IAX Peers."},
            {"IAXpeers", ev_system | ev_reporting, &simulator::action_iax_peers, "List IAX peers."},
            {"ListCommands", 0, &simulator::action_list_commands,
             "List available manager commands."},
            {"Login", 0, &simulator::action_login, "Login Manager."},
            {"Logoff", 0, &simulator::action_logoff, "Logoff Manager."},
            {"MailboxCount", ev_call | ev_reporting, &simulator::action_mailbox_count,
             "Check Mailbox Message Count."},
            {"MailboxStatus", ev_call | ev_reporting, &simulator::action_mailbox_status,
             "Check mailbox."},
            {"Originate", ev_originate, &simulator::action_originate, "Originate a call."},
            {"Ping", 0, &simulator::action_ping, "Keepalive command."},
            {"Redirect", ev_call, &simulator::action_redirect, "Redirect (transfer) a call."},
            {"Setvar", ev_call, &simulator::action_setvar,
             "Sets a channel variable or function value."},
            {"Status", ev_system | ev_call | ev_reporting, &simulator::action_status,
             "List channel status."},
            {"UserEvent", ev_user, &simulator::action_user_event, "Send an arbitrary event."},
        };
        return table;
    }

    // ---- helpers ----------------------------------------------------------------------------

    template <class F>
    void update(F&& f) {
        {
            std::lock_guard<std::mutex> lock(stats_mutex_);
            f(stats_);
        }
        stats_cv_.notify_all();
    }

    std::vector<std::shared_ptr<session_base>> snapshot() const {
        std::vector<std::shared_ptr<session_base>> out;
        out.reserve(sessions_.size());
        for (const auto& entry : sessions_)
            out.push_back(entry.second);
        return out;
    }

    static io_fault to_io_fault(const fault& f) {
        io_fault io;
        io.stall = f.stall;
        io.drip = f.drip;
        io.close_after_bytes = f.close_after_bytes;
        return io;
    }

    static bool wants(const session_base& s, std::uint32_t category) noexcept {
        if (!s.authenticated || !s.is_open())
            return false;
        const std::uint32_t reads = s.send_events & s.read_perm;
        return category == 0 ? reads != 0 : (reads & category) == category;
    }

    std::size_t broadcast_wire(std::string_view wire, std::uint32_t category) {
        std::size_t n = 0;
        for (auto& s : snapshot()) {
            if (wants(*s, category)) {
                s->write(wire);
                ++n;
            }
        }
        return n;
    }

    // Runs `fn` on the server thread after `delay`, unless the server stops first.
    void run_later(std::chrono::milliseconds delay, std::function<void()> fn) {
        if (stopped_)
            return;
        auto timer = std::make_shared<asio::steady_timer>(ioc_, delay);
        timers_.push_back(timer);
        timer->async_wait([this, timer, fn = std::move(fn)](const std::error_code& ec) {
            timers_.remove(timer);
            if (!ec && !stopped_)
                fn();
        });
    }

    static std::string sanitize(std::string_view text) {
        std::string out(text);
        for (char& c : out) {
            if (c == '\r' || c == '\n' || c == '\0')
                c = ' ';
        }
        return out;
    }

    message successful_auth(const session_base& s) const {
        const std::string tv = event_tv(std::chrono::system_clock::now());
        char id[32];
        std::snprintf(id, sizeof id, "0x%llx", static_cast<unsigned long long>(s.id()));
        message e = message::event("SuccessfulAuth");
        e.add("Privilege", "security,all");
        e.add("EventTV", tv);
        e.add("Severity", "Informational");
        e.add("Service", "AMI");
        e.add("EventVersion", "1");
        e.add("AccountID", s.username);
        e.add("SessionID", id);
        e.add("LocalAddress", s.local_address());
        e.add("RemoteAddress", s.remote_address());
        e.add("UsingPassword", "0");
        e.add("SessionTV", tv);
        return e;
    }

    // ---- authentication ---------------------------------------------------------------------

    void action_login(action_context& ctx) {
        session_base& s = *ctx.detail_session();
        if (s.authenticated) {
            ctx.send(ctx.success("Already authenticated"));
            return;
        }
        const pbx::account* account = pbx_.find_user(ctx.get("Username"));
        bool ok = false;
        if (account != nullptr) {
            if (amicpp::detail::iequals(ctx.get("AuthType"), "MD5")) {
                ok = !s.challenge.empty() && !ctx.get("Key").empty() &&
                     ctx.get("Key") == amicpp::detail::md5_hex(s.challenge + account->secret);
            } else {
                ok = ctx.get("Secret") == account->secret;
            }
        }
        if (!ok) {
            update([](server_stats& st) { ++st.failed_logins; });
            const message reply = ctx.error("Authentication failed");
            if (options_.auth_failure_delay.count() <= 0) {
                s.write(reply);
                s.close_gracefully();
                return;
            }
            // Asterisk sleeps in the session's thread: nothing else is handled meanwhile.
            s.suspend();
            session_base* raw = &s;
            s.after(options_.auth_failure_delay, [raw, reply] {
                raw->write(reply);
                raw->close_gracefully();
            });
            return;
        }
        s.authenticated = true;
        s.username = account->name;
        s.read_perm = account->read;
        s.write_perm = account->write;
        const auto events = ctx.action().find("Events");
        s.send_events =
            events && !trim_blanks(*events).empty() ? parse_event_mask(*events) : ev_all;
        update([](server_stats& st) {
            ++st.logins;
            ++st.logged_in;
        });
        ctx.send(ctx.success("Authentication accepted"));
        if (wants(s, ev_system))
            s.write(pbx_.fully_booted());
        if (options_.successful_auth_event)
            broadcast(successful_auth(s));
    }

    void action_challenge(action_context& ctx) {
        session_base& s = *ctx.detail_session();
        if (!amicpp::detail::iequals(ctx.get("AuthType"), "MD5")) {
            ctx.send(ctx.error("Must specify AuthType"));
            return;
        }
        if (s.challenge.empty())
            s.challenge = std::to_string(std::uniform_int_distribution<long>(0, 999999999L)(rng_));
        message m = ctx.success();
        m.add("Challenge", s.challenge);
        ctx.send(m);
    }

    void action_logoff(action_context& ctx) {
        ctx.send(ctx.response("Goodbye", "Thanks for all the fish."));
        ctx.close();
    }

    // ---- session ----------------------------------------------------------------------------

    void action_ping(action_context& ctx) {
        message m = ctx.success();
        m.add("Ping", "Pong");
        m.add("Timestamp", timestamp_now());
        ctx.send(m);
    }

    void action_events(action_context& ctx) {
        session_base& s = *ctx.detail_session();
        s.send_events = parse_event_mask(ctx.get("EventMask"));
        message m = ctx.success();
        m.add("Events", s.send_events != 0 ? "On" : "Off");
        ctx.send(m);
    }

    void action_list_commands(action_context& ctx) {
        message m = ctx.success();
        for (const builtin& b : builtins()) {
            std::string priv;
            for (const event_class_name& c : event_class_names) {
                if ((b.authority & c.bit) != 0)
                    priv += std::string(c.name) + ",";
            }
            priv = priv.empty() ? "<none>" : priv + "all";
            m.add(b.name, std::string(b.synopsis) + "  (Priv: " + priv + ")");
        }
        for (const live_actions::entry& b : live_actions::table()) {
            std::string priv;
            for (const event_class_name& c : event_class_names) {
                if ((b.authority & c.bit) != 0)
                    priv += std::string(c.name) + ",";
            }
            priv = priv.empty() ? "<none>" : priv + "all";
            m.add(b.name, std::string(b.synopsis) + "  (Priv: " + priv + ")");
        }
        for (const auto& h : handlers_) {
            if (find_builtin(h.first) == nullptr && live_actions::find(h.first) == nullptr)
                m.add(h.first, "Scripted action.  (Priv: <none>)");
        }
        ctx.send(m);
    }

    void action_user_event(action_context& ctx) {
        const std::string_view name = ctx.get("UserEvent");
        if (name.empty()) {
            ctx.send(ctx.error("UserEvent header missing"));
            return;
        }
        message e = message::event("UserEvent");
        e.add("Privilege", "user,all");
        e.add("UserEvent", name);
        for (const header h : ctx.action()) {
            if (!amicpp::detail::iequals(h.key, "Action") &&
                !amicpp::detail::iequals(h.key, "UserEvent"))
                e.add(h.key, h.value);
        }
        ctx.send(ctx.success("Event Sent"));
        broadcast(e);
    }

    // ---- CLI --------------------------------------------------------------------------------

    void action_command(action_context& ctx) {
        const std::string_view command = ctx.get("Command");
        if (trim_blanks(command).empty()) {
            ctx.send(ctx.error("No command provided"));
            return;
        }
        command_reply reply;
        if (!pbx_.cli_output(command, reply)) {
            reply.success = false;
            reply.lines = {no_such_command(command)};
        }
        if (legacy_commands_) {
            // Asterisk up to 13: raw CLI text with bare LF, then the end marker.
            std::string out = "Response: Follows\r\nPrivilege: Command\r\n";
            if (!ctx.action_id().empty())
                out += "ActionID: " + std::string(ctx.action_id()) + "\r\n";
            for (const std::string& line : reply.lines)
                out += line + "\n";
            out += "--END COMMAND--\r\n\r\n";
            ctx.send_raw(out);
            return;
        }
        message m = ctx.response(reply.success ? "Success" : "Error", "Command output follows");
        for (const std::string& line : reply.lines)
            m.add("Output", line);
        ctx.send(m);
    }

    // ---- channels ---------------------------------------------------------------------------

    void action_status(action_context& ctx) {
        const std::string_view filter = ctx.get("Channel");
        std::vector<const channel_record*> list;
        if (!filter.empty()) {
            const channel_record* r = pbx_.find_channel(filter);
            if (r == nullptr) {
                ctx.send(ctx.error("No such channel"));
                return;
            }
            list.push_back(r);
        } else {
            for (const channel_record& r : pbx_.channel_records())
                list.push_back(&r);
        }
        ctx.send(event_lists_ ? ctx.list_start("Channel status will follow")
                              : ctx.success("Channel status will follow"));
        for (const channel_record* r : list)
            ctx.send(pbx_.status_item(*r, ctx.action_id()));
        message done = message::event("StatusComplete");
        if (!ctx.action_id().empty())
            done.add("ActionID", ctx.action_id());
        if (event_lists_) {
            done.add("EventList", "Complete");
            done.add("ListItems", std::to_string(list.size()));
        }
        done.add("Items", std::to_string(list.size()));
        ctx.send(done);
    }

    void action_core_show_channels(action_context& ctx) {
        ctx.send(ctx.list_start("Channels will follow"));
        const std::vector<channel_record>& records = pbx_.channel_records();
        for (const channel_record& r : records) {
            const channel& c = r.info;
            message e = ctx.list_item("CoreShowChannel");
            pbx::add_snapshot(e, c);
            e.add("Application", c.application);
            e.add("ApplicationData", c.application_data);
            e.add("Duration", format_duration(pbx::age(r)));
            e.add("BridgeId", c.bridge_id);
            ctx.send(e);
        }
        ctx.send(ctx.list_complete("CoreShowChannelsComplete", records.size()));
    }

    void action_hangup(action_context& ctx) {
        const std::string_view name = ctx.get("Channel");
        if (name.empty()) {
            ctx.send(ctx.error("No channel specified"));
            return;
        }
        const std::string_view cause_text = ctx.get("Cause");
        int cause = 16;
        if (!cause_text.empty() &&
            cause_text.find_first_not_of("0123456789") == std::string_view::npos &&
            cause_text.size() < 4)
            cause = std::stoi(std::string(cause_text));
        if (name.size() > 2 && name.front() == '/' && name.back() == '/') {
            // `/regex/`: every matching channel, as a list.
            std::regex re;
            try {
                re = std::regex(std::string(name.substr(1, name.size() - 2)), std::regex::extended);
            } catch (const std::regex_error&) {
                ctx.send(ctx.error("Invalid regex"));
                return;
            }
            std::vector<std::string> matched;
            for (const channel_record& r : pbx_.channel_records()) {
                if (std::regex_search(r.info.name, re))
                    matched.push_back(r.info.name);
            }
            ctx.send(ctx.list_start("Channels hung up will follow"));
            for (const std::string& n : matched) {
                message e = message::event("ChannelHungup");
                e.add("Channel", n);
                if (!ctx.action_id().empty())
                    e.add("ActionID", ctx.action_id());
                ctx.send(e);
            }
            ctx.send(ctx.list_complete("ChannelsHungupListComplete", matched.size()));
            for (const std::string& n : matched)
                hangup_channel(n, cause);
            return;
        }
        if (pbx_.find_channel(name) == nullptr) {
            ctx.send(ctx.error("No such channel"));
            return;
        }
        ctx.send(ctx.success("Channel Hungup"));
        hangup_channel(name, cause);
    }

    // A simulated Local channel hangs up with its whole sequence; others just go.
    void hangup_channel(std::string_view name, int cause) {
        const std::string uid = live_.find(name);
        if (!uid.empty() && live_.manages(uid))
            live_.hangup(uid, cause);
        else
            remove_channel(name, true, cause);
    }

    void action_redirect(action_context& ctx) {
        const std::string_view name = ctx.get("Channel");
        if (name.empty()) {
            ctx.send(ctx.error("Channel not specified"));
            return;
        }
        const std::string_view priority = ctx.get("Priority");
        int pri = 1;
        if (!priority.empty()) {
            if (priority.find_first_not_of("0123456789") != std::string_view::npos ||
                priority.size() > 6) {
                ctx.send(ctx.error("Invalid priority"));
                return;
            }
            pri = std::stoi(std::string(priority));
        }
        channel_record* first = pbx_.find_channel(name);
        if (first == nullptr) {
            ctx.send(ctx.error("Channel does not exist: " + std::string(name)));
            return;
        }
        const std::string_view extra_name = ctx.get("ExtraChannel");
        channel_record* extra = extra_name.empty() ? nullptr : pbx_.find_channel(extra_name);
        const auto move = [&](channel& c, std::string_view context, std::string_view exten, int p) {
            if (!context.empty())
                c.context = std::string(context);
            if (!exten.empty())
                c.exten = std::string(exten);
            c.priority = p;
        };
        const std::string first_uid = first->info.uniqueid;
        if (live_.manages(first_uid) && ctx.get("ExtraChannel").empty()) {
            // A simulated Local channel: out of its bridge, then its new dialplan (capture 06 a).
            ctx.send(ctx.success("Redirect successful"));
            live_.redirect(first_uid, std::string(ctx.get("Context")),
                           std::string(ctx.get("Exten")), pri);
            return;
        }
        move(first->info, ctx.get("Context"), ctx.get("Exten"), pri);
        if (extra_name.empty()) {
            ctx.send(ctx.success("Redirect successful"));
            return;
        }
        if (extra == nullptr) {
            ctx.send(ctx.error("Secondary redirect failed"));
            return;
        }
        const std::string_view extra_priority = ctx.get("ExtraPriority");
        int extra_pri = pri;
        if (!extra_priority.empty() &&
            extra_priority.find_first_not_of("0123456789") == std::string_view::npos &&
            extra_priority.size() <= 6)
            extra_pri = std::stoi(std::string(extra_priority));
        move(extra->info, ctx.get("ExtraContext", ctx.get("Context")),
             ctx.get("ExtraExten", ctx.get("Exten")), extra_pri);
        ctx.send(ctx.success("Dual Redirect successful"));
    }

    void action_getvar(action_context& ctx) {
        const std::string variable(ctx.get("Variable"));
        if (variable.empty()) {
            ctx.send(ctx.error("No variable specified"));
            return;
        }
        std::string value;
        const std::string_view name = ctx.get("Channel");
        if (!name.empty()) {
            const channel_record* r = pbx_.find_channel(name);
            if (r == nullptr) {
                ctx.send(ctx.error("No such channel"));
                return;
            }
            if (variable == "CHANNEL(state)") {
                value = std::string(channel_state_text(r->info.state));
            } else if (const auto it = r->info.variables.find(variable);
                       it != r->info.variables.end()) {
                value = it->second;
            } else {
                value = pbx_.global(variable);
            }
        } else {
            value = pbx_.global(variable);
        }
        message m = ctx.success();
        m.add("Variable", variable);
        m.add("Value", value);
        ctx.send(m);
    }

    void action_setvar(action_context& ctx) {
        const std::string variable(ctx.get("Variable"));
        if (variable.empty()) {
            ctx.send(ctx.error("No variable specified"));
            return;
        }
        const std::string value(ctx.get("Value"));
        const std::string_view name = ctx.get("Channel");
        message e = message::event("VarSet");
        e.add("Privilege", "dialplan,all");
        if (!name.empty()) {
            channel_record* r = pbx_.find_channel(name);
            if (r == nullptr) {
                ctx.send(ctx.error("No such channel"));
                return;
            }
            r->info.variables[variable] = value;
            pbx::add_snapshot(e, r->info);
        } else if (variable.size() > 14 && variable.compare(0, 13, "DEVICE_STATE(") == 0 &&
                   variable.back() == ')') {
            // A device state, not a variable: DeviceStateChange (and ExtensionStatus), no VarSet.
            ctx.send(ctx.success("Variable Set"));
            live_.set_device_state(variable.substr(13, variable.size() - 14), value);
            return;
        } else {
            pbx_.set_global(variable, value);
            e.add("Channel", "none");
            e.add("Uniqueid", "none");
        }
        e.add("Variable", variable);
        e.add("Value", value);
        ctx.send(ctx.success("Variable Set"));
        broadcast(e);
    }

    // ---- voicemail and hints ----------------------------------------------------------------

    void action_mailbox_status(action_context& ctx) {
        const std::string mailbox(ctx.get("Mailbox"));
        if (mailbox.empty()) {
            ctx.send(ctx.error("Mailbox not specified"));
            return;
        }
        const int waiting = pbx_.mailbox(mailbox).new_messages > 0 ? 1 : 0;
        message m = ctx.success("Mailbox Status");
        m.add("Mailbox", mailbox);
        m.add("Waiting", std::to_string(waiting));
        ctx.send(m);
    }

    void action_mailbox_count(action_context& ctx) {
        const std::string mailbox(ctx.get("Mailbox"));
        if (mailbox.empty()) {
            ctx.send(ctx.error("Mailbox not specified"));
            return;
        }
        const mailbox_state st = pbx_.mailbox(mailbox);
        message m = ctx.success("Mailbox Message Count");
        m.add("Mailbox", mailbox);
        m.add("UrgMessages", std::to_string(st.urgent_messages));
        m.add("NewMessages", std::to_string(st.new_messages));
        m.add("OldMessages", std::to_string(st.old_messages));
        ctx.send(m);
    }

    void action_extension_state(action_context& ctx) {
        const std::string exten(ctx.get("Exten"));
        if (exten.empty()) {
            ctx.send(ctx.error("Extension not specified"));
            return;
        }
        std::string context(ctx.get("Context"));
        if (context.empty())
            context = "default";
        const hint_state st = pbx_.hint(exten, context);
        message m = ctx.success("Extension Status");
        m.add("Exten", exten);
        m.add("Context", context);
        m.add("Hint", st.hint);
        m.add("Status", std::to_string(st.status));
        m.add("StatusText", extension_state_text(st.status));
        ctx.send(m);
    }

    // ---- core -------------------------------------------------------------------------------

    void action_core_settings(action_context& ctx) {
        message m = ctx.success();
        m.add("AMIversion", options_.banner_version);
        m.add("AsteriskVersion", pbx_.asterisk_version());
        m.add("SystemName", "");
        m.add("CoreMaxCalls", "0");
        m.add("CoreMaxLoadAvg", "0.000000");
        m.add("CoreRunUser", "");
        m.add("CoreRunGroup", "");
        m.add("CoreMaxFilehandles", "0");
        m.add("CoreRealTimeEnabled", "No");
        m.add("CoreCDRenabled", "No");
        m.add("CoreHTTPenabled", "No");
        m.add("SoundsSearchCustomDir", "No");
        ctx.send(m);
    }

    void action_core_status(action_context& ctx) {
        const utc_time t = to_utc(pbx_.started());
        message m = ctx.success();
        m.add("CoreStartupDate", date_text(t));
        m.add("CoreStartupTime", time_text(t));
        m.add("CoreReloadDate", date_text(t));
        m.add("CoreReloadTime", time_text(t));
        m.add("CoreCurrentCalls", std::to_string(pbx_.active_calls()));
        m.add("CoreProcessedCalls", std::to_string(pbx_.calls_processed()));
        ctx.send(m);
    }

    // ---- IAX2 ---------------------------------------------------------------------------------

    struct iax_peer {
        const char* name;
        const char* username;
        const char* port;
    };

    static constexpr iax_peer iax_peers[] = {{"selfpeer", "selfpeer", "4569"},
                                             {"peer1", "", "4570"}};

    void action_iax_peers(action_context& ctx) {
        ctx.send(ctx.list_start("Peer status list will follow"));
        for (const iax_peer& p : iax_peers) {
            // Asterisk 22 quirk: these items carry no ActionID; only the Complete event does.
            message e = message::event("PeerEntry");
            e.add("Channeltype", "IAX2");
            e.add("ObjectName", *p.username != '\0' ? std::string(p.name) + "/" + p.username
                                                    : std::string(p.name));
            e.add("ChanObjectType", "peer");
            e.add("IPaddress", "127.0.0.1");
            e.add("IPport", p.port);
            e.add("Dynamic", "no");
            e.add("Trunk", "no");
            e.add("Encryption", "no");
            e.add("Status", "Unmonitored");
            e.add("Description", "");
            ctx.send(e);
        }
        ctx.send(ctx.list_complete("PeerlistComplete", std::size(iax_peers)));
    }

    void action_iax_peerlist(action_context& ctx) {
        ctx.send(ctx.list_start("IAX Peer status list will follow"));
        for (const iax_peer& p : iax_peers) {
            message e = ctx.list_item("PeerEntry");
            e.add("Channeltype", "IAX");
            e.add("ObjectName", p.name);
            if (*p.username != '\0')
                e.add("ObjectUsername", p.username);
            e.add("ChanObjectType", "peer");
            e.add("IPaddress", "127.0.0.1");
            e.add("Mask", "255.255.255.255");
            e.add("Port", p.port);
            e.add("Dynamic", "no");
            e.add("Trunk", "no");
            e.add("Encryption", "no");
            e.add("Status", "Unmonitored");
            ctx.send(e);
        }
        ctx.send(ctx.list_complete("PeerlistComplete", std::size(iax_peers)));
    }

    // ---- Originate ----------------------------------------------------------------------------

    void action_originate(action_context& ctx) {
        if (ctx.get("Channel").empty()) {
            ctx.send(ctx.error("Channel not specified"));
            return;
        }
        const originate_outcome outcome =
            originate_ ? originate_(ctx.action()) : default_originate_outcome(ctx.action());
        const message action = ctx.action(); // outlives the handler
        if (is_true(ctx.get("Async"))) {
            ctx.send(ctx.success("Originate successfully queued"));
            run_later(outcome.delay,
                      [this, action, outcome] { finish_originate(action, outcome, true); });
            return;
        }
        // Synchronous: the reply waits for the outcome, and the session with it.
        const message reply = outcome.success ? ctx.success("Originate successfully queued")
                                              : ctx.error("Originate failed");
        session_base& s = *ctx.detail_session();
        if (outcome.delay.count() <= 0) {
            s.write(reply);
            finish_originate(action, outcome, false);
            return;
        }
        s.suspend();
        session_base* raw = &s;
        s.after(outcome.delay, [this, raw, reply, action, outcome] {
            raw->write(reply);
            finish_originate(action, outcome, false);
            raw->resume();
        });
    }

    void finish_originate(const message& action, const originate_outcome& outcome, bool async) {
        const auto [cid_name, cid_num] = split_caller_id(action.get("CallerID"));
        std::string uniqueid = "<unknown>";
        if (outcome.success) {
            uniqueid = outcome.uniqueid;
            if (options_.originate_creates_channels &&
                parse_local(action.get("Channel")).has_value()) {
                // A Local pair with the whole sequence; OriginateResponse in its place in it.
                const message response = originate_response(action, outcome);
                live_.originate(action, [&](const channel& one) {
                    if (!async)
                        return;
                    message e = response;
                    e.set("Channel", one.name);
                    e.set("Uniqueid", one.uniqueid);
                    broadcast(e);
                });
                return;
            }
            if (options_.originate_creates_channels) {
                channel c;
                c.name = pbx_.next_channel_name(action.get("Channel"));
                c.uniqueid = outcome.uniqueid;
                c.caller_id_num = cid_num;
                c.caller_id_name = cid_name;
                if (action.contains("Application")) {
                    c.application = std::string(action.get("Application"));
                    c.application_data = std::string(action.get("Data"));
                } else {
                    c.context = std::string(action.get("Context", "default"));
                    c.exten = std::string(action.get("Exten", "s"));
                    const std::string_view p = action.get("Priority");
                    c.priority = !p.empty() && p.size() <= 6 &&
                                         p.find_first_not_of("0123456789") == std::string_view::npos
                                     ? std::stoi(std::string(p))
                                     : 1;
                }
                for (std::string_view v : action.values("Variable")) {
                    // Variable: a=b, possibly several pairs separated by commas.
                    while (!v.empty()) {
                        const std::size_t comma = v.find(',');
                        const std::string_view pair = v.substr(0, comma);
                        const std::size_t eq = pair.find('=');
                        if (eq != std::string_view::npos)
                            c.variables[std::string(pair.substr(0, eq))] =
                                std::string(pair.substr(eq + 1));
                        if (comma == std::string_view::npos)
                            break;
                        v.remove_prefix(comma + 1);
                    }
                }
                uniqueid = add_channel(std::move(c), true);
            } else if (uniqueid.empty()) {
                uniqueid = pbx_.next_uniqueid();
            }
        }
        if (!async)
            return;
        message e = originate_response(action, outcome);
        e.set("Uniqueid", uniqueid);
        broadcast(e);
    }

    static message originate_response(const message& action, const originate_outcome& outcome) {
        const auto [cid_name, cid_num] = split_caller_id(action.get("CallerID"));
        message e = message::event("OriginateResponse");
        e.add("Privilege", "call,all");
        if (!action.get("ActionID").empty())
            e.add("ActionID", action.get("ActionID"));
        e.add("Response", outcome.success ? "Success" : "Failure");
        e.add("Channel", action.get("Channel"));
        if (action.contains("Application")) {
            e.add("Application", action.get("Application"));
            e.add("Data", action.get("Data"));
        } else {
            e.add("Context", action.get("Context"));
            e.add("Exten", action.get("Exten"));
        }
        e.add("Reason", std::to_string(outcome.reason));
        e.add("Uniqueid", "<unknown>");
        e.add("CallerIDNum", cid_num);
        e.add("CallerIDName", cid_name);
        return e;
    }

    // ---- state --------------------------------------------------------------------------------

    asio::io_context& ioc_;
    server_options options_;
    pbx pbx_;
    std::string banner_;
    bool legacy_commands_ = false;
    bool event_lists_ = true;
    parser_limits limits_;
    std::mt19937 rng_;
    bool stopped_ = false;

    live_pbx live_{pbx_, *this};
    live_actions live_actions_{pbx_, live_};
    std::size_t drop_events_ = 0;

    std::map<std::string, action_handler> handlers_; // lower-case names
    originate_function originate_;
    fault new_fault_;

    std::uint64_t next_session_ = 0;
    std::map<std::uint64_t, std::shared_ptr<session_base>> sessions_;
    std::list<std::shared_ptr<asio::steady_timer>> timers_;
    std::map<std::uint64_t, std::function<void()>> pending_; // connections before their session
    std::uint64_t next_pending_ = 0;

    mutable std::mutex stats_mutex_;
    mutable std::condition_variable stats_cv_;
    server_stats stats_;
    std::deque<message> log_;
};

} // namespace amicpp::testing::detail

#endif // AMICPP_TESTING_DETAIL_SIMULATOR_HPP
