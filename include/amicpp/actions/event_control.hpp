// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_ACTIONS_EVENT_CONTROL_HPP
#define AMICPP_ACTIONS_EVENT_CONTROL_HPP

/// @file
/// @brief The session's event flow: `Events` (which classes), `Filter` (which events), and
/// `UserEvent` (send one of your own).

#include <amicpp/actions/detail/fields.hpp>
#include <amicpp/actions/result.hpp>
#include <amicpp/detail/ascii.hpp>
#include <amicpp/message.hpp>
#include <amicpp/reply.hpp>

#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace amicpp::actions {

/// @brief The answer to Events.
struct events_result {
    message response{};   ///< `Events: On` or `Events: Off`
    bool enabled = false; ///< events now flow to this session
};

/// @brief `Action: Events`: choose the event classes this session receives. Named after the
/// action; inside `namespace amicpp::actions` write `amicpp::events::` for the event views.
struct events {
    static constexpr std::string_view ami_name = "Events"; ///< the `Action:` name
    using result_type = events_result;                     ///< on or off

    std::string event_mask = "on"; ///< `EventMask` (required): `on`, `off`, a number, or
                                   ///< classes `system,call,agent,...`

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        m.add("EventMask", event_mask);
        return m;
    }

    /// @brief Builds the result from the reply.
    static result_type make_result(reply&& r, std::error_code&) {
        events_result out;
        out.enabled = amicpp::detail::iequals(r.response.get("Events"), "On");
        out.response = std::move(r.response);
        return out;
    }
};

/// @brief `Action: Filter` (Asterisk 10+, needs write=system): add an event filter to this
/// session: a regex over the event's text, `!` in front to exclude.
struct filter {
    static constexpr std::string_view ami_name = "Filter"; ///< the `Action:` name
    using result_type = ack_result;                        ///< `Success`

    std::string filter_expression{}; ///< `Filter`: `Event: Newchannel`, `!Channel: Local/.*`...
    std::string operation = "Add";   ///< `Operation`: `Add` is the only one
    std::string match_criteria{};    ///< `MatchCriteria` (Asterisk 21+): `action(exclude)`,
                                     ///< `name(Newchannel)`, `header(Channel)`, `regex`...

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        m.add("Operation", operation);
        detail::add_if(m, "MatchCriteria", match_criteria);
        m.add("Filter", filter_expression);
        return m;
    }

    /// @brief Builds the result from the reply.
    static result_type make_result(reply&& r, std::error_code& ec) {
        return ack_result::from_reply(std::move(r), ec);
    }
};

/// @brief `Action: UserEvent`: raise `Event: UserEvent` with `UserEvent: <name>` and the given
/// headers, delivered to every session reading `user` events (this one included).
struct user_event {
    static constexpr std::string_view ami_name = "UserEvent"; ///< the `Action:` name
    using result_type = ack_result;                           ///< `Event Sent`

    std::string name{}; ///< `UserEvent` (required): the event's name
    std::vector<std::pair<std::string, std::string>> headers{}; ///< sent in order, as they are

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        m.add("UserEvent", name);
        for (const auto& [key, value] : headers)
            m.add(key, value);
        return m;
    }

    /// @brief Builds the result from the reply.
    static result_type make_result(reply&& r, std::error_code& ec) {
        return ack_result::from_reply(std::move(r), ec);
    }
};

} // namespace amicpp::actions

#endif // AMICPP_ACTIONS_EVENT_CONTROL_HPP
