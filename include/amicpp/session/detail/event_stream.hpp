// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_SESSION_DETAIL_EVENT_STREAM_HPP
#define AMICPP_SESSION_DETAIL_EVENT_STREAM_HPP

// The events of a session core: one queue, read twice.
//
//   entries_: [ pull buffer (dispatched, waiting for a request) | new (not yet dispatched) ]
//
// A new event is first handed out for callbacks (peek/pop), then enters the pull buffer if a
// consumer pulls (the stream is open), or goes. Gap entries stand where events were lost: the
// overflow policy dropped them (lost > 0), or the link was down (outage). Two gaps are never
// adjacent in the pull buffer (they merge). Requests take from the front of the pull buffer.

#include <amicpp/connection_options.hpp>
#include <amicpp/detail/ring.hpp>
#include <amicpp/error.hpp>
#include <amicpp/message.hpp>
#include <amicpp/session/outputs.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <system_error>
#include <utility>

namespace amicpp::session::detail {

using time_point = std::chrono::steady_clock::time_point;

// A template only so that including it compiles nothing until a core uses it.
template <class Unused = void>
class basic_event_stream {
public:
    struct settings {
        std::size_t capacity = 16384;
        overflow_policy overflow = overflow_policy::drop_oldest;
        std::chrono::milliseconds max_pause{50};
        bool open = false;
    };

    explicit basic_event_stream(settings s) : s_(s), open_(s.open) {}

    // ---- arrival and dispatch ----------------------------------------------------------------

    void push(message&& m) {
        entries_.push_back(entry{std::move(m), 0, false});
        ++fresh_;
    }

    // The link came up after an earlier one: what happened meanwhile is unknown.
    void push_outage() {
        if (!open_)
            return;
        entries_.push_back(entry{message{}, 0, true});
        ++fresh_;
    }

    // The next new event to hand to callbacks (gaps are passed over), or null.
    const message* peek() {
        while (fresh_ != 0) {
            entry& e = entries_[entries_.size() - fresh_];
            if (!e.gap)
                return &e.event;
            commit_gap();
        }
        return nullptr;
    }

    // The event peek() returned was handed out: it enters the pull buffer (or goes). True when
    // the `close` policy must close the link (the event is kept: nothing is lost).
    bool pop(time_point now) {
        if (peek() == nullptr)
            return false;
        ++dispatched_;
        const std::size_t at = entries_.size() - fresh_;
        --fresh_;
        if (!open_) {
            entries_.erase_at(at); // at == 0
            return false;
        }
        ++buffered_;
        ++entered_;
        bool close = false;
        if (buffered_ > room()) {
            if (s_.overflow == overflow_policy::close)
                close = true;
            else
                drop_oldest();
        }
        update_pause(now);
        return close;
    }

    std::size_t fresh() const noexcept { return fresh_; }

    // ---- requests ----------------------------------------------------------------------------

    request_id request(std::size_t max, bool batch, time_point now) {
        open_ = true;
        const request_id id = ++next_request_;
        if (max == 0)
            max = 1;
        requests_.push_back(pending_request{id, max, batch});
        waiting_room_ = add_sat(waiting_room_, max);
        update_pause(now);
        return id;
    }

    bool cancel(request_id id, std::error_code ec, time_point now) {
        for (std::size_t i = 0; i != requests_.size(); ++i) {
            const pending_request r = requests_[i];
            if (r.id != id)
                continue;
            event_delivery d;
            d.request = id;
            d.ec = ec;
            d.batch = r.batch;
            requests_.erase_at(i); // first: a saturated room is recounted from those left
            release_room(r.max);
            ready_.push_back(std::move(d));
            update_pause(now);
            return true;
        }
        return false;
    }

    std::optional<event_delivery> next_delivery(time_point now) {
        if (!ready_.empty()) {
            event_delivery d = std::move(ready_.front());
            ready_.pop_front();
            return d;
        }
        if (requests_.empty())
            return std::nullopt;
        const std::size_t region = entries_.size() - fresh_;
        if (region == 0 && (!ended_ || fresh_ != 0))
            return std::nullopt; // nothing yet (or the last events are still being dispatched)
        const pending_request r = requests_.front();
        requests_.pop_front();
        release_room(r.max);
        event_delivery d;
        d.request = r.id;
        d.batch = r.batch;
        if (region == 0) {
            d.ec = make_error_code(error::connection_closed);
        } else if (entries_.front().gap) {
            d.ec = make_error_code(error::events_lost);
            d.lost = entries_.front().lost;
            entries_.pop_front();
        } else if (!r.batch) {
            d.event = std::move(entries_.front().event);
            entries_.pop_front();
            --buffered_;
            ++delivered_;
        } else {
            d.events.reserve(std::min(r.max, region));
            while (d.events.size() < r.max && entries_.size() > fresh_ && !entries_.front().gap) {
                d.events.push_back(std::move(entries_.front().event));
                entries_.pop_front();
                --buffered_;
                ++delivered_;
            }
        }
        update_pause(now);
        return d;
    }

