// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_EXAMPLES_COMMON_TEXT_HPP
#define AMICPP_EXAMPLES_COMMON_TEXT_HPP

// AMI messages for human eyes: `Key: Value` blocks with aligned values, tables of list items,
// one-line event summaries with a time stamp.

#include "ascii.hpp"

#include <amicpp/message.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace examples {

namespace detail {

inline bool contains_key(const std::vector<std::string>& keys, std::string_view key) {
    return std::any_of(keys.begin(), keys.end(),
                       [key](const std::string& k) { return iequals(k, key); });
}

// "value", quoted when it holds a blank or is empty, for key=value summaries.
inline std::string quoted(std::string_view v) {
    if (!v.empty() && v.find(' ') == std::string_view::npos)
        return std::string(v);
    return "\"" + std::string(v) + "\"";
}

inline std::string cell(std::string_view v, std::size_t limit) {
    if (limit == 0 || v.size() <= limit)
        return std::string(v);
    return std::string(v.substr(0, limit - 3)) + "...";
}

} // namespace detail

/// Prints `m` as `Key: Value` lines with the values aligned, then its raw lines (the text of a
/// legacy `Response: Follows` Command), each line starting with `indent`.
inline void print_headers(std::ostream& out, const amicpp::message& m,
                          const std::string& indent = "") {
    std::size_t width = 0;
    for (const amicpp::header& h : m)
        width = std::max(width, h.key.size());
    for (const amicpp::header& h : m) {
        out << indent << h.key << ':' << std::string(width - h.key.size() + 1, ' ') << h.value
            << '\n';
    }
    for (std::string_view line : m.lines())
        out << indent << line << '\n';
}

/// Prints a table: the column titles, a rule, then the rows; each column as wide as its widest
/// cell.
inline void print_table(std::ostream& out, const std::vector<std::string>& titles,
                        const std::vector<std::vector<std::string>>& rows,
                        const std::string& indent = "") {
    std::vector<std::size_t> width(titles.size(), 0);
    for (std::size_t c = 0; c < titles.size(); ++c) {
        width[c] = titles[c].size();
        for (const auto& row : rows)
            width[c] = std::max(width[c], c < row.size() ? row[c].size() : 0);
    }
    const auto line = [&](const std::vector<std::string>& cells) {
        std::string text = indent;
        for (std::size_t c = 0; c < titles.size(); ++c) {
            const std::string& v = c < cells.size() ? cells[c] : std::string();
            text += v;
            if (c + 1 < titles.size())
                text += std::string(width[c] - v.size() + 2, ' ');
        }
        out << text << '\n';
    };
    line(titles);
    std::vector<std::string> rule;
    for (std::size_t w : width)
        rule.emplace_back(w, '-');
    line(rule);
    for (const auto& row : rows)
        line(row);
}

/// The terminal's width from $COLUMNS, else `fallback`.
inline std::size_t terminal_width(std::size_t fallback = 120) {
    const char* columns = std::getenv("COLUMNS");
    if (columns == nullptr)
        return fallback;
    const long n = std::atol(columns);
    return n >= 40 ? static_cast<std::size_t>(n) : fallback;
}

/// Prints the items of an event list (Status, CoreShowChannel, PeerEntry events...) as a table,
/// one row per item and one column per header. Left out: ActionID, Privilege, the Event name
/// when every item has the same one, and the columns that are empty everywhere. Unless
/// `all_columns`, only the columns that fit in `width` are shown and the others are named below.
inline void print_items(std::ostream& out, const std::vector<amicpp::message>& items,
                        bool all_columns, std::size_t width, const std::string& indent = "") {
    if (items.empty())
        return;
    const std::string_view first_event = items.front().event_name();
    const bool one_kind = std::all_of(items.begin(), items.end(), [&](const amicpp::message& m) {
        return iequals(m.event_name(), first_event);
    });
    std::vector<std::string> keys;
    for (const amicpp::message& m : items) {
        for (const amicpp::header& h : m) {
            if (detail::contains_key(keys, h.key) || iequals(h.key, "ActionID") ||
                iequals(h.key, "Privilege") || (one_kind && iequals(h.key, "Event")))
                continue;
            const bool used =
                std::any_of(items.begin(), items.end(),
                            [&](const amicpp::message& x) { return !x.get(h.key).empty(); });
            if (used)
                keys.emplace_back(h.key);
        }
    }
    const std::size_t limit = all_columns ? 0 : 40; // longest cell, unless everything is asked
    std::vector<std::string> titles, hidden;
    std::vector<std::vector<std::string>> rows(items.size());
    std::size_t used_width = indent.size();
    for (const std::string& key : keys) {
        std::size_t w = key.size();
        std::vector<std::string> column;
        for (const amicpp::message& m : items) {
            std::string v;
            for (std::string_view value : m.values(key))
                v += (v.empty() ? "" : ", ") + std::string(value);
            column.push_back(detail::cell(v, limit));
            w = std::max(w, column.back().size());
        }
        if (!all_columns && !titles.empty() && used_width + w > width) {
            hidden.push_back(key);
            continue;
        }
        used_width += w + 2;
        titles.push_back(key);
        for (std::size_t r = 0; r < items.size(); ++r)
            rows[r].push_back(std::move(column[r]));
    }
    print_table(out, titles, rows, indent);
    if (!hidden.empty()) {
        out << indent << "(" << hidden.size() << " more column" << (hidden.size() == 1 ? "" : "s")
            << ":";
        for (const std::string& k : hidden)
            out << ' ' << k;
        out << "; --full shows them)\n";
    }
}

