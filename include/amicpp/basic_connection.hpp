// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_BASIC_CONNECTION_HPP
#define AMICPP_BASIC_CONNECTION_HPP

/// @file
/// @brief `amicpp::basic_connection<Stream>`: one AMI session over an async stream.

#include <amicpp/action.hpp>
#include <amicpp/connection_options.hpp>
#include <amicpp/detail/completion.hpp>
#include <amicpp/error.hpp>
#include <amicpp/io/driver.hpp>
#include <amicpp/link_event.hpp>
#include <amicpp/login_result.hpp>
#include <amicpp/message.hpp>
#include <amicpp/subscription.hpp>

#include <asio/any_io_executor.hpp>
#include <asio/associated_cancellation_slot.hpp>
#include <asio/async_result.hpp>
#include <asio/post.hpp>

#include <chrono>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

namespace amicpp {

template <class Connection>
class basic_client;

/// @brief Thrown through futures when an action fails: a `std::system_error` whose `what()`
/// carries the server's `Message:` text, and which keeps the response.
class action_error : public std::system_error {
public:
    /// @brief An error `ec` for the action `action_name`, with the server's `response`.
    action_error(std::error_code ec, std::string_view action_name, message response)
        : std::system_error(ec, describe(action_name, response)), response_(std::move(response)) {}

    /// @brief The response the server sent, when there was one (empty otherwise).
    const message& response() const noexcept { return response_; }

private:
    static std::string describe(std::string_view action_name, const message& response) {
        std::string text = "amicpp: ";
        text.append(action_name.data(), action_name.size());
        // Only an error reply explains the failure; an acknowledgement ("Originate successfully
        // queued") would mislead.
        const std::string_view said = response.is_error() ? response.message_text() : "";
        if (!said.empty()) {
            text += ": server said \"";
            text.append(said.data(), said.size());
            text += '"';
        }
        return text;
    }

    message response_;
};

/// @brief The `action_error` of a typed action, keeping its whole result: catch
/// `action_failure<actions::originate_result>` to read why a call failed (`reason`).
template <class Result>
class action_failure : public action_error {
public:
    /// @brief An error `ec` for `action_name`, with the result built from what arrived.
    action_failure(std::error_code ec, std::string_view action_name, Result result)
        : action_error(ec, action_name, result.response), result_(std::move(result)) {}

    /// @brief What the action brought back before it failed.
    const Result& result() const noexcept { return result_; }

private:
    Result result_;
};

namespace detail {

// Defined by <amicpp/future.hpp>: the future-returning members need <future>, which this header
// leaves out (it costs a translation unit about a fifth of the Asio headers' time).
struct future_support;

// Whether T is a complete type here. Only for future_support: a program either includes its
// header before using send() or does not compile, so no two answers can meet.
template <class T, class = void>
struct is_complete : std::false_type {};
template <class T>
struct is_complete<T, std::void_t<decltype(sizeof(T))>> : std::true_type {};

} // namespace detail

/// @brief One AMI session over `Stream` (a TCP socket, a TLS stream, or a test stream).
///
/// Connect and log in with `async_connect`, send any action with `async_send` (results are
/// correlated by ActionID, never by order), receive events with `async_receive_event` or
/// `subscribe`. Every asynchronous operation takes any Asio completion token: a callback,
/// `asio::use_future`, `asio::use_awaitable`, `asio::experimental::deferred`; `send` (with
/// `<amicpp/future.hpp>`) returns a `std::future` whose exceptions carry the server's text.
///
/// Thread safety: every member function may be called from any thread; the work runs on the
/// connection's strand. Handlers run on their associated executor (the connection's strand when
/// they have none). Destroying the connection closes it; operations in flight complete with
/// `error::connection_closed`.
template <class Stream>
class basic_connection {
    using impl_type = detail::connection_impl<Stream>;
    template <class>
    friend class basic_client; // pulls events from the same buffer

public:
    /// @brief The executor the connection's strand runs on.
    using executor_type = asio::any_io_executor;
    /// @brief The stream type.
    using stream_type = Stream;

