// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_ACTIONS_PARK_HPP
#define AMICPP_ACTIONS_PARK_HPP

/// @file
/// @brief Call parking: `Park` and `ParkedCalls`.

#include <amicpp/action.hpp>
#include <amicpp/actions/detail/fields.hpp>
#include <amicpp/actions/detail/list_action.hpp>
#include <amicpp/actions/result.hpp>
#include <amicpp/actions/snapshot.hpp>
#include <amicpp/list_result.hpp>
#include <amicpp/message.hpp>
#include <amicpp/reply.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace amicpp::actions {

/// @brief `Action: Park`: park `channel` in a parking lot.
struct park {
    static constexpr std::string_view ami_name = "Park"; ///< the `Action:` name
    using result_type = ack_result;                      ///< `Park successful`

    std::string channel{};          ///< `Channel` (required): the channel to park
    std::string timeout_channel{};  ///< `TimeoutChannel`: who gets the call back on timeout
    std::string announce_channel{}; ///< `AnnounceChannel`: who hears the parking space
    std::optional<std::chrono::milliseconds> timeout{}; ///< `Timeout` in milliseconds
    std::string parkinglot{};                           ///< `Parkinglot`
    std::string parking_space{};                        ///< `ParkingSpace`

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        m.add("Channel", channel);
        detail::add_if(m, "TimeoutChannel", timeout_channel);
        detail::add_if(m, "AnnounceChannel", announce_channel);
        detail::add_if(m, "Timeout", timeout);
        detail::add_if(m, "Parkinglot", parkinglot);
        detail::add_if(m, "ParkingSpace", parking_space);
        return m;
    }

    /// @brief Builds the result from the reply.
    static result_type make_result(reply&& r, std::error_code& ec) {
        return ack_result::from_reply(std::move(r), ec);
    }
};

/// @brief One parked call (a `ParkedCall` item).
struct parked_call {
    message event{};                  ///< the item as received
    channel_snapshot parkee{};        ///< `Parkee*`: the parked channel
    std::string parker_dial_string{}; ///< `ParkerDialString`: where it returns on timeout
    std::string parkinglot{};         ///< `Parkinglot`
    std::string parking_space{};      ///< `ParkingSpace`
    int parking_timeout = 0;          ///< `ParkingTimeout`: seconds left
    int parking_duration = 0;         ///< `ParkingDuration`: seconds parked so far

    /// @brief Converts one item event.
    static parked_call from_event(message m, std::error_code& ec) {
        parked_call out;
        const detail::field_reader f(m, ec);
        out.parkee = channel_snapshot::from(m, ec, "Parkee");
        out.parker_dial_string = f.text("ParkerDialString");
        out.parkinglot = f.text("Parkinglot");
        out.parking_space = f.text("ParkingSpace");
        out.parking_timeout = f.number<int>("ParkingTimeout");
        out.parking_duration = f.number<int>("ParkingDuration");
        out.event = std::move(m);
        return out;
    }
};

/// @brief `Action: ParkedCalls`: the parked calls (`ParkedCall` events, then
/// `ParkedCallsComplete`).
struct parked_calls {
    static constexpr std::string_view ami_name = "ParkedCalls"; ///< the `Action:` name
    using result_type = list_result<parked_call>;               ///< one item per parked call

    std::string parking_lot{}; ///< `ParkingLot`: only this lot (empty: all)

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        detail::add_if(m, "ParkingLot", parking_lot);
        return m;
    }

    /// @brief A list ended by ParkedCallsComplete.
    completion_spec completion() const { return detail::list_completion("ParkedCallsComplete"); }

    /// @brief Builds the result from the reply.
    static result_type make_result(reply&& r, std::error_code& ec) {
        return detail::typed_list<parked_call>(std::move(r), ec);
    }
};

} // namespace amicpp::actions

#endif // AMICPP_ACTIONS_PARK_HPP
