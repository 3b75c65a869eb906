// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
//
// ami-top: a live wallboard of an Asterisk, like top: calls and their parties, channels,
// bridges, queues with their agents and waiting callers, device and hint states, parked calls,
// mailboxes. Redrawn in place when something changes (a few times a second at most) and every
// second for the durations; Ctrl-C to quit.
//
//   ami-top --demo                       the simulated PBX of common/live_demo.hpp, busy
//   ami-top --demo --once                one board, once the first load is done, then exit
//   ami-top --demo --once --json | jq .  the same as one JSON object
//   AMI_URL=ami://monitor:secret@pbx ami-top --mailbox 1234@default
//
// Everything on the board comes from one amicpp::live::mirror: it loads the lists
// (CoreShowChannels, BridgeList, QueueStatus, DeviceStateList, ExtensionStateList,
// ParkedCalls, MailboxCount) on every login, follows the events, and hands out immutable
// snapshots; the board is drawn from a snapshot. The session is supervised (async_run): a lost
// link is re-established and the mirror resyncs, counting what it had to correct as drift.

#include "common/exit_codes.hpp"
#include "common/json.hpp"
#include "common/live_demo.hpp"
#include "common/options.hpp"
#include "common/report.hpp"

#include <amicpp/connection.hpp>
#include <amicpp/live/mirror.hpp>

#include <asio/io_context.hpp>
#include <asio/signal_set.hpp>
#include <asio/steady_timer.hpp>

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace live = amicpp::live;
using namespace std::chrono_literals;

