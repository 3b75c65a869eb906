// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_DETAIL_CONNECTION_IMPL_HPP
#define AMICPP_DETAIL_CONNECTION_IMPL_HPP

#include <amicpp/action.hpp>
#include <amicpp/connection_options.hpp>
#include <amicpp/detail/action_id.hpp>
#include <amicpp/detail/ascii.hpp>
#include <amicpp/detail/event_mask.hpp>
#include <amicpp/detail/md5.hpp>
#include <amicpp/detail/pending.hpp>
#include <amicpp/detail/stream_ops.hpp>
#include <amicpp/detail/unique_function.hpp>
#include <amicpp/error.hpp>
#include <amicpp/login_result.hpp>
#include <amicpp/message.hpp>
#include <amicpp/parser.hpp>
#include <amicpp/serializer.hpp>
#include <amicpp/server_version.hpp>
#include <amicpp/subscription.hpp>

#include <asio/any_io_executor.hpp>
#include <asio/bind_executor.hpp>
#include <asio/cancellation_signal.hpp>
#include <asio/cancellation_type.hpp>
#include <asio/connect.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <asio/strand.hpp>
#include <asio/write.hpp>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace amicpp::detail {

/// Counters a connection keeps about what it could not deliver.
struct connection_counters {
    std::uint64_t unmatched_responses = 0; // responses whose ActionID nobody waits for
    std::uint64_t late_replies = 0;        // messages for actions that already timed out
    std::uint64_t messages_dropped = 0;    // received messages dropped by parser limits
    std::uint64_t events_dropped = 0;      // events the full buffer dropped
};

// Everything a connection is, on one strand. The public basic_connection holds it by shared_ptr
// and so does every operation in flight, so destroying the public object with operations in
// flight is safe: they complete (with error::connection_closed) and the state goes last.
template <class Stream>
class connection_impl : public std::enable_shared_from_this<connection_impl<Stream>> {
public:
    using strand_type = asio::strand<asio::any_io_executor>;
    using stream_factory = std::function<Stream(const strand_type&)>;
    using connect_handler = unique_function<void(std::error_code, login_result)>;
    using event_handler = unique_function<void(std::error_code, message)>;
    using batch_handler = unique_function<void(std::error_code, std::vector<message>)>;

    enum class state { closed, connecting, logging_in, up, closing };

    // A consumer waiting in async_receive_event(s).
    struct event_waiter {
        event_handler one;  // async_receive_event
        batch_handler many; // async_receive_events
        std::size_t max = 1;
        std::uint64_t id = 0;         // for cancel_waiter
        asio::cancellation_slot slot; // the consumer's, when it has one
    };

    connection_impl(const asio::any_io_executor& ex, connection_options options,
                    stream_factory factory)
        : strand_(asio::make_strand(ex)), options_(std::move(options)),
          factory_(std::move(factory)), resolver_(strand_), deadline_timer_(strand_),
          connect_timer_(strand_), pause_timer_(strand_),
          parser_(parser_options{options_.limits, true}), ids_(options_.action_id_prefix),
          retry_timer_(strand_), keepalive_timer_(strand_) {}

    const strand_type& strand() const noexcept { return strand_; }
    const connection_options& options() const noexcept { return options_; }

    // ---- lifecycle (all on the strand) ------------------------------------------------------

    void start_connect(std::string host, std::string port, login_options login,
                       connect_handler done) {
        if (state_ != state::closed) {
            done(error::already_connected, message{});
            return;
        }
        begin_connect(std::move(login), std::move(done));
        host_ = host;
        port_ = port;
        auto self = this->shared_from_this();
        const std::uint64_t gen = generation_;
        resolver_.async_resolve(
            host, port,
            asio::bind_executor(
                strand_, [self, gen](std::error_code ec, asio::ip::tcp::resolver::results_type r) {
                    if (gen != self->generation_ || self->state_ != state::connecting)
                        return;
                    if (ec)
                        return self->fail_connect(ec, message{});
                    connect_transport(
                        *self->stream_, r,
                        asio::bind_executor(
                            self->strand_, [self, gen, keep = self->stream_](std::error_code ec2) {
                                if (gen != self->generation_ || self->state_ != state::connecting)
                                    return;
                                if (ec2)
                                    return self->fail_connect(ec2, message{});
                                self->after_transport_connect();
                            }));
                }));
    }

    // For a stream the caller connected already (tests, custom transports): banner and login.
    void start_login_on(Stream stream, login_options login, connect_handler done) {
        if (state_ != state::closed) {
            done(error::already_connected, message{});
            return;
        }
        begin_connect(std::move(login), std::move(done), std::move(stream));
        host_.clear();
        port_.clear();
        after_transport_connect();
    }

    void close_now(std::error_code reason) { disconnect(reason); }

