// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_DETAIL_COMPLETION_HPP
#define AMICPP_DETAIL_COMPLETION_HPP

#include <amicpp/detail/unique_function.hpp>

#include <asio/associated_allocator.hpp>
#include <asio/associated_executor.hpp>
#include <asio/bind_allocator.hpp>
#include <asio/dispatch.hpp>
#include <asio/execution/outstanding_work.hpp>
#include <asio/post.hpp>
#include <asio/prefer.hpp>
#include <asio/system_executor.hpp>

#include <memory>
#include <system_error>
#include <tuple>
#include <type_traits>
#include <utility>

namespace amicpp::detail {

// Whether a completion may run its handler at once, through `asio::dispatch` on the handler's
// executor, instead of posting it. The driver allows it while its strand handles an I/O
// completion or a timer: the operation's initiating function has returned long ago, and handing
// a waiting consumer its event then costs no trip through the scheduler. It is never allowed
// inside an initiating function, nor while user code runs (an operation that user code starts
// and that fails at once still completes by a post, as Asio's rules require).
class completion_context {
public:
    explicit completion_context(bool allow_inline) noexcept : saved_(flag()) {
        flag() = allow_inline;
    }
    ~completion_context() { flag() = saved_; }
    completion_context(const completion_context&) = delete;
    completion_context& operator=(const completion_context&) = delete;

    static bool inline_allowed() noexcept { return flag(); }

private:
    static bool& flag() noexcept {
        static thread_local bool allowed = false;
        return allowed;
    }
    bool saved_;
};

// The handler with its arguments, as a nullary function to post or dispatch: it runs as user
// code (no completion at once inside it) and carries the handler's associated allocator.
template <class Handler, class... Args>
auto bind_call(Handler h, Args... args) {
    const auto alloc = asio::get_associated_allocator(h);
    return asio::bind_allocator(
        alloc, [h = std::move(h), t = std::make_tuple(std::move(args)...)]() mutable {
            const completion_context user_code(false);
            std::apply(h, std::move(t));
        });
}

// A handler without an executor of its own runs on the connection's strand, where the driver
// completes it: at once when `completion_context` allows it, by a post to the strand otherwise.
// It needs no type-erased executor and no work count of its own (the driver's pending read,
// timers and posts keep the context busy while it waits), which makes one event per call cheap.
// `strand` is the connection's own: it outlives every wrapper (the driver owns and calls them).
template <class... Args, class Handler, class Strand>
unique_function<void(Args...)> on_strand_completion(Handler handler, const Strand& strand,
                                                    bool post_to_inner = false) {
    auto alloc = asio::get_associated_allocator(handler);
    return unique_function<void(Args...)>(
        std::allocator_arg, alloc,
        // Arguments by reference: the function's call took them by value already.
        [h = std::move(handler), s = &strand, post_to_inner](Args&&... args) mutable {
            if (completion_context::inline_allowed() && s->running_in_this_thread()) {
                const completion_context user_code(false);
                h(std::move(args)...);
                return;
            }
            if (post_to_inner)
                asio::post(s->get_inner_executor(), bind_call(std::move(h), std::move(args)...));
            else
                asio::post(*s, bind_call(std::move(h), std::move(args)...));
        });
}

// Wraps a completion handler so that calling it later runs the handler on its associated
// executor (the connection's strand when it has none), keeping that executor busy meanwhile: at
// once when `completion_context` allows it and the executor runs in this thread, by a post
// otherwise. The wrapper's memory comes from the handler's associated allocator, which also
// serves the dispatch or post.
template <class... Args, class Handler, class Strand>
unique_function<void(Args...)> make_completion(Handler handler, const Strand& strand) {
    using on_fallback = asio::associated_executor_t<Handler, Strand>;
    // No executor of its own: the associated executor is whatever default is asked for.
    constexpr bool none =
        std::is_same_v<on_fallback, Strand> &&
        std::is_same_v<asio::associated_executor_t<Handler, asio::system_executor>,
                       asio::system_executor>;
    if constexpr (none) {
        return on_strand_completion<Args...>(std::move(handler), strand);
    } else if constexpr (std::is_same_v<on_fallback, Strand>) {
        if (asio::get_associated_executor(handler, strand) == strand)
            return on_strand_completion<Args...>(std::move(handler), strand);
    } else if constexpr (std::is_same_v<on_fallback, typename Strand::inner_executor_type>) {
        // The executor the connection runs on (a coroutine's, typically): run at once from the
        // strand when allowed (a dispatch would, the context runs in this thread), posted to
        // that executor otherwise; the connection's pending work keeps it busy meanwhile.
        if (asio::get_associated_executor(handler, strand) == strand.get_inner_executor())
            return on_strand_completion<Args...>(std::move(handler), strand, true);
    }
    auto alloc = asio::get_associated_allocator(handler);
    auto work = asio::prefer(asio::get_associated_executor(handler, strand),
                             asio::execution::outstanding_work.tracked);
    return unique_function<void(Args...)>(
        std::allocator_arg, alloc,
        [h = std::move(handler), work = std::move(work)](Args&&... args) mutable {
            // The dispatch or post takes over the work (a queued handler counts as work).
            auto target = std::move(work);
            if (completion_context::inline_allowed())
                asio::dispatch(target, bind_call(std::move(h), std::move(args)...));
            else
                asio::post(target, bind_call(std::move(h), std::move(args)...));
        });
}

} // namespace amicpp::detail

#endif // AMICPP_DETAIL_COMPLETION_HPP
