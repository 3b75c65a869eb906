// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// Real captures from Asterisk 22 and hand-made legacy streams: any split of the input must give
// the same messages, and those messages must match what the bytes say.
#include <amicpp/parser.hpp>

#include "support/catch.hpp"
#include "support/fixtures.hpp"

#include <string>
#include <utility>
#include <vector>

using amicpp::message;
using amicpp::message_kind;
using amicpp_test::load_fixture;
using amicpp_test::parse_chunked;
using amicpp_test::parse_split;

namespace {

const char* const asterisk22_fixtures[] = {
    "01_banner",
    "02_login_plain_success",
    "02b_login_plain_no_actionid",
    "03_login_wrong_secret",
    "03b_login_unknown_user",
    "04_challenge_md5_login",
    "04b_challenge_md5_wrong_key",
    "04c_challenge_bad_authtype",
    "05_action_before_login",
    "06_ping",
    "07_command",
    "07b_command_with_channel",
    "08_status_no_channels",
    "09_status_with_channel",
    "11_originate_failures",
    "11b_originate_application_sync",
    "12_extension_state",
    "13_mailbox",
    "14_queue_status_queues",
    "15b_queue_member_add_pause_remove",
    "16_iax_peers",
    "17_monitor_mixmonitor",
    "18_listcommands",
    "19_getvar_setvar",
    "20_unknown_action",
    "21_missing_required_header",
    "22_events_toggle",
    "23_logoff",
    "24_pipelined_actions",
    "25_core_misc",
    "26_header_quirks",
    "27_tls_banner_login",
    "28_limited_user",
    "29_eventlist_without_actionid",
};

const char* const legacy_fixtures[] = {
    "legacy/ast18_session.bin",
    "legacy/ast14_bare_lf.bin",
    "legacy/iaxnetstats_unframed.bin",
};

using pairs = std::vector<std::pair<std::string, std::string>>;

// A deliberately naive reading of CRLF-framed traffic, independent of the parser: split on the
// blank lines, then each line at its first colon.
std::vector<pairs> reference_parse(const std::string& bytes) {
    std::vector<pairs> out;
    std::string body = bytes.substr(bytes.find("\r\n") + 2);
    std::size_t pos = 0;
    while (pos < body.size()) {
        std::size_t end = body.find("\r\n\r\n", pos);
        if (end == std::string::npos)
            end = body.size();
        std::string block = body.substr(pos, end - pos);
        pos = end + 4;
        while (block.rfind("\r\n", 0) == 0)
            block.erase(0, 2);
        if (block.empty())
            continue;
        pairs headers;
        std::size_t lpos = 0;
        while (lpos <= block.size()) {
            std::size_t lend = block.find("\r\n", lpos);
            if (lend == std::string::npos)
                lend = block.size();
            const std::string line = block.substr(lpos, lend - lpos);
            const std::size_t colon = line.find(':');
            std::size_t v = colon + 1;
            if (line.compare(0, colon, "Output") == 0) // Command output: one protocol space
                v += v < line.size() && line[v] == ' ' ? 1 : 0;
            else
                while (v < line.size() && line[v] == ' ')
                    ++v;
            headers.emplace_back(line.substr(0, colon), line.substr(v));
            lpos = lend + 2;
        }
        out.push_back(std::move(headers));
    }
    return out;
}

pairs to_pairs(const message& m) {
    pairs p;
    for (const amicpp::header h : m)
        p.emplace_back(std::string(h.key), std::string(h.value));
    return p;
}

void check_same(const amicpp_test::parsed& a, const amicpp_test::parsed& b) {
    REQUIRE(a.errors == b.errors);
    REQUIRE(a.messages.size() == b.messages.size());
    for (std::size_t i = 0; i < a.messages.size(); ++i) {
        INFO("message " << i << '\n'
                        << amicpp_test::dump(a.messages[i]) << "versus\n"
                        << amicpp_test::dump(b.messages[i]));
        REQUIRE(a.messages[i] == b.messages[i]);
    }
}

void check_split_invariance(const std::string& bytes) {
    const auto whole = parse_chunked(bytes, 0);
    check_same(whole, parse_chunked(bytes, 1));
    check_same(whole, parse_chunked(bytes, 3));
    for (std::size_t at = 0; at <= bytes.size(); ++at) {
        INFO("split at " << at);
        check_same(whole, parse_split(bytes, at));
    }
}

} // namespace

TEST_CASE("Asterisk 22 captures: any split gives the same messages", "[fixtures]") {
    for (const char* name : asterisk22_fixtures) {
        INFO(name);
        check_split_invariance(load_fixture(std::string("asterisk22/") + name + ".recv.bin"));
    }
}

TEST_CASE("legacy streams: any split gives the same messages", "[fixtures]") {
    for (const char* name : legacy_fixtures) {
        INFO(name);
        check_split_invariance(load_fixture(name));
    }
}

