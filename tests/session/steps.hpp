// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// One random step of a session: what a server, a clock, a user and a driver may do, drawn from
// any source of numbers (a seeded generator for the property test, the fuzz input for the fuzz
// target).
#ifndef AMICPP_TESTS_SESSION_STEPS_HPP
#define AMICPP_TESTS_SESSION_STEPS_HPP

#include "session/model.hpp"

#include <chrono>
#include <cstdint>
#include <string>

namespace amicpp_test {

// `draw(n)` returns a number in [0, n).
template <class Draw>
amicpp::session::core_options random_options(Draw&& draw) {
    using namespace std::chrono_literals;
    amicpp::session::core_options o;
    o.action_id_prefix = "p";
    static const std::size_t buffers[] = {0, 1, 2, 3, 4, 8, 64};
    o.event_buffer = buffers[draw(7)];
    o.overflow =
        draw(3) == 0 ? amicpp::overflow_policy::close : amicpp::overflow_policy::drop_oldest;
    static const std::chrono::milliseconds pauses[] = {0ms, 50ms, std::chrono::milliseconds::max()};
    o.max_read_pause = pauses[draw(3)];
    o.buffer_before_first_request = draw(2) == 0;
    static const std::chrono::milliseconds windows[] = {0ms, 10000ms, 60000ms};
    o.late_window = windows[draw(3)];
    static const std::size_t keep[] = {0, 1, 4, 4096};
    o.max_abandoned = keep[draw(4)];
    return o;
}

template <class Draw>
std::string pick_id(core_model& m, Draw&& draw) {
    const auto& ids = m.known_ids();
    const unsigned r = static_cast<unsigned>(draw(10));
    if (r < 7 && !ids.empty())
        return ids[ids.size() - 1 -
                   static_cast<std::size_t>(draw(std::min<std::size_t>(ids.size(), 8)))];
    if (r < 8)
        return "other-" + std::to_string(draw(3));
    return {};
}

template <class Draw>
std::chrono::milliseconds random_deadline(Draw&& draw) {
    using namespace std::chrono_literals;
    static const std::chrono::milliseconds d[] = {0ms, 1000ms, 5000ms, 30000ms};
    return d[draw(4)];
}

// One step. `traced` false: the server's messages come from elsewhere (the fuzz input).
template <class Draw>
void random_step(core_model& m, Draw&& draw, bool server_steps = true) {
    using amicpp::message;
    using namespace std::chrono_literals;
    const unsigned kind = static_cast<unsigned>(draw(server_steps ? 26 : 17));
    switch (kind) {
    case 0:
    case 1: { // an action
        amicpp::session::submission s;
        const unsigned what = static_cast<unsigned>(draw(7));
        static const char* names[] = {
            "Ping", "CoreShowChannels", "Status", "Originate", "Queues", "Bad", "Ping"};
        s.action = message::action(names[what]);
        if (what == 2) {
            s.spec.list = true;
            s.spec.complete_event = "XComplete";
        } else if (what == 3) {
            s.spec.final_event = "OriginateResponse";
        } else if (what == 4) {
            s.spec.raw_reply = true;
        } else if (what == 5) {
            s.action.add("X", "a\r\nAction: Originate");
        } else if (what == 6) {
            s.action.add("ActionID", "u-" + std::to_string(draw(2)));
        }
        s.deadlines.response = random_deadline(draw);
        s.deadlines.list = random_deadline(draw);
        s.deadlines.event = random_deadline(draw);
        s.wait_for_link = draw(2) == 0;
        s.before_login = draw(8) == 0;
        m.submit(std::move(s));
        break;
    }
    case 2:
        m.cancel_some(draw(64), false);
        break;
    case 3:
        m.cancel_some(draw(64), true);
        break;
    case 5:
        m.advance_to_deadline();
        break;
    case 4: {
        static const std::chrono::milliseconds steps[] = {1ms,    20ms,   100ms,
                                                          1000ms, 5000ms, 61000ms};
        m.advance(steps[draw(6)]);
        break;
    }
    case 6:
        if (draw(3) == 0)
            m.core().on_link_down(std::make_error_code(std::errc::connection_reset), m.now());
        break;
    case 7:
        if (m.core().state() == amicpp::session::link_state::down || draw(4) == 0)
            m.core().on_transport_up(m.now());
        break;
    case 8:
        m.core().on_link_up(m.now());
        break;
    case 9:
        if (draw(4) == 0)
            m.core().close(amicpp::make_error_code(amicpp::error::stopped), m.now());
        break;
    case 10:
    case 11: {
        const std::size_t max = 1 + static_cast<std::size_t>(draw(5)); // draws in a fixed order
        m.request(max, draw(2) == 0);
    } break;
    case 12:
        m.start_write();
        break;
    case 13:
        m.finish_write();
        break;
    case 14:
    case 15:
    case 16: // the driver's loop, writes included (or not yet)
        m.drain();
        if (draw(2) == 0)
            m.finish_write();
        if (draw(2) == 0)
            m.start_write();
        break;
    case 17:
    case 18: { // a response
        message r = message::response(draw(4) == 0 ? "Error" : "Success");
        const std::string id = pick_id(m, draw);
        if (!id.empty())
            r.add("ActionID", id);
        if (draw(3) == 0)
            r.add("EventList", "start");
        m.server_sends(std::move(r));
        break;
    }
    case 19:
    case 20: { // a list item, with or without ActionID and Privilege
        message e = message::event("Item");
        const std::string id = pick_id(m, draw);
        if (!id.empty())
            e.add("ActionID", id);
        if (draw(2) == 0)
            e.add("Privilege", "call,all");
        m.server_sends(std::move(e));
        break;
    }
    case 21: { // a list's end
        message e = message::event("XComplete");
        const std::string id = pick_id(m, draw);
        if (!id.empty())
            e.add("ActionID", id);
        const unsigned how = static_cast<unsigned>(draw(3));
        if (how == 0)
            e.add("EventList", "Complete");
        else if (how == 1)
            e.add("EventList", "cancelled");
        if (draw(2) == 0)
            e.add("ListItems", std::to_string(draw(4)));
        m.server_sends(std::move(e));
        break;
    }
    case 22: {
        message e = message::event("OriginateResponse");
        e.add("Privilege", "call,all");
        const std::string id = pick_id(m, draw);
        if (!id.empty())
            e.add("ActionID", id);
        m.server_sends(std::move(e));
        break;
    }
    case 23:
    case 24: {
        message e = message::event("Tick");
        e.add("Privilege", "system,all");
        m.server_sends(std::move(e));
        break;
    }
    case 25: {
        if (draw(2) == 0) {
            message raw(amicpp::message_kind::raw);
            raw.add_line("unframed text");
            m.server_sends(std::move(raw));
        } else {
            amicpp::dropped_message d;
            d.reason = amicpp::make_error_code(amicpp::error::line_too_long);
            d.kind = draw(2) == 0 ? amicpp::message_kind::response : amicpp::message_kind::event;
            static const char* names[] = {"Item", "XComplete", "OriginateResponse", "Success"};
            d.name = names[draw(4)];
            d.action_id = pick_id(m, draw);
            m.dropped(d);
        }
        break;
    }
    default:
        break;
    }
}

} // namespace amicpp_test

#endif // AMICPP_TESTS_SESSION_STEPS_HPP
