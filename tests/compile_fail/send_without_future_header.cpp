// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// Must NOT compile: `send` returns a std::future, and the umbrella leaves <future> out. The test
// checks that the compiler names the header to include (tests/compile_fail/CMakeLists.txt).
#include <amicpp/amicpp.hpp>

#include <asio/io_context.hpp>

int main() {
    asio::io_context io;
    amicpp::connection ami(io.get_executor());
    auto pong = ami.send(amicpp::actions::ping{});
    return pong.valid() ? 0 : 1;
}
