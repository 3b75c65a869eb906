// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// <amicpp/version.hpp> says what CMakeLists.txt's project(VERSION) says (passed in by CMake).

#include <amicpp/amicpp.hpp>
#include <amicpp/version.hpp>

#include "support/catch.hpp"

#include <string>

#if !defined(AMICPP_TEST_CMAKE_VERSION_MAJOR) || !defined(AMICPP_TEST_CMAKE_VERSION_MINOR) ||      \
    !defined(AMICPP_TEST_CMAKE_VERSION_PATCH) || !defined(AMICPP_TEST_CMAKE_VERSION)
#error "tests/CMakeLists.txt passes the CMake project version to this test"
#endif

TEST_CASE("version.hpp equals the CMake project version", "[version]") {
    CHECK(AMICPP_VERSION_MAJOR == AMICPP_TEST_CMAKE_VERSION_MAJOR);
    CHECK(AMICPP_VERSION_MINOR == AMICPP_TEST_CMAKE_VERSION_MINOR);
    CHECK(AMICPP_VERSION_PATCH == AMICPP_TEST_CMAKE_VERSION_PATCH);
    CHECK(std::string(AMICPP_VERSION_STRING) == AMICPP_TEST_CMAKE_VERSION);
}

TEST_CASE("AMICPP_VERSION orders versions as numbers", "[version]") {
    CHECK(AMICPP_VERSION ==
          AMICPP_VERSION_MAJOR * 10000 + AMICPP_VERSION_MINOR * 100 + AMICPP_VERSION_PATCH);
    static_assert(AMICPP_VERSION_MINOR < 100 && AMICPP_VERSION_PATCH < 100,
                  "AMICPP_VERSION packs minor and patch into two digits each");
#if AMICPP_VERSION < 100
    FAIL("the preprocessor must see AMICPP_VERSION as a number of at least 0.1.0");
#endif
}
