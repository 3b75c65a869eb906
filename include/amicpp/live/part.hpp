// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_LIVE_PART_HPP
#define AMICPP_LIVE_PART_HPP

/// @file
/// @brief `amicpp::live::part`, `list_kind`, `part_status`: the parts of the live state, the list
/// actions that load them, and whether the server lets us have them.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace amicpp::live {

/// @brief A part of the live state, loaded by its own list action.
enum class part : std::uint8_t {
    channels,  ///< channels and calls (`CoreShowChannels`)
    bridges,   ///< bridges (`BridgeList`, `BridgeInfo`)
    queues,    ///< queues, members, callers (`QueueStatus`)
    devices,   ///< device states (`DeviceStateList`)
    hints,     ///< extension hint states (`ExtensionStateList`)
    parked,    ///< parked calls (`ParkedCalls`)
    mailboxes, ///< mailbox counts (`MailboxCount`, one mailbox per action)
};

/// @brief Number of parts.
inline constexpr std::size_t part_count = 7;

/// @brief The part's name: `channels`, `bridges`, ...
inline std::string_view to_string(part p) noexcept {
    switch (p) {
    case part::channels:
        return "channels";
    case part::bridges:
        return "bridges";
    case part::queues:
        return "queues";
    case part::devices:
        return "devices";
    case part::hints:
        return "hints";
    case part::parked:
        return "parked";
    case part::mailboxes:
        return "mailboxes";
    }
    return "?";
}

/// @brief A list action whose answer the live state reads as a load of one part.
enum class list_kind : std::uint8_t {
    core_show_channels,   ///< `CoreShowChannels` → channels
    bridge_list,          ///< `BridgeList` → bridges (without members)
    bridge_info,          ///< `BridgeInfo BridgeUniqueid: <target>` → one bridge's members
    queue_status,         ///< `QueueStatus` (target: one queue, or empty for all) → queues
    device_state_list,    ///< `DeviceStateList` → devices
    extension_state_list, ///< `ExtensionStateList` → hints
    parked_calls,         ///< `ParkedCalls` (target: one lot, or empty for all) → parked
    mailbox_count,        ///< `MailboxCount Mailbox: <target>` → one mailbox
};

/// @brief The part a list loads.
inline part part_of(list_kind k) noexcept {
    switch (k) {
    case list_kind::core_show_channels:
        return part::channels;
    case list_kind::bridge_list:
    case list_kind::bridge_info:
        return part::bridges;
    case list_kind::queue_status:
        return part::queues;
    case list_kind::device_state_list:
        return part::devices;
    case list_kind::extension_state_list:
        return part::hints;
    case list_kind::parked_calls:
        return part::parked;
    case list_kind::mailbox_count:
        return part::mailboxes;
    }
    return part::channels;
}

/// @brief The AMI action name of a list.
inline std::string_view action_name(list_kind k) noexcept {
    switch (k) {
    case list_kind::core_show_channels:
        return "CoreShowChannels";
    case list_kind::bridge_list:
        return "BridgeList";
    case list_kind::bridge_info:
        return "BridgeInfo";
    case list_kind::queue_status:
        return "QueueStatus";
    case list_kind::device_state_list:
        return "DeviceStateList";
    case list_kind::extension_state_list:
        return "ExtensionStateList";
    case list_kind::parked_calls:
        return "ParkedCalls";
    case list_kind::mailbox_count:
        return "MailboxCount";
    }
    return "";
}

/// @brief What the live state knows about one part.
struct part_status {
    bool available = true;     ///< false: the server refused its list (see `reason`)
    std::string reason;        ///< the server's `Message` when it refused, e.g. `Permission denied`
    std::uint64_t loads = 0;   ///< lists completed and reconciled for this part
    std::uint64_t pending = 0; ///< lists requested and not completed yet
    std::uint64_t drift = 0;   ///< corrections made by lists after the first one (resyncs)
};

} // namespace amicpp::live

#endif // AMICPP_LIVE_PART_HPP
