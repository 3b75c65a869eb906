// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_SESSION_CORE_HPP
#define AMICPP_SESSION_CORE_HPP

/// @file
/// @brief `amicpp::session::core`: everything an AMI session decides, without I/O.

#include <amicpp/action.hpp>
#include <amicpp/detail/ascii.hpp>
#include <amicpp/detail/ring.hpp>
#include <amicpp/error.hpp>
#include <amicpp/message.hpp>
#include <amicpp/parser.hpp>
#include <amicpp/reply.hpp>
#include <amicpp/serializer.hpp>
#include <amicpp/session/detail/action_ids.hpp>
#include <amicpp/session/detail/deadline_queue.hpp>
#include <amicpp/session/detail/event_stream.hpp>
#include <amicpp/session/detail/op_table.hpp>
#include <amicpp/session/options.hpp>
#include <amicpp/session/outputs.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <utility>
#include <vector>

namespace amicpp::session {

/// @brief The sans-io session core: given actions, parsed messages, the time and link notices,
/// it decides ActionIDs, correlation, event lists, completions that wait for an event, the
/// event buffer with its gaps and back-pressure, deadlines and late replies; it says what to do
/// as data: bytes to write, operations to complete, events to hand out.
///
/// It reads no clock (every input that needs the time takes `now`), does no I/O, and calls
/// nothing: outputs queue up until the driver takes them. After each input the driver drains,
/// in this order: `peek_event`/`pop_event` (callbacks), `next_completion`, `next_delivery`,
/// `take_close_request`, then `prepare_write` when `wants_write()`, `should_pause_reading()`
/// and `next_deadline()`.
///
/// Guarantees: every submitted action completes exactly once (`next_completion`); every
/// request for events is answered exactly once (`next_delivery`); every event that entered the
/// pull buffer is delivered or counted in a gap at its place, never both; an action cancelled
/// or timed out before it was handed to a write is never written.
///
/// Thread safety: none; one core belongs to one driver (its strand).
///
/// A template only so that a translation unit that includes it without using it (every user of
/// the umbrella header) compiles none of it: `session::core` is the one to use.
template <class Unused = void>
class basic_core {
public:
    /// @brief The time the core is told; it never reads a clock itself.
    using time_point = std::chrono::steady_clock::time_point;

    /// @brief A core with these settings, its link down.
    explicit basic_core(core_options options = {})
        : options_(std::move(options)), ids_(options_.action_id_prefix),
          stream_(detail::event_stream::settings{options_.event_buffer, options_.overflow,
                                                 options_.max_read_pause,
                                                 options_.buffer_before_first_request}) {}

    basic_core(const basic_core&) = delete;
    basic_core& operator=(const basic_core&) = delete;

    ~basic_core() {
        ops_.for_each([](op* o) { delete o; });
        for (op* o : spare_)
            delete o;
    }

    // ---- inputs: actions ---------------------------------------------------------------------

