// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_LIVE_STATE_HPP
#define AMICPP_LIVE_STATE_HPP

/// @file
/// @brief `amicpp::live::state`: the sans-io PBX state model. Events and list answers in, typed
/// changes and snapshots out; no I/O, no clock, no thread.

#include <amicpp/detail/ascii.hpp>
#include <amicpp/live/change.hpp>
#include <amicpp/live/clock.hpp>
#include <amicpp/live/detail/event_names.hpp>
#include <amicpp/live/detail/keys.hpp>
#include <amicpp/live/part.hpp>
#include <amicpp/live/snapshot.hpp>
#include <amicpp/message.hpp>
#include <amicpp/reply.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace amicpp::live {

/// @brief Options of a live state.
struct state_options {
    /// @brief Channel variables to keep per channel (from `VarSet` and `ChanVariable` headers),
    /// and global ones (`VarSet` with `Uniqueid: none`). Names compare exactly.
    std::vector<std::string> tracked_variables{};
    /// @brief Record change notifications (read with `changes()`, emptied by `clear_changes()`).
    bool record_changes = true;
};

/// @brief The live PBX state: channels, calls, bridges, queues, device and hint states, parked
/// calls and mailboxes, kept true by events and by list actions.
///
/// Feed it every message of the connection, in order, with `apply` (events and the answers to
/// the lists it was told about with `begin_load`); read what changed with `changes()`, and the
/// state itself with the `find_*` functions or an immutable `snapshot()`.
///
/// **Loads and resyncs.** Call `begin_load(kind, action_id, now)` when (or before) a list action
/// is sent; its items are recognised by their ActionID (list items reuse event names). When the
/// list completes, the state is reconciled with it: only the differences are applied, as ordinary
/// changes (flagged `from_load`); entities that still exist keep their identity. The race rule
/// (events that arrive while the list is collected) is:
/// - a list item never brings back an entity that an event removed after the list was requested
///   (tombstones, kept only while a load of that part is pending);
/// - an entity that an event created or touched after the list was requested keeps the event's
///   values (the list may be older than that event);
/// - an entity held but absent from the completed list is removed only if no event touched it
///   after the list was requested (it may have been created after the list was made);
/// - a list may also be ahead of the events: `Newchannel` for a known channel is an update,
///   `Hangup`/`BridgeLeave`/`QueueCallerLeave` for unknown entities are no-ops.
/// Corrections made by any load of a part after its first are counted as drift.
///
/// **Errors.** A malformed event (no Uniqueid, unknown entity, bad numbers) is ignored or applied
/// as far as it makes sense; `apply` never throws except `std::bad_alloc`.
///
/// Thread safety: one thread (or strand) uses a state; snapshots may go to any thread.
class state {
public:
    /// @brief An empty state.
    explicit state(state_options options = {}) : options_(std::move(options)) {
        fields_ = std::make_unique<detail::fields>();
        scratch_ = std::make_unique<detail::fields>();
    }

    // ---- input -----------------------------------------------------------------------------

    /// @brief Applies one message of the connection: an event, a list item or list end, or the
    /// response to a list action begun with `begin_load`. Other messages are ignored.
    /// @param m the message, as parsed
    /// @param now the time it arrived (used for creation, join and park times)
    void apply(const message& m, time_point now) {
        now_ = now;
        if (m.kind() == message_kind::response) {
            if (!loads_.empty())
                on_response(m);
            return;
        }
        if (m.kind() != message_kind::event)
            return;
        detail::fields& f = *fields_;
        f.read(m);
        if (!loads_.empty()) {
            const std::string_view aid = f.get(detail::key::action_id);
            if (!aid.empty()) {
                for (std::size_t i = 0; i < loads_.size(); ++i) {
                    if (loads_[i].action_id == aid) {
                        on_list_message(i, m);
                        return;
                    }
                }
            }
        }
        ++seq_;
        ++events_;
        current_message_ = &m;
        on_event(f);
        current_message_ = nullptr;
    }

    /// @brief Says that a list action was (or is about to be) sent: its answer will be read as
    /// a load of `part_of(kind)`.
    /// @param kind which list
    /// @param action_id the ActionID the action carries (must be unique among pending loads)
    /// @param now the time it was sent
    /// @param target `BridgeInfo`: the bridge id; `MailboxCount`: the mailbox; `QueueStatus`,
    /// `ParkedCalls`: one queue or lot (empty: all)
    void begin_load(list_kind kind, std::string_view action_id, time_point now,
                    std::string_view target = {}) {
        (void)now;
        pending_load l;
        l.kind = kind;
        l.action_id.assign(action_id);
        l.target.assign(target);
        l.start = seq_;
        loads_.push_back(std::move(l));
        ++parts_[index(part_of(kind))].pending;
    }

    /// @brief Completes a pending load with the whole answer of its action, as `amicpp::action`
    /// collects it (response, list items, Complete event): for glue that receives list answers
    /// as action results rather than through `apply`. An error response marks the part
    /// unavailable with the server's `Message`. Returns false when no load has this id.
    /// @param load_id the `action_id` given to `begin_load` (any unique token will do here)
    /// @param answer the action's result: its response, list items and Complete event
    bool complete_load(std::string_view load_id, reply answer) {
        for (std::size_t i = 0; i < loads_.size(); ++i) {
            if (loads_[i].action_id != load_id)
                continue;
            if (answer.response.kind() == message_kind::response && !answer.response.is_success()) {
                fail_load(load_id, answer.response.message_text());
                return true;
            }
            pending_load& l = loads_[i];
            if (l.kind == list_kind::mailbox_count)
                l.items.push_back(std::move(answer.response));
            for (auto& item : answer.items)
                l.items.push_back(std::move(item));
            if (!answer.final_event.empty())
                l.items.push_back(std::move(answer.final_event));
            finish_load(i);
            return true;
        }
        return false;
    }

    /// @brief Ends a pending load that the server refused: its part is marked unavailable with
    /// `reason` (the server's `Message`, e.g. `Permission denied`). Returns false when no load
    /// has this id.
    bool fail_load(std::string_view load_id, std::string_view reason) {
        for (std::size_t i = 0; i < loads_.size(); ++i) {
            if (loads_[i].action_id != load_id)
                continue;
            const part p = part_of(loads_[i].kind);
            drop_load(i);
            set_unavailable(p, reason.empty() ? std::string_view("refused") : reason);
            return true;
        }
        return false;
    }

    /// @brief Forgets a pending load (its action failed without an answer, e.g. the connection
    /// closed). Returns false when no load has this ActionID.
    bool abandon_load(std::string_view action_id) {
        for (std::size_t i = 0; i < loads_.size(); ++i) {
            if (loads_[i].action_id == action_id) {
                drop_load(i);
                return true;
            }
        }
        return false;
    }

    /// @brief Marks a part unavailable with the server's reason (e.g. its list was refused).
    void set_unavailable(part p, std::string_view reason) {
        part_status& s = parts_[index(p)];
        if (!s.available && s.reason == reason)
            return;
        s.available = false;
        s.reason.assign(reason);
        emit(change_kind::part_changed, to_string(p));
    }

    /// @brief Marks a part available again.
    void set_available(part p) {
        part_status& s = parts_[index(p)];
        if (s.available)
            return;
        s.available = true;
        s.reason.clear();
        emit(change_kind::part_changed, to_string(p));
    }

    // ---- output ----------------------------------------------------------------------------

