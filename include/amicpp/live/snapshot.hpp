// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_LIVE_SNAPSHOT_HPP
#define AMICPP_LIVE_SNAPSHOT_HPP

/// @file
/// @brief `amicpp::live::snapshot`: an immutable, consistent copy of the live state.

#include <amicpp/live/bridge.hpp>
#include <amicpp/live/call.hpp>
#include <amicpp/live/channel.hpp>
#include <amicpp/live/detail/cow_table.hpp>
#include <amicpp/live/device_state.hpp>
#include <amicpp/live/hint.hpp>
#include <amicpp/live/mailbox.hpp>
#include <amicpp/live/parked_call.hpp>
#include <amicpp/live/part.hpp>
#include <amicpp/live/queue.hpp>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace amicpp::live {

namespace detail {
struct channel_key {
    std::string_view operator()(const channel& c) const noexcept { return c.uniqueid; }
};
struct call_key {
    std::string_view operator()(const call& c) const noexcept { return c.linkedid; }
};
struct bridge_key {
    std::string_view operator()(const bridge& b) const noexcept { return b.id; }
};
struct queue_key {
    std::string_view operator()(const queue& q) const noexcept { return q.name; }
};
struct device_key {
    std::string_view operator()(const device_state& d) const noexcept { return d.device; }
};
struct hint_key {
    std::string_view operator()(const hint& h) const noexcept { return h.key; }
};
struct parked_key {
    std::string_view operator()(const parked_call& p) const noexcept { return p.uniqueid; }
};
struct mailbox_key {
    std::string_view operator()(const mailbox& m) const noexcept { return m.mailbox; }
};

using channel_table = cow_table<channel, 1024, channel_key>;
using call_table = cow_table<call, 1024, call_key>;
using bridge_table = cow_table<bridge, 256, bridge_key>;
using queue_table = cow_table<queue, 16, queue_key>;
using device_table = cow_table<device_state, 256, device_key>;
using hint_table = cow_table<hint, 64, hint_key>;
using parked_table = cow_table<parked_call, 16, parked_key>;
using mailbox_table = cow_table<mailbox, 16, mailbox_key>;
} // namespace detail

/// @brief The live state at one moment: every entity, every part's status, the drift count.
///
/// Immutable once made: any thread may read it while the state goes on applying events, with no
/// lock. Taking one costs a few hundred pointer copies, not a copy of the entities: the state
/// copies an entity only when it next changes it (copy-on-write), so a snapshot's entities are
/// never written. Iteration order is unspecified; `find_*` look entities up by key.
class snapshot {
public:
    /// @brief Every channel.
    const detail::channel_table::view_type& channels() const noexcept { return channels_; }
    /// @brief Every call (channels grouped by Linkedid).
    const detail::call_table::view_type& calls() const noexcept { return calls_; }
    /// @brief Every bridge.
    const detail::bridge_table::view_type& bridges() const noexcept { return bridges_; }
    /// @brief Every queue with its members and callers.
    const detail::queue_table::view_type& queues() const noexcept { return queues_; }
    /// @brief Every device state.
    const detail::device_table::view_type& devices() const noexcept { return devices_; }
    /// @brief Every extension hint.
    const detail::hint_table::view_type& hints() const noexcept { return hints_; }
    /// @brief Every parked call.
    const detail::parked_table::view_type& parked_calls() const noexcept { return parked_; }
    /// @brief Every mailbox seen.
    const detail::mailbox_table::view_type& mailboxes() const noexcept { return mailboxes_; }

    /// @brief The channel with this Uniqueid, or null.
    const channel* find_channel(std::string_view uniqueid) const noexcept {
        return channels_.find(uniqueid, detail::channel_key{});
    }
    /// @brief The call with this Linkedid, or null.
    const call* find_call(std::string_view linkedid) const noexcept {
        return calls_.find(linkedid, detail::call_key{});
    }
    /// @brief The bridge with this id, or null.
    const bridge* find_bridge(std::string_view id) const noexcept {
        return bridges_.find(id, detail::bridge_key{});
    }
    /// @brief The queue with this name, or null.
    const queue* find_queue(std::string_view name) const noexcept {
        return queues_.find(name, detail::queue_key{});
    }
    /// @brief The device with this name, or null.
    const device_state* find_device(std::string_view device) const noexcept {
        return devices_.find(device, detail::device_key{});
    }
    /// @brief The hint `exten@context`, or null.
    const hint* find_hint(std::string_view key) const noexcept {
        return hints_.find(key, detail::hint_key{});
    }
    /// @brief The parked call of the channel with this Uniqueid, or null.
    const parked_call* find_parked(std::string_view uniqueid) const noexcept {
        return parked_.find(uniqueid, detail::parked_key{});
    }
    /// @brief The mailbox `box@context`, or null.
    const mailbox* find_mailbox(std::string_view name) const noexcept {
        return mailboxes_.find(name, detail::mailbox_key{});
    }

    /// @brief A channel kept alive by the returned pointer, even after the snapshot goes.
    std::shared_ptr<const channel> share_channel(std::string_view uniqueid) const {
        return channels_.find_shared(uniqueid, detail::channel_key{});
    }

    /// @brief Availability, loads and drift of one part.
    const part_status& status(part p) const noexcept { return parts_[static_cast<std::size_t>(p)]; }
    /// @brief Corrections made by resyncs, all parts together.
    std::uint64_t drift() const noexcept { return drift_; }
    /// @brief Events applied when the snapshot was taken.
    std::uint64_t events_applied() const noexcept { return events_; }
    /// @brief The tracked global variables (`VarSet` with `Uniqueid: none`), name and value.
    const std::vector<std::pair<std::string, std::string>>& globals() const noexcept {
        return globals_;
    }

private:
    friend class state;
    detail::channel_table::view_type channels_;
    detail::call_table::view_type calls_;
    detail::bridge_table::view_type bridges_;
    detail::queue_table::view_type queues_;
    detail::device_table::view_type devices_;
    detail::hint_table::view_type hints_;
    detail::parked_table::view_type parked_;
    detail::mailbox_table::view_type mailboxes_;
    std::array<part_status, part_count> parts_{};
    std::uint64_t drift_ = 0;
    std::uint64_t events_ = 0;
    std::vector<std::pair<std::string, std::string>> globals_;
};

} // namespace amicpp::live

#endif // AMICPP_LIVE_SNAPSHOT_HPP
