// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#include <amicpp/parser.hpp>

#include "support/catch.hpp"
#include "support/fixtures.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using amicpp::message;
using amicpp::message_kind;
using amicpp::parser;
using amicpp::parser_options;
using amicpp_test::parse_chunked;

namespace {

parser_options no_banner() {
    parser_options o;
    o.expect_banner = false;
    return o;
}

} // namespace

TEST_CASE("the banner becomes a comparable server version", "[parser]") {
    const auto check = [](const std::string& line, amicpp::server_version expected) {
        parser p;
        p.feed(line);
        message m;
        std::error_code ec;
        REQUIRE(p.next(m, ec));
        REQUIRE_FALSE(ec);
        CHECK(m.kind() == message_kind::banner);
        REQUIRE(m.line_count() == 1);
        CHECK(m.line_at(0) == line.substr(0, line.find_first_of("\r\n")));
        REQUIRE(p.version().has_value());
        CHECK(*p.version() == expected);
        CHECK_FALSE(p.awaiting_banner());
    };
    check("Asterisk Call Manager/2.10.6\r\n", {2, 10, 6});
    check("Asterisk Call Manager/9.0.0\r\n", {9, 0, 0});
    check("Asterisk Call Manager/1.1\r\n", {1, 1, 0});
    check("Asterisk Call Manager/11.0.0\n", {11, 0, 0});
    CHECK(amicpp::server_version{2, 10, 6} < amicpp::server_version{9, 0, 0});
    CHECK(amicpp::server_version{1, 1, 0} < amicpp::server_version{1, 3, 0});
    CHECK(amicpp::server_version{12, 0, 0} > amicpp::server_version{11, 0, 0});
    CHECK(amicpp::server_version{2, 10, 6}.to_string() == "2.10.6");
}

TEST_CASE("a first line that is no AMI banner is reported and the stream goes on", "[parser]") {
    const auto r = parse_chunked("HTTP/1.1 400 Bad Request\r\n"
                                 "Response: Success\r\nMessage: x\r\n\r\n",
                                 0);
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0] == amicpp::error::invalid_banner);
    REQUIRE(r.messages.size() == 1);
    CHECK(r.messages[0].message_text() == "x");
}

TEST_CASE("keys, values, blanks and colons", "[parser]") {
    const auto r = parse_chunked("Event: Test\r\n"
                                 "NoSpace:value\r\n"
                                 "Padded:   left blanks go, right stay  \r\n"
                                 "Empty: \r\n"
                                 "EmptyNoSpace:\r\n"
                                 "Colons: a: b:c\r\n"
                                 "Bytes: \xe9\xff\x01\r\n"
                                 "SpaceTab: \tv\r\n"
                                 "TabSpace:\t v\r\n"
                                 "Tab:\tv\r\n"
                                 "\r\n",
                                 0, no_banner());
    REQUIRE(r.errors.empty());
    REQUIRE(r.messages.size() == 1);
    const message& m = r.messages[0];
    CHECK(m.kind() == message_kind::event);
    CHECK(m.get("nospace") == "value");
    CHECK(m.get("Padded") == "left blanks go, right stay  ");
    CHECK(m.get("Empty").empty());
    CHECK(m.contains("EmptyNoSpace"));
    CHECK(m.get("Colons") == "a: b:c");
    CHECK(m.get("Bytes") == "\xe9\xff\x01");
    CHECK(m.get("SpaceTab") == "v"); // every blank after the colon goes, not just one space
    CHECK(m.get("TabSpace") == "v");
    CHECK(m.get("Tab") == "v");
}

TEST_CASE("bare LF and CRLF are both line ends; stray blank lines are skipped", "[parser]") {
    const auto r =
        parse_chunked("\r\n\nEvent: A\nX: 1\n\n\r\n\r\nEvent: B\r\nY: 2\n\r\n", 0, no_banner());
    REQUIRE(r.errors.empty());
    REQUIRE(r.messages.size() == 2);
    CHECK(r.messages[0].event_name() == "A");
    CHECK(r.messages[0].get("X") == "1");
    CHECK(r.messages[1].event_name() == "B");
    CHECK(r.messages[1].get("Y") == "2");
}

