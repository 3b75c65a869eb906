// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#include <amicpp/amicpp.hpp>

#include <cstdio>
#include <string>
#include <system_error>

int main() {
    amicpp::message ping = amicpp::message::action("Ping");
    ping.add("ActionID", "test-package-1");
    const std::string wire = amicpp::to_wire(ping);

    amicpp::parser_options options;
    options.expect_banner = false;
    amicpp::parser reader(options);
    reader.feed(wire);
    amicpp::message parsed;
    std::error_code ec;
    if (!reader.next(parsed, ec) || ec || !(parsed == ping)) {
        std::fprintf(stderr, "amicpp test_package: round trip failed\n");
        return 1;
    }
    std::printf("amicpp test_package: OK (%s)\n", std::string(parsed.action_id()).c_str());
    return 0;
}
