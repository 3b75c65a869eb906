// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_ACTIONS_PING_HPP
#define AMICPP_ACTIONS_PING_HPP

/// @file
/// @brief `Ping`: is the server alive?

#include <amicpp/message.hpp>
#include <amicpp/reply.hpp>

#include <string_view>
#include <system_error>

namespace amicpp::actions {

/// @brief The answer to Ping.
struct ping_result {
    message response{}; ///< `Response: Success`, `Ping: Pong`, `Timestamp`

    /// @brief The server's clock, `seconds.microseconds` as it sent it (empty if it sent none):
    /// a view into `response`, valid while it lives and is not changed.
    std::string_view timestamp() const noexcept { return response.get("Timestamp"); }
};

/// @brief `Action: Ping`; answers `Ping: Pong` with the server's `Timestamp`.
struct ping {
    static constexpr std::string_view ami_name = "Ping"; ///< the `Action:` name
    using result_type = ping_result;                     ///< what the action completes with

    /// @brief The wire message.
    message to_message() const { return message::action(ami_name); }

    /// @brief Builds the result from the reply.
    static ping_result make_result(reply&& r, std::error_code&) {
        return ping_result{std::move(r.response)};
    }
};

} // namespace amicpp::actions

#endif // AMICPP_ACTIONS_PING_HPP