TEST_CASE("the kind comes from the first header", "[parser]") {
    const auto r = parse_chunked("Action: Ping\r\n\r\nResponse: Success\r\n\r\nEvent: X\r\n\r\n"
                                 "Privilege: odd\r\n\r\n",
                                 0, no_banner());
    REQUIRE(r.messages.size() == 4);
    CHECK(r.messages[0].kind() == message_kind::action);
    CHECK(r.messages[1].kind() == message_kind::response);
    CHECK(r.messages[2].kind() == message_kind::event);
    CHECK(r.messages[3].kind() == message_kind::unknown);
}

TEST_CASE("repeated headers survive parsing in order", "[parser]") {
    const auto r =
        parse_chunked("Response: Success\r\nOutput: one\r\nOutput: \r\nOutput: three  \r\n"
                      "\r\n",
                      0, no_banner());
    REQUIRE(r.messages.size() == 1);
    CHECK(r.messages[0].command_output() == std::vector<std::string_view>{"one", "", "three  "});
}

TEST_CASE("Output lines keep every byte after the protocol's one space", "[parser]") {
    // Asterisk writes "Output: %s": the CLI's indentation is text, not protocol (dialplan show).
    const std::string input = "Response: Success\r\n"
                              "Message:   Command output follows\r\n"
                              "Output:   '100' =>          hint: Local/100@test\r\n"
                              "Output:                     1. Answer() \r\n"
                              "Output:\tTabbed\r\n"
                              "output:  lower case key\r\n"
                              "Output: \r\n"
                              "Output:   \r\n"
                              "Output:\r\n"
                              "Output: plain\r\n"
                              "Other:  \t x \r\n"
                              "\r\n";
    const std::vector<std::string_view> expected{"  '100' =>          hint: Local/100@test",
                                                 "                    1. Answer() ",
                                                 "\tTabbed",
                                                 " lower case key",
                                                 "",
                                                 "  ",
                                                 "",
                                                 "plain"};
    // Whole, byte by byte, in odd chunks, and behind a long line that defeats the fast path.
    for (std::size_t chunk : {std::size_t{0}, std::size_t{1}, std::size_t{5}, std::size_t{63}}) {
        const auto r = parse_chunked(input, chunk, no_banner());
        REQUIRE(r.messages.size() == 1);
        const message& m = r.messages[0];
        CHECK(m.command_output() == expected);
        // Other values: leading blanks skipped as Asterisk's parser does, trailing ones kept.
        CHECK(m.message_text() == "Command output follows");
        CHECK(m.get("Other") == "x ");
    }
    const auto r = parse_chunked("Response: Success\r\nX: " + std::string(100, 'x') + "\r\n" +
                                     input.substr(input.find("Output:")),
                                 0, no_banner());
    REQUIRE(r.messages.size() == 1);
    CHECK(r.messages[0].command_output() == expected);
}

TEST_CASE("legacy Response: Follows keeps the command text as raw lines", "[parser]") {
    const std::string input = "Response: Follows\r\nPrivilege: Command\r\nActionID: c1\r\n"
                              "Channel: not a header\n"
                              "\n"
                              "Key:also not\n"
                              "--END COMMAND--\r\n\r\n"
                              "Response: Follows\r\nActionID: c2\r\n"
                              "no final newline--END COMMAND--\r\n\r\n"
                              "Response: Follows\r\nPrivilege: Command\r\n--END COMMAND--\r\n\r\n"
                              "Event: After\r\n\r\n";
    for (std::size_t chunk : {std::size_t{0}, std::size_t{1}, std::size_t{7}}) {
        const auto r = parse_chunked(input, chunk, no_banner());
        REQUIRE(r.errors.empty());
        REQUIRE(r.messages.size() == 4);
        const message& a = r.messages[0];
        CHECK(a.kind() == message_kind::response);
        CHECK(a.is_success());
        CHECK(a.action_id() == "c1");
        CHECK(a.header_count() == 3);
        CHECK_FALSE(a.contains("Channel"));
        CHECK(a.command_output() ==
              std::vector<std::string_view>{"Channel: not a header", "", "Key:also not"});
        CHECK(r.messages[1].action_id() == "c2");
        CHECK(r.messages[1].command_output() == std::vector<std::string_view>{"no final newline"});
        CHECK(r.messages[2].line_count() == 0);
        CHECK(r.messages[3].event_name() == "After");
    }
}

