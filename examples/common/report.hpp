// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_EXAMPLES_COMMON_REPORT_HPP
#define AMICPP_EXAMPLES_COMMON_REPORT_HPP

// How the examples report a failure on stderr (with the server's Message: text when there is
// one) and which exit code it gives.

#include "exit_codes.hpp"
#include "options.hpp"

#include <amicpp/error.hpp>
#include <amicpp/message.hpp>

#include <iostream>
#include <string>
#include <string_view>
#include <system_error>

namespace examples {

/// ` (server said: "...")` when the response carries a Message: text.
inline std::string server_said(const amicpp::message& response) {
    const std::string_view text = response.message_text();
    return text.empty() ? std::string() : " (server said: \"" + std::string(text) + "\")";
}

/// Connecting or logging in failed: says why, returns exit_connection_failed (3).
inline int connect_failed(std::string_view program, const options& o, std::error_code ec,
                          const amicpp::message& response) {
    std::cerr << program << ": ";
    if (ec == amicpp::error::authentication_failed)
        std::cerr << "login as '" << o.login.username << "' refused by " << o.where();
    else
        std::cerr << "cannot connect to " << o.where();
    std::cerr << ": " << ec.message() << server_said(response) << '\n';
    return exit_connection_failed;
}

/// An action failed: says why, returns exit_action_failed (1), or exit_connection_failed (3)
/// when the connection was lost meanwhile.
inline int action_failed(std::string_view program, std::string_view action, std::error_code ec,
                         const amicpp::message& response) {
    std::cerr << program << ": " << action << " failed: " << ec.message() << server_said(response)
              << '\n';
    const bool lost = ec == amicpp::error::connection_closed || ec == amicpp::error::not_connected;
    return lost ? exit_connection_failed : exit_action_failed;
}

} // namespace examples

#endif // AMICPP_EXAMPLES_COMMON_REPORT_HPP
