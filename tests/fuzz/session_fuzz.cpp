// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// libFuzzer target for amicpp::session::core: arbitrary server bytes through the parser into the
// core, interleaved with actions, cancellations, time steps, writes, requests for events and
// link drops, all decoded from the fuzz input. Besides memory errors (ASan/UBSan) it aborts when
// a promise of the core breaks (tests/session/model.hpp): an action completed twice or never,
// an action written although it completed as not sent, a request answered twice or never, an
// event both delivered and counted in a gap, or neither, or out of its place.
#include "session/steps.hpp"

#include <amicpp/parser.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace {

struct input {
    const std::uint8_t* data;
    std::size_t size;
    std::size_t at = 0;

    bool empty() const noexcept { return at >= size; }
    std::uint8_t byte() noexcept { return at < size ? data[at++] : 0; }
    // A number in [0, n) from one or two bytes; 0 once the input is used up.
    std::uint64_t operator()(std::uint64_t n) noexcept {
        if (n <= 1)
            return 0;
        std::uint64_t v = byte();
        if (n > 256)
            v = (v << 8) | byte();
        return v % n;
    }
};

amicpp::parser_options small_limits() {
    amicpp::parser_options o;
    o.expect_banner = false;
    o.limits.max_line_length = 128;
    o.limits.max_headers = 16;
    o.limits.max_message_size = 1024;
    return o;
}

// Server bytes from the input. A 0x01 byte followed by k stands for the k-th ActionID the core
// handed out, so that the fuzzer reaches correlation without guessing IDs.
std::string server_bytes(input& in, amicpp_test::core_model& m) {
    const std::size_t n = 1 + in.byte();
    std::string out;
    for (std::size_t i = 0; i < n && !in.empty(); ++i) {
        const char c = static_cast<char>(in.byte());
        const auto& ids = m.known_ids();
        if (c == '\x01' && !ids.empty())
            out += ids[ids.size() - 1 - in(std::min<std::size_t>(ids.size(), 16))];
        else
            out += c;
    }
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    input in{data, size};
    amicpp_test::core_model m(amicpp_test::random_options(in));
    amicpp::parser p(small_limits());
    if (in.byte() & 1) {
        m.core().on_transport_up(m.now());
        m.core().on_link_up(m.now());
    }
    amicpp::message msg;
    std::error_code ec;
    while (!in.empty()) {
        const std::uint8_t c = in.byte();
        if (c < 112) {
            p.feed(server_bytes(in, m));
            while (p.next(msg, ec)) {
                if (ec)
                    m.dropped(p.last_dropped());
                else
                    m.parsed(std::move(msg));
                msg = amicpp::message{};
            }
        } else if (c < 120) { // the link drops: a new link starts with a fresh parser
            m.core().on_link_down(std::make_error_code(std::errc::connection_reset), m.now());
            p.reset();
        } else {
            amicpp_test::random_step(m, in, (c & 1) != 0);
        }
        if ((c & 3) == 0)
            m.drain();
        if (!m.error().empty())
            std::abort();
    }
    if (!m.finish())
        std::abort();
    return 0;
}
