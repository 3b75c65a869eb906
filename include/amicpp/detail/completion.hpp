// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_DETAIL_COMPLETION_HPP
#define AMICPP_DETAIL_COMPLETION_HPP

#include <amicpp/detail/unique_function.hpp>

#include <asio/associated_executor.hpp>
#include <asio/execution/outstanding_work.hpp>
#include <asio/post.hpp>
#include <asio/prefer.hpp>

#include <system_error>
#include <tuple>
#include <utility>

namespace amicpp::detail {

// Wraps a completion handler so that calling it later runs the handler on its associated
// executor (never inline in the connection's read path), keeping that executor busy meanwhile.
template <class... Args, class Handler, class DefaultExecutor>
unique_function<void(Args...)> make_completion(Handler handler, const DefaultExecutor& fallback) {
    auto work = asio::prefer(asio::get_associated_executor(handler, fallback),
                             asio::execution::outstanding_work.tracked);
    return [h = std::move(handler), work = std::move(work)](Args... args) mutable {
        auto target = work;
        asio::post(std::move(target), [h = std::move(h), w = std::move(work),
                                       t = std::make_tuple(std::move(args)...)]() mutable {
            std::apply(h, std::move(t));
        });
    };
}

} // namespace amicpp::detail

#endif // AMICPP_DETAIL_COMPLETION_HPP