    /// @brief Takes an action to send; returns the id its completion will carry.
    ///
    /// Refused at once (a completion is queued, nothing will be written) when it cannot be sent
    /// safely (serializer checks), when its own ActionID is in flight
    /// (`error::duplicate_action_id`), or when there is no usable link and it may not wait
    /// (`error::not_connected`). Otherwise its response deadline starts now.
    op_id submit(submission&& s, time_point now) {
        now_ = now;
        const op_id token = ++next_op_;
        const bool writable =
            state_ == link_state::up || (state_ == link_state::logging_in && s.before_login);
        if (!writable && (s.before_login || !s.wait_for_link))
            return refuse(token, make_error_code(error::not_connected), std::move(s.context));
        std::string id = take_id_string();
        id.assign(s.action.action_id());
        std::uint64_t number = 0;
        if (id.empty()) {
            do // (skips a number whose ID a caller gave its own action)
                ids_.next_into(id, number);
            while (!by_id_.empty() && by_id_.count(id) != 0);
            s.action.set("ActionID", id);
        } else if (op* same = find(id); same != nullptr) {
            if (!same->zombie) {
                give_id_string(std::move(id));
                return refuse(token, make_error_code(error::duplicate_action_id),
                              std::move(s.context));
            }
            remove(*same); // the caller reuses an abandoned ID: its late replies go
        }
        const serialize_result verdict = check(s.action, options_.serialize);
        if (!verdict) {
            give_id_string(std::move(id));
            return refuse(token, verdict.ec, std::move(s.context));
        }
        op& o = acquire(token);
        o.id = std::move(id);
        o.context = std::move(s.context);
        o.seq = token;
        // A recycled op's spec is empty: most actions (a Ping) move no string here.
        o.spec.list = s.spec.list;
        o.spec.raw_reply = s.spec.raw_reply;
        if (!s.spec.complete_event.empty())
            o.spec.complete_event = std::move(s.spec.complete_event);
        if (!s.spec.final_event.empty())
            o.spec.final_event = std::move(s.spec.final_event);
        o.deadlines = s.deadlines;
        o.outgoing = std::move(s.action);
        o.before_login = s.before_login;
        o.wait_for_link = s.wait_for_link;
        o.generated = number;
        if (number != 0)
            index_generated(o);
        else
            by_id_.emplace(std::string_view(o.id), &o);
        queue_.push_back(token);
        ++queued_;
        if (o.before_login)
            ++queued_before_login_;
        ++live_;
        peak_ops_ = std::max(peak_ops_, ops_.size());
        arm(o, o.deadlines.response);
        return token;
    }

    /// @brief Cancels an action: it completes with `ec` (an Asio driver passes
    /// `asio::error::operation_aborted`). Not yet handed to a write: it is never written.
    /// Already sent: its outcome is unknown (`completion::sent`) and its late replies are
    /// discarded. Unknown or finished ids are ignored (a cancellation may race a completion).
    void cancel(op_id id, std::error_code ec, time_point now) {
        now_ = now;
        if (op* o = ops_.find(id); o != nullptr && !o->zombie)
            abandon(*o, ec);
    }

    // ---- inputs: the link --------------------------------------------------------------------

    /// @brief A transport is connected: actions marked `before_login` may be written now.
    void on_transport_up(time_point now) {
        now_ = now;
        if (state_ != link_state::down)
            on_link_down(make_error_code(error::connection_closed), now);
        state_ = link_state::logging_in;
        writing_ = false;
        stream_.reopen();
    }

    /// @brief Logged in: every waiting action may be written. After an earlier link-up, a gap
    /// marker goes into the event stream (the events of the outage are lost).
    void on_link_up(time_point now) {
        now_ = now;
        if (state_ == link_state::up)
            return;
        if (state_ == link_state::down)
            on_transport_up(now);
        state_ = link_state::up;
        if (ever_up_)
            stream_.push_outage();
        ever_up_ = true;
    }

    /// @brief The link is gone: every action that was sent completes with
    /// `error::connection_closed`, once; unsent ones wait for the next link if they may (else
    /// they complete too); late-reply memory is cleared; `reason` becomes `last_error()`.
    void on_link_down(std::error_code reason, time_point now) {
        now_ = now;
        if (state_ == link_state::down)
            return;
        state_ = link_state::down;
        last_error_ = reason;
        writing_ = false;
        for (op* o : by_sequence()) {
            if (o->zombie)
                remove(*o);
            else if (o->ph != phase::queued || o->before_login || !o->wait_for_link)
                finish(*o, make_error_code(error::connection_closed));
        }
    }

    /// @brief No link will come back (close, stop, give up): the link goes down with `reason`,
    /// actions still waiting complete with `reason`, and event requests get what is buffered,
    /// then `error::connection_closed`. A later `on_transport_up` starts over.
    void close(std::error_code reason, time_point now) {
        now_ = now;
        for (op* o : by_sequence()) {
            if (!o->zombie && o->ph == phase::queued)
                finish(*o, reason);
        }
        on_link_down(reason, now);
        stream_.end();
    }