    /// @brief The changes made since `clear_changes()`.
    change_list changes() const noexcept { return change_list(changes_.data(), change_count_); }

    /// @brief Empties the change list (its storage is kept for the next changes).
    void clear_changes() noexcept { change_count_ = 0; }

    /// @brief An immutable snapshot of the state now; the same object while nothing changes.
    std::shared_ptr<const live::snapshot> snapshot() {
        if (snapshot_ && !dirty_)
            return snapshot_;
        auto s = std::make_shared<live::snapshot>();
        s->channels_ = channels_.view();
        s->calls_ = calls_.view();
        s->bridges_ = bridges_.view();
        s->queues_ = queues_.view();
        s->devices_ = devices_.view();
        s->hints_ = hints_.view();
        s->parked_ = parked_.view();
        s->mailboxes_ = mailboxes_.view();
        s->parts_ = parts_;
        s->drift_ = drift();
        s->events_ = events_;
        s->globals_ = globals_;
        snapshot_ = std::move(s);
        dirty_ = false;
        return snapshot_;
    }

    // ---- reading the current state (same thread as apply) ---------------------------------

    /// @brief The channel with this Uniqueid, or null.
    const channel* find_channel(std::string_view uniqueid) const noexcept {
        return channels_.find(uniqueid);
    }
    /// @brief The call with this Linkedid, or null.
    const call* find_call(std::string_view linkedid) const noexcept {
        return calls_.find(linkedid);
    }
    /// @brief The bridge with this id, or null.
    const bridge* find_bridge(std::string_view id) const noexcept { return bridges_.find(id); }
    /// @brief The queue with this name, or null.
    const queue* find_queue(std::string_view name) const noexcept { return queues_.find(name); }
    /// @brief The device with this name, or null.
    const device_state* find_device(std::string_view name) const noexcept {
        return devices_.find(name);
    }
    /// @brief The hint `exten@context`, or null.
    const hint* find_hint(std::string_view key) const noexcept { return hints_.find(key); }
    /// @brief The parked call of this Uniqueid, or null.
    const parked_call* find_parked(std::string_view uniqueid) const noexcept {
        return parked_.find(uniqueid);
    }
    /// @brief The mailbox `box@context`, or null.
    const mailbox* find_mailbox(std::string_view name) const noexcept {
        return mailboxes_.find(name);
    }

    /// @brief Number of channels.
    std::size_t channel_count() const noexcept { return channels_.size(); }
    /// @brief Number of calls.
    std::size_t call_count() const noexcept { return calls_.size(); }
    /// @brief Number of bridges.
    std::size_t bridge_count() const noexcept { return bridges_.size(); }

    /// @brief Status of one part: availability, loads, drift.
    const part_status& status(part p) const noexcept { return parts_[index(p)]; }
    /// @brief Corrections made by resyncs, all parts together.
    std::uint64_t drift() const noexcept {
        std::uint64_t d = 0;
        for (const auto& p : parts_)
            d += p.drift;
        return d;
    }
    /// @brief Events applied so far (list items not counted).
    std::uint64_t events_applied() const noexcept { return events_; }
    /// @brief True while a list is pending.
    bool loading() const noexcept { return !loads_.empty(); }
    /// @brief True while a list of this part is pending.
    bool loading(part p) const noexcept { return parts_[index(p)].pending != 0; }

private:
    struct pending_load {
        list_kind kind = list_kind::core_show_channels;
        std::string action_id;
        std::string target;
        std::uint64_t start = 0;
        std::vector<message> items;
    };

    static std::size_t index(part p) noexcept { return static_cast<std::size_t>(p); }

    // ---- changes ---------------------------------------------------------------------------

    void emit(change_kind k, std::string_view key, std::string_view sub = {},
              std::uint32_t fields = 0) {
        dirty_ = true;
        if (!options_.record_changes)
            return;
        if (change_count_ == changes_.size())
            changes_.emplace_back();
        change& c = changes_[change_count_++];
        c.kind = k;
        c.from_load = in_load_;
        c.fields = fields;
        c.key.assign(key.data(), key.size());
        c.sub.assign(sub.data(), sub.size());
    }

    void correction() noexcept {
        if (in_load_)
            ++corrections_;
    }

    // The sequence number an entity gets when an event or a list item touches it.
    std::uint64_t touch_seq() const noexcept { return in_load_ ? load_start_ : seq_; }

    static bool set(std::string& dst, std::string_view v) {
        if (dst == v)
            return false;
        dst.assign(v.data(), v.size());
        return true;
    }
    // Dry runs: would `set` change `dst`?
    static bool set(const std::string& dst, std::string_view v) noexcept { return dst != v; }
    template <class Int>
    static bool set_int(const Int& dst, std::string_view v) noexcept {
        return dst != static_cast<Int>(detail::to_int(v, static_cast<std::int64_t>(dst)));
    }
    template <class Int>
    static bool set_int(Int& dst, std::string_view v) {
        const auto x = static_cast<Int>(detail::to_int(v, static_cast<std::int64_t>(dst)));
        if (dst == x)
            return false;
        dst = x;
        return true;
    }
    static bool set_bool(bool& dst, std::string_view v) {
        const bool x = detail::to_int(v, 0) != 0 || amicpp::detail::iequals(v, "yes") ||
                       amicpp::detail::iequals(v, "true");
        if (dst == x)
            return false;
        dst = x;
        return true;
    }

    void tombstone(part p, std::string_view key) {
        if (parts_[index(p)].pending == 0)
            return;
        tombstones_[index(p)][std::string(key)] = seq_;
    }
    bool is_tombstoned(part p, std::string_view key, std::uint64_t start) const {
        const auto& t = tombstones_[index(p)];
        if (t.empty())
            return false;
        const auto it = t.find(std::string(key));
        return it != t.end() && it->second > start;
    }
    static std::string member_key(std::string_view q, std::string_view m) {
        std::string k;
        k.reserve(q.size() + m.size() + 1);
        k.append(q.data(), q.size()).push_back('\n');
        k.append(m.data(), m.size());
        return k;
    }

    // ---- channels --------------------------------------------------------------------------

    static channel_state to_state(std::string_view v) noexcept {
        const std::int64_t n = detail::to_int(v, 10);
        return (n >= 0 && n <= 9) ? static_cast<channel_state>(n) : channel_state::unknown;
    }

    // Applies the common channel headers of `f` (unprefixed) to `c`; returns the changed fields.
    // Linkedid, bridge and calls are handled by the caller.
    // With a const channel: a dry run that only says what would change.
    template <class Channel>
    static std::uint32_t update_channel_fields(Channel& c, const detail::fields& f) {
        using detail::key;
        std::uint32_t mask = 0;
        if (f.has(key::channel) && set(c.name, f.get(key::channel)))
            mask |= field_name;
        if (f.has(key::channel_state)) {
            const channel_state s = to_state(f.get(key::channel_state));
            if (s != c.state) {
                if constexpr (!std::is_const_v<Channel>)
                    c.state = s;
                mask |= field_state;
            }
        }
        if (f.has(key::caller_id_num) && set(c.caller_id_num, f.get(key::caller_id_num)))
            mask |= field_caller_id;
        if (f.has(key::caller_id_name) && set(c.caller_id_name, f.get(key::caller_id_name)))
            mask |= field_caller_id;
        if (f.has(key::connected_line_num) &&
            set(c.connected_line_num, f.get(key::connected_line_num)))
            mask |= field_connected_line;
        if (f.has(key::connected_line_name) &&
            set(c.connected_line_name, f.get(key::connected_line_name)))
            mask |= field_connected_line;
        if (f.has(key::context) && set(c.context, f.get(key::context)))
            mask |= field_dialplan;
        if (f.has(key::exten) && set(c.exten, f.get(key::exten)))
            mask |= field_dialplan;
        if (f.has(key::priority) && set_int(c.priority, f.get(key::priority)))
            mask |= field_dialplan;
        if (f.has(key::account_code) && set(c.account_code, f.get(key::account_code)))
            mask |= field_account_code;
        if (f.has(key::language) && set(c.language, f.get(key::language)))
            mask |= field_language;
        return mask;
    }

