// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_TESTING_SERVER_OPTIONS_HPP
#define AMICPP_TESTING_SERVER_OPTIONS_HPP

/// @file
/// @brief How `amicpp::testing::server` is set up: the AMI version it claims, its users, its
/// limits and timings.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace amicpp::testing {

/// @brief How the simulated server answers `Action: Command`.
enum class command_format : std::uint8_t {
    /// `legacy` when the banner version is below 2.8.0 (Asterisk 13 and older), else `modern`.
    automatic,
    /// Asterisk 14 and later: `Response: Success`, `Message: Command output follows`, one
    /// `Output:` header per line of output.
    modern,
    /// Asterisk up to 13: `Response: Follows`, `Privilege: Command`, the raw CLI text with bare
    /// `\n` line ends, then `--END COMMAND--` and the blank line.
    legacy,
};

/// @brief One AMI account (a `[name]` section of Asterisk's manager.conf).
struct user {
    std::string name;          ///< the `Username` to log in with
    std::string secret;        ///< the plain secret (also the MD5 challenge's key material)
    std::string read = "all";  ///< event classes the user may read: `all` or a comma list
    std::string write = "all"; ///< action classes the user may use: `all` or a comma list
};

/// @brief Everything the simulated server is configured with. Every field has a default that
/// imitates Asterisk 22 (AMI 11.0.0), except the failure delay, which is 0 so that tests are fast.
struct server_options {
    /// AMI version announced by the banner, `Asterisk Call Manager/<banner_version>`. It also
    /// picks the defaults of `commands` and `event_lists` and the Asterisk release reported by
    /// `core show version` and CoreSettings. Must start with a digit.
    std::string banner_version = "11.0.0";

    /// Asterisk release reported by `core show version` and CoreSettings; empty: derived from
    /// the banner version (11.0.0 gives 22.10.1, 1.1 gives 1.8.32.3, ...).
    std::string asterisk_version;

    /// Format of Command replies.
    command_format commands = command_format::automatic;

    /// `EventList: start` / `EventList: Complete` + `ListItems:` markers on Status (Asterisk 13.2,
    /// AMI 2.7.0 and later). Without them Status answers a plain acknowledgement and its list
    /// ends only with `Event: StatusComplete` carrying `Items:`. Empty: from the banner version.
    std::optional<bool> event_lists;

    /// Delay before a failed Login is answered (Asterisk waits about 1 s). The session handles
    /// nothing else meanwhile and is closed after the answer.
    std::chrono::milliseconds auth_failure_delay{0};

    /// Unauthenticated sessions are closed silently after this long (Asterisk's `authtimeout`,
    /// 30 s there); 0 keeps them forever.
    std::chrono::milliseconds auth_timeout{0};

    /// Accounts known at start; `server::add_user` adds more later.
    std::vector<user> users{{"admin", "amp111", "all", "all"}};

    /// Address to listen on.
    std::string address = "127.0.0.1";

    /// Port to listen on; 0 picks a free ephemeral port (see `server::port`).
    std::uint16_t port = 0;

    /// Longest line the server accepts from a client, its line terminator included (Asterisk:
    /// 1024). A longer line is answered by `Message: Failed to parse message: line too long`.
    std::size_t max_line_length = 1024;

    /// Most header lines in one action (Asterisk: 128).
    std::size_t max_headers = 128;

    /// Send `Event: SuccessfulAuth` (class security) after each good login, as Asterisk does.
    /// Off by default to keep test transcripts short.
    bool successful_auth_event = false;

    /// An answered Originate creates a simulated channel (shown by Status, CoreShowChannels,
    /// `core show channels`, announced by `Event: Newchannel`) that Hangup can remove.
    bool originate_creates_channels = true;

    /// Start with the configuration of the capture lab (`../shared/transcripts/live/`): queue
    /// `support`, the parking lot `default` and its holding bridge (701-720), hints 100@test
    /// (`Local/100@test`) and 101@test (`Custom:101`), devices `Custom:101`, `Custom:102`,
    /// `Custom:511`, and mailbox `1234@default`. The dialplan the simulated calls run is the
    /// lab's in any case (see docs/testing.md).
    bool lab_dialplan = true;

    /// How many received actions `server::received_actions` keeps (the most recent ones).
    std::size_t action_log_limit = 10000;
};

} // namespace amicpp::testing

#endif // AMICPP_TESTING_SERVER_OPTIONS_HPP
