// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_ACTIONS_STATUS_HPP
#define AMICPP_ACTIONS_STATUS_HPP

/// @file
/// @brief `Status` and `CoreShowChannels`: the channels that exist now, as event lists.

#include <amicpp/action.hpp>
#include <amicpp/actions/detail/list_action.hpp>
#include <amicpp/list_result.hpp>
#include <amicpp/message.hpp>
#include <amicpp/reply.hpp>

#include <string>
#include <string_view>
#include <system_error>

namespace amicpp::actions {

/// @brief `Action: Status`: one `Status` event per channel, then `StatusComplete`. Works on
/// servers before 13.2 too, whose acknowledgement carries no `EventList: start`.
struct status {
    static constexpr std::string_view ami_name = "Status"; ///< the `Action:` name
    using result_type = list_result<>;                     ///< the Status events

    std::string channel{};      ///< only this channel (empty: all)
    std::string variables{};    ///< comma-separated channel variables to include
    bool all_variables = false; ///< include every channel variable (Asterisk 16+)

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        if (!channel.empty())
            m.add("Channel", channel);
        if (!variables.empty())
            m.add("Variables", variables);
        if (all_variables)
            m.add("AllVariables", "true");
        return m;
    }

    /// @brief A list that may end only with StatusComplete.
    completion_spec completion() const { return detail::list_completion("StatusComplete"); }

    /// @brief Builds the result from the reply.
    static result_type make_result(reply&& r, std::error_code&) {
        return result_type::from_reply(std::move(r));
    }
};

/// @brief `Action: CoreShowChannels`: one `CoreShowChannel` event per channel.
struct core_show_channels : detail::list_action<core_show_channels, message> {
    static constexpr std::string_view ami_name = "CoreShowChannels"; ///< the `Action:` name
    using result_type = list_result<>;                               ///< the CoreShowChannel events
    /// @brief The event that ends the list.
    static constexpr std::string_view complete_event = "CoreShowChannelsComplete";
};

} // namespace amicpp::actions

#endif // AMICPP_ACTIONS_STATUS_HPP
