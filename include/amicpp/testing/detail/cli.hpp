// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_TESTING_DETAIL_CLI_HPP
#define AMICPP_TESTING_DETAIL_CLI_HPP

/// @file
/// @brief The text of the few Asterisk CLI commands the simulated server knows (`core show
/// version`, `core show uptime`, `core show channels`), formatted as Asterisk 22 prints them.

#include <amicpp/testing/channel.hpp>

#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace amicpp::testing::detail {

/// Collapses runs of blanks and trims, so that `core  show version ` finds `core show version`.
inline std::string normalize_command(std::string_view command) {
    std::string out;
    bool blank = false;
    for (char c : command) {
        if (c == ' ' || c == '\t') {
            blank = !out.empty();
            continue;
        }
        if (blank)
            out += ' ';
        blank = false;
        out += c;
    }
    return out;
}

/// `No such command 'x y z' (type 'core show help x y' for other possible commands)`: Asterisk
/// suggests the words it could match, here the first two.
inline std::string no_such_command(std::string_view command) {
    const std::string norm = normalize_command(command);
    std::size_t cut = norm.find(' ');
    if (cut != std::string::npos)
        cut = norm.find(' ', cut + 1);
    return "No such command '" + std::string(command) + "' (type 'core show help " +
           norm.substr(0, cut) + "' for other possible commands)";
}

/// `1 hour, 2 minutes, 3 seconds`, as Asterisk's print_uptimestr.
inline std::string format_uptime(std::chrono::seconds elapsed) {
    long long x = elapsed.count() < 0 ? 0 : elapsed.count();
    struct unit {
        const char* name;
        long long seconds;
    };
    static constexpr unit units[] = {{"year", 365LL * 24 * 3600},
                                     {"week", 7LL * 24 * 3600},
                                     {"day", 24LL * 3600},
                                     {"hour", 3600},
                                     {"minute", 60}};
    std::string out;
    const auto put = [&out](long long n, const char* name) {
        if (!out.empty())
            out += ", ";
        out += std::to_string(n) + ' ' + name + (n == 1 ? "" : "s");
    };
    for (const unit& u : units) {
        if (x >= u.seconds) {
            put(x / u.seconds, u.name);
            x %= u.seconds;
        }
    }
    if (x > 0 || out.empty())
        put(x, "second");
    return out;
}

/// `00:01:05`
inline std::string format_duration(std::chrono::seconds elapsed) {
    const long long s = elapsed.count() < 0 ? 0 : elapsed.count();
    char buf[32];
    std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld", s / 3600, (s / 60) % 60, s % 60);
    return buf;
}

/// One line of `core show channels`, padded as "%-64.64s %-32.32s %-7.7s %-30.30s".
inline std::string channels_table_line(std::string_view a, std::string_view b, std::string_view c,
                                       std::string_view d) {
    const auto field = [](std::string_view s, std::size_t width) {
        std::string f(s.substr(0, width));
        f.resize(width, ' ');
        return f;
    };
    return field(a, 64) + ' ' + field(b, 32) + ' ' + field(c, 7) + ' ' + field(d, 30);
}

/// The output of `core show channels`.
inline std::vector<std::string> show_channels(const std::vector<const channel*>& channels,
                                              std::size_t active_calls,
                                              std::size_t calls_processed) {
    std::vector<std::string> out;
    out.push_back(channels_table_line("Channel", "Location", "State", "Application(Data)"));
    for (const channel* c : channels) {
        const std::string location =
            c->exten + "@" + c->context + ":" + std::to_string(c->priority);
        const std::string app = c->application.empty()
                                    ? std::string("(None)")
                                    : c->application + "(" + c->application_data + ")";
        out.push_back(channels_table_line(c->name, location, channel_state_text(c->state), app));
    }
    const auto plural = [](std::size_t n) { return n == 1 ? "" : "s"; };
    out.push_back(std::to_string(channels.size()) + " active channel" + plural(channels.size()));
    out.push_back(std::to_string(active_calls) + " active call" + plural(active_calls));
    out.push_back(std::to_string(calls_processed) + " call" + plural(calls_processed) +
                  " processed");
    return out;
}

/// One line of `core show channels concise`:
/// name!context!exten!priority!state!application!data!callerid!accountcode!peeraccount!
/// amaflags!duration!bridgeid!uniqueid
inline std::string concise_channel_line(const channel& c, std::chrono::seconds elapsed) {
    const std::string cid = c.caller_id_num == "<unknown>" ? std::string() : c.caller_id_num;
    return c.name + "!" + c.context + "!" + c.exten + "!" + std::to_string(c.priority) + "!" +
           std::string(channel_state_text(c.state)) + "!" + c.application + "!" +
           c.application_data + "!" + cid + "!" + c.account_code + "!!3!" +
           std::to_string(elapsed.count()) + "!!" + c.uniqueid;
}

/// The Asterisk release that announced AMI `version` (the newest of its series).
inline std::string asterisk_release_for(int major, int minor) {
    if (major <= 0)
        return "1.2.40";
    if (major == 1) {
        switch (minor) {
        case 0:
            return "1.4.44";
        case 1:
            return "1.8.32.3";
        case 2:
            return "10.12.4";
        default:
            return "11.25.3";
        }
    }
    if (major == 2)
        return minor >= 8 ? "14.7.8" : "13.38.3";
    static constexpr const char* releases[] = {"14.7.8", "15.7.4",  "16.30.1", "17.9.4", "18.26.4",
                                               "19.8.1", "20.15.2", "21.10.2", "22.10.1"};
    if (major <= 11)
        return releases[major - 3];
    return std::to_string(major + 11) + ".0.0";
}

} // namespace amicpp::testing::detail

#endif // AMICPP_TESTING_DETAIL_CLI_HPP
