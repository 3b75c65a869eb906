// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_DETAIL_PENDING_HPP
#define AMICPP_DETAIL_PENDING_HPP

#include <amicpp/action.hpp>
#include <amicpp/detail/block_cache.hpp>
#include <amicpp/detail/unique_function.hpp>
#include <amicpp/error.hpp>
#include <amicpp/reply.hpp>
#include <amicpp/session/outputs.hpp>

#include <asio/associated_cancellation_slot.hpp>
#include <asio/cancellation_signal.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <system_error>
#include <utility>

namespace amicpp::detail {

using clock_type = std::chrono::steady_clock;

// The handler side of one action in flight; what it waits for is the session core's business.
class pending_base : public session::action_context {
public:
    // Builds the typed result from what arrived and hands it to the handler. Called once.
    virtual void complete(std::error_code ec, reply collected) = 0;

    bool awaits_event = false;    // completed by an event (async Originate)
    bool sets_event_mask = false; // an Events action: its EventMask applies once accepted
    std::string event_mask;

    // What an action handed over from outside the strand carries to it (the driver's
    // `hand_over`), so that the hand-over needs no allocation of its own.
    struct handover {
        message action;
        completion_spec spec;
        std::chrono::milliseconds timeout{};
        bool wait_for_connection = false;
        bool exact_timeout = false;
        // Set for an action its caller can cancel: the core's id is written here once known.
        std::shared_ptr<std::uint64_t> cancel_id;
    };
    handover queued;
    pending_base* next_queued = nullptr; // the driver's inbox list

    // A user's action takes its memory from its connection's block_cache (`new (cache)
    // pending_op<...>`); the driver's own from the system. Either way `delete` frees it right.
    static void* operator new(std::size_t size) { return block_cache::allocate_uncached(size); }
    static void* operator new(std::size_t size, block_cache& cache) { return cache.allocate(size); }
    static void operator delete(void* p) noexcept { block_cache::deallocate(p); }
    static void operator delete(void* p, block_cache&) noexcept { block_cache::deallocate(p); }
};

template <class Action, class Result>
class pending_op final : public pending_base {
public:
    explicit pending_op(unique_function<void(std::error_code, Result)> handler)
        : handler_(std::move(handler)) {
        static_assert(alignof(pending_op) <= block_cache::header_size,
                      "a block_cache block keeps the alignment of a plain new, no more");
    }

    void set_slot(asio::cancellation_slot slot) { slot_ = slot; }

    void complete(std::error_code ec, reply collected) override {
        if (slot_.is_connected())
            slot_.clear();
        if (!handler_)
            return;
        Result result{};
        if (!collected.response.empty()) {
            // Even after an error reply the typed result is built: Command's output, the
            // OriginateResponse's reason. A conversion error counts only if nothing failed before.
            std::error_code conversion;
            result = Action::make_result(std::move(collected), conversion);
            if (!ec)
                ec = conversion;
        } else {
            result = result_after_error<Result>(std::move(collected));
        }
        auto handler = std::move(handler_);
        handler(ec, std::move(result));
    }

private:
    unique_function<void(std::error_code, Result)> handler_;
    asio::cancellation_slot slot_;
};

} // namespace amicpp::detail

#endif // AMICPP_DETAIL_PENDING_HPP
