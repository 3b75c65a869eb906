// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// The one translation unit of the separately compiled mode that compiles amicpp's connection.
#include <amicpp/src.hpp>
#if defined(AMICPP_CONSUMER_TLS)
#include <amicpp/tls_src.hpp>
#endif
