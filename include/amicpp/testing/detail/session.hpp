// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_TESTING_DETAIL_SESSION_HPP
#define AMICPP_TESTING_DETAIL_SESSION_HPP

/// @file
/// @brief One client connection of the simulated server: the socket I/O (reading actions with
/// `amicpp::parser`, one queued writer, floods with back-pressure, I/O faults, graceful and
/// abrupt close) behind an interface that knows nothing of the stream type.
///
/// `basic_session` is a template on the stream so that a TLS stream can be slotted in later:
/// every operation on the stream is in this class (`async_read_some`, `async_write`,
/// `lowest_layer().shutdown/close`); a TLS session would add a handshake before the banner and an
/// `async_shutdown` in `begin_linger`.

#include <amicpp/message.hpp>
#include <amicpp/parser.hpp>
#include <amicpp/serializer.hpp>

#include <asio/buffer.hpp>
#include <asio/error.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/post.hpp>
#include <asio/socket_base.hpp>
#include <asio/steady_timer.hpp>
#include <asio/write.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace amicpp::testing::detail {

/// Faults at the I/O level of one session.
struct io_fault {
    bool stall = false;                            // neither read nor write
    std::optional<std::chrono::milliseconds> drip; // one byte per write, this far apart
    std::optional<std::size_t> close_after_bytes;  // write budget before closing
};

/// What a server writes: responses and events, never checked for `Action`, no length limits;
/// header injection is still refused.
inline serialize_options server_serialize_options() noexcept {
    serialize_options o;
    o.require_action = false;
    o.max_line_length = 0;
    o.max_headers = 0;
    return o;
}

class session_base;

/// Whoever runs the protocol over sessions (the simulator). Called on the server thread.
class session_owner {
public:
    virtual ~session_owner() = default;
    /// A complete message arrived (`m` may be reused afterwards: copy what must be kept).
    virtual void on_message(session_base& s, const message& m) = 0;
    /// A message broke a parser limit and was dropped.
    virtual void on_parse_error(session_base& s, const dropped_message& d) = 0;
    /// The session is closed or closing: it handles no more actions. Called once.
    virtual void on_closed(session_base& s) = 0;
    /// The socket is closed: the session does nothing more. Called once, after `on_closed`.
    virtual void on_finished(session_base& s) = 0;
    /// Bytes moved; `flooded` counts flood copies whose last byte was just written.
    virtual void on_io(std::size_t read, std::size_t written, std::uint64_t flooded) = 0;
};

/// The protocol's view of a session: its AMI state and what can be done to it. Every member is
/// used on the server thread only.
class session_base : public std::enable_shared_from_this<session_base> {
public:
    explicit session_base(std::uint64_t id) noexcept : id_(id) {}
    session_base(const session_base&) = delete;
    session_base& operator=(const session_base&) = delete;
    virtual ~session_base() = default;

    /// Number of the session, from 1 in order of acceptance.
    std::uint64_t id() const noexcept { return id_; }

    // ---- AMI state, kept by the simulator ----
    bool authenticated = false;
    std::string username;
    std::string challenge;
    std::uint32_t read_perm = 0;
    std::uint32_t write_perm = 0;
    std::uint32_t send_events = 0; // classes asked for (Login Events, Events action)
    std::vector<std::string> ignored_actions;

    // ---- I/O ----
    /// Writes the banner and starts reading actions.
    virtual void start(std::string_view banner) = 0;
    /// Queues bytes (dropped once the session is closing).
    virtual void write(std::string_view bytes) = 0;
    /// Queues a message; throws `serialize_error` when it would inject headers.
    virtual void write(const message& m) = 0;
    /// Queues `count` copies of `block`'s messages, `message_size` bytes each; `block` holds a
    /// whole number of copies and is written as it is, never copied.
    virtual void flood(std::shared_ptr<const std::string> block, std::size_t message_size,
                       std::uint64_t count) = 0;
    /// Replaces the I/O faults; byte budgets count from now.
    virtual void set_fault(const io_fault& f) = 0;
    /// Stops handling received actions until as many `resume` calls (nestable).
    virtual void suspend() = 0;
    virtual void resume() = 0;
    /// Runs `fn` after `delay` unless the session has closed by then.
    virtual void after(std::chrono::milliseconds delay, std::function<void()> fn) = 0;
    /// Writes what is queued, then closes (FIN first, so that the client reads it all).
    virtual void close_gracefully() = 0;
    /// Closes at once, dropping what is queued.
    virtual void close_now() = 0;
    /// Open and not closing.
    virtual bool is_open() const noexcept = 0;
    /// `IPV4/TCP/127.0.0.1/5038` style addresses, as Asterisk's security events write them.
    virtual std::string local_address() const = 0;
    virtual std::string remote_address() const = 0;

private:
    std::uint64_t id_;
};