namespace {

// ---- formatting helpers ----------------------------------------------------------------------

// "Name" <number>, the way Asterisk writes a caller ID; unset parts (`<unknown>`) left out.
std::string party(std::string_view name, std::string_view number) {
    if (name == "<unknown>")
        name = {};
    if (number == "<unknown>")
        number = {};
    if (name.empty() || name == number)
        return std::string(number);
    std::string out = "\"" + std::string(name) + "\"";
    if (!number.empty())
        out += " <" + std::string(number) + ">";
    return out;
}

// 0:07, 12:34, 1:02:03
std::string duration(live::time_point since, live::time_point now) {
    if (since == live::time_point{})
        return "-";
    const auto s = std::max<long long>(
        0, std::chrono::duration_cast<std::chrono::seconds>(now - since).count());
    char text[32];
    if (s >= 3600)
        std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
    else
        std::snprintf(text, sizeof text, "%lld:%02lld", s / 60, s % 60);
    return text;
}

long long seconds_since(live::time_point since, live::time_point now) {
    if (since == live::time_point{})
        return 0;
    return std::max<long long>(
        0, std::chrono::duration_cast<std::chrono::seconds>(now - since).count());
}

std::string clock_text(live::time_point t) {
    const std::time_t tt = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    localtime_r(&tt, &tm);
    char text[16];
    std::strftime(text, sizeof text, "%H:%M:%S", &tm);
    return text;
}

// The first 8 characters of a bridge id: enough to tell bridges apart on a board.
std::string short_id(std::string_view id) {
    return std::string(id.substr(0, 8));
}

// A queue member's Status: the device state number app_queue reports.
std::string_view member_status(int status) {
    static const char* const texts[] = {"unknown", "not in use", "in use",
                                        "busy",    "invalid",    "unavailable",
                                        "ringing", "ringinuse",  "on hold"};
    return status >= 0 && status <= 8 ? texts[status] : "?";
}

// Devices the board leaves out unless --all-devices: Local channels' devices (every call has
// a few, and they come and go), the queue's own devices (Queue:support_avail,
// Queue:support_pause_...), and parking and voicemail devices (their sections say more).
bool noisy_device(std::string_view device) {
    for (std::string_view prefix : {"Local/", "Queue:", "park:", "MWI:"}) {
        if (device.substr(0, prefix.size()) == prefix)
            return true;
    }
    return false;
}

// Rows of cells as lines, each column as wide as its widest cell.
std::vector<std::string> columns(const std::vector<std::vector<std::string>>& rows,
                                 const std::string& indent) {
    std::vector<std::size_t> width;
    for (const auto& row : rows) {
        width.resize(std::max(width.size(), row.size()), 0);
        for (std::size_t c = 0; c < row.size(); ++c)
            width[c] = std::max(width[c], row[c].size());
    }
    std::vector<std::string> out;
    for (const auto& row : rows) {
        std::string line = indent;
        for (std::size_t c = 0; c < row.size(); ++c) {
            line += row[c];
            if (c + 1 < row.size())
                line += std::string(width[c] - row[c].size() + 2, ' ');
        }
        while (!line.empty() && line.back() == ' ')
            line.pop_back();
        out.push_back(std::move(line));
    }
    return out;
}

// A view's entities, sorted by `less`.
template <class View, class Less>
auto sorted(const View& view, Less less) {
    std::vector<const typename View::iterator::value_type*> out;
    for (const auto& e : view)
        out.push_back(&e);
    std::sort(out.begin(), out.end(), [&](const auto* a, const auto* b) { return less(*a, *b); });
    return out;
}

// ---- what the header says ------------------------------------------------------------------

struct header_info {
    std::string where;       // host:port
    std::string user;        // the AMI account
    std::string ami_version; // from the banner
    std::string asterisk;    // from CoreSettings, when allowed
    std::string link = "connecting";
    std::vector<live::part> parts; // the parts the mirror loads
};

// ---- the board as text -----------------------------------------------------------------------

std::vector<std::string> render(const live::snapshot& s, const header_info& h, live::time_point now,
                                bool all_devices) {
    std::vector<std::string> out;
    const auto channel_name = [&s](const std::string& uid) {
        const live::channel* c = s.find_channel(uid);
        return c != nullptr ? c->name : uid;
    };

    // Header.
    out.push_back("ami-top  " +
                  (h.asterisk.empty() ? std::string("Asterisk") : "Asterisk " + h.asterisk) +
                  (h.ami_version.empty() ? "" : " (AMI " + h.ami_version + ")") + " at " + h.where +
                  " as " + h.user + "   link " + h.link + "   " + clock_text(now));
    std::size_t answered = 0, waiting = 0;
    for (const auto& c : s.calls())
        answered += c.answered ? 1 : 0;
    for (const auto& q : s.queues())
        waiting += q.callers.size();
    std::size_t shown_devices = 0;
    for (const auto& d : s.devices())
        shown_devices += all_devices || !noisy_device(d.device) ? 1 : 0;
    out.push_back("calls " + std::to_string(s.calls().size()) + " (" + std::to_string(answered) +
                  " answered)   channels " + std::to_string(s.channels().size()) + "   bridges " +
                  std::to_string(s.bridges().size()) + "   queues " +
                  std::to_string(s.queues().size()) + " (" + std::to_string(waiting) +
                  " waiting)   parked " + std::to_string(s.parked_calls().size()) + "   devices " +
                  std::to_string(shown_devices) + "   drift " + std::to_string(s.drift()) +
                  "   events " + std::to_string(s.events_applied()));
    std::string unavailable, loading;
    for (const live::part p : h.parts) {
        const live::part_status& st = s.status(p);
        if (!st.available)
            unavailable += std::string(unavailable.empty() ? "" : "; ") +
                           std::string(live::to_string(p)) + ": " + st.reason;
        else if (st.loads == 0)
            loading += std::string(loading.empty() ? "" : ", ") + std::string(live::to_string(p));
    }
    if (!unavailable.empty())
        out.push_back("unavailable: " + unavailable);
    if (!loading.empty())
        out.push_back("loading: " + loading);

    // Calls, oldest first, each with its channels.
    out.emplace_back();
    out.push_back("CALLS");
    const auto calls = sorted(s.calls(), [](const live::call& a, const live::call& b) {
        return a.started != b.started ? a.started < b.started : a.linkedid < b.linkedid;
    });
    std::vector<std::vector<std::string>> rows;
    std::vector<std::size_t> call_at; // index in rows where each call's channels start
    std::vector<std::string> call_lines;
    for (const live::call* c : calls) {
        std::vector<std::string> parties;
        call_at.push_back(rows.size());
        for (const std::string& uid : c->channels) {
            const live::channel* ch = s.find_channel(uid);
            if (ch == nullptr)
                continue;
            const std::string who = party(ch->caller_id_name, ch->caller_id_num);
            if (!who.empty() && std::find(parties.begin(), parties.end(), who) == parties.end())
                parties.push_back(who);
            std::string where = ch->application.empty()
                                    ? ch->exten + "@" + ch->context
                                    : ch->application + "(" + ch->application_data + ")";
            if (where.size() > 32)
                where = where.substr(0, 29) + "...";
            const std::string to = party(ch->connected_line_name, ch->connected_line_num);
            rows.push_back({ch->name, std::string(live::to_string(ch->state)),
                            who.empty() ? "-" : who, to.empty() || to == who ? "" : "-> " + to,
                            where,
                            ch->bridge_id.empty() ? "" : "bridge " + short_id(ch->bridge_id)});
        }
        // What the call is doing: waiting in a queue, parked, talking or still ringing.
        std::string doing = c->answered ? "answered" : "ringing";
        for (const std::string& uid : c->channels) {
            for (const auto& q : s.queues()) {
                if (q.find_caller(uid) != nullptr)
                    doing = "queued in " + q.name;
            }
            if (const live::parked_call* p = s.find_parked(uid))
                doing = "parked at " + p->space;
        }
        std::string line = duration(c->started, now) + "  " + doing + "  ";
        for (std::size_t i = 0; i < parties.size(); ++i)
            line += (i == 0 ? "" : ", ") + parties[i];
        call_lines.push_back(line + "   [" + c->linkedid + "]");
    }
    const std::vector<std::string> channel_lines = columns(rows, "      ");
    for (std::size_t i = 0; i < calls.size(); ++i) {
        out.push_back("  " + call_lines[i]);
        const std::size_t end = i + 1 < calls.size() ? call_at[i + 1] : rows.size();
        for (std::size_t r = call_at[i]; r < end; ++r)
            out.push_back(channel_lines[r]);
    }
    if (calls.empty())
        out.push_back("  (none)");

    // Bridges.
    out.emplace_back();
    out.push_back("BRIDGES");
    rows.clear();
    for (const live::bridge* b : sorted(
             s.bridges(), [](const live::bridge&a, const live::bridge&x) { return a.id < x.id; })) {
        std::string members;
        for (const std::string& uid : b->members)
            members += (members.empty() ? "" : ", ") + channel_name(uid);
        rows.push_back({short_id(b->id), b->type + "/" + b->technology,
                        std::to_string(b->members.size()) + " in", members});
    }
    for (auto& line : columns(rows, "  "))
        out.push_back(std::move(line));
    if (rows.empty())
        out.push_back("  (none)");

    // Queues: parameters, members, callers.
    out.emplace_back();
    out.push_back("QUEUES");
    for (const live::queue* q : sorted(s.queues(), [](const live::queue&a, const live::queue&b) {
             return a.name < b.name;
         })) {
        out.push_back("  " + q->name + "  " + (q->strategy.empty() ? "" : q->strategy + "  ") +
                      std::to_string(q->callers.size()) + " waiting  completed " +
                      std::to_string(q->completed) + "  abandoned " + std::to_string(q->abandoned) +
                      "  holdtime " + std::to_string(q->hold_time) + "s  talktime " +
                      std::to_string(q->talk_time) + "s");
        rows.clear();
        for (const live::queue_member& m : q->members) {
            rows.push_back(
                {"agent", m.name.empty() ? m.interface : m.name, m.interface,
                 std::string(member_status(m.status)),
                 m.paused ? "paused" + (m.paused_reason.empty() ? std::string()
                                                                : " (" + m.paused_reason + ")")
                          : "ready",
                 m.in_call ? "in call" : "", "taken " + std::to_string(m.calls_taken)});
        }
        for (const live::queue_caller& c : q->callers) {
            const std::string who = party(c.caller_id_name, c.caller_id_num);
            rows.push_back({"caller", "#" + std::to_string(c.position), who.empty() ? "-" : who,
                            c.channel, "waiting " + duration(c.joined, now)});
        }
        for (auto& line : columns(rows, "    "))
            out.push_back(std::move(line));
    }
    if (s.queues().empty())
        out.push_back("  (none)");

    // Devices and hints, several to a line.
    out.emplace_back();
    std::string line = "DEVICES ";
    std::size_t hidden = 0;
    for (const live::device_state* d :
         sorted(s.devices(), [](const live::device_state&a, const live::device_state&b) {
             return a.device < b.device;
         })) {
        if (!all_devices && noisy_device(d->device)) {
            ++hidden;
            continue;
        }
        line += "  " + d->device + " " + d->state;
    }
    if (hidden != 0)
        line += "   (" + std::to_string(hidden) + " Local/Queue/park/MWI hidden)";
    out.push_back(line);
    line = "HINTS   ";
    for (const live::hint* x :
         sorted(s.hints(), [](const live::hint&a, const live::hint&b) { return a.key < b.key; }))
        line += "  " + x->key + " " +
                (x->status_text.empty() ? std::to_string(x->status) : x->status_text);
    out.push_back(line);

    // Parked calls and mailboxes.
    out.emplace_back();
    out.push_back("PARKED");
    rows.clear();
    for (const live::parked_call* p :
         sorted(s.parked_calls(), [](const live::parked_call&a, const live::parked_call&b) {
             return a.space < b.space;
         })) {
        const live::channel* ch = s.find_channel(p->uniqueid);
        const std::string who =
            ch != nullptr ? party(ch->caller_id_name, ch->caller_id_num) : std::string();
        rows.push_back({p->space + "@" + p->lot, p->channel, who.empty() ? "-" : who,
                        "parked " + duration(p->parked_at, now),
                        "timeout " + std::to_string(p->timeout) + "s"});
    }
    for (auto& l : columns(rows, "  "))
        out.push_back(std::move(l));
    if (rows.empty())
        out.push_back("  (none)");
    line = "MAILBOXES";
    for (const live::mailbox* m :
         sorted(s.mailboxes(),
                [](const live::mailbox&a, const live::mailbox&b) { return a.mailbox < b.mailbox; }))
        line += "  " + m->mailbox + " " + std::to_string(m->new_messages) + " new " +
                std::to_string(m->old_messages) + " old";
    out.push_back(line);
    return out;
}

// ---- the board as JSON -----------------------------------------------------------------------

class json_writer {
public:
    json_writer& key(std::string_view k) {
        comma();
        examples::append_json_string(out_, k);
        out_ += ':';
        fresh_ = true;
        return *this;
    }
    json_writer& str(std::string_view v) {
        comma();
        examples::append_json_string(out_, v);
        return *this;
    }
    json_writer& num(long long v) {
        comma();
        out_ += std::to_string(v);
        return *this;
    }
    json_writer& boolean(bool v) {
        comma();
        out_ += v ? "true" : "false";
        return *this;
    }
    json_writer& open(char c) {
        comma();
        out_ += c;
        fresh_ = true;
        return *this;
    }
    json_writer& close(char c) {
        out_ += c;
        fresh_ = false;
        return *this;
    }
    json_writer& field(std::string_view k, std::string_view v) { return key(k).str(v); }
    json_writer& field(std::string_view k, long long v) { return key(k).num(v); }
    json_writer& flag(std::string_view k, bool v) { return key(k).boolean(v); }
    const std::string& text() const { return out_; }

private:
    void comma() {
        if (!fresh_ && !out_.empty())
            out_ += ',';
        fresh_ = false;
    }
    std::string out_;
    bool fresh_ = true;
};

std::string to_json(const live::snapshot& s, const header_info& h, live::time_point now) {
    json_writer j;
    j.open('{');
    j.key("server").open('{');
    j.field("host", h.where).field("user", h.user).field("asterisk", h.asterisk);
    j.field("ami", h.ami_version).field("link", h.link);
    j.close('}');
    j.field("time",
            std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
    j.field("drift", static_cast<long long>(s.drift()));
    j.field("events", static_cast<long long>(s.events_applied()));
    j.key("parts").open('{');
    for (const live::part p : h.parts) {
        const live::part_status& st = s.status(p);
        j.key(live::to_string(p)).open('{');
        j.flag("available", st.available).field("reason", st.reason);
        j.field("loads", static_cast<long long>(st.loads));
        j.field("drift", static_cast<long long>(st.drift));
        j.close('}');
    }
    j.close('}');

    j.key("calls").open('[');
    for (const live::call* c : sorted(s.calls(), [](const live::call&a, const live::call&b) {
             return a.started != b.started ? a.started < b.started : a.linkedid < b.linkedid;
         })) {
        j.open('{').field("linkedid", c->linkedid).flag("answered", c->answered);
        j.field("duration", seconds_since(c->started, now));
        j.key("channels").open('[');
        for (const std::string& uid : c->channels) {
            const live::channel* ch = s.find_channel(uid);
            if (ch == nullptr)
                continue;
            j.open('{').field("uniqueid", ch->uniqueid).field("name", ch->name);
            j.field("state", live::to_string(ch->state));
            j.field("caller_id_num", ch->caller_id_num).field("caller_id_name", ch->caller_id_name);
            j.field("connected_line_num", ch->connected_line_num);
            j.field("connected_line_name", ch->connected_line_name);
            j.field("context", ch->context).field("exten", ch->exten);
            j.field("application", ch->application).field("bridge", ch->bridge_id);
            j.field("duration", seconds_since(ch->created, now));
            j.close('}');
        }
        j.close(']').close('}');
    }
    j.close(']');

    j.key("bridges").open('[');
    for (const live::bridge* b : sorted(
             s.bridges(), [](const live::bridge&a, const live::bridge&x) { return a.id < x.id; })) {
        j.open('{').field("id", b->id).field("type", b->type).field("technology", b->technology);
        j.key("members").open('[');
        for (const std::string& uid : b->members)
            j.str(uid);
        j.close(']').close('}');
    }
    j.close(']');

    j.key("queues").open('[');
    for (const live::queue* q : sorted(s.queues(), [](const live::queue&a, const live::queue&b) {
             return a.name < b.name;
         })) {
        j.open('{').field("name", q->name).field("strategy", q->strategy);
        j.field("completed", q->completed).field("abandoned", q->abandoned);
        j.field("hold_time", q->hold_time).field("talk_time", q->talk_time);
        j.key("members").open('[');
        for (const live::queue_member& m : q->members) {
            j.open('{').field("interface", m.interface).field("name", m.name);
            j.field("status", m.status).field("status_text", member_status(m.status));
            j.flag("paused", m.paused).field("paused_reason", m.paused_reason);
            j.flag("in_call", m.in_call).field("calls_taken", m.calls_taken);
            j.field("penalty", m.penalty);
            j.close('}');
        }
        j.close(']');
        j.key("callers").open('[');
        for (const live::queue_caller& c : q->callers) {
            j.open('{').field("position", c.position).field("uniqueid", c.uniqueid);
            j.field("channel", c.channel).field("caller_id_num", c.caller_id_num);
            j.field("caller_id_name", c.caller_id_name).field("wait", seconds_since(c.joined, now));
            j.close('}');
        }
        j.close(']').close('}');
    }
    j.close(']');

    j.key("devices").open('[');
    for (const live::device_state* d :
         sorted(s.devices(), [](const live::device_state&a, const live::device_state&b) {
             return a.device < b.device;
         }))
        j.open('{').field("device", d->device).field("state", d->state).close('}');
    j.close(']');

    j.key("hints").open('[');
    for (const live::hint* x :
         sorted(s.hints(), [](const live::hint&a, const live::hint&b) { return a.key < b.key; }))
        j.open('{')
            .field("hint", x->key)
            .field("devices", x->devices)
            .field("status", x->status)
            .field("status_text", x->status_text)
            .close('}');
    j.close(']');

    j.key("parked").open('[');
    for (const live::parked_call* p :
         sorted(s.parked_calls(), [](const live::parked_call&a, const live::parked_call&b) {
             return a.space < b.space;
         })) {
        j.open('{').field("space", p->space).field("lot", p->lot).field("channel", p->channel);
        j.field("uniqueid", p->uniqueid).field("parked", seconds_since(p->parked_at, now));
        j.field("timeout", p->timeout).close('}');
    }
    j.close(']');

    j.key("mailboxes").open('[');
    for (const live::mailbox* m :
         sorted(s.mailboxes(),
                [](const live::mailbox&a, const live::mailbox&b) { return a.mailbox < b.mailbox; }))
        j.open('{')
            .field("mailbox", m->mailbox)
            .field("new", m->new_messages)
            .field("old", m->old_messages)
            .close('}');
    j.close(']');
    j.close('}');
    return j.text();
}

// ---- the terminal ------------------------------------------------------------------------------

struct terminal_size {
    std::size_t columns = 120;
    std::size_t rows = 40;
};

terminal_size terminal() {
    terminal_size t;
    winsize w{};
    if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &w) == 0 && w.ws_col > 0 && w.ws_row > 0) {
        t.columns = w.ws_col;
        t.rows = w.ws_row;
    }
    return t;
}

