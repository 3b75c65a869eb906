// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_SESSION_OUTPUTS_HPP
#define AMICPP_SESSION_OUTPUTS_HPP

/// @file
/// @brief What the session core tells its driver to do: operations to complete, events to hand
/// out, and the counters it keeps.

#include <amicpp/message.hpp>
#include <amicpp/reply.hpp>

#include <cstdint>
#include <memory>
#include <system_error>
#include <vector>

namespace amicpp::session {

/// @brief Names one action submitted to a `session::core`; never reused by that core.
using op_id = std::uint64_t;

/// @brief Names one consumer's request for events; never reused by that core.
using request_id = std::uint64_t;

/// @brief Where the link of a `session::core` stands, as its driver last said.
enum class link_state {
    down,       ///< no link: actions wait for one (or fail), messages are ignored
    logging_in, ///< a transport is up: only actions marked `before_login` are written
    up,         ///< logged in: every action is written
};

/// @brief What a driver keeps with one action (its handler, say): the core carries it from the
/// submission to the completion untouched, so that the driver needs no table of its own.
class action_context {
public:
    virtual ~action_context() = default;
};

/// @brief One operation the driver must complete, exactly once per submitted action.
struct completion {
    op_id op = 0; ///< which action
    /// The submission's context, given back (null if it had none).
    std::unique_ptr<action_context> context;
    std::error_code ec; ///< clear on success; the reason otherwise
    reply result;       ///< everything that arrived for it (also after an error)
    /// True when its bytes had been handed to a write: after an error (timeout, cancellation,
    /// lost link) the server may have acted on it, so the outcome is unknown. False: it was
    /// never sent.
    bool sent = false;
};

/// @brief What one request for events receives, exactly once per request.
struct event_delivery {
    request_id request = 0; ///< which request
    /// Clear with events; `error::events_lost` at a gap; `error::connection_closed` when the
    /// session ended and nothing is left; or the code the request was cancelled with.
    std::error_code ec;
    /// With `events_lost`: how many events the overflow policy dropped at this place; 0 when
    /// the gap is an outage of the link (the number is unknown).
    std::uint64_t lost = 0;
    bool batch = false;          ///< the request asked for a batch (`events`) or one (`event`)
    message event;               ///< the event, for a request of one
    std::vector<message> events; ///< the events, for a batch request (never across a gap)
};

/// @brief What a `session::core` counted since it was made.
struct core_counters {
    std::uint64_t unmatched_responses = 0; ///< responses whose ActionID nobody waits for
    std::uint64_t late_replies = 0;        ///< messages for actions that had already completed
    std::uint64_t messages_dropped = 0;    ///< messages the parser dropped (limits)
    std::uint64_t messages_ignored = 0;    ///< messages given while the link was down
    std::uint64_t events_dispatched = 0;   ///< events handed out for callbacks (`peek_event`)
    std::uint64_t events_buffered = 0;     ///< of those, events that entered the pull buffer
    std::uint64_t events_delivered = 0;    ///< events handed to requests
    std::uint64_t events_dropped = 0;      ///< events dropped by the overflow policy (in gaps)
};

} // namespace amicpp::session

#endif // AMICPP_SESSION_OUTPUTS_HPP
