// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_DETAIL_UNIQUE_FUNCTION_HPP
#define AMICPP_DETAIL_UNIQUE_FUNCTION_HPP

#include <memory>
#include <type_traits>
#include <utility>

namespace amicpp::detail {

template <class Signature>
class unique_function;

// A move-only std::function: completion handlers (coroutines, futures) cannot be copied.
template <class R, class... Args>
class unique_function<R(Args...)> {
    struct base {
        virtual ~base() = default;
        virtual R call(Args&&... args) = 0;
    };
    template <class F>
    struct holder final : base {
        explicit holder(F&& f) : fn(std::move(f)) {}
        R call(Args&&... args) override { return fn(std::forward<Args>(args)...); }
        F fn;
    };

public:
    unique_function() = default;
    template <class F, class = std::enable_if_t<!std::is_same_v<std::decay_t<F>, unique_function>>>
    unique_function(F&& f) // NOLINT: implicit like std::function
        : impl_(std::make_unique<holder<std::decay_t<F>>>(std::forward<F>(f))) {}

    explicit operator bool() const noexcept { return impl_ != nullptr; }
    R operator()(Args... args) { return impl_->call(std::forward<Args>(args)...); }

private:
    std::unique_ptr<base> impl_;
};

} // namespace amicpp::detail

#endif // AMICPP_DETAIL_UNIQUE_FUNCTION_HPP