// At most `width` columns (bytes, cut before a UTF-8 continuation byte).
std::string fit(std::string line, std::size_t width) {
    if (line.size() <= width)
        return line;
    std::size_t n = width;
    while (n > 0 && (static_cast<unsigned char>(line[n]) & 0xC0u) == 0x80u)
        --n;
    line.resize(n);
    return line;
}

// The board's screen: the alternate screen, without a cursor, while it lives (plain ANSI).
class screen {
public:
    void enter() {
        if (active_)
            return;
        active_ = true;
        std::cout << "\x1b[?1049h\x1b[?25l" << std::flush;
    }
    ~screen() { leave(); }
    void leave() {
        if (!active_)
            return;
        active_ = false;
        std::cout << "\x1b[?25h\x1b[?1049l" << std::flush;
    }
    // Home, every line cleared to its end, the rest of the screen cleared.
    void draw(const std::vector<std::string>& lines) {
        const terminal_size t = terminal();
        std::string frame = "\x1b[H";
        for (std::size_t i = 0; i < lines.size() && i + 1 < t.rows; ++i)
            frame += fit(lines[i], t.columns) + "\x1b[K\r\n";
        if (lines.size() + 1 > t.rows)
            frame += fit("... " + std::to_string(lines.size() + 2 - t.rows) +
                             " more lines (a taller terminal shows them)",
                         t.columns) +
                     "\x1b[K";
        frame += "\x1b[J";
        std::cout << frame << std::flush;
    }

private:
    bool active_ = false;
};

