// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#include <amicpp/error.hpp>

#include "support/catch.hpp"

#include <set>
#include <string>

TEST_CASE("the amicpp category has a name and a sentence for every code", "[error]") {
    std::set<std::string> seen;
    for (int e = static_cast<int>(amicpp::error::line_too_long);
         e <= static_cast<int>(amicpp::error::action_not_built); ++e) {
        const std::error_code ec = make_error_code(static_cast<amicpp::error>(e));
        CHECK(std::string(ec.category().name()) == "amicpp");
        const std::string text = ec.message();
        CHECK(text != "unknown amicpp error");
        CHECK(seen.insert(text).second); // every code says something different
    }
    CHECK(amicpp::error_category().message(9999) == "unknown amicpp error");
}

TEST_CASE("error codes compare with the enum directly", "[error]") {
    std::error_code ec = amicpp::error::timeout; // is_error_code_enum + ADL make_error_code
    CHECK(ec == amicpp::error::timeout);
    CHECK(ec != amicpp::error::action_failed);
    CHECK(ec.category() == amicpp::error_category());
    CHECK_FALSE(ec == std::errc::timed_out);
}
