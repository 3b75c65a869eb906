// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_ACTIONS_TRANSFER_HPP
#define AMICPP_ACTIONS_TRANSFER_HPP

/// @file
/// @brief Moving calls: `Redirect` (with the dual-redirect `Extra*` headers), `Atxfer`
/// (attended transfer) and `BlindTransfer`.

#include <amicpp/actions/detail/fields.hpp>
#include <amicpp/actions/result.hpp>
#include <amicpp/message.hpp>
#include <amicpp/reply.hpp>

#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace amicpp::actions {

/// @brief `Action: Redirect`: send `channel` to `exten@context:priority`; with `extra_channel`
/// set, send that one too in the same operation (dual redirect, typically both legs of a
/// bridge). Answers `Redirect successful` or `Dual Redirect successful`.
struct redirect {
    static constexpr std::string_view ami_name = "Redirect"; ///< the `Action:` name
    using result_type = ack_result;                          ///< the acknowledgement

    std::string channel{};        ///< `Channel` (required)
    std::string exten{};          ///< `Exten` (required)
    std::string context{};        ///< `Context` (required)
    std::string priority = "1";   ///< `Priority` (required)
    std::string extra_channel{};  ///< `ExtraChannel`: the second channel of a dual redirect
    std::string extra_exten{};    ///< `ExtraExten`: its extension (default: `exten`)
    std::string extra_context{};  ///< `ExtraContext`: its context (default: `context`)
    std::string extra_priority{}; ///< `ExtraPriority`: its priority (default: `priority`)

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        m.add("Channel", channel);
        m.add("Exten", exten);
        m.add("Context", context);
        m.add("Priority", priority);
        detail::add_if(m, "ExtraChannel", extra_channel);
        detail::add_if(m, "ExtraExten", extra_exten);
        detail::add_if(m, "ExtraContext", extra_context);
        detail::add_if(m, "ExtraPriority", extra_priority);
        return m;
    }

    /// @brief Builds the result from the reply.
    static result_type make_result(reply&& r, std::error_code& ec) {
        return ack_result::from_reply(std::move(r), ec);
    }
};

/// @brief `Action: Atxfer`: start an attended transfer of `channel` to `exten@context` (the
/// features' atxfer, as if the DTMF code had been dialled). Asterisk 1.6.1+.
struct atxfer {
    static constexpr std::string_view ami_name = "Atxfer"; ///< the `Action:` name
    using result_type = ack_result;                        ///< the acknowledgement

    std::string channel{}; ///< `Channel` (required): the transferer's channel
    std::string exten{};   ///< `Exten` (required): where to transfer
    std::string context{}; ///< `Context`: the dialplan context of `exten`

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        m.add("Channel", channel);
        m.add("Exten", exten);
        detail::add_if(m, "Context", context);
        return m;
    }

    /// @brief Builds the result from the reply.
    static result_type make_result(reply&& r, std::error_code& ec) {
        return ack_result::from_reply(std::move(r), ec);
    }
};

/// @brief `Action: BlindTransfer`: transfer `channel`'s peer to `exten@context`. Asterisk 12+.
struct blind_transfer {
    static constexpr std::string_view ami_name = "BlindTransfer"; ///< the `Action:` name
    using result_type = ack_result;                               ///< the acknowledgement

    std::string channel{}; ///< `Channel` (required)
    std::string exten{};   ///< `Exten`
    std::string context{}; ///< `Context`

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        m.add("Channel", channel);
        detail::add_if(m, "Context", context);
        detail::add_if(m, "Exten", exten);
        return m;
    }

    /// @brief Builds the result from the reply.
    static result_type make_result(reply&& r, std::error_code& ec) {
        return ack_result::from_reply(std::move(r), ec);
    }
};

} // namespace amicpp::actions

#endif // AMICPP_ACTIONS_TRANSFER_HPP
