// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_ERROR_HPP
#define AMICPP_ERROR_HPP

/// @file
/// @brief The `amicpp` error codes and their `std::error_category`.

#include <string>
#include <system_error>
#include <type_traits>

namespace amicpp {

/// @brief Every failure amicpp reports itself. Errors from the network keep their own category
/// (`asio::error::*`, `std::errc`); these are the AMI-level ones.
enum class error {
    // --- parser: one received message was dropped, the stream goes on ---
    line_too_long = 1, ///< a received line exceeded `parser_limits::max_line_length`
    too_many_headers,  ///< a received message exceeded `parser_limits::max_headers`
    message_too_large, ///< a received message exceeded `parser_limits::max_message_size`
    invalid_banner,    ///< the first line was not `Asterisk Call Manager/<version>`

    // --- serializer: the action was refused, nothing was sent ---
    missing_action,           ///< the message to send has no `Action` header
    empty_header_key,         ///< a header key is empty
    invalid_header_key,       ///< a header key holds a byte outside the token set (`:`, space, ...)
    header_injection,         ///< a header key or value holds CR, LF or NUL
    line_too_long_for_server, ///< a line is longer than Asterisk accepts (1024 bytes)
    too_many_headers_for_server, ///< more headers than Asterisk accepts (128)

    // --- connection and actions ---
    action_failed,           ///< the server answered `Response: Error`; the response is kept
    authentication_failed,   ///< Login was refused (`Message: Authentication failed`)
    timeout,                 ///< no answer before the deadline
    not_connected,           ///< the operation needs a connected, logged-in session
    connection_closed,       ///< the connection was lost before the operation completed
    duplicate_action_id,     ///< an action with the same ActionID is already in flight
    list_incomplete,         ///< an event list ended early or its `ListItems` count disagreed
    unexpected_response,     ///< the response did not have the shape the action expects
    invalid_field,           ///< a typed accessor found a value it could not convert
    events_overflowed,       ///< the event buffer overflowed under the `close` policy
    not_ami_server,          ///< the peer did not greet with an AMI banner
    stopped,                 ///< the session was stopped by the application
    events_lost,             ///< events were dropped before this point (slow consumer, reconnect)
    already_connected,       ///< connect was called on a connection that is not closed
    originate_failed,        ///< the OriginateResponse said Failure (the event is kept)
    tls_no_server_name,      ///< TLS name verification is on but there is no name to verify
    no_greeting,             ///< the peer accepted the connection but sent no AMI greeting in time
    completion_event_masked, ///< the action completes on an event this session does not receive
    outcome_unknown,  ///< accepted, but its completing event did not come in time: it may have run
    action_not_built, ///< the action's `to_message` threw: nothing was sent
};

namespace detail {

class error_category_impl final : public std::error_category {
public:
    const char* name() const noexcept override { return "amicpp"; }

    std::string message(int ev) const override {
        switch (static_cast<error>(ev)) {
        case error::line_too_long:
            return "received line longer than the parser's limit; the message was dropped";
        case error::too_many_headers:
            return "received message has more headers than the parser's limit; it was dropped";
        case error::message_too_large:
            return "received message is larger than the parser's limit; it was dropped";
        case error::invalid_banner:
            return "the server's first line is not an 'Asterisk Call Manager/<version>' banner";
        case error::missing_action:
            return "the message to send has no 'Action' header";
        case error::empty_header_key:
            return "a header key is empty";
        case error::invalid_header_key:
            return "a header key contains a character that is not allowed (':', space, control "
                   "or non-ASCII byte)";
        case error::header_injection:
            return "a header key or value contains CR, LF or NUL (header injection refused)";
        case error::line_too_long_for_server:
            return "a header line is longer than Asterisk accepts (1024 bytes with CRLF)";
        case error::too_many_headers_for_server:
            return "the action has more headers than Asterisk accepts (128)";
        case error::action_failed:
            return "the server answered 'Response: Error'";
        case error::authentication_failed:
            return "authentication failed";
        case error::timeout:
            return "the operation timed out (an action that was sent may still have been carried "
                   "out: its outcome is unknown)";
        case error::not_connected:
            return "not connected";
        case error::connection_closed:
            return "the connection was closed before the operation completed";
        case error::duplicate_action_id:
            return "an action with this ActionID is already in flight";
        case error::list_incomplete:
            return "the event list ended early or its item count disagrees with ListItems";
        case error::unexpected_response:
            return "the response does not have the shape this action expects";
        case error::invalid_field:
            return "a header value could not be converted to the requested type";
        case error::events_overflowed:
            return "the event buffer overflowed and the overflow policy closes the connection";
        case error::not_ami_server:
            return "the peer is not an Asterisk Manager Interface server";
        case error::stopped:
            return "the session was stopped";
        case error::events_lost:
            return "events were lost before this point (slow consumer or reconnect); "
                   "resynchronise with Status or CoreShowChannels";
        case error::already_connected:
            return "the connection is already connected or connecting";
        case error::originate_failed:
            return "the originated call failed (OriginateResponse: Failure)";
        case error::tls_no_server_name:
            return "TLS host name verification needs a name: connect by host name or address, "
                   "or set tls_options::server_name";
        case error::no_greeting:
            return "the peer accepted the connection but sent no AMI greeting ('Asterisk Call "
                   "Manager/...') before the connect deadline: not an AMI port, a TLS port reached "
                   "without TLS, or a server that greets only after Login (not supported: amicpp "
                   "sends no credentials before the greeting)";
        case error::completion_event_masked:
            return "refused, nothing was sent: the action completes on an event this session does "
                   "not receive (its event mask, from Login's Events or an Events action, leaves "
                   "out the event's class), so it could only time out after taking effect; log in "
                   "with Events 'on' or including the class (e.g. 'call' for OriginateResponse), "
                   "or use the synchronous form";
        case error::outcome_unknown:
            return "the server accepted the action but the event that completes it did not come "
                   "before the deadline: the outcome is unknown and it may have taken effect (an "
                   "Originate may have placed the call); check before retrying";
        case error::action_not_built:
            return "the action's message could not be built (its to_message threw): nothing was "
                   "sent";
        }
        return "unknown amicpp error";
    }
};

} // namespace detail

/// @brief The category of `amicpp::error`, named "amicpp".
inline const std::error_category& error_category() noexcept {
    static const detail::error_category_impl category;
    return category;
}

/// @brief Makes a `std::error_code` from an `amicpp::error` (found by ADL).
inline std::error_code make_error_code(error e) noexcept {
    return {static_cast<int>(e), error_category()};
}

} // namespace amicpp

template <>
struct std::is_error_code_enum<amicpp::error> : std::true_type {};

#endif // AMICPP_ERROR_HPP
