// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_ACTIONS_CONFBRIDGE_HPP
#define AMICPP_ACTIONS_CONFBRIDGE_HPP

/// @file
/// @brief ConfBridge: `ConfbridgeList`, the users of a conference.

#include <amicpp/action.hpp>
#include <amicpp/actions/detail/fields.hpp>
#include <amicpp/actions/detail/list_action.hpp>
#include <amicpp/actions/snapshot.hpp>
#include <amicpp/list_result.hpp>
#include <amicpp/message.hpp>
#include <amicpp/reply.hpp>

#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace amicpp::actions {

/// @brief One user of a conference (a `ConfbridgeList` item).
struct confbridge_user {
    message event{};            ///< the item as received
    std::string conference{};   ///< `Conference`
    channel_snapshot channel{}; ///< the user's channel fields
    bool admin = false;         ///< `Admin`
    bool marked_user = false;   ///< `MarkedUser`
    bool wait_marked = false;   ///< `WaitMarked`
    bool end_marked = false;    ///< `EndMarked`
    bool waiting = false;       ///< `Waiting`: waiting for a marked user
    bool muted = false;         ///< `Muted`
    bool talking = false;       ///< `Talking`
    int answered_time = 0;      ///< `AnsweredTime`: seconds in the conference

    /// @brief Converts one item event; a bad flag or number sets `error::invalid_field`.
    static confbridge_user from_event(message m, std::error_code& ec) {
        confbridge_user u;
        const detail::field_reader f(m, ec);
        u.conference = f.text("Conference");
        u.channel = channel_snapshot::from(m, ec);
        u.admin = f.flag("Admin");
        u.marked_user = f.flag("MarkedUser");
        u.wait_marked = f.flag("WaitMarked");
        u.end_marked = f.flag("EndMarked");
        u.waiting = f.flag("Waiting");
        u.muted = f.flag("Muted");
        u.talking = f.flag("Talking");
        u.answered_time = f.number<int>("AnsweredTime");
        u.event = std::move(m);
        return u;
    }
};

/// @brief `Action: ConfbridgeList`: the users of one conference (`ConfbridgeList` events, then
/// `ConfbridgeListComplete`). A conference nobody is in answers `error::action_failed` ("No
/// active conferences.").
struct confbridge_list {
    static constexpr std::string_view ami_name = "ConfbridgeList"; ///< the `Action:` name
    using result_type = list_result<confbridge_user>;              ///< one per user

    std::string conference{}; ///< `Conference` (required)

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        m.add("Conference", conference);
        return m;
    }

    /// @brief A list ended by ConfbridgeListComplete.
    completion_spec completion() const { return detail::list_completion("ConfbridgeListComplete"); }

    /// @brief Builds the result from the reply.
    static result_type make_result(reply&& r, std::error_code& ec) {
        return detail::typed_list<confbridge_user>(std::move(r), ec);
    }
};

} // namespace amicpp::actions

#endif // AMICPP_ACTIONS_CONFBRIDGE_HPP
