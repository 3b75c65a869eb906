// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_SRC_HPP
#define AMICPP_SRC_HPP

/// @file
/// @brief The separately compiled mode's one translation unit: include this in exactly one
/// `.cpp` of a program whose other translation units define `AMICPP_SEPARATE_COMPILATION`.
///
/// It compiles `amicpp::connection` (`basic_connection<asio::ip::tcp::socket>`, its I/O driver
/// and its supervisor) once, as explicit instantiations; the other translation units only
/// declare them. TLS has its own: `<amicpp/tls_src.hpp>`, as Asio's `asio/ssl/impl/src.hpp`, so
/// that a program without TLS needs no OpenSSL. See docs/build-modes.md.
///
/// @code
/// // amicpp.cpp, compiled once (with or without AMICPP_SEPARATE_COMPILATION)
/// #include <amicpp/src.hpp>
/// @endcode

#include <amicpp/connection.hpp>
#include <amicpp/detail/separate_compilation.hpp>

#include <asio/ip/tcp.hpp>

AMICPP_DETAIL_CORE_INSTANTIATION()
AMICPP_DETAIL_CONNECTION_INSTANTIATION(, asio::ip::tcp::socket)

#endif // AMICPP_SRC_HPP