    /// @brief A connection whose stream is built on its strand, as `Stream(strand)`.
    explicit basic_connection(const executor_type& ex, connection_options options = {})
        : basic_connection(ex, std::move(options),
                           [](const typename impl_type::strand_type& s) { return Stream(s); }) {}

    /// @brief A connection whose stream is built by `factory(strand)` for every connect (a TLS
    /// stream needs its SSL context).
    basic_connection(const executor_type& ex, connection_options options,
                     std::function<Stream(const typename impl_type::strand_type&)> factory)
        : impl_(std::make_shared<impl_type>(ex, std::move(options), std::move(factory))) {}

    basic_connection(const basic_connection&) = delete;
    basic_connection& operator=(const basic_connection&) = delete;

    /// @brief Takes over `other`'s session; `other` is left empty (only destruction and
    /// assignment are valid on it).
    basic_connection(basic_connection&& other) noexcept = default;

    /// @brief Closes this connection (as the destructor does), then takes over `other`'s.
    basic_connection& operator=(basic_connection&& other) noexcept {
        if (this != &other) {
            release();
            impl_ = std::move(other.impl_);
        }
        return *this;
    }

    /// @brief Closes the connection for good (a supervised session ends too, its `async_run`
    /// handler runs); pending operations complete with `error::connection_closed`.
    ~basic_connection() { release(); }

    /// @brief The executor given at construction.
    executor_type get_executor() const { return impl_->strand().get_inner_executor(); }

    /// @brief Resolves `host`, connects, reads the greeting and logs in, under one deadline
    /// (`connection_options::connect_timeout`).
    ///
    /// Handler: `void(std::error_code, amicpp::login_result)`: the server's response to Login,
    /// with `version()`, the AMI version of its greeting (a handler taking `amicpp::message` works
    /// too). A refused login ends with `error::authentication_failed` and the server's response
    /// (its `Message:` text); a peer that accepts the connection but never greets, with
    /// `error::no_greeting` (nothing is sent before the greeting, credentials least of all).
    template <class Token>
    auto async_connect(std::string host, std::string port, login_options login, Token&& token) {
        return asio::async_initiate<Token, void(std::error_code, login_result)>(
            [impl = impl_](auto handler, std::string h, std::string p, login_options l) {
                auto attempt = std::make_shared<std::uint64_t>(0);
                auto done = connect_completion(impl, std::move(handler), attempt);
                asio::post(impl->strand(), [impl, h = std::move(h), p = std::move(p),
                                            l = std::move(l), done = std::move(done),
                                            attempt]() mutable {
                    impl->start_connect(std::move(h), std::move(p), std::move(l), std::move(done));
                    *attempt = impl->connect_attempt();
                });
            },
            token, std::move(host), std::move(port), std::move(login));
    }

    /// @brief Reads the greeting and logs in over a stream that is already connected.
    ///
    /// Handler: `void(std::error_code, amicpp::login_result)`, as for `async_connect`.
    template <class Token>
    auto async_login(Stream stream, login_options login, Token&& token) {
        return asio::async_initiate<Token, void(std::error_code, login_result)>(
            [impl = impl_](auto handler, Stream s, login_options l) {
                auto attempt = std::make_shared<std::uint64_t>(0);
                auto done = connect_completion(impl, std::move(handler), attempt);
                asio::post(impl->strand(), [impl, s = std::move(s), l = std::move(l),
                                            done = std::move(done), attempt]() mutable {
                    impl->start_login_on(std::move(s), std::move(l), std::move(done));
                    *attempt = impl->connect_attempt();
                });
            },
            token, std::move(stream), std::move(login));
    }

