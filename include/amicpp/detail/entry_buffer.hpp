// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_DETAIL_ENTRY_BUFFER_HPP
#define AMICPP_DETAIL_ENTRY_BUFFER_HPP

#include <cstddef>
#include <cstring>
#include <memory>
#include <type_traits>

namespace amicpp::detail {

// A growable array of trivially copyable entries that the parser's fast path fills: room is
// made once per 64-byte window (`tail`), then each line is one unchecked store.
template <class Entry>
class entry_buffer {
    static_assert(std::is_trivially_copyable_v<Entry>);

public:
    std::size_t size() const noexcept { return size_; }
    std::size_t capacity() const noexcept { return capacity_; }
    bool empty() const noexcept { return size_ == 0; }
    const Entry* data() const noexcept { return items_.get(); }
    const Entry& front() const noexcept { return items_[0]; }
    const Entry& operator[](std::size_t i) const noexcept { return items_[i]; }
    void clear() noexcept { size_ = 0; }

    // Makes room for `n` more entries.
    void reserve_more(std::size_t n) {
        if (capacity_ - size_ < n)
            grow(n);
    }

    void push_back(const Entry& e) {
        reserve_more(1);
        items_[size_++] = e;
    }

    // The first free slot, with room for `n` entries from there. Entries written there count
    // once `set_end` is given the slot past the last of them.
    Entry* tail(std::size_t n) {
        reserve_more(n);
        return items_.get() + size_;
    }
    void set_end(const Entry* end) noexcept {
        size_ = static_cast<std::size_t>(end - items_.get());
    }

private:
    // Out of the callers' hot loops: they only test the room.
    void grow(std::size_t n) {
        std::size_t cap = capacity_ == 0 ? 64 : capacity_ * 2;
        while (cap - size_ < n)
            cap *= 2;
        std::unique_ptr<Entry[]> fresh(new Entry[cap]);
        if (size_ != 0)
            std::memcpy(fresh.get(), items_.get(), size_ * sizeof(Entry));
        items_ = std::move(fresh);
        capacity_ = cap;
    }

    std::unique_ptr<Entry[]> items_;
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;
};

} // namespace amicpp::detail

#endif // AMICPP_DETAIL_ENTRY_BUFFER_HPP
