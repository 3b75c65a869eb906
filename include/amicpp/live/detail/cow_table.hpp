// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_LIVE_DETAIL_COW_TABLE_HPP
#define AMICPP_LIVE_DETAIL_COW_TABLE_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

namespace amicpp::live::detail {

inline std::size_t hash_key(std::string_view key) noexcept {
    return std::hash<std::string_view>{}(key);
}

// One slot of a shard: the key's hash, the epoch the entity object was made in, the entity.
template <class T>
struct cow_slot {
    std::size_t hash;
    std::uint64_t epoch;
    std::shared_ptr<T> value;
};

template <class T>
struct cow_shard {
    std::uint64_t epoch = 0;
    std::vector<cow_slot<T>> slots;
};

// An immutable view of a cow_table: what a snapshot holds. Iterates the entities, finds by key.
template <class T, std::size_t Shards>
class cow_view {
public:
    using shard_ptr = std::shared_ptr<const cow_shard<T>>;

    class iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = T;
        using difference_type = std::ptrdiff_t;
        using pointer = const T*;
        using reference = const T&;

        iterator() = default;
        const T& operator*() const { return *(*shards_)[shard_]->slots[slot_].value; }
        const T* operator->() const { return (*shards_)[shard_]->slots[slot_].value.get(); }
        iterator& operator++() {
            ++slot_;
            settle();
            return *this;
        }
        iterator operator++(int) {
            auto copy = *this;
            ++*this;
            return copy;
        }
        friend bool operator==(const iterator& a, const iterator& b) {
            return a.shard_ == b.shard_ && a.slot_ == b.slot_;
        }
        friend bool operator!=(const iterator& a, const iterator& b) { return !(a == b); }

    private:
        friend class cow_view;
        iterator(const std::array<shard_ptr, Shards>* s, std::size_t shard)
            : shards_(s), shard_(shard) {
            settle();
        }
        void settle() {
            while (shard_ < Shards &&
                   (!(*shards_)[shard_] || slot_ >= (*shards_)[shard_]->slots.size())) {
                ++shard_;
                slot_ = 0;
            }
        }
        const std::array<shard_ptr, Shards>* shards_ = nullptr;
        std::size_t shard_ = Shards;
        std::size_t slot_ = 0;
    };

    iterator begin() const { return iterator(&shards_, 0); }
    iterator end() const { return iterator(&shards_, Shards); }
    std::size_t size() const noexcept { return size_; }
    bool empty() const noexcept { return size_ == 0; }

    template <class KeyOf>
    const T* find(std::string_view key, KeyOf key_of) const noexcept {
        const std::size_t h = hash_key(key);
        const auto& shard = shards_[h % Shards];
        if (!shard)
            return nullptr;
        for (const auto& s : shard->slots) {
            if (s.hash == h && key_of(*s.value) == key)
                return s.value.get();
        }
        return nullptr;
    }

    /// The shared pointer to an entity, for a caller that wants to keep it.
    template <class KeyOf>
    std::shared_ptr<const T> find_shared(std::string_view key, KeyOf key_of) const {
        const std::size_t h = hash_key(key);
        const auto& shard = shards_[h % Shards];
        if (!shard)
            return nullptr;
        for (const auto& s : shard->slots) {
            if (s.hash == h && key_of(*s.value) == key)
                return s.value;
        }
        return nullptr;
    }

private:
    template <class, std::size_t, class>
    friend class cow_table;
    std::array<shard_ptr, Shards> shards_{};
    std::size_t size_ = 0;
};

// A hash table of entities keyed by a string inside each entity, sharded, copy-on-write by epoch:
// taking a view (snapshot) costs Shards pointer copies; afterwards the first change to a shard or
// entity copies that shard or entity once, so a published view is never written again. An object
// made in the current epoch has not been published and is changed in place. Not thread-safe; views
// are immutable and may be read from any thread.
template <class T, std::size_t Shards, class KeyOf>
class cow_table {
public:
    using view_type = cow_view<T, Shards>;

