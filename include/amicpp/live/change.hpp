// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_LIVE_CHANGE_HPP
#define AMICPP_LIVE_CHANGE_HPP

/// @file
/// @brief `amicpp::live::change`: one typed notification of what an event or a load changed.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace amicpp::live {

/// @brief What happened. `key` and `sub` of the `change` name the entities (see each value).
enum class change_kind : std::uint8_t {
    channel_added,          ///< key: Uniqueid
    channel_changed,        ///< key: Uniqueid; `fields`: `channel_field` bits
    channel_removed,        ///< key: Uniqueid
    call_started,           ///< key: Linkedid; sub: the first channel's Uniqueid
    call_changed,           ///< key: Linkedid; sub: the Uniqueid of a channel that joined or left
    call_answered,          ///< key: Linkedid; sub: the channel seen Up
    call_ended,             ///< key: Linkedid
    bridge_created,         ///< key: bridge id
    bridge_changed,         ///< key: bridge id (type, technology, creator or name)
    bridge_destroyed,       ///< key: bridge id
    bridge_entered,         ///< key: bridge id; sub: Uniqueid of the channel
    bridge_left,            ///< key: bridge id; sub: Uniqueid of the channel
    queue_added,            ///< key: queue name
    queue_changed,          ///< key: queue name (parameters, Completed/Abandoned counters)
    queue_removed,          ///< key: queue name
    queue_member_added,     ///< key: queue name; sub: member interface
    queue_member_changed,   ///< key: queue name; sub: member interface
    queue_member_removed,   ///< key: queue name; sub: member interface
    queue_caller_joined,    ///< key: queue name; sub: caller Uniqueid
    queue_caller_changed,   ///< key: queue name; sub: caller Uniqueid (position)
    queue_caller_left,      ///< key: queue name; sub: caller Uniqueid
    queue_caller_abandoned, ///< key: queue name; sub: caller Uniqueid (it also leaves)
    device_state_changed,   ///< key: device (also when first seen)
    device_removed,         ///< key: device (a list no longer has it)
    hint_state_changed,     ///< key: exten\@context (also when first seen)
    hint_removed,           ///< key: exten\@context (a list no longer has it)
    parked,                 ///< key: parked channel's Uniqueid; sub: parking space
    parked_changed,         ///< key: parked channel's Uniqueid; sub: parking space
    unparked,               ///< key: Uniqueid; sub: `retrieved`, `gave_up`, `timeout`, `gone`
    mailbox_changed,        ///< key: mailbox (also when first seen)
    part_changed,           ///< key: part name: availability, or a load completed
};

/// @brief The name of a change kind, e.g. `channel_added`.
inline std::string_view to_string(change_kind k) noexcept {
    switch (k) {
    case change_kind::channel_added:
        return "channel_added";
    case change_kind::channel_changed:
        return "channel_changed";
    case change_kind::channel_removed:
        return "channel_removed";
    case change_kind::call_started:
        return "call_started";
    case change_kind::call_changed:
        return "call_changed";
    case change_kind::call_answered:
        return "call_answered";
    case change_kind::call_ended:
        return "call_ended";
    case change_kind::bridge_created:
        return "bridge_created";
    case change_kind::bridge_changed:
        return "bridge_changed";
    case change_kind::bridge_destroyed:
        return "bridge_destroyed";
    case change_kind::bridge_entered:
        return "bridge_entered";
    case change_kind::bridge_left:
        return "bridge_left";
    case change_kind::queue_added:
        return "queue_added";
    case change_kind::queue_changed:
        return "queue_changed";
    case change_kind::queue_removed:
        return "queue_removed";
    case change_kind::queue_member_added:
        return "queue_member_added";
    case change_kind::queue_member_changed:
        return "queue_member_changed";
    case change_kind::queue_member_removed:
        return "queue_member_removed";
    case change_kind::queue_caller_joined:
        return "queue_caller_joined";
    case change_kind::queue_caller_changed:
        return "queue_caller_changed";
    case change_kind::queue_caller_left:
        return "queue_caller_left";
    case change_kind::queue_caller_abandoned:
        return "queue_caller_abandoned";
    case change_kind::device_state_changed:
        return "device_state_changed";
    case change_kind::device_removed:
        return "device_removed";
    case change_kind::hint_state_changed:
        return "hint_state_changed";
    case change_kind::hint_removed:
        return "hint_removed";
    case change_kind::parked:
        return "parked";
    case change_kind::parked_changed:
        return "parked_changed";
    case change_kind::unparked:
        return "unparked";
    case change_kind::mailbox_changed:
        return "mailbox_changed";
    case change_kind::part_changed:
        return "part_changed";
    }
    return "?";
}

/// @brief One change. Read the entity it names in the state or in a snapshot taken after it.
struct change {
    change_kind kind = change_kind::channel_changed; ///< what happened
    bool from_load = false;   ///< made by a list (load or resync), not by an event
    std::uint32_t fields = 0; ///< `channel_changed`: which `channel_field`s changed
    std::string key;          ///< the entity (see `change_kind`)
    std::string sub;          ///< the sub-entity or detail (see `change_kind`)
};

/// @brief The changes made since the state's changes were last cleared, as a range.
class change_list {
public:
    change_list() = default;
    /// @brief A range over `[first, first + n)`.
    change_list(const change* first, std::size_t n) noexcept : first_(first), size_(n) {}
    /// @brief The first change.
    const change* begin() const noexcept { return first_; }
    /// @brief Past the last change.
    const change* end() const noexcept { return first_ + size_; }
    /// @brief Number of changes.
    std::size_t size() const noexcept { return size_; }
    /// @brief True when nothing changed.
    bool empty() const noexcept { return size_ == 0; }
    /// @brief Change number `i`.
    const change& operator[](std::size_t i) const noexcept { return first_[i]; }

private:
    const change* first_ = nullptr;
    std::size_t size_ = 0;
};

} // namespace amicpp::live

#endif // AMICPP_LIVE_CHANGE_HPP
