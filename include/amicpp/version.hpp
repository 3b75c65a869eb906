// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_VERSION_HPP
#define AMICPP_VERSION_HPP

/// @file
/// @brief amicpp's version, equal to the CMake project version (a test keeps them equal).
///
/// amicpp follows semantic versioning for its public API: everything declared in
/// `include/amicpp/` outside `detail/` directories and outside namespaces named `detail`. A
/// minor version adds, a patch version fixes, only a major version breaks source compatibility.
/// Before 1.0.0, a minor version may break it too, and the CHANGELOG says how.

/// @brief The major version: breaking changes to the public API (minor, before 1.0.0).
#define AMICPP_VERSION_MAJOR 0
/// @brief The minor version: additions to the public API.
#define AMICPP_VERSION_MINOR 1
/// @brief The patch version: fixes, no change to the public API.
#define AMICPP_VERSION_PATCH 0

/// @brief The version as one comparable number: `major * 10000 + minor * 100 + patch`
/// (0.1.0 is 100), for `#if AMICPP_VERSION >= 100`.
#define AMICPP_VERSION                                                                             \
    (AMICPP_VERSION_MAJOR * 10000 + AMICPP_VERSION_MINOR * 100 + AMICPP_VERSION_PATCH)

/// @brief The version as text, "major.minor.patch".
#define AMICPP_VERSION_STRING "0.1.0"

#endif // AMICPP_VERSION_HPP