TEST_CASE("unframed text becomes one raw message and is not glued to the next", "[parser]") {
    const std::string input = "line one has no colon\n  Key: with blanks in the key\n\r\n"
                              "Response: Success\r\nActionID: p\r\n\r\n";
    const auto r = parse_chunked(input, 1, no_banner());
    REQUIRE(r.errors.empty());
    REQUIRE(r.messages.size() == 2);
    CHECK(r.messages[0].kind() == message_kind::raw);
    CHECK(r.messages[0].header_count() == 0);
    CHECK(r.messages[0].lines() ==
          std::vector<std::string_view>{"line one has no colon", "  Key: with blanks in the key"});
    CHECK(r.messages[1].action_id() == "p");
}

TEST_CASE("a stray non-header line inside a header block is kept as a raw line", "[parser]") {
    const auto r =
        parse_chunked("Event: X\r\nA: 1\r\nnot a header\r\nB: 2\r\n\r\n", 0, no_banner());
    REQUIRE(r.messages.size() == 1);
    CHECK(r.messages[0].get("B") == "2");
    CHECK(r.messages[0].lines() == std::vector<std::string_view>{"not a header"});
}

TEST_CASE("a UTF-8 character split across two reads is intact", "[parser]") {
    const std::string input = "Event: X\r\nCallerIDName: Jos\xc3\xa9\r\n\r\n";
    const std::size_t cut = input.find('\xc3') + 1;
    const auto r = amicpp_test::parse_split(input, cut, no_banner());
    REQUIRE(r.messages.size() == 1);
    CHECK(r.messages[0].get("CallerIDName") == "Jos\xc3\xa9");
}

TEST_CASE("a line longer than the limit drops its message only", "[parser][limits]") {
    parser_options o = no_banner();
    o.limits.max_line_length = 64;
    const std::string longline(200, 'x');
    const std::string input = "Response: Success\r\nActionID: victim\r\nMessage: " + longline +
                              "\r\nMore: stuff\r\n\r\nResponse: Success\r\nActionID: next\r\n\r\n";
    for (std::size_t chunk : {std::size_t{0}, std::size_t{1}, std::size_t{5}}) {
        parser p(o);
        std::vector<std::string> ids;
        std::vector<std::error_code> errors;
        std::vector<std::string> dropped_ids;
        message m;
        std::error_code ec;
        for (std::size_t i = 0; i < input.size(); i += chunk == 0 ? input.size() : chunk) {
            p.feed(std::string_view(input).substr(i, chunk == 0 ? input.size() : chunk));
            while (p.next(m, ec)) {
                if (ec) {
                    errors.push_back(ec);
                    dropped_ids.push_back(p.last_dropped().action_id);
                } else {
                    ids.emplace_back(m.action_id());
                }
            }
        }
        INFO("chunk " << chunk);
        REQUIRE(errors.size() == 1);
        CHECK(errors[0] == amicpp::error::line_too_long);
        CHECK(dropped_ids[0] == "victim");
        CHECK(p.last_dropped().kind == message_kind::response);
        CHECK(ids == std::vector<std::string>{"next"});
        CHECK(p.bytes_dropped() == input.find("Response: Success\r\nActionID: next"));
    }
}