// ---- the program
// ---------------------------------------------------------------------------------

struct settings {
    bool once = false;
    bool json = false;
    bool all_devices = false;
    std::chrono::milliseconds interval{250};
    std::chrono::seconds wait{20};
    std::chrono::seconds reconcile{0};
    std::vector<std::string> mailboxes;
};

class top {
public:
    top(asio::io_context& io, const examples::options& o, settings s,
        const examples::live_demo* demo)
        : o_(o), s_(std::move(s)), demo_(demo != nullptr), ami_(io.get_executor()),
          signals_(io, SIGINT, SIGTERM), resize_(io, SIGWINCH), redraw_(io), tick_(io),
          deadline_(io) {
        header_.where = o.where();
        header_.user = o.login.username;
        live::mirror_options mo;
        mo.mailboxes = s_.mailboxes;
        mo.reconcile_interval = s_.reconcile;
        mo.on_changes = [this](const live::change_list&) { changed(); };
        for (const live::list_kind k : mo.lists)
            add_part(live::part_of(k));
        if (!mo.mailboxes.empty())
            add_part(live::part::mailboxes);
        mirror_ = std::make_unique<live::mirror<asio::ip::tcp::socket>>(ami_, std::move(mo));
        link_ = ami_.subscribe_link([this](const amicpp::link_event& e) { on_link(e); });
    }

