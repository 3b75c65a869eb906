// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// A driver for amicpp::session::core that records every output and checks the core's promises,
// shared by the property test (random steps from a seed) and the fuzz target (steps decoded
// from the fuzz input). It never throws or asserts by itself: `check()` returns what is wrong.
//
// The promises:
//  - every submitted action completes exactly once; by the end, all have;
//  - an action completed as not sent was never written; one completed as sent was written
//    exactly once; no generated ActionID is ever written twice;
//  - every request for events is answered exactly once; by the end, all have;
//  - every message given to the core is accounted for exactly once: handed out as an event,
//    taken into a completion, or counted (unmatched, late, ignored while down);
//  - every event that entered the pull buffer is delivered or counted in a gap, never both,
//    never neither, in order, each gap standing exactly where its events were lost.
#ifndef AMICPP_TESTS_SESSION_MODEL_HPP
#define AMICPP_TESTS_SESSION_MODEL_HPP

#include <amicpp/parser.hpp>
#include <amicpp/session/core.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace amicpp_test {

class core_model {
public:
    using time_point = amicpp::session::core::time_point;

    explicit core_model(amicpp::session::core_options o)
        : open_(o.buffer_before_first_request),
          close_policy_(o.overflow == amicpp::overflow_policy::close), core_(std::move(o)) {}

    amicpp::session::core& core() noexcept { return core_; }
    time_point now() const noexcept { return now_; }
    const std::vector<std::string>& known_ids() const noexcept { return ids_; }
    const std::string& error() const noexcept { return error_; }

    // ---- inputs ------------------------------------------------------------------------------

    void submit(amicpp::session::submission s) {
        const amicpp::session::op_id op = core_.submit(std::move(s), now_);
        submitted_.insert(op);
        const std::string id(core_.action_id(op));
        if (!id.empty()) {
            id_of_[op] = id;
            ids_.push_back(id);
        }
    }

    void cancel_some(std::uint64_t pick, bool deliveries) {
        if (deliveries) {
            if (!requests_.empty()) {
                auto it = requests_.begin();
                std::advance(it, static_cast<long>(pick % requests_.size()));
                core_.cancel_request(*it, std::make_error_code(std::errc::operation_canceled),
                                     now_);
            }
            return;
        }
        if (submitted_.empty())
            return;
        auto it = submitted_.begin();
        std::advance(it, static_cast<long>(pick % submitted_.size()));
        core_.cancel(*it, std::make_error_code(std::errc::operation_canceled), now_);
    }

    // A message from the server: a unique serial is added so that it can be traced.
    void server_sends(amicpp::message m) {
        m.add("Seq", std::to_string(++serial_));
        ++fed_;
        core_.on_message(std::move(m), now_);
    }

    // A message the parser produced itself (the fuzz target): traced by count only.
    void parsed(amicpp::message m) {
        traced_ = false;
        ++fed_untraced_;
        core_.on_message(std::move(m), now_);
    }

    void dropped(const amicpp::dropped_message& d) { core_.on_parse_error(d, now_); }

    void advance(std::chrono::milliseconds d) {
        now_ += d;
        core_.advance(now_);
        check_deadline();
    }

    // The driver's one timer fired: time jumps to the next deadline, if any.
    void advance_to_deadline() {
        if (const auto when = core_.next_deadline()) {
            if (*when > now_)
                now_ = *when;
            core_.advance(now_);
            check_deadline();
        }
    }

    void request(std::size_t max, bool batch) {
        open_ = true;
        requests_.insert(core_.request_events(max, batch));
    }

    // Writes: prepared and completed at random moments by the caller.
    void start_write() {
        if (core_.wants_write()) {
            std::string out;
            core_.prepare_write(out);
            wire_ += out;
        }
    }
    void finish_write() { core_.write_done(); }