TEST_CASE("an endless line keeps memory bounded", "[parser][limits]") {
    parser_options o = no_banner();
    o.limits.max_line_length = 1024;
    parser p(o);
    message m;
    std::error_code ec;
    p.feed("Event: Flood\r\nData: ");
    const std::string chunk(4096, 'y');
    int errors = 0;
    for (int i = 0; i < 256; ++i) { // 1 MiB without a newline
        p.feed(chunk);
        while (p.next(m, ec)) {
            REQUIRE(ec == amicpp::error::line_too_long);
            ++errors;
        }
        CHECK(p.buffered() <= 2 * 4096 + 1024);
    }
    CHECK(errors == 1);
    p.feed("\r\nTail: t\r\n\r\nEvent: Alive\r\n\r\n");
    REQUIRE(p.next(m, ec));
    REQUIRE_FALSE(ec);
    CHECK(m.event_name() == "Alive");
    CHECK_FALSE(p.next(m, ec));
}

TEST_CASE("too many headers drops that message only", "[parser][limits]") {
    parser_options o = no_banner();
    o.limits.max_headers = 10;
    std::string input = "Event: Big\r\nActionID: big\r\n";
    for (int i = 0; i < 20; ++i)
        input += "H" + std::to_string(i) + ": v\r\n";
    input += "\r\nEvent: Small\r\nA: 1\r\n\r\n";
    const auto r = parse_chunked(input, 3, o);
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0] == amicpp::error::too_many_headers);
    REQUIRE(r.messages.size() == 1);
    CHECK(r.messages[0].event_name() == "Small");
    // Exactly at the limit is fine.
    std::string ok = "Event: Ten\r\n";
    for (int i = 0; i < 9; ++i)
        ok += "H: v\r\n";
    const auto r2 = parse_chunked(ok + "\r\n", 0, o);
    CHECK(r2.errors.empty());
    REQUIRE(r2.messages.size() == 1);
    CHECK(r2.messages[0].header_count() == 10);
}

TEST_CASE("a message larger than the limit is dropped, split or whole", "[parser][limits]") {
    parser_options o = no_banner();
    o.limits.max_message_size = 100;
    std::string input = "Event: Big\r\n";
    for (int i = 0; i < 20; ++i)
        input += "Header: 0123456789\r\n";
    input += "\r\nEvent: Small\r\n\r\n";
    for (std::size_t chunk : {std::size_t{0}, std::size_t{1}, std::size_t{64}}) {
        const auto r = parse_chunked(input, chunk, o);
        INFO("chunk " << chunk);
        REQUIRE(r.errors.size() == 1);
        CHECK(r.errors[0] == amicpp::error::message_too_large);
        REQUIRE(r.messages.size() == 1);
        CHECK(r.messages[0].event_name() == "Small");
    }
}

TEST_CASE("a limit hit inside legacy command text skips to --END COMMAND--", "[parser][limits]") {
    parser_options o = no_banner();
    o.limits.max_headers = 4;
    const std::string input = "Response: Follows\r\nPrivilege: Command\r\nActionID: big\r\n"
                              "1\n2\n3\n\n4\n\n--END COMMAND--\r\n\r\n"
                              "Response: Success\r\nActionID: after\r\n\r\n";
    const auto r = parse_chunked(input, 1, o);
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0] == amicpp::error::too_many_headers);
    REQUIRE(r.messages.size() == 1);
    CHECK(r.messages[0].action_id() == "after");
}

TEST_CASE("prepare and commit read straight into the parser", "[parser]") {
    parser p(no_banner());
    const std::string input = "Event: Direct\r\nA: b\r\n\r\n";
    char* dst = p.prepare(input.size());
    REQUIRE(p.prepared_size() >= input.size());
    std::copy(input.begin(), input.end(), dst);
    p.commit(input.size());
    message m;
    std::error_code ec;
    REQUIRE(p.next(m, ec));
    CHECK(m.event_name() == "Direct");
    CHECK(p.buffered() == 0);
}

