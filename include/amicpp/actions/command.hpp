// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_ACTIONS_COMMAND_HPP
#define AMICPP_ACTIONS_COMMAND_HPP

/// @file
/// @brief `Command`: run a CLI command, in both reply formats.

#include <amicpp/message.hpp>
#include <amicpp/reply.hpp>

#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace amicpp::actions {

/// @brief A CLI command's output, one string per line, whatever the server's format.
struct command_result {
    message response{};                ///< the reply (Success, Error, or legacy Follows)
    std::vector<std::string> output{}; ///< the lines byte for byte (indentation, trailing blanks)
};

/// @brief `Action: Command`. Asterisk 14 and later answer with one `Output:` header per line;
/// older ones with `Response: Follows` and raw text up to `--END COMMAND--`. Both become
/// `command_result::output`. An unknown CLI command completes with `error::action_failed` (on
/// Asterisk 14+) and its output still holds the CLI's explanation.
struct command {
    static constexpr std::string_view ami_name = "Command"; ///< the `Action:` name
    using result_type = command_result;                     ///< what the action completes with

    std::string command_line{}; ///< e.g. `core show channels`

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        m.add("Command", command_line);
        return m;
    }

    /// @brief Builds the result from the reply.
    static command_result make_result(reply&& r, std::error_code&) {
        command_result out;
        for (std::string_view line : r.response.command_output())
            out.output.emplace_back(line);
        out.response = std::move(r.response);
        return out;
    }
};

} // namespace amicpp::actions

#endif // AMICPP_ACTIONS_COMMAND_HPP
