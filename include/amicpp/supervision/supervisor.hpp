// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_SUPERVISION_SUPERVISOR_HPP
#define AMICPP_SUPERVISION_SUPERVISOR_HPP

// The supervisor of `async_run`: connect and log in, and when the link is lost come back with
// exponential backoff and jitter, log in again, re-apply the filters the server accepted, ping
// on silence. It drives an I/O driver (`detail::connection_impl`) through its connect and
// submit calls, on the driver's strand, and decides nothing about actions or events (that is
// the session core's). Lifecycle: `start` (async_run) ... `end` (stop, close, destructor, given
// up) is final; `detach` (async_close) ends the run but leaves the link to the Logoff.

#include <amicpp/action.hpp>
#include <amicpp/connection_options.hpp>
#include <amicpp/detail/entropy.hpp>
#include <amicpp/detail/pending.hpp>
#include <amicpp/detail/unique_function.hpp>
#include <amicpp/error.hpp>
#include <amicpp/login_result.hpp>
#include <amicpp/message.hpp>
#include <amicpp/reply.hpp>

#include <asio/bind_executor.hpp>
#include <asio/steady_timer.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

namespace amicpp::supervision {

/// @brief The delay before attempt number `attempt` (1 for the first retry): `initial_delay`
/// doubled per attempt up to `max_delay`, spread by +/- `jitter` at random.
template <class Random>
std::chrono::milliseconds backoff_delay(const reconnect_options& r, unsigned attempt,
                                        Random& random) {
    double delay = static_cast<double>(r.initial_delay.count());
    for (unsigned i = 1; i < attempt && delay < static_cast<double>(r.max_delay.count()); ++i)
        delay *= 2;
    delay = std::min(delay, static_cast<double>(r.max_delay.count()));
    if (r.jitter > 0) {
        // A uniform draw in [0, 1) from the generator's range, then spread over +/- jitter.
        const double span = static_cast<double>(Random::max() - Random::min()) + 1.0;
        const double u = static_cast<double>(random() - Random::min()) / span;
        delay *= 1.0 - r.jitter + 2.0 * r.jitter * u;
    }
    return std::chrono::milliseconds(static_cast<std::int64_t>(delay));
}

/// @brief Keeps a driver's session up (see the file comment). All calls on the driver's strand.
template <class Driver>
class supervisor {
public:
    /// @brief The supervisor of `driver`, idle.
    explicit supervisor(Driver& driver)
        : driver_(driver), retry_timer_(driver.strand()), keepalive_timer_(driver.strand()) {}

    /// @brief True between `start` and the end of the run.
    bool active() const noexcept { return active_; }
    /// @brief True while the supervisor itself is starting a connect.
    bool connecting() const noexcept { return connecting_; }

    /// @brief Starts the run: the first attempt at once.
    void start(run_options options, detail::unique_function<void(std::error_code)> done) {
        run_ = std::move(options);
        done_ = std::move(done);
        active_ = true;
        ever_up_ = false;
        attempt_ = 0;
        attempt_connect();
    }

    /// @brief A filter the server accepted: applied again after every reconnect, once.
    void add_filter(std::string filter) {
        if (std::find(filters_.begin(), filters_.end(), filter) == filters_.end())
            filters_.push_back(std::move(filter));
    }

    /// @brief Ends the run for good: `how` is reported, actions still waiting for a link
    /// complete with `waiting` (stopped, not connected...), the link closes with `closing`, and
    /// the run's handler gets `result`.
    void end(session_state how, std::error_code reason, std::error_code result,
             std::error_code closing) {
        if (!active_)
            return;
        active_ = false;
        retry_timer_.cancel();
        keepalive_timer_.cancel();
        notify(how, reason);
        const std::error_code waiting = how == session_state::stopped
                                            ? make_error_code(error::stopped)
                                            : make_error_code(error::not_connected);
        driver_.core_.close(waiting, detail::clock_type::now());
        driver_.disconnect(closing);
        if (auto d = std::move(done_))
            d(result);
    }

    /// @brief Ends the run but leaves the link up (a polite Logoff follows): nothing more is
    /// re-established.
    void detach() {
        if (!active_)
            return;
        active_ = false;
        retry_timer_.cancel();
        keepalive_timer_.cancel();
        notify(session_state::stopped, make_error_code(error::stopped));
        if (auto d = std::move(done_))
            d(std::error_code{});
    }

