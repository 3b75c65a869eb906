// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_IO_DRIVER_HPP
#define AMICPP_IO_DRIVER_HPP

// The I/O driver: one stream, one strand, one deadline timer, around `session::core`. It reads
// into the parser and hands messages to the core, writes what the core prepares (coalesced, one
// write at a time), arms its timer at `core.next_deadline()`, and completes what the core says
// is complete on the handlers' own executors. Connecting, the greeting and the login sequence
// are its business too (the core only sees the link go up and down). Supervision (reconnect,
// keepalive, filters) is `supervision::supervisor`, which drives this class.

#include <amicpp/action.hpp>
#include <amicpp/connection_options.hpp>
#include <amicpp/detail/ascii.hpp>
#include <amicpp/detail/completion.hpp>
#include <amicpp/detail/dependent_type.hpp>
#include <amicpp/detail/event_mask.hpp>
#include <amicpp/detail/md5.hpp>
#include <amicpp/detail/pending.hpp>
#include <amicpp/detail/ring.hpp>
#include <amicpp/detail/stream_ops.hpp>
#include <amicpp/detail/unique_function.hpp>
#include <amicpp/error.hpp>
#include <amicpp/login_result.hpp>
#include <amicpp/message.hpp>
#include <amicpp/parser.hpp>
#include <amicpp/server_version.hpp>
#include <amicpp/session/core.hpp>
#include <amicpp/subscription.hpp>
#include <amicpp/supervision/supervisor.hpp>

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
#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace amicpp::detail {

// A receive's cancellation, assigned before the receive reaches the strand (so that a
// cancellation emitted at once is not lost): the strand fills `id` when it registers it.
struct receive_ref {
    session::request_id id = 0;
    bool registered = false;
    bool cancelled = false;
};

// Everything a connection is, on one strand. The public basic_connection holds it by shared_ptr
// and so does every operation in flight, so destroying the public object with operations in
// flight is safe: they complete (with error::connection_closed) and the state goes last.
template <class Stream>
class connection_impl : public std::enable_shared_from_this<connection_impl<Stream>> {
    friend class supervision::supervisor<connection_impl>;

public:
    // Members spelled as dependent types are instantiated only where a connection is used.
    using strand_type = asio::strand<dependent_type<Stream, asio::any_io_executor>>;
    using stream_factory = std::function<Stream(const strand_type&)>;
    using connect_handler = unique_function<void(std::error_code, login_result)>;
    using event_handler = unique_function<void(std::error_code, message)>;
    using batch_handler = unique_function<void(std::error_code, std::vector<message>)>;

    enum class state { closed, connecting, logging_in, up, closing };

    // A consumer waiting in async_receive_event(s).
    struct event_waiter {
        event_handler one;  // async_receive_event
        batch_handler many; // async_receive_events
        asio::cancellation_slot slot;
        unique_function<void(session::event_delivery)> raw; // amicpp::client: the core's answer
    };

    connection_impl(const asio::any_io_executor& ex, connection_options options,
                    stream_factory factory, bool buffer_from_start = false)
        : strand_(asio::make_strand(ex)), options_(std::move(options)),
          factory_(std::move(factory)), resolver_(strand_), deadline_timer_(strand_),
          connect_timer_(strand_), parser_(parser_options{options_.limits, true}),
          core_(core_settings(options_, buffer_from_start)), supervisor_(*this) {
        core_.close(make_error_code(error::connection_closed), clock_type::now());
    }

    connection_impl(const connection_impl&) = delete;
    connection_impl& operator=(const connection_impl&) = delete;

    // Actions still in the inbox (their post was destroyed unrun, with its context): their
    // handlers are destroyed, as those of the actions in the core are.
    ~connection_impl() {
        for (pending_base* p : {inbox_.exchange(nullptr, std::memory_order_acquire), backlog_}) {
            while (p != nullptr)
                delete std::exchange(p, p->next_queued);
        }
    }

    const strand_type& strand() const noexcept { return strand_; }
    const connection_options& options() const noexcept { return options_; }

    // ---- lifecycle (all on the strand) ------------------------------------------------------

