// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_DETAIL_PENDING_HPP
#define AMICPP_DETAIL_PENDING_HPP

#include <amicpp/action.hpp>
#include <amicpp/detail/message_memory.hpp>
#include <amicpp/detail/unique_function.hpp>
#include <amicpp/error.hpp>
#include <amicpp/reply.hpp>
#include <amicpp/session/outputs.hpp>

#include <asio/associated_cancellation_slot.hpp>
#include <asio/cancellation_signal.hpp>

#include <chrono>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <system_error>
#include <type_traits>
#include <utility>

namespace amicpp::detail {

using clock_type = std::chrono::steady_clock;

// The handler side of one action in flight; what it waits for is the session core's business.
class pending_base : public session::action_context {
public:
    // Builds the typed result from what arrived and hands it to the handler. Called once.
    virtual void complete(std::error_code ec, reply&& collected) = 0;

    bool awaits_event = false;    // completed by an event (async Originate)
    bool sets_event_mask = false; // an Events action: its EventMask applies once accepted
    std::string event_mask;

    // What an action handed over from outside the strand carries to it (the driver's
    // `hand_over`), so that the hand-over needs no allocation of its own. The action itself is
    // kept by the typed op, and built on the strand (build_action).
    struct handover {
        std::chrono::milliseconds timeout{};
        bool wait_for_connection = false;
        bool exact_timeout = false;
        // Set for an action its caller can cancel: the core's id is written here once known.
        std::shared_ptr<std::uint64_t> cancel_id;
    };
    handover queued;
    pending_base* next_queued = nullptr; // the driver's inbox list

    // The wire message and the completion of the action the op keeps, built on the strand: a
    // sending thread only moved the action in, so that a burst of async_send calls returns
    // sooner and its first bytes leave sooner. Called once; an error when the action could not
    // be built.
    virtual std::error_code build_action(message& m, completion_spec& spec) noexcept = 0;

    // A pending operation takes its memory where messages take theirs (message_memory.hpp): a
    // block the thread kept when it freed an earlier one, without a lock. A burst of actions
    // sent and completed on one thread then costs no malloc; the virtual destructor gives the
    // sized delete the whole object's size.
    static void* operator new(std::size_t size) { return allocate_message_block(size).data; }
    static void operator delete(void* p, std::size_t size) noexcept { free_message_block(p, size); }
};

// Lets actions leave out `completion()` when they end with their response.
template <class A, class = void>
struct has_completion : std::false_type {};
template <class A>
struct has_completion<A, std::void_t<decltype(std::declval<const A&>().completion())>>
    : std::true_type {};

template <class A>
completion_spec completion_of(const A& a) {
    if constexpr (has_completion<A>::value)
        return a.completion();
    else
        return completion_spec{};
}

template <class Action, class Result>
class pending_op final : public pending_base {
public:
    explicit pending_op(unique_function<void(std::error_code, Result)> handler)
        : handler_(std::move(handler)) {
        static_assert(alignof(pending_op) <= __STDCPP_DEFAULT_NEW_ALIGNMENT__,
                      "a kept block has the alignment of a plain new, no more");
    }

    void set_slot(asio::cancellation_slot slot) { slot_ = slot; }

    // Keeps the action until it is built (on the strand, when it was handed over).
    void keep_action(Action&& a) { action_.emplace(std::move(a)); }

    // An action whose to_message (or completion) throws is not sent: it completes with
    // std::errc::not_enough_memory (std::bad_alloc) or error::action_not_built, the same
    // whichever thread sent it, and nothing escapes into the connection's strand.
    std::error_code build_action(message& m, completion_spec& spec) noexcept override {
        std::error_code ec;
        try {
            m = action_->to_message();
            if constexpr (has_completion<Action>::value) // else the default `spec` already is
                spec = action_->completion();
        } catch (const std::bad_alloc&) {
            ec = std::make_error_code(std::errc::not_enough_memory);
        } catch (...) {
            ec = make_error_code(error::action_not_built);
        }
        action_.reset(); // its strings are no longer needed
        return ec;
    }

    void complete(std::error_code ec, reply&& collected) override {
        if (slot_.is_connected())
            slot_.clear();
        if (!handler_)
            return;
        // Built in place (not assigned to a default one): a result is moved as few times as
        // can be on its way to the handler, each move a message's and strings'.
        Result result = [&] {
            if (collected.response.empty())
                return result_after_error<Result>(std::move(collected));
            // Even after an error reply the typed result is built: Command's output, the
            // OriginateResponse's reason. A conversion error counts only if nothing failed before.
            std::error_code conversion;
            Result built = Action::make_result(std::move(collected), conversion);
            if (!ec)
                ec = conversion;
            return built;
        }();
        auto handler = std::move(handler_);
        handler(ec, std::move(result));
    }

private:
    unique_function<void(std::error_code, Result)> handler_;
    std::optional<Action> action_;
    asio::cancellation_slot slot_;
};

} // namespace amicpp::detail

#endif // AMICPP_DETAIL_PENDING_HPP