    // Logoff, then wait for Goodbye and the server's close (or the deadline), then close.
    void start_logoff(unique_function<void(std::error_code)> done) {
        if (state_ != state::up) {
            disconnect(error::connection_closed);
            done(std::error_code{});
            return;
        }
        auto op = std::make_unique<pending_op<action, reply>>(
            [self = this->shared_from_this(), d = std::move(done)](std::error_code ec,
                                                                   reply) mutable {
                self->disconnect(error::connection_closed);
                d(ec == error::connection_closed ? std::error_code{} : ec);
            });
        state_ = state::closing;
        submit(message::action("Logoff"), completion_spec{}, options_.action_timeout, std::move(op),
               true);
    }

    // ---- actions ----------------------------------------------------------------------------

    // Registers and writes one action; `op` completes exactly once whatever happens.
    void submit(message m, completion_spec spec, std::chrono::milliseconds timeout,
                std::unique_ptr<pending_base> op, bool internal = false,
                bool wait_for_connection = false) {
        const bool usable = state_ == state::up || (internal && state_ != state::closed);
        const bool queue = !usable && !internal && wait_for_connection && run_active_;
        if (!usable && !queue)
            return op->complete(error::not_connected);
        // An action completed by an event this session never receives could only time out,
        // after taking effect (a call placed): refused before anything is sent.
        if (!spec.final_event.empty() && !event_mask_receives(event_mask_, spec.final_event))
            return op->complete(error::completion_event_masked);
        if (iequals(m.action_name(), "Events")) {
            op->sets_event_mask = true;
            op->event_mask = std::string(m.get("EventMask"));
        }
        std::string id(m.action_id());
        last_submitted_id_ = id;
        if (id.empty()) {
            id = ids_.next();
            last_submitted_id_ = id;
            m.add("ActionID", id);
        } else if (pending_.count(id) != 0) {
            return op->complete(error::duplicate_action_id);
        }
        if (queue) {
            // Checked now (a bad action fails at once), written when the link is back.
            const serialize_result verdict = check(m, options_.serialize);
            if (!verdict)
                return op->complete(verdict.ec);
            op->state = pending_base::phase::waiting;
            op->outgoing = std::move(m);
        } else {
            const serialize_result written = serialize(m, next_write_, options_.serialize);
            if (!written)
                return op->complete(written.ec);
            if (options_.trace)
                trace(trace_direction::sent, m);
        }
        op->id = id;
        op->spec = std::move(spec);
        op->sequence = ++submit_counter_;
        pending_base* raw = op.get();
        pending_.emplace(id, std::move(op));
        if (timeout.count() > 0)
            add_deadline(raw, clock_type::now() + timeout);
        flush();
    }

    // ---- supervised session -----------------------------------------------------------------

    void start_run(run_options options, unique_function<void(std::error_code)> done) {
        if (run_active_ || state_ != state::closed) {
            done(error::already_connected);
            return;
        }
        run_ = std::move(options);
        run_done_ = std::move(done);
        run_active_ = true;
        ever_up_ = false;
        attempt_ = 0;
        attempt_connect();
    }

    // Ends the supervised session (or just closes a plain connection).
    void stop() {
        if (!run_active_) {
            disconnect(error::stopped);
            return;
        }
        end_run(session_state::stopped, error::stopped, std::error_code{});
    }

    void add_filter(std::string filter) { filters_.push_back(std::move(filter)); }
    void cancel(const std::string& id) {
        auto it = pending_.find(id);
        if (it != pending_.end())
            finish(it, asio::error::operation_aborted, true);
    }

    // ---- events -----------------------------------------------------------------------------

    void receive_event(event_handler handler, asio::cancellation_slot slot = {}) {
        add_waiter(event_waiter{std::move(handler), {}, 1, 0, {}}, slot);
    }

    void receive_events(std::size_t max, batch_handler handler, asio::cancellation_slot slot = {}) {
        add_waiter(event_waiter{{}, std::move(handler), max == 0 ? 1 : max, 0, {}}, slot);
    }

    // A consumer's cancellation slot fired: its receive completes with operation_aborted, and
    // the events stay for the next one.
    void cancel_waiter(std::uint64_t id) {
        for (auto it = event_waiters_.begin(); it != event_waiters_.end(); ++it) {
            if (it->id != id)
                continue;
            event_waiter w = std::move(*it);
            event_waiters_.erase(it);
            w.slot = {}; // it fired: nothing to clear
            finish_waiter(w, asio::error::operation_aborted);
            return;
        }
    }

    // A link subscriber first hears the current state: an `up` when already logged in.
    void add_subscriber(std::shared_ptr<subscriber> s) {
        subscribers_.push_back(s);
        if (s->on_link && (state_ == state::up || state_ == state::closing))
            s->on_link(link_notice(true, false, {}));
    }

    // ---- queries (strand) -------------------------------------------------------------------

