// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_DETAIL_UNIQUE_FUNCTION_HPP
#define AMICPP_DETAIL_UNIQUE_FUNCTION_HPP

#include <memory>
#include <type_traits>
#include <utility>

namespace amicpp::detail {

template <class Signature>
class unique_function;

// A move-only std::function: completion handlers (coroutines, futures) cannot be copied. The
// target lives in memory from an allocator of the caller's choice (a completion handler's
// associated allocator), std::allocator by default.
template <class R, class... Args>
class unique_function<R(Args...)> {
    struct base {
        virtual R call(Args&&... args) = 0;
        virtual void destroy() noexcept = 0; // and give the memory back to its allocator

    protected:
        ~base() = default;
    };

    template <class F, class Alloc>
    struct holder final : base {
        using allocator_type = typename std::allocator_traits<Alloc>::template rebind_alloc<holder>;

        holder(F&& f, const Alloc& a) : fn(std::move(f)), alloc(a) {}
        R call(Args&&... args) override { return fn(std::forward<Args>(args)...); }
        void destroy() noexcept override {
            allocator_type a(alloc);
            this->~holder();
            std::allocator_traits<allocator_type>::deallocate(a, this, 1);
        }

        F fn;
        Alloc alloc;
    };

    template <class F, class Alloc>
    static base* make(F&& f, const Alloc& alloc) {
        using H = holder<std::decay_t<F>, Alloc>;
        typename H::allocator_type a(alloc);
        H* p = std::allocator_traits<typename H::allocator_type>::allocate(a, 1);
        try {
            ::new (static_cast<void*>(p)) H(std::forward<F>(f), alloc);
        } catch (...) {
            std::allocator_traits<typename H::allocator_type>::deallocate(a, p, 1);
            throw;
        }
        return p;
    }

public:
    unique_function() = default;
    template <class F, class = std::enable_if_t<!std::is_same_v<std::decay_t<F>, unique_function>>>
    unique_function(F&& f) // NOLINT: implicit like std::function
        : impl_(make(std::forward<F>(f), std::allocator<void>())) {}
    template <class Alloc, class F>
    unique_function(std::allocator_arg_t, const Alloc& alloc, F&& f)
        : impl_(make(std::forward<F>(f), alloc)) {}

    unique_function(unique_function&& other) noexcept
        : impl_(std::exchange(other.impl_, nullptr)) {}
    unique_function& operator=(unique_function&& other) noexcept {
        if (this != &other) {
            reset();
            impl_ = std::exchange(other.impl_, nullptr);
        }
        return *this;
    }
    unique_function(const unique_function&) = delete;
    unique_function& operator=(const unique_function&) = delete;
    ~unique_function() { reset(); }

    explicit operator bool() const noexcept { return impl_ != nullptr; }
    R operator()(Args... args) { return impl_->call(std::forward<Args>(args)...); }

private:
    void reset() noexcept {
        if (impl_)
            std::exchange(impl_, nullptr)->destroy();
    }

    base* impl_ = nullptr;
};

} // namespace amicpp::detail

#endif // AMICPP_DETAIL_UNIQUE_FUNCTION_HPP
