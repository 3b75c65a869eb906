// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// The core's id table against std::unordered_map, through seeded random inserts and erases
// (sequential ids as the core makes them, with long-lived ones among them).
#include "support/catch.hpp"

#include <amicpp/session/detail/op_table.hpp>

#include <cstdint>
#include <memory>
#include <random>
#include <unordered_map>
#include <vector>

namespace {

struct item {
    std::uint64_t id;
};

} // namespace

TEST_CASE("op_table: finds what was inserted and not erased, whatever the order of erasure",
          "[session][op_table]") {
    for (unsigned seed = 1; seed <= 20; ++seed) {
        std::mt19937_64 rng(seed);
        amicpp::session::detail::op_table<item> table;
        std::unordered_map<std::uint64_t, item*> reference;
        std::vector<std::unique_ptr<item>> storage;
        std::vector<std::uint64_t> live;
        std::uint64_t next = 0;
        for (int step = 0; step < 4000; ++step) {
            if (live.empty() || rng() % 3 != 0) {
                // Sometimes skip ids, as refused submissions do.
                next += 1 + (rng() % 8 == 0 ? rng() % 100 : 0);
                storage.push_back(std::make_unique<item>(item{next}));
                table.insert(next, storage.back().get());
                reference.emplace(next, storage.back().get());
                live.push_back(next);
            } else {
                // Mostly the oldest (responses come in order), sometimes any.
                const std::size_t at = rng() % 4 == 0 ? rng() % live.size() : 0;
                const std::uint64_t id = live[at];
                live.erase(live.begin() + static_cast<long>(at));
                REQUIRE(table.erase(id) == reference.at(id));
                reference.erase(id);
                REQUIRE(table.erase(id) == nullptr); // gone
            }
            REQUIRE(table.size() == reference.size());
            if (step % 97 == 0) {
                for (std::uint64_t id = 1; id <= next + 2; ++id) {
                    auto it = reference.find(id);
                    REQUIRE(table.find(id) == (it == reference.end() ? nullptr : it->second));
                }
                std::size_t seen = 0;
                table.for_each([&](item* i) {
                    ++seen;
                    REQUIRE(reference.at(i->id) == i);
                });
                REQUIRE(seen == reference.size());
            }
        }
        CHECK(table.find(0) == nullptr);
    }
}