TEST_CASE("reset forgets partial input and expects a banner again", "[parser]") {
    parser p;
    message m;
    std::error_code ec;
    p.feed("Asterisk Call Manager/5.0.1\r\nResponse: Succ");
    REQUIRE(p.next(m, ec));
    CHECK(m.kind() == message_kind::banner);
    CHECK_FALSE(p.next(m, ec));
    p.reset();
    CHECK(p.awaiting_banner());
    CHECK_FALSE(p.version().has_value());
    p.feed("Asterisk Call Manager/2.10.6\r\nResponse: Success\r\n\r\n");
    REQUIRE(p.next(m, ec));
    CHECK(*p.version() == amicpp::server_version{2, 10, 6});
    REQUIRE(p.next(m, ec));
    CHECK(m.is_success());
    CHECK(m.header_count() == 1);
}

TEST_CASE("a reused message object is overwritten completely", "[parser]") {
    parser p(no_banner());
    p.feed("Event: First\r\nA: 1\r\nB: 2\r\n\r\nResponse: Follows\r\nx\n--END COMMAND--\r\n\r\n"
           "Event: Third\r\n\r\n");
    message m;
    std::error_code ec;
    REQUIRE(p.next(m, ec));
    CHECK(m.header_count() == 3);
    REQUIRE(p.next(m, ec));
    CHECK(m.kind() == message_kind::response);
    CHECK(m.header_count() == 1);
    CHECK(m.lines() == std::vector<std::string_view>{"x"});
    REQUIRE(p.next(m, ec));
    CHECK(m.header_count() == 1);
    CHECK(m.line_count() == 0);
    CHECK(m.event_name() == "Third");
}

TEST_CASE("a too long line that ends with --END COMMAND-- ends the skip", "[parser][limits]") {
    parser_options o = no_banner();
    o.limits.max_line_length = 32;
    const std::string input = "Response: Follows\r\nActionID: x\r\n" + std::string(100, 'z') +
                              "--END COMMAND--\r\n\r\nResponse: Success\r\nActionID: y\r\n\r\n";
    for (std::size_t chunk : {std::size_t{0}, std::size_t{1}, std::size_t{9}}) {
        INFO("chunk " << chunk);
        const auto r = parse_chunked(input, chunk, o);
        REQUIRE(r.errors.size() == 1);
        CHECK(r.errors[0] == amicpp::error::line_too_long);
        REQUIRE(r.messages.size() == 1);
        CHECK(r.messages[0].action_id() == "y");
    }
}

TEST_CASE("next on a parser that never got a byte asks for more", "[parser]") {
    parser fresh(no_banner());
    message m;
    std::error_code ec;
    CHECK_FALSE(fresh.next(m, ec));
    fresh.feed("");
    CHECK_FALSE(fresh.next(m, ec));
    CHECK_FALSE(ec);
}

TEST_CASE("a parsed message knows its ActionID, and keeps it right through edits", "[parser]") {
    parser p(no_banner());
    p.feed("Response: Success\r\nactionid: a1\r\nActionID: a2\r\nPing: Pong\r\n\r\n"
           "Event: Tick\r\nN: 1\r\n\r\n"
           "Response: Follows\r\nActionID: f1\r\nPrivilege: Command\r\nline one\r\n"
           "--END COMMAND--\r\n\r\n");
    message m;
    std::error_code ec;
    REQUIRE(p.next(m, ec));
    REQUIRE_FALSE(ec);
    CHECK(m.action_id() == "a1"); // the first, whatever its case (as get() finds it)
    CHECK(m.action_id() == m.get("ActionID"));
    message edited = m;
    edited.set("ActionID", "b");
    CHECK(edited.action_id() == "b");
    edited.erase("ActionID");
    CHECK(edited.action_id().empty());
    edited.add("ActionID", "c");
    CHECK(edited.action_id() == "c");
    CHECK(m.action_id() == "a1"); // the copy's edits are its own

    REQUIRE(p.next(m, ec));
    CHECK(m.action_id().empty());
    m.add("ActionID", "x");
    CHECK(m.action_id() == "x");

    REQUIRE(p.next(m, ec));
    REQUIRE_FALSE(ec);
    CHECK(m.action_id() == "f1");
}