    /// @brief A connect (or a supervised run) starts after `close`: requests for events wait
    /// for events again instead of ending. (`on_transport_up` implies it.)
    void reopen(time_point now) {
        now_ = now;
        stream_.reopen();
    }

    /// @brief The write started by `prepare_write` finished. (A failed write is a lost link:
    /// call `on_link_down`.)
    void write_done() noexcept { writing_ = false; }

    // ---- inputs: what the server sent --------------------------------------------------------

    /// @brief A message from the parser. Responses and events are correlated by ActionID;
    /// what belongs to no action becomes an event. Ignored (and counted) while the link is down.
    void on_message(message&& m, time_point now) {
        now_ = now;
        if (state_ == link_state::down) {
            ++counters_.messages_ignored;
            return;
        }
        switch (m.kind()) {
        case message_kind::banner:
            return; // the driver's business (login)
        case message_kind::response:
            return route_response(std::move(m));
        case message_kind::event:
            return route_event(std::move(m));
        case message_kind::raw:
            return route_raw(std::move(m));
        case message_kind::action:
        case message_kind::unknown:
            break;
        }
        stream_.push(std::move(m)); // odd, but never dropped silently
    }

    /// @brief The parser dropped a message (a limit): pass `parser::last_dropped()`. When it
    /// was the reply an action waits for (its response, an item or the end of its list, its
    /// completing event), that action fails with the parser's reason, and the rest of its
    /// replies (a list's remaining items) are discarded as late, never leaked as events.
    void on_parse_error(const dropped_message& d, time_point now) {
        now_ = now;
        ++counters_.messages_dropped;
        if (state_ == link_state::down || d.action_id.empty())
            return;
        op* o = find(d.action_id);
        if (o == nullptr || o->ph == phase::queued)
            return;
        const bool is_event = d.kind == message_kind::event;
        const bool ends_list = is_event && o->ph == phase::list &&
                               ((!o->spec.complete_event.empty() &&
                                 amicpp::detail::iequals(d.name, o->spec.complete_event)) ||
                                ends_with_complete(d.name));
        const bool is_final = is_event && o->ph == phase::event &&
                              amicpp::detail::iequals(d.name, o->spec.final_event);
        const bool its_reply = (o->ph == phase::response && d.kind == message_kind::response) ||
                               (o->ph == phase::list && is_event) || is_final;
        if (!its_reply)
            return;
        if (o->zombie) { // counted as dropped already, not as late too
            if (ends_list || is_final)
                remove(*o);
            return;
        }
        if (o->ph == phase::response) {
            // Whatever followed that response (a list?) is unknown: what still carries this
            // ActionID is discarded as late until the window closes.
            o->ph = phase::list;
            if (o->spec.list)
                open_list(*o);
        }
        abandon(*o, d.reason);
        if ((ends_list || is_final) && (o = find(d.action_id)) != nullptr)
            remove(*o);
    }

    /// @brief The time is `now`: due deadlines fire (the actions complete with
    /// `error::timeout`), a bounded read pause ends.
    void advance(time_point now) {
        now_ = now;
        stream_.advance(now);
        while (!deadlines_.empty() && deadlines_.earliest().when <= now) {
            const deadline_entry fired = deadlines_.earliest();
            deadlines_.pop();
            op* const found = armed_op(fired);
            if (found == nullptr)
                continue; // disarmed or moved since
            op& o = *found;
            o.armed = false;
            --armed_;
            if (o.zombie) {
                remove(o);
                continue;
            }
            if (o.ph == phase::list && o.deadlines.list.count() > 0) {
                const time_point due = o.activity + to_clock(o.deadlines.list);
                if (due > now) { // items came meanwhile: the silence has not lasted yet
                    arm_at(o, due);
                    continue;
                }
            }
            abandon(o, make_error_code(error::timeout));
        }
    }

    // ---- inputs: event consumers -------------------------------------------------------------

