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
/// Thread safety: every member may be called from any thread, except that blocking calls must
/// not be made from callbacks (they run on the client's I/O thread).
class client {
public:
    /// @brief Starts the I/O thread. `options.event_buffer` bounds the events `next_event` keeps
    /// (oldest dropped first, reported once through `events_lost()`).
    explicit client(connection_options options = {})
        : event_limit_(options.event_buffer), work_(asio::make_work_guard(io_)),
          conn_(io_.get_executor(), without_buffer(options)), thread_([this] { io_.run(); }) {
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

    /// @brief Connects and logs in; blocks. Throws `amicpp::action_error` (a `std::system_error`):
    /// with the server's text when the login is refused ("amicpp: Login: server said ..."), and
    /// naming where it tried otherwise ("amicpp: connect to pbx:5038: Connection refused").
    message connect(const std::string& host, const std::string& port, login_options login) {
        std::promise<message> done;
        auto f = done.get_future();
        conn_.async_connect(
            host, port, std::move(login),
            [&done, where = host + ":" + port](std::error_code ec, message response) {
                if (!ec)
                    return done.set_value(std::move(response));
                // Only a server that answered the Login makes it the culprit.
                const std::string step = response.empty() ? "connect to " + where : "Login";
                done.set_exception(
                    std::make_exception_ptr(action_error(ec, step, std::move(response))));
            });
        return f.get();
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
        std::promise<void> done;
        auto f = done.get_future();
        conn_.async_close([&done](std::error_code) { done.set_value(); });
        f.get();
    }

    /// @brief The underlying connection, for everything else (async calls, status).
    connection& get_connection() noexcept { return conn_; }

private:
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