    // Takes every output the core has (the driver's loop).
    void drain() {
        while (const amicpp::message* e = core_.peek_event()) {
            note_dispatched(*e);
            core_.pop_event();
        }
        while (auto c = core_.next_completion())
            note_completion(std::move(*c));
        while (auto d = core_.next_delivery())
            note_delivery(std::move(*d));
        while (core_.take_close_request())
            ++close_requests_;
        if (core_.pending() != submitted_.size() - completed_.size())
            fail("pending() disagrees with the completions taken");
        if (core_.should_pause_reading() && core_.buffered_events() == 0)
            fail("reading paused with nothing buffered");
    }

    // Ends the run: no link will come; everything is taken and checked.
    bool finish() {
        core_.close(amicpp::make_error_code(amicpp::error::connection_closed), now_);
        drain();
        // Requests until the end shows: the buffer is empty.
        for (int guard = 0; guard < 1000000; ++guard) {
            const auto r = core_.request_events(1000, true);
            requests_.insert(r);
            drain();
            if (last_end_ == r)
                break;
        }
        return check();
    }

    bool check() {
        if (!error_.empty())
            return false;
        if (completed_.size() != submitted_.size() || core_.pending() != 0)
            return fail("not every action completed");
        if (!requests_.empty())
            return fail("a request was never answered");
        // Writes: parse what was written.
        amicpp::parser p(amicpp::parser_options{{}, false});
        p.feed(wire_);
        std::map<std::string, int> written;
        amicpp::message m;
        std::error_code ec;
        while (p.next(m, ec)) {
            if (ec)
                return fail("the core wrote bytes its own parser refuses");
            ++written[std::string(m.action_id())];
        }
        const std::string prefix = core_.action_id_prefix();
        for (const auto& [id, n] : written) {
            if (id.rfind(prefix, 0) == 0 && n != 1)
                return fail("a generated ActionID was written twice: " + id);
        }
        for (const auto& [op, sent] : sent_) {
            auto it = id_of_.find(op);
            if (it == id_of_.end()) {
                if (sent)
                    return fail("an action refused at once says it was sent");
                continue;
            }
            const bool on_wire = written.count(it->second) != 0;
            if (sent && !on_wire)
                return fail("an action said sent was never written: " + it->second);
            if (!sent && on_wire && it->second.rfind(prefix, 0) == 0)
                return fail("an action said not sent was written: " + it->second);
        }
        // Messages: each accounted for exactly once.
        const auto c = core_.counters();
        const std::uint64_t counted = c.unmatched_responses + c.late_replies + c.messages_ignored;
        std::set<std::uint64_t> seen = dispatched_set_;
        for (std::uint64_t s : in_replies_)
            seen.insert(s);
        const std::uint64_t untraced = fed_untraced_;
        if (untraced == 0 && seen.size() + counted != fed_)
            return fail("messages unaccounted for: fed " + std::to_string(fed_) + ", seen " +
                        std::to_string(seen.size()) + ", counted " + std::to_string(counted));
        if (untraced != 0 && dispatched_ + replies_ + counted < fed_ + fed_untraced_)
            return fail("parsed messages unaccounted for");
        // Events: entered = delivered + lost, in place.
        if (c.events_buffered != entered_.size())
            return fail("the core counts " + std::to_string(c.events_buffered) +
                        " events buffered, the driver saw " + std::to_string(entered_.size()));
        if (c.events_delivered + c.events_dropped != c.events_buffered)
            return fail("buffered events neither delivered nor in a gap");
        if (lost_total_ != c.events_dropped || delivered_count_ != c.events_delivered)
            return fail("gaps or deliveries disagree with the counters");
        if (close_policy_ && c.events_dropped != 0)
            return fail("the close policy dropped events");
        return true;
    }

private:
    // After advance(now), nothing is due any more: the next deadline lies ahead.
    void check_deadline() {
        if (const auto when = core_.next_deadline(); when && *when <= now_)
            fail("a deadline is due right after advance()");
    }