    /// @brief The driver lost a link that was up: report it and try again later.
    void link_lost(std::error_code reason) {
        if (!active_)
            return;
        keepalive_timer_.cancel();
        notify(session_state::down, reason);
        schedule_retry(reason);
    }

private:
    void notify(session_state st, std::error_code reason = {},
                std::chrono::milliseconds delay = {}) {
        if (!run_.on_state)
            return;
        session_event e;
        e.state = st;
        e.reason = reason;
        e.attempt = attempt_;
        e.delay = delay;
        if (st == session_state::up)
            e.version = driver_.version();
        driver_.guarded([&] { run_.on_state(e); });
    }

    void attempt_connect() {
        notify(session_state::connecting);
        if (!active_)
            return; // on_state stopped it
        connecting_ = true;
        driver_.start_connect(run_.host, run_.port, run_.login,
                              [this, keep = driver_.shared_from_this()](
                                  std::error_code ec, login_result) { on_connect(ec); });
        connecting_ = false;
    }

    void on_connect(std::error_code ec) {
        if (!active_)
            return;
        if (ec) {
            notify(session_state::down, ec);
            return schedule_retry(ec);
        }
        attempt_ = 0;
        ever_up_ = true;
        notify(session_state::up);
        for (const std::string& f : filters_) {
            message m = message::action("Filter");
            m.add("Operation", "Add");
            m.add("Filter", f);
            driver_.submit(
                std::move(m), completion_spec{}, driver_.options().action_timeout,
                std::make_unique<detail::pending_op<action, reply>>([](std::error_code, reply) {}),
                Driver::submit_mode::internal_action(), detail::clock_type::now());
        }
        start_keepalive();
    }

    void schedule_retry(std::error_code reason) {
        ++attempt_;
        const reconnect_options& r = run_.reconnect;
        if (!r.enabled || (r.max_attempts != 0 && attempt_ > r.max_attempts))
            return end(session_state::given_up, reason, reason, reason);
        const auto wait = backoff_delay(r, attempt_, random_);
        notify(session_state::retrying, reason, wait);
        retry_timer_.expires_after(wait);
        retry_timer_.async_wait(asio::bind_executor(
            driver_.strand(), [this, keep = driver_.shared_from_this()](std::error_code ec) {
                if (!ec && active_ && driver_.current_state() == Driver::state::closed)
                    attempt_connect();
            }));
    }

    void start_keepalive() {
        const auto interval = run_.keepalive.ping_interval;
        if (!active_ || interval.count() <= 0)
            return;
        keepalive_timer_.expires_at(driver_.last_rx_ + interval);
        const std::uint64_t gen = driver_.generation_;
        keepalive_timer_.async_wait(asio::bind_executor(
            driver_.strand(), [this, keep = driver_.shared_from_this(), gen](std::error_code ec) {
                if (ec || gen != driver_.generation_ ||
                    driver_.current_state() != Driver::state::up)
                    return;
                on_keepalive_timer();
            }));
    }

    void on_keepalive_timer() {
        const auto interval = run_.keepalive.ping_interval;
        if (detail::clock_type::now() - driver_.last_rx_ < interval || ping_outstanding_)
            return start_keepalive(); // traffic came meanwhile, or a Ping is on its way
        ping_outstanding_ = true;
        const std::uint64_t gen = driver_.generation_;
        auto op = std::make_unique<detail::pending_op<action, reply>>(
            [this, keep = driver_.shared_from_this(), gen](std::error_code ec, reply) {
                ping_outstanding_ = false;
                if (gen != driver_.generation_)
                    return;
                if (ec == error::timeout) // half-open or stalled: close, the run reconnects
                    return driver_.disconnect(make_error_code(error::timeout));
                start_keepalive();
            });
        // The Ping's own deadline decides; its handler re-arms the timer.
        driver_.submit(message::action("Ping"), completion_spec{}, run_.keepalive.ping_timeout,
                       std::move(op), Driver::submit_mode::internal_action(),
                       detail::clock_type::now());
    }

    Driver& driver_;
    bool active_ = false;
    bool connecting_ = false;
    bool ever_up_ = false;
    unsigned attempt_ = 0;
    bool ping_outstanding_ = false;
    run_options run_;
    detail::unique_function<void(std::error_code)> done_;
    asio::steady_timer retry_timer_;
    asio::steady_timer keepalive_timer_;
    std::vector<std::string> filters_;
    detail::entropy random_;
};

} // namespace amicpp::supervision

#endif // AMICPP_SUPERVISION_SUPERVISOR_HPP
