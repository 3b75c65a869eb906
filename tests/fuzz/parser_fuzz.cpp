// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// libFuzzer target for amicpp::parser. Besides memory errors (ASan/UBSan) it checks invariants:
// the same input split in two places gives the same messages, no message breaks the limits, and
// the parser never buffers much more than its limits allow.
#include <amicpp/parser.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace {

struct outcome {
    std::vector<amicpp::message> messages;
    std::vector<std::error_code> errors;
};

amicpp::parser_options small_limits(bool banner) {
    amicpp::parser_options o;
    o.expect_banner = banner;
    o.limits.max_line_length = 256;
    o.limits.max_headers = 32;
    o.limits.max_message_size = 2048;
    return o;
}

void drain(amicpp::parser& p, outcome& out) {
    amicpp::message m;
    std::error_code ec;
    while (p.next(m, ec)) {
        if (ec) {
            out.errors.push_back(ec);
            continue;
        }
        // Invariants every produced message must hold.
        if (m.header_count() + m.line_count() > p.options().limits.max_headers)
            std::abort();
        for (const amicpp::header h : m) {
            if (h.key.empty() || h.key.size() > p.options().limits.max_line_length)
                std::abort();
        }
        out.messages.push_back(m);
    }
    // Bounded memory: never more than a message and a chunk.
    if (p.buffered() > p.options().limits.max_message_size + 4096 + 512)
        std::abort();
}

outcome run(std::string_view data, std::size_t chunk, bool banner) {
    amicpp::parser p(small_limits(banner));
    outcome out;
    for (std::size_t i = 0; i < data.size(); i += chunk) {
        p.feed(data.substr(i, chunk));
        drain(p, out);
    }
    drain(p, out);
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const bool banner = size > 0 && (data[0] & 1) != 0;
    const outcome whole = run(input, size == 0 ? 1 : size, banner);
    const std::size_t chunk = 1 + (size > 1 ? data[size / 2] % 17 : 0);
    const outcome pieces = run(input, chunk, banner);
    if (whole.errors.size() != pieces.errors.size() ||
        whole.messages.size() != pieces.messages.size())
        std::abort();
    for (std::size_t i = 0; i < whole.messages.size(); ++i) {
        if (whole.messages[i] != pieces.messages[i])
            std::abort();
    }
    return 0;
}
