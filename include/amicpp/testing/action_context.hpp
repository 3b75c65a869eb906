// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_TESTING_ACTION_CONTEXT_HPP
#define AMICPP_TESTING_ACTION_CONTEXT_HPP

/// @file
/// @brief `amicpp::testing::action_context`: what a scripted action handler of the simulated
/// server gets: the action, and the ways to answer it.

#include <amicpp/message.hpp>
#include <amicpp/testing/detail/session.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace amicpp::testing {

class action_context;

namespace detail {

/// What a handler may ask of the server as a whole (implemented by the simulator).
class action_services {
public:
    virtual ~action_services() = default;
    virtual std::size_t broadcast(const message& event) = 0;
    virtual void run_builtin(action_context& ctx) = 0;
};

} // namespace detail

/// @brief The action being handled and the session it came from, with helpers that build replies
/// the way Asterisk words them (ActionID echoed right after `Response:` only when the client sent
/// a non-empty one).
///
/// A handler registered with `server::on_action` receives one. It may send any number of
/// messages, raw bytes, nothing at all (the client then times out), close the session, or run
/// the server's built-in behaviour for the action. Handlers run on the server's thread: do not
/// block in them, and do not keep the context (or the action) after returning; copy what a later
/// reply needs and use `send_after`.
class action_context {
public:
    /// @brief Made by the server for each action; not for users.
    action_context(detail::action_services& services, std::shared_ptr<detail::session_base> session,
                   const message& action) noexcept
        : services_(services), session_(std::move(session)), action_(action) {}

    action_context(const action_context&) = delete;
    action_context& operator=(const action_context&) = delete;

    // ---- what was received ---------------------------------------------------------------

    /// @brief The action as received (all its headers, in order).
    const message& action() const noexcept { return action_; }
    /// @brief The `Action` header's value.
    std::string_view name() const noexcept { return action_.get("Action"); }
    /// @brief The `ActionID` the client sent, empty when none.
    std::string_view action_id() const noexcept { return action_.get("ActionID"); }
    /// @brief A header of the action (first match, case-insensitive), or `fallback`.
    /// @param key header name
    /// @param fallback value when the header is absent
    std::string_view get(std::string_view key, std::string_view fallback = {}) const noexcept {
        return action_.get(key, fallback);
    }
    /// @brief Whether the session has logged in.
    bool authenticated() const noexcept { return session_->authenticated; }
    /// @brief The logged-in user's name (empty before Login).
    const std::string& username() const noexcept { return session_->username; }
    /// @brief Number of the session (1 for the first connection accepted, and so on).
    std::uint64_t session_id() const noexcept { return session_->id(); }

    // ---- building replies ----------------------------------------------------------------

    /// @brief `Response: <status>`, the client's ActionID if any, then `Message: <text>` unless
    /// `text` is empty.
    /// @param status Success, Error, Goodbye, ...
    /// @param text the `Message` header's value
    message response(std::string_view status, std::string_view text = {}) const {
        message m = message::response(status);
        add_action_id(m);
        if (!text.empty())
            m.add("Message", text);
        return m;
    }
    /// @brief `Response: Success` with an optional `Message`.
    message success(std::string_view text = {}) const { return response("Success", text); }
    /// @brief `Response: Error` with `Message: <text>`.
    message error(std::string_view text) const { return response("Error", text); }
    /// @brief The acknowledgement that opens an event list: `Response: Success`, ActionID,
    /// `EventList: start`, `Message: <text>` (e.g. "Channels will follow").
    message list_start(std::string_view text) const {
        message m = message::response("Success");
        add_action_id(m);
        m.add("EventList", "start");
        m.add("Message", text);
        return m;
    }
    /// @brief An item of a list: `Event: <event>` followed by the ActionID, if any.
    message list_item(std::string_view event) const {
        message m = message::event(event);
        add_action_id(m);
        return m;
    }
    /// @brief The event that closes a list: `Event: <event>`, ActionID, `EventList: Complete`,
    /// `ListItems: <items>`.
    message list_complete(std::string_view event, std::size_t items) const {
        message m = message::event(event);
        add_action_id(m);
        m.add("EventList", "Complete");
        m.add("ListItems", std::to_string(items));
        return m;
    }

    // ---- answering -----------------------------------------------------------------------

    /// @brief Queues `m` to this session. Throws `amicpp::serialize_error` if a key or value
    /// holds CR, LF or NUL (use `send_raw` to send malformed bytes on purpose).
    void send(const message& m) { session_->write(m); }
    /// @brief Queues each message in order.
    void send(const std::vector<message>& messages) {
        for (const message& m : messages)
            session_->write(m);
    }
    /// @brief Queues bytes exactly as given: legacy raw output, garbage, half a message...
    void send_raw(std::string_view bytes) { session_->write(bytes); }
    /// @brief Sends `m` to this session after `delay`, unless it has closed by then; the session
    /// goes on handling other actions meanwhile (replies may thus come out of order).
    void send_after(std::chrono::milliseconds delay, message m) {
        std::weak_ptr<detail::session_base> weak = session_;
        session_->after(delay, [weak, m = std::move(m)] {
            if (auto s = weak.lock())
                s->write(m);
        });
    }
    /// @brief Sends an event to every logged-in session whose event mask accepts it (from its
    /// `Privilege` header), this one included. Returns the number of sessions reached.
    std::size_t broadcast(const message& event) { return services_.broadcast(event); }
    /// @brief Closes this session once what is queued has been written.
    void close() { session_->close_gracefully(); }
    /// @brief Closes this session at once, dropping what is queued.
    void disconnect() { session_->close_now(); }
    /// @brief Runs the server's own behaviour for this action (the unknown-action error when it
    /// has none), e.g. after sending an extra event first.
    void run_builtin() { services_.run_builtin(*this); }

    /// @brief The session (internal).
    const std::shared_ptr<detail::session_base>& detail_session() const noexcept {
        return session_;
    }

private:
    void add_action_id(message& m) const {
        const std::string_view id = action_id();
        if (!id.empty())
            m.add("ActionID", id);
    }

    detail::action_services& services_;
    std::shared_ptr<detail::session_base> session_;
    const message& action_;
};

/// @brief A scripted action: called on the server thread with the action and its session.
using action_handler = std::function<void(action_context&)>;

} // namespace amicpp::testing

#endif // AMICPP_TESTING_ACTION_CONTEXT_HPP
