// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_SUBSCRIPTION_HPP
#define AMICPP_SUBSCRIPTION_HPP

/// @file
/// @brief `amicpp::subscription`: the RAII handle of an event callback.

#include <amicpp/detail/ascii.hpp>
#include <amicpp/link_event.hpp>
#include <amicpp/message.hpp>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace amicpp {

namespace detail {

// One callback and what it wants to see. Shared by the handle and the connection's list.
struct subscriber {
    std::vector<std::string> names;                 // empty: every event
    std::function<bool(const message&)> predicate;  // empty: no further filter
    std::function<void(const message&)> callback;   // empty: a link subscriber, no events
    std::function<void(const link_event&)> on_link; // empty: no link notices
    std::atomic<bool> active{true};
    // Set before the handle exists: tells the connection to let go of the callback (and its
    // captures) now rather than at the next event.
    std::function<void()> on_unsubscribe;

    bool wants(const message& m) const {
        if (!callback)
            return false;
        if (!names.empty()) {
            const std::string_view name = m.event_name();
            bool found = false;
            for (const std::string& n : names) {
                if (iequals(n, name)) {
                    found = true;
                    break;
                }
            }
            if (!found)
                return false;
        }
        return !predicate || predicate(m);
    }
};

} // namespace detail

/// @brief Keeps an event callback registered; destroying it (or `unsubscribe()`) ends it.
///
/// Thread safety: `unsubscribe` may be called from any thread. A callback already running on
/// the connection's executor when another thread unsubscribes finishes that call.
class subscription {
public:
    subscription() = default;
    subscription(const subscription&) = delete;
    subscription& operator=(const subscription&) = delete;
    /// @brief Takes over the registration of `other`.
    subscription(subscription&& other) noexcept = default;
    /// @brief Ends the current registration, then takes over `other`'s.
    subscription& operator=(subscription&& other) noexcept {
        if (this != &other) {
            unsubscribe();
            state_ = std::move(other.state_);
        }
        return *this;
    }
    ~subscription() { unsubscribe(); }

    /// @brief Stops the callback; it is not called for events dispatched after this returns.
    void unsubscribe() noexcept {
        if (state_) {
            state_->active.store(false, std::memory_order_release);
            if (state_->on_unsubscribe)
                state_->on_unsubscribe();
            state_.reset();
        }
    }

    /// @brief True while the callback is registered.
    bool active() const noexcept {
        return state_ && state_->active.load(std::memory_order_acquire);
    }

    /// @brief For the connection: wraps a registered subscriber.
    explicit subscription(std::shared_ptr<detail::subscriber> state) : state_(std::move(state)) {}

private:
    std::shared_ptr<detail::subscriber> state_;
};

} // namespace amicpp

#endif // AMICPP_SUBSCRIPTION_HPP