/// The wall-clock time now, "HH:MM:SS.mmm".
inline std::string clock_time() {
    const auto now = std::chrono::system_clock::now();
    const std::time_t t = std::chrono::system_clock::to_time_t(now);
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() %
        1000;
    std::tm local{};
#ifdef _WIN32
    localtime_s(&local, &t);
#else
    localtime_r(&t, &local);
#endif
    char text[32];
    std::snprintf(text, sizeof text, "%02d:%02d:%02d.%03d", local.tm_hour, local.tm_min,
                  local.tm_sec, static_cast<int>(ms));
    return text;
}

/// One line for an event: its name, its Channel, then the fields that matter for that event
/// (`Hangup`: Cause and Cause-txt; `DialEnd`: DestChannel and DialStatus; ...), or for events
/// it does not know, the first few fields that are not channel-snapshot details.
inline std::string event_summary(const amicpp::message& m) {
    struct salient {
        const char* event;
        std::vector<std::string> keys;
    };
    static const std::vector<salient> known = {
        {"Newchannel", {"ChannelStateDesc", "CallerIDNum", "CallerIDName", "Exten"}},
        {"Newstate", {"ChannelStateDesc"}},
        {"DialBegin", {"DestChannel", "DialString"}},
        {"DialEnd", {"DestChannel", "DialStatus"}},
        {"Hangup", {"Cause", "Cause-txt"}},
        {"HangupRequest", {"Cause"}},
        {"OriginateResponse", {"Response", "Reason", "Uniqueid"}},
        {"FullyBooted", {"Status", "Uptime"}},
        {"Shutdown", {"Shutdown", "Restart"}},
        {"VarSet", {"Variable", "Value"}},
        {"Newexten", {"Exten", "Context", "Application", "AppData"}},
        {"BridgeEnter", {"BridgeUniqueid", "BridgeType"}},
        {"BridgeLeave", {"BridgeUniqueid", "BridgeType"}},
        {"QueueCallerJoin", {"Queue", "Position", "Count"}},
        {"QueueCallerLeave", {"Queue", "Position", "Count"}},
        {"AgentCalled", {"Queue", "DestChannel"}},
        {"PeerStatus", {"Peer", "PeerStatus"}},
        {"ContactStatus", {"URI", "ContactStatus", "AOR"}},
    };
    static const std::vector<std::string> noise = {
        "Event",    "Channel",      "Privilege",        "Timestamp",        "SystemName",
        "ActionID", "Uniqueid",     "Linkedid",         "Language",         "AccountCode",
        "Priority", "ChannelState", "ConnectedLineNum", "ConnectedLineName"};

    std::string line(m.event_name());
    if (line.size() < 18)
        line.resize(18, ' ');
    line += ' ';
    std::string channel(m.get("Channel", "-"));
    if (channel.size() < 24)
        channel.resize(24, ' ');
    line += channel;

    std::vector<std::string> keys;
    for (const salient& s : known) {
        if (iequals(s.event, m.event_name()))
            keys = s.keys;
    }
    if (keys.empty()) {
        for (const amicpp::header& h : m) {
            if (keys.size() == 4)
                break;
            const bool dest_detail = h.key.substr(0, 4) == "Dest" && h.key != "DestChannel";
            if (!h.value.empty() && !dest_detail && !detail::contains_key(noise, h.key) &&
                !detail::contains_key(keys, h.key))
                keys.emplace_back(h.key);
        }
    }
    for (const std::string& k : keys) {
        if (const auto v = m.find(k))
            line += "  " + k + "=" + detail::quoted(*v);
    }
    while (!line.empty() && line.back() == ' ')
        line.pop_back();
    return line;
}

} // namespace examples

#endif // AMICPP_EXAMPLES_COMMON_TEXT_HPP