/// A session over `Stream` (`asio::ip::tcp::socket` today).
template <class Stream>
class basic_session final : public session_base {
public:
    basic_session(Stream stream, session_owner& owner, std::uint64_t id, parser_limits limits)
        : session_base(id), stream_(std::move(stream)), owner_(owner),
          parser_(make_parser_options(limits)), drip_timer_(stream_.get_executor()),
          linger_timer_(stream_.get_executor()) {}

    void start(std::string_view banner) override {
        write(banner);
        do_read();
    }

    void write(std::string_view bytes) override {
        if (state_ != state::open)
            return;
        out_.append(bytes.data(), bytes.size());
        pump();
    }

    void write(const message& m) override {
        if (state_ != state::open)
            return;
        const serialize_result r = serialize(m, out_, server_serialize_options());
        if (!r)
            throw serialize_error(r);
        pump();
    }

    void flood(std::shared_ptr<const std::string> block, std::size_t message_size,
               std::uint64_t count) override {
        if (state_ != state::open || count == 0 || message_size == 0 || !block)
            return;
        floods_.push_back(flood_job{std::move(block), message_size, count});
        pump();
    }

    void set_fault(const io_fault& f) override {
        auto self = shared_from_this();
        fault_ = f;
        budget_ = f.close_after_bytes;
        if (budget_ && *budget_ == 0 && !writing_ && state_ == state::open) {
            begin_linger(); // nothing more may be written: close now
            return;
        }
        pump();
        process();
    }

    void suspend() override { ++suspended_; }

    void resume() override {
        if (suspended_ > 0 && --suspended_ == 0)
            process();
    }

    void after(std::chrono::milliseconds delay, std::function<void()> fn) override {
        if (state_ != state::open)
            return;
        auto timer = std::make_shared<asio::steady_timer>(stream_.get_executor(), delay);
        timers_.push_back(timer);
        auto self = std::static_pointer_cast<basic_session>(shared_from_this());
        timer->async_wait([self, timer, fn = std::move(fn)](const std::error_code& ec) {
            self->timers_.remove(timer);
            if (!ec && self->state_ == state::open)
                fn();
        });
    }

    void close_gracefully() override {
        if (state_ != state::open)
            return;
        auto self = shared_from_this();
        state_ = state::closing;
        floods_.clear();
        report_closed();
        pump(); // lingers once the queue is written
    }

    void close_now() override {
        if (state_ == state::closed)
            return;
        auto self = shared_from_this();
        state_ = state::closed;
        report_closed();
        owner_.on_finished(*this);
        std::error_code ec;
        drip_timer_.cancel();
        linger_timer_.cancel();
        for (auto& t : timers_)
            t->cancel();
        stream_.lowest_layer().close(ec);
        floods_.clear();
        out_.clear();
    }

    bool is_open() const noexcept override { return state_ == state::open; }

    std::string local_address() const override {
        std::error_code ec;
        return describe(stream_.lowest_layer().local_endpoint(ec));
    }

    std::string remote_address() const override {
        std::error_code ec;
        return describe(stream_.lowest_layer().remote_endpoint(ec));
    }

private:
    enum class state : std::uint8_t {
        open,      // reading actions, writing replies
        closing,   // writing what is queued, then linger
        lingering, // FIN sent; reading and discarding until the client closes or a timeout
        closed,
    };

    struct flood_job {
        std::shared_ptr<const std::string> block;
        std::size_t message_size;
        std::uint64_t remaining;
    };

