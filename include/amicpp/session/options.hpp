// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_SESSION_OPTIONS_HPP
#define AMICPP_SESSION_OPTIONS_HPP

/// @file
/// @brief Settings of the session core, deadlines that fit each kind of action, and what one
/// submitted action carries.

#include <amicpp/action.hpp>
#include <amicpp/connection_options.hpp>
#include <amicpp/message.hpp>
#include <amicpp/serializer.hpp>
#include <amicpp/session/outputs.hpp>

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace amicpp::session {

/// @brief Settings of a `session::core`, fixed at construction.
struct core_options {
    /// First part of every generated ActionID; random (detail::entropy) when empty.
    std::string action_id_prefix;
    /// Events the pull buffer holds at most; 0: only what a waiting request takes at once.
    std::size_t event_buffer = 16384;
    /// What a full pull buffer does.
    overflow_policy overflow = overflow_policy::drop_oldest;
    /// When the pull buffer is three quarters full, reading pauses until the consumer has
    /// drained it to a quarter, for at most this long; then reading goes on, the overflow policy
    /// applies, and no new pause starts before the consumer has caught up. 0: never pause;
    /// `std::chrono::milliseconds::max()`: pause as long as it takes (lossless back-pressure).
    std::chrono::milliseconds max_read_pause{50};
    /// Buffer events from the start. False (the default): nothing is buffered until a consumer
    /// first requests events, so that callback-only users pay nothing and never pause.
    bool buffer_before_first_request = false;
    /// Checks applied to every action before it is accepted (Asterisk's own input limits).
    serialize_options serialize{};
    /// How long the replies of an abandoned action (timed out, cancelled after it was sent,
    /// failed by a parser limit) are still recognised and discarded as late; 0: not at all.
    std::chrono::milliseconds late_window{60000};
    /// At most this many abandoned actions are remembered (the oldest are forgotten first).
    std::size_t max_abandoned = 4096;
};

/// @brief The core's settings from a connection's: buffer, overflow policy, read pause,
/// serializer checks and ActionID prefix.
inline core_options make_core_options(const connection_options& c) {
    core_options o;
    o.action_id_prefix = c.action_id_prefix;
    o.event_buffer = c.event_buffer;
    o.overflow = c.overflow;
    o.max_read_pause = c.max_read_pause;
    o.serialize = c.serialize;
    o.buffer_before_first_request = c.buffer_events_before_first_receive;
    return o;
}

/// @brief Deadlines of one action, one per phase; each counts from the start of its phase and
/// 0 means none.
struct action_deadlines {
    /// From submission to the response, waiting for a link included.
    std::chrono::milliseconds response{30000};
    /// For an event list: the longest silence after the response or an item before the next
    /// item or the end (a long list that keeps coming is never cut).
    std::chrono::milliseconds list{30000};
    /// After a successful response, the wait for the completing event (`OriginateResponse`).
    std::chrono::milliseconds event{60000};
};

/// @brief Deadlines that fit the action: `timeout` for the response and for the silence within
/// a list; for an action completed by an event (async Originate), the ring time it asks for
/// (`Timeout:` in milliseconds, Asterisk's default 30 s when absent) plus `grace`, so that an
/// unanswered call ends with its `OriginateResponse`, not with a timeout. `timeout` 0: none.
inline action_deadlines deadlines_for(const message& m, const completion_spec& spec,
                                      std::chrono::milliseconds timeout,
                                      std::chrono::milliseconds grace = std::chrono::seconds(30)) {
    action_deadlines d;
    d.response = timeout;
    d.list = timeout;
    d.event = std::chrono::milliseconds{0};
    if (timeout.count() <= 0 || spec.final_event.empty())
        return d;
    std::chrono::milliseconds ring{30000};
    const std::string_view t = m.get("Timeout");
    if (!t.empty() && t.size() <= 9) {
        long long v = 0;
        bool digits = true;
        for (const char c : t) {
            if (c < '0' || c > '9') {
                digits = false;
                break;
            }
            v = v * 10 + (c - '0');
        }
        if (digits)
            ring = std::chrono::milliseconds{v};
    }
    d.event = ring + grace;
    if (d.event < timeout)
        d.event = timeout;
    return d;
}

/// @brief One action given to `session::core::submit`.
struct submission {
    /// The action. An ActionID it carries is kept (and refused while the same one is in
    /// flight); otherwise one is generated.
    message action;
    /// When it is complete: its response, a list's end, or an event.
    completion_spec spec{};
    /// Its deadlines (see `deadlines_for`).
    action_deadlines deadlines{};
    /// May be written while logging in (Challenge, Login); such an action belongs to one link.
    bool before_login = false;
    /// While there is no usable link: wait for one within the response deadline (true), or
    /// fail at once with `error::not_connected` (false).
    bool wait_for_link = false;
    /// The driver's own context for it, handed back with its completion.
    std::unique_ptr<action_context> context;
};

} // namespace amicpp::session

#endif // AMICPP_SESSION_OPTIONS_HPP
