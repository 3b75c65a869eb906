// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_DETAIL_ENTRY_BUFFER_HPP
#define AMICPP_DETAIL_ENTRY_BUFFER_HPP

#include <cstddef>
#include <cstring>
#include <memory>
#include <type_traits>

namespace amicpp::detail {

// A growable array of trivially copyable entries that the parser's fast path fills: room is
// made once per 64-byte window (`reserve_more`), then each line is one unchecked store.
template <class Entry>
class entry_buffer {
    static_assert(std::is_trivially_copyable_v<Entry>);

public:
    std::size_t size() const noexcept { return size_; }
    bool empty() const noexcept { return size_ == 0; }
    const Entry* data() const noexcept { return items_.get(); }
    const Entry& front() const noexcept { return items_[0]; }
    const Entry& operator[](std::size_t i) const noexcept { return items_[i]; }
    void clear() noexcept { size_ = 0; }

    // Makes room for `n` more entries.
    void reserve_more(std::size_t n) {
        if (capacity_ - size_ >= n)
            return;
        std::size_t cap = capacity_ == 0 ? 64 : capacity_ * 2;
        while (cap - size_ < n)
            cap *= 2;
        std::unique_ptr<Entry[]> fresh(new Entry[cap]);
        if (size_ != 0)
            std::memcpy(fresh.get(), items_.get(), size_ * sizeof(Entry));
        items_ = std::move(fresh);
        capacity_ = cap;
    }

    void push_back(const Entry& e) {
        reserve_more(1);
        items_[size_++] = e;
    }

    // After `reserve_more`: no capacity check.
    void append_reserved(const Entry& e) noexcept { items_[size_++] = e; }

private:
    std::unique_ptr<Entry[]> items_;
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;
};

} // namespace amicpp::detail

#endif // AMICPP_DETAIL_ENTRY_BUFFER_HPP