    state current_state() const noexcept { return state_; }
    const std::optional<server_version>& version() const noexcept { return version_; }
    const connection_counters& counters() const noexcept { return counters_; }
    std::size_t pending_count() const noexcept { return pending_.size(); }
    std::size_t buffered_events() const noexcept {
        std::size_t n = 0;
        for (const message& m : events_)
            n += is_gap(m) ? 0 : 1;
        return n;
    }
    std::error_code last_error() const noexcept { return last_error_; }
    const std::string& event_mask() const noexcept { return event_mask_; }
    const std::string& last_submitted_id() const noexcept { return last_submitted_id_; }

private:
    void begin_connect(login_options login, connect_handler done,
                       std::optional<Stream> ready = std::nullopt) {
        ++generation_;
        state_ = state::connecting;
        waiting_for_connect_ = true;
        login_ = std::move(login);
        event_mask_ = login_.events;
        connect_done_ = std::move(done);
        parser_.reset();
        version_.reset();
        read_buffer_message_ = message{};
        next_write_.clear();
        writing_ = false;
        if (ready)
            stream_ = std::make_shared<Stream>(std::move(*ready));
        else
            stream_ = std::make_shared<Stream>(factory_(strand_));
        if (options_.connect_timeout.count() > 0) {
            connect_timer_.expires_after(options_.connect_timeout);
            const std::uint64_t gen = generation_;
            connect_timer_.async_wait(asio::bind_executor(
                strand_, [self = this->shared_from_this(), gen](std::error_code ec) {
                    if (ec || gen != self->generation_)
                        return;
                    // Connected but not greeted: say what did not come (not a vague timeout).
                    if (self->state_ == state::logging_in && !self->version_)
                        self->fail_connect(error::no_greeting, message{});
                    else if (self->state_ == state::connecting || self->state_ == state::logging_in)
                        self->fail_connect(error::timeout, message{});
                }));
        }
    }

    void after_transport_connect() {
        auto self = this->shared_from_this();
        const std::uint64_t gen = generation_;
        stream_ops<Stream>::async_handshake(
            *stream_, host_,
            asio::bind_executor(strand_, [self, gen, keep = stream_](std::error_code ec) {
                if (gen != self->generation_ || self->state_ != state::connecting)
                    return;
                if (ec)
                    return self->fail_connect(ec, message{});
                self->state_ = state::logging_in;
                self->do_read();
                self->flush();
            }));
    }

    void on_banner() {
        if (state_ != state::logging_in)
            return;
        if (login_.method == auth_method::md5)
            send_challenge();
        else
            send_login(std::string{});
    }

    void send_challenge() {
        auto op = std::make_unique<pending_op<action, reply>>(
            [self = this->shared_from_this(), gen = generation_](std::error_code ec, reply r) {
                if (gen != self->generation_ || self->state_ != state::logging_in)
                    return;
                const std::string_view challenge = r.response.get("Challenge");
                if (ec || challenge.empty())
                    return self->fail_connect(ec ? ec : make_error_code(error::unexpected_response),
                                              std::move(r.response));
                self->send_login(md5_hex(std::string(challenge) + self->login_.secret));
            });
        message m = message::action("Challenge");
        m.add("AuthType", "MD5");
        submit_internal(std::move(m), std::move(op));
    }

    void send_login(const std::string& md5_key) {
        message m = message::action("Login");
        m.add("Username", login_.username);
        if (md5_key.empty()) {
            m.add("Secret", login_.secret);
        } else {
            m.add("AuthType", "MD5");
            m.add("Key", md5_key);
        }
        if (!login_.events.empty())
            m.add("Events", login_.events);
        auto op = std::make_unique<pending_op<action, reply>>(
            [self = this->shared_from_this(), gen = generation_](std::error_code ec, reply r) {
                if (gen != self->generation_ || self->state_ != state::logging_in)
                    return;
                if (ec == error::action_failed)
                    return self->fail_connect(error::authentication_failed, std::move(r.response));
                if (ec)
                    return self->fail_connect(ec, std::move(r.response));
                self->connect_timer_.cancel();
                self->state_ = state::up;
                self->waiting_for_connect_ = false;
                self->last_rx_ = clock_type::now();
                ++self->ups_;
                self->notify_link(self->link_notice(true, self->ups_ > 1, {}));
                if (auto done = std::move(self->connect_done_))
                    done(std::error_code{}, login_result(std::move(r.response), self->version_));
            });
        submit_internal(std::move(m), std::move(op));
    }

    void submit_internal(message m, std::unique_ptr<pending_base> op) {
        // The connect deadline covers login; the action has no deadline of its own.
        submit(std::move(m), completion_spec{}, std::chrono::milliseconds{0}, std::move(op), true);
    }

    void fail_connect(std::error_code ec, message response) {
        waiting_for_connect_ = false;
        auto done = std::move(connect_done_);
        const std::optional<server_version> greeted = version_;
        disconnect(ec);
        if (done)
            done(ec, login_result(std::move(response), greeted));
    }

    // ---- reading ----------------------------------------------------------------------------

    void do_read() {
        constexpr std::size_t read_size = 64 * 1024;
        char* buf = parser_.prepare(read_size);
        auto self = this->shared_from_this();
        const std::uint64_t gen = generation_;
        stream_->async_read_some(
            asio::buffer(buf, parser_.prepared_size()),
            asio::bind_executor(strand_,
                                [self, gen, keep = stream_](std::error_code ec, std::size_t n) {
                                    if (gen != self->generation_)
                                        return;
                                    self->on_read(ec, n);
                                }));
    }

