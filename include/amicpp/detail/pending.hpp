// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_DETAIL_PENDING_HPP
#define AMICPP_DETAIL_PENDING_HPP

#include <amicpp/action.hpp>
#include <amicpp/detail/unique_function.hpp>
#include <amicpp/error.hpp>
#include <amicpp/reply.hpp>

#include <asio/associated_cancellation_slot.hpp>
#include <asio/cancellation_signal.hpp>

#include <chrono>
#include <map>
#include <string>
#include <system_error>
#include <utility>

namespace amicpp::detail {

using clock_type = std::chrono::steady_clock;

// One action in flight: what it waits for and what has arrived for it so far.
class pending_base {
public:
    enum class phase {
        waiting,  // not sent yet: a supervised session is re-establishing the link
        response, // waiting for the Response
        list,     // collecting event-list items until the Complete event
        event,    // waiting for the final event (OriginateResponse)
    };

    virtual ~pending_base() = default;

    // Builds the result and hands it to the user's handler. Called exactly once.
    virtual void complete(std::error_code ec) = 0;

    std::string id;
    completion_spec spec;
    reply collected;
    message outgoing; // kept only while waiting for the link
    phase state = phase::response;
    bool has_deadline = false;
    std::multimap<clock_type::time_point, pending_base*>::iterator deadline_entry;
    std::uint64_t sequence = 0;   // order of submission
    std::uint64_t open_order = 0; // when it became an open list (ActionID-less items go to the
                                  // newest one)
    bool sets_event_mask = false; // an Events action: its EventMask applies once accepted
    std::string event_mask;
};

template <class Action, class Result>
class pending_op final : public pending_base {
public:
    explicit pending_op(unique_function<void(std::error_code, Result)> handler)
        : handler_(std::move(handler)) {}

    void set_slot(asio::cancellation_slot slot) { slot_ = slot; }

    void complete(std::error_code ec) override {
        if (slot_.is_connected())
            slot_.clear();
        if (!handler_)
            return;
        Result result{};
        if (!collected.response.empty()) {
            // Even after an error reply the typed result is built: Command's output, the
            // OriginateResponse's reason. A conversion error counts only if nothing failed before.
            std::error_code conversion;
            result = Action::make_result(std::move(collected), conversion);
            if (!ec)
                ec = conversion;
        } else {
            result = result_after_error<Result>(std::move(collected));
        }
        auto handler = std::move(handler_);
        handler(ec, std::move(result));
    }

private:
    unique_function<void(std::error_code, Result)> handler_;
    asio::cancellation_slot slot_;
};

} // namespace amicpp::detail

#endif // AMICPP_DETAIL_PENDING_HPP
