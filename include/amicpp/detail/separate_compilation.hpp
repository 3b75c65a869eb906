// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_DETAIL_SEPARATE_COMPILATION_HPP
#define AMICPP_DETAIL_SEPARATE_COMPILATION_HPP

// The one list of what the separately compiled mode compiles once (docs/build-modes.md).
//
// With AMICPP_SEPARATE_COMPILATION defined, the alias headers (connection.hpp,
// tls_connection.hpp) declare these specializations `extern`: translation units that include
// them do not instantiate the connection's non-template members, and one translation unit that
// includes <amicpp/src.hpp> (and <amicpp/tls_src.hpp> for TLS) defines them. Member templates
// (async_send<Action, Token>, ...) are not covered: they depend on the caller's types and are
// instantiated where they are used, in both modes.
//
// `qualifier` is `extern` (declaration) or nothing (definition).

#include <amicpp/basic_connection.hpp>
#include <amicpp/io/driver.hpp>
#include <amicpp/supervision/supervisor.hpp>

// The I/O driver and its supervisor over `Stream`: the bulk of a connection's code.
#define AMICPP_DETAIL_DRIVER_INSTANTIATION(qualifier, Stream)                                      \
    qualifier template class ::amicpp::detail::connection_impl<Stream>;                            \
    qualifier template class ::amicpp::supervision::supervisor<                                    \
        ::amicpp::detail::connection_impl<Stream>>;

// The driver, plus the public `basic_connection<Stream>`, whose every non-template member must
// compile for `Stream`: its constructor without a factory builds `Stream(strand)`, which a TCP
// socket can do and a TLS stream cannot (it needs its context), so TLS uses the line above.
#define AMICPP_DETAIL_CONNECTION_INSTANTIATION(qualifier, Stream)                                  \
    AMICPP_DETAIL_DRIVER_INSTANTIATION(qualifier, Stream)                                          \
    qualifier template class ::amicpp::basic_connection<Stream>;

// The session core and its event stream, the same for every stream (with the TCP connection:
// src.hpp is in every program of this mode).
#define AMICPP_DETAIL_CORE_INSTANTIATION(qualifier)                                                \
    qualifier template class ::amicpp::session::detail::basic_event_stream<void>;                  \
    qualifier template class ::amicpp::session::basic_core<void>;

#endif // AMICPP_DETAIL_SEPARATE_COMPILATION_HPP
