// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_CLIENT_HPP
#define AMICPP_CLIENT_HPP

/// @file
/// @brief `amicpp::client`: an AMI connection with its own I/O thread, for programs that do not
/// run Asio themselves (scripts, tests, GUIs). Blocking calls and futures.

#include <amicpp/connection.hpp>
#include <amicpp/future.hpp>

#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace amicpp {

/// @brief Thrown by `client::next_event` at the place where events were lost: the consumer fell
/// so far behind that the connection's buffer overflowed (`count()` events dropped there), or
/// the link was down (an outage: `count()` is 0, the number is unknown). The next call goes on
/// with the events after the gap; state built from events should be loaded again.
class events_lost_error : public std::system_error {
public:
    /// @brief `count` events lost at this place (0: an outage, unknown).
    explicit events_lost_error(std::uint64_t count)
        : std::system_error(make_error_code(error::events_lost),
                            count == 0 ? std::string("amicpp: events lost during an outage")
                                       : "amicpp: " + std::to_string(count) +
                                             " events lost (the consumer fell behind)"),
          count_(count) {}

    /// @brief How many events were dropped at this place; 0 for an outage (unknown).
    std::uint64_t count() const noexcept { return count_; }

private:
    std::uint64_t count_;
};

/// @brief One AMI connection served by a thread of its own.
///
/// @code
/// amicpp::client ami;
/// ami.connect("pbx.example.com", "5038", {"admin", "secret"});
/// auto answer = ami.send(amicpp::actions::ping{}).get(); // throws amicpp::action_error
/// while (auto ev = ami.next_event(std::chrono::seconds(1))) // throws events_lost_error at a gap
///     std::cout << ev->event_name() << '\n';
/// @endcode
///
/// Events: `next_event` takes them from the connection's own buffer (one queue; events are
/// moved, never copied), which holds what arrived since `connect` (at most
/// `connection_options::event_buffer`). When it is three quarters full, reading pauses (for at
/// most `max_read_pause`; `std::chrono::milliseconds::max()` waits as long as it takes, which is
/// lossless) so that a consumer that keeps up loses nothing. Only a consumer that falls behind
/// for longer loses events, oldest first, and learns it in band, at the place of the loss:
/// `next_event` throws `events_lost_error` there (or sets `error::events_lost` in its non-throwing
/// form), then goes on after the gap. A reconnect of a supervised session is such a gap too.
///
/// Every blocking call has a form that does not throw: it takes a `std::error_code&` last,
/// sets it on failure and still returns what came back (the server's response and its text).
///
/// Thread safety: every member may be called from any thread, except that blocking calls must
/// not be made from callbacks (they run on the client's I/O thread).
///
/// A template over the connection type only so that a translation unit that includes it without
/// using it instantiates nothing (`amicpp::client` is the one to use).
template <class Connection>
class basic_client {
public:
    /// @brief Starts the I/O thread. `options.event_buffer` bounds the events `next_event` keeps
    /// (oldest dropped first, reported once through `events_lost()`).
    explicit basic_client(connection_options options = {})
        : connect_timeout_(options.connect_timeout), work_(asio::make_work_guard(io_)),
          conn_(io_.get_executor(), buffered_from_start(std::move(options))),
          thread_([this] { io_.run(); }) {}

    basic_client(const basic_client&) = delete;
    basic_client& operator=(const basic_client&) = delete;

    /// @brief Closes the connection (abruptly; call `close()` first to log off) and joins.
    ~basic_client() {
        conn_.close();
        // Once the close has completed everything pending, nothing keeps the I/O thread busy.
        work_.reset();
        if (thread_.joinable())
            thread_.join();
    }

    /// @brief Connects and logs in; blocks. Returns the server's response to Login with the AMI
    /// version of its greeting (`result.version()`). Throws `amicpp::action_error` (a
    /// `std::system_error`): with the server's text when the login is refused ("amicpp: Login:
    /// server said ..."), and naming where it tried otherwise ("amicpp: connect to pbx:5038:
    /// Connection refused", "amicpp: no AMI greeting within 15 s from pbx:5038: the peer ...").
    login_result connect(const std::string& host, const std::string& port, login_options login) {
        std::error_code ec;
        login_result result = connect(host, port, std::move(login), ec);
        if (ec)
            throw action_error(ec, connect_step(host, port, ec, result), result);
        return result;
    }

    /// @brief Connects and logs in without throwing: `ec` says why it failed, and the result
    /// keeps what the server said (`message_text()`), empty when it never answered.
    login_result connect(const std::string& host, const std::string& port, login_options login,
                         std::error_code& ec) {
        auto outcome =
            detail::wait_for<std::pair<std::error_code, login_result>>([&](auto handler) {
                conn_.async_connect(host, port, std::move(login), std::move(handler));
            });
        ec = outcome.first;
        return std::move(outcome.second);
    }

    /// @brief Sends an action; the result arrives through the future (`get()` throws
    /// `amicpp::action_error` on failure, with the server's text).
    template <class Action>
    std::future<typename Action::result_type> send(Action action, send_options options = {}) {
        return conn_.send(std::move(action), options);
    }

    /// @brief Sends an action and waits for its result (throws like `send(...).get()`).
    template <class Action>
    typename Action::result_type call(Action action, send_options options = {}) {
        return send(std::move(action), options).get();
    }

