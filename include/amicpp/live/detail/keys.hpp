// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_LIVE_DETAIL_KEYS_HPP
#define AMICPP_LIVE_DETAIL_KEYS_HPP

#include <amicpp/detail/ascii.hpp>
#include <amicpp/message.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace amicpp::live::detail {

// The header keys the live state reads. One pass over a message sorts its headers into these
// slots (first occurrence wins, as in Asterisk), so an event is read once whatever it carries.
#define AMICPP_LIVE_KEYS(X)                                                                        \
    X(event, "Event")                                                                              \
    X(action_id, "ActionID")                                                                       \
    X(response, "Response")                                                                        \
    X(message, "Message")                                                                          \
    X(event_list, "EventList")                                                                     \
    X(channel, "Channel")                                                                          \
    X(channel_state, "ChannelState")                                                               \
    X(caller_id_num, "CallerIDNum")                                                                \
    X(caller_id_name, "CallerIDName")                                                              \
    X(connected_line_num, "ConnectedLineNum")                                                      \
    X(connected_line_name, "ConnectedLineName")                                                    \
    X(language, "Language")                                                                        \
    X(account_code, "AccountCode")                                                                 \
    X(context, "Context")                                                                          \
    X(exten, "Exten")                                                                              \
    X(priority, "Priority")                                                                        \
    X(uniqueid, "Uniqueid")                                                                        \
    X(linkedid, "Linkedid")                                                                        \
    X(application, "Application")                                                                  \
    X(app_data, "AppData")                                                                         \
    X(application_data, "ApplicationData")                                                         \
    X(duration, "Duration")                                                                        \
    X(bridge_id, "BridgeId")                                                                       \
    X(variable, "Variable")                                                                        \
    X(value, "Value")                                                                              \
    X(chan_variable, "ChanVariable")                                                               \
    X(newname, "Newname")                                                                          \
    X(bridge_uniqueid, "BridgeUniqueid")                                                           \
    X(bridge_type, "BridgeType")                                                                   \
    X(bridge_technology, "BridgeTechnology")                                                       \
    X(bridge_creator, "BridgeCreator")                                                             \
    X(bridge_name, "BridgeName")                                                                   \
    X(to_bridge_uniqueid, "ToBridgeUniqueid")                                                      \
    X(from_bridge_uniqueid, "FromBridgeUniqueid")                                                  \
    X(queue, "Queue")                                                                              \
    X(position, "Position")                                                                        \
    X(wait, "Wait")                                                                                \
    X(interface, "Interface")                                                                      \
    X(location, "Location")                                                                        \
    X(member_name, "MemberName")                                                                   \
    X(name, "Name")                                                                                \
    X(state_interface, "StateInterface")                                                           \
    X(membership, "Membership")                                                                    \
    X(penalty, "Penalty")                                                                          \
    X(calls_taken, "CallsTaken")                                                                   \
    X(last_call, "LastCall")                                                                       \
    X(last_pause, "LastPause")                                                                     \
    X(login_time, "LoginTime")                                                                     \
    X(in_call, "InCall")                                                                           \
    X(status, "Status")                                                                            \
    X(paused, "Paused")                                                                            \
    X(paused_reason, "PausedReason")                                                               \
    X(wrapup_time, "Wrapuptime")                                                                   \
    X(max, "Max")                                                                                  \
    X(strategy, "Strategy")                                                                        \
    X(hold_time, "Holdtime")                                                                       \
    X(talk_time, "TalkTime")                                                                       \
    X(completed, "Completed")                                                                      \
    X(abandoned, "Abandoned")                                                                      \
    X(service_level, "ServiceLevel")                                                               \
    X(weight, "Weight")                                                                            \
    X(device, "Device")                                                                            \
    X(state, "State")                                                                              \
    X(hint, "Hint")                                                                                \
    X(status_text, "StatusText")                                                                   \
    X(parkee_channel, "ParkeeChannel")                                                             \
    X(parkee_uniqueid, "ParkeeUniqueid")                                                           \
    X(parking_lot, "Parkinglot")                                                                   \
    X(parking_space, "ParkingSpace")                                                               \
    X(parker_dial_string, "ParkerDialString")                                                      \
    X(parking_timeout, "ParkingTimeout")                                                           \
    X(parking_duration, "ParkingDuration")                                                         \
    X(mailbox, "Mailbox")                                                                          \
    X(new_count, "New")                                                                            \
    X(old_count, "Old")                                                                            \
    X(new_messages, "NewMessages")                                                                 \
    X(old_messages, "OldMessages")

enum class key : std::uint8_t {
#define AMICPP_LIVE_KEY_ENUM(id, text) id,
    AMICPP_LIVE_KEYS(AMICPP_LIVE_KEY_ENUM)
#undef AMICPP_LIVE_KEY_ENUM
        count,
    none = 0xff,
};

