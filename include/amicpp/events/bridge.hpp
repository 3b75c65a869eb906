// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_EVENTS_BRIDGE_HPP
#define AMICPP_EVENTS_BRIDGE_HPP

/// @file
/// @brief Typed views of the bridge events: `BridgeCreate`, `BridgeEnter`, `BridgeLeave`,
/// `BridgeDestroy`.

#include <amicpp/events/view.hpp>
#include <amicpp/generated/snapshots.hpp>
#include <amicpp/message.hpp>

#include <string_view>

namespace amicpp::events {

/// @brief `Event: BridgeCreate`: a bridge was created.
struct bridge_create : event_view, generated::snapshots::bridge_fields<bridge_create> {
    static constexpr std::string_view ami_name = "BridgeCreate"; ///< the `Event:` name
    static constexpr std::string_view ami_class = "call";        ///< its class
    using event_view::event_view;
};

/// @brief `Event: BridgeEnter`: a channel entered a bridge.
struct bridge_enter : event_view,
                      generated::snapshots::bridge_fields<bridge_enter>,
                      generated::snapshots::channel_fields<bridge_enter> {
    static constexpr std::string_view ami_name = "BridgeEnter"; ///< the `Event:` name
    static constexpr std::string_view ami_class = "call";       ///< its class
    using event_view::event_view;
    /// @brief `SwapUniqueid`: the channel this one replaces in the bridge, if any.
    std::string_view swap_uniqueid() const noexcept { return get("SwapUniqueid"); }
};

/// @brief `Event: BridgeLeave`: a channel left a bridge.
struct bridge_leave : event_view,
                      generated::snapshots::bridge_fields<bridge_leave>,
                      generated::snapshots::channel_fields<bridge_leave> {
    static constexpr std::string_view ami_name = "BridgeLeave"; ///< the `Event:` name
    static constexpr std::string_view ami_class = "call";       ///< its class
    using event_view::event_view;
};

/// @brief `Event: BridgeDestroy`: a bridge is gone.
struct bridge_destroy : event_view, generated::snapshots::bridge_fields<bridge_destroy> {
    static constexpr std::string_view ami_name = "BridgeDestroy"; ///< the `Event:` name
    static constexpr std::string_view ami_class = "call";         ///< its class
    using event_view::event_view;
};

} // namespace amicpp::events

#endif // AMICPP_EVENTS_BRIDGE_HPP