    bool tracked(std::string_view name) const noexcept {
        for (const auto& t : options_.tracked_variables) {
            if (t == name)
                return true;
        }
        return false;
    }

    static bool set_variable(std::vector<std::pair<std::string, std::string>>& vars,
                             std::string_view name, std::string_view value) {
        for (auto& v : vars) {
            if (v.first == name)
                return set(v.second, value);
        }
        vars.emplace_back(std::string(name), std::string(value));
        return true;
    }

    // `ChanVariable: NAME=value` headers (manager.conf channelvars) of tracked variables.
    std::uint32_t update_chan_variables(channel& c, const message& m) {
        std::uint32_t mask = 0;
        for (std::string_view v : m.values("ChanVariable")) {
            const std::size_t eq = v.find('=');
            if (eq == std::string_view::npos)
                continue;
            if (tracked(v.substr(0, eq)) &&
                set_variable(c.variables, v.substr(0, eq), v.substr(eq + 1)))
                mask |= field_variables;
        }
        return mask;
    }

    // The channel of an event, made writable, updated from its channel headers; created when
    // `create` (Newchannel, list items). Null when it has no Uniqueid or is unknown.
    enum class app_keys { none, newexten, list };

    template <class Channel>
    static std::uint32_t update_application(Channel& c, const detail::fields& f, app_keys app) {
        using detail::key;
        if (app == app_keys::none)
            return 0;
        bool changed = false;
        if (f.has(key::application))
            changed |= set(c.application, f.get(key::application));
        const key data = app == app_keys::newexten ? key::app_data : key::application_data;
        if (f.has(data))
            changed |= set(c.application_data, f.get(data));
        return changed ? std::uint32_t{field_application} : std::uint32_t{0};
    }

    channel* touch_channel(const detail::fields& f, bool create, const message* m = nullptr,
                           app_keys app = app_keys::none) {
        const std::string_view uid = f.get(detail::key::uniqueid);
        if (uid.empty() || uid == "<unknown>")
            return nullptr;
        channel* c = channels_.find_mut(uid);
        if (c == nullptr) {
            if (!create)
                return nullptr;
            return add_channel(uid, f, now_, m, app);
        }
        std::uint32_t mask = update_channel_fields(*c, f) | update_application(*c, f, app);
        if (m != nullptr && !options_.tracked_variables.empty() &&
            f.has(detail::key::chan_variable))
            mask |= update_chan_variables(*c, *m);
        if (!in_load_)
            c->event_seq = seq_;
        const std::string_view lid = f.get(detail::key::linkedid);
        std::string old_linkedid;
        if (!lid.empty() && lid != c->linkedid) {
            old_linkedid = std::move(c->linkedid);
            c->linkedid.assign(lid.data(), lid.size());
            mask |= field_linkedid;
        }
        if (mask == 0)
            return c;
        emit(change_kind::channel_changed, c->uniqueid, {}, mask);
        correction();
        if (mask & field_linkedid) {
            leave_call(old_linkedid, c->uniqueid);
            join_call(*c);
        } else if ((mask & field_state) && c->state == channel_state::up) {
            answer_call(*c);
        }
        return c;
    }

    channel* add_channel(std::string_view uid, const detail::fields& f, time_point created,
                         const message* m, app_keys app) {
        channel fresh;
        fresh.uniqueid.assign(uid.data(), uid.size());
        channel& c = channels_.insert(uid, std::move(fresh));
        update_channel_fields(c, f);
        update_application(c, f, app);
        if (m != nullptr && !options_.tracked_variables.empty() &&
            f.has(detail::key::chan_variable))
            update_chan_variables(c, *m);
        const std::string_view lid = f.get(detail::key::linkedid);
        c.linkedid.assign(lid.empty() ? uid : lid);
        c.created = created;
        c.event_seq = touch_seq();
        emit(change_kind::channel_added, c.uniqueid);
        correction();
        join_call(c);
        return &c;
    }

    void remove_channel(std::string_view uid_in) {
        channel* c = channels_.find_mut(uid_in);
        if (c == nullptr)
            return;
        const std::string uid = c->uniqueid;
        if (!c->bridge_id.empty())
            set_bridge(*c, {});
        leave_call(c->linkedid, uid);
        // A caller still listed in a queue, a parked call still held: gone with the channel.
        if (queues_.size() != 0) {
            std::vector<std::string> names;
            queues_.for_each([&](const queue& q) {
                if (q.find_caller(uid) != nullptr)
                    names.push_back(q.name);
            });
            for (const auto& n : names)
                remove_caller(n, uid, false);
        }
        if (parked_.size() != 0 && parked_.find(uid) != nullptr) {
            parked_.erase(uid);
            emit(change_kind::unparked, uid, "gone");
        }
        emit(change_kind::channel_removed, uid);
        correction();
        channels_.erase(uid);
        tombstone(part::channels, uid);
    }

    // ---- calls -----------------------------------------------------------------------------

    void join_call(const channel& c) {
        call* k = calls_.find_mut(c.linkedid);
        if (k == nullptr) {
            call fresh;
            fresh.linkedid = c.linkedid;
            fresh.started = c.created;
            k = &calls_.insert(c.linkedid, std::move(fresh));
            k->channels.push_back(c.uniqueid);
            emit(change_kind::call_started, c.linkedid, c.uniqueid);
        } else {
            if (std::find(k->channels.begin(), k->channels.end(), c.uniqueid) != k->channels.end())
                return;
            k->channels.push_back(c.uniqueid);
            if (c.created < k->started)
                k->started = c.created;
            emit(change_kind::call_changed, c.linkedid, c.uniqueid);
        }
        if (c.state == channel_state::up && !k->answered) {
            k->answered = true;
            k->answered_at = now_;
            emit(change_kind::call_answered, c.linkedid, c.uniqueid);
        }
    }

    void answer_call(const channel& c) {
        call* k = calls_.find_mut(c.linkedid);
        if (k == nullptr || k->answered)
            return;
        k->answered = true;
        k->answered_at = now_;
        emit(change_kind::call_answered, c.linkedid, c.uniqueid);
    }

    void leave_call(std::string_view linkedid, std::string_view uid) {
        call* k = calls_.find_mut(linkedid);
        if (k == nullptr)
            return;
        auto it = std::find(k->channels.begin(), k->channels.end(), uid);
        if (it == k->channels.end())
            return;
        k->channels.erase(it);
        if (k->channels.empty()) {
            const std::string id = k->linkedid;
            calls_.erase(id);
            emit(change_kind::call_ended, id);
        } else {
            emit(change_kind::call_changed, linkedid, uid);
        }
    }

    // ---- bridges ---------------------------------------------------------------------------