    bool fail(std::string why) {
        if (error_.empty())
            error_ = std::move(why);
        return false;
    }

    std::uint64_t serial_of(const amicpp::message& m) const {
        if (!traced_)
            return 0;
        const std::string_view v = m.get("Seq");
        std::uint64_t n = 0;
        for (char ch : v) {
            if (ch < '0' || ch > '9')
                return 0;
            n = n * 10 + static_cast<std::uint64_t>(ch - '0');
        }
        return n;
    }

    void note_dispatched(const amicpp::message& e) {
        ++dispatched_;
        const std::uint64_t s = serial_of(e);
        if (s != 0 && !dispatched_set_.insert(s).second)
            fail("an event was handed out twice");
        if (s != 0 && s <= last_dispatched_)
            fail("events handed out out of arrival order");
        if (s != 0)
            last_dispatched_ = s;
        // It enters the pull buffer when a consumer pulls: the driver knows that too.
        if (open_)
            entered_.push_back(e);
    }

    void note_completion(amicpp::session::completion c) {
        if (!submitted_.count(c.op))
            return (void)fail("a completion for an action never submitted");
        if (!completed_.insert(c.op).second)
            return (void)fail("an action completed twice");
        sent_[c.op] = c.sent;
        auto take = [&](const amicpp::message& m, bool may_be_event) {
            if (m.empty())
                return;
            ++replies_;
            const std::uint64_t s = serial_of(m);
            if (s == 0)
                return;
            if (!in_replies_.insert(s).second)
                fail("a message was taken by two actions");
            if (!may_be_event && dispatched_set_.count(s))
                fail("a reply was also handed out as an event");
        };
        take(c.result.response, false);
        for (const auto& i : c.result.items)
            take(i, false);
        take(c.result.final_event, true);
    }

    void note_delivery(amicpp::session::event_delivery d) {
        if (requests_.erase(d.request) != 1)
            return (void)fail("a request answered twice, or never made");
        if (d.ec == amicpp::error::events_lost) {
            if (d.lost > entered_.size() - next_entered_)
                return (void)fail("a gap counts more events than are left");
            next_entered_ += d.lost;
            lost_total_ += d.lost;
            return;
        }
        if (d.ec == amicpp::error::connection_closed) {
            last_end_ = d.request;
            if (next_entered_ != entered_.size())
                fail("the end came before every buffered event");
            return;
        }
        if (d.ec)
            return;
        auto one = [&](const amicpp::message& m) {
            ++delivered_count_;
            if (next_entered_ >= entered_.size())
                return (void)fail("an event delivered that never entered the buffer");
            if (!(m == entered_[next_entered_++]))
                fail("events delivered out of order, or a gap not in its place");
        };
        if (d.batch) {
            for (const auto& m : d.events)
                one(m);
        } else {
            one(d.event);
        }
    }

    bool open_;
    bool close_policy_;
    amicpp::session::core core_;
    time_point now_ = time_point{} + std::chrono::hours(1);
    std::string error_;

    std::set<amicpp::session::op_id> submitted_, completed_;
    std::map<amicpp::session::op_id, std::string> id_of_;
    std::map<amicpp::session::op_id, bool> sent_;
    std::vector<std::string> ids_;
    std::string wire_;

    std::set<amicpp::session::request_id> requests_;
    amicpp::session::request_id last_end_ = 0;

    bool traced_ = true;
    std::uint64_t serial_ = 0, fed_ = 0, fed_untraced_ = 0;
    std::uint64_t dispatched_ = 0, replies_ = 0, close_requests_ = 0, last_dispatched_ = 0;
    std::set<std::uint64_t> dispatched_set_, in_replies_;
    std::vector<amicpp::message> entered_;
    std::size_t next_entered_ = 0;
    std::uint64_t lost_total_ = 0, delivered_count_ = 0;
};

} // namespace amicpp_test

#endif // AMICPP_TESTS_SESSION_MODEL_HPP