    void on_read(std::error_code ec, std::size_t n) {
        if (state_ == state::closed)
            return;
        if (ec)
            return disconnect(ec);
        parser_.commit(n);
        last_rx_ = clock_type::now();
        const std::uint64_t gen = generation_;
        std::error_code perr;
        while (parser_.next(read_buffer_message_, perr)) {
            if (perr) {
                on_dropped(perr);
            } else {
                if (options_.trace)
                    trace(trace_direction::received, read_buffer_message_);
                route(std::move(read_buffer_message_));
            }
            read_buffer_message_ = message{};
            if (gen != generation_ || state_ == state::closed)
                return; // a callback or a failure closed the connection
        }
        serve_waiters(); // once per read: a waiting consumer gets everything parsed at once
        if (state_ == state::closed)
            return;
        // A consumer falling behind a burst gets a short breather: reading pauses while the
        // buffer is three quarters full, for at most `max_read_pause` (Asterisk drops clients
        // it cannot write to for long), then goes on and the overflow policy applies.
        if (options_.event_buffer != 0 && events_.size() >= options_.event_buffer / 4 * 3 &&
            options_.max_read_pause.count() > 0)
            return pause_reading();
        do_read();
    }

    // Hands buffered events to waiting consumers. A gap marker in the buffer (an empty message:
    // the parser never yields one) stands where events were lost, and becomes events_lost there.
    static bool is_gap(const message& m) noexcept {
        return m.empty() && m.kind() == message_kind::unknown;
    }

    void mark_gap() {
        if (events_.empty() || !is_gap(events_.back()))
            events_.emplace_back();
    }

    void serve_waiters() {
        while (!event_waiters_.empty() && !events_.empty()) {
            if (is_gap(events_.front())) {
                events_.pop_front();
                complete_waiter(error::events_lost);
                continue;
            }
            event_waiter taken = take_front_waiter();
            if (taken.one) {
                message m = std::move(events_.front());
                events_.pop_front();
                taken.one(std::error_code{}, std::move(m));
            } else {
                std::vector<message> batch;
                batch.reserve(std::min(taken.max, events_.size()));
                while (batch.size() < taken.max && !events_.empty() && !is_gap(events_.front())) {
                    batch.push_back(std::move(events_.front()));
                    events_.pop_front();
                }
                taken.many(std::error_code{}, std::move(batch));
            }
        }
        if (!event_waiters_.empty() && events_.empty() && state_ == state::closed &&
            !waiting_for_connect_ && !run_active_) {
            while (!event_waiters_.empty())
                complete_waiter(closed_reason());
        }
        if (read_paused_ && events_.size() <= options_.event_buffer / 4)
            resume_reading();
    }

    void complete_waiter(std::error_code ec) {
        event_waiter w = take_front_waiter();
        finish_waiter(w, ec);
    }

    static void finish_waiter(event_waiter& w, std::error_code ec) {
        if (w.one)
            w.one(ec, message{});
        else
            w.many(ec, std::vector<message>{});
    }

    void add_waiter(event_waiter w, asio::cancellation_slot slot) {
        w.id = ++next_waiter_id_;
        if (slot.is_connected()) {
            w.slot = slot;
            slot.assign([self = this->shared_from_this(), id = w.id](asio::cancellation_type) {
                asio::post(self->strand_, [self, id] { self->cancel_waiter(id); });
            });
        }
        event_waiters_.push_back(std::move(w));
        serve_waiters();
    }

    // The first waiter, no longer cancellable.
    event_waiter take_front_waiter() {
        event_waiter w = std::move(event_waiters_.front());
        event_waiters_.pop_front();
        if (w.slot.is_connected())
            w.slot.clear();
        return w;
    }

    void pause_reading() {
        read_paused_ = true;
        pause_timer_.expires_after(options_.max_read_pause);
        const std::uint64_t gen = generation_;
        pause_timer_.async_wait(asio::bind_executor(
            strand_, [self = this->shared_from_this(), gen](std::error_code ec) {
                if (!ec && gen == self->generation_ && self->read_paused_)
                    self->resume_reading();
            }));
    }

    void resume_reading() {
        read_paused_ = false;
        pause_timer_.cancel();
        if (state_ != state::closed)
            do_read();
    }

    void on_dropped(std::error_code ec) {
        if (ec == error::invalid_banner) {
            if (state_ == state::logging_in)
                fail_connect(error::not_ami_server, message{});
            return;
        }
        ++counters_.messages_dropped;
        const dropped_message& d = parser_.last_dropped();
        if (!d.action_id.empty()) {
            auto it = pending_.find(d.action_id);
            if (it != pending_.end())
                finish(it, ec, false); // that action learns why; the others go on
        }
    }

