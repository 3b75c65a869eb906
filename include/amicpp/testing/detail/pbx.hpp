// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_TESTING_DETAIL_PBX_HPP
#define AMICPP_TESTING_DETAIL_PBX_HPP

/// @file
/// @brief The simulated PBX behind `amicpp::testing::server`: its accounts, channels, variables,
/// mailboxes, hints and CLI commands, its clocks and identifiers, and how AMI shows them (channel
/// snapshots, Status items, CLI output). No I/O and no protocol here; used on the server thread.

#include <amicpp/detail/ascii.hpp>
#include <amicpp/message.hpp>
#include <amicpp/server_version.hpp>
#include <amicpp/testing/channel.hpp>
#include <amicpp/testing/detail/cli.hpp>
#include <amicpp/testing/detail/event_mask.hpp>
#include <amicpp/testing/server_options.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace amicpp::testing::detail {

/// Orders strings ignoring ASCII case (user names, action names).
struct iless {
    bool operator()(const std::string& a, const std::string& b) const noexcept {
        return std::lexicographical_compare(
            a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
                return amicpp::detail::ascii_lower(x) < amicpp::detail::ascii_lower(y);
            });
    }
};

inline std::string to_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = amicpp::detail::ascii_lower(c);
    return out;
}

/// Civil date and time (UTC) of a time point, for EventTV and CoreStatus.
struct utc_time {
    int year, month, day, hour, minute, second, millisecond;
};

inline utc_time to_utc(std::chrono::system_clock::time_point tp) {
    using namespace std::chrono;
    const auto ms = duration_cast<milliseconds>(tp.time_since_epoch()).count();
    long long days = ms / 86400000;
    long long rest = ms % 86400000;
    if (rest < 0) {
        rest += 86400000;
        --days;
    }
    // Days since 1970-01-01 to a proleptic Gregorian date (eras of 400 years).
    days += 719468;
    const long long era = (days >= 0 ? days : days - 146096) / 146097;
    const long long doe = days - era * 146097;
    const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long long mp = (5 * doy + 2) / 153;
    const long long d = doy - (153 * mp + 2) / 5 + 1;
    const long long m = mp < 10 ? mp + 3 : mp - 9;
    const long long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    utc_time t{};
    t.year = static_cast<int>(y);
    t.month = static_cast<int>(m);
    t.day = static_cast<int>(d);
    t.hour = static_cast<int>(rest / 3600000);
    t.minute = static_cast<int>(rest / 60000 % 60);
    t.second = static_cast<int>(rest / 1000 % 60);
    t.millisecond = static_cast<int>(rest % 1000);
    return t;
}

/// A channel and when it appeared (for Seconds and Duration).
struct channel_record {
    channel info;
    std::chrono::steady_clock::time_point created;
};

struct mailbox_state {
    int new_messages = 0;
    int old_messages = 0;
    int urgent_messages = 0;
};

struct hint_state {
    std::string hint;
    int status = -1;
};

struct command_reply {
    std::vector<std::string> lines;
    bool success = true;
};

/// `"Name" <number>`, `Name <number>`, `number` or `Name`, as CallerID headers hold it.
inline std::pair<std::string, std::string> split_caller_id(std::string_view cid) {
    cid = trim_blanks(cid);
    const std::size_t lt = cid.find('<');
    const std::size_t gt = cid.rfind('>');
    if (lt != std::string_view::npos && gt != std::string_view::npos && gt > lt) {
        std::string_view name = trim_blanks(cid.substr(0, lt));
        if (name.size() >= 2 && name.front() == '"' && name.back() == '"')
            name = name.substr(1, name.size() - 2);
        std::string_view num = cid.substr(lt + 1, gt - lt - 1);
        return {name.empty() ? "<unknown>" : std::string(name),
                num.empty() ? "<unknown>" : std::string(num)};
    }
    if (cid.empty())
        return {"<unknown>", "<unknown>"};
    const bool number = cid.find_first_not_of("0123456789+*#") == std::string_view::npos;
    if (number)
        return {"<unknown>", std::string(cid)};
    return {std::string(cid), "<unknown>"};
}

inline std::string_view extension_state_text(int status) noexcept {
    switch (status) {
    case -2:
        return "Removed";
    case 0:
        return "Idle";
    case 1:
        return "InUse";
    case 2:
        return "Busy";
    case 4:
        return "Unavailable";
    case 8:
        return "Ringing";
    case 9:
        return "InUse&Ringing";
    case 16:
        return "Hold";
    case 17:
        return "InUse&Hold";
    default:
        return "Unknown";
    }
}