    bridge& ensure_bridge(std::string_view id) {
        if (bridge* b = bridges_.find_mut(id))
            return *b;
        bridge fresh;
        fresh.id.assign(id.data(), id.size());
        fresh.event_seq = touch_seq();
        bridge& b = bridges_.insert(id, std::move(fresh));
        emit(change_kind::bridge_created, id);
        correction();
        return b;
    }

    // Bridge details from `Bridge*` headers (BridgeCreate, BridgeEnter, lists).
    bool update_bridge(bridge& b, const detail::fields& f) {
        using detail::key;
        bool changed = false;
        if (f.has(key::bridge_type))
            changed |= set(b.type, f.get(key::bridge_type));
        if (f.has(key::bridge_technology))
            changed |= set(b.technology, f.get(key::bridge_technology));
        if (f.has(key::bridge_creator))
            changed |= set(b.creator, f.get(key::bridge_creator));
        if (f.has(key::bridge_name))
            changed |= set(b.name, f.get(key::bridge_name));
        b.event_seq = std::max(b.event_seq, touch_seq());
        if (changed)
            emit(change_kind::bridge_changed, b.id);
        return changed;
    }

    // Moves a channel to bridge `to` (empty: out of any bridge), keeping both member lists.
    void set_bridge(channel& c, std::string_view to) {
        if (c.bridge_id == to)
            return;
        if (!c.bridge_id.empty()) {
            if (bridge* b = bridges_.find_mut(c.bridge_id)) {
                auto it = std::find(b->members.begin(), b->members.end(), c.uniqueid);
                if (it != b->members.end())
                    b->members.erase(it);
                b->event_seq = std::max(b->event_seq, touch_seq());
            }
            emit(change_kind::bridge_left, c.bridge_id, c.uniqueid);
        }
        c.bridge_id.assign(to.data(), to.size());
        if (!to.empty()) {
            bridge& b = ensure_bridge(to);
            if (std::find(b.members.begin(), b.members.end(), c.uniqueid) == b.members.end())
                b.members.push_back(c.uniqueid);
            b.event_seq = std::max(b.event_seq, touch_seq());
            emit(change_kind::bridge_entered, to, c.uniqueid);
        }
        emit(change_kind::channel_changed, c.uniqueid, {}, field_bridge);
    }

    void destroy_bridge(std::string_view id_in) {
        bridge* b = bridges_.find_mut(id_in);
        if (b == nullptr) {
            if (!id_in.empty())
                tombstone(part::bridges, id_in);
            return;
        }
        const std::string id = b->id;
        const std::vector<std::string> members = b->members;
        for (const auto& uid : members) {
            channel* c = channels_.find_mut(uid);
            if (c != nullptr && c->bridge_id == id)
                set_bridge(*c, {});
        }
        bridges_.erase(id);
        emit(change_kind::bridge_destroyed, id);
        correction();
        tombstone(part::bridges, id);
    }

    // ---- queues ----------------------------------------------------------------------------

    queue& ensure_queue(std::string_view name) {
        if (queue* q = queues_.find_mut(name))
            return *q;
        queue fresh;
        fresh.name.assign(name.data(), name.size());
        fresh.event_seq = touch_seq();
        queue& q = queues_.insert(name, std::move(fresh));
        emit(change_kind::queue_added, name);
        correction();
        return q;
    }

    static queue_member* find_member(queue& q, std::string_view interface) noexcept {
        for (auto& m : q.members) {
            if (m.interface == interface)
                return &m;
        }
        return nullptr;
    }
    static queue_caller* find_caller(queue& q, std::string_view uid) noexcept {
        for (auto& c : q.callers) {
            if (c.uniqueid == uid)
                return &c;
        }
        return nullptr;
    }

    // Member fields from a QueueMember* event or a QueueMember list item.
    static bool update_member(queue_member& m, const detail::fields& f) {
        using detail::key;
        bool changed = false;
        if (f.has(key::member_name))
            changed |= set(m.name, f.get(key::member_name));
        else if (f.has(key::name))
            changed |= set(m.name, f.get(key::name));
        if (f.has(key::state_interface))
            changed |= set(m.state_interface, f.get(key::state_interface));
        if (f.has(key::membership))
            changed |= set(m.membership, f.get(key::membership));
        if (f.has(key::penalty))
            changed |= set_int(m.penalty, f.get(key::penalty));
        if (f.has(key::calls_taken))
            changed |= set_int(m.calls_taken, f.get(key::calls_taken));
        if (f.has(key::last_call))
            changed |= set_int(m.last_call, f.get(key::last_call));
        if (f.has(key::last_pause))
            changed |= set_int(m.last_pause, f.get(key::last_pause));
        if (f.has(key::login_time))
            changed |= set_int(m.login_time, f.get(key::login_time));
        if (f.has(key::in_call))
            changed |= set_bool(m.in_call, f.get(key::in_call));
        if (f.has(key::status))
            changed |= set_int(m.status, f.get(key::status));
        if (f.has(key::paused))
            changed |= set_bool(m.paused, f.get(key::paused));
        if (f.has(key::paused_reason))
            changed |= set(m.paused_reason, f.get(key::paused_reason));
        if (f.has(key::wrapup_time))
            changed |= set_int(m.wrapup_time, f.get(key::wrapup_time));
        return changed;
    }

    void upsert_member(std::string_view qname, std::string_view interface,
                       const detail::fields& f) {
        queue& q = ensure_queue(qname);
        q.event_seq = std::max(q.event_seq, touch_seq());
        if (queue_member* m = find_member(q, interface)) {
            m->event_seq = std::max(m->event_seq, touch_seq());
            if (update_member(*m, f)) {
                emit(change_kind::queue_member_changed, qname, interface);
                correction();
            }
            return;
        }
        queue_member fresh;
        fresh.interface.assign(interface.data(), interface.size());
        update_member(fresh, f);
        fresh.event_seq = touch_seq();
        q.members.push_back(std::move(fresh));
        emit(change_kind::queue_member_added, qname, interface);
        correction();
    }

    void remove_member(std::string_view qname, std::string_view interface) {
        tombstone(part::queues, member_key(qname, interface));
        queue* q = queues_.find_mut(qname);
        if (q == nullptr)
            return;
        for (auto it = q->members.begin(); it != q->members.end(); ++it) {
            if (it->interface == interface) {
                const std::string iface = it->interface;
                q->members.erase(it);
                q->event_seq = std::max(q->event_seq, touch_seq());
                emit(change_kind::queue_member_removed, qname, iface);
                correction();
                tombstone(part::queues, member_key(qname, iface));
                return;
            }
        }
    }

    void upsert_caller(std::string_view qname, std::string_view uid, const detail::fields& f,
                       time_point joined) {
        using detail::key;
        queue& q = ensure_queue(qname);
        q.event_seq = std::max(q.event_seq, touch_seq());
        const int position = static_cast<int>(detail::to_int(f.get(key::position), 0));
        if (queue_caller* c = find_caller(q, uid)) {
            c->event_seq = std::max(c->event_seq, touch_seq());
            bool changed = false;
            if (position > 0 && position != c->position) {
                c->position = position;
                changed = true;
            }
            if (f.has(key::channel))
                changed |= set(c->channel, f.get(key::channel));
            if (f.has(key::caller_id_num))
                changed |= set(c->caller_id_num, f.get(key::caller_id_num));
            if (f.has(key::caller_id_name))
                changed |= set(c->caller_id_name, f.get(key::caller_id_name));
            if (changed) {
                sort_callers(q);
                emit(change_kind::queue_caller_changed, qname, uid);
                correction();
            }
            return;
        }
        queue_caller fresh;
        fresh.uniqueid.assign(uid.data(), uid.size());
        fresh.channel.assign(f.get(key::channel));
        fresh.position = position > 0 ? position : static_cast<int>(q.callers.size()) + 1;
        fresh.caller_id_num.assign(f.get(key::caller_id_num));
        fresh.caller_id_name.assign(f.get(key::caller_id_name));
        fresh.joined = joined;
        fresh.event_seq = touch_seq();
        q.callers.push_back(std::move(fresh));
        sort_callers(q);
        emit(change_kind::queue_caller_joined, qname, uid);
        correction();
    }

