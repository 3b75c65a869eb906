// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_ACTIONS_HANGUP_HPP
#define AMICPP_ACTIONS_HANGUP_HPP

/// @file
/// @brief `Hangup`: hang up one channel, or every channel matching a `/regex/`.

#include <amicpp/action.hpp>
#include <amicpp/actions/detail/fields.hpp>
#include <amicpp/message.hpp>
#include <amicpp/reply.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace amicpp::actions {

/// @brief The answer to Hangup.
struct hangup_result {
    message response{};                  ///< `Message: Channel Hungup` (or the list's start)
    std::vector<std::string> channels{}; ///< regex form: the channels hung up
    message complete{};                  ///< regex form: `ChannelsHungupListComplete`
};

/// @brief `Action: Hangup`. `channel` is a channel name or, since Asterisk 11, a `/regex/`:
/// then the answer is a list of `ChannelHungup` events ending with `ChannelsHungupListComplete`.
struct hangup {
    static constexpr std::string_view ami_name = "Hangup"; ///< the `Action:` name
    using result_type = hangup_result;                     ///< the channels hung up (regex form)

    std::string channel{};      ///< `Channel` (required): a name or `/regex/`
    std::optional<int> cause{}; ///< `Cause`: a Q.850 cause code (16 normal clearing...)

    /// @brief True when `channel` is a `/regex/`.
    bool is_regex() const noexcept {
        return channel.size() >= 2 && channel.front() == '/' && channel.back() == '/';
    }

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        m.add("Channel", channel);
        detail::add_if(m, "Cause", cause);
        return m;
    }

    /// @brief The regex form is a list, even on servers that do not mark it so.
    completion_spec completion() const {
        completion_spec c;
        if (is_regex()) {
            c.list = true;
            c.complete_event = "ChannelsHungupListComplete";
        }
        return c;
    }

    /// @brief Builds the result from the reply.
    static result_type make_result(reply&& r, std::error_code&) {
        hangup_result out;
        out.response = std::move(r.response);
        for (const message& item : r.items)
            out.channels.emplace_back(item.get("Channel"));
        out.complete = std::move(r.final_event);
        return out;
    }
};

} // namespace amicpp::actions

#endif // AMICPP_ACTIONS_HANGUP_HPP