inline std::string_view hangup_cause_text(int cause) noexcept {
    switch (cause) {
    case 1:
        return "Unallocated (unassigned) number";
    case 16:
        return "Normal Clearing";
    case 17:
        return "User busy";
    case 18:
        return "No user responding";
    case 19:
        return "User alerting, no answer";
    case 21:
        return "Call Rejected";
    case 34:
        return "Circuit/channel congestion";
    default:
        return "Unknown";
    }
}

/// Two digits, zero-padded.
inline std::string two(int v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d", v);
    return buf;
}

inline std::string date_text(const utc_time& t) {
    return std::to_string(t.year) + "-" + two(t.month) + "-" + two(t.day);
}

inline std::string time_text(const utc_time& t) {
    return two(t.hour) + ":" + two(t.minute) + ":" + two(t.second);
}

/// Security events' `EventTV`: `2026-11-28T19:32:26.834+0000`.
inline std::string event_tv(std::chrono::system_clock::time_point tp) {
    const utc_time t = to_utc(tp);
    char ms[8];
    std::snprintf(ms, sizeof ms, "%03d", t.millisecond);
    return date_text(t) + "T" + time_text(t) + "." + ms + "+0000";
}

/// Ping's `Timestamp`: seconds and microseconds since the epoch, `1795894358.675803`.
inline std::string timestamp_now() {
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
    char buf[48];
    std::snprintf(buf, sizeof buf, "%lld.%06lld", static_cast<long long>(us / 1000000),
                  static_cast<long long>(us % 1000000));
    return buf;
}

/// The simulated PBX.
class pbx {
public:
    /// An AMI account with its classes as masks.
    struct account {
        std::string name;
        std::string secret;
        std::uint32_t read = 0;
        std::uint32_t write = 0;
    };

    explicit pbx(const server_options& options)
        : ami_version_(options.banner_version), started_(std::chrono::steady_clock::now()),
          started_wall_(std::chrono::system_clock::now()) {
        const auto v = server_version::parse(options.banner_version);
        if (!v)
            throw std::invalid_argument("amicpp::testing::server: banner version '" +
                                        options.banner_version + "' does not start with a digit");
        version_ = *v;
        asterisk_version_ = options.asterisk_version.empty()
                                ? asterisk_release_for(version_.major, version_.minor)
                                : options.asterisk_version;
        epoch_ = std::chrono::duration_cast<std::chrono::seconds>(started_wall_.time_since_epoch())
                     .count();
        for (const user& u : options.users)
            add_user(u);
    }

    /// AMI version, parsed and as the banner writes it; the Asterisk release it stands for.
    const server_version& version() const noexcept { return version_; }
    const std::string& ami_version() const noexcept { return ami_version_; }
    const std::string& asterisk_version() const noexcept { return asterisk_version_; }

    // ---- accounts ---------------------------------------------------------------------------

    void add_user(const user& u) {
        users_[u.name] =
            account{u.name, u.secret, class_list_mask(u.read), class_list_mask(u.write)};
    }

    bool remove_user(const std::string& name) { return users_.erase(name) != 0; }

    bool set_secret(const std::string& name, std::string secret) {
        const auto it = users_.find(name);
        if (it == users_.end())
            return false;
        it->second.secret = std::move(secret);
        return true;
    }

    /// The account named `name`, ignoring case as Asterisk does; null when none.
    const account* find_user(std::string_view name) const {
        const auto it = users_.find(std::string(name));
        return it == users_.end() ? nullptr : &it->second;
    }

    // ---- channels ---------------------------------------------------------------------------

    /// Adds a channel, giving it a uniqueid (and linkedid) when it has none.
    const channel& add_channel(channel c) {
        if (c.uniqueid.empty())
            c.uniqueid = next_uniqueid();
        if (c.linkedid.empty())
            c.linkedid = c.uniqueid;
        channels_.push_back(channel_record{std::move(c), std::chrono::steady_clock::now()});
        ++calls_processed_;
        return channels_.back().info;
    }

    /// Removes the channel named `name` (any case) and returns it.
    std::optional<channel> remove_channel(std::string_view name) {
        const auto it = find_channel_it(name);
        if (it == channels_.end())
            return std::nullopt;
        channel gone = std::move(it->info);
        channels_.erase(it);
        return gone;
    }

    channel_record* find_channel(std::string_view name) {
        const auto it = find_channel_it(name);
        return it == channels_.end() ? nullptr : &*it;
    }

    const std::vector<channel_record>& channel_records() const noexcept { return channels_; }

    /// The channel whose uniqueid is `uniqueid`; null when none.
    channel_record* find_uniqueid(std::string_view uniqueid) {
        const auto it =
            std::find_if(channels_.begin(), channels_.end(), [uniqueid](const channel_record& r) {
                return r.info.uniqueid == uniqueid;
            });
        return it == channels_.end() ? nullptr : &*it;
    }

