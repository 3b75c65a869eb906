// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// The core's deadline queue against a sorted reference, through seeded random pushes (mostly in
// order, as one timeout for every action makes them; sometimes earlier), pops, entries going
// stale and purges.
#include "support/catch.hpp"

#include <amicpp/session/detail/deadline_queue.hpp>

#include <cstdint>
#include <iterator>
#include <map>
#include <random>
#include <set>

namespace {

using queue = amicpp::session::detail::deadline_queue<std::int64_t, std::uint64_t>;

} // namespace

TEST_CASE("deadline_queue: the earliest live deadline first, whatever the order of arming",
          "[session][deadlines]") {
    for (unsigned seed = 1; seed <= 20; ++seed) {
        std::mt19937_64 rng(seed);
        queue q;
        std::multimap<std::int64_t, std::uint64_t> live; // when -> token
        std::set<std::uint64_t> stale;
        std::int64_t now = 0;
        std::uint64_t next = 0;
        const auto is_stale = [&](const queue::entry& e) { return stale.count(e.token) != 0; };
        for (int step = 0; step < 5000; ++step) {
            const auto roll = rng() % 10;
            if (roll < 5) { // arm: mostly now + the same timeout, sometimes a shorter one
                now += static_cast<std::int64_t>(rng() % 3);
                const std::int64_t when = now + (rng() % 6 == 0 ? rng() % 50 : 100);
                q.push({when, ++next});
                live.emplace(when, next);
            } else if (roll < 8 && !live.empty()) { // an action completes: its entry goes stale
                auto it = std::next(live.begin(), static_cast<long>(rng() % live.size()));
                stale.insert(it->second);
                live.erase(it);
            } else if (roll == 8 && !q.empty()) { // the earliest live one fires
                q.drop_stale_earliest(is_stale);
                if (live.empty()) {
                    REQUIRE(q.empty());
                    continue;
                }
                REQUIRE(!q.empty());
                const queue::entry e = q.earliest();
                REQUIRE(e.when == live.begin()->first);
                // Equal deadlines may come in any order: remove the one that came out.
                auto range = live.equal_range(e.when);
                auto it = range.first;
                while (it != range.second && it->second != e.token)
                    ++it;
                REQUIRE(it != range.second);
                live.erase(it);
                q.pop();
            } else if (roll == 9) { // mostly stale: drop them all
                q.drop_stale(is_stale);
                REQUIRE(q.size() == live.size());
            }
            REQUIRE(q.size() >= live.size()); // live and stale entries
        }
        // Everything left comes out in order.
        std::int64_t last = -1;
        for (q.drop_stale_earliest(is_stale); !q.empty(); q.drop_stale_earliest(is_stale)) {
            REQUIRE(q.earliest().when >= last);
            last = q.earliest().when;
            REQUIRE(live.count(last) != 0);
            live.erase(live.find(last));
            q.pop();
        }
        REQUIRE(live.empty());
    }
}