    /// @brief A consumer asks for one event (`batch` false) or for everything buffered up to
    /// `max` (`batch` true). The first request opens the pull buffer. Answered exactly once by
    /// `next_delivery`. No time is asked: a request only adds room, so it may end a read pause
    /// but never start one (the last input's time stands).
    request_id request_events(std::size_t max, bool batch) {
        return stream_.request(max, batch, now_);
    }

    /// @brief Cancels a waiting request: it is answered with `ec`, and no event is lost (the
    /// next request gets it). Returns false when it was already answered.
    bool cancel_request(request_id id, std::error_code ec, time_point now) {
        now_ = now;
        return stream_.cancel(id, ec, now);
    }

    // ---- outputs -----------------------------------------------------------------------------

    /// @brief True when actions wait to be written and no write is in progress.
    bool wants_write() const noexcept {
        if (writing_)
            return false;
        return (state_ == link_state::up && queued_ != 0) ||
               (state_ == link_state::logging_in && queued_before_login_ != 0);
    }

    /// @brief Appends the wire bytes of every action that may be written now to `out`, in
    /// submission order, and marks them sent; returns how many. A write is then in progress
    /// until `write_done` (nothing more is prepared meanwhile).
    std::size_t prepare_write(std::string& out) {
        if (!wants_write())
            return 0;
        std::size_t n = 0;
        // Front to back, erasing what is written or stale, keeping the order of the rest. (If
        // serialize throws, queue_ may hold a token twice: stale entries are skipped anyway.)
        queue_.erase_if([&](op_id token) {
            op* const found = ops_.find(token);
            if (found == nullptr || found->ph != phase::queued)
                return true; // cancelled or timed out before it left
            op& o = *found;
            if (state_ != link_state::up && !o.before_login)
                return false;
            ::amicpp::detail::append_wire(o.outgoing, out); // checked at submission
            o.outgoing = message{};
            o.ph = phase::response;
            --queued_;
            if (o.before_login)
                --queued_before_login_;
            ++n;
            return true;
        });
        writing_ = n != 0;
        return n;
    }

    /// @brief The next operation to complete, each exactly once.
    std::optional<completion> next_completion() {
        if (completions_.empty())
            return std::nullopt;
        completion c = std::move(completions_.front());
        completions_.pop_front();
        return c;
    }

    /// @brief The next new event to hand to callbacks, or null. Valid until the next call on
    /// the core; call `pop_event` when done with it.
    const message* peek_event() { return stream_.peek(); }

    /// @brief Done with the event `peek_event` gave: it enters the pull buffer when a consumer
    /// pulls (the overflow policy applies there), or goes.
    void pop_event() {
        if (stream_.pop(now_)) {
            if (!close_request_)
                close_request_ = make_error_code(error::events_overflowed);
            on_link_down(make_error_code(error::events_overflowed), now_);
        }
    }

    /// @brief The next answer to a request for events: events, a gap (`error::events_lost`),
    /// the end (`error::connection_closed`) or a cancellation.
    std::optional<event_delivery> next_delivery() { return stream_.next_delivery(now_); }

    /// @brief Set once when the core took the link down itself (the `close` overflow policy):
    /// the driver must close the stream. The core is already down.
    std::optional<std::error_code> take_close_request() {
        auto r = close_request_;
        close_request_.reset();
        return r;
    }

    /// @brief True while the consumer of the pull buffer is behind: stop reading until it is
    /// false again (at the latest at `next_deadline()`, for a bounded pause).
    bool should_pause_reading() const noexcept {
        return state_ != link_state::down && stream_.paused();
    }

    /// @brief When `advance` must be called next (a deadline, the end of a read pause), if ever.
    std::optional<time_point> next_deadline() const {
        std::optional<time_point> when = stream_.deadline();
        prune_deadlines();
        if (!deadlines_.empty() && (!when || deadlines_.earliest().when < *when))
            when = deadlines_.earliest().when;
        return when;
    }

