// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_SESSION_DETAIL_OP_TABLE_HPP
#define AMICPP_SESSION_DETAIL_OP_TABLE_HPP

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace amicpp::session::detail {

// The core's actions by id: an open-addressing table from a nonzero 64-bit id to a pointer.
//
// Why not std::unordered_map: it allocates a node per insertion, and the core inserts one per
// action. Ids are handed out in sequence, so the identity hash spreads them perfectly. Robin Hood
// linear probing (an entry farther from its home slot takes the place of a nearer one) lets a
// lookup of an absent id and a deletion's backward shift stop within a slot or two, where plain
// linear probing would walk the whole run of consecutive ids.
template <class T>
class op_table {
public:
    op_table() = default;
    op_table(const op_table&) = delete;
    op_table& operator=(const op_table&) = delete;

    std::size_t size() const noexcept { return size_; }
    bool empty() const noexcept { return size_ == 0; }

    // `id` must be nonzero and not present.
    void insert(std::uint64_t id, T* value) {
        if ((size_ + 1) * 2 > slots_.size())
            grow();
        place(slot{id, value});
        ++size_;
    }

    T* find(std::uint64_t id) const noexcept {
        const std::size_t i = position(id);
        return i == npos ? nullptr : slots_[i].value;
    }

    // Returns the value that was there (null when the id was absent).
    T* erase(std::uint64_t id) noexcept {
        std::size_t i = position(id);
        if (i == npos)
            return nullptr;
        T* const gone = slots_[i].value;
        // Backward shift: the entries after it that are away from home move one slot back.
        for (std::size_t j = next(i); slots_[j].id != 0 && distance(j) != 0; j = next(j)) {
            slots_[i] = slots_[j];
            i = j;
        }
        slots_[i] = slot{};
        --size_;
        return gone;
    }

    // Calls f(value) for every member, in no particular order. f must not change the table.
    template <class F>
    void for_each(F&& f) const {
        for (const slot& s : slots_) {
            if (s.id != 0)
                f(s.value);
        }
    }

private:
    struct slot {
        std::uint64_t id = 0;
        T* value = nullptr;
    };
    static constexpr std::size_t npos = ~std::size_t{0};

    std::size_t home(std::uint64_t id) const noexcept {
        return static_cast<std::size_t>(id) & (slots_.size() - 1);
    }
    std::size_t next(std::size_t i) const noexcept { return (i + 1) & (slots_.size() - 1); }
    // How far the entry in slot i is from its home slot.
    std::size_t distance(std::size_t i) const noexcept {
        return (i - home(slots_[i].id)) & (slots_.size() - 1);
    }

    std::size_t position(std::uint64_t id) const noexcept {
        if (slots_.empty() || id == 0)
            return npos;
        for (std::size_t i = home(id), d = 0;; i = next(i), ++d) {
            if (slots_[i].id == id)
                return i;
            // An empty slot, or an entry nearer its home than id would be: id would be here.
            if (slots_[i].id == 0 || distance(i) < d)
                return npos;
        }
    }

    void place(slot entry) noexcept {
        for (std::size_t i = home(entry.id), d = 0;; i = next(i), ++d) {
            if (slots_[i].id == 0) {
                slots_[i] = entry;
                return;
            }
            const std::size_t theirs = distance(i);
            if (theirs < d) { // the nearer one moves on
                std::swap(slots_[i], entry);
                d = theirs;
            }
        }
    }

    void grow() {
        std::vector<slot> old(slots_.empty() ? 64 : slots_.size() * 2);
        old.swap(slots_);
        for (const slot& s : old) {
            if (s.id != 0)
                place(s);
        }
    }

    std::vector<slot> slots_; // a power of two in size, at most half full
    std::size_t size_ = 0;
};

} // namespace amicpp::session::detail

#endif // AMICPP_SESSION_DETAIL_OP_TABLE_HPP
