// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// Property test of amicpp::session::core: seeded random interleavings of actions, responses,
// events, list items and ends, OriginateResponses, unframed text, parser drops, timeouts,
// cancellations, writes, requests for events, link drops and closes. After every run: each
// action completed exactly once, each request answered once, each message accounted for once,
// and each buffered event delivered or counted in a gap at its place (see model.hpp).
#include "session/steps.hpp"

#include "support/catch.hpp"

#include <cstdint>
#include <random>
#include <string>

namespace {

constexpr std::uint64_t seeds = 4000;
constexpr int steps_per_seed = 500;

struct seeded {
    std::mt19937_64 rng;
    std::uint64_t operator()(std::uint64_t n) { return n == 0 ? 0 : rng() % n; }
};

} // namespace

TEST_CASE("property: every action completes once, every event is delivered or in a gap",
          "[session][property]") {
    std::uint64_t completed = 0, delivered = 0, dropped = 0, late = 0;
    for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
        seeded draw{std::mt19937_64(seed)};
        amicpp_test::core_model m(amicpp_test::random_options(draw));
        // Most runs start with a link; some without.
        if (draw(4) != 0) {
            m.core().on_transport_up(m.now());
            m.core().on_link_up(m.now());
        }
        for (int i = 0; i < steps_per_seed; ++i)
            amicpp_test::random_step(m, draw);
        const bool ok = m.finish();
        if (!ok) {
            INFO("seed " << seed << ": " << m.error());
            REQUIRE(ok);
        }
        const auto c = m.core().counters();
        delivered += c.events_delivered;
        dropped += c.events_dropped;
        late += c.late_replies;
        completed += m.core().pending() == 0 ? 1 : 0;
    }
    // The runs did reach the interesting places.
    CHECK(completed == seeds);
    CHECK(delivered > 1000);
    CHECK(dropped > 100);
    CHECK(late > 100);
    WARN("delivered " << delivered << ", dropped " << dropped << ", late " << late);
}
