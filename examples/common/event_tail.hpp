// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_EXAMPLES_COMMON_EVENT_TAIL_HPP
#define AMICPP_EXAMPLES_COMMON_EVENT_TAIL_HPP

// Follows the events of a connection, one at a time with amicpp's pull API
// (async_receive_event), until it is told to stop: Ctrl-C or SIGTERM, a number of events
// shown, or an end marker (the demo's last event). Stopping logs off. A gap
// (amicpp::error::events_lost: the event buffer overflowed because events were not taken fast
// enough) is reported where it happened, with the number of events dropped so far.

#include <amicpp/connection.hpp>
#include <amicpp/error.hpp>
#include <amicpp/message.hpp>

#include <asio/post.hpp>
#include <asio/signal_set.hpp>

#include <csignal>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <system_error>
#include <utility>

namespace examples {

class event_tail {
public:
    struct settings {
        std::size_t limit = 0;       ///< stop after this many events shown; 0: no limit
        bool stop_on_signals = true; ///< Ctrl-C (SIGINT) and SIGTERM stop the tail
        /// Stop at an event this accepts (it is not shown); empty: never.
        std::function<bool(const amicpp::message&)> is_end;
    };
    /// Called for each event; returns true when it showed the event (it counts for `limit`).
    using event_handler = std::function<bool(const amicpp::message&)>;
    /// Called at a gap with the number of events dropped since the connection began.
    using gap_handler = std::function<void(std::uint64_t dropped)>;
    /// Called once at the end: no error when the tail was stopped, the reason when the
    /// connection was lost.
    using done_handler = std::function<void(std::error_code)>;

    event_tail(amicpp::connection& conn, settings s)
        : conn_(conn), settings_(std::move(s)), signals_(conn.get_executor()) {}

    /// Starts following; call it on the connection's executor (from a completion handler).
    void start(event_handler on_event, gap_handler on_gap, done_handler on_done) {
        on_event_ = std::move(on_event);
        on_gap_ = std::move(on_gap);
        on_done_ = std::move(on_done);
        if (settings_.stop_on_signals) {
            signals_.add(SIGINT);
            signals_.add(SIGTERM);
            signals_.async_wait([this](std::error_code ec, int) {
                if (!ec)
                    stop_now();
            });
        }
        receive();
    }

    /// Stops following (from any thread): logs off; the done handler follows.
    void stop() {
        asio::post(signals_.get_executor(), [this] { stop_now(); });
    }

private:
    void receive() {
        conn_.async_receive_event(
            [this](std::error_code ec, amicpp::message m) { on_message(ec, std::move(m)); });
    }

    void on_message(std::error_code ec, amicpp::message m) {
        if (ec == amicpp::error::events_lost) {
            if (stopping_)
                return receive();
            conn_.async_get_status([this](amicpp::connection::status s) {
                if (on_gap_)
                    on_gap_(s.counters.events_dropped);
                receive();
            });
            return;
        }
        if (ec) { // the connection is closed: by us (stopping) or by the server
            std::error_code ignored;
            signals_.cancel(ignored);
            if (auto done = std::move(on_done_))
                done(stopping_ ? std::error_code{} : ec);
            return;
        }
        if (!stopping_) { // once stopping, what is still buffered is left unshown
            if (settings_.is_end && settings_.is_end(m))
                stop_now();
            else if (on_event_(m) && settings_.limit != 0 && ++shown_ >= settings_.limit)
                stop_now();
        }
        receive();
    }

    void stop_now() {
        if (stopping_)
            return;
        stopping_ = true;
        std::error_code ignored;
        signals_.cancel(ignored);
        conn_.async_close([](std::error_code) {}); // Logoff; then the pending receive ends
    }

    amicpp::connection& conn_;
    settings settings_;
    asio::signal_set signals_;
    event_handler on_event_;
    gap_handler on_gap_;
    done_handler on_done_;
    std::size_t shown_ = 0;
    bool stopping_ = false;
};

} // namespace examples

#endif // AMICPP_EXAMPLES_COMMON_EVENT_TAIL_HPP
