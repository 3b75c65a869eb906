// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_ACTIONS_MONITOR_HPP
#define AMICPP_ACTIONS_MONITOR_HPP

/// @file
/// @brief Recording: `MixMonitor`, `StopMixMonitor`, `MixMonitorMute`, and the `Monitor` family
/// (`Monitor`, `StopMonitor`, `ChangeMonitor`) that Asterisk 21 removed: on 21 and later those
/// end with `error::action_failed` ("Invalid/unknown command"); use MixMonitor there.

#include <amicpp/actions/detail/fields.hpp>
#include <amicpp/actions/result.hpp>
#include <amicpp/message.hpp>
#include <amicpp/reply.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace amicpp::actions {

/// @brief `Action: Monitor` (Asterisk up to 20): record `channel` into `file`.
struct monitor {
    static constexpr std::string_view ami_name = "Monitor"; ///< the `Action:` name
    using result_type = ack_result;                         ///< `Started monitoring channel`

    std::string channel{};     ///< `Channel` (required)
    std::string file{};        ///< `File`: file name without extension (default: channel name)
    std::string format{};      ///< `Format`: `wav`, `gsm`... (default `wav`)
    std::optional<bool> mix{}; ///< `Mix`: mix both directions into one file at the end

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        m.add("Channel", channel);
        detail::add_if(m, "File", file);
        detail::add_if(m, "Format", format);
        detail::add_if(m, "Mix", mix);
        return m;
    }

    /// @brief Builds the result from the reply.
    static result_type make_result(reply&& r, std::error_code& ec) {
        return ack_result::from_reply(std::move(r), ec);
    }
};

/// @brief `Action: StopMonitor` (Asterisk up to 20).
struct stop_monitor {
    static constexpr std::string_view ami_name = "StopMonitor"; ///< the `Action:` name
    using result_type = ack_result;                             ///< `Stopped monitoring channel`

    std::string channel{}; ///< `Channel` (required)

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        m.add("Channel", channel);
        return m;
    }

    /// @brief Builds the result from the reply.
    static result_type make_result(reply&& r, std::error_code& ec) {
        return ack_result::from_reply(std::move(r), ec);
    }
};

/// @brief `Action: ChangeMonitor` (Asterisk up to 20): record into another file.
struct change_monitor {
    static constexpr std::string_view ami_name = "ChangeMonitor"; ///< the `Action:` name
    using result_type = ack_result;                               ///< `Changed monitor filename`

    std::string channel{}; ///< `Channel` (required)
    std::string file{};    ///< `File` (required)

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        m.add("Channel", channel);
        m.add("File", file);
        return m;
    }

    /// @brief Builds the result from the reply.
    static result_type make_result(reply&& r, std::error_code& ec) {
        return ack_result::from_reply(std::move(r), ec);
    }
};

/// @brief The answer to MixMonitor.
struct mix_monitor_result {
    message response{}; ///< `Response: Success` (no `Message:` on Asterisk 22)
    std::string id{};   ///< `MixMonitorID`, when the server reports one (empty otherwise)
};

/// @brief `Action: MixMonitor` (Asterisk 11+): record `channel` (both directions mixed).
/// Asterisk also sends `Event: MixMonitorStart`.
struct mix_monitor {
    static constexpr std::string_view ami_name = "MixMonitor"; ///< the `Action:` name
    using result_type = mix_monitor_result;                    ///< the acknowledgement

    std::string channel{}; ///< `Channel` (required)
    std::string file{};    ///< `File`: path; its extension chooses the format
    std::string options{}; ///< `Options`: MixMonitor's application options (`b`, `v(x)`...)
    std::string command{}; ///< `Command`: run when the recording ends

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        m.add("Channel", channel);
        detail::add_if(m, "File", file);
        detail::add_if(m, "Options", options);
        detail::add_if(m, "Command", command);
        return m;
    }

    /// @brief Builds the result from the reply.
    static result_type make_result(reply&& r, std::error_code&) {
        mix_monitor_result out;
        out.id = std::string(r.response.get("MixMonitorID"));
        out.response = std::move(r.response);
        return out;
    }
};

/// @brief `Action: StopMixMonitor` (Asterisk 11+). Stopping a channel that is not recorded
/// fails with "Could not stop monitoring channel".
struct stop_mix_monitor {
    static constexpr std::string_view ami_name = "StopMixMonitor"; ///< the `Action:` name
    using result_type = ack_result;                                ///< the acknowledgement

    std::string channel{};        ///< `Channel` (required)
    std::string mix_monitor_id{}; ///< `MixMonitorID`: which recording (empty: the first)

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        m.add("Channel", channel);
        detail::add_if(m, "MixMonitorID", mix_monitor_id);
        return m;
    }

    /// @brief Builds the result from the reply.
    static result_type make_result(reply&& r, std::error_code& ec) {
        return ack_result::from_reply(std::move(r), ec);
    }
};

/// @brief `Action: MixMonitorMute`: mute or unmute one direction of a recording.
struct mix_monitor_mute {
    static constexpr std::string_view ami_name = "MixMonitorMute"; ///< the `Action:` name
    using result_type = ack_result;                                ///< the acknowledgement

    std::string channel{};   ///< `Channel` (required)
    std::string direction{}; ///< `Direction`: `read`, `write` or `both`
    bool state = true;       ///< `State`: true mutes, false unmutes (sent as 1 or 0)

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        m.add("Channel", channel);
        detail::add_if(m, "Direction", direction);
        m.add("State", state ? "1" : "0");
        return m;
    }

    /// @brief Builds the result from the reply.
    static result_type make_result(reply&& r, std::error_code& ec) {
        return ack_result::from_reply(std::move(r), ec);
    }
};

} // namespace amicpp::actions

#endif // AMICPP_ACTIONS_MONITOR_HPP
