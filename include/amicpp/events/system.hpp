// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_EVENTS_SYSTEM_HPP
#define AMICPP_EVENTS_SYSTEM_HPP

/// @file
/// @brief Typed views of the server's own events: `FullyBooted`, `Shutdown`, and `UserEvent`.

#include <amicpp/detail/ascii.hpp>
#include <amicpp/events/field.hpp>
#include <amicpp/events/view.hpp>
#include <amicpp/generated/snapshots.hpp>
#include <amicpp/message.hpp>

#include <string_view>

namespace amicpp::events {

/// @brief `Event: FullyBooted`: sent after login (when reading system events) and at start.
struct fully_booted : event_view {
    static constexpr std::string_view ami_name = "FullyBooted"; ///< the `Event:` name
    static constexpr std::string_view ami_class = "system";     ///< its class
    using event_view::event_view;
    /// @brief `Status`: `Fully Booted`.
    std::string_view status() const noexcept { return get("Status"); }
    /// @brief `Uptime`: seconds since start.
    field<long> uptime() const noexcept { return as_field<long>("Uptime"); }
    /// @brief `LastReload`: seconds since the last reload.
    field<long> last_reload() const noexcept { return as_field<long>("LastReload"); }
};

/// @brief `Event: Shutdown`: the server is going away (the connection will close).
struct shutdown : event_view {
    static constexpr std::string_view ami_name = "Shutdown"; ///< the `Event:` name
    static constexpr std::string_view ami_class = "system";  ///< its class
    using event_view::event_view;
    /// @brief `Shutdown`: Cleanly or Uncleanly.
    std::string_view how() const noexcept { return get("Shutdown"); }
    /// @brief True for `Shutdown: Cleanly`.
    bool cleanly() const noexcept { return amicpp::detail::iequals(how(), "Cleanly"); }
    /// @brief `Restart`: whether the server restarts.
    field<bool> restart() const noexcept { return as_field<bool>("Restart"); }
};

/// @brief `Event: UserEvent`: raised by the `UserEvent` action or dialplan application, with
/// any headers (read them with `get`).
struct user_event : event_view, generated::snapshots::channel_fields<user_event> {
    static constexpr std::string_view ami_name = "UserEvent"; ///< the `Event:` name
    static constexpr std::string_view ami_class = "user";     ///< its class
    using event_view::event_view;
    /// @brief `UserEvent`: the user event's own name.
    std::string_view name() const noexcept { return get("UserEvent"); }
};

} // namespace amicpp::events

#endif // AMICPP_EVENTS_SYSTEM_HPP
