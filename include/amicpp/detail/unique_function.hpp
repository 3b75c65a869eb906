// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_DETAIL_UNIQUE_FUNCTION_HPP
#define AMICPP_DETAIL_UNIQUE_FUNCTION_HPP

#include <cstddef>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>

namespace amicpp::detail {

template <class Signature>
class unique_function;

// A move-only std::function: completion handlers (coroutines, futures) cannot be copied. A small
// target with the default allocator lives inside the object (a callback or a coroutine's handler
// wrapped by detail/completion.hpp fits: no allocation per operation); any other lives in memory
// from an allocator of the caller's choice (a completion handler's associated allocator),
// std::allocator by default.
template <class R, class... Args>
class unique_function<R(Args...)> {
    static constexpr std::size_t inline_size = 48;

    struct base {
        virtual R call(Args&&... args) = 0;
        virtual void destroy() noexcept = 0; // and give back the memory, if it was allocated
        // Moves an inline target into `buffer` and destroys this one; returns the new one.
        virtual base* relocate(void* buffer) noexcept = 0;

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
        base* relocate(void*) noexcept override { return this; } // never inline
        F fn;
        Alloc alloc;
    };

    template <class F>
    struct local final : base {
        explicit local(F&& f) : fn(std::move(f)) {}
        R call(Args&&... args) override { return fn(std::forward<Args>(args)...); }
        void destroy() noexcept override { this->~local(); }
        base* relocate(void* buffer) noexcept override {
            base* moved = ::new (buffer) local(std::move(fn));
            this->~local();
            return moved;
        }
        F fn;
    };

    template <class A>
    struct is_std_allocator : std::false_type {};
    template <class T>
    struct is_std_allocator<std::allocator<T>> : std::true_type {};

    template <class F, class Alloc>
    static constexpr bool fits_inline =
        is_std_allocator<Alloc>::value && sizeof(local<F>) <= inline_size &&
        alignof(local<F>) <= alignof(std::max_align_t) && std::is_nothrow_move_constructible_v<F>;

    template <class F, class Alloc>
    void make(F&& f, const Alloc& alloc) {
        using target = std::decay_t<F>;
        if constexpr (fits_inline<target, Alloc>) {
            impl_ = ::new (static_cast<void*>(buffer_)) local<target>(std::forward<F>(f));
            local_ = true;
        } else {
            using H = holder<target, Alloc>;
            typename H::allocator_type a(alloc);
            H* p = std::allocator_traits<typename H::allocator_type>::allocate(a, 1);
            try {
                ::new (static_cast<void*>(p)) H(std::forward<F>(f), alloc);
            } catch (...) {
                std::allocator_traits<typename H::allocator_type>::deallocate(a, p, 1);
                throw;
            }
            impl_ = p;
        }
    }

    void take(unique_function& other) noexcept {
        if (other.local_)
            impl_ = other.impl_->relocate(buffer_);
        else
            impl_ = other.impl_;
        local_ = other.local_;
        other.impl_ = nullptr;
        other.local_ = false;
    }

public:
    unique_function() = default;

    template <class F, class = std::enable_if_t<!std::is_same_v<std::decay_t<F>, unique_function>>>
    unique_function(F&& f) { // NOLINT: implicit like std::function
        make(std::forward<F>(f), std::allocator<void>());
    }

    template <class Alloc, class F>
    unique_function(std::allocator_arg_t, const Alloc& alloc, F&& f) {
        make(std::forward<F>(f), alloc);
    }

    unique_function(unique_function&& other) noexcept { take(other); }
    unique_function& operator=(unique_function&& other) noexcept {
        if (this != &other) {
            reset();
            take(other);
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
        local_ = false;
    }

    base* impl_ = nullptr;
    bool local_ = false; // impl_ points into buffer_
    alignas(std::max_align_t) unsigned char buffer_[inline_size];
};

} // namespace amicpp::detail

#endif // AMICPP_DETAIL_UNIQUE_FUNCTION_HPP