namespace {

// Messages of 1 to 90 headers with keys and values of many lengths (empty values, two blanks
// after the colon, an ActionID somewhere, bare LF now and then), and stray blank lines between.
std::string assorted_messages(unsigned seed) {
    std::uint32_t x = seed * 2654435761u + 1;
    const auto next = [&](std::uint32_t n) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        return x % n;
    };
    std::string s;
    for (int msg = 0; msg < 40; ++msg) {
        const std::uint32_t headers = 1 + next(90);
        const std::uint32_t id_at = next(headers + 1);
        s += next(2) == 0 ? "Event: E" : "Response: Success";
        s += "\r\n";
        for (std::uint32_t h = 1; h < headers; ++h) {
            if (h == id_at)
                s += "ActionID: id" + std::to_string(msg);
            else
                s += std::string(1 + next(20), 'k') + ":" + std::string(next(3), ' ') +
                     std::string(next(30), 'v');
            s += next(8) == 0 ? "\n" : "\r\n";
        }
        s += "\r\n";
        if (next(4) == 0)
            s += "\r\n";
    }
    return s;
}

// Everything the parser tells, fed `input` in pieces of `chunk` bytes (0: at once): messages,
// errors with what they knew of the dropped message, and the bytes dropped.
std::string outcome(std::string_view input, std::size_t chunk, const parser_options& o) {
    parser p(o);
    std::string s;
    const auto drain = [&] {
        message m;
        std::error_code ec;
        while (p.next(m, ec)) {
            if (ec)
                s += "error " + ec.message() + " " + p.last_dropped().name + " " +
                     p.last_dropped().action_id + "\n";
            else
                s += amicpp_test::dump(m) + "id " + std::string(m.action_id()) + "\n";
        }
    };
    if (chunk == 0)
        chunk = input.size();
    for (std::size_t i = 0; i < input.size(); i += chunk) {
        p.feed(input.substr(i, chunk));
        drain();
    }
    return s + "dropped " + std::to_string(p.bytes_dropped());
}

} // namespace

namespace {

// The window classifications this build and this CPU can run, by name. Each test below runs
// with each: a parser takes the one `detail::use_avx2` says when it is constructed.
std::vector<std::string> scans() {
#if defined(AMICPP_DETAIL_AVX2_DISPATCH)
    if (amicpp::detail::cpu_has_avx2())
        return {"sse2", "avx2"};
    WARN("this CPU has no AVX2: only the SSE2 classification is tested");
    return {"sse2"};
#elif defined(AMICPP_DETAIL_AVX2)
    return {"avx2"};
#elif defined(AMICPP_DETAIL_SSE2)
    return {"sse2"};
#else
    return {"scalar"};
#endif
}

// Parsers constructed while it lives use the named classification.
class scan_choice {
public:
    explicit scan_choice([[maybe_unused]] const std::string& name) {
#if defined(AMICPP_DETAIL_AVX2_DISPATCH)
        saved_ = amicpp::detail::use_avx2;
        amicpp::detail::use_avx2 = name == "avx2";
#endif
    }
    ~scan_choice() {
#if defined(AMICPP_DETAIL_AVX2_DISPATCH)
        amicpp::detail::use_avx2 = saved_;
#endif
    }
    scan_choice(const scan_choice&) = delete;
    scan_choice& operator=(const scan_choice&) = delete;

private:
    [[maybe_unused]] bool saved_ = false;
};

amicpp::detail::window_masks classify(const std::string& scan, const char* p,
                                      std::size_t available) {
#if defined(AMICPP_DETAIL_AVX2)
    if (scan == "avx2")
        return amicpp::detail::avx2_scan::classify64(p, available);
#endif
#if defined(AMICPP_DETAIL_SSE2)
    if (scan == "sse2")
        return amicpp::detail::sse2_scan::classify64(p, available);
#else
    if (scan == "scalar")
        return amicpp::detail::scalar_scan::classify64(p, available);
#endif
    FAIL("no such classification: " << scan);
    return {};
}

} // namespace