    // No link will come: requests get what is buffered, then connection_closed.
    void end() { ended_ = true; }
    void reopen() { ended_ = false; }

    // ---- back-pressure -----------------------------------------------------------------------

    bool paused() const noexcept { return paused_; }

    std::optional<time_point> deadline() const {
        if (paused_ && bounded())
            return pause_until_;
        return std::nullopt;
    }

    void advance(time_point now) {
        if (paused_ && bounded() && now >= pause_until_) {
            paused_ = false;
            spent_ = true;
        }
    }

    // ---- figures -----------------------------------------------------------------------------

    std::size_t buffered() const noexcept { return buffered_; }
    std::size_t waiting_requests() const noexcept { return requests_.size(); }
    bool open() const noexcept { return open_; }
    std::uint64_t dispatched() const noexcept { return dispatched_; }
    std::uint64_t entered() const noexcept { return entered_; }
    std::uint64_t delivered() const noexcept { return delivered_; }
    std::uint64_t dropped() const noexcept { return dropped_; }

private:
    struct entry {
        message event;
        std::uint64_t lost = 0; // gap: events dropped here by the overflow policy
        bool gap = false;
    };

    struct pending_request {
        request_id id = 0;
        std::size_t max = 1;
        bool batch = false;
    };

    static std::size_t add_sat(std::size_t a, std::size_t b) noexcept {
        return a > std::numeric_limits<std::size_t>::max() - b
                   ? std::numeric_limits<std::size_t>::max()
                   : a + b;
    }

    void release_room(std::size_t max) noexcept {
        // Recomputed when saturated; exact otherwise.
        if (waiting_room_ == std::numeric_limits<std::size_t>::max()) {
            waiting_room_ = 0;
            for (std::size_t i = 0; i != requests_.size(); ++i)
                waiting_room_ = add_sat(waiting_room_, requests_[i].max);
            return;
        }
        waiting_room_ -= std::min(waiting_room_, max);
    }

    // Events the waiting requests will take count against no limit.
    std::size_t room() const noexcept { return add_sat(s_.capacity, waiting_room_); }

    void commit_gap() {
        const std::size_t at = entries_.size() - fresh_;
        --fresh_;
        if (!open_) {
            entries_.erase_at(at);
            return;
        }
        if (at > 0 && entries_[at - 1].gap) {
            entries_[at - 1].lost += entries_[at].lost;
            entries_.erase_at(at);
        }
    }

    // The oldest buffered event goes; a gap takes its place, right at the consumer's position.
    void drop_oldest() {
        entry& front = entries_.front();
        if (!front.gap) {
            front.event = message{};
            front.gap = true;
            front.lost = 1;
        } else {
            entries_.erase_at(1); // an event: gaps are never adjacent
            entries_.front().lost += 1;
        }
        --buffered_;
        ++dropped_;
        if (entries_.size() - fresh_ > 1 && entries_[1].gap) {
            entries_.front().lost += entries_[1].lost;
            entries_.erase_at(1);
        }
    }

    bool bounded() const noexcept { return s_.max_pause < std::chrono::hours(24 * 365 * 10); }
    std::size_t high() const noexcept {
        return std::max<std::size_t>(1, s_.capacity - s_.capacity / 4);
    }
    std::size_t low() const noexcept { return s_.capacity / 4; }

    void update_pause(time_point now) {
        if (!open_ || s_.max_pause.count() <= 0) {
            paused_ = false;
            return;
        }
        const std::size_t excess = buffered_ > waiting_room_ ? buffered_ - waiting_room_ : 0;
        if (paused_) {
            if (excess <= low()) {
                paused_ = false;
                spent_ = false;
            }
        } else if (spent_) {
            if (excess <= low())
                spent_ = false;
        } else if (excess >= high()) {
            paused_ = true;
            if (bounded())
                pause_until_ = now + std::chrono::duration_cast<time_point::duration>(s_.max_pause);
        }
    }

    settings s_;
    amicpp::detail::ring<entry> entries_;
    std::size_t fresh_ = 0;    // entries at the back not yet dispatched
    std::size_t buffered_ = 0; // events (not gaps) in the pull buffer
    bool open_ = false;
    bool ended_ = false;
    bool paused_ = false;
    bool spent_ = false; // a bounded pause ran out: none again before the consumer catches up
    time_point pause_until_{};

    amicpp::detail::ring<pending_request> requests_;
    amicpp::detail::ring<event_delivery> ready_;
    std::size_t waiting_room_ = 0;
    request_id next_request_ = 0;

    std::uint64_t dispatched_ = 0;
    std::uint64_t entered_ = 0;
    std::uint64_t delivered_ = 0;
    std::uint64_t dropped_ = 0;
};

using event_stream = basic_event_stream<>;

} // namespace amicpp::session::detail

#endif // AMICPP_SESSION_DETAIL_EVENT_STREAM_HPP
