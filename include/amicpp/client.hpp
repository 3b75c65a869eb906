// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_CLIENT_HPP
#define AMICPP_CLIENT_HPP

/// @file
/// @brief `amicpp::client`: an AMI connection with its own I/O thread, for programs that do not
/// run Asio themselves (scripts, tests, GUIs). Blocking calls and futures.

#include <amicpp/connection.hpp>

#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <utility>

namespace amicpp {

/// @brief One AMI connection served by a thread of its own.
///
/// @code
/// amicpp::client ami;
/// ami.connect("pbx.example.com", "5038", {"admin", "secret"});
/// auto answer = ami.send(amicpp::actions::ping{}).get(); // throws amicpp::action_error
/// while (auto ev = ami.next_event(std::chrono::seconds(1)))
///     std::cout << ev->event_name() << '\n';
/// @endcode
///
/// Every blocking call has a form that does not throw: it takes a `std::error_code&` last,
/// sets it on failure and still returns what came back (the server's response and its text).
///
/// Thread safety: every member may be called from any thread, except that blocking calls must
/// not be made from callbacks (they run on the client's I/O thread).
class client {
public:
    /// @brief Starts the I/O thread. `options.event_buffer` bounds the events `next_event` keeps
    /// (oldest dropped first, reported once through `events_lost()`).
    explicit client(connection_options options = {})
        : event_limit_(options.event_buffer), connect_timeout_(options.connect_timeout),
          work_(asio::make_work_guard(io_)), conn_(io_.get_executor(), without_buffer(options)),
          thread_([this] { io_.run(); }) {
        events_sub_ = conn_.subscribe_all([this](const message& m) { keep_event(m); });
    }

    client(const client&) = delete;
    client& operator=(const client&) = delete;

    /// @brief Closes the connection (abruptly; call `close()` first to log off) and joins.
    ~client() {
        events_sub_.unsubscribe();
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
        std::promise<std::pair<std::error_code, login_result>> done;
        auto f = done.get_future();
        conn_.async_connect(host, port, std::move(login),
                            [&done](std::error_code e, login_result response) {
                                done.set_value({e, std::move(response)});
                            });
        auto outcome = f.get();
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
        using result_type = typename Action::result_type;
        std::promise<std::pair<std::error_code, result_type>> done;
        auto f = done.get_future();
        conn_.async_send(std::move(action), options, [&done](std::error_code e, result_type r) {
            done.set_value({e, std::move(r)});
        });
        auto outcome = f.get();
        ec = outcome.first;
        return std::move(outcome.second);
    }

    /// @brief The next event, waiting at most `timeout`; nothing when none came in time.
    std::optional<message> next_event(std::chrono::milliseconds timeout) {
        std::unique_lock<std::mutex> lock(mutex_);
        if (!ready_.wait_for(lock, timeout, [this] { return !events_.empty(); }))
            return std::nullopt;
        message m = std::move(events_.front());
        events_.pop_front();
        return m;
    }

    /// @brief Events dropped since the last call because nobody took them in time (then resync).
    std::size_t events_lost() {
        std::lock_guard<std::mutex> lock(mutex_);
        return std::exchange(lost_, 0);
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
        std::promise<std::error_code> done;
        auto f = done.get_future();
        conn_.async_close([&done](std::error_code e) { done.set_value(e); });
        ec = f.get();
    }

    /// @brief The underlying connection, for everything else (async calls, status).
    connection& get_connection() noexcept { return conn_; }

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

    static connection_options without_buffer(connection_options o) {
        o.event_buffer = 0; // the client keeps its own queue, fed by a subscription
        return o;
    }

    void keep_event(const message& m) {
        if (event_limit_ == 0)
            return;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (events_.size() >= event_limit_) {
                events_.pop_front();
                ++lost_;
            }
            events_.push_back(m);
        }
        ready_.notify_one();
    }

    std::size_t event_limit_;
    std::chrono::milliseconds connect_timeout_;
    asio::io_context io_;
    asio::executor_work_guard<asio::io_context::executor_type> work_;
    connection conn_;
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<message> events_;
    std::size_t lost_ = 0;
    subscription events_sub_;
    std::thread thread_;
};

} // namespace amicpp

#endif // AMICPP_CLIENT_HPP
