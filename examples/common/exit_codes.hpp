// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_EXAMPLES_COMMON_EXIT_CODES_HPP
#define AMICPP_EXAMPLES_COMMON_EXIT_CODES_HPP

// The exit codes every example returns, so that scripts can tell what went wrong.

namespace examples {

enum exit_code : int {
    exit_ok = 0,                ///< everything worked (click-to-call: the call was answered)
    exit_action_failed = 1,     ///< the server refused an action (its Message: text is printed)
    exit_usage = 2,             ///< bad command line
    exit_connection_failed = 3, ///< could not connect or log in, or the connection was lost
};

} // namespace examples

#endif // AMICPP_EXAMPLES_COMMON_EXIT_CODES_HPP