    // ---- queries -----------------------------------------------------------------------------

    /// @brief Where the link stands.
    link_state state() const noexcept { return state_; }
    /// @brief Actions submitted and not yet completed.
    std::size_t pending() const noexcept { return live_; }
    /// @brief Events in the pull buffer (gaps not counted).
    std::size_t buffered_events() const noexcept { return stream_.buffered(); }
    /// @brief Events handed out by `peek_event` but not yet popped, plus those not yet peeked.
    std::size_t undispatched_events() const noexcept { return stream_.fresh(); }
    /// @brief Requests for events waiting for one.
    std::size_t waiting_requests() const noexcept { return stream_.waiting_requests(); }
    /// @brief Why the link last went down.
    std::error_code last_error() const noexcept { return last_error_; }
    /// @brief "<prefix>-": how every generated ActionID starts.
    const std::string& action_id_prefix() const noexcept { return ids_.prefix(); }
    /// @brief The ActionID of an action not yet completed (empty otherwise).
    std::string_view action_id(op_id id) const {
        const op* o = ops_.find(id);
        return o == nullptr || o->zombie ? std::string_view{} : std::string_view(o->id);
    }
    /// @brief True when the action was handed to a write (false also when it completed).
    bool sent(op_id id) const {
        const op* o = ops_.find(id);
        return o != nullptr && !o->zombie && o->ph != phase::queued;
    }
    /// @brief What the core counted.
    core_counters counters() const noexcept {
        core_counters c = counters_;
        c.events_dispatched = stream_.dispatched();
        c.events_buffered = stream_.entered();
        c.events_delivered = stream_.delivered();
        c.events_dropped = stream_.dropped();
        return c;
    }

private:
    enum class phase : std::uint8_t {
        queued,   // not handed to a write yet (never sent)
        response, // sent, waiting for the response
        list,     // collecting list items until the end
        event,    // waiting for the completing event
    };

    // One action, live or abandoned ("zombie": completed already, still recognising its late
    // replies so that they are discarded, not taken for someone else's or leaked as events).
    struct op {
        op_id token = 0;
        std::uint64_t seq = 0;
        std::string id;
        std::uint64_t generated = 0; // the number of a generated ID (0: the caller's own)
        completion_spec spec;
        action_deadlines deadlines;
        message outgoing;
        reply collected;
        phase ph = phase::queued;
        bool before_login = false;
        bool wait_for_link = false;
        bool zombie = false;
        bool listed = false; // in open_lists_
        bool armed = false;
        time_point due{};      // when armed
        time_point activity{}; // last list item
        std::unique_ptr<action_context> context;

        // Back to a fresh op's state for its next use, keeping the strings' capacity. Most
        // members are already empty here (moved into the completion, or written): a member-wise
        // reset touches only what holds something, where assigning a whole `op{}` built and
        // moved every member.
        void recycle() noexcept {
            token = seq = generated = 0;
            id.clear();
            spec.list = spec.raw_reply = false;
            spec.complete_event.clear();
            spec.final_event.clear();
            deadlines = action_deadlines{};
            if (!outgoing.empty())
                outgoing = message{};
            if (!collected.response.empty() || !collected.items.empty() ||
                !collected.final_event.empty())
                collected = reply{};
            ph = phase::queued;
            before_login = wait_for_link = zombie = listed = armed = false;
            due = activity = time_point{};
            context.reset();
        }
    };

    // A deadline as armed. Entries are not removed when their action completes or re-arms:
    // the queue skips the stale ones, and drops them all when they outnumber the armed ones.
    using deadline_entry = typename detail::deadline_queue<time_point, op_id>::entry;

    // Actions' storage is recycled (with their ActionID strings' capacity): a burst of actions
    // costs no allocation here once a burst as large has passed. As a vector keeps its
    // capacity, the spares are as many as were ever in use at once (at least min_spare).
    static constexpr std::size_t min_spare = 64;