    static void sort_callers(queue& q) {
        std::stable_sort(
            q.callers.begin(), q.callers.end(),
            [](const queue_caller& a, const queue_caller& b) { return a.position < b.position; });
    }

    void remove_caller(std::string_view qname_in, std::string_view uid_in, bool event) {
        if (event)
            tombstone(part::queues, member_key(qname_in, uid_in));
        queue* q = queues_.find_mut(qname_in);
        if (q == nullptr)
            return;
        for (auto it = q->callers.begin(); it != q->callers.end(); ++it) {
            if (it->uniqueid != uid_in)
                continue;
            const std::string uid = it->uniqueid;
            const std::string qname = q->name;
            const int pos = it->position;
            q->callers.erase(it);
            if (event)
                q->event_seq = std::max(q->event_seq, touch_seq());
            // Asterisk moves everyone behind the leaver one place up.
            for (auto& c : q->callers) {
                if (c.position > pos) {
                    --c.position;
                    emit(change_kind::queue_caller_changed, qname, c.uniqueid);
                }
            }
            emit(change_kind::queue_caller_left, qname, uid);
            correction();
            tombstone(part::queues, member_key(qname, uid));
            return;
        }
    }

    // ---- devices, hints, parked, mailboxes -------------------------------------------------

    void upsert_device(std::string_view name, std::string_view st) {
        if (name.empty())
            return;
        if (device_state* d = devices_.find_mut(name)) {
            d->event_seq = std::max(d->event_seq, touch_seq());
            if (set(d->state, st)) {
                emit(change_kind::device_state_changed, name);
                correction();
            }
            return;
        }
        device_state fresh;
        fresh.device.assign(name.data(), name.size());
        fresh.state.assign(st.data(), st.size());
        fresh.event_seq = touch_seq();
        devices_.insert(name, std::move(fresh));
        emit(change_kind::device_state_changed, name);
        correction();
    }

    void upsert_hint(const detail::fields& f) {
        using detail::key;
        const std::string_view exten = f.get(key::exten);
        const std::string_view context = f.get(key::context);
        if (exten.empty())
            return;
        std::string k;
        k.reserve(exten.size() + context.size() + 1);
        k.append(exten.data(), exten.size()).push_back('@');
        k.append(context.data(), context.size());
        hint* h = hints_.find_mut(k);
        bool changed = false;
        if (h == nullptr) {
            hint fresh;
            fresh.key = k;
            fresh.exten.assign(exten.data(), exten.size());
            fresh.context.assign(context.data(), context.size());
            h = &hints_.insert(k, std::move(fresh));
            changed = true;
        }
        h->event_seq = std::max(h->event_seq, touch_seq());
        if (f.has(key::hint))
            changed |= set(h->devices, f.get(key::hint));
        if (f.has(key::status))
            changed |= set_int(h->status, f.get(key::status));
        if (f.has(key::status_text))
            changed |= set(h->status_text, f.get(key::status_text));
        if (changed) {
            emit(change_kind::hint_state_changed, k);
            correction();
        }
    }

    void upsert_parked(const detail::fields& f, time_point parked_at) {
        using detail::key;
        const std::string_view uid = f.get(key::parkee_uniqueid);
        if (uid.empty())
            return;
        parked_call* p = parked_.find_mut(uid);
        bool added = false, changed = false;
        if (p == nullptr) {
            parked_call fresh;
            fresh.uniqueid.assign(uid.data(), uid.size());
            fresh.parked_at = parked_at;
            p = &parked_.insert(uid, std::move(fresh));
            added = true;
        }
        p->event_seq = std::max(p->event_seq, touch_seq());
        changed |= set(p->channel, f.get(key::parkee_channel));
        changed |= set(p->lot, f.get(key::parking_lot));
        changed |= set(p->space, f.get(key::parking_space));
        changed |= set(p->parker_dial_string, f.get(key::parker_dial_string));
        // A list's ParkingTimeout counts down (42 s left after 3 s of 45, capture 07): the sum
        // with ParkingDuration is the call's whole timeout, the same in events and lists.
        int left = 0, parked_for = 0;
        set_int(left, f.get(key::parking_timeout));
        set_int(parked_for, f.get(key::parking_duration));
        if (p->timeout != left + parked_for) {
            p->timeout = left + parked_for;
            changed = true;
        }
        if (added || changed) {
            emit(added ? change_kind::parked : change_kind::parked_changed, p->uniqueid, p->space);
            correction();
        }
    }

    void remove_parked(std::string_view uid, std::string_view why) {
        if (uid.empty())
            return;
        tombstone(part::parked, uid);
        if (parked_.find(uid) == nullptr)
            return;
        const std::string id(uid);
        parked_.erase(id);
        emit(change_kind::unparked, id, why);
        correction();
        tombstone(part::parked, id);
    }

    void upsert_mailbox(std::string_view name, std::string_view new_count,
                        std::string_view old_count) {
        if (name.empty())
            return;
        mailbox* m = mailboxes_.find_mut(name);
        bool changed = false;
        if (m == nullptr) {
            mailbox fresh;
            fresh.mailbox.assign(name.data(), name.size());
            m = &mailboxes_.insert(name, std::move(fresh));
            changed = true;
        }
        m->event_seq = std::max(m->event_seq, touch_seq());
        changed |= set_int(m->new_messages, new_count);
        changed |= set_int(m->old_messages, old_count);
        if (changed) {
            emit(change_kind::mailbox_changed, name);
            correction();
        }
    }

    // ---- events ----------------------------------------------------------------------------

