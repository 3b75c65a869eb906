// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_DETAIL_CONNECTION_IMPL_HPP
#define AMICPP_DETAIL_CONNECTION_IMPL_HPP

// Kept for code that included it: the connection's engine is the I/O driver over the session
// core (`<amicpp/io/driver.hpp>`), supervised by `<amicpp/supervision/supervisor.hpp>`.
#include <amicpp/io/driver.hpp>

#endif // AMICPP_DETAIL_CONNECTION_IMPL_HPP