    /// @brief Sends `action` and completes with its result, correlated by ActionID.
    ///
    /// Handler: `void(std::error_code, typename Action::result_type)`. `Response: Error`
    /// completes with `error::action_failed` and a result that still holds the response. A
    /// missing reply completes with `error::timeout` after the deadline; a lost connection with
    /// `error::connection_closed`. Cancellation (per-operation slot) completes with
    /// `asio::error::operation_aborted`. Nothing is ever re-sent.
    ///
    /// An action that completes on an event (async Originate: OriginateResponse, class `call`) is
    /// refused before anything is sent, with `error::completion_event_masked`, when the session's
    /// event mask (Login's `Events`, then any `Events` action sent through this connection)
    /// leaves that event's class out. The user's `read` permission and event filters can hide the
    /// event too, which the connection cannot know: then, as whenever the response came but the
    /// event did not, the deadline ends it with `error::outcome_unknown` (it may have taken
    /// effect: check before retrying).
    ///
    /// The action is moved into the connection; sent from outside the connection's strand, its
    /// `to_message()` runs later, on the strand (async_send returns sooner, and a burst's first
    /// bytes leave sooner). So an action must own what it sends, not refer to data the caller
    /// changes afterwards. An action whose `to_message()` throws is not sent: it completes with
    /// `error::action_not_built` (`std::errc::not_enough_memory` for `std::bad_alloc`).
    template <class Action, class Token>
    auto async_send(Action action, Token&& token) {
        return async_send(std::move(action), send_options{}, std::forward<Token>(token));
    }

    /// @brief As `async_send(action, token)`, with per-call options (its own timeout).
    template <class Action, class Token>
    auto async_send(Action action, send_options options, Token&& token) {
        using result_type = typename Action::result_type;
        return asio::async_initiate<Token, void(std::error_code, result_type)>(
            [impl = impl_](auto handler, Action a, send_options o) {
                auto slot = asio::get_associated_cancellation_slot(handler);
                auto done = detail::make_completion<std::error_code, result_type>(
                    std::move(handler), impl->strand());
                initiate_send(impl, std::move(a), o, slot, std::move(done));
            },
            token, std::move(action), std::move(options));
    }

    /// @brief Sends `action`; the result arrives through a `std::future<Action::result_type>`.
    /// A failure is thrown from `get()` as `amicpp::action_failure<result_type>`, an
    /// `amicpp::action_error` (a `std::system_error` carrying the server's text) that also keeps
    /// the result. Needs `#include <amicpp/future.hpp>`, which brings `<future>` along.
    template <class Action, class Futures = detail::future_support>
    auto send(Action action, send_options options = {}) {
        static_assert(detail::is_complete<Futures>::value,
                      "amicpp: basic_connection::send returns a std::future: "
                      "#include <amicpp/future.hpp>");
        return Futures::send(*this, std::move(action), std::move(options));
    }

    /// @brief Completes with the next event. Handler: `void(std::error_code, amicpp::message)`.
    ///
    /// Events are buffered (at most `connection_options::event_buffer`) so that a slow consumer
    /// never stops the socket from being read. When the buffer overflowed, the next call
    /// completes once with `error::events_lost` (then the events after the gap follow). After
    /// the connection closed and the buffer is drained it completes with
    /// `error::connection_closed`. Cancelling it (its cancellation slot: a cancellation signal,
    /// a coroutine's `||` with a timer) completes it with `asio::error::operation_aborted`; no
    /// event is lost, the next call gets it.
    template <class Token>
    auto async_receive_event(Token&& token) {
        return asio::async_initiate<Token, void(std::error_code, message)>(
            [impl = impl_](auto handler) {
                auto slot = asio::get_associated_cancellation_slot(handler);
                auto done = detail::make_completion<std::error_code, message>(std::move(handler),
                                                                              impl->strand());
                // Called again from the consumer's own handler on the strand (the usual loop):
                // no need for a second trip through the queue.
                auto ref = receive_cancellation(impl, slot);
                if (impl->strand().running_in_this_thread())
                    return impl->receive_event(std::move(done), ref, slot);
                asio::post(impl->strand(), [impl, done = std::move(done), ref, slot]() mutable {
                    // The initiating function has returned: an event buffered already is
                    // handed over at once (and so are the next ones to a consumer that asks
                    // again from its handler).
                    const detail::completion_context posted(true);
                    impl->receive_event(std::move(done), ref, slot);
                });
            },
            token);
    }