    op& acquire(op_id token) {
        op* o;
        if (spare_.empty()) {
            o = new op;
        } else {
            o = spare_.back();
            spare_.pop_back();
        }
        o->token = token;
        ops_.insert(token, o);
        return *o;
    }

    void release(op* o) {
        if (spare_.size() >= std::max(min_spare, peak_ops_)) {
            delete o;
            return;
        }
        o->recycle();
        spare_.push_back(o);
    }

    std::string take_id_string() {
        if (spare_.empty())
            return {};
        return std::move(spare_.back()->id);
    }

    void give_id_string(std::string id) {
        if (!spare_.empty() && spare_.back()->id.capacity() < id.capacity()) {
            id.clear();
            spare_.back()->id = std::move(id);
        }
    }

    op* armed_op(const deadline_entry& e) const noexcept {
        op* o = ops_.find(e.token);
        return o != nullptr && o->armed && o->due == e.when ? o : nullptr;
    }

    // Drops stale entries from the top, so that the top is the next real deadline.
    void prune_deadlines() const {
        deadlines_.drop_stale_earliest(
            [this](const deadline_entry& e) { return armed_op(e) == nullptr; });
    }

    static time_point::duration to_clock(std::chrono::milliseconds d) {
        constexpr std::chrono::milliseconds cap = std::chrono::hours(24 * 365 * 10);
        return std::chrono::duration_cast<time_point::duration>(std::min(d, cap));
    }

    static bool ends_with_complete(std::string_view name) noexcept {
        constexpr std::string_view tail = "Complete";
        return name.size() >= tail.size() &&
               amicpp::detail::iequals(name.substr(name.size() - tail.size()), tail);
    }

    op_id refuse(op_id token, std::error_code ec, std::unique_ptr<action_context> context) {
        completion c;
        c.op = token;
        c.ec = ec;
        c.context = std::move(context);
        completions_.push_back(std::move(c));
        return token;
    }

    // Generated IDs are found by their number, without hashing a string; the caller's own in
    // by_id_ (an ID the caller gave that looks generated is there too).
    op* find(std::string_view id) {
        if (const std::uint64_t n = ids_.number_of(id);
            n >= generated_first_ && n - generated_first_ < generated_.size()) {
            op* o = generated_[n - generated_first_];
            if (o != nullptr && o->id == id)
                return o;
        }
        if (by_id_.empty())
            return nullptr;
        auto it = by_id_.find(id);
        return it == by_id_.end() ? nullptr : it->second;
    }

    void index_generated(op& o) {
        if (generated_.empty())
            generated_first_ = o.generated;
        while (generated_first_ + generated_.size() < o.generated)
            generated_.push_back(nullptr); // numbers skipped
        generated_.push_back(&o);
    }

    void unindex(op& o) {
        if (o.generated == 0) {
            by_id_.erase(std::string_view(o.id));
            return;
        }
        generated_[o.generated - generated_first_] = nullptr;
        while (!generated_.empty() && generated_.front() == nullptr) {
            generated_.pop_front();
            ++generated_first_;
        }
    }

    std::vector<op*> by_sequence() {
        std::vector<op*> all;
        all.reserve(ops_.size());
        ops_.for_each([&all](op* o) { all.push_back(o); });
        std::sort(all.begin(), all.end(), [](const op* a, const op* b) { return a->seq < b->seq; });
        return all;
    }

    // ---- deadlines ---------------------------------------------------------------------------

    void disarm(op& o) {
        if (o.armed)
            --armed_;
        o.armed = false;
    }

    void arm_at(op& o, time_point when) {
        if (o.armed && o.due == when)
            return;
        disarm(o);
        o.due = when;
        o.armed = true;
        ++armed_;
        if (deadlines_.size() > 2 * armed_ + 64) // mostly stale: keep the armed ones
            deadlines_.drop_stale(
                [this](const deadline_entry& e) { return armed_op(e) == nullptr; });
        deadlines_.push(deadline_entry{when, o.token});
    }

