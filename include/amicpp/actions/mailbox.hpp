// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_ACTIONS_MAILBOX_HPP
#define AMICPP_ACTIONS_MAILBOX_HPP

/// @file
/// @brief Voicemail boxes: `MailboxStatus` and `MailboxCount`.

#include <amicpp/actions/detail/fields.hpp>
#include <amicpp/message.hpp>
#include <amicpp/reply.hpp>

#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace amicpp::actions {

/// @brief The answer to MailboxStatus.
struct mailbox_status_result {
    message response{};    ///< `Message: Mailbox Status`
    std::string mailbox{}; ///< `Mailbox`: as asked, `1234@default`
    bool waiting = false;  ///< `Waiting`: new messages are waiting
};

/// @brief `Action: MailboxStatus`: are messages waiting? A box that does not exist reports
/// none, as Asterisk does.
struct mailbox_status {
    static constexpr std::string_view ami_name = "MailboxStatus"; ///< the `Action:` name
    using result_type = mailbox_status_result;                    ///< `Waiting`

    std::string mailbox{}; ///< `Mailbox` (required): `box@context`, several separated by `,`

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        m.add("Mailbox", mailbox);
        return m;
    }

    /// @brief Builds the result from the reply; a `Waiting` that is not a number sets
    /// `error::invalid_field`.
    static result_type make_result(reply&& r, std::error_code& ec) {
        mailbox_status_result out;
        const detail::field_reader f(r.response, ec);
        out.mailbox = f.text("Mailbox");
        out.waiting = f.number<long>("Waiting") != 0;
        out.response = std::move(r.response);
        return out;
    }
};

/// @brief The answer to MailboxCount.
struct mailbox_count_result {
    message response{};      ///< `Message: Mailbox Message Count`
    std::string mailbox{};   ///< `Mailbox`
    int urgent_messages = 0; ///< `UrgMessages` (Asterisk 1.8+)
    int new_messages = 0;    ///< `NewMessages`
    int old_messages = 0;    ///< `OldMessages`
};

/// @brief `Action: MailboxCount`: how many messages a box holds.
struct mailbox_count {
    static constexpr std::string_view ami_name = "MailboxCount"; ///< the `Action:` name
    using result_type = mailbox_count_result;                    ///< the counts

    std::string mailbox{}; ///< `Mailbox` (required): `box@context`

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        m.add("Mailbox", mailbox);
        return m;
    }

    /// @brief Builds the result from the reply; a count that is not a number sets
    /// `error::invalid_field`.
    static result_type make_result(reply&& r, std::error_code& ec) {
        mailbox_count_result out;
        const detail::field_reader f(r.response, ec);
        out.mailbox = f.text("Mailbox");
        out.urgent_messages = f.number<int>("UrgMessages");
        out.new_messages = f.number<int>("NewMessages");
        out.old_messages = f.number<int>("OldMessages");
        out.response = std::move(r.response);
        return out;
    }
};

} // namespace amicpp::actions

#endif // AMICPP_ACTIONS_MAILBOX_HPP
