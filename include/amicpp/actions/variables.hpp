// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_ACTIONS_VARIABLES_HPP
#define AMICPP_ACTIONS_VARIABLES_HPP

/// @file
/// @brief Variables and functions: `Getvar` and `Setvar`, on a channel or global.

#include <amicpp/actions/detail/fields.hpp>
#include <amicpp/actions/result.hpp>
#include <amicpp/message.hpp>
#include <amicpp/reply.hpp>

#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace amicpp::actions {

/// @brief The answer to Getvar.
struct getvar_result {
    message response{};     ///< `Variable`, `Value`
    std::string variable{}; ///< `Variable`: as asked
    std::string value{};    ///< `Value`: empty for an unset variable (Asterisk does not say which)
};

/// @brief `Action: Getvar`: read a variable or a dialplan function (`CHANNEL(state)`), of a
/// channel or global.
struct getvar {
    static constexpr std::string_view ami_name = "Getvar"; ///< the `Action:` name
    using result_type = getvar_result;                     ///< the value

    std::string variable{}; ///< `Variable` (required)
    std::string channel{};  ///< `Channel`: empty for a global variable

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        detail::add_if(m, "Channel", channel);
        m.add("Variable", variable);
        return m;
    }

    /// @brief Builds the result from the reply.
    static result_type make_result(reply&& r, std::error_code&) {
        getvar_result out;
        out.variable = std::string(r.response.get("Variable"));
        out.value = std::string(r.response.get("Value"));
        out.response = std::move(r.response);
        return out;
    }
};

/// @brief `Action: Setvar`: set a variable or a writable function (`DEVICE_STATE(...)`), of a
/// channel or global.
struct setvar {
    static constexpr std::string_view ami_name = "Setvar"; ///< the `Action:` name
    using result_type = ack_result;                        ///< `Variable Set`

    std::string variable{}; ///< `Variable` (required)
    std::string value{};    ///< `Value` (required, may be empty)
    std::string channel{};  ///< `Channel`: empty for a global variable

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        detail::add_if(m, "Channel", channel);
        m.add("Variable", variable);
        m.add("Value", value);
        return m;
    }

    /// @brief Builds the result from the reply.
    static result_type make_result(reply&& r, std::error_code& ec) {
        return ack_result::from_reply(std::move(r), ec);
    }
};

} // namespace amicpp::actions

#endif // AMICPP_ACTIONS_VARIABLES_HPP
