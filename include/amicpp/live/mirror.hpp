// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_LIVE_MIRROR_HPP
#define AMICPP_LIVE_MIRROR_HPP

/// @file
/// @brief `amicpp::live::mirror`: keeps an `amicpp::live::state` true over a connection: events
/// in, list actions on every link up (initial load, resync after a gap or a reconnect), an
/// optional periodic reconciliation, snapshots for any thread, typed change callbacks.

#include <amicpp/action.hpp>
#include <amicpp/basic_connection.hpp>
#include <amicpp/link_event.hpp>
#include <amicpp/live/state.hpp>
#include <amicpp/subscription.hpp>

#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <asio/strand.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

namespace amicpp::live {

/// @brief Options of a `mirror`.
struct mirror_options {
    /// @brief Options of the state (tracked channel variables...).
    state_options state{};
    /// @brief The lists loaded on every link up and every reconciliation. Bridges come from
    /// `BridgeList` (members from `CoreShowChannels`' BridgeId), mailboxes from one `MailboxCount`
    /// per entry of `mailboxes`.
    std::vector<list_kind> lists{list_kind::core_show_channels,   list_kind::bridge_list,
                                 list_kind::queue_status,         list_kind::device_state_list,
                                 list_kind::extension_state_list, list_kind::parked_calls};
    /// @brief Mailboxes to count (`box@context`): the server has no list of all mailboxes' counts.
    std::vector<std::string> mailboxes{};
    /// @brief Reload every list this often while the link is up, and correct what drifted
    /// (zero: only on link up).
    std::chrono::milliseconds reconcile_interval{0};
    /// @brief Called on the connection's strand after each event or load that changed something,
    /// with those changes; no lock is held (call `snapshot()` freely). Read it before returning:
    /// the list is reused.
    std::function<void(const change_list&)> on_changes{};
};

/// @brief Mirrors the PBX's live state over a `basic_connection<Stream>` (`connection`,
/// `tls_connection`, `client::get_connection()`, supervised `async_run` sessions alike).
///
/// It subscribes to every event, and on every link `up` (the first login, and every login after
/// an outage, whose events are lost) sends the list actions and reconciles the state with their
/// answers: only the differences become changes, drift is counted, what still exists keeps its
/// identity. A list the server refuses (e.g. `Permission denied`) marks its part unavailable
/// with the server's message; the other parts go on. Nothing blocks inside event handling: the
/// lists are sent with `async_send`.
///
/// Thread safety: `snapshot()`, `drift()`, `status()` and `resync()` may be called from any
/// thread. The state is guarded by a mutex that is never held while user code runs. Destroy the
/// mirror before its connection.
template <class Stream>
class mirror {
public:
    /// @brief Starts mirroring `conn` (which may be up already or not yet).
    mirror(basic_connection<Stream>& conn, mirror_options options = {})
        : impl_(std::make_shared<impl>(conn, std::move(options))) {
        impl_->start(impl_);
    }

    mirror(const mirror&) = delete;
    mirror& operator=(const mirror&) = delete;

    /// @brief Stops: no more callbacks, pending lists are ignored.
    ~mirror() { impl_->stop(); }

    /// @brief A consistent, immutable snapshot of the state now (any thread).
    std::shared_ptr<const live::snapshot> snapshot() const {
        std::lock_guard<std::mutex> lock(impl_->mutex_);
        return impl_->state_.snapshot();
    }

    /// @brief Corrections made by resyncs so far (any thread).
    std::uint64_t drift() const {
        std::lock_guard<std::mutex> lock(impl_->mutex_);
        return impl_->state_.drift();
    }

    /// @brief Availability, loads and drift of one part (any thread).
    part_status status(part p) const {
        std::lock_guard<std::mutex> lock(impl_->mutex_);
        return impl_->state_.status(p);
    }

    /// @brief Loads every list again now and corrects what drifted (any thread).
    void resync() { impl_->load_all(); }

    /// @brief Lists completed so far, all parts (any thread): a test can wait for the first load.
    std::uint64_t loads_completed() const {
        std::lock_guard<std::mutex> lock(impl_->mutex_);
        std::uint64_t n = 0;
        for (std::size_t i = 0; i < part_count; ++i)
            n += impl_->state_.status(static_cast<part>(i)).loads;
        return n;
    }

private:
    struct impl {
        impl(basic_connection<Stream>& conn, mirror_options options)
            : conn_(conn), options_(std::move(options)), state_(options_.state),
              timer_strand_(asio::make_strand(conn.get_executor())), timer_(timer_strand_) {}

