// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// Catch2 2.x needs one translation unit to provide main(); 3.x links Catch2WithMain instead.
#if !defined(AMICPP_CATCH3)
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
#endif