    void route(message&& m) {
        switch (m.kind()) {
        case message_kind::banner:
            version_ = parser_.version();
            on_banner();
            return;
        case message_kind::response:
            return route_response(std::move(m));
        case message_kind::event:
            return route_event(std::move(m));
        case message_kind::raw:
            return route_raw(std::move(m));
        case message_kind::action:
        case message_kind::unknown:
            deliver_event(std::move(m)); // odd, but never dropped silently
            return;
        }
    }

    void route_response(message&& m) {
        const std::string_view id = m.action_id();
        auto it = id.empty() ? pending_.end() : pending_.find(std::string(id));
        if (it == pending_.end()) {
            if (!id.empty() && abandoned_.count(std::string(id)) != 0)
                ++counters_.late_replies;
            else
                ++counters_.unmatched_responses;
            return;
        }
        pending_base& op = *it->second;
        if (op.state != pending_base::phase::response) {
            ++counters_.unmatched_responses; // a second response for the same action
            return;
        }
        const bool failed = m.is_error();
        op.collected.response = std::move(m);
        if (failed)
            return finish(it, error::action_failed, false);
        const message& r = op.collected.response;
        if (r.is_list_start() || op.spec.list) {
            op.state = pending_base::phase::list;
            op.open_order = ++open_counter_;
            return;
        }
        if (op.sets_event_mask && !op.event_mask.empty())
            event_mask_ = op.event_mask; // Asterisk ignores an empty EventMask
        if (!op.spec.final_event.empty()) {
            op.state = pending_base::phase::event;
            return;
        }
        finish(it, std::error_code{}, false);
    }

    void route_event(message&& m) {
        const std::string_view id = m.action_id();
        if (!id.empty()) {
            auto it = pending_.find(std::string(id));
            if (it != pending_.end()) {
                if (take_event(it, m))
                    return;
            } else if (abandoned_.count(std::string(id)) != 0 && !m.contains("Privilege")) {
                ++counters_.late_replies; // an item of a list that timed out
                return;
            }
        } else if (!m.contains("Privilege")) {
            // A direct reply without ActionID (IAXpeers' PeerEntry items): it belongs to the
            // list open on this connection. Broadcast events always carry Privilege.
            if (auto it = newest_open_list(); it != pending_.end()) {
                it->second->collected.items.push_back(std::move(m));
                return;
            }
        }
        deliver_event(std::move(m));
    }

    // An event with the ActionID of a pending action: a list item, the list's end, or the
    // awaited final event. Returns false when it is none of those (then it is just an event).
    bool
    take_event(typename std::unordered_map<std::string, std::unique_ptr<pending_base>>::iterator it,
               message& m) {
        pending_base& op = *it->second;
        if (op.state == pending_base::phase::list) {
            const bool ends = m.is_list_complete() || m.is_list_cancelled() ||
                              (!op.spec.complete_event.empty() &&
                               iequals(m.event_name(), op.spec.complete_event));
            if (!ends) {
                op.collected.items.push_back(std::move(m));
                return true;
            }
            std::error_code ec;
            if (m.is_list_cancelled())
                ec = error::list_incomplete;
            const std::string_view count = m.get("ListItems");
            if (!count.empty() && count != std::to_string(op.collected.items.size()))
                ec = error::list_incomplete;
            op.collected.final_event = std::move(m);
            finish(it, ec, false);
            return true;
        }
        if (op.state == pending_base::phase::event &&
            iequals(m.event_name(), op.spec.final_event)) {
            op.collected.final_event = m; // a copy: the event also goes to event consumers
            finish(it, std::error_code{}, false);
            deliver_event(std::move(m));
            return true;
        }
        return false;
    }

    void route_raw(message&& m) {
        // Unframed legacy text answers the oldest action that said it may get one.
        pending_base* best = nullptr;
        for (auto& entry : pending_) {
            pending_base& op = *entry.second;
            if (op.spec.raw_reply && op.state == pending_base::phase::response &&
                (best == nullptr || op.sequence < best->sequence))
                best = &op;
        }
        if (best != nullptr) {
            best->collected.response = std::move(m);
            auto it = pending_.find(best->id);
            return finish(it, std::error_code{}, false);
        }
        deliver_event(std::move(m));
    }

    typename std::unordered_map<std::string, std::unique_ptr<pending_base>>::iterator
    newest_open_list() {
        auto best = pending_.end();
        for (auto it = pending_.begin(); it != pending_.end(); ++it) {
            if (it->second->state == pending_base::phase::list &&
                (best == pending_.end() || it->second->open_order > best->second->open_order))
                best = it;
        }
        return best;
    }

    // ---- event delivery ---------------------------------------------------------------------

