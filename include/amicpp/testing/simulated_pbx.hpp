// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_TESTING_SIMULATED_PBX_HPP
#define AMICPP_TESTING_SIMULATED_PBX_HPP

/// @file
/// @brief `amicpp::testing::simulated_pbx`: scripted traffic on the simulated Asterisk (calls,
/// bridges, queues, parking, device states, voicemail, gaps, restarts) and its truth
/// (`pbx_state`), reached through `server::pbx()`.

#include <amicpp/testing/detail/simulator.hpp>
#include <amicpp/testing/pbx_state.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

namespace amicpp::testing {

/// @brief The simulated PBX of a `server`: traffic to script and the truth to compare with.
///
/// Every call runs on the server's thread and returns once the events it causes have been
/// queued to every session (in the order a real Asterisk 22 sends them, see docs/testing.md):
/// a test can then wait, with a deadline, for its client to see the last of them. Channel
/// arguments take a channel name or a Uniqueid. Thread safety: any thread, concurrently (calls
/// are serialised on the server thread; from an action handler they run at once).
class simulated_pbx {
public:
    /// @brief Runs a task on the server thread and waits for it (internal).
    using runner = std::function<void(const std::function<void()>&)>;

    /// @brief Made by `server`; not for users.
    simulated_pbx(detail::simulator& sim, runner run) : sim_(sim), run_(std::move(run)) {}

    simulated_pbx(const simulated_pbx&) = delete;
    simulated_pbx& operator=(const simulated_pbx&) = delete;

    // ---- truth ----------------------------------------------------------------------------

    /// @brief Everything the PBX holds now: channels, bridges, queues, device and hint states,
    /// parked calls, mailboxes.
    pbx_state state() const {
        pbx_state s;
        run([&] { s = sim_.live().snapshot(); });
        return s;
    }

    // ---- calls ----------------------------------------------------------------------------

    /// @brief Phone `from` calls phone `to` (capture 02): `Local/<from>@<context>` whose `;1`
    /// dials `Local/<to>@<context>/n`; a 51X/52X callee rings (DialState RINGING), then, when
    /// `answer`, answers and both `;1` halves are bridged. 100, 600 and other extensions answer
    /// at once whatever `answer` says.
    /// @param from caller's extension (its `;2` answers at once)
    /// @param to callee's extension
    /// @param caller_name CallerIDName (empty: `from`)
    /// @param answer answer now (else: `answer(call.callee)` later)
    /// @param context dialplan context of both
    placed_call place_call(const std::string& from, const std::string& to,
                           const std::string& caller_name = {}, bool answer = true,
                           const std::string& context = "test") {
        placed_call out;
        run([&] { out = sim_.live().place_call(from, to, caller_name, context, answer); });
        return out;
    }

    /// @brief The ringing callee (`;1` of the dialed pair, or a queue member's leg) answers:
    /// DialEnd ANSWER, bridge (capture 02), or QueueCallerLeave + AgentConnect (capture 05).
    /// Returns false when that channel is not ringing.
    /// @param callee name or Uniqueid
    bool answer(std::string_view callee) {
        bool ok = false;
        run([&] {
            const std::string uid = sim_.live().find(callee);
            ok = !uid.empty() && sim_.live().answer(uid);
        });
        return ok;
    }

    /// @brief Hangs up a channel as the Hangup action does, with what follows (the other half
    /// of its Local pair, a two-party bridge's other side, a queue abandon, a parked call given
    /// up). Returns false when there is no such channel.
    /// @param channel name or Uniqueid
    /// @param cause the Hangup's Cause
    bool hangup(std::string_view channel, int cause = 16) {
        bool ok = false;
        run([&] {
            const std::string uid = sim_.live().find(channel);
            if (uid.empty())
                return;
            ok = sim_.live().manages(uid) ? sim_.live().hangup(uid, cause)
                                          : sim_.remove_channel(channel, true, cause);
        });
        return ok;
    }

    // ---- bridges --------------------------------------------------------------------------

    /// @brief Bridges two simulated Local channels as the `Bridge` action does (capture 14).
    /// Returns the new BridgeUniqueid, empty when a channel is unknown.
    std::string bridge(std::string_view a, std::string_view b) {
        std::string id;
        run([&] {
            const std::string ua = sim_.live().find(a);
            const std::string ub = sim_.live().find(b);
            if (!ua.empty() && !ub.empty() && sim_.live().manages(ua) && sim_.live().manages(ub))
                id = sim_.live().bridge(ua, ub);
        });
        return id;
    }