    void start() {
        signals_.async_wait([this](std::error_code ec, int) {
            if (!ec)
                quit(examples::exit_ok);
        });
        watch_resize();
        amicpp::run_options run;
        run.host = o_.host;
        run.port = o_.port;
        run.login = o_.login;
        run.on_state = [this](const amicpp::session_event& e) { on_state(e); };
        ami_.async_run(std::move(run), [](std::error_code) {});
        if (s_.once) {
            deadline_.expires_after(s_.wait);
            deadline_.async_wait([this](std::error_code ec) {
                if (ec || quitting_)
                    return;
                std::cerr << "ami-top: the board was not complete after " << s_.wait.count()
                          << " s; printing what there is\n";
                print_once();
                quit(examples::exit_action_failed);
            });
        } else {
            if (!s_.json)
                screen_.enter();
            draw();
            every_second();
        }
    }

    int exit_code() const { return exit_code_; }

private:
    void add_part(live::part p) {
        if (std::find(header_.parts.begin(), header_.parts.end(), p) == header_.parts.end())
            header_.parts.push_back(p);
    }

    // Session notices (on the connection's strand, which is this thread).
    void on_state(const amicpp::session_event& e) {
        switch (e.state) {
        case amicpp::session_state::connecting:
            header_.link = e.attempt == 0 ? "connecting" : "reconnecting";
            break;
        case amicpp::session_state::up:
            header_.link = "up";
            break;
        case amicpp::session_state::down:
            header_.link = "down (" + e.reason.message() + ")";
            break;
        case amicpp::session_state::retrying:
            if (!ever_up_) { // the first login failed: say so and stop, as the other examples do
                exit_code_ = examples::connect_failed("ami-top", o_, e.reason, amicpp::message{});
                quit(exit_code_);
                return;
            }
            header_.link = "down, retrying in " + std::to_string(e.delay.count()) + " ms (" +
                           e.reason.message() + ")";
            break;
        case amicpp::session_state::given_up:
        case amicpp::session_state::stopped:
            header_.link = "stopped";
            break;
        }
        changed();
    }