        void start(const std::shared_ptr<impl>& self) {
            std::weak_ptr<impl> weak = self;
            self_ = weak; // before subscribing: a link callback may load at once
            events_ = conn_.subscribe_all([weak](const message& m) {
                if (auto s = weak.lock())
                    s->on_event(m);
            });
            link_ = conn_.subscribe_link([weak](const link_event& e) {
                if (auto s = weak.lock())
                    s->on_link(e);
            });
        }

        void stop() {
            {
                std::lock_guard<std::mutex> lock(mutex_);
                stopped_ = true;
            }
            events_.unsubscribe();
            link_.unsubscribe();
            asio::post(timer_strand_, [s = self_.lock()] {
                if (s)
                    s->timer_.cancel();
            });
        }

        void on_event(const message& m) {
            {
                std::lock_guard<std::mutex> lock(mutex_);
                if (stopped_)
                    return;
                state_.apply(m, std::chrono::system_clock::now());
            }
            deliver();
        }

        void on_link(const link_event& e) {
            {
                std::lock_guard<std::mutex> lock(mutex_);
                up_ = e.up;
            }
            if (e.up) {
                load_all();
                schedule();
            }
        }

        // Hands the changes to the user with no lock held. Runs on the connection's strand
        // (events and action completions), the only place that applies or clears changes.
        void deliver() {
            const change_list changes = state_.changes();
            if (changes.empty())
                return;
            if (options_.on_changes)
                options_.on_changes(changes);
            std::lock_guard<std::mutex> lock(mutex_);
            state_.clear_changes();
        }

        void load_all() {
            std::vector<std::pair<std::string, action>> sends;
            {
                std::lock_guard<std::mutex> lock(mutex_);
                if (stopped_ || !up_)
                    return;
                const auto now = std::chrono::system_clock::now();
                for (const list_kind k : options_.lists) {
                    if (k == list_kind::mailbox_count || k == list_kind::bridge_info)
                        continue;
                    const std::string id = "live-" + std::to_string(++counter_);
                    state_.begin_load(k, id, now);
                    sends.emplace_back(id, action(action_name(k)));
                }
                for (const auto& box : options_.mailboxes) {
                    const std::string id = "live-" + std::to_string(++counter_);
                    state_.begin_load(list_kind::mailbox_count, id, now, box);
                    action a(action_name(list_kind::mailbox_count));
                    a.set("Mailbox", box);
                    sends.emplace_back(id, std::move(a));
                }
            }
            for (auto& s : sends) {
                conn_.async_send(std::move(s.second),
                                 [weak = self_, id = s.first](std::error_code ec, reply r) {
                                     if (auto self = weak.lock())
                                         self->on_answer(id, ec, std::move(r));
                                 });
            }
        }

        void on_answer(const std::string& id, std::error_code ec, reply r) {
            {
                std::lock_guard<std::mutex> lock(mutex_);
                if (stopped_)
                    return;
                if (r.response.kind() == message_kind::response && r.response.is_error())
                    state_.fail_load(id, r.response.message_text());
                else if (ec)
                    state_.abandon_load(id); // lost link, timeout: the next up loads again
                else
                    state_.complete_load(id, std::move(r));
            }
            deliver();
        }

        // The reconciliation timer lives on a strand of its own: `schedule` may be called from
        // the connection's strand, and its handler runs there.
        void schedule() {
            if (options_.reconcile_interval.count() <= 0)
                return;
            asio::post(timer_strand_, [weak = self_] {
                if (auto self = weak.lock())
                    self->arm();
            });
        }

        void arm() {
            if (timer_armed_)
                return;
            timer_armed_ = true;
            timer_.expires_after(options_.reconcile_interval);
            timer_.async_wait([weak = self_](std::error_code ec) {
                auto self = weak.lock();
                if (!self)
                    return;
                self->timer_armed_ = false;
                if (ec)
                    return;
                bool go = false, alive = false;
                {
                    std::lock_guard<std::mutex> lock(self->mutex_);
                    alive = self->up_ && !self->stopped_;
                    go = alive && !self->state_.loading();
                }
                if (go)
                    self->load_all();
                if (alive)
                    self->arm();
            });
        }

        basic_connection<Stream>& conn_;
        mirror_options options_;
        mutable std::mutex mutex_;
        state state_;
        asio::strand<asio::any_io_executor> timer_strand_;
        asio::steady_timer timer_;
        bool timer_armed_ = false; // on timer_strand_ only
        subscription events_;
        subscription link_;
        std::weak_ptr<impl> self_;
        std::uint64_t counter_ = 0;
        bool up_ = false;
        bool stopped_ = false;
    };

    std::shared_ptr<impl> impl_;
};

} // namespace amicpp::live

#endif // AMICPP_LIVE_MIRROR_HPP