TEST_CASE("Asterisk 22 captures match a naive reading of the bytes", "[fixtures]") {
    for (const char* name : asterisk22_fixtures) {
        INFO(name);
        const std::string bytes = load_fixture(std::string("asterisk22/") + name + ".recv.bin");
        const auto r = parse_chunked(bytes, 0);
        REQUIRE(r.errors.empty());
        REQUIRE_FALSE(r.messages.empty());
        CHECK(r.messages[0].kind() == message_kind::banner);
        CHECK(r.messages[0].line_at(0) == "Asterisk Call Manager/11.0.0");
        const auto expected = reference_parse(bytes);
        REQUIRE(r.messages.size() == expected.size() + 1);
        for (std::size_t i = 0; i < expected.size(); ++i) {
            const message& m = r.messages[i + 1];
            CHECK(to_pairs(m) == expected[i]);
            CHECK(m.line_count() == 0);
            CHECK((m.kind() == message_kind::response || m.kind() == message_kind::event));
        }
    }
}

TEST_CASE("capture: Command output keeps repeated Output lines with their spaces", "[fixtures]") {
    const auto r = parse_chunked(load_fixture("asterisk22/07_command.recv.bin"), 0);
    REQUIRE(r.messages.size() == 7);
    const message& channels = r.messages[3];
    CHECK(channels.action_id() == "c2");
    const auto out = channels.command_output();
    REQUIRE(out.size() == 4);
    CHECK(out[0].substr(out[0].size() - 3) == "   "); // trailing blanks are kept
    CHECK(out[1] == "0 active channels");
    const message& unknown = r.messages[4];
    CHECK(unknown.is_error());
    CHECK(unknown.message_text() == "Command output follows");
}

TEST_CASE("capture: indented Command output keeps its indentation", "[fixtures]") {
    // `queue show` indents members and callers; Asterisk 22 sends "Output:    Members: ".
    const auto r = parse_chunked(load_fixture("asterisk22/14_queue_status_queues.recv.bin"), 0);
    const message* show = nullptr;
    for (const message& m : r.messages) {
        if (m.action_id() == "q6")
            show = &m;
    }
    REQUIRE(show != nullptr);
    const auto out = show->command_output();
    REQUIRE(out.size() >= 4);
    CHECK(out[1] == "   Members: ");
    CHECK(out[2].substr(0, 25) == "      Agent Two Hundred (");
    CHECK(out[3] == "   No Callers");
}

TEST_CASE("capture: IAXpeers items without ActionID between start and complete", "[fixtures]") {
    const auto r = parse_chunked(load_fixture("asterisk22/16_iax_peers.recv.bin"), 1);
    REQUIRE(r.errors.empty());
    // banner, login, start, 2 items, complete, ...
    CHECK(r.messages[2].is_list_start());
    CHECK(r.messages[3].is_event("PeerEntry"));
    CHECK_FALSE(r.messages[3].contains("ActionID"));
    CHECK(r.messages[5].is_list_complete());
    CHECK(r.messages[5].get("ListItems") == "2");
    // The idle IAXnetstats answer is a lone CRLF: no message for it, and the Ping after is whole.
    CHECK(r.messages.back().get("Ping") == "Pong");
    CHECK(r.messages.back().action_id() == "i5");
}

TEST_CASE("legacy 1.8 session: banner, Follows output, Status, raw Queues text", "[fixtures]") {
    const auto r = parse_chunked(load_fixture("legacy/ast18_session.bin"), 0);
    REQUIRE(r.errors.empty());
    REQUIRE(r.messages.size() == 10);
    CHECK(r.messages[0].kind() == message_kind::banner);
    const message& sip = r.messages[2];
    CHECK(sip.response_status() == "Follows");
    CHECK(sip.action_id() == "a2");
    CHECK(sip.get("Privilege") == "Command");
    const auto out = sip.command_output();
    REQUIRE(out.size() == 5);
    CHECK(out[2] == "Channel: looks like a header but is output");
    CHECK(out[3].empty());
    CHECK(out[4].rfind("1 sip peers", 0) == 0);
    CHECK(r.messages[3].command_output() ==
          std::vector<std::string_view>{"No newline at the end of this output"});
    CHECK(r.messages[4].command_output().empty());
    CHECK(r.messages[6].get("CallerIDName") == "Jos\xe9 \xc0lvarez");
    CHECK(r.messages[7].is_event("StatusComplete"));
    CHECK(r.messages[8].kind() == message_kind::raw);
    CHECK(r.messages[8].line_count() == 4);
    CHECK(r.messages[9].is_event("Shutdown"));
}

TEST_CASE("legacy 1.4 stream with bare LF and stray blank lines", "[fixtures]") {
    const auto r = parse_chunked(load_fixture("legacy/ast14_bare_lf.bin"), 0);
    REQUIRE(r.errors.empty());
    REQUIRE(r.messages.size() == 5);
    CHECK(r.messages[0].line_at(0) == "Asterisk Call Manager/1.0");
    CHECK(r.messages[2].get("Uniqueid") == "1300000001.2");
    CHECK(r.messages[3].command_output() ==
          std::vector<std::string_view>{"Asterisk 1.4.44 built by root"});
    CHECK(r.messages[4].get("Cause-txt") == "Normal Clearing");
}

TEST_CASE("unframed IAXnetstats text is raw output, apart from the next response", "[fixtures]") {
    const auto r = parse_chunked(load_fixture("legacy/iaxnetstats_unframed.bin"), 0);
    REQUIRE(r.errors.empty());
    REQUIRE(r.messages.size() == 3);
    CHECK(r.messages[1].kind() == message_kind::raw);
    CHECK(r.messages[1].line_count() == 3);
    CHECK(r.messages[2].action_id() == "i5");
}
