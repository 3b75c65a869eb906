// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_TLS_SRC_HPP
#define AMICPP_TLS_SRC_HPP

/// @file
/// @brief `<amicpp/src.hpp>` for `amicpp::tls_connection`: include it in the same one `.cpp`
/// when the program's other translation units define `AMICPP_SEPARATE_COMPILATION` and use TLS
/// (that `.cpp` then needs OpenSSL, as `tls_connection` does). See docs/build-modes.md.
///
/// It compiles the TLS connection's I/O driver and supervisor once. `basic_connection`'s own
/// members over a TLS stream are thin and stay inline where they are used.

#include <amicpp/detail/separate_compilation.hpp>
#include <amicpp/tls_connection.hpp>
#include <amicpp/tls_stream.hpp>

AMICPP_DETAIL_DRIVER_INSTANTIATION(, amicpp::tls_stream)

#endif // AMICPP_TLS_SRC_HPP
