// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_TESTS_LIVE_BUILDERS_HPP
#define AMICPP_TESTS_LIVE_BUILDERS_HPP

// Small builders of the events and list items Asterisk sends, for the live state's unit tests.
#include <amicpp/live/all.hpp>
#include <amicpp/message.hpp>

#include <chrono>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace amicpp_test::live {

using kv = std::pair<std::string_view, std::string_view>;

inline amicpp::message event(std::string_view name, std::initializer_list<kv> headers = {}) {
    amicpp::message m = amicpp::message::event(name);
    for (const auto& h : headers)
        m.add(h.first, h.second);
    return m;
}

// What Asterisk's channel snapshot headers look like, with the given values.
struct chan {
    chan(std::string uid, std::string channel_name, std::string lid = {}, std::string st = "6")
        : uniqueid(std::move(uid)), name(std::move(channel_name)), linkedid(std::move(lid)),
          state(std::move(st)) {}

    std::string uniqueid;
    std::string name;
    std::string linkedid;
    std::string state = "6";
    std::string cid_num = "100";
    std::string cid_name = "Alice";
    std::string context = "test";
    std::string exten = "100";
    std::string priority = "1";
};

inline void add_channel_headers(amicpp::message& m, const chan& c, std::string_view prefix = {}) {
    const auto k = [&](std::string_view key) { return std::string(prefix) + std::string(key); };
    m.add(k("Channel"), c.name);
    m.add(k("ChannelState"), c.state);
    m.add(k("ChannelStateDesc"), "x");
    m.add(k("CallerIDNum"), c.cid_num);
    m.add(k("CallerIDName"), c.cid_name);
    m.add(k("ConnectedLineNum"), "<unknown>");
    m.add(k("ConnectedLineName"), "<unknown>");
    m.add(k("Language"), "en");
    m.add(k("AccountCode"), "");
    m.add(k("Context"), c.context);
    m.add(k("Exten"), c.exten);
    m.add(k("Priority"), c.priority);
    m.add(k("Uniqueid"), c.uniqueid);
    m.add(k("Linkedid"), c.linkedid.empty() ? c.uniqueid : c.linkedid);
}

inline amicpp::message channel_event(std::string_view name, const chan& c,
                                     std::initializer_list<kv> extra = {}) {
    amicpp::message m = amicpp::message::event(name);
    m.add("Privilege", "call,all");
    add_channel_headers(m, c);
    for (const auto& h : extra)
        m.add(h.first, h.second);
    return m;
}

inline amicpp::message bridge_event(std::string_view name, std::string_view bridge_id,
                                    const chan* c = nullptr, std::string_view type = "basic") {
    amicpp::message m = amicpp::message::event(name);
    m.add("BridgeUniqueid", bridge_id);
    m.add("BridgeType", type);
    m.add("BridgeTechnology", "simple_bridge");
    m.add("BridgeCreator", "<unknown>");
    m.add("BridgeName", "<unknown>");
    m.add("BridgeNumChannels", "1");
    if (c != nullptr)
        add_channel_headers(m, *c);
    return m;
}

// A list as a server answers it: the response, the items (ActionID added), the Complete event.
inline std::vector<amicpp::message> list_answer(std::string_view action_id,
                                                std::string_view complete_event,
                                                std::vector<amicpp::message> items) {
    std::vector<amicpp::message> out;
    amicpp::message r = amicpp::message::response("Success");
    r.add("ActionID", action_id).add("EventList", "start").add("Message", "will follow");
    out.push_back(std::move(r));
    for (auto& item : items) {
        item.add("ActionID", action_id);
        out.push_back(std::move(item));
    }
    amicpp::message done = amicpp::message::event(complete_event);
    done.add("ActionID", action_id)
        .add("EventList", "Complete")
        .add("ListItems", std::to_string(out.size() - 1));
    out.push_back(std::move(done));
    return out;
}

inline amicpp::message core_show_channel(const chan& c, std::string_view bridge_id = {},
                                         std::string_view duration = "00:00:10") {
    amicpp::message m = amicpp::message::event("CoreShowChannel");
    add_channel_headers(m, c);
    m.add("Application", "Wait").add("ApplicationData", "30");
    m.add("Duration", duration).add("BridgeId", bridge_id);
    return m;
}

inline amicpp::live::time_point t0() {
    return amicpp::live::time_point(std::chrono::seconds(1796190000));
}

// Counts the changes of one kind in the state's change list.
inline std::size_t count(const amicpp::live::state& s, amicpp::live::change_kind k) {
    std::size_t n = 0;
    for (const auto& c : s.changes())
        n += c.kind == k ? 1 : 0;
    return n;
}

inline void apply_all(amicpp::live::state& s, const std::vector<amicpp::message>& ms,
                      amicpp::live::time_point now = t0()) {
    for (const auto& m : ms)
        s.apply(m, now);
}

} // namespace amicpp_test::live

#endif // AMICPP_TESTS_LIVE_BUILDERS_HPP