    /// @brief Completes with every buffered event, at most `max`, waiting for one if there is
    /// none: the cheap way to keep up with a flood. Handler:
    /// `void(std::error_code, std::vector<amicpp::message>)`; gaps and closing are reported as by
    /// `async_receive_event` (with an empty vector), and so is cancellation.
    template <class Token>
    auto async_receive_events(std::size_t max, Token&& token) {
        return asio::async_initiate<Token, void(std::error_code, std::vector<message>)>(
            [impl = impl_](auto handler, std::size_t n) {
                auto slot = asio::get_associated_cancellation_slot(handler);
                auto done = detail::make_completion<std::error_code, std::vector<message>>(
                    std::move(handler), impl->strand());
                auto ref = receive_cancellation(impl, slot);
                if (impl->strand().running_in_this_thread())
                    return impl->receive_events(n, std::move(done), ref, slot);
                asio::post(impl->strand(), [impl, n, done = std::move(done), ref, slot]() mutable {
                    const detail::completion_context posted(true); // as in async_receive_event
                    impl->receive_events(n, std::move(done), ref, slot);
                });
            },
            token, max);
    }

    /// @brief Calls `callback` for every event named one of `names` (ASCII case ignored), on the
    /// connection's strand, until the returned handle is destroyed. Keep callbacks short: they
    /// run in the read path.
    subscription subscribe(std::vector<std::string> names,
                           std::function<void(const message&)> callback) {
        auto s = std::make_shared<detail::subscriber>();
        s->names = std::move(names);
        s->callback = std::move(callback);
        return add(std::move(s));
    }

    /// @brief Calls `callback` for every event named `name`.
    subscription subscribe(std::string name, std::function<void(const message&)> callback) {
        return subscribe(std::vector<std::string>{std::move(name)}, std::move(callback));
    }

    /// @brief Calls `callback` for every event `filter` accepts.
    subscription subscribe_if(std::function<bool(const message&)> filter,
                              std::function<void(const message&)> callback) {
        auto s = std::make_shared<detail::subscriber>();
        s->predicate = std::move(filter);
        s->callback = std::move(callback);
        return add(std::move(s));
    }

    /// @brief Calls `callback` for every event.
    subscription subscribe_all(std::function<void(const message&)> callback) {
        return subscribe(std::vector<std::string>{}, std::move(callback));
    }

    /// @brief Calls `callback` on the connection's strand when the link comes up (logged in)
    /// or goes down, until the returned handle is destroyed. Registered on a connection that is
    /// already up, it first hears that `up` (with `after_gap` false). An `up` with `after_gap`
    /// set follows an outage: the events of that time are lost, so state built from events must
    /// be loaded again (`amicpp::live` does so). Works for `async_connect` and `async_run`.
    subscription subscribe_link(std::function<void(const link_event&)> callback) {
        auto s = std::make_shared<detail::subscriber>();
        s->on_link = std::move(callback);
        return add(std::move(s));
    }

    /// @brief Runs a supervised session until `stop()` or until it gives up: connects, logs in,
    /// serves; when the link is lost (or a keepalive Ping goes unanswered), reconnects with
    /// exponential backoff and jitter, logs in again (same credentials and event mask), re-applies
    /// the filters added with `async_add_filter`; subscriptions stay. Event consumers get one
    /// `error::events_lost` after each reconnect, at the place of the outage. Actions in flight
    /// when the link goes complete once with `error::connection_closed` and are never re-sent;
    /// actions sent while it is down wait for it within their own deadline (see
    /// `send_options::wait_for_connection`). State notices go to `run_options::on_state`.
    ///
    /// Handler: `void(std::error_code)`: success after `stop()`, the last failure after giving
    /// up. Cancelling the operation (its cancellation slot) stops the session.
    template <class Token>
    auto async_run(run_options options, Token&& token) {
        return asio::async_initiate<Token, void(std::error_code)>(
            [impl = impl_](auto handler, run_options o) {
                auto slot = asio::get_associated_cancellation_slot(handler);
                if (slot.is_connected()) {
                    slot.assign([impl](asio::cancellation_type) {
                        asio::post(impl->strand(), [impl] { impl->stop(); });
                    });
                }
                auto done =
                    detail::make_completion<std::error_code>(std::move(handler), impl->strand());
                asio::post(impl->strand(),
                           [impl, o = std::move(o), done = std::move(done), slot]() mutable {
                               impl->start_run(std::move(o), [done = std::move(done),
                                                              slot](std::error_code ec) mutable {
                                   if (slot.is_connected())
                                       slot.clear();
                                   done(ec);
                               });
                           });
            },
            token, std::move(options));
    }

