// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_TESTS_FIXTURES_HPP
#define AMICPP_TESTS_FIXTURES_HPP

#include <amicpp/error.hpp>
#include <amicpp/message.hpp>
#include <amicpp/parser.hpp>

#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

namespace amicpp_test {

/// The bytes of tests/fixtures/<relative>; throws when the file is missing.
inline std::string load_fixture(const std::string& relative) {
    const std::string path = std::string(AMICPP_FIXTURE_DIR) + "/" + relative;
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("missing fixture " + path);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// What a parser produced: a message, or an error in its place.
struct parsed {
    std::vector<amicpp::message> messages;
    std::vector<std::error_code> errors;
    std::vector<std::size_t> error_positions; // index into messages where each error came
};

/// Takes every message or error `p` can produce now.
inline void drain_into(amicpp::parser& p, parsed& out) {
    amicpp::message m;
    std::error_code ec;
    while (p.next(m, ec)) {
        if (ec) {
            out.errors.push_back(ec);
            out.error_positions.push_back(out.messages.size());
        } else {
            out.messages.push_back(m);
        }
    }
}

/// Feeds `bytes` to `p` in chunks of `chunk` bytes (0: all at once), draining after each.
inline parsed parse_chunked(std::string_view bytes, std::size_t chunk,
                            amicpp::parser_options options = {}) {
    amicpp::parser p(options);
    parsed out;
    const auto drain = [&] { drain_into(p, out); };
    if (chunk == 0)
        chunk = bytes.size() == 0 ? 1 : bytes.size();
    for (std::size_t i = 0; i < bytes.size(); i += chunk) {
        p.feed(bytes.substr(i, chunk));
        drain();
    }
    drain();
    return out;
}

/// Feeds `bytes` split at `at` (two pieces).
inline parsed parse_split(std::string_view bytes, std::size_t at,
                          amicpp::parser_options options = {}) {
    amicpp::parser p(options);
    parsed out;
    const auto drain = [&] { drain_into(p, out); };
    p.feed(bytes.substr(0, at));
    drain();
    p.feed(bytes.substr(at));
    drain();
    return out;
}

/// A readable dump of a message for failure output.
inline std::string dump(const amicpp::message& m) {
    std::ostringstream os;
    os << '[' << amicpp::to_string(m.kind()) << "]\n";
    for (const amicpp::header h : m)
        os << "  " << h.key << ": " << h.value << '\n';
    for (std::size_t i = 0; i < m.line_count(); ++i)
        os << "  | " << m.line_at(i) << '\n';
    return os.str();
}

} // namespace amicpp_test

#endif