    void on_event(const detail::fields& f) {
        using detail::event_id;
        using detail::key;
        const event_id id = detail::events().find(f.get(key::event));
        switch (id) {
        case event_id::newchannel: {
            touch_channel(f, true, current_message_);
            return;
        }
        case event_id::hangup: {
            const std::string_view uid = f.get(key::uniqueid);
            if (uid.empty())
                return;
            // Unknown or not, it is dead: a pending list made before this hangup must not
            // bring it back (the first load, while the state knows nothing yet).
            tombstone(part::channels, uid);
            remove_channel(uid);
            return;
        }
        case event_id::rename: {
            channel* c = touch_channel(f, false);
            if (c != nullptr && f.has(key::newname) && set(c->name, f.get(key::newname)))
                emit(change_kind::channel_changed, c->uniqueid, {}, field_name);
            return;
        }
        case event_id::var_set: {
            const std::string_view uid = f.get(key::uniqueid);
            const std::string_view name = f.get(key::variable);
            if (uid.empty() || amicpp::detail::iequals(uid, "none")) {
                if (!name.empty() && tracked(name) &&
                    set_variable(globals_, name, f.get(key::value)))
                    dirty_ = true;
                return;
            }
            channel* c = touch_channel(f, false);
            if (c != nullptr && !name.empty() && tracked(name) &&
                set_variable(c->variables, name, f.get(key::value)))
                emit(change_kind::channel_changed, c->uniqueid, {}, field_variables);
            return;
        }
        case event_id::newexten:
            touch_channel(f, false, current_message_, app_keys::newexten);
            return;
        case event_id::bridge_create: {
            const std::string_view bid = f.get(key::bridge_uniqueid);
            if (bid.empty())
                return;
            update_bridge(ensure_bridge(bid), f);
            return;
        }
        case event_id::bridge_destroy:
            destroy_bridge(f.get(key::bridge_uniqueid));
            return;
        case event_id::bridge_enter: {
            const std::string_view bid = f.get(key::bridge_uniqueid);
            if (bid.empty())
                return;
            update_bridge(ensure_bridge(bid), f);
            if (channel* c = touch_channel(f, false))
                set_bridge(*c, bid);
            return;
        }
        case event_id::bridge_leave: {
            const std::string_view bid = f.get(key::bridge_uniqueid);
            channel* c = touch_channel(f, false);
            if (c != nullptr && c->bridge_id == bid)
                set_bridge(*c, {});
            if (bridge* b = bridges_.find_mut(bid))
                b->event_seq = std::max(b->event_seq, touch_seq());
            return;
        }
        case event_id::bridge_merge: {
            // The per-channel BridgeLeave/BridgeEnter that follow find the channels moved.
            const std::string_view to = f.get(key::to_bridge_uniqueid);
            const std::string_view from = f.get(key::from_bridge_uniqueid);
            const bridge* b = bridges_.find(from);
            if (to.empty() || b == nullptr || to == from)
                return;
            const std::vector<std::string> members = b->members;
            for (const auto& uid : members) {
                if (channel* c = channels_.find_mut(uid)) {
                    c->event_seq = std::max(c->event_seq, touch_seq());
                    set_bridge(*c, to);
                }
            }
            return;
        }
        case event_id::queue_caller_join: {
            touch_channel(f, false);
            const std::string_view q = f.get(key::queue);
            const std::string_view uid = f.get(key::uniqueid);
            if (!q.empty() && !uid.empty())
                upsert_caller(q, uid, f, now_);
            return;
        }
        case event_id::queue_caller_leave:
            touch_channel(f, false);
            remove_caller(f.get(key::queue), f.get(key::uniqueid), true);
            return;
        case event_id::queue_caller_abandon: {
            touch_channel(f, false);
            const std::string_view q = f.get(key::queue);
            if (q.empty())
                return;
            queue& qu = ensure_queue(q);
            ++qu.abandoned;
            qu.event_seq = std::max(qu.event_seq, touch_seq());
            emit(change_kind::queue_changed, q);
            emit(change_kind::queue_caller_abandoned, q, f.get(key::uniqueid));
            return;
        }
        case event_id::queue_member_added:
        case event_id::queue_member_status:
        case event_id::queue_member_pause:
        case event_id::queue_member_paused:
        case event_id::queue_member_penalty:
        case event_id::queue_member_ringinuse: {
            const std::string_view q = f.get(key::queue);
            const std::string_view iface =
                f.has(key::interface) ? f.get(key::interface) : f.get(key::location);
            if (!q.empty() && !iface.empty())
                upsert_member(q, iface, f);
            return;
        }
        case event_id::queue_member_removed: {
            const std::string_view iface =
                f.has(key::interface) ? f.get(key::interface) : f.get(key::location);
            remove_member(f.get(key::queue), iface);
            return;
        }
        case event_id::agent_connect:
        case event_id::agent_complete: {
            touch_channel(f, false);
            const std::string_view q = f.get(key::queue);
            if (q.empty())
                return;
            const bool connected = id == event_id::agent_connect;
            queue& qu = ensure_queue(q);
            qu.event_seq = std::max(qu.event_seq, touch_seq());
            if (!connected) {
                ++qu.completed;
                emit(change_kind::queue_changed, q);
            }
            // A member talks from AgentConnect to AgentComplete: Asterisk sends no member event
            // for either (InCall shows first in the member's next event, capture 05).
            if (queue_member* m = find_member(qu, f.get(key::interface))) {
                m->event_seq = std::max(m->event_seq, touch_seq());
                if (m->in_call != connected) {
                    m->in_call = connected;
                    emit(change_kind::queue_member_changed, q, m->interface);
                }
            }
            return;
        }
        case event_id::device_state_change:
            upsert_device(f.get(key::device), f.get(key::state));
            return;
        case event_id::extension_status:
            upsert_hint(f);
            return;
        case event_id::parked_call:
            upsert_parked(f, now_);
            return;
        case event_id::unparked_call:
            remove_parked(f.get(key::parkee_uniqueid), "retrieved");
            return;
        case event_id::parked_call_give_up:
            remove_parked(f.get(key::parkee_uniqueid), "gave_up");
            return;
        case event_id::parked_call_time_out:
            remove_parked(f.get(key::parkee_uniqueid), "timeout");
            return;
        case event_id::parked_call_swap:
            // The new parkee takes the space; the old one is in the Parker* / Retriever* blob,
            // which Asterisk does not name with a stable key: drop whoever held the space.
            swap_parked(f);
            return;
        case event_id::message_waiting:
            touch_channel(f, false);
            upsert_mailbox(f.get(key::mailbox), f.get(key::new_count), f.get(key::old_count));
            return;
        case event_id::originate_response: {
            // Its Context/Exten are the originate's target, not where the channel is.
            const std::string_view uid = f.get(key::uniqueid);
            channel* c = uid.empty() ? nullptr : channels_.find_mut(uid);
            if (c == nullptr)
                return;
            std::uint32_t mask = 0;
            if (f.has(key::caller_id_num) && set(c->caller_id_num, f.get(key::caller_id_num)))
                mask |= field_caller_id;
            if (f.has(key::caller_id_name) && set(c->caller_id_name, f.get(key::caller_id_name)))
                mask |= field_caller_id;
            c->event_seq = std::max(c->event_seq, touch_seq());
            if (mask != 0)
                emit(change_kind::channel_changed, c->uniqueid, {}, mask);
            return;
        }
        case event_id::cdr:
        case event_id::cel:
            return; // their Uniqueid-like headers describe a finished record
        default:
            if (f.has(key::uniqueid))
                touch_channel(f, false, current_message_);
            return;
        }
    }

    void swap_parked(const detail::fields& f) {
        using detail::key;
        const std::string_view space = f.get(key::parking_space);
        const std::string_view lot = f.get(key::parking_lot);
        std::vector<std::string> old;
        parked_.for_each([&](const parked_call& p) {
            if (p.space == space && p.lot == lot && p.uniqueid != f.get(key::parkee_uniqueid))
                old.push_back(p.uniqueid);
        });
        for (const auto& uid : old)
            remove_parked(uid, "retrieved");
        upsert_parked(f, now_);
    }

    // ---- loads -----------------------------------------------------------------------------

    void on_response(const message& m) {
        const std::string_view aid = m.action_id();
        for (std::size_t i = 0; i < loads_.size(); ++i) {
            if (loads_[i].action_id != aid)
                continue;
            if (!m.is_success()) {
                const std::string id = loads_[i].action_id;
                fail_load(id, m.message_text());
                return;
            }
            if (loads_[i].kind == list_kind::mailbox_count) {
                loads_[i].items.push_back(m);
                finish_load(i);
            }
            return;
        }
    }

