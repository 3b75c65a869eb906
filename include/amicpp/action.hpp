// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_ACTION_HPP
#define AMICPP_ACTION_HPP

/// @file
/// @brief The action concept and `amicpp::action`, the generic action for any AMI command.

#include <amicpp/error.hpp>
#include <amicpp/message.hpp>
#include <amicpp/reply.hpp>

#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace amicpp {

/// @brief How the connection knows that an action is finished.
///
/// By default an action ends with its response, and a response carrying `EventList: start`
/// turns it into an event list, whatever the action (data-driven, so list actions the library
/// never heard of work). The fields cover what the response alone cannot tell.
struct completion_spec {
    /// Collect list items even if the response carries no `EventList: start` (Asterisk before
    /// 13.2 answered `Status` with a plain acknowledgement).
    bool list = false;
    /// For such lists: the event that ends them (`StatusComplete`); any event with
    /// `EventList: Complete` or `cancelled` ends a list as well.
    std::string complete_event;
    /// After a successful response, wait for this event with the same ActionID
    /// (`OriginateResponse` for an async Originate).
    std::string final_event;
    /// The server may answer with unframed text (legacy `Queues`, `IAXnetstats`).
    bool raw_reply = false;
};

/// @brief A generic action: any name, any headers. Its result is the whole `amicpp::reply`.
///
/// @code
/// amicpp::action a{"QueueStatus"};
/// a.set("Queue", "support");
/// conn.async_send(a, [](std::error_code ec, amicpp::reply r) { ... });
/// @endcode
class action {
public:
    /// @brief The result of a generic action.
    using result_type = reply;

    /// @brief An action named `name` (the `Action:` header).
    explicit action(std::string_view name) : message_(message::action(name)) {}

    /// @brief Wraps a ready message; it should carry an `Action` header.
    explicit action(message m) : message_(std::move(m)) {}

    /// @brief Replaces every header `key` with one `key: value`.
    action& set(std::string_view key, std::string_view value) {
        message_.set(key, value);
        return *this;
    }

    /// @brief Appends `key: value`, keeping others with the same key (`Variable`).
    action& add(std::string_view key, std::string_view value) {
        message_.add(key, value);
        return *this;
    }

    /// @brief Declares a list that may end only with `complete_event` (servers before 13.2).
    action& expect_list(std::string_view complete_event = {}) {
        spec_.list = true;
        spec_.complete_event = std::string(complete_event);
        return *this;
    }

    /// @brief After a successful response, wait for `event_name` with the same ActionID.
    action& expect_event(std::string_view event_name) {
        spec_.final_event = std::string(event_name);
        return *this;
    }

    /// @brief Accept an unframed text answer (legacy commands).
    action& expect_raw() {
        spec_.raw_reply = true;
        return *this;
    }

    /// @brief The message to send.
    const message& to_message() const noexcept { return message_; }
    /// @brief How the connection knows it is finished.
    const completion_spec& completion() const noexcept { return spec_; }

    /// @brief The result: the reply itself. Never fails.
    static reply make_result(reply&& r, std::error_code&) { return std::move(r); }

private:
    message message_;
    completion_spec spec_;
};

namespace detail {

// A result after a failure: the reply itself for generic actions; for typed results a default
// value that still carries the response (every typed result has a `response` member).
template <class Result>
Result result_after_error(reply&& r) {
    if constexpr (std::is_same_v<Result, reply>) {
        return std::move(r);
    } else {
        Result result{};
        result.response = std::move(r.response);
        return result;
    }
}

} // namespace detail

} // namespace amicpp

#endif // AMICPP_ACTION_HPP