    /// @brief Sends an action and waits for its result without throwing: `ec` says why it
    /// failed, and the result still holds what came back (`result.response.message_text()`, a
    /// Command's output, an OriginateResponse's reason).
    template <class Action>
    typename Action::result_type call(Action action, std::error_code& ec,
                                      send_options options = {}) {
        auto outcome = detail::wait_for<std::pair<std::error_code, typename Action::result_type>>(
            [&](auto handler) {
                conn_.async_send(std::move(action), options, std::move(handler));
            });
        ec = outcome.first;
        return std::move(outcome.second);
    }

    /// @brief The next event, waiting at most `timeout`; nothing when none came in time, or
    /// when the connection is closed and every event was taken.
    /// @throws events_lost_error where events were lost (the call after it goes on).
    std::optional<message> next_event(std::chrono::milliseconds timeout) {
        std::error_code ec;
        std::uint64_t lost = 0;
        std::optional<message> m = take_event(timeout, ec, lost);
        if (ec == error::events_lost)
            throw events_lost_error(lost);
        return m;
    }

    /// @brief As `next_event(timeout)` without throwing: at a gap it returns nothing and sets
    /// `ec` to `error::events_lost`; when the connection is closed and drained, to
    /// `error::connection_closed`; on a plain timeout `ec` is clear.
    std::optional<message> next_event(std::chrono::milliseconds timeout, std::error_code& ec) {
        std::uint64_t lost = 0;
        return take_event(timeout, ec, lost);
    }

    /// @brief Events lost (in gaps `next_event` reported) since the last call.
    std::size_t events_lost() {
        std::lock_guard<std::mutex> lock(mutex_);
        return static_cast<std::size_t>(std::exchange(lost_, 0));
    }

    /// @brief Calls `callback` on the I/O thread for every event named `name`.
    subscription on_event(std::string name, std::function<void(const message&)> callback) {
        return conn_.subscribe(std::move(name), std::move(callback));
    }

    /// @brief Logs off politely and closes; blocks until done.
    void close() {
        std::error_code ignored;
        close(ignored);
    }

    /// @brief Logs off politely and closes; blocks until done. `ec`: why the Logoff was not
    /// answered (the connection is closed anyway).
    void close(std::error_code& ec) {
        ec = detail::wait_for<std::error_code>(
            [&](auto handler) { conn_.async_close(std::move(handler)); });
    }

    /// @brief The underlying connection, for everything else (async calls, status).
    Connection& get_connection() noexcept { return conn_; }

private:
    // What failed, for the exception's text: the Login when the server answered it, else the
    // connect, with where and (for a silent peer) how long it waited.
    std::string connect_step(const std::string& host, const std::string& port, std::error_code ec,
                             const message& response) const {
        if (!response.empty())
            return "Login";
        if (ec == error::no_greeting)
            return "no AMI greeting within " + seconds_text(connect_timeout_) + " from " + host +
                   ":" + port;
        return "connect to " + host + ":" + port;
    }

    static std::string seconds_text(std::chrono::milliseconds ms) {
        if (ms.count() % 1000 == 0)
            return std::to_string(ms.count() / 1000) + " s";
        return std::to_string(ms.count()) + " ms";
    }

    static connection_options buffered_from_start(connection_options o) {
        // next_event sees what arrives from the connect on, not from its first call.
        o.buffer_events_before_first_receive = true;
        return o;
    }

    // Takes the next event from the batch in hand, asking the connection's strand for the next
    // batch (everything buffered, moved out) as soon as this one is handed over.
    std::optional<message> take_event(std::chrono::milliseconds timeout, std::error_code& ec,
                                      std::uint64_t& lost) {
        ec.clear();
        std::unique_lock<std::mutex> lock(mutex_);
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            if (next_ < batch_.size()) {
                message m = std::move(batch_[next_++]);
                if (next_ == batch_.size()) {
                    batch_.clear();
                    next_ = 0;
                }
                return m;
            }
            if (arrived_) {
                session::event_delivery d = std::move(*arrived_);
                arrived_.reset();
                ask(); // the strand gathers the next batch while this one is consumed
                if (d.ec) {
                    ec = d.ec;
                    if (d.ec == error::events_lost) {
                        lost = d.lost;
                        lost_ += d.lost;
                    }
                    return std::nullopt;
                }
                batch_ = std::move(d.events);
                next_ = 0;
                continue;
            }
            ask();
            if (!ready_.wait_until(lock, deadline, [this] { return arrived_.has_value(); }))
                return std::nullopt;
        }
    }

    // One request at a time (with the lock held).
    void ask() {
        if (asking_)
            return;
        asking_ = true;
        auto impl = conn_.impl_;
        asio::post(impl->strand(), [this, impl] {
            impl->receive_deliveries(batch_size, [this](session::event_delivery d) {
                {
                    std::lock_guard<std::mutex> lock(mutex_);
                    asking_ = false;
                    arrived_ = std::move(d);
                }
                ready_.notify_one();
            });
        });
    }

    static constexpr std::size_t batch_size = 4096;
    std::chrono::milliseconds connect_timeout_;
    asio::io_context io_;
    asio::executor_work_guard<asio::io_context::executor_type> work_;
    Connection conn_;
    std::mutex mutex_;
    std::condition_variable ready_;
    std::vector<message> batch_; // taken from the connection, handed out in order
    std::size_t next_ = 0;       // the next one in batch_
    std::optional<session::event_delivery> arrived_; // the answer to the request in flight
    bool asking_ = false;
    std::uint64_t lost_ = 0;
    std::thread thread_;
};

/// @brief One AMI connection (TCP) served by a thread of its own: see `basic_client`.
using client = basic_client<connection>;

} // namespace amicpp

#endif // AMICPP_CLIENT_HPP
