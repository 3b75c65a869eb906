// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_ACTIONS_CHANNEL_HPP
#define AMICPP_ACTIONS_CHANNEL_HPP

/// @file
/// @brief Small things done to a channel: `AbsoluteTimeout`, `PlayDTMF`, `SendText`.

#include <amicpp/actions/detail/fields.hpp>
#include <amicpp/actions/result.hpp>
#include <amicpp/message.hpp>
#include <amicpp/reply.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace amicpp::actions {

/// @brief `Action: AbsoluteTimeout`: hang `channel` up after `timeout` (0 cancels).
struct absolute_timeout {
    static constexpr std::string_view ami_name = "AbsoluteTimeout"; ///< the `Action:` name
    using result_type = ack_result;                                 ///< `Timeout Set`

    std::string channel{};          ///< `Channel` (required)
    std::chrono::seconds timeout{}; ///< `Timeout` (required), whole seconds

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        m.add("Channel", channel);
        m.add("Timeout", std::to_string(timeout.count()));
        return m;
    }

    /// @brief Builds the result from the reply.
    static result_type make_result(reply&& r, std::error_code& ec) {
        return ack_result::from_reply(std::move(r), ec);
    }
};

/// @brief `Action: PlayDTMF`: play one DTMF digit on a channel.
struct play_dtmf {
    static constexpr std::string_view ami_name = "PlayDTMF"; ///< the `Action:` name
    using result_type = ack_result;                          ///< `DTMF successfully queued`

    std::string channel{};                               ///< `Channel` (required)
    std::string digit{};                                 ///< `Digit` (required): 0-9, *, #, A-D
    std::optional<std::chrono::milliseconds> duration{}; ///< `Duration` in milliseconds
    std::optional<bool> receive{}; ///< `Receive`: as if received from the channel (Asterisk 16+)

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        m.add("Channel", channel);
        m.add("Digit", digit);
        detail::add_if(m, "Duration", duration);
        detail::add_if(m, "Receive", receive);
        return m;
    }

    /// @brief Builds the result from the reply.
    static result_type make_result(reply&& r, std::error_code& ec) {
        return ack_result::from_reply(std::move(r), ec);
    }
};

/// @brief `Action: SendText`: send a text message to a channel (SIP MESSAGE in a dialog...).
struct send_text {
    static constexpr std::string_view ami_name = "SendText"; ///< the `Action:` name
    using result_type = ack_result;                          ///< `Success`

    std::string channel{};      ///< `Channel` (required)
    std::string text{};         ///< `Message` (required): the text
    std::string content_type{}; ///< `Content-Type` (Asterisk 16+): `text/plain` by default

    /// @brief The wire message.
    amicpp::message to_message() const {
        amicpp::message m = amicpp::message::action(ami_name);
        m.add("Channel", channel);
        m.add("Message", text);
        detail::add_if(m, "Content-Type", content_type);
        return m;
    }

    /// @brief Builds the result from the reply.
    static result_type make_result(reply&& r, std::error_code& ec) {
        return ack_result::from_reply(std::move(r), ec);
    }
};

} // namespace amicpp::actions

#endif // AMICPP_ACTIONS_CHANNEL_HPP
