// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_DETAIL_RING_HPP
#define AMICPP_DETAIL_RING_HPP

// A FIFO for the session core's queues, in place of std::deque (whose header costs every user
// of the umbrella more to parse than this one): a circular buffer over a power-of-two array
// that doubles when full. Elements are constructed and destroyed in place; index 0 is the front.
//
// It never shrinks (clear() keeps the array): like the core's spare ops, it keeps what the
// busiest moment needed. T's move constructor must not throw, so that growing moves the
// elements over without a way to fail half-way: an insertion that throws (the allocation or
// T's constructor) leaves the ring as it was.

#include <cstddef>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>

namespace amicpp::detail {

template <class T>
class ring {
    static_assert(std::is_nothrow_move_constructible_v<T>, "ring<T> moves elements when it grows");
    static_assert(std::is_nothrow_destructible_v<T>);

public:
    ring() noexcept = default;
    ring(ring&& other) noexcept
        : data_(std::exchange(other.data_, nullptr)), cap_(std::exchange(other.cap_, 0)),
          head_(std::exchange(other.head_, 0)), size_(std::exchange(other.size_, 0)) {}
    ring& operator=(ring&& other) noexcept {
        if (this != &other) {
            release();
            data_ = std::exchange(other.data_, nullptr);
            cap_ = std::exchange(other.cap_, 0);
            head_ = std::exchange(other.head_, 0);
            size_ = std::exchange(other.size_, 0);
        }
        return *this;
    }
    ring(const ring&) = delete;
    ring& operator=(const ring&) = delete;
    ~ring() { release(); }

    std::size_t size() const noexcept { return size_; }
    bool empty() const noexcept { return size_ == 0; }
    std::size_t capacity() const noexcept { return cap_; }

    T& operator[](std::size_t i) noexcept { return data_[(head_ + i) & (cap_ - 1)]; }
    const T& operator[](std::size_t i) const noexcept { return data_[(head_ + i) & (cap_ - 1)]; }
    T& front() noexcept { return data_[head_]; }
    const T& front() const noexcept { return data_[head_]; }
    T& back() noexcept { return (*this)[size_ - 1]; }
    const T& back() const noexcept { return (*this)[size_ - 1]; }

    template <class... Args>
    T& emplace_back(Args&&... args) {
        if (size_ == cap_)
            return grow_and_emplace(std::forward<Args>(args)...);
        T* p = ::new (static_cast<void*>(data_ + ((head_ + size_) & (cap_ - 1))))
            T(std::forward<Args>(args)...);
        ++size_;
        return *p;
    }
    void push_back(const T& v) { emplace_back(v); }
    void push_back(T&& v) { emplace_back(std::move(v)); }

    void pop_front() noexcept {
        data_[head_].~T();
        head_ = (head_ + 1) & (cap_ - 1);
        --size_;
    }
    void pop_back() noexcept {
        (*this)[size_ - 1].~T();
        --size_;
    }

    void clear() noexcept {
        truncate(0);
        head_ = 0;
    }

    // Erases the element at i; the elements on its shorter side move one place over.
    void erase_at(std::size_t i) noexcept {
        static_assert(std::is_nothrow_move_assignable_v<T>);
        if (i < size_ / 2) {
            for (std::size_t k = i; k != 0; --k)
                (*this)[k] = std::move((*this)[k - 1]);
            pop_front();
        } else {
            for (std::size_t k = i; k + 1 < size_; ++k)
                (*this)[k] = std::move((*this)[k + 1]);
            pop_back();
        }
    }

    // Erases the elements for which pred(element) is true, keeping the others in order. pred is
    // called once per element, front to back, so it may act on what it erases. If it throws,
    // the elements before the one it was called on that it kept are at the front, those from
    // that one on are untouched, and the places between hold moved-from elements.
    template <class Pred>
    void erase_if(Pred pred) {
        static_assert(std::is_nothrow_move_assignable_v<T>);
        std::size_t kept = 0;
        for (std::size_t i = 0; i != size_; ++i) {
            T& e = (*this)[i];
            if (pred(e))
                continue;
            if (kept != i)
                (*this)[kept] = std::move(e);
            ++kept;
        }
        truncate(kept);
    }

private:
    static constexpr std::size_t initial_capacity = 8;

    void truncate(std::size_t n) noexcept {
        if constexpr (std::is_trivially_destructible_v<T>) {
            size_ = n;
        } else {
            while (size_ > n)
                pop_back();
        }
    }

    void release() noexcept {
        clear();
        if (data_ != nullptr)
            std::allocator<T>().deallocate(data_, cap_);
        data_ = nullptr;
        cap_ = 0;
    }

    template <class... Args>
    T& grow_and_emplace(Args&&... args) {
        const std::size_t cap = cap_ == 0 ? initial_capacity : cap_ * 2;
        struct storage { // gives the new array back if the new element's constructor throws
            T* p;
            std::size_t n;
            ~storage() {
                if (p != nullptr)
                    std::allocator<T>().deallocate(p, n);
            }
        } fresh{std::allocator<T>().allocate(cap), cap};
        // The new element first: args may refer to an element of this ring.
        T* p = ::new (static_cast<void*>(fresh.p + size_)) T(std::forward<Args>(args)...);
        for (std::size_t i = 0; i != size_; ++i) {
            T& old = (*this)[i];
            ::new (static_cast<void*>(fresh.p + i)) T(std::move(old));
            old.~T();
        }
        if (data_ != nullptr)
            std::allocator<T>().deallocate(data_, cap_);
        data_ = std::exchange(fresh.p, nullptr);
        cap_ = cap;
        head_ = 0;
        ++size_;
        return *p;
    }

    T* data_ = nullptr;
    std::size_t cap_ = 0;  // 0 or a power of two
    std::size_t head_ = 0; // where the front is
    std::size_t size_ = 0;
};

} // namespace amicpp::detail

#endif // AMICPP_DETAIL_RING_HPP