    void on_link(const amicpp::link_event& e) {
        if (!e.up)
            return;
        ever_up_ = true;
        header_.ami_version = e.version.to_string();
        // The Asterisk release, when this account may ask (CoreSettings needs read system).
        ami_.async_send(amicpp::action("CoreSettings"),
                        [this](std::error_code ec, amicpp::reply r) {
                            if (!ec)
                                header_.asterisk = std::string(r.response.get("AsteriskVersion"));
                            changed();
                        });
    }

    // Something changed: --once checks whether the board is complete; otherwise a redraw is
    // due, at most every `interval`.
    void changed() {
        if (quitting_)
            return;
        if (s_.once) {
            if (complete())
                print_once(), quit(examples::exit_ok);
            return;
        }
        if (redraw_pending_)
            return;
        redraw_pending_ = true;
        redraw_.expires_at(last_draw_ + s_.interval);
        redraw_.async_wait([this](std::error_code ec) {
            redraw_pending_ = false;
            if (!ec && !quitting_)
                draw();
        });
    }

    // Every part loaded (or refused), the Asterisk version asked, and with --demo the warm-up's
    // traffic seen.
    bool complete() const {
        if (!ever_up_ || header_.asterisk.empty())
            return false;
        const auto snap = mirror_->snapshot();
        for (const live::part p : header_.parts) {
            const live::part_status& st = snap->status(p);
            if (st.available && st.loads == 0)
                return false;
        }
        return !demo_ || examples::live_demo::warmed_up(*snap);
    }

