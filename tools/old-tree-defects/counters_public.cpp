// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
//
// Defect 10, the counters: `connection::status::counters` must be of a public type,
// `amicpp::connection_counters`. On the old tree it is `amicpp::detail::connection_counters`
// (and `amicpp::connection_counters` does not exist): this file does not compile there.
#include <amicpp/connection.hpp>

#include <type_traits>

static_assert(
    std::is_same_v<decltype(amicpp::connection::status::counters), amicpp::connection_counters>,
    "status::counters is a public type");

int main() {
    amicpp::connection_counters counted{};
    return static_cast<int>(counted.events_dropped);
}