    std::size_t size() const noexcept { return size_; }

    const T* find(std::string_view key) const noexcept {
        const std::size_t h = hash_key(key);
        const auto& shard = shards_[h % Shards];
        if (!shard)
            return nullptr;
        for (const auto& s : shard->slots) {
            if (s.hash == h && KeyOf{}(*s.value) == key)
                return s.value.get();
        }
        return nullptr;
    }

    // The entity, made writable (copied first when a view may hold it); null when absent.
    T* find_mut(std::string_view key) {
        const std::size_t h = hash_key(key);
        auto& shard = shards_[h % Shards];
        if (!shard)
            return nullptr;
        for (std::size_t i = 0; i < shard->slots.size(); ++i) {
            const auto& s = shard->slots[i];
            if (s.hash == h && KeyOf{}(*s.value) == key)
                return writable(h % Shards, i);
        }
        return nullptr;
    }

    // Inserts a new entity (the key must be absent) and returns it to be filled; `make` builds it.
    T& insert(std::string_view key, T&& value) {
        const std::size_t h = hash_key(key);
        cow_shard<T>& shard = writable_shard(h % Shards);
        shard.slots.push_back({h, epoch_, std::make_shared<T>(std::move(value))});
        ++size_;
        return *shard.slots.back().value;
    }

    bool erase(std::string_view key) {
        const std::size_t h = hash_key(key);
        if (!shards_[h % Shards])
            return false;
        const auto& slots = shards_[h % Shards]->slots;
        for (std::size_t i = 0; i < slots.size(); ++i) {
            if (slots[i].hash == h && KeyOf{}(*slots[i].value) == key) {
                cow_shard<T>& shard = writable_shard(h % Shards);
                if (i + 1 != shard.slots.size())
                    shard.slots[i] = std::move(shard.slots.back());
                shard.slots.pop_back();
                --size_;
                return true;
            }
        }
        return false;
    }

    // Calls f(const T&) for every entity.
    template <class F>
    void for_each(F&& f) const {
        for (const auto& shard : shards_) {
            if (!shard)
                continue;
            for (const auto& s : shard->slots)
                f(*s.value);
        }
    }

    // The keys of every entity (copied), for a pass that may erase.
    template <class Out>
    void collect_keys(Out& out) const {
        for_each([&](const T& v) { out.emplace_back(KeyOf{}(v)); });
    }

    // An immutable view of the current content; the next change copies what it touches.
    view_type view() {
        view_type v;
        for (std::size_t i = 0; i < Shards; ++i)
            v.shards_[i] = shards_[i];
        v.size_ = size_;
        ++epoch_;
        return v;
    }

    void clear() {
        for (auto& s : shards_)
            s.reset();
        size_ = 0;
        ++epoch_;
    }

private:
    cow_shard<T>& writable_shard(std::size_t index) {
        auto& shard = shards_[index];
        if (!shard) {
            shard = std::make_shared<cow_shard<T>>();
            shard->epoch = epoch_;
        } else if (shard->epoch != epoch_) {
            auto copy = std::make_shared<cow_shard<T>>(*shard);
            copy->epoch = epoch_;
            shard = std::move(copy);
        }
        return *shard;
    }

    T* writable(std::size_t shard_index, std::size_t slot) {
        cow_shard<T>& shard = writable_shard(shard_index);
        cow_slot<T>& s = shard.slots[slot];
        if (s.epoch != epoch_) {
            s.value = std::make_shared<T>(*s.value);
            s.epoch = epoch_;
        }
        return s.value.get();
    }

    std::array<std::shared_ptr<cow_shard<T>>, Shards> shards_{};
    std::size_t size_ = 0;
    std::uint64_t epoch_ = 1;
};

} // namespace amicpp::live::detail

#endif // AMICPP_LIVE_DETAIL_COW_TABLE_HPP