    void on_list_message(std::size_t i, const message& m) {
        if (m.is_list_cancelled()) {
            drop_load(i);
            return;
        }
        const std::string_view name = m.event_name();
        if (m.is_list_complete() || amicpp::detail::iends_with(name, "Complete")) {
            loads_[i].items.push_back(m); // BridgeInfoComplete carries the bridge
            finish_load(i);
            return;
        }
        loads_[i].items.push_back(m);
    }

    void drop_load(std::size_t i) {
        const part p = part_of(loads_[i].kind);
        loads_.erase(loads_.begin() + static_cast<std::ptrdiff_t>(i));
        part_status& s = parts_[index(p)];
        if (s.pending > 0)
            --s.pending;
        if (s.pending == 0)
            tombstones_[index(p)].clear();
    }

    void finish_load(std::size_t i) {
        pending_load l = std::move(loads_[i]);
        loads_.erase(loads_.begin() + static_cast<std::ptrdiff_t>(i));
        const part p = part_of(l.kind);
        part_status& s = parts_[index(p)];
        in_load_ = true;
        load_start_ = l.start;
        corrections_ = 0;
        struct reset_flag {
            bool& flag;
            ~reset_flag() { flag = false; }
        } reset{in_load_};
        switch (l.kind) {
        case list_kind::core_show_channels:
            reconcile_channels(l);
            break;
        case list_kind::bridge_list:
            reconcile_bridges(l);
            break;
        case list_kind::bridge_info:
            reconcile_bridge_info(l);
            break;
        case list_kind::queue_status:
            reconcile_queues(l);
            break;
        case list_kind::device_state_list:
            reconcile_devices(l);
            break;
        case list_kind::extension_state_list:
            reconcile_hints(l);
            break;
        case list_kind::parked_calls:
            reconcile_parked(l);
            break;
        case list_kind::mailbox_count:
            reconcile_mailbox(l);
            break;
        }
        if (s.loads > 0)
            s.drift += corrections_;
        ++s.loads;
        if (s.pending > 0)
            --s.pending;
        if (s.pending == 0)
            tombstones_[index(p)].clear();
        if (!s.available) {
            s.available = true;
            s.reason.clear();
        }
        emit(change_kind::part_changed, to_string(p));
    }

    // Is this list item about an entity an event removed, or touched, after the request?
    template <class Entity>
    static bool newer_than(const Entity* e, std::uint64_t start) noexcept {
        return e != nullptr && e->event_seq > start;
    }

    void reconcile_channels(const pending_load& l) {
        using detail::key;
        detail::fields& f = *scratch_;
        std::unordered_set<std::string_view> listed;
        listed.reserve(l.items.size());
        for (const message& item : l.items) {
            if (!item.is_event("CoreShowChannel"))
                continue;
            f.read(item);
            const std::string_view uid = f.get(key::uniqueid);
            if (uid.empty())
                continue;
            listed.insert(uid);
            if (is_tombstoned(part::channels, uid, l.start))
                continue;
            const channel* held = channels_.find(uid);
            if (newer_than(held, l.start))
                continue;
            const std::string_view listed_bridge = f.get(key::bridge_id);
            if (held != nullptr && update_channel_fields(*held, f) == 0 &&
                update_application(*held, f, app_keys::list) == 0 &&
                (f.get(key::linkedid).empty() || f.get(key::linkedid) == held->linkedid) &&
                (!f.has(key::bridge_id) || held->bridge_id == listed_bridge))
                continue; // the same: keep the very object (snapshots share it)
            channel* c = channels_.find_mut(uid);
            if (c == nullptr) {
                const auto age = std::chrono::seconds(detail::to_seconds(f.get(key::duration)));
                c = add_channel(uid, f, now_ - age, &item, app_keys::list);
            } else {
                c = touch_channel(f, false, &item, app_keys::list);
            }
            if (f.has(key::bridge_id) && c->bridge_id != f.get(key::bridge_id)) {
                set_bridge(*c, f.get(key::bridge_id));
                correction();
            }
        }
        std::vector<std::string> gone;
        channels_.for_each([&](const channel& c) {
            if (c.event_seq <= l.start && listed.find(c.uniqueid) == listed.end())
                gone.push_back(c.uniqueid);
        });
        for (const auto& uid : gone)
            remove_channel(uid);
    }

    void reconcile_bridges(const pending_load& l) {
        using detail::key;
        detail::fields& f = *scratch_;
        std::unordered_set<std::string_view> listed;
        for (const message& item : l.items) {
            if (!item.is_event("BridgeListItem"))
                continue;
            f.read(item);
            const std::string_view id = f.get(key::bridge_uniqueid);
            if (id.empty())
                continue;
            listed.insert(id);
            if (is_tombstoned(part::bridges, id, l.start) || newer_than(bridges_.find(id), l.start))
                continue;
            const bool known = bridges_.find(id) != nullptr;
            bridge& b = ensure_bridge(id);
            if (update_bridge(b, f) && known)
                correction();
        }
        std::vector<std::string> gone;
        bridges_.for_each([&](const bridge& b) {
            if (b.event_seq <= l.start && listed.find(b.id) == listed.end())
                gone.push_back(b.id);
        });
        for (const auto& id : gone)
            destroy_bridge(id);
    }

    void reconcile_bridge_info(const pending_load& l) {
        using detail::key;
        detail::fields& f = *scratch_;
        const std::string_view id = l.target;
        if (id.empty() || is_tombstoned(part::bridges, id, l.start))
            return;
        for (const message& item : l.items) {
            if (item.is_event("BridgeInfoComplete")) {
                f.read(item);
                if (!newer_than(bridges_.find(id), l.start))
                    update_bridge(ensure_bridge(id), f);
            }
        }
        std::unordered_set<std::string_view> listed;
        for (const message& item : l.items) {
            if (!item.is_event("BridgeInfoChannel"))
                continue;
            f.read(item);
            const std::string_view uid = f.get(key::uniqueid);
            listed.insert(uid);
            channel* c = channels_.find_mut(uid);
            if (c == nullptr || newer_than(c, l.start) || c->bridge_id == id)
                continue;
            set_bridge(*c, id);
            correction();
        }
        const bridge* b = bridges_.find(id);
        if (b == nullptr)
            return;
        const std::vector<std::string> members = b->members;
        for (const auto& uid : members) {
            channel* c = channels_.find_mut(uid);
            if (c != nullptr && !newer_than(c, l.start) && listed.find(uid) == listed.end()) {
                set_bridge(*c, {});
                correction();
            }
        }
    }

