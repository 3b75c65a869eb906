// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// Counts the allocations of the threads that ask, by replacing the global operator new: include
// it in one translation unit of a test program. Under a sanitizer (which brings its own operator
// new and checks that new and delete match) nothing is replaced and `available` is false.
#ifndef AMICPP_TESTS_ALLOCATION_COUNTER_HPP
#define AMICPP_TESTS_ALLOCATION_COUNTER_HPP

#include <cstddef>
#include <cstdlib>
#include <new>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define AMICPP_TEST_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define AMICPP_TEST_SANITIZED 1
#endif
#endif

namespace amicpp_test::allocations {

#if defined(AMICPP_TEST_SANITIZED)
inline constexpr bool available = false;
#else
inline constexpr bool available = true;
#endif

// Allocations of this thread while `counting` is set.
inline thread_local bool counting = false;
inline thread_local std::size_t counted = 0;

// Counts this thread's allocations for as long as it lives.
class scope {
public:
    scope() noexcept : start_(counted) { counting = true; }
    ~scope() { counting = false; }
    scope(const scope&) = delete;
    scope& operator=(const scope&) = delete;
    std::size_t count() const noexcept { return counted - start_; }

private:
    std::size_t start_;
};

} // namespace amicpp_test::allocations

#if !defined(AMICPP_TEST_SANITIZED)
void* operator new(std::size_t n) {
    if (amicpp_test::allocations::counting)
        ++amicpp_test::allocations::counted;
    if (void* p = std::malloc(n == 0 ? 1 : n))
        return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}
#endif

#endif