    void print_once() {
        const auto snap = mirror_->snapshot();
        const auto now = std::chrono::system_clock::now();
        if (s_.json) {
            std::cout << to_json(*snap, header_, now) << '\n';
        } else {
            for (const std::string& line : render(*snap, header_, now, s_.all_devices))
                std::cout << line << '\n';
        }
        std::cout.flush();
    }

    void draw() {
        last_draw_ = std::chrono::steady_clock::now();
        const auto snap = mirror_->snapshot();
        const auto now = std::chrono::system_clock::now();
        if (s_.json) { // JSON Lines: one board per redraw
            std::cout << to_json(*snap, header_, now) << '\n' << std::flush;
            return;
        }
        std::vector<std::string> lines = render(*snap, header_, now, s_.all_devices);
        lines.front() += "   (Ctrl-C quits)";
        screen_.draw(lines);
    }

    // Durations move on: a redraw every second even when nothing changes.
    void every_second() {
        tick_.expires_after(1s);
        tick_.async_wait([this](std::error_code ec) {
            if (ec || quitting_)
                return;
            changed();
            every_second();
        });
    }

    void watch_resize() {
        resize_.async_wait([this](std::error_code ec, int) {
            if (ec || quitting_)
                return;
            changed();
            watch_resize();
        });
    }

