// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_CONNECTION_OPTIONS_HPP
#define AMICPP_CONNECTION_OPTIONS_HPP

/// @file
/// @brief Options of a connection, of logging in, and of one action.

#include <amicpp/message.hpp>
#include <amicpp/parser.hpp>
#include <amicpp/serializer.hpp>
#include <amicpp/server_version.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <string>

namespace amicpp {

/// @brief How to authenticate.
enum class auth_method {
    plain, ///< `Secret:` in the Login action (use TLS on untrusted networks)
    md5,   ///< `Challenge` then `Key: md5(challenge + secret)`: the secret never crosses the wire
};

/// @brief Who logs in, how, and which events the session wants.
struct login_options {
    std::string username;                  ///< the `[user]` of manager.conf
    std::string secret;                    ///< its secret
    auth_method method = auth_method::md5; ///< MD5 by default: no secret on the wire
    /// The `Events:` value: `on`, `off`, or classes such as `call,system` (Asterisk ANDs them with
    /// the user's read permission).
    std::string events = "on";
};

/// @brief What happens when the event buffer of the pull API is full.
enum class overflow_policy {
    drop_oldest, ///< drop the oldest buffered event, count it, report a gap to the consumer
    close,       ///< close the connection with `error::events_overflowed`
};

/// @brief Which way a traced message went.
enum class trace_direction {
    received, ///< from the server: the greeting, responses, events, raw output
    sent,     ///< to the server: every action, the library's own included (Login, Ping, ...)
};

/// @brief A wire trace hook: called on the connection's strand with every message, Secret and
/// Key values replaced by `********`. The message is valid during the call only.
using trace_hook = std::function<void(trace_direction, const message&)>;

/// @brief Settings of a connection, fixed at construction.
struct connection_options {
    /// Deadline of an action unless the call sets its own; zero means none. Default 30 s.
    std::chrono::milliseconds action_timeout{30000};
    /// Deadline of the whole connect step: resolve, connect, banner, login. Default 15 s.
    std::chrono::milliseconds connect_timeout{15000};
    /// Events the pull API (`async_receive_event`) buffers at most; 0 disables the buffer
    /// (callbacks still see every event). Default 16384.
    std::size_t event_buffer = 16384;
    /// What a full event buffer does.
    overflow_policy overflow = overflow_policy::drop_oldest;
    /// When the event buffer is three quarters full, reading pauses until the consumer has
    /// drained it to a quarter, for at most this long; then reading resumes whatever the
    /// consumer does (Asterisk drops a client it cannot write to for ~100 ms). 0: never pause.
    std::chrono::milliseconds max_read_pause{50};
    /// Buffer events for `async_receive_event(s)` from the connect on (true, the default: the
    /// first receive gets the FullyBooted that follows the login). False: the buffer opens at
    /// the first `async_receive_event(s)` call, and events before it are seen by callbacks only.
    /// Either way reading never pauses for the buffer before that first call, so a program
    /// that only uses callbacks (`subscribe`) never waits for a consumer that does not exist.
    bool buffer_events_before_first_receive = true;
    /// Limits on what one received message may cost.
    parser_limits limits{};
    /// Checks applied to every action before it is sent (Asterisk's own input limits).
    serialize_options serialize{};
    /// The first part of every generated ActionID; random per connection when empty, so that
    /// ActionIDs never collide with another client's on the same Asterisk.
    std::string action_id_prefix;
    /// A wire trace: sees every message sent and received, the greeting included, in order, with
    /// `Secret` and `Key` values hidden (messages dropped by parser limits are not shown). Runs on
    /// the connection's strand: keep it short. Unset (the default), it costs one test per message.
    trace_hook trace;
    /// An exception thrown by user code the connection calls (a subscription callback, a link
    /// notice, `run_options::on_state`) is caught: that one call is lost, the connection goes on,
    /// `connection_counters::callback_exceptions` counts it, and this hook (when set) receives it
    /// on the connection's strand. It never escapes into the read path.
    std::function<void(std::exception_ptr)> on_callback_error;
};

/// @brief What a connection counted about what it could not deliver.
struct connection_counters {
    std::uint64_t unmatched_responses = 0; ///< responses whose ActionID nobody waits for
    std::uint64_t late_replies = 0;        ///< replies for actions that had already completed
    std::uint64_t messages_dropped = 0;    ///< received messages dropped by parser limits
    std::uint64_t events_dropped = 0;      ///< events the full pull buffer dropped (in gaps)
    std::uint64_t callback_exceptions = 0; ///< exceptions thrown by callbacks, caught
    std::uint64_t read_pauses = 0; ///< times reading paused for a pulling consumer that was behind
};

namespace detail {
using connection_counters = amicpp::connection_counters; // the name it had before
} // namespace detail

/// @brief Per-call settings of `async_send`.
struct send_options {
    /// This action's deadline; unset means the connection's default, zero means none.
    std::optional<std::chrono::milliseconds> timeout;
    /// While a supervised session (`async_run`) is re-establishing the link: wait for it,
    /// within the deadline (true, the default), or fail at once with `error::not_connected`.
    bool wait_for_connection = true;
};

/// @brief How a supervised session comes back after losing the link: exponential backoff with
/// jitter between attempts.
struct reconnect_options {
    bool enabled = true;                          ///< false: the session ends at the first loss
    std::chrono::milliseconds initial_delay{250}; ///< before the first new attempt
    std::chrono::milliseconds max_delay{30000};   ///< the delay doubles up to this
    double jitter = 0.2;                          ///< +/- this fraction of each delay, at random
    unsigned max_attempts = 0; ///< consecutive failures before giving up; 0: never
};

/// @brief Liveness checks: Asterisk sends no keepalive, and a half-open TCP link looks healthy.
struct keepalive_options {
    /// Send a Ping after this long without receiving anything; 0 disables keepalive.
    std::chrono::milliseconds ping_interval{20000};
    /// No answer within this long means the link is dead: it is closed (and re-established).
    std::chrono::milliseconds ping_timeout{10000};
};

/// @brief What a supervised session reports to the application.
enum class session_state {
    connecting, ///< connecting and logging in (`attempt` says which try)
    up,         ///< logged in (`version` is the server's)
    down,       ///< the link was lost (`reason` says why)
    retrying,   ///< waiting `delay` before attempt number `attempt`
    given_up,   ///< `max_attempts` consecutive failures: the session ends
    stopped,    ///< `stop()` was called: the session ends
};

/// @brief One state notice of a supervised session.
struct session_event {
    session_state state = session_state::connecting; ///< what happened
    std::error_code reason;                          ///< why the link went down or a try failed
    unsigned attempt = 0;                            ///< consecutive failed attempts so far
    std::chrono::milliseconds delay{0};              ///< wait before the next attempt
    std::optional<server_version> version;           ///< the server's, when up
};

/// @brief A supervised session: where, who, and how to stay connected.
struct run_options {
    std::string host;              ///< host name or address
    std::string port = "5038";     ///< service or port number
    login_options login;           ///< credentials and event mask, applied at every login
    reconnect_options reconnect{}; ///< backoff between attempts
    keepalive_options keepalive{}; ///< ping on silence
    /// State notices, called on the connection's strand (keep it short).
    std::function<void(const session_event&)> on_state;
};

} // namespace amicpp

#endif // AMICPP_CONNECTION_OPTIONS_HPP