    static constexpr std::size_t read_size = 16 * 1024;
    // How many actions of one read are handled before the answers made meanwhile are written.
    // A 16 KiB read holds ~400 Pings: answered all at once, a client could start on none of
    // them before the last was made, and client and server took turns (`connection_bench
    // actions`: amicpp at 85-88 % of a raw socket, 93-98 % with turns of 128; turns of 32 made
    // the server itself slower, a write per turn). A turn is a post, not a lower `high_water`
    // that waits for the write's completion to resume: measured, that slowed the raw socket's
    // own run (wall 492-504 -> 565-589 ns a Ping with 8 KiB waiting).
    static constexpr std::size_t actions_per_turn = 128;
    // Stop handling actions while this much output waits: a client that writes without reading
    // is slowed down instead of growing the server's memory (as Asterisk blocks in write).
    static constexpr std::size_t high_water = 4 * 1024 * 1024;
    static constexpr std::chrono::seconds linger_timeout{2};

    static parser_options make_parser_options(parser_limits limits) {
        parser_options o;
        o.limits = limits;
        o.expect_banner = false;
        return o;
    }

    static std::string describe(const asio::ip::tcp::endpoint& e) {
        return std::string(e.address().is_v6() ? "IPV6" : "IPV4") + "/TCP/" +
               e.address().to_string() + "/" + std::to_string(e.port());
    }

    std::shared_ptr<basic_session> self() {
        return std::static_pointer_cast<basic_session>(shared_from_this());
    }

    void report_closed() {
        if (reported_closed_)
            return;
        reported_closed_ = true;
        owner_.on_closed(*this);
    }

    // ---- reading ---------------------------------------------------------------------------

    void do_read() {
        if (reading_ || state_ != state::open || fault_.stall || suspended_ > 0 ||
            out_.size() >= high_water)
            return;
        reading_ = true;
        char* p = parser_.prepare(read_size);
        const std::size_t n = parser_.prepared_size();
        stream_.async_read_some(
            asio::buffer(p, n),
            [s = self()](const std::error_code& ec, std::size_t got) { s->on_read(ec, got); });
    }

    void on_read(const std::error_code& ec, std::size_t n) {
        reading_ = false;
        if (state_ == state::lingering) {
            if (ec)
                close_now();
            else
                linger_read();
            return;
        }
        if (state_ != state::open)
            return;
        if (ec) { // end of stream or error: the client went away
            close_now();
            return;
        }
        parser_.commit(n);
        owner_.on_io(n, 0, 0);
        process();
    }

    void process() {
        // A handler may resume or re-fault this session: the loop below then goes on by itself,
        // and `msg_` (which the handler is looking at) must not be overwritten meanwhile.
        if (processing_)
            return;
        auto keep = shared_from_this();
        processing_ = true;
        std::size_t handled = 0;
        while (state_ == state::open && !fault_.stall && suspended_ == 0 &&
               out_.size() < high_water) {
            // Asterisk writes each answer as it handles the action. Here answers wait behind
            // the write in flight, whose completion cannot run during this loop: after a run of
            // actions, the loop lets it run (it writes what waits), then goes on.
            if (++handled > actions_per_turn && writing_ && !out_.empty()) {
                processing_ = false;
                if (!turn_posted_) {
                    turn_posted_ = true;
                    asio::post(stream_.get_executor(), [s = self()] {
                        s->turn_posted_ = false;
                        s->process();
                    });
                }
                return;
            }
            std::error_code ec;
            if (!parser_.next(msg_, ec)) {
                processing_ = false;
                do_read();
                return;
            }
            try {
                if (ec)
                    owner_.on_parse_error(*this, parser_.last_dropped());
                else
                    owner_.on_message(*this, msg_);
            } catch (...) {
                processing_ = false;
                throw;
            }
        }
        processing_ = false;
    }

    void linger_read() {
        reading_ = true;
        stream_.async_read_some(asio::buffer(scratch_),
                                [s = self()](const std::error_code& ec, std::size_t) {
                                    s->reading_ = false;
                                    if (s->state_ != state::lingering)
                                        return;
                                    if (ec)
                                        s->close_now();
                                    else
                                        s->linger_read();
                                });
    }

    // FIN now, so that the client reads everything written and then end of stream; close for
    // good when the client closes too, or after a while.
    void begin_linger() {
        if (state_ == state::lingering || state_ == state::closed)
            return;
        state_ = state::lingering;
        floods_.clear();
        out_.clear();
        report_closed();
        std::error_code ec;
        stream_.lowest_layer().shutdown(asio::socket_base::shutdown_send, ec);
        if (ec) {
            close_now();
            return;
        }
        linger_timer_.expires_after(linger_timeout);
        linger_timer_.async_wait([s = self()](const std::error_code& e) {
            if (!e)
                s->close_now();
        });
        if (!reading_)
            linger_read();
    }