    void reconcile_queues(const pending_load& l) {
        using detail::key;
        detail::fields& f = *scratch_;
        std::unordered_set<std::string> listed_queues;
        std::unordered_set<std::string> listed_members; // queue \n interface / uniqueid
        for (const message& item : l.items) {
            const std::string_view ev = item.event_name();
            f.read(item);
            const std::string_view qname = f.get(key::queue);
            if (qname.empty())
                continue;
            if (amicpp::detail::iequals(ev, "QueueParams")) {
                listed_queues.emplace(qname);
                queue& q = ensure_queue(qname);
                bool changed = false;
                changed |= set(q.strategy, f.get(key::strategy));
                changed |= set_int(q.max, f.get(key::max));
                changed |= set_int(q.hold_time, f.get(key::hold_time));
                changed |= set_int(q.talk_time, f.get(key::talk_time));
                changed |= set_int(q.service_level, f.get(key::service_level));
                changed |= set_int(q.weight, f.get(key::weight));
                if (!newer_than(&q, l.start)) {
                    changed |= set_int(q.completed, f.get(key::completed));
                    changed |= set_int(q.abandoned, f.get(key::abandoned));
                }
                if (changed) {
                    emit(change_kind::queue_changed, qname);
                    correction();
                }
            } else if (amicpp::detail::iequals(ev, "QueueMember")) {
                const std::string_view iface = f.get(key::location);
                if (iface.empty())
                    continue;
                std::string k = member_key(qname, iface);
                const bool skip = is_tombstoned(part::queues, k, l.start);
                listed_members.insert(std::move(k));
                if (skip)
                    continue;
                const queue* q = queues_.find(qname);
                if (q != nullptr && newer_than(q->find_member(iface), l.start))
                    continue;
                upsert_member(qname, iface, f);
            } else if (amicpp::detail::iequals(ev, "QueueEntry")) {
                const std::string_view uid = f.get(key::uniqueid);
                if (uid.empty())
                    continue;
                std::string k = member_key(qname, uid);
                const bool skip = is_tombstoned(part::queues, k, l.start);
                listed_members.insert(std::move(k));
                if (skip)
                    continue;
                const queue* q = queues_.find(qname);
                if (q != nullptr && newer_than(q->find_caller(uid), l.start))
                    continue;
                const auto wait = std::chrono::seconds(detail::to_int(f.get(key::wait), 0));
                upsert_caller(qname, uid, f, now_ - wait);
            }
        }
        // What the list no longer has, and no event touched since the request, is gone.
        std::vector<std::string> queues_gone;
        std::vector<std::pair<std::string, std::string>> members_gone, callers_gone;
        queues_.for_each([&](const queue& q) {
            if (!l.target.empty() && q.name != l.target)
                return;
            if (listed_queues.find(q.name) == listed_queues.end()) {
                if (q.event_seq <= l.start)
                    queues_gone.push_back(q.name);
                return;
            }
            for (const auto& m : q.members) {
                if (m.event_seq <= l.start &&
                    listed_members.find(member_key(q.name, m.interface)) == listed_members.end())
                    members_gone.emplace_back(q.name, m.interface);
            }
            for (const auto& c : q.callers) {
                if (c.event_seq <= l.start &&
                    listed_members.find(member_key(q.name, c.uniqueid)) == listed_members.end())
                    callers_gone.emplace_back(q.name, c.uniqueid);
            }
        });
        for (const auto& m : members_gone)
            remove_member(m.first, m.second);
        for (const auto& c : callers_gone)
            remove_caller(c.first, c.second, false);
        for (const auto& name : queues_gone) {
            queues_.erase(name);
            emit(change_kind::queue_removed, name);
            correction();
        }
    }

    void reconcile_devices(const pending_load& l) {
        using detail::key;
        detail::fields& f = *scratch_;
        std::unordered_set<std::string_view> listed;
        for (const message& item : l.items) {
            if (!item.is_event("DeviceStateChange"))
                continue;
            f.read(item);
            const std::string_view name = f.get(key::device);
            if (name.empty())
                continue;
            listed.insert(name);
            if (newer_than(devices_.find(name), l.start))
                continue;
            upsert_device(name, f.get(key::state));
        }
        std::vector<std::string> gone;
        devices_.for_each([&](const device_state& d) {
            // Local channels' devices are never cached, so never listed.
            if (d.event_seq <= l.start && listed.find(d.device) == listed.end() &&
                !amicpp::detail::istarts_with(d.device, "Local/"))
                gone.push_back(d.device);
        });
        for (const auto& name : gone) {
            devices_.erase(name);
            emit(change_kind::device_removed, name);
            correction();
        }
    }

    void reconcile_hints(const pending_load& l) {
        using detail::key;
        detail::fields& f = *scratch_;
        std::unordered_set<std::string> listed;
        for (const message& item : l.items) {
            if (!item.is_event("ExtensionStatus"))
                continue;
            f.read(item);
            std::string k(f.get(key::exten));
            k.push_back('@');
            k.append(f.get(key::context));
            if (newer_than(hints_.find(k), l.start)) {
                listed.insert(std::move(k));
                continue;
            }
            listed.insert(std::move(k));
            upsert_hint(f);
        }
        std::vector<std::string> gone;
        hints_.for_each([&](const hint& h) {
            if (h.event_seq <= l.start && listed.find(h.key) == listed.end())
                gone.push_back(h.key);
        });
        for (const auto& k : gone) {
            hints_.erase(k);
            emit(change_kind::hint_removed, k);
            correction();
        }
    }

    void reconcile_parked(const pending_load& l) {
        using detail::key;
        detail::fields& f = *scratch_;
        std::unordered_set<std::string_view> listed;
        for (const message& item : l.items) {
            if (!item.is_event("ParkedCall"))
                continue;
            f.read(item);
            const std::string_view uid = f.get(key::parkee_uniqueid);
            if (uid.empty())
                continue;
            listed.insert(uid);
            if (is_tombstoned(part::parked, uid, l.start) || newer_than(parked_.find(uid), l.start))
                continue;
            const auto age = std::chrono::seconds(detail::to_int(f.get(key::parking_duration), 0));
            upsert_parked(f, now_ - age);
        }
        std::vector<std::string> gone;
        parked_.for_each([&](const parked_call& p) {
            if (!l.target.empty() && p.lot != l.target)
                return;
            if (p.event_seq <= l.start && listed.find(p.uniqueid) == listed.end())
                gone.push_back(p.uniqueid);
        });
        for (const auto& uid : gone)
            remove_parked(uid, "gone");
    }

    void reconcile_mailbox(const pending_load& l) {
        using detail::key;
        detail::fields& f = *scratch_;
        for (const message& item : l.items) {
            f.read(item);
            std::string_view name = f.get(key::mailbox);
            if (name.empty())
                name = l.target;
            if (newer_than(mailboxes_.find(name), l.start))
                continue;
            upsert_mailbox(name, f.get(key::new_messages), f.get(key::old_messages));
        }
    }

    state_options options_;
    std::unique_ptr<detail::fields> fields_;  // the event being applied
    std::unique_ptr<detail::fields> scratch_; // list items being reconciled
    const message* current_message_ = nullptr;

    detail::channel_table channels_;
    detail::call_table calls_;
    detail::bridge_table bridges_;
    detail::queue_table queues_;
    detail::device_table devices_;
    detail::hint_table hints_;
    detail::parked_table parked_;
    detail::mailbox_table mailboxes_;
    std::vector<std::pair<std::string, std::string>> globals_;

    std::array<part_status, part_count> parts_{};
    std::array<std::unordered_map<std::string, std::uint64_t>, part_count> tombstones_{};
    std::vector<pending_load> loads_;

    std::vector<change> changes_;
    std::size_t change_count_ = 0;
    std::shared_ptr<const live::snapshot> snapshot_;
    bool dirty_ = true;

    time_point now_{};
    std::uint64_t seq_ = 0;
    std::uint64_t events_ = 0;
    bool in_load_ = false;
    std::uint64_t load_start_ = 0;
    std::uint64_t corrections_ = 0;
};

} // namespace amicpp::live

#endif // AMICPP_LIVE_STATE_HPP
