// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_TESTS_LIVE_CAPTURE_HPP
#define AMICPP_TESTS_LIVE_CAPTURE_HPP

// Reads the live captures (tests/fixtures/live/NN_name.txt): one line per chunk,
// `[t=+1.234s] S->C b'...'` (bytes the server sent, as a Python bytes repr) or `C->S b'...'`.
#include <amicpp/live/all.hpp>
#include <amicpp/parser.hpp>

#include "support/fixtures.hpp"

#include <chrono>
#include <cstdlib>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace amicpp_test {

struct capture_chunk {
    bool from_server = false;
    double t = 0;      // seconds since the capture started
    std::string bytes; // decoded
};

// Decodes a Python bytes literal: b'...' or b"...", escapes \\ \' \" \n \r \t \xHH.
inline std::string decode_bytes_repr(std::string_view lit) {
    if (lit.size() < 3 || lit[0] != 'b' || (lit[1] != '\'' && lit[1] != '"'))
        throw std::runtime_error("not a bytes literal: " + std::string(lit.substr(0, 40)));
    const char quote = lit[1];
    std::string out;
    std::size_t i = 2;
    for (; i < lit.size() && lit[i] != quote; ++i) {
        char c = lit[i];
        if (c != '\\') {
            out.push_back(c);
            continue;
        }
        c = lit.at(++i);
        switch (c) {
        case 'n':
            out.push_back('\n');
            break;
        case 'r':
            out.push_back('\r');
            break;
        case 't':
            out.push_back('\t');
            break;
        case '\\':
            out.push_back('\\');
            break;
        case '\'':
            out.push_back('\'');
            break;
        case '"':
            out.push_back('"');
            break;
        case 'x': {
            const std::string hex(lit.substr(i + 1, 2));
            out.push_back(static_cast<char>(std::strtol(hex.c_str(), nullptr, 16)));
            i += 2;
            break;
        }
        default:
            throw std::runtime_error("unknown escape in capture");
        }
    }
    if (i >= lit.size())
        throw std::runtime_error("unterminated bytes literal");
    return out;
}

inline std::vector<capture_chunk> load_capture(const std::string& name) {
    const std::string text = load_fixture("live/" + name);
    std::vector<capture_chunk> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("[t=+", 0) != 0)
            continue;
        const std::size_t close = line.find("s] ");
        if (close == std::string::npos)
            continue;
        std::string_view rest = std::string_view(line).substr(close + 3);
        capture_chunk c;
        if (rest.rfind("S->C ", 0) == 0)
            c.from_server = true;
        else if (rest.rfind("C->S ", 0) != 0)
            continue; // a note
        c.t = std::strtod(line.c_str() + 4, nullptr);
        std::string_view lit = rest.substr(5);
        // The literal runs to its closing quote; an annotation may follow ("<- banner line").
        std::size_t end = 2;
        while (end < lit.size() && lit[end] != lit[1])
            end += lit[end] == '\\' ? 2 : 1;
        c.bytes = decode_bytes_repr(lit.substr(0, end + 1));
        out.push_back(std::move(c));
    }
    return out;
}

// The value of `key` in an action the client sent (`Key: value\r\n`), or empty.
inline std::string action_header(const std::string& bytes, std::string_view key) {
    const std::string needle = std::string(key) + ": ";
    std::size_t at = 0;
    while ((at = bytes.find(needle, at)) != std::string::npos) {
        if (at == 0 || bytes[at - 1] == '\n') {
            const std::size_t start = at + needle.size();
            return bytes.substr(start, bytes.find('\r', start) - start);
        }
        at += needle.size();
    }
    return {};
}

inline bool list_kind_of(const std::string& action, amicpp::live::list_kind& kind) {
    using amicpp::live::list_kind;
    static const std::pair<const char*, list_kind> table[] = {
        {"CoreShowChannels", list_kind::core_show_channels},
        {"BridgeList", list_kind::bridge_list},
        {"BridgeInfo", list_kind::bridge_info},
        {"QueueStatus", list_kind::queue_status},
        {"DeviceStateList", list_kind::device_state_list},
        {"ExtensionStateList", list_kind::extension_state_list},
        {"ParkedCalls", list_kind::parked_calls},
        {"MailboxCount", list_kind::mailbox_count},
    };
    for (const auto& e : table) {
        if (action == e.first) {
            kind = e.second;
            return true;
        }
    }
    return false;
}

inline amicpp::live::time_point at_seconds(double t) {
    return amicpp::live::time_point(
        std::chrono::microseconds(static_cast<long long>((1796190000.0 + t) * 1e6)));
}

struct replay_options {
    // List ActionIDs with these prefixes become loads of the model (others are ignored).
    std::vector<std::string> model_loads{"init-", "resync-", "race-"};
};

// Replays a capture: the model gets every server message except the `final-*` lists, and loads
// the lists named in `options`; `truth` is loaded from the `final-*` lists only.
inline void replay(const std::string& name, amicpp::live::state& model, amicpp::live::state& truth,
                   const replay_options& options = {}) {
    amicpp::parser p;
    amicpp::message m;
    std::error_code ec;
    for (const capture_chunk& c : load_capture(name)) {
        const auto now = at_seconds(c.t);
        if (!c.from_server) {
            const std::string aid = action_header(c.bytes, "ActionID");
            amicpp::live::list_kind kind;
            if (!list_kind_of(action_header(c.bytes, "Action"), kind))
                continue;
            std::string target = action_header(c.bytes, "Mailbox");
            if (target.empty())
                target = action_header(c.bytes, "BridgeUniqueid");
            if (aid.rfind("final-", 0) == 0) {
                truth.begin_load(kind, aid, now, target);
                continue;
            }
            for (const auto& prefix : options.model_loads) {
                if (aid.rfind(prefix, 0) == 0)
                    model.begin_load(kind, aid, now, target);
            }
            continue;
        }
        p.feed(c.bytes);
        while (p.next(m, ec)) {
            if (ec)
                throw std::runtime_error("parse error in capture " + name + ": " + ec.message());
            if (m.action_id().rfind("final-", 0) == 0)
                truth.apply(m, now);
            else
                model.apply(m, now);
        }
    }
}

} // namespace amicpp_test

#endif // AMICPP_TESTS_LIVE_CAPTURE_HPP