    // ---- writing: one write in flight at most ------------------------------------------------

    bool load_next() {
        inflight_block_.reset();
        inflight_events_ = 0;
        inflight_done_ = inflight_size_ = 0;
        if (!out_.empty()) {
            inflight_.swap(out_);
            out_.clear();
            if (out_.capacity() > high_water)
                std::string().swap(out_);
            inflight_data_ = inflight_.data();
            inflight_size_ = inflight_.size();
            return true;
        }
        if (!floods_.empty() && state_ == state::open) {
            flood_job& job = floods_.front();
            const std::uint64_t per_block = job.block->size() / job.message_size;
            const std::uint64_t n = std::min(per_block, job.remaining);
            inflight_block_ = job.block;
            inflight_data_ = job.block->data();
            inflight_size_ = static_cast<std::size_t>(n) * job.message_size;
            inflight_events_ = n;
            job.remaining -= n;
            if (job.remaining == 0)
                floods_.pop_front();
            return true;
        }
        return false;
    }

    void pump() {
        if (writing_ || fault_.stall)
            return;
        if (state_ != state::open && state_ != state::closing)
            return;
        if (inflight_done_ == inflight_size_ && !load_next()) {
            if (state_ == state::closing)
                begin_linger();
            return;
        }
        std::size_t len = inflight_size_ - inflight_done_;
        if (fault_.drip)
            len = 1;
        if (budget_) {
            if (*budget_ == 0) {
                begin_linger();
                return;
            }
            len = std::min(len, *budget_);
        }
        writing_ = true;
        write_budgeted_ = budget_.has_value();
        asio::async_write(
            stream_, asio::buffer(inflight_data_ + inflight_done_, len),
            [s = self()](const std::error_code& ec, std::size_t n) { s->on_write(ec, n); });
    }

    void on_write(const std::error_code& ec, std::size_t n) {
        if (state_ == state::closed || state_ == state::lingering) {
            writing_ = false;
            return;
        }
        if (ec) {
            writing_ = false;
            close_now();
            return;
        }
        inflight_done_ += n;
        std::uint64_t flooded = 0;
        if (inflight_done_ == inflight_size_) {
            flooded = inflight_events_;
            inflight_events_ = 0;
        }
        if (budget_ && write_budgeted_) // a write started before the fault does not count
            *budget_ -= std::min(*budget_, n);
        owner_.on_io(0, n, flooded);
        if (budget_ && *budget_ == 0) {
            writing_ = false;
            begin_linger();
            return;
        }
        if (fault_.drip && fault_.drip->count() > 0) {
            // Still "writing" during the pause, so that nothing overtakes the drip.
            drip_timer_.expires_after(*fault_.drip);
            drip_timer_.async_wait([s = self()](const std::error_code& e) {
                s->writing_ = false;
                if (e || s->state_ == state::closed)
                    return;
                s->pump();
                s->process();
            });
            return;
        }
        writing_ = false;
        pump();
        process();
    }

    Stream stream_;
    session_owner& owner_;
    parser parser_;
    message msg_;
    state state_ = state::open;
    bool reading_ = false;
    bool writing_ = false;
    bool processing_ = false;
    bool turn_posted_ = false; // a process() that lets the write in flight go first is queued
    bool write_budgeted_ = false;
    bool reported_closed_ = false;
    int suspended_ = 0;
    io_fault fault_;
    std::optional<std::size_t> budget_;

    std::string out_;                                   // queued, not yet being written
    std::string inflight_;                              // owned bytes being written
    std::shared_ptr<const std::string> inflight_block_; // or a flood block being written
    const char* inflight_data_ = nullptr;
    std::size_t inflight_size_ = 0;
    std::size_t inflight_done_ = 0;
    std::uint64_t inflight_events_ = 0;
    std::deque<flood_job> floods_;

    asio::steady_timer drip_timer_;
    asio::steady_timer linger_timer_;
    std::list<std::shared_ptr<asio::steady_timer>> timers_;
    std::array<char, 4096> scratch_{};
};

} // namespace amicpp::testing::detail

#endif // AMICPP_TESTING_DETAIL_SESSION_HPP
