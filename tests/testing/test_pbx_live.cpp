// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#include <amicpp/testing/server.hpp>

#include "support/catch.hpp"

TEST_CASE("placeholder", "[pbx]") {
    amicpp::testing::server srv;
    CHECK(srv.pbx().state().bridges.size() == 1);
}
