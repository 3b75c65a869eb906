// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_ACTIONS_RESULT_HPP
#define AMICPP_ACTIONS_RESULT_HPP

/// @file
/// @brief `amicpp::actions::ack_result`: the result of the many actions whose answer is only
/// `Response: Success` (or `Error`) with a `Message:` text.

#include <amicpp/message.hpp>
#include <amicpp/reply.hpp>

#include <string_view>
#include <system_error>
#include <utility>

namespace amicpp::actions {

/// @brief An acknowledgement: the response and nothing more to convert.
struct ack_result {
    message response{}; ///< `Response: Success` (or `Error`), `Message: ...`

    /// @brief The server's `Message:` text ("Variable Set", "Redirect successful"...).
    std::string_view text() const noexcept { return response.message_text(); }

    /// @brief Builds the result from a reply (for actions whose result is an acknowledgement).
    static ack_result from_reply(reply&& r, std::error_code&) {
        return ack_result{std::move(r.response)};
    }
};

} // namespace amicpp::actions

#endif // AMICPP_ACTIONS_RESULT_HPP