    /// @brief Takes a channel out of its bridge as `BridgeKick` does. False when not bridged.
    bool kick(std::string_view channel) {
        bool ok = false;
        run([&] {
            const std::string uid = sim_.live().find(channel);
            ok = !uid.empty() && sim_.live().kick(uid);
        });
        return ok;
    }

    /// @brief Sends a channel elsewhere as `Redirect` does: out of its bridge (a Dial bridge's
    /// other side hangs up), then the dialplan at `exten@context` from `priority`.
    bool redirect(std::string_view channel, const std::string& exten,
                  const std::string& context = "test", int priority = 1) {
        bool ok = false;
        run([&] {
            const std::string uid = sim_.live().find(channel);
            ok = !uid.empty() && sim_.live().manages(uid) &&
                 sim_.live().redirect(uid, context, exten, priority);
        });
        return ok;
    }

    /// @brief `BlindTransfer` by `channel` (in a two-party bridge) to `exten@context` (capture
    /// 06 b): BlindTransfer, both leave, the bridge goes, the transferer hangs up, the
    /// transferee runs the new extension. False when `channel` is not in such a bridge.
    bool blind_transfer(std::string_view channel, const std::string& exten,
                        const std::string& context = "test") {
        bool ok = false;
        run([&] {
            const std::string uid = sim_.live().find(channel);
            ok = !uid.empty() && sim_.live().manages(uid) &&
                 sim_.live().blind_transfer(uid, context, exten);
        });
        return ok;
    }

    /// @brief `Atxfer` by `channel` (bridged) to `exten@context` (capture 06 c): Hold, the
    /// target rings in a consultation bridge the transferer moves to (`answer` the target's
    /// `;1`); hanging the transferer up completes it: BridgeMerge, the target moves into the
    /// first bridge, AttendedTransfer. Returns the target's `;1` name, empty on failure.
    std::string atxfer(std::string_view channel, const std::string& exten,
                       const std::string& context = "test") {
        std::string target;
        run([&] {
            const std::string uid = sim_.live().find(channel);
            if (uid.empty() || !sim_.live().manages(uid))
                return;
            const pbx_state before = sim_.live().snapshot();
            if (!sim_.live().atxfer(uid, context, exten))
                return;
            for (const auto& c : sim_.live().snapshot().channels) {
                const bool known = std::any_of(
                    before.channels.begin(), before.channels.end(),
                    [&](const amicpp::testing::channel& b) { return b.uniqueid == c.uniqueid; });
                if (!known && c.name.size() > 2 && c.name.substr(c.name.size() - 2) == ";1")
                    target = c.name;
            }
        });
        return target;
    }

    // ---- queues ---------------------------------------------------------------------------

    /// @brief Creates a queue (strategy ringall) if it does not exist.
    void add_queue(const std::string& name) {
        run([&] { sim_.live().queue(name); });
    }

    /// @brief Phone `from` calls into `queue` (capture 05): QueueCallerJoin, then the first
    /// available member's phone rings (AgentCalled). The returned `caller` is the queued
    /// channel; hang up `caller_phone` to abandon.
    placed_call join_queue(const std::string& queue, const std::string& from = "600",
                           const std::string& caller_name = {},
                           const std::string& context = "test") {
        placed_call out;
        run([&] { out = sim_.live().call_queue(from, caller_name, queue, context); });
        return out;
    }

    /// @brief Adds a member as `QueueAdd` does (QueueMemberAdded). False if already there.
    bool add_member(const std::string& queue, const std::string& interface,
                    const std::string& member_name = {}, int penalty = 0,
                    const std::string& state_interface = {}) {
        bool ok = false;
        queue_member_state m;
        m.interface = interface;
        m.name = member_name;
        m.penalty = penalty;
        m.state_interface = state_interface;
        run([&] { ok = sim_.live().add_member(queue, m); });
        return ok;
    }

    /// @brief Pauses or unpauses a member as `QueuePause` does (QueueMemberPause), in `queue`
    /// or, when it is empty, in every queue the interface is in.
    bool pause_member(const std::string& queue, const std::string& interface, bool paused,
                      const std::string& reason = {}) {
        bool ok = false;
        run([&] { ok = sim_.live().pause_member(queue, interface, paused, reason); });
        return ok;
    }

