// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_EVENTS_STATE_HPP
#define AMICPP_EVENTS_STATE_HPP

/// @file
/// @brief Typed views of state changes: `ExtensionStatus` (a hint changed) and
/// `DeviceStateChange`.

#include <amicpp/actions/extension_state.hpp>
#include <amicpp/events/field.hpp>
#include <amicpp/events/view.hpp>
#include <amicpp/message.hpp>

#include <string_view>

namespace amicpp::events {

/// @brief `Event: ExtensionStatus`: the state of a hint changed (also the items of
/// ExtensionStateList).
struct extension_status : event_view {
    static constexpr std::string_view ami_name = "ExtensionStatus"; ///< the `Event:` name
    static constexpr std::string_view ami_class = "call";           ///< its class
    using event_view::event_view;
    /// @brief `Exten`.
    std::string_view exten() const noexcept { return get("Exten"); }
    /// @brief `Context`.
    std::string_view context() const noexcept { return get("Context"); }
    /// @brief `Hint`: `PJSIP/100`, `Custom:ext100`...
    std::string_view hint() const noexcept { return get("Hint"); }
    /// @brief `Status` as the enum (see `actions::to_string` for its text).
    field<actions::extension_status> status() const noexcept {
        return as_field<actions::extension_status>("Status");
    }
    /// @brief `StatusText`: Idle, InUse, Busy, Unavailable, Ringing, InUse\&Ringing, Hold...
    std::string_view status_text() const noexcept { return get("StatusText"); }
};

/// @brief `Event: DeviceStateChange`: a device's state changed (also the items of
/// DeviceStateList).
struct device_state_change : event_view {
    static constexpr std::string_view ami_name = "DeviceStateChange"; ///< the `Event:` name
    static constexpr std::string_view ami_class = "call";             ///< its class
    using event_view::event_view;
    /// @brief `Device`: `PJSIP/100`, `Queue:support`...
    std::string_view device() const noexcept { return get("Device"); }
    /// @brief `State`: NOT_INUSE, INUSE, BUSY, INVALID, UNAVAILABLE, RINGING, RINGINUSE,
    /// ONHOLD, UNKNOWN.
    std::string_view state() const noexcept { return get("State"); }
};

} // namespace amicpp::events

#endif // AMICPP_EVENTS_STATE_HPP