    /// @brief Ends the supervised session started by `async_run` (or closes the connection):
    /// pending actions complete with `error::stopped` or `error::connection_closed`.
    void stop() {
        asio::post(impl_->strand(), [impl = impl_] { impl->stop(); });
    }

    /// @brief Adds an event filter (`Action: Filter`, `Operation: Add`; `!` excludes; needs
    /// write=system). Nothing happens before the operation is launched (a `deferred` that is
    /// never run sends nothing). Once the server accepted it, a supervised session re-applies it
    /// after every reconnect, once even if it was added twice; a refused filter is never
    /// re-applied. Handler: `void(std::error_code, amicpp::reply)`.
    template <class Token>
    auto async_add_filter(std::string filter, Token&& token) {
        return asio::async_initiate<Token, void(std::error_code, reply)>(
            [impl = impl_](auto handler, std::string f) {
                auto slot = asio::get_associated_cancellation_slot(handler);
                auto done = detail::make_completion<std::error_code, reply>(std::move(handler),
                                                                            impl->strand());
                amicpp::action a{"Filter"};
                a.set("Operation", "Add");
                a.set("Filter", f);
                // Runs on the strand (operations complete there): remembered only if accepted.
                detail::unique_function<void(std::error_code, reply)> remember =
                    [impl, f = std::move(f), done = std::move(done)](std::error_code ec,
                                                                     reply r) mutable {
                        if (!ec)
                            impl->add_filter(f);
                        done(ec, std::move(r));
                    };
                initiate_send(impl, std::move(a), send_options{}, slot, std::move(remember));
            },
            token, std::move(filter));
    }

    /// @brief Logs off politely (Logoff, Goodbye) and closes. Handler: `void(std::error_code)`.
    template <class Token>
    auto async_close(Token&& token) {
        return asio::async_initiate<Token, void(std::error_code)>(
            [impl = impl_](auto handler) {
                auto slot = asio::get_associated_cancellation_slot(handler);
                if (slot.is_connected()) {
                    slot.assign([impl](asio::cancellation_type) {
                        asio::post(impl->strand(), [impl] { impl->cancel_logoff(); });
                    });
                }
                auto done =
                    detail::make_completion<std::error_code>(std::move(handler), impl->strand());
                asio::post(impl->strand(), [impl, done = std::move(done), slot]() mutable {
                    impl->start_logoff([done = std::move(done), slot](std::error_code ec) mutable {
                        if (slot.is_connected())
                            slot.clear();
                        done(ec);
                    });
                });
            },
            token);
    }

    /// @brief Closes at once; pending operations complete with `error::connection_closed`.
    void close() {
        asio::post(impl_->strand(), [impl = impl_] { impl->close_now(error::connection_closed); });
    }

    /// @brief A snapshot of the connection's state, read on its strand.
    struct status {
        bool connected = false;                ///< logged in and usable
        std::optional<server_version> version; ///< from the banner
        std::size_t pending_actions = 0;       ///< actions in flight
        std::size_t buffered_events = 0;       ///< events waiting for `async_receive_event`
        connection_counters counters;          ///< unmatched responses, drops, late replies
        std::error_code last_error;            ///< why the link went down last
    };

    /// @brief Reads the connection's state on its strand. Handler: `void(status)`.
    template <class Token>
    auto async_get_status(Token&& token) const {
        return asio::async_initiate<Token, void(status)>(
            [impl = impl_](auto handler) {
                auto done = detail::make_completion<status>(std::move(handler), impl->strand());
                asio::post(impl->strand(), [impl, done = std::move(done)]() mutable {
                    status s;
                    s.connected = impl->current_state() == impl_type::state::up;
                    s.version = impl->version();
                    s.pending_actions = impl->pending_count();
                    s.buffered_events = impl->buffered_events();
                    s.counters = impl->counters();
                    s.last_error = impl->last_error();
                    done(std::move(s));
                });
            },
            token);
    }

