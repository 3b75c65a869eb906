// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// Counts heap allocations made through operator new, for benchmark reports. Include it in
// exactly one translation unit of a benchmark program.
#ifndef AMICPP_BENCH_ALLOC_COUNTER_HPP
#define AMICPP_BENCH_ALLOC_COUNTER_HPP

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>

namespace amicpp_bench {
inline std::atomic<std::size_t> allocations{0};
} // namespace amicpp_bench

void* operator new(std::size_t size) {
    amicpp_bench::allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(size == 0 ? 1 : size))
        return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
    return operator new(size);
}
void operator delete(void* p) noexcept {
    std::free(p);
}
void operator delete[](void* p) noexcept {
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
    std::free(p);
}

#endif