    /// Removes the channel whose uniqueid is `uniqueid` and returns it.
    std::optional<channel> remove_uniqueid(std::string_view uniqueid) {
        const auto it =
            std::find_if(channels_.begin(), channels_.end(), [uniqueid](const channel_record& r) {
                return r.info.uniqueid == uniqueid;
            });
        if (it == channels_.end())
            return std::nullopt;
        channel gone = std::move(it->info);
        channels_.erase(it);
        return gone;
    }

    /// Forgets every channel (a restart).
    void clear_channels() { channels_.clear(); }

    std::vector<channel> channels() const {
        std::vector<channel> out;
        out.reserve(channels_.size());
        for (const channel_record& r : channels_)
            out.push_back(r.info);
        return out;
    }

    /// `<start time>.<sequence>`, as Asterisk numbers channels.
    std::string next_uniqueid() { return std::to_string(epoch_) + "." + std::to_string(seq_++); }

    /// `<base>-0000000N`, as Asterisk names the channels it creates.
    std::string next_channel_name(std::string_view base) {
        char suffix[16];
        std::snprintf(suffix, sizeof suffix, "-%08x",
                      static_cast<unsigned>(channel_seq_++ & 0xffffffffu));
        return std::string(base) + suffix;
    }

    /// Calls in progress: channels grouped by linkedid.
    std::size_t active_calls() const {
        std::set<std::string> linked;
        for (const channel_record& r : channels_)
            linked.insert(r.info.linkedid);
        return linked.size();
    }

    std::size_t calls_processed() const noexcept { return calls_processed_; }

    // ---- variables, voicemail, hints --------------------------------------------------------

    void set_global(std::string name, std::string value) {
        globals_[std::move(name)] = std::move(value);
    }

    /// A global variable's value, empty when unset (as Getvar reports it).
    std::string global(const std::string& name) const {
        const auto it = globals_.find(name);
        return it == globals_.end() ? std::string() : it->second;
    }

    void set_mailbox(std::string mailbox, mailbox_state state) {
        mailboxes_[std::move(mailbox)] = state;
    }

    /// Unknown mailboxes have no messages.
    mailbox_state mailbox(const std::string& name) const {
        const auto it = mailboxes_.find(name);
        return it == mailboxes_.end() ? mailbox_state{} : it->second;
    }

    void set_hint(const std::string& exten, const std::string& context, hint_state state) {
        hints_[exten + "@" + context] = std::move(state);
    }

    /// Every hint, keyed `exten@context`.
    std::map<std::string, hint_state>& hints() noexcept { return hints_; }
    const std::map<std::string, hint_state>& hints() const noexcept { return hints_; }

    /// Every mailbox given counts so far.
    std::map<std::string, mailbox_state>& mailboxes() noexcept { return mailboxes_; }
    const std::map<std::string, mailbox_state>& mailboxes() const noexcept { return mailboxes_; }

    /// Epoch seconds now (LoginTime, LastCall...).
    static long long epoch_now() {
        return std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    }

    /// Extensions without a hint: empty hint, status -1.
    hint_state hint(const std::string& exten, const std::string& context) const {
        const auto it = hints_.find(exten + "@" + context);
        return it == hints_.end() ? hint_state{} : it->second;
    }

    // ---- CLI ----------------------------------------------------------------------------------

    void set_command_output(std::string_view command, command_reply reply) {
        commands_[normalize_command(command)] = std::move(reply);
    }

    bool cli_output(std::string_view command, command_reply& out) const {
        const std::string norm = normalize_command(command);
        if (const auto it = commands_.find(norm); it != commands_.end()) {
            out = it->second;
            return true;
        }
        const std::string lower = to_lower(norm);
        out.success = true;
        out.lines.clear();
        if (lower == "core show version") {
            out.lines.push_back("Asterisk " + asterisk_version_ +
                                " built by amicpp @ testing on a x86_64 running Linux on "
                                "2026-01-01 00:00:00 UTC");
        } else if (lower == "core show uptime") {
            out.lines.push_back("System uptime: " + format_uptime(uptime()));
            out.lines.push_back("Last reload: " + format_uptime(uptime()));
        } else if (lower == "core show uptime seconds") {
            out.lines.push_back("System uptime: " + std::to_string(uptime().count()));
            out.lines.push_back("Last reload: " + std::to_string(uptime().count()));
        } else if (lower == "core show channels" || lower == "core show channels count") {
            std::vector<const channel*> list;
            for (const channel_record& r : channels_)
                list.push_back(&r.info);
            out.lines = show_channels(list, active_calls(), calls_processed_);
            if (lower != "core show channels")
                out.lines.erase(out.lines.begin(), out.lines.end() - 3);
        } else if (lower == "core show channels concise") {
            for (const channel_record& r : channels_)
                out.lines.push_back(concise_channel_line(r.info, age(r)));
        } else {
            return false;
        }
        return true;
    }

