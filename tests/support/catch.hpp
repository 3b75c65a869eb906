// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// One include for Catch2 2.x (Debian) and 3.x (vcpkg, Conan).
#ifndef AMICPP_TESTS_CATCH_HPP
#define AMICPP_TESTS_CATCH_HPP

#if defined(AMICPP_CATCH3)
#include <catch2/catch_all.hpp>
#else
#include <catch2/catch.hpp>
#endif

#endif