constexpr std::size_t key_count = static_cast<std::size_t>(key::count);

inline constexpr std::array<std::string_view, key_count> key_names = {
#define AMICPP_LIVE_KEY_NAME(id, text) std::string_view(text),
    AMICPP_LIVE_KEYS(AMICPP_LIVE_KEY_NAME)
#undef AMICPP_LIVE_KEY_NAME
};

// A small hash of a key from its length and two letters. `| 0x20` folds ASCII letters to lower
// case (it also maps a few other bytes together, which only costs a comparison).
constexpr std::size_t key_bucket(std::string_view k) noexcept {
    const auto c = [&](std::size_t i) {
        return static_cast<std::size_t>(static_cast<unsigned char>(k[i]) | 0x20u);
    };
    return (k.size() * 61u + c(0) * 7u + c(k.size() - 1) * 3u + c(k.size() / 2)) & 511u;
}

// Exact case first (Asterisk always writes its keys the same way), then ignoring ASCII case.
inline bool same_key(std::string_view known, std::string_view k) noexcept {
    return known.size() == k.size() && (std::memcmp(known.data(), k.data(), k.size()) == 0 ||
                                        amicpp::detail::iequals(known, k));
}

class key_table {
public:
    static constexpr std::size_t buckets = 512;
    static constexpr std::size_t depth = 4;

    key_table() noexcept {
        for (auto& b : table_)
            b.fill(key::none);
        for (std::size_t i = 0; i < key_count; ++i) {
            auto& b = table_[key_bucket(key_names[i])];
            // (a full bucket would drop the key: the unit test finds every key back)
            for (auto& slot : b) {
                if (slot == key::none) {
                    slot = static_cast<key>(i);
                    break;
                }
            }
        }
    }

    key find(std::string_view k) const noexcept {
        if (k.size() < 3 || k.size() > 20)
            return key::none;
        for (const key id : table_[key_bucket(k)]) {
            if (id == key::none)
                return key::none;
            if (same_key(key_names[static_cast<std::size_t>(id)], k))
                return id;
        }
        return key::none;
    }

private:
    std::array<std::array<key, depth>, buckets> table_{};
};

inline const key_table& keys() noexcept {
    static const key_table table;
    return table;
}

// The headers of one message sorted into key slots.
struct fields {
    std::array<std::string_view, key_count> value{};
    std::uint64_t present[2] = {0, 0};

    void read(const amicpp::message& m) noexcept {
        present[0] = present[1] = 0;
        const key_table& table = keys();
        const std::size_t n = m.header_count();
        for (std::size_t i = 0; i < n; ++i) {
            const header h = m.header_at(i);
            const key id = table.find(h.key);
            if (id == key::none)
                continue;
            const auto x = static_cast<std::size_t>(id);
            const std::uint64_t bit = std::uint64_t{1} << (x % 64);
            if (present[x / 64] & bit)
                continue; // first match wins
            present[x / 64] |= bit;
            value[x] = h.value;
        }
    }

    bool has(key k) const noexcept {
        const auto x = static_cast<std::size_t>(k);
        return (present[x / 64] >> (x % 64)) & 1u;
    }
    // The value, or empty when absent.
    std::string_view get(key k) const noexcept {
        return has(k) ? value[static_cast<std::size_t>(k)] : std::string_view{};
    }
};

// A decimal integer, or `fallback` when `s` is not one (leading blanks and a sign allowed).
inline std::int64_t to_int(std::string_view s, std::int64_t fallback = 0) noexcept {
    std::size_t i = 0;
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t'))
        ++i;
    bool negative = false;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
        negative = s[i] == '-';
        ++i;
    }
    if (i == s.size() || s[i] < '0' || s[i] > '9')
        return fallback;
    std::int64_t v = 0;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
        if (v > 100000000000000000LL)
            return fallback;
        v = v * 10 + (s[i] - '0');
    }
    return negative ? -v : v;
}

// `HH:MM:SS` (CoreShowChannels' Duration) or plain seconds, in seconds; 0 when unreadable.
inline std::int64_t to_seconds(std::string_view s) noexcept {
    std::int64_t total = 0, part = 0;
    bool any = false, colon = false;
    for (char c : s) {
        if (c >= '0' && c <= '9') {
            part = part * 10 + (c - '0');
            any = true;
            if (part > 100000000)
                return 0;
        } else if (c == ':') {
            total = total * 60 + part;
            part = 0;
            colon = true;
        } else if (c != ' ') {
            return 0;
        }
    }
    if (!any)
        return 0;
    return colon ? total * 60 + part : part;
}

} // namespace amicpp::live::detail

#endif // AMICPP_LIVE_DETAIL_KEYS_HPP