    void arm(op& o, std::chrono::milliseconds d) {
        if (d.count() > 0)
            arm_at(o, now_ + to_clock(d));
        else
            disarm(o);
    }

    // ---- completion --------------------------------------------------------------------------

    void push_completion(op& o, std::error_code ec) {
        completion c;
        c.op = o.token;
        c.ec = ec;
        c.context = std::move(o.context);
        c.result = std::move(o.collected);
        c.sent = o.ph != phase::queued;
        completions_.push_back(std::move(c));
    }

    // Completed by what arrived (or by the link): nothing more will come for it.
    void finish(op& o, std::error_code ec) {
        push_completion(o, ec);
        remove(o);
    }

    // Completed before its replies ended (timeout, cancellation, parser limit): if it was sent,
    // it stays as a zombie for a while so that its late replies are recognised.
    void abandon(op& o, std::error_code ec) {
        push_completion(o, ec);
        if (o.ph == phase::queued || options_.late_window.count() <= 0 ||
            options_.max_abandoned == 0)
            return remove(o);
        o.zombie = true;
        --live_;
        o.collected = reply{};
        o.outgoing = message{};
        arm(o, options_.late_window);
        zombies_.push_back(o.token);
        ++zombie_count_;
        while (zombie_count_ > options_.max_abandoned && !zombies_.empty()) {
            op* const oldest = ops_.find(zombies_.front());
            zombies_.pop_front();
            if (oldest != nullptr && oldest->zombie)
                remove(*oldest);
        }
        if (zombies_.size() > 2 * options_.max_abandoned + 64) {
            zombies_.erase_if([this](op_id t) {
                const op* z = ops_.find(t);
                return z == nullptr || !z->zombie;
            });
        }
    }

    void remove(op& o) {
        unindex(o);
        if (o.listed)
            open_lists_.erase(std::find(open_lists_.begin(), open_lists_.end(), &o));
        disarm(o);
        if (o.ph == phase::queued) {
            --queued_;
            if (o.before_login)
                --queued_before_login_;
        }
        if (o.zombie)
            --zombie_count_;
        else
            --live_;
        release(ops_.erase(o.token));
        if (queue_.size() > 2 * queued_ + 64) {
            queue_.erase_if([this](op_id t) {
                const op* q = ops_.find(t);
                return q == nullptr || q->ph != phase::queued;
            });
        }
    }

    void open_list(op& o) {
        o.activity = now_;
        if (!o.listed) {
            open_lists_.push_back(&o);
            o.listed = true;
        }
    }

    // ---- routing -----------------------------------------------------------------------------

    void route_response(message&& m) {
        const std::string_view id = m.action_id();
        op* o = id.empty() ? nullptr : find(id);
        if (o == nullptr || o->ph != phase::response) {
            // Nobody waits for it, or a second response: counted, never fatal.
            ++counters_.unmatched_responses;
            return;
        }
        const bool list = m.is_list_start() || o->spec.list;
        if (o->zombie) {
            ++counters_.late_replies;
            if (m.is_error())
                return remove(*o);
            if (list) {
                o->ph = phase::list;
                return open_list(*o);
            }
            if (!o->spec.final_event.empty()) {
                o->ph = phase::event;
                return;
            }
            return remove(*o);
        }
        const bool failed = m.is_error();
        o->collected.response = std::move(m);
        if (failed)
            return finish(*o, make_error_code(error::action_failed));
        if (list) {
            o->ph = phase::list;
            open_list(*o);
            return arm(*o, o->deadlines.list);
        }
        if (!o->spec.final_event.empty()) {
            o->ph = phase::event;
            return arm(*o, o->deadlines.event);
        }
        finish(*o, std::error_code{});
    }

