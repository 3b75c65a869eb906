// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_ACTIONS_LOGOFF_HPP
#define AMICPP_ACTIONS_LOGOFF_HPP

/// @file
/// @brief `Logoff`: end the session (the server answers Goodbye and closes).

#include <amicpp/message.hpp>
#include <amicpp/reply.hpp>

#include <string_view>
#include <system_error>

namespace amicpp::actions {

/// @brief The answer to Logoff.
struct logoff_result {
    message response{}; ///< `Response: Goodbye`, `Message: Thanks for all the fish.`
};

/// @brief `Action: Logoff`. Prefer `basic_connection::async_close`, which also closes the
/// connection cleanly; sending it directly ends the session as the server closes.
struct logoff {
    static constexpr std::string_view ami_name = "Logoff"; ///< the `Action:` name
    using result_type = logoff_result;                     ///< what the action completes with

    /// @brief The wire message.
    message to_message() const { return message::action(ami_name); }

    /// @brief Builds the result from the reply.
    static logoff_result make_result(reply&& r, std::error_code&) {
        return logoff_result{std::move(r.response)};
    }
};

} // namespace amicpp::actions

#endif // AMICPP_ACTIONS_LOGOFF_HPP