    /// @brief Removes a member as `QueueRemove` does (QueueMemberRemoved).
    bool remove_member(const std::string& queue, const std::string& interface) {
        bool ok = false;
        run([&] { ok = sim_.live().remove_member(queue, interface); });
        return ok;
    }

    // ---- parking --------------------------------------------------------------------------

    /// @brief Parks a channel as the `Park` action does (capture 07): ParkedCall, BridgeEnter
    /// into the lot's holding bridge. Returns the space (`701`...), empty on failure.
    /// @param channel the parkee
    /// @param parker_dial_string where a timeout calls back (empty: the parkee's own device)
    /// @param timeout ParkingTimeout
    std::string park(std::string_view channel, const std::string& parker_dial_string = {},
                     std::chrono::seconds timeout = std::chrono::seconds{45}) {
        std::string space;
        run([&] {
            const std::string uid = sim_.live().find(channel);
            if (uid.empty() || !sim_.live().manages(uid))
                return;
            std::string parker = parker_dial_string;
            if (parker.empty()) {
                parker = sim_.live().channel_by_uid(uid)->name;
                parker = parker.substr(0, parker.rfind('-'));
            }
            space = sim_.live().park(uid, parker, static_cast<int>(timeout.count()));
        });
        return space;
    }

    /// @brief Phone `from` picks up the call parked at `space` (UnParkedCall, new bridge).
    placed_call pickup(const std::string& space, const std::string& from = "600",
                       const std::string& caller_name = {}) {
        placed_call out;
        run([&] { out = sim_.live().call_parked(from, caller_name, space, "test"); });
        return out;
    }

    /// @brief The call parked at `space` times out (ParkedCallTimeOut) and dials its parker
    /// back. False when nothing is parked there.
    bool park_timeout(const std::string& space) {
        bool ok = false;
        run([&] { ok = sim_.live().park_timeout(space); });
        return ok;
    }

    // ---- devices, hints, voicemail --------------------------------------------------------

    /// @brief Sets a device state as `Setvar DEVICE_STATE(<device>)=<state>` does (capture 08):
    /// ExtensionStatus for hints that change, DeviceStateChange, QueueMemberStatus.
    /// @param device e.g. `Custom:101`
    /// @param state NOT_INUSE, INUSE, BUSY, UNAVAILABLE, RINGING, RINGINUSE, ONHOLD, UNKNOWN
    void set_device_state(const std::string& device, const std::string& state) {
        run([&] { sim_.live().set_device_state(device, state); });
    }

    /// @brief Adds (or replaces) a hint; its status follows its devices from now on. No event.
    void set_hint(const std::string& exten, const std::string& context, const std::string& hint) {
        run([&] {
            sim_.set_extension_state(exten, context,
                                     detail::hint_state{hint, sim_.live().hint_status(hint)});
        });
    }

    /// @brief A new message in `mailbox` (MessageWaiting, `MWI:<mailbox>` INUSE).
    void leave_voicemail(const std::string& mailbox) {
        run([&] { sim_.live().mailbox_message(mailbox, 1, 0); });
    }

    /// @brief A new message of `mailbox` is listened to and moves to Old (MessageWaiting).
    void read_voicemail(const std::string& mailbox) {
        run([&] { sim_.live().mailbox_message(mailbox, -1, 1); });
    }

    // ---- faults of the event stream -------------------------------------------------------

    /// @brief The next `n` events reach no session: a gap (`server_stats::events_dropped`).
    void drop_events(std::size_t n) {
        run([&] { sim_.drop_events(n); });
    }

    /// @brief Asterisk restarts: `Shutdown` (Restart: True) to every session, which is then
    /// closed (the server accepts new ones at once); without `keep_state` the calls (channels,
    /// bridges, queue callers, parked calls) are gone, while queue members, device states,
    /// hints and mailboxes stay, as Asterisk keeps them.
    void restart(bool keep_state = false) {
        run([&] { sim_.restart(keep_state); });
    }

private:
    void run(const std::function<void()>& f) const { run_(f); }

    detail::simulator& sim_;
    runner run_;
};

} // namespace amicpp::testing

#endif // AMICPP_TESTING_SIMULATED_PBX_HPP