    /// @brief Reads the connection's state, blocking until its strand answers: only for
    /// threads that do not run the connection's executor themselves (it would wait forever).
    /// Needs `#include <amicpp/future.hpp>`.
    template <class Futures = detail::future_support>
    status get_status() const {
        static_assert(detail::is_complete<Futures>::value,
                      "amicpp: basic_connection::get_status waits on a std::future: "
                      "#include <amicpp/future.hpp>");
        return Futures::get_status(*this);
    }

private:
    subscription add(std::shared_ptr<detail::subscriber> s) {
        std::weak_ptr<impl_type> weak = impl_;
        s->on_unsubscribe = [weak] {
            if (auto impl = weak.lock())
                asio::post(impl->strand(), [impl] { impl->prune_subscribers(); });
        };
        asio::post(impl_->strand(), [impl = impl_, s] { impl->add_subscriber(s); });
        return subscription(std::move(s));
    }

    void release() {
        if (!impl_)
            return;
        std::shared_ptr<impl_type> impl = std::move(impl_);
        const auto strand = impl->strand();
        asio::post(strand, [impl = std::move(impl)] { impl->close_now(error::connection_closed); });
    }

    // The handler of a connect or login, cancellable per operation: a cancellation fails the
    // attempt (operation_aborted) and closes the transport.
    template <class Handler>
    static typename impl_type::connect_handler
    connect_completion(const std::shared_ptr<impl_type>& impl, Handler handler,
                       std::shared_ptr<std::uint64_t> attempt) {
        auto slot = asio::get_associated_cancellation_slot(handler);
        auto done = detail::make_completion<std::error_code, login_result>(std::move(handler),
                                                                           impl->strand());
        if (slot.is_connected()) {
            slot.assign([impl, attempt](asio::cancellation_type) {
                asio::post(impl->strand(), [impl, attempt] { impl->cancel_connect(*attempt); });
            });
        }
        return [done = std::move(done), slot](std::error_code ec, login_result r) mutable {
            if (slot.is_connected())
                slot.clear();
            done(ec, std::move(r));
        };
    }

    // Assigns a receive's cancellation now, before it reaches the strand.
    static std::shared_ptr<detail::receive_ref>
    receive_cancellation(const std::shared_ptr<impl_type>& impl, asio::cancellation_slot slot) {
        if (!slot.is_connected())
            return {};
        auto ref = std::make_shared<detail::receive_ref>();
        slot.assign([impl, ref](asio::cancellation_type) {
            asio::post(impl->strand(), [impl, ref] { impl->cancel_waiter(ref); });
        });
        return ref;
    }

    template <class Action, class Result>
    static void initiate_send(const std::shared_ptr<impl_type>& impl, Action a, send_options o,
                              asio::cancellation_slot slot,
                              detail::unique_function<void(std::error_code, Result)> done) {
        std::unique_ptr<detail::pending_op<Action, Result>> op(
            new detail::pending_op<Action, Result>(std::move(done)));
        const std::chrono::milliseconds timeout =
            o.timeout ? *o.timeout : impl->options().action_timeout;
        op->keep_action(std::move(a));
        if (!slot.is_connected() && impl->strand().running_in_this_thread()) {
            impl->take_all_handed_over(); // what other threads sent first goes first
            impl->submit_kept(
                std::move(op), timeout,
                impl_type::submit_mode::user_action(o.wait_for_connection, o.timeout.has_value()),
                detail::clock_type::now());
            return;
        }
        detail::pending_base::handover& h = op->queued;
        h.timeout = timeout;
        h.wait_for_connection = o.wait_for_connection;
        h.exact_timeout = o.timeout.has_value();
        if (slot.is_connected()) {
            // Assigned now, so that a cancellation emitted at once names the action: the strand
            // runs the submit first (even from the strand, it is handed over), then the cancel
            // (not sent if it had not left yet).
            h.cancel_id = std::make_shared<session::op_id>(0);
            slot.assign([impl, id = h.cancel_id](asio::cancellation_type) {
                asio::post(impl->strand(), [impl, id] { impl->cancel_handed_over(*id); });
            });
            op->set_slot(slot);
        }
        impl->hand_over(std::move(op));
    }

    std::shared_ptr<impl_type> impl_;
};

} // namespace amicpp

#endif // AMICPP_BASIC_CONNECTION_HPP