    void quit(int code) {
        if (quitting_)
            return;
        quitting_ = true;
        exit_code_ = code;
        screen_.leave();
        signals_.cancel();
        resize_.cancel();
        redraw_.cancel();
        tick_.cancel();
        deadline_.cancel();
        link_.unsubscribe();
        ami_.stop(); // async_run completes, the io_context runs out of work
    }

    const examples::options& o_;
    settings s_;
    bool demo_;
    amicpp::connection ami_;
    std::unique_ptr<live::mirror<asio::ip::tcp::socket>> mirror_; // destroyed before ami_
    amicpp::subscription link_;
    asio::signal_set signals_;
    asio::signal_set resize_;
    asio::steady_timer redraw_;
    asio::steady_timer tick_;
    asio::steady_timer deadline_;
    header_info header_;
    screen screen_;
    std::chrono::steady_clock::time_point last_draw_{};
    bool redraw_pending_ = false;
    bool ever_up_ = false;
    bool quitting_ = false;
    int exit_code_ = examples::exit_ok;
};

} // namespace

int main(int argc, char** argv) {
    settings s;
    std::string mailboxes;
    unsigned long interval = 250, wait = 20, reconcile = 0;
    examples::option_parser parser(
        "ami-top", "",
        "A live wallboard of an Asterisk, like top: calls (channels grouped by Linkedid) with\n"
        "their duration and parties, channel states, bridges, queues with their agents and\n"
        "waiting callers, device and hint states, parked calls and mailboxes. Redrawn in place\n"
        "when something changes and every second; Ctrl-C to quit. It only reads: it loads\n"
        "CoreShowChannels, BridgeList, QueueStatus, DeviceStateList, ExtensionStateList,\n"
        "ParkedCalls and MailboxCount, and follows the events. The manager.conf user needs\n"
        "read = call,agent (and dialplan for the applications channels run) and, for the\n"
        "lists, write = call,reporting (AMI checks list actions against the write classes,\n"
        "though they change nothing); a list the server refuses is shown as unavailable with\n"
        "the server's reason, and the rest of the board goes on.");
    parser.flag("--once", "print one board once the first load is done, then exit", s.once)
        .flag("--json", "the board as JSON (with --once: one object; else one per redraw)", s.json)
        .flag("--all-devices", "also show Local/, Queue:, park: and MWI: device states",
              s.all_devices)
        .value("--mailbox", "BOX[,BOX]", "mailboxes to count, e.g. 1234@default (--demo: that one)",
               mailboxes)
        .number("--interval", "MS", "redraw at most this often (default 250 ms)", interval)
        .number("--reconcile", "SECONDS",
                "load the lists again this often and correct drift (default: at each login)",
                reconcile)
        .number("--wait", "SECONDS", "--once: give up waiting for the board after (default 20)",
                wait)
        .example("ami-top --demo")
        .example("ami-top --demo --once --json | jq '.queues[].callers'")
        .example("ami-top --demo --user monitor --secret m0nitor   (some lists refused)")
        .example("AMI_URL=ami://monitor:secret@pbx.example.com ami-top --mailbox 1234@default");
    examples::options o = parser.parse(argc, argv);
    if (!o.args.empty())
        parser.fail("unexpected argument '" + o.args.front() + "'");
    if (interval < 20)
        parser.fail("--interval must be at least 20 ms");
    if (wait == 0)
        parser.fail("--wait must be at least 1 second");
    s.interval = std::chrono::milliseconds(interval);
    s.wait = std::chrono::seconds(wait);
    s.reconcile = std::chrono::seconds(reconcile);
    for (std::size_t from = 0; from < mailboxes.size();) {
        const std::size_t comma = std::min(mailboxes.find(',', from), mailboxes.size());
        if (comma > from)
            s.mailboxes.push_back(mailboxes.substr(from, comma - from));
        from = comma + 1;
    }
    const auto demo = examples::start_live_demo_if_asked(o);
    if (demo && s.mailboxes.empty())
        s.mailboxes.push_back(examples::live_demo::mailbox);

    asio::io_context io;
    top board(io, o, std::move(s), demo.get());
    board.start();
    io.run(); // until Ctrl-C, --once's board, or a failed first login
    return board.exit_code();
}