TEST_CASE("every window classification marks the same bytes", "[parser]") {
    // Bytes that matter, their neighbours, and the same with the high bit set.
    const std::string alphabet = std::string("\n:: \t\r\x0b\x1a\x3b\x2a\x29") + "aZ09" +
                                 "\x8a\xba\xa0\x89\xff\x80" + std::string(1, '\0');
    std::uint32_t x = 12345;
    const auto next = [&](std::uint32_t n) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        return x % n;
    };
    for (const std::string& scan : scans()) {
        INFO("classification " << scan);
        for (int round = 0; round < 200; ++round) {
            // 64 bytes, then 64 more that are never data: '\n' and ':' that must not show.
            char window[128];
            for (int i = 0; i < 64; ++i)
                window[i] = alphabet[next(static_cast<std::uint32_t>(alphabet.size()))];
            for (int i = 64; i < 128; ++i)
                window[i] = i % 2 == 0 ? '\n' : ':';
            for (std::size_t available = 0; available <= 64; ++available) {
                std::uint64_t newline = 0, colon = 0, blank = 0;
                for (std::size_t i = 0; i < available; ++i) {
                    const std::uint64_t bit = std::uint64_t{1} << i;
                    newline |= window[i] == '\n' ? bit : 0;
                    colon |= window[i] == ':' ? bit : 0;
                    blank |= window[i] == ' ' || window[i] == '\t' ? bit : 0;
                }
                // Past `available`, the window's own bytes are not data either.
                for (std::size_t i = available; i < 64; ++i)
                    std::swap(window[i], window[64 + i]);
                const amicpp::detail::window_masks m = classify(scan, window, available);
                for (std::size_t i = available; i < 64; ++i)
                    std::swap(window[i], window[64 + i]);
                INFO("round " << round << ", available " << available);
                CHECK(m.newline == newline);
                CHECK(m.colon == colon);
                CHECK(m.blank == blank);
            }
        }
    }
}

TEST_CASE("windows of whole lines and the line-by-line path agree at every limit",
          "[parser][limits]") {
    // Lines shorter than 63 bytes fit a window; a line limit below that makes the parser judge
    // every line on its own, which gives the reference for the same limits.
    for (const std::string& scan : scans())
        for (unsigned seed = 1; seed <= 3; ++seed) {
            const std::string input = assorted_messages(seed);
            // Limits around the window's 64 bytes and lines, and at some messages' very size and
            // header count, one under and one over.
            std::vector<std::pair<std::size_t, std::size_t>> limits; // max_headers, max_size
            for (const std::size_t max_headers : {1u, 2u, 31u, 32u, 33u, 63u, 64u, 65u})
                for (const std::size_t max_size : {20u, 63u, 64u, 65u, 100000u})
                    limits.emplace_back(max_headers, max_size);
            const auto whole = amicpp_test::parse_chunked(input, 0, no_banner());
            for (std::size_t i = 0; i < whole.messages.size(); i += 5) {
                const message& m = whole.messages[i];
                const std::size_t count = m.header_count();
                const amicpp::header last = m.header_at(count - 1);
                const auto size = static_cast<std::size_t>( // where the last header's value ends
                    last.value.data() + last.value.size() - m.header_at(0).key.data());
                for (const std::size_t d : {0u, 1u, 2u}) {
                    limits.emplace_back(count + 1 - d, 100000);
                    limits.emplace_back(1000, size + 1 - d);
                }
            }
            for (const auto& [max_headers, max_size] : limits) {
                parser_options slow = no_banner();
                slow.limits.max_line_length = 62;
                slow.limits.max_headers = max_headers;
                slow.limits.max_message_size = max_size;
                parser_options fast = slow;
                fast.limits.max_line_length = 63;
                const std::string expected = outcome(input, 0, slow);
                const scan_choice chosen(scan);
                for (const std::size_t chunk : {0u, 1u, 61u}) {
                    INFO(scan << ", seed " << seed << ", max_headers " << max_headers
                              << ", max size " << max_size << ", chunk " << chunk);
                    CHECK(outcome(input, chunk, fast) == expected);
                }
            }
        }
}