    void route_event(message&& m) {
        const std::string_view id = m.action_id();
        if (!id.empty()) {
            op* o = find(id);
            if (o != nullptr && o->ph != phase::queued && take_event(*o, m))
                return;
        } else if (!open_lists_.empty() && !m.contains("Privilege")) {
            // A direct reply without ActionID (IAXpeers' PeerEntry items) belongs to the list
            // open on this link; broadcast events always carry Privilege. (The lookup comes
            // second: it walks the headers, and most events arrive with no list open.)
            add_item(*open_lists_.back(), std::move(m));
            return;
        }
        stream_.push(std::move(m));
    }

    // An event with the ActionID of a sent action: an item, the list's end, or the completing
    // event. Returns true when it was taken (then it is not an event for consumers).
    bool take_event(op& o, message& m) {
        if (o.ph == phase::list) {
            const bool ends = m.is_list_complete() || m.is_list_cancelled() ||
                              (!o.spec.complete_event.empty() &&
                               amicpp::detail::iequals(m.event_name(), o.spec.complete_event));
            if (!ends) {
                add_item(o, std::move(m));
                return true;
            }
            if (o.zombie) {
                ++counters_.late_replies;
                remove(o);
                return true;
            }
            std::error_code ec;
            if (m.is_list_cancelled())
                ec = error::list_incomplete;
            const std::string_view count = m.get("ListItems");
            if (!count.empty() && count != std::to_string(o.collected.items.size()))
                ec = error::list_incomplete;
            o.collected.final_event = std::move(m);
            finish(o, ec);
            return true;
        }
        if (o.ph == phase::event && amicpp::detail::iequals(m.event_name(), o.spec.final_event)) {
            // It completes the action and is an event too (it reaches every session): after
            // a timeout it is still delivered as an event, so it is not counted as discarded.
            if (o.zombie) {
                remove(o);
                return false;
            }
            o.collected.final_event = m;
            finish(o, std::error_code{});
            return false;
        }
        return false;
    }

    void add_item(op& o, message&& m) {
        if (o.zombie) {
            ++counters_.late_replies;
            return;
        }
        o.collected.items.push_back(std::move(m));
        o.activity = now_;
    }

    void route_raw(message&& m) {
        // Unframed legacy text answers the oldest sent action that said it may get one.
        op* best = nullptr;
        ops_.for_each([&best](op* o) {
            if (o->spec.raw_reply && o->ph == phase::response &&
                (best == nullptr || o->seq < best->seq))
                best = o;
        });
        if (best == nullptr)
            return stream_.push(std::move(m));
        if (best->zombie) {
            ++counters_.late_replies;
            return remove(*best);
        }
        best->collected.response = std::move(m);
        finish(*best, std::error_code{});
    }

    core_options options_;
    detail::action_ids ids_;
    detail::event_stream stream_;
    time_point now_{};

    link_state state_ = link_state::down;
    bool ever_up_ = false;
    bool writing_ = false;
    std::error_code last_error_;
    std::optional<std::error_code> close_request_;

    detail::op_table<op> ops_;                        // owns the ops (new/delete)
    std::vector<op*> spare_;                          // recycled ops, owned
    std::size_t peak_ops_ = 0;                        // the most ops ever held at once
    std::unordered_map<std::string_view, op*> by_id_; // the callers' own ActionIDs
    amicpp::detail::ring<op*> generated_;             // by number, from generated_first_
    std::uint64_t generated_first_ = 1;
    amicpp::detail::ring<op_id> queue_; // waiting to be written, in order (stale entries skipped)
    std::vector<op*> open_lists_;       // newest last
    mutable detail::deadline_queue<time_point, op_id> deadlines_; // stale entries too
    std::size_t armed_ = 0;
    amicpp::detail::ring<op_id> zombies_; // oldest first (stale entries skipped)
    amicpp::detail::ring<completion> completions_;
    op_id next_op_ = 0;
    std::size_t live_ = 0;
    std::size_t queued_ = 0;
    std::size_t queued_before_login_ = 0;
    std::size_t zombie_count_ = 0;
    core_counters counters_;
};

/// @brief The session core (see `basic_core`).
using core = basic_core<>;

} // namespace amicpp::session

#endif // AMICPP_SESSION_CORE_HPP