    void deliver_event(message&& m) {
        bool pruned = false;
        for (const auto& s : subscribers_) {
            if (!s->active.load(std::memory_order_acquire)) {
                pruned = true;
                continue;
            }
            if (s->wants(m))
                s->callback(m);
        }
        if (pruned) {
            subscribers_.erase(std::remove_if(subscribers_.begin(), subscribers_.end(),
                                              [](const auto& s) { return !s->active.load(); }),
                               subscribers_.end());
        }
        if (options_.event_buffer == 0 && event_waiters_.empty())
            return;
        if (options_.event_buffer != 0 && events_.size() >= options_.event_buffer) {
            if (options_.overflow == overflow_policy::close)
                return disconnect(error::events_overflowed);
            // The oldest buffered event sits right at the consumer's read position: it goes, and
            // a gap marker takes the front, exactly where the missing events were.
            if (is_gap(events_.front()) && events_.size() > 1)
                events_.erase(events_.begin() + 1);
            else
                events_.front() = message{};
            ++counters_.events_dropped;
        }
        events_.push_back(std::move(m));
    }

    // ---- wire trace -------------------------------------------------------------------------

    // Hands `m` to the trace hook, with Secret and Key values hidden (a copy only then).
    void trace(trace_direction direction, const message& m) {
        bool secret = false;
        for (const header h : m)
            secret = secret || iequals(h.key, "Secret") || iequals(h.key, "Key");
        if (!secret)
            return options_.trace(direction, m);
        message shown(m.kind());
        for (const header h : m) {
            const bool hide = iequals(h.key, "Secret") || iequals(h.key, "Key");
            shown.add(h.key, hide ? std::string_view("********") : h.value);
        }
        for (std::size_t i = 0; i < m.line_count(); ++i)
            shown.add_line(m.line_at(i));
        options_.trace(direction, shown);
    }

    // ---- writing ----------------------------------------------------------------------------

    void flush() {
        if (writing_ || next_write_.empty() || !stream_ ||
            (state_ != state::logging_in && state_ != state::up && state_ != state::closing))
            return;
        writing_ = true;
        std::swap(current_write_, next_write_);
        next_write_.clear();
        auto self = this->shared_from_this();
        const std::uint64_t gen = generation_;
        asio::async_write(*stream_, asio::buffer(current_write_),
                          asio::bind_executor(strand_, [self, gen, keep = stream_](
                                                           std::error_code ec, std::size_t) {
                              if (gen != self->generation_)
                                  return;
                              self->writing_ = false;
                              self->current_write_.clear();
                              if (ec)
                                  return self->disconnect(ec);
                              self->flush();
                          }));
    }

    // ---- deadlines --------------------------------------------------------------------------

    void add_deadline(pending_base* op, clock_type::time_point when) {
        op->deadline_entry = deadlines_.emplace(when, op);
        op->has_deadline = true;
        if (!timer_armed_ || when < armed_for_)
            arm_timer(when);
    }

    void arm_timer(clock_type::time_point when) {
        timer_armed_ = true;
        armed_for_ = when;
        deadline_timer_.expires_at(when);
        deadline_timer_.async_wait(
            asio::bind_executor(strand_, [self = this->shared_from_this()](std::error_code ec) {
                if (ec == asio::error::operation_aborted)
                    return; // re-armed for an earlier deadline
                self->timer_armed_ = false;
                self->expire_deadlines();
            }));
    }

    void expire_deadlines() {
        const auto now = clock_type::now();
        while (!deadlines_.empty() && deadlines_.begin()->first <= now) {
            pending_base* op = deadlines_.begin()->second;
            auto it = pending_.find(op->id);
            // Accepted, then no completing event: it may have taken effect (a call placed).
            finish(it,
                   op->state == pending_base::phase::event ? error::outcome_unknown
                                                           : error::timeout,
                   true);
        }
        if (!deadlines_.empty())
            arm_timer(deadlines_.begin()->first);
    }

    // ---- completion -------------------------------------------------------------------------

    void
    finish(typename std::unordered_map<std::string, std::unique_ptr<pending_base>>::iterator it,
           std::error_code ec, bool abandon) {
        std::unique_ptr<pending_base> op = std::move(it->second);
        pending_.erase(it);
        if (op->has_deadline)
            deadlines_.erase(op->deadline_entry);
        if (abandon)
            remember_abandoned(op->id); // its late reply will be discarded, not misrouted
        op->complete(ec);
    }

    void remember_abandoned(const std::string& id) {
        constexpr std::size_t keep = 4096;
        if (abandoned_.insert(id).second)
            abandoned_order_.push_back(id);
        if (abandoned_order_.size() > keep) {
            abandoned_.erase(abandoned_order_.front());
            abandoned_order_.pop_front();
        }
    }

    std::error_code closed_reason() const { return make_error_code(error::connection_closed); }