    // ---- clocks -------------------------------------------------------------------------------

    std::chrono::seconds uptime() const {
        return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() -
                                                                started_);
    }

    std::chrono::system_clock::time_point started() const noexcept { return started_wall_; }

    static std::chrono::seconds age(const channel_record& r) {
        return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() -
                                                                r.created);
    }

    // ---- how AMI shows it ---------------------------------------------------------------------

    // Channel, ChannelState ... Linkedid: the snapshot Asterisk 12+ puts in channel events.
    static void add_snapshot(message& m, const channel& c) {
        m.add("Channel", c.name);
        m.add("ChannelState", std::to_string(c.state));
        m.add("ChannelStateDesc", channel_state_text(c.state));
        m.add("CallerIDNum", c.caller_id_num);
        m.add("CallerIDName", c.caller_id_name);
        m.add("ConnectedLineNum", c.connected_line_num);
        m.add("ConnectedLineName", c.connected_line_name);
        m.add("Language", c.language);
        m.add("AccountCode", c.account_code);
        m.add("Context", c.context);
        m.add("Exten", c.exten);
        m.add("Priority", std::to_string(c.priority));
        m.add("Uniqueid", c.uniqueid);
        m.add("Linkedid", c.linkedid);
    }

    static std::string channel_type(const channel& c) {
        const std::size_t slash = c.name.find('/');
        return slash == std::string::npos ? c.name : c.name.substr(0, slash);
    }

    /// Sent after a good Login to a session that reads system events.
    message fully_booted() const {
        const std::string up = std::to_string(uptime().count());
        message e = message::event("FullyBooted");
        e.add("Privilege", "system,all");
        e.add("Uptime", up);
        e.add("LastReload", up);
        e.add("Status", "Fully Booted");
        return e;
    }

    message status_item(const channel_record& r, std::string_view action_id) const {
        const channel& c = r.info;
        message e = message::event("Status");
        e.add("Privilege", "Call");
        if (version_ < server_version{2, 0, 0}) { // Asterisk 1.x wording
            e.add("Channel", c.name);
            e.add("CallerIDNum", c.caller_id_num);
            e.add("CallerIDName", c.caller_id_name);
            e.add("Account", c.account_code);
            e.add("State", channel_state_text(c.state));
            e.add("Context", c.context);
            e.add("Extension", c.exten);
            e.add("Priority", std::to_string(c.priority));
            e.add("Seconds", std::to_string(age(r).count()));
            e.add("Uniqueid", c.uniqueid);
        } else {
            add_snapshot(e, c);
            e.add("Type", channel_type(c));
            e.add("DNID", "");
            e.add("EffectiveConnectedLineNum", c.connected_line_num);
            e.add("EffectiveConnectedLineName", c.connected_line_name);
            e.add("TimeToHangup", "0");
            e.add("BridgeID", c.bridge_id);
            e.add("Application", c.application);
            e.add("Data", c.application_data);
            e.add("Nativeformats", "(ulaw)");
            e.add("Readformat", "ulaw");
            e.add("Readtrans", "");
            e.add("Writeformat", "ulaw");
            e.add("Writetrans", "");
            e.add("Callgroup", "0");
            e.add("Pickupgroup", "0");
            e.add("Seconds", std::to_string(age(r).count()));
        }
        if (!action_id.empty())
            e.add("ActionID", action_id);
        return e;
    }

private:
    std::vector<channel_record>::iterator find_channel_it(std::string_view name) {
        return std::find_if(channels_.begin(), channels_.end(), [name](const channel_record& r) {
            return amicpp::detail::iequals(r.info.name, name);
        });
    }

    server_version version_;
    std::string ami_version_;
    std::string asterisk_version_;
    std::chrono::steady_clock::time_point started_;
    std::chrono::system_clock::time_point started_wall_;
    long long epoch_ = 0;
    std::uint64_t seq_ = 0;
    std::uint64_t channel_seq_ = 1;
    std::size_t calls_processed_ = 0;

    std::map<std::string, account, iless> users_;
    std::vector<channel_record> channels_;
    std::map<std::string, std::string> globals_;
    std::map<std::string, mailbox_state> mailboxes_;
    std::map<std::string, hint_state> hints_;
    std::map<std::string, command_reply> commands_;
};

} // namespace amicpp::testing::detail

#endif // AMICPP_TESTING_DETAIL_PBX_HPP
