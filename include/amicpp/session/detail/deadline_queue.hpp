// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_SESSION_DETAIL_DEADLINE_QUEUE_HPP
#define AMICPP_SESSION_DETAIL_DEADLINE_QUEUE_HPP

#include <amicpp/detail/ring.hpp>

#include <algorithm>
#include <cstddef>
#include <vector>

namespace amicpp::session::detail {

// The core's armed deadlines, earliest first. Entries are not removed when their action
// completes or re-arms: the caller's `stale` predicate tells them apart, and they are skipped
// when they surface (or dropped all at once).
//
// Why not a heap alone: most actions have the same timeout, so deadlines are armed in the order
// they fall due, and a burst of 10,000 actions would cost a heap pop (a walk down the heap) per
// answered action. Those in order go to a queue (a push and a pop each); only one earlier than
// the newest goes to the heap.
template <class TimePoint, class Token>
class deadline_queue {
public:
    struct entry {
        TimePoint when;
        Token token;
    };

    std::size_t size() const noexcept { return in_order_.size() + heap_.size(); }
    bool empty() const noexcept { return in_order_.empty() && heap_.empty(); }

    void push(const entry& e) {
        if (in_order_.empty() || !(e.when < in_order_.back().when)) {
            in_order_.push_back(e);
            return;
        }
        heap_.push_back(e);
        std::push_heap(heap_.begin(), heap_.end(), later);
    }

    // The earliest entry, stale or not; the queue must not be empty.
    const entry& earliest() const noexcept {
        return from_heap() ? heap_.front() : in_order_.front();
    }

    // Removes `earliest()`.
    void pop() {
        if (from_heap()) {
            std::pop_heap(heap_.begin(), heap_.end(), later);
            heap_.pop_back();
        } else {
            in_order_.pop_front();
        }
    }

    // Pops stale entries until the earliest is a live one (or none is left).
    template <class Stale>
    void drop_stale_earliest(Stale stale) {
        while (!empty() && stale(earliest()))
            pop();
    }

    // Drops every stale entry.
    template <class Stale>
    void drop_stale(Stale stale) {
        in_order_.erase_if(stale);
        heap_.erase(std::remove_if(heap_.begin(), heap_.end(), stale), heap_.end());
        std::make_heap(heap_.begin(), heap_.end(), later);
    }

private:
    static bool later(const entry& a, const entry& b) noexcept { return a.when > b.when; }

    bool from_heap() const noexcept {
        return !heap_.empty() && (in_order_.empty() || heap_.front().when < in_order_.front().when);
    }

    amicpp::detail::ring<entry> in_order_; // armed in the order they fall due
    std::vector<entry> heap_;              // a min-heap on `when`: the rest
};

} // namespace amicpp::session::detail

#endif // AMICPP_SESSION_DETAIL_DEADLINE_QUEUE_HPP