    // The link is gone (or closed on purpose): every pending operation completes exactly once.
    void disconnect(std::error_code reason) {
        if (state_ == state::closed)
            return;
        const bool was_up = state_ == state::up || state_ == state::closing;
        state_ = state::closed;
        last_error_ = reason;
        ++generation_; // handlers of the old link see a different generation and stand down
        std::error_code ignored;
        resolver_.cancel();
        connect_timer_.cancel();
        pause_timer_.cancel();
        read_paused_ = false;
        if (stream_) {
            lowest_layer(*stream_).close(ignored);
        }
        writing_ = false;
        next_write_.clear();
        keepalive_timer_.cancel();
        // Sent actions fail once; those still waiting for a supervised link keep waiting.
        std::vector<std::unique_ptr<pending_base>> failed;
        for (auto it = pending_.begin(); it != pending_.end();) {
            if (it->second->state == pending_base::phase::waiting && run_active_) {
                ++it;
                continue;
            }
            if (it->second->has_deadline)
                deadlines_.erase(it->second->deadline_entry);
            failed.push_back(std::move(it->second));
            it = pending_.erase(it);
        }
        for (auto& op : failed)
            op->complete(error::connection_closed);
        // Actions waiting for a supervised link keep their deadlines; otherwise nothing needs
        // the timer (and an armed timer would keep the caller's io_context busy).
        if (deadlines_.empty()) {
            deadline_timer_.cancel();
            timer_armed_ = false;
        } else if (!timer_armed_ || deadlines_.begin()->first < armed_for_) {
            arm_timer(deadlines_.begin()->first);
        }
        if (auto done = std::move(connect_done_)) {
            // The link died during connect or login (closed before the banner, say): the
            // connect fails with connection_closed; last_error() keeps the cause.
            waiting_for_connect_ = false;
            done(make_error_code(error::connection_closed), login_result(message{}, version_));
        }
        serve_waiters(); // what is buffered is still delivered; then the waiters learn
        if (was_up)
            notify_link(link_notice(false, false, reason));
        if (was_up && run_active_) {
            notify(session_state::down, reason);
            schedule_retry(reason);
        }
    }

    link_event link_notice(bool up, bool after_gap, std::error_code reason) const {
        link_event e;
        e.up = up;
        e.after_gap = after_gap;
        e.ups = ups_;
        if (up && version_)
            e.version = *version_;
        e.reason = reason;
        return e;
    }

    // Tells the link subscribers; one that unsubscribes meanwhile is skipped.
    void notify_link(const link_event& e) {
        const auto subscribers = subscribers_; // a callback may subscribe or close
        for (const auto& s : subscribers) {
            if (s->on_link && s->active.load(std::memory_order_acquire))
                s->on_link(e);
        }
    }

    void notify(session_state st, std::error_code reason = {},
                std::chrono::milliseconds delay = {}) {
        if (!run_.on_state)
            return;
        session_event e;
        e.state = st;
        e.reason = reason;
        e.attempt = attempt_;
        e.delay = delay;
        if (st == session_state::up)
            e.version = version_;
        run_.on_state(e);
    }

    void attempt_connect() {
        notify(session_state::connecting);
        start_connect(run_.host, run_.port, run_.login,
                      [self = this->shared_from_this()](std::error_code ec, message) {
                          self->on_run_connect(ec);
                      });
    }

    void on_run_connect(std::error_code ec) {
        if (!run_active_)
            return;
        if (ec) {
            notify(session_state::down, ec);
            return schedule_retry(ec);
        }
        attempt_ = 0;
        if (ever_up_)
            mark_gap(); // events during the outage are gone: the consumer must resynchronise
        ever_up_ = true;
        notify(session_state::up);
        for (const std::string& f : filters_) {
            message m = message::action("Filter");
            m.add("Operation", "Add");
            m.add("Filter", f);
            submit_internal(std::move(m), std::make_unique<pending_op<action, reply>>(
                                              [](std::error_code, reply) {}));
        }
        send_waiting();
        start_keepalive();
        serve_waiters();
    }

    void send_waiting() {
        std::vector<pending_base*> waiting;
        for (auto& entry : pending_) {
            if (entry.second->state == pending_base::phase::waiting)
                waiting.push_back(entry.second.get());
        }
        std::sort(waiting.begin(), waiting.end(), [](const pending_base* a, const pending_base* b) {
            return a->sequence < b->sequence;
        });
        for (pending_base* op : waiting) {
            serialize(op->outgoing, next_write_, options_.serialize); // checked when queued
            if (options_.trace)
                trace(trace_direction::sent, op->outgoing);
            op->outgoing = message{};
            op->state = pending_base::phase::response;
        }
        flush();
    }

    void schedule_retry(std::error_code reason) {
        ++attempt_;
        const reconnect_options& r = run_.reconnect;
        if (!r.enabled || (r.max_attempts != 0 && attempt_ > r.max_attempts))
            return end_run(session_state::given_up, reason, reason);
        double delay = static_cast<double>(r.initial_delay.count());
        for (unsigned i = 1; i < attempt_ && delay < static_cast<double>(r.max_delay.count()); ++i)
            delay *= 2;
        delay = std::min(delay, static_cast<double>(r.max_delay.count()));
        if (r.jitter > 0) {
            std::uniform_real_distribution<double> spread(1.0 - r.jitter, 1.0 + r.jitter);
            delay *= spread(random_);
        }
        const auto wait = std::chrono::milliseconds(static_cast<std::int64_t>(delay));
        notify(session_state::retrying, reason, wait);
        retry_timer_.expires_after(wait);
        retry_timer_.async_wait(
            asio::bind_executor(strand_, [self = this->shared_from_this()](std::error_code ec) {
                if (!ec && self->run_active_ && self->state_ == state::closed)
                    self->attempt_connect();
            }));
    }