    void start_connect(std::string host, std::string port, login_options login,
                       connect_handler done) {
        if (state_ != state::closed || (supervisor_.active() && !supervisor_.connecting())) {
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
        if (state_ != state::closed || supervisor_.active()) {
            done(error::already_connected, message{});
            return;
        }
        begin_connect(std::move(login), std::move(done), std::move(stream));
        host_.clear();
        port_.clear();
        after_transport_connect();
    }

    // A connect or login in progress was cancelled by its caller: it fails, and the transport
    // goes (never left logged in behind the caller's back).
    void cancel_connect(std::uint64_t attempt) {
        if (attempt != connect_attempt_ || !connect_done_)
            return;
        fail_connect(asio::error::operation_aborted, message{});
    }
    std::uint64_t connect_attempt() const noexcept { return connect_attempt_; }

    // close(), the destructor: final. A supervised session ends too (no reconnect).
    void close_now(std::error_code reason) {
        if (supervisor_.active())
            return supervisor_.end(session_state::stopped, reason, std::error_code{}, reason);
        disconnect(reason);
    }

    // Logoff, then wait for Goodbye and the server's close (or the deadline), then close. Ends a
    // supervised session first: what follows the Logoff is final.
    void start_logoff(unique_function<void(std::error_code)> done) {
        supervisor_.detach();
        if (state_ != state::up) {
            close_now(make_error_code(error::connection_closed));
            done(std::error_code{});
            return;
        }
        logoff_done_ = std::move(done);
        auto op = std::make_unique<pending_op<action, reply>>(
            [self = this->shared_from_this()](std::error_code ec, reply) mutable {
                self->close_now(make_error_code(error::connection_closed));
                if (auto d = std::move(self->logoff_done_))
                    d(ec == error::connection_closed ? std::error_code{} : ec);
            });
        state_ = state::closing;
        submit(message::action("Logoff"), completion_spec{}, options_.action_timeout, std::move(op),
               submit_mode::internal_action(), clock_type::now());
    }

    // async_close was cancelled: close at once; its handler hears operation_aborted.
    void cancel_logoff() {
        auto d = std::move(logoff_done_);
        if (!d)
            return;
        close_now(make_error_code(error::connection_closed));
        d(asio::error::operation_aborted);
    }

    // ---- actions ----------------------------------------------------------------------------

    // How an action enters the core (submit's last arguments).
    struct submit_mode {
        // The library's own (Logoff, keepalive, filters): still accepted while closing.
        bool internal = false;
        // Waits for a supervised session's link instead of failing while it is down.
        bool wait_for_connection = false;
        // Written while logging in (Challenge, Login), on a link not up yet.
        bool before_login = false;
        // The timeout was given for this call: kept exactly, not fitted to the action.
        bool exact_timeout = false;

        static submit_mode internal_action() {
            submit_mode m;
            m.internal = true;
            return m;
        }
        static submit_mode login_action() {
            submit_mode m = internal_action();
            m.before_login = true;
            return m;
        }
        static submit_mode user_action(bool wait_for_connection, bool exact_timeout) {
            submit_mode m;
            m.wait_for_connection = wait_for_connection;
            m.exact_timeout = exact_timeout;
            return m;
        }
    };

    // A user's action, kept by its op: builds it (pending_base::build_action), then submits it
    // as `submit` does. One that cannot be built completes with that error, unsent (id 0).
    session::op_id submit_kept(std::unique_ptr<pending_base> op, std::chrono::milliseconds timeout,
                               submit_mode mode, clock_type::time_point now) {
        session::submission s;
        if (const std::error_code not_built = op->build_action(s.action, s.spec)) {
            op->complete(not_built, reply{});
            return 0;
        }
        return submit(std::move(s), timeout, std::move(op), mode, now);
    }

    // The driver's own actions (Logoff, Challenge, Login): a submission of `m` and `spec`.
    session::op_id submit(message m, completion_spec spec, std::chrono::milliseconds timeout,
                          std::unique_ptr<pending_base> op, submit_mode mode,
                          clock_type::time_point now) {
        session::submission s;
        s.action = std::move(m);
        s.spec = std::move(spec);
        return submit(std::move(s), timeout, std::move(op), mode, now);
    }

    // Hands one action (`s.action`, `s.spec`) to the core; `op` completes exactly once whatever
    // happens. Returns the core's id for it (to cancel it). `now` is the caller's: a round of
    // many actions reads the clock once. The caller builds the submission in place and it goes
    // on by reference: its message and strings are not moved on the way.
    session::op_id submit(session::submission&& s, std::chrono::milliseconds timeout,
                          std::unique_ptr<pending_base> op, submit_mode mode,
                          clock_type::time_point now) {
        const message& m = s.action;
        const completion_spec& spec = s.spec;
        if ((state_ == state::closing && !mode.internal) ||
            (state_ == state::closed && mode.internal && !mode.before_login)) {
            op->complete(make_error_code(error::not_connected), reply{});
            return 0;
        }
        // An action completed by an event this session never receives could only time out,
        // after taking effect (a call placed): refused before anything is sent.
        if (!spec.final_event.empty() && !event_mask_receives(event_mask_, spec.final_event)) {
            op->complete(make_error_code(error::completion_event_masked), reply{});
            return 0;
        }
        op->awaits_event = !spec.final_event.empty();
        if (iequals(m.action_name(), "Events")) {
            op->sets_event_mask = true;
            op->event_mask = std::string(m.get("EventMask"));
        }
        std::optional<message> traced;
        if (options_.trace)
            traced = m;
        // The connection's default deadline fits each phase to the action (an async Originate
        // waits for its ring time + 30 s); a deadline given for this call is kept exactly.
        s.deadlines = session::deadlines_for(
            m, spec, mode.before_login ? std::chrono::milliseconds{0} : timeout);
        if (mode.exact_timeout && !mode.before_login)
            s.deadlines.event = timeout;
        s.before_login = mode.before_login;
        s.wait_for_link = mode.wait_for_connection && supervisor_.active() && !mode.internal;
        s.context = std::move(op);
        const session::op_id id = core_.submit(std::move(s), now);
        if (traced) {
            const std::string_view given = core_.action_id(id);
            if (!given.empty()) {
                if (traced->action_id().empty())
                    traced->set("ActionID", given);
                trace(trace_direction::sent, *traced);
            }
        }
        pump();
        return id;
    }

    // The next write waits for what is already queued on the strand (see start_write).
    void defer_write() noexcept { defer_write_ = true; }

    // From any thread: hands an action (its submission in `op->queued`) to the strand. One post
    // takes every action handed over until it runs, in order, and their writes leave together:
    // a burst from outside the strand costs no post and no allocation per action.
    void hand_over(std::unique_ptr<pending_base> op) {
        pending_base* const p = op.release();
        pending_base* head = inbox_.load(std::memory_order_relaxed);
        do
            p->next_queued = head;
        while (!inbox_.compare_exchange_weak(head, p, std::memory_order_release,
                                             std::memory_order_relaxed));
        if (head == nullptr) // the first since the last take: nobody has posted for it yet
            asio::post(strand_, [self = this->shared_from_this()] { self->take_inbox(); });
    }

    // Submits everything handed over so far, before an action submitted on the strand (which
    // must not overtake them) and before a cancellation (which must find its action).
    void take_all_handed_over() {
        if (backlog_ != nullptr || inbox_.load(std::memory_order_relaxed) != nullptr)
            take_handed_over(static_cast<std::size_t>(-1));
    }

    void cancel_handed_over(const session::op_id& id) {
        if (id == 0)
            take_all_handed_over();
        if (id != 0)
            cancel(id);
    }
    void cancel(session::op_id id) {
        core_.cancel(id, asio::error::operation_aborted, clock_type::now());
        pump();
    }

    // ---- supervised session -----------------------------------------------------------------

    void start_run(run_options options, unique_function<void(std::error_code)> done) {
        if (supervisor_.active() || state_ != state::closed) {
            done(error::already_connected);
            return;
        }
        core_.reopen(clock_type::now());
        supervisor_.start(std::move(options), std::move(done));
    }

    // Ends the supervised session (or just closes a plain connection).
    void stop() {
        if (!supervisor_.active())
            return disconnect(make_error_code(error::stopped));
        supervisor_.end(session_state::stopped, make_error_code(error::stopped), std::error_code{},
                        make_error_code(error::stopped));
    }

    // A filter the server accepted: applied again after every reconnect (once each).
    void add_filter(std::string filter) { supervisor_.add_filter(std::move(filter)); }

    // ---- events -----------------------------------------------------------------------------

    void receive_event(event_handler handler, std::shared_ptr<receive_ref> ref = {},
                       asio::cancellation_slot slot = {}) {
        add_waiter(event_waiter{std::move(handler), {}, slot, {}}, 1, false, std::move(ref));
    }

    void receive_events(std::size_t max, batch_handler handler,
                        std::shared_ptr<receive_ref> ref = {}, asio::cancellation_slot slot = {}) {
        add_waiter(event_waiter{{}, std::move(handler), slot, {}}, max == 0 ? 1 : max, true,
                   std::move(ref));
    }

    // amicpp::client's pull: the core's answer as it is (events, or a gap with its count), run
    // on the strand.
    void receive_deliveries(std::size_t max, unique_function<void(session::event_delivery)> h) {
        event_waiter w;
        w.raw = std::move(h);
        add_waiter(std::move(w), max == 0 ? 1 : max, true, {});
    }

    // A consumer's cancellation slot fired: its receive completes with operation_aborted, and
    // the events stay for the next one.
    void cancel_waiter(const std::shared_ptr<receive_ref>& ref) {
        if (!ref->registered) {
            ref->cancelled = true;
            return;
        }
        core_.cancel_request(ref->id, asio::error::operation_aborted, clock_type::now());
        pump();
    }

    // A link subscriber first hears the current state: an `up` when already logged in.
    void add_subscriber(std::shared_ptr<subscriber> s) {
        if (!s->active.load(std::memory_order_acquire))
            return;
        subscribers_.push_back(s);
        if (s->on_link && (state_ == state::up || state_ == state::closing))
            guarded([&] { s->on_link(link_notice(true, false, {})); });
    }

    // Drops the subscribers whose handles are gone, and their callbacks' captures with them.
    void prune_subscribers() {
        subscribers_.erase(std::remove_if(subscribers_.begin(), subscribers_.end(),
                                          [](const auto& s) { return !s->active.load(); }),
                           subscribers_.end());
    }

    // ---- queries (strand) -------------------------------------------------------------------

    state current_state() const noexcept { return state_; }
    const std::optional<server_version>& version() const noexcept { return version_; }
    connection_counters counters() const noexcept {
        const session::core_counters c = core_.counters();
        connection_counters out;
        out.unmatched_responses = c.unmatched_responses;
        out.late_replies = c.late_replies;
        out.messages_dropped = c.messages_dropped;
        out.events_dropped = c.events_dropped;
        out.callback_exceptions = callback_exceptions_;
        out.read_pauses = read_pauses_;
        return out;
    }
    std::size_t pending_count() const noexcept { return core_.pending(); }
    std::size_t buffered_events() const noexcept { return core_.buffered_events(); }
    std::error_code last_error() const noexcept { return last_error_; }
    const std::string& event_mask() const noexcept { return event_mask_; }

private:
    static session::core_options core_settings(const connection_options& o, bool from_start) {
        session::core_options c = session::make_core_options(o);
        c.buffer_before_first_request = c.buffer_before_first_request || from_start;
        return c;
    }

    // ---- connect and login ------------------------------------------------------------------

    void begin_connect(login_options login, connect_handler done,
                       std::optional<Stream> ready = std::nullopt) {
        ++generation_;
        ++connect_attempt_;
        state_ = state::connecting;
        login_ = std::move(login);
        event_mask_ = login_.events;
        connect_done_ = std::move(done);
        parser_.reset();
        read_size_ = min_read_size;
        version_.reset();
        read_buffer_message_ = message{};
        writing_ = false;
        reading_ = false;
        core_.reopen(clock_type::now());
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
                self->core_.on_transport_up(clock_type::now());
                self->pump();
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
        submit_before_login(std::move(m), std::move(op));
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
                self->logged_in(std::move(r.response));
            });
        submit_before_login(std::move(m), std::move(op));
    }

    void logged_in(message response) {
        connect_timer_.cancel();
        state_ = state::up;
        last_rx_ = clock_type::now();
        ++ups_;
        core_.on_link_up(clock_type::now()); // after an earlier link: the outage's gap
        notify_link(link_notice(true, ups_ > 1, {}));
        if (auto done = std::move(connect_done_))
            done(std::error_code{}, login_result(std::move(response), version_));
        pump();
    }

    void submit_before_login(message m, std::unique_ptr<pending_base> op) {
        // The connect deadline covers login; the action has no deadline of its own.
        submit(std::move(m), completion_spec{}, std::chrono::milliseconds{0}, std::move(op),
               submit_mode::login_action(), clock_type::now());
    }

    void fail_connect(std::error_code ec, message response) {
        auto done = std::move(connect_done_);
        const std::optional<server_version> greeted = version_;
        disconnect(ec);
        if (done)
            done(ec, login_result(std::move(response), greeted));
    }

    // Submits what `hand_over` queued, oldest first, a round of at most `inbox_round` actions
    // at a time, each round's writes leaving together. A large burst is not submitted in one
    // go: the first round's bytes are on the wire (and the server at work on them) while the
    // next round is prepared, and answers read meanwhile are handled between rounds.
    void take_inbox() {
        take_handed_over(inbox_round);
        if (backlog_ != nullptr && !round_posted_) {
            round_posted_ = true;
            asio::post(strand_, [self = this->shared_from_this()] {
                self->round_posted_ = false;
                self->take_inbox();
            });
        }
    }

    // Moves the inbox (newest first) to the end of the backlog (oldest first), then submits
    // up to `max` actions from the backlog's front and pumps once.
    void take_handed_over(std::size_t max) {
        pending_base* newest = inbox_.exchange(nullptr, std::memory_order_acquire);
        pending_base* oldest = nullptr;
        pending_base* const last = newest;
        while (newest != nullptr) { // the list runs newest first
            pending_base* const after = newest->next_queued;
            newest->next_queued = oldest;
            oldest = newest;
            newest = after;
        }
        if (oldest != nullptr) {
            if (backlog_ == nullptr)
                backlog_ = oldest;
            else
                backlog_last_->next_queued = oldest;
            backlog_last_ = last;
        }
        const bool nested = pumping_;
        pumping_ = true; // each submit asks for another round instead of pumping
        const auto now = clock_type::now();
        for (std::size_t taken = 0; backlog_ != nullptr && taken < max; ++taken) {
            std::unique_ptr<pending_base> op(backlog_);
            backlog_ = backlog_->next_queued;
            pending_base::handover h = std::move(op->queued);
            if (h.cancel_id)
                defer_write();
            const session::op_id id =
                submit_kept(std::move(op), h.timeout,
                            submit_mode::user_action(h.wait_for_connection, h.exact_timeout), now);
            if (h.cancel_id)
                *h.cancel_id = id;
        }
        pumping_ = nested;
        if (!nested)
            pump();
    }

    // ---- the output loop --------------------------------------------------------------------

    // Carries out what the core decided, in its order. Re-entered from a callback (which may
    // send, receive or close), it only asks the running loop for another round.
    void pump() {
        if (pumping_) {
            repump_ = true;
            return;
        }
        pumping_ = true;
        do {
            repump_ = false;
            while (const message* e = core_.peek_event()) {
                dispatch(*e);
                core_.pop_event();
            }
            while (auto c = core_.next_completion())
                complete(*c);
            while (auto d = core_.next_delivery())
                deliver(*d);
            if (auto ec = core_.take_close_request())
                disconnect(*ec);
            start_write();
            start_read();
            arm_deadline();
        } while (repump_);
        pumping_ = false;
    }

    void drain_completions() {
        while (auto c = core_.next_completion())
            complete(*c);
    }

    void complete(session::completion& c) {
        if (!c.context)
            return;
        // Every context this driver submits is its pending_base.
        auto* const op = static_cast<pending_base*>(c.context.get());
        if (!c.ec && op->sets_event_mask && !op->event_mask.empty())
            event_mask_ = op->event_mask; // Asterisk ignores an empty EventMask
        std::error_code ec = c.ec;
        // Accepted, then no completing event: it may have taken effect (a call placed).
        if (ec == error::timeout && c.sent && op->awaits_event && !c.result.response.empty() &&
            !c.result.response.is_error())
            ec = error::outcome_unknown;
        op->complete(ec, std::move(c.result));
    }

    void deliver(session::event_delivery& d) {
        // Requests are answered in their order but for cancellations: the first is the one.
        std::size_t at = 0;
        while (at != waiters_.size() && waiters_[at].id != d.request)
            ++at;
        if (at == waiters_.size())
            return;
        event_waiter w = std::move(waiters_[at].waiter);
        if (at == 0)
            waiters_.pop_front();
        else
            waiters_.erase_at(at);
        if (w.slot.is_connected())
            w.slot.clear();
        if (w.raw)
            w.raw(std::move(d));
        else if (w.one)
            w.one(d.ec, std::move(d.event));
        else
            w.many(d.ec, std::move(d.events));
    }

    void add_waiter(event_waiter w, std::size_t max, bool batch, std::shared_ptr<receive_ref> ref) {
        if (ref && ref->cancelled) {
            if (w.slot.is_connected())
                w.slot.clear();
            if (w.one)
                w.one(asio::error::operation_aborted, message{});
            else
                w.many(asio::error::operation_aborted, std::vector<message>{});
            return;
        }
        pulled_ = true;
        // No clock read: it would cost a tenth of the one-by-one path (see request_events).
        const session::request_id id = core_.request_events(max, batch);
        if (ref) {
            ref->id = id;
            ref->registered = true;
        }
        waiters_.emplace_back(waiting{id, std::move(w)});
        pump();
    }

    // ---- events for callbacks ---------------------------------------------------------------

    // Runs `f` (user code: a callback, a state notice); an exception it throws is counted and
    // handed to `connection_options::on_callback_error`, and the connection goes on.
    template <class F>
    void guarded(F&& f) {
        const completion_context user_code(false);
        try {
            f();
        } catch (...) {
            ++callback_exceptions_;
            if (options_.on_callback_error) {
                try {
                    options_.on_callback_error(std::current_exception());
                } catch (...) {
                }
            }
        }
    }

    void dispatch(const message& m) {
        bool pruned = false;
        for (std::size_t i = 0; i < subscribers_.size(); ++i) {
            subscriber* s = subscribers_[i].get();
            if (!s->active.load(std::memory_order_acquire)) {
                pruned = true;
                continue;
            }
            guarded([&] {
                if (s->wants(m))
                    s->callback(m);
            });
        }
        if (pruned)
            prune_subscribers();
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
                guarded([&] { s->on_link(e); });
        }
    }

    // ---- reading ----------------------------------------------------------------------------

    void start_read() {
        if (reading_ || !stream_ ||
            (state_ != state::logging_in && state_ != state::up && state_ != state::closing))
            return;
        // Back-pressure is for a consumer that pulls: before the first receive, none waits.
        if (pulled_ && core_.should_pause_reading()) {
            if (!held_) {
                held_ = true;
                ++read_pauses_;
            }
            return;
        }
        held_ = false;
        reading_ = true;
        char* buf = parser_.prepare(read_size_);
        auto self = this->shared_from_this();
        const std::uint64_t gen = generation_;
        stream_->async_read_some(
            asio::buffer(buf, parser_.prepared_size()),
            asio::bind_executor(strand_,
                                [self, gen, keep = stream_](std::error_code ec, std::size_t n) {
                                    if (gen != self->generation_)
                                        return;
                                    const completion_context io(true);
                                    self->on_read(ec, n);
                                }));
    }

    // reading_ stays set while the buffer is parsed: nothing starts the next read meanwhile.
    void on_read(std::error_code ec, std::size_t n) {
        if (state_ == state::closed) {
            reading_ = false;
            return;
        }
        if (ec) {
            reading_ = false;
            return disconnect(ec);
        }
        // A read that brought at least what it asked for: the peer is ahead (a flood of events,
        // a burst of answers). Larger reads then cost fewer wake-ups and system calls per message.
        if (n >= read_size_ && read_size_ < max_read_size)
            read_size_ *= 2;
        parser_.commit(n);
        const auto now = clock_type::now();
        last_rx_ = now;
        const std::uint64_t gen = generation_;
        std::error_code perr;
        while (parser_.next(read_buffer_message_, perr)) {
            if (perr) {
                if (perr == error::invalid_banner) {
                    if (state_ == state::logging_in)
                        fail_connect(error::not_ami_server, message{});
                } else {
                    core_.on_parse_error(parser_.last_dropped(), now);
                }
            } else {
                if (options_.trace)
                    trace(trace_direction::received, read_buffer_message_);
                if (read_buffer_message_.kind() == message_kind::banner) {
                    version_ = parser_.version();
                    on_banner();
                } else {
                    core_.on_message(std::move(read_buffer_message_), now);
                    // The login's answer takes effect before the next message (its events
                    // come after the link-up, and after the outage's gap).
                    if (state_ == state::logging_in)
                        drain_completions();
                }
            }
            if (!read_buffer_message_.empty()) // the core took it, usually: nothing to free
                read_buffer_message_ = message{};
            if (gen != generation_ || state_ == state::closed)
                return; // a failure closed the connection
        }
        reading_ = false;
        pump();
    }

    // ---- writing ----------------------------------------------------------------------------

    // Writes are coalesced: what is submitted while a write is in progress, or in one round of
    // the pump (the actions of the callbacks of one read), leaves in one write. An action its
    // caller can cancel waits for the work already queued on the strand (`defer_write`), so
    // that a cancellation emitted right after async_send finds it unsent; any other write
    // starts at once (a round trip through the scheduler would only add latency).
    void start_write() {
        if (writing_ || flush_posted_ || !stream_ || !core_.wants_write())
            return;
        if (!defer_write_)
            return write_now();
        defer_write_ = false;
        flush_posted_ = true;
        asio::post(strand_, [self = this->shared_from_this(), gen = generation_] {
            self->flush_posted_ = false;
            if (gen == self->generation_)
                self->write_now();
        });
    }

    void write_now() {
        if (writing_ || !stream_ || !core_.wants_write())
            return;
        current_write_.clear();
        if (core_.prepare_write(current_write_) == 0)
            return;
        writing_ = true;
        auto self = this->shared_from_this();
        const std::uint64_t gen = generation_;
        asio::async_write(*stream_, asio::buffer(current_write_),
                          asio::bind_executor(strand_, [self, gen, keep = stream_](
                                                           std::error_code ec, std::size_t) {
                              if (gen != self->generation_)
                                  return;
                              const completion_context io(true);
                              self->writing_ = false;
                              if (ec)
                                  return self->disconnect(ec);
                              self->core_.write_done();
                              self->pump();
                          }));
    }

    // ---- the one deadline timer -------------------------------------------------------------

    // The timer is moved only to an earlier time: an action's deadline is usually later than
    // the one armed, and re-arming the timer for each action would cost a system call each
    // (timerfd_settime). A timer that fires early finds nothing due and is armed again for
    // the next deadline; with no deadline left it is cancelled only once the link is closed
    // (until then the pending read keeps the context busy anyway).
    void arm_deadline() {
        const std::optional<clock_type::time_point> when = core_.next_deadline();
        if (!when) {
            if (armed_for_ && state_ == state::closed) {
                armed_for_.reset();
                deadline_timer_.cancel();
            }
            return;
        }
        if (armed_for_ && *armed_for_ <= *when)
            return;
        armed_for_ = when;
        deadline_timer_.expires_at(*when);
        deadline_timer_.async_wait(
            asio::bind_executor(strand_, [self = this->shared_from_this()](std::error_code ec) {
                if (ec == asio::error::operation_aborted)
                    return; // re-armed or disarmed
                const completion_context io(true);
                self->armed_for_.reset();
                self->core_.advance(clock_type::now());
                self->pump();
            }));
    }

    // ---- the link goes ----------------------------------------------------------------------

    // The link is gone (or closed on purpose): every pending operation completes exactly once;
    // a supervised session decides whether to come back.
    void disconnect(std::error_code reason) {
        if (state_ == state::closed) {
            if (!supervisor_.active())
                core_.close(reason == error::stopped ? reason
                                                     : make_error_code(error::connection_closed),
                            clock_type::now());
            pump();
            return;
        }
        const bool was_up = state_ == state::up || state_ == state::closing;
        state_ = state::closed;
        last_error_ = reason;
        ++generation_; // handlers of the old link see a different generation and stand down
        std::error_code ignored;
        resolver_.cancel();
        connect_timer_.cancel();
        if (stream_)
            lowest_layer(*stream_).close(ignored);
        writing_ = false;
        reading_ = false;
        flush_posted_ = false;
        defer_write_ = false;
        const auto now = clock_type::now();
        if (supervisor_.active())
            core_.on_link_down(reason, now);
        else
            core_.close(
                reason == error::stopped ? reason : make_error_code(error::connection_closed), now);
        if (auto done = std::move(connect_done_)) {
            // The link died during connect or login (closed before the banner, say): the
            // connect fails with connection_closed; last_error() keeps the cause.
            done(make_error_code(error::connection_closed), login_result(message{}, version_));
        }
        pump();
        if (was_up)
            notify_link(link_notice(false, false, reason));
        if (was_up)
            supervisor_.link_lost(reason);
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

    strand_type strand_;
    connection_options options_;
    stream_factory factory_;
    // Shared with the handlers of its operations: a TLS stream must outlive them, even when a
    // reconnect has already made the next one.
    std::shared_ptr<Stream> stream_;
    dependent_type<Stream, asio::ip::tcp::resolver> resolver_;
    dependent_type<Stream, asio::steady_timer> deadline_timer_;
    std::optional<clock_type::time_point> armed_for_;
    dependent_type<Stream, asio::steady_timer> connect_timer_;
    parser parser_;
    // How much each read asks for: 64 KiB, doubled up to 256 KiB while reads come back full
    // (connection_bench events, batches: 3.83 -> 4.30 M/s with 256 KiB reads; a bare reader
    // gains as much from them, 5.62 -> 6.33). A quiet connection keeps the small buffer.
    static constexpr std::size_t min_read_size = 64 * 1024;
    static constexpr std::size_t max_read_size = 256 * 1024;
    std::size_t read_size_ = min_read_size;
    message read_buffer_message_;
    dependent_type<Stream, session::core> core_;

    state state_ = state::closed;
    std::uint64_t generation_ = 0;
    std::uint64_t connect_attempt_ = 0;
    login_options login_;
    std::string host_; // for TLS: SNI and certificate name verification
    std::string port_;
    // The session's event mask as last set (Login's Events, then Events actions that succeeded).
    std::string event_mask_;
    std::uint64_t ups_ = 0; // logins that succeeded on this connection
    clock_type::time_point last_rx_{};
    connect_handler connect_done_;
    unique_function<void(std::error_code)> logoff_done_;
    std::optional<server_version> version_;
    std::error_code last_error_;

    std::string current_write_;
    bool writing_ = false;
    bool flush_posted_ = false;
    bool defer_write_ = false;
    std::atomic<pending_base*> inbox_{nullptr}; // hand_over's list, newest first
    // Taken from the inbox, not submitted yet (oldest first): the rest of a large burst.
    pending_base* backlog_ = nullptr;
    pending_base* backlog_last_ = nullptr;
    bool round_posted_ = false; // a take_inbox round for the backlog is queued on the strand
    static constexpr std::size_t inbox_round = 256;
    bool reading_ = false;
    bool pumping_ = false;
    bool repump_ = false;

    // The consumers' requests not answered yet, oldest first. A consumer asking for one event
    // at a time costs no allocation per event (the ring keeps its room).
    struct waiting {
        session::request_id id;
        event_waiter waiter;
    };
    ring<waiting> waiters_;
    std::vector<std::shared_ptr<subscriber>> subscribers_;
    std::uint64_t callback_exceptions_ = 0;
    bool pulled_ = false; // a consumer has asked for events
    bool held_ = false;   // the next read is held for a consumer that is behind
    std::uint64_t read_pauses_ = 0;

    supervision::supervisor<connection_impl> supervisor_;
};

} // namespace amicpp::detail

#endif // AMICPP_IO_DRIVER_HPP