    void end_run(session_state how, std::error_code reason, std::error_code result) {
        run_active_ = false;
        retry_timer_.cancel();
        notify(how, reason);
        // Actions still waiting for the link will not get it; those sent fail as the link goes.
        const std::error_code why = how == session_state::stopped
                                        ? make_error_code(error::stopped)
                                        : make_error_code(error::not_connected);
        std::vector<std::unique_ptr<pending_base>> waiting;
        for (auto it = pending_.begin(); it != pending_.end();) {
            if (it->second->state != pending_base::phase::waiting) {
                ++it;
                continue;
            }
            if (it->second->has_deadline)
                deadlines_.erase(it->second->deadline_entry);
            waiting.push_back(std::move(it->second));
            it = pending_.erase(it);
        }
        for (auto& op : waiting)
            op->complete(why);
        disconnect(how == session_state::stopped ? make_error_code(error::stopped) : reason);
        serve_waiters();
        if (auto done = std::move(run_done_))
            done(result);
    }

    // ---- keepalive --------------------------------------------------------------------------

    void start_keepalive() {
        const auto interval = run_.keepalive.ping_interval;
        if (!run_active_ || interval.count() <= 0)
            return;
        keepalive_timer_.expires_at(last_rx_ + interval);
        const std::uint64_t gen = generation_;
        keepalive_timer_.async_wait(asio::bind_executor(
            strand_, [self = this->shared_from_this(), gen](std::error_code ec) {
                if (ec || gen != self->generation_ || self->state_ != state::up)
                    return;
                self->on_keepalive_timer();
            }));
    }

    void on_keepalive_timer() {
        const auto interval = run_.keepalive.ping_interval;
        if (clock_type::now() - last_rx_ < interval || ping_outstanding_)
            return start_keepalive(); // traffic came meanwhile, or a Ping is on its way
        ping_outstanding_ = true;
        const std::uint64_t gen = generation_;
        auto op = std::make_unique<pending_op<action, reply>>(
            [self = this->shared_from_this(), gen](std::error_code ec, reply) {
                self->ping_outstanding_ = false;
                if (gen != self->generation_)
                    return;
                if (ec == error::timeout) // half-open or stalled: close, the run reconnects
                    return self->disconnect(make_error_code(error::timeout));
                self->start_keepalive();
            });
        // The Ping's own deadline decides; its handler re-arms the timer.
        submit(message::action("Ping"), completion_spec{}, run_.keepalive.ping_timeout,
               std::move(op), true);
    }

    strand_type strand_;
    connection_options options_;
    stream_factory factory_;
    // Shared with the handlers of its operations: a TLS stream must outlive them, even when a
    // reconnect has already made the next one.
    std::shared_ptr<Stream> stream_;
    asio::ip::tcp::resolver resolver_;
    asio::steady_timer deadline_timer_;
    asio::steady_timer connect_timer_;
    asio::steady_timer pause_timer_;
    bool read_paused_ = false;
    parser parser_;
    message read_buffer_message_;
    action_id_generator ids_;

    state state_ = state::closed;
    std::uint64_t generation_ = 0;
    bool waiting_for_connect_ = false;
    login_options login_;
    std::string host_; // for TLS: SNI and certificate name verification
    std::string port_;
    // The session's event mask as last set (Login's Events, then Events actions that succeeded).
    std::string event_mask_;

    // supervised session
    bool run_active_ = false;
    bool ever_up_ = false;
    std::uint64_t ups_ = 0; // logins that succeeded on this connection
    unsigned attempt_ = 0;
    run_options run_;
    unique_function<void(std::error_code)> run_done_;
    asio::steady_timer retry_timer_;
    asio::steady_timer keepalive_timer_;
    clock_type::time_point last_rx_{};
    bool ping_outstanding_ = false;
    std::vector<std::string> filters_;
    std::minstd_rand random_{std::random_device{}()};
    connect_handler connect_done_;
    std::optional<server_version> version_;
    std::error_code last_error_;

    std::string current_write_;
    std::string next_write_;
    bool writing_ = false;

    std::unordered_map<std::string, std::unique_ptr<pending_base>> pending_;
    std::multimap<clock_type::time_point, pending_base*> deadlines_;
    bool timer_armed_ = false;
    clock_type::time_point armed_for_{};
    std::uint64_t open_counter_ = 0;
    std::uint64_t submit_counter_ = 0;
    std::string last_submitted_id_;
    std::unordered_set<std::string> abandoned_;
    std::deque<std::string> abandoned_order_;

    std::vector<std::shared_ptr<subscriber>> subscribers_;
    std::deque<message> events_;
    std::deque<event_waiter> event_waiters_;
    std::uint64_t next_waiter_id_ = 0;

    connection_counters counters_;
};

} // namespace amicpp::detail

#endif // AMICPP_DETAIL_CONNECTION_IMPL_HPP
