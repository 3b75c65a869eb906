// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// amicpp::testing::server driven by a plain asio TCP client on loopback. Every wait has a
// deadline; nothing sleeps to wait for something.
#include <amicpp/detail/md5.hpp>
#include <amicpp/parser.hpp>
#include <amicpp/testing/server.hpp>

#include "support/catch.hpp"
#include "support/fixtures.hpp"

#include <asio/connect.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/write.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstring>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <regex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using namespace std::chrono_literals;
using amicpp::message;
using amicpp::message_kind;
using amicpp::testing::action_context;
using amicpp::testing::fault;
using amicpp::testing::server;
using amicpp::testing::server_options;
using amicpp::testing::server_stats;
using asio::ip::tcp;

namespace {

constexpr std::chrono::milliseconds deadline = 10s;

/// `Key: Value\r\n` lines and the blank line.
std::string wire(std::initializer_list<std::pair<std::string_view, std::string_view>> headers) {
    std::string out;
    for (const auto& h : headers) {
        out.append(h.first);
        out += ": ";
        out.append(h.second);
        out += "\r\n";
    }
    out += "\r\n";
    return out;
}

amicpp::parser_options no_banner() {
    amicpp::parser_options o;
    o.expect_banner = false;
    return o;
}

/// A blocking-style AMI client with deadlines: asio operations run on its own io_context with
/// `run_for`, so that a missing reply fails a test instead of hanging it.
class client {
public:
    explicit client(std::uint16_t port) : socket_(ioc_) {
        const std::error_code ec = connect(port);
        REQUIRE_FALSE(ec);
    }

    /// A client that is not connected yet.
    client() : socket_(ioc_) {}

    std::error_code connect(std::uint16_t port) {
        std::error_code ec;
        socket_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
        return ec;
    }

    void send(std::string_view bytes) { asio::write(socket_, asio::buffer(bytes)); }

    void send(std::initializer_list<std::pair<std::string_view, std::string_view>> headers) {
        send(wire(headers));
    }

    /// Exactly `n` bytes, or fewer when the stream ends or the deadline passes.
    std::string read_exactly(std::size_t n, std::chrono::milliseconds timeout = deadline) {
        const auto until = std::chrono::steady_clock::now() + timeout;
        while (raw_.size() < n && fill(until)) {
        }
        const std::string out = raw_.substr(0, n);
        raw_.erase(0, out.size());
        return out;
    }

    /// Bytes up to and including `delim`, or what arrived before the deadline.
    std::string read_until(std::string_view delim, std::chrono::milliseconds timeout = deadline) {
        const auto until = std::chrono::steady_clock::now() + timeout;
        std::size_t pos;
        while ((pos = raw_.find(delim)) == std::string::npos && fill(until)) {
        }
        const std::size_t n = pos == std::string::npos ? raw_.size() : pos + delim.size();
        const std::string out = raw_.substr(0, n);
        raw_.erase(0, n);
        return out;
    }

    /// Whatever arrives within `timeout` (empty if nothing).
    std::string read_available(std::chrono::milliseconds timeout) {
        const auto until = std::chrono::steady_clock::now() + timeout;
        fill(until);
        std::string out;
        out.swap(raw_);
        return out;
    }

    /// The banner line, with its CRLF.
    std::string banner(std::chrono::milliseconds timeout = deadline) {
        return read_until("\r\n", timeout);
    }

    /// The next message after the banner, parsed by amicpp::parser. Bytes are fed one at a
    /// time, so that whatever follows the message stays available to the raw readers.
    std::optional<message> next(std::chrono::milliseconds timeout = deadline) {
        const auto until = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            std::size_t used = 0;
            while (used < raw_.size()) {
                parser_.feed(std::string_view(raw_).substr(used, 1));
                ++used;
                message m;
                std::error_code ec;
                if (parser_.next(m, ec)) {
                    raw_.erase(0, used);
                    REQUIRE_FALSE(ec);
                    return m;
                }
            }
            raw_.clear();
            if (!fill(until))
                return std::nullopt;
        }
    }

    /// The next message, which must arrive.
    message expect(std::chrono::milliseconds timeout = deadline) {
        std::optional<message> m = next(timeout);
        REQUIRE(m.has_value());
        return *m;
    }

    /// The next message that is not an event (skips events).
    message expect_response() {
        for (;;) {
            message m = expect();
            if (m.kind() != message_kind::event)
                return m;
        }
    }

    /// The next message that is not an event of another name (skips unrelated events).
    message expect_event(std::string_view name) {
        for (;;) {
            message m = expect();
            if (m.kind() != message_kind::event || m.is_event(name))
                return m;
        }
    }

    /// True when the server closes the connection before the deadline (data is discarded).
    bool wait_eof(std::chrono::milliseconds timeout = deadline) {
        const auto until = std::chrono::steady_clock::now() + timeout;
        while (fill(until))
            raw_.clear();
        return eof_;
    }

    bool eof() const noexcept { return eof_; }

    /// Reads the stream until `on_chunk` returns false, the stream ends or the deadline passes;
    /// true when `on_chunk` stopped it.
    bool consume(const std::function<bool(std::string_view)>& on_chunk,
                 std::chrono::milliseconds timeout) {
        const auto until = std::chrono::steady_clock::now() + timeout;
        if (!raw_.empty()) {
            std::string first;
            first.swap(raw_);
            if (!on_chunk(first))
                return true;
        }
        while (fill(until)) {
            std::string chunk;
            chunk.swap(raw_);
            if (!on_chunk(chunk))
                return true;
        }
        return false;
    }

    /// Reads the banner and logs in; returns the Login response.
    message login(std::string_view user = "admin", std::string_view secret = "amp111",
                  std::string_view events = "off") {
        REQUIRE(banner().rfind("Asterisk Call Manager/", 0) == 0);
        send({{"Action", "Login"},
              {"Username", user},
              {"Secret", secret},
              {"Events", events},
              {"ActionID", "L"}});
        message r = expect();
        REQUIRE(r.kind() == message_kind::response);
        return r;
    }

    void close() {
        std::error_code ec;
        socket_.close(ec);
    }

private:
    bool fill(std::chrono::steady_clock::time_point until) {
        if (eof_)
            return false;
        const auto now = std::chrono::steady_clock::now();
        if (now >= until)
            return false;
        bool done = false;
        std::error_code err;
        std::size_t got = 0;
        socket_.async_read_some(asio::buffer(buffer_),
                                [&](const std::error_code& ec, std::size_t n) {
                                    done = true;
                                    err = ec;
                                    got = n;
                                });
        ioc_.restart();
        ioc_.run_for(until - now);
        if (!done) {
            std::error_code ignored;
            socket_.cancel(ignored);
            ioc_.restart();
            ioc_.run();
        }
        raw_.append(buffer_.data(), got);
        if (err && err != asio::error::operation_aborted)
            eof_ = true;
        return got > 0;
    }

    asio::io_context ioc_;
    tcp::socket socket_;
    std::array<char, 64 * 1024> buffer_{};
    std::string raw_;
    amicpp::parser parser_{no_banner()};
    bool eof_ = false;
};

server_options version(std::string v) {
    server_options o;
    o.banner_version = std::move(v);
    return o;
}

amicpp::testing::channel make_channel(std::string name, std::string context = "test",
                                      std::string exten = "200") {
    amicpp::testing::channel c;
    c.name = std::move(name);
    c.context = std::move(context);
    c.exten = std::move(exten);
    c.priority = 2;
    c.application = "Wait";
    c.application_data = "60";
    return c;
}

} // namespace

// =============================================================================================
// Banner and authentication
// =============================================================================================

TEST_CASE("the server greets with the banner line of its AMI version", "[server][banner]") {
    server srv;
    CHECK(srv.port() != 0);
    client c(srv.port());
    CHECK(c.read_until("\r\n") == "Asterisk Call Manager/11.0.0\r\n");
    CHECK(srv.wait_for_sessions(1, deadline));
    CHECK(srv.connections_accepted() == 1);

    server old(version("1.1"));
    client c2(old.port());
    CHECK(c2.read_until("\r\n") == "Asterisk Call Manager/1.1\r\n");
    CHECK(old.version() == amicpp::server_version{1, 1, 0});
}

TEST_CASE("actions before Login are denied and the connection stays open", "[server][auth]") {
    server srv;
    client c(srv.port());
    c.read_until("\r\n");
    c.send({{"Action", "Ping"}, {"ActionID", "u1"}});
    const std::string denied1 =
        "Response: Error\r\nActionID: u1\r\nMessage: Permission denied\r\n\r\n";
    CHECK(c.read_exactly(denied1.size()) == denied1);
    c.send({{"Action", "Command"}, {"Command", "core show version"}, {"ActionID", "u2"}});
    const std::string denied2 =
        "Response: Error\r\nActionID: u2\r\nMessage: Permission denied\r\n\r\n";
    CHECK(c.read_exactly(denied2.size()) == denied2);
    CHECK(srv.sessions() == 1);
    CHECK(srv.logged_in() == 0);
}

TEST_CASE("a plain Login is accepted, then FullyBooted follows when events are on",
          "[server][auth]") {
    server srv;
    client c(srv.port());
    c.read_until("\r\n");
    c.send({{"Action", "Login"}, {"Username", "admin"}, {"Secret", "amp111"}, {"ActionID", "L1"}});
    const std::string accepted =
        "Response: Success\r\nActionID: L1\r\nMessage: Authentication accepted\r\n\r\n";
    CHECK(c.read_exactly(accepted.size()) == accepted);
    const std::string booted = c.read_until("\r\n\r\n");
    CHECK(std::regex_match(booted, std::regex("Event: FullyBooted\r\nPrivilege: system,all\r\n"
                                              "Uptime: [0-9]+\r\nLastReload: [0-9]+\r\n"
                                              "Status: Fully Booted\r\n\r\n")));
    CHECK(srv.wait_for_logged_in(1, deadline));
    CHECK(srv.stats().logins == 1);

    SECTION("a second Login is answered 'Already authenticated'") {
        c.send({{"Action", "Login"},
                {"Username", "admin"},
                {"Secret", "amp111"},
                {"ActionID", "relogin"}});
        const message m = c.expect();
        CHECK(m.response_status() == "Success");
        CHECK(m.action_id() == "relogin");
        CHECK(m.message_text() == "Already authenticated");
    }

    SECTION("without an ActionID the response has none") {
        client d(srv.port());
        d.read_until("\r\n");
        d.send(
            {{"Action", "Login"}, {"Username", "admin"}, {"Secret", "amp111"}, {"Events", "off"}});
        const std::string plain = "Response: Success\r\nMessage: Authentication accepted\r\n\r\n";
        CHECK(d.read_exactly(plain.size()) == plain);
        // Events off: no FullyBooted; the next thing is the Ping's answer.
        d.send({{"Action", "Ping"}, {"ActionID", ""}});
        const message pong = d.expect();
        CHECK(pong.response_status() == "Success");
        CHECK_FALSE(pong.contains("ActionID"));
        CHECK(pong.get("Ping") == "Pong");
    }
}

TEST_CASE("a bad Login is refused after the configured delay and the server closes",
          "[server][auth]") {
    server_options o;
    o.auth_failure_delay = 200ms;
    server srv(o);

    const std::pair<std::string_view, std::string_view> cases[] = {{"admin", "wrong"},
                                                                   {"nosuchuser", "x"}};
    for (const auto& [user, secret] : cases) {
        client c(srv.port());
        c.read_until("\r\n");
        const auto start = std::chrono::steady_clock::now();
        c.send({{"Action", "Login"}, {"Username", user}, {"Secret", secret}, {"ActionID", "bad1"}});
        const std::string refused =
            "Response: Error\r\nActionID: bad1\r\nMessage: Authentication failed\r\n\r\n";
        CHECK(c.read_exactly(refused.size()) == refused);
        CHECK(std::chrono::steady_clock::now() - start >= 200ms);
        CHECK(c.wait_eof());
    }
    CHECK(srv.wait_for_sessions(0, deadline));
    CHECK(srv.stats().failed_logins == 2);
    CHECK(srv.stats().logins == 0);
}

TEST_CASE("MD5 challenge login works with the right key only", "[server][auth][md5]") {
    server srv;

    SECTION("good key") {
        client c(srv.port());
        c.banner();
        c.send({{"Action", "Challenge"}, {"AuthType", "MD5"}, {"ActionID", "ch1"}});
        const message ch = c.expect();
        CHECK(ch.response_status() == "Success");
        CHECK(ch.action_id() == "ch1");
        const std::string challenge(ch.get("Challenge"));
        CHECK(std::regex_match(challenge, std::regex("[0-9]{1,9}")));
        CHECK(ch.header_at(0).key == "Response");
        CHECK(ch.header_at(1).key == "ActionID");
        CHECK(ch.header_at(2).key == "Challenge");
        const std::string key = amicpp::detail::md5_hex(challenge + "amp111");
        c.send({{"Action", "Login"},
                {"AuthType", "MD5"},
                {"Username", "admin"},
                {"Key", key},
                {"ActionID", "ch2"}});
        const message ok = c.expect();
        CHECK(ok.response_status() == "Success");
        CHECK(ok.message_text() == "Authentication accepted");
        // The secret never crossed the wire.
        for (const message& a : srv.received_actions("Login"))
            CHECK_FALSE(a.contains("Secret"));
    }

    SECTION("wrong key") {
        client c(srv.port());
        c.banner();
        c.send({{"Action", "Challenge"}, {"AuthType", "md5"}, {"ActionID", "ch1"}});
        CHECK(c.expect().contains("Challenge"));
        c.send({{"Action", "Login"},
                {"AuthType", "MD5"},
                {"Username", "admin"},
                {"Key", "00000000000000000000000000000000"},
                {"ActionID", "ch2"}});
        const message m = c.expect();
        CHECK(m.is_error());
        CHECK(m.message_text() == "Authentication failed");
        CHECK(c.wait_eof());
    }

    SECTION("MD5 login without a challenge fails") {
        client c(srv.port());
        c.banner();
        c.send({{"Action", "Login"},
                {"AuthType", "MD5"},
                {"Username", "admin"},
                {"Key", amicpp::detail::md5_hex("amp111")}});
        CHECK(c.expect().message_text() == "Authentication failed");
        CHECK(c.wait_eof());
    }

    SECTION("an AuthType other than MD5 is refused, the connection stays") {
        client c(srv.port());
        c.banner();
        c.send({{"Action", "Challenge"}, {"AuthType", "SHA1"}, {"ActionID", "ch1"}});
        const std::string refused =
            "Response: Error\r\nActionID: ch1\r\nMessage: Must specify AuthType\r\n\r\n";
        CHECK(c.read_exactly(refused.size()) == refused);
        c.send({{"Action", "Challenge"}, {"ActionID", "ch2"}});
        CHECK(c.expect().message_text() == "Must specify AuthType");
        CHECK_FALSE(c.eof());
    }
}

TEST_CASE("accounts can be added, removed and changed while running", "[server][auth]") {
    server srv;
    srv.add_user("bob", "s3cret");
    {
        client c(srv.port());
        CHECK(c.login("bob", "s3cret").is_success());
    }
    CHECK(srv.set_secret("bob", "other"));
    {
        client c(srv.port());
        CHECK(c.login("bob", "s3cret").is_error());
    }
    {
        client c(srv.port());
        CHECK(c.login("BOB", "other").is_success()); // user names ignore case, as in Asterisk
    }
    CHECK(srv.remove_user("bob"));
    CHECK_FALSE(srv.remove_user("bob"));
    CHECK_FALSE(srv.set_secret("bob", "x"));
    client c(srv.port());
    CHECK(c.login("bob", "other").is_error());
}

TEST_CASE("a user's write classes limit the actions it may use", "[server][auth]") {
    server srv;
    srv.add_user("limited", "lim", "system", "system");
    client c(srv.port());
    CHECK(c.login("limited", "lim", "on").is_success());
    CHECK(c.expect().is_event("FullyBooted"));
    c.send({{"Action", "Originate"}, {"Channel", "Local/100@test"}, {"ActionID", "lim1"}});
    CHECK(c.expect().message_text() == "Permission denied");
    c.send({{"Action", "Command"}, {"Command", "core show version"}, {"ActionID", "lim2"}});
    CHECK(c.expect().message_text() == "Permission denied");
    c.send({{"Action", "Status"}, {"ActionID", "lim3"}});
    CHECK(c.expect().is_list_start());
    CHECK(c.expect().is_event("StatusComplete"));
    c.send({{"Action", "Ping"}, {"ActionID", "lim4"}});
    CHECK(c.expect().get("Ping") == "Pong");
}

TEST_CASE("unauthenticated sessions are closed after auth_timeout", "[server][auth]") {
    server_options o;
    o.auth_timeout = 500ms;
    server srv(o);
    client early(srv.port()); // logs in at once: kept beyond the timeout
    CHECK(early.login().is_success());
    client idle(srv.port()); // connected later, never logs in
    CHECK(idle.banner() == "Asterisk Call Manager/11.0.0\r\n");
    CHECK(idle.wait_eof());
    // The early session's timer expired before the idle one's: it is still served.
    early.send({{"Action", "Ping"}, {"ActionID", "still-here"}});
    CHECK(early.expect().action_id() == "still-here");
    CHECK(srv.sessions() == 1);
}

// =============================================================================================
// Errors and framing
// =============================================================================================

TEST_CASE("unknown and missing actions get Asterisk's error texts", "[server][errors]") {
    server srv;
    client c(srv.port());
    c.login();
    c.send({{"Action", "NoSuchActionXyz"}, {"ActionID", "x1"}});
    const std::string unknown =
        "Response: Error\r\nActionID: x1\r\nMessage: Invalid/unknown command: NoSuchActionXyz. "
        "Use Action: ListCommands to show available commands.\r\n\r\n";
    CHECK(c.read_exactly(unknown.size()) == unknown);
    c.send({{"Action", ""}, {"ActionID", "x3"}});
    const std::string missing =
        "Response: Error\r\nActionID: x3\r\nMessage: Missing action in request\r\n\r\n";
    CHECK(c.read_exactly(missing.size()) == missing);
    c.send({{"ActionID", "x4"}, {"Foo", "bar"}});
    const std::string missing2 =
        "Response: Error\r\nActionID: x4\r\nMessage: Missing action in request\r\n\r\n";
    CHECK(c.read_exactly(missing2.size()) == missing2);
    CHECK(srv.actions_received("NoSuchActionXyz") == 1);
}

TEST_CASE("the server reads actions however they are framed", "[server][framing]") {
    server srv;
    client c(srv.port());
    c.login();

    // Three actions in one write, answered in order.
    c.send(wire({{"Action", "Ping"}, {"ActionID", "p1"}}) +
           wire({{"Action", "CoreStatus"}, {"ActionID", "p2"}}) +
           wire({{"Action", "Ping"}, {"ActionID", "p3"}}));
    CHECK(c.expect().action_id() == "p1");
    const message status = c.expect();
    CHECK(status.action_id() == "p2");
    CHECK(status.contains("CoreStartupDate"));
    CHECK(c.expect().action_id() == "p3");

    // Lower-case keys, no space after the colon, bare LF, split writes.
    c.send("action: ping\r\nactionid: lc1\r\n\r\n");
    CHECK(c.expect().action_id() == "lc1");
    c.send("Action:Ping\r\nActionID:nospace\r\n\r\n");
    CHECK(c.expect().action_id() == "nospace");
    c.send("Action: Ping\nActionID: lf-only\n\n");
    CHECK(c.expect().action_id() == "lf-only");
    c.send("Action: Pi");
    c.send("ng\r\nActionID: frag\r\n");
    c.send("\r\n");
    CHECK(c.expect().action_id() == "frag");
}

TEST_CASE("a line longer than Asterisk accepts is answered with an error, the session goes on",
          "[server][framing]") {
    server srv;
    client c(srv.port());
    c.login();
    c.send("Action: Ping\r\nActionID: long\r\nX-Long: " + std::string(2000, 'a') + "\r\n\r\n");
    const message m = c.expect();
    CHECK(m.is_error());
    CHECK(m.action_id() == "long");
    CHECK(m.message_text() == "Failed to parse message: line too long");
    c.send({{"Action", "Ping"}, {"ActionID", "after"}});
    CHECK(c.expect().action_id() == "after");
}

TEST_CASE("Ping answers Pong with a sec.usec timestamp", "[server][ping]") {
    server srv;
    client c(srv.port());
    c.login();
    c.send({{"Action", "Ping"}, {"ActionID", "p1"}});
    const std::string pong = c.read_until("\r\n\r\n");
    CHECK(std::regex_match(pong, std::regex("Response: Success\r\nActionID: p1\r\nPing: Pong\r\n"
                                            "Timestamp: [0-9]+\\.[0-9]{6}\r\n\r\n")));
}

TEST_CASE("answers to a long run of actions in one read leave before the run is handled",
          "[server][ping]") {
    // As Asterisk writes each answer as it handles the action, a client can work on the first
    // answers while the server handles the rest. Pings, then a probe that notes how many bytes
    // the server had written when it came: 400 actions of about 40 bytes arrive in one read.
    server srv;
    client c(srv.port());
    c.login();
    const std::uint64_t before = srv.stats().bytes_written;
    std::atomic<std::uint64_t> at_probe{0};
    srv.on_action("Probe", [&](action_context& ctx) {
        at_probe = srv.stats().bytes_written;
        ctx.send(ctx.success("probed"));
    });
    std::string run;
    for (int i = 0; i < 399; ++i)
        run += "Action: Ping\r\nActionID: " + std::to_string(1000 + i) + "\r\n\r\n";
    run += "Action: Probe\r\nActionID: probe\r\n\r\n";
    REQUIRE(run.size() < 16 * 1024);
    c.send(run);
    const std::string answers = c.read_until("ActionID: probe\r\n");
    REQUIRE(answers.find("ActionID: probe\r\n") != std::string::npos);
    // Before, the server wrote the first answer and then held the other 398 until it had
    // handled the whole read: it had counted no more than that one answer when the probe came
    // (0 bytes in the runs that showed this test failing).
    constexpr std::uint64_t answer_size = 49; // without its Timestamp line, which is longer
    CHECK(at_probe.load() - before >= 100 * answer_size);
}

TEST_CASE("Logoff says goodbye and the server closes the connection", "[server][logoff]") {
    server srv;
    client c(srv.port());
    c.login();
    CHECK(srv.wait_for_logged_in(1, deadline));
    c.send({{"Action", "Logoff"}, {"ActionID", "bye"}});
    const std::string goodbye =
        "Response: Goodbye\r\nActionID: bye\r\nMessage: Thanks for all the fish.\r\n\r\n";
    CHECK(c.read_exactly(goodbye.size()) == goodbye);
    CHECK(c.wait_eof());
    CHECK(srv.wait_for_sessions(0, deadline));
    CHECK(srv.logged_in() == 0);
}

TEST_CASE("the Events action turns event delivery on and off", "[server][events]") {
    server srv;
    client c(srv.port());
    c.login("admin", "amp111", "on");
    CHECK(c.expect().is_event("FullyBooted"));
    message ev = message::event("UserEvent");
    ev.add("Privilege", "user,all");
    ev.add("UserEvent", "Hello");

    c.send({{"Action", "Events"}, {"EventMask", "off"}, {"ActionID", "ev1"}});
    const std::string off = "Response: Success\r\nActionID: ev1\r\nEvents: Off\r\n\r\n";
    CHECK(c.read_exactly(off.size()) == off);
    CHECK(srv.broadcast(ev) == 0);

    c.send({{"Action", "Events"}, {"EventMask", "call,system"}, {"ActionID", "ev2"}});
    CHECK(c.expect().get("Events") == "On");
    CHECK(srv.broadcast(ev) == 0); // user class not asked for

    c.send({{"Action", "Events"}, {"EventMask", "on"}, {"ActionID", "ev3"}});
    CHECK(c.expect().get("Events") == "On");
    CHECK(srv.broadcast(ev) == 1);
    const message got = c.expect();
    CHECK(got.is_event("UserEvent"));
    CHECK(got.get("UserEvent") == "Hello");
}

// =============================================================================================
// Command
// =============================================================================================

TEST_CASE("Command answers with Output headers on a modern server", "[server][command]") {
    server srv;
    client c(srv.port());
    c.login();

    c.send({{"Action", "Command"}, {"Command", "core show version"}, {"ActionID", "c1"}});
    const std::string head =
        "Response: Success\r\nActionID: c1\r\nMessage: Command output follows\r\n"
        "Output: Asterisk 22.10.1 built by ";
    CHECK(c.read_exactly(head.size()) == head);
    c.read_until("\r\n\r\n");

    c.send({{"Action", "Command"}, {"Command", "core show uptime"}, {"ActionID", "c2"}});
    message m = c.expect();
    REQUIRE(m.count("Output") == 2);
    CHECK(std::regex_match(std::string(m.all("Output")[0]),
                           std::regex("System uptime: [0-9]+ seconds?")));
    CHECK(m.all("Output")[1].substr(0, 13) == "Last reload: ");

    c.send({{"Action", "Command"}, {"Command", "this command does not exist"}, {"ActionID", "c3"}});
    const std::string unknown =
        "Response: Error\r\nActionID: c3\r\nMessage: Command output follows\r\nOutput: No such "
        "command 'this command does not exist' (type 'core show help this command' for other "
        "possible commands)\r\n\r\n";
    CHECK(c.read_exactly(unknown.size()) == unknown);

    c.send({{"Action", "Command"}, {"ActionID", "c5"}});
    const std::string none =
        "Response: Error\r\nActionID: c5\r\nMessage: No command provided\r\n\r\n";
    CHECK(c.read_exactly(none.size()) == none);

    c.send({{"Action", "Command"}, {"Command", "core show channels"}, {"ActionID", "c6"}});
    m = c.expect();
    const std::vector<std::string_view> empty_table = m.command_output();
    REQUIRE(empty_table.size() == 4);
    CHECK(empty_table[0] == "Channel                                                          "
                            "Location                         State   Application(Data)       "
                            "      ");
    CHECK(empty_table[1] == "0 active channels");
    CHECK(empty_table[2] == "0 active calls");
    CHECK(empty_table[3] == "0 calls processed");

    srv.add_channel(make_channel("Local/200@test-00000000;1"));
    c.send({{"Action", "Command"}, {"Command", "core show channels"}, {"ActionID", "c7"}});
    m = c.expect();
    const std::vector<std::string_view> table = m.command_output();
    REQUIRE(table.size() == 5);
    CHECK(table[1] == "Local/200@test-00000000;1                                        "
                      "200@test:2                       Up      Wait(60)                      ");
    CHECK(table[2] == "1 active channel");

    srv.set_command_output("sip show peers", {"Name/username  Host", "", "0 sip peers  "});
    c.send({{"Action", "Command"}, {"Command", "sip  show peers"}, {"ActionID", "c8"}});
    const std::string custom =
        "Response: Success\r\nActionID: c8\r\nMessage: Command output follows\r\n"
        "Output: Name/username  Host\r\nOutput: \r\nOutput: 0 sip peers  \r\n\r\n";
    CHECK(c.read_exactly(custom.size()) == custom);
}

TEST_CASE("Command answers Response: Follows with raw text on an old server",
          "[server][command][legacy]") {
    server srv(version("1.1"));
    client c(srv.port());
    c.login();
    c.send({{"Action", "Command"}, {"Command", "core show version"}, {"ActionID", "c1"}});
    const std::string reply = c.read_until("--END COMMAND--\r\n\r\n");
    CHECK(std::regex_match(reply,
                           std::regex("Response: Follows\r\nPrivilege: Command\r\nActionID: c1\r\n"
                                      "Asterisk 1\\.8\\.32\\.3 built by [^\r\n]*\n"
                                      "--END COMMAND--\r\n\r\n")));

    // amicpp's parser reads it as raw lines.
    srv.set_command_output("sip show peers",
                           {"Name/username   Host", "Channel: not a header", "", "1 sip peers"});
    c.send({{"Action", "Command"}, {"Command", "sip show peers"}, {"ActionID", "c2"}});
    const message m = c.expect();
    CHECK(m.response_status() == "Follows");
    CHECK(m.action_id() == "c2");
    const std::vector<std::string_view> lines = m.command_output();
    REQUIRE(lines.size() == 4);
    CHECK(lines[1] == "Channel: not a header");
    CHECK(lines[2].empty());

    // A command that prints nothing: the marker right after the headers.
    srv.set_command_output("silence", {});
    c.send({{"Action", "Command"}, {"Command", "silence"}});
    const std::string quiet = "Response: Follows\r\nPrivilege: Command\r\n--END COMMAND--\r\n\r\n";
    CHECK(c.read_exactly(quiet.size()) == quiet);

    SECTION("the format can be forced either way") {
        server_options o;
        o.commands = amicpp::testing::command_format::legacy;
        server forced(o);
        client d(forced.port());
        d.login();
        d.send({{"Action", "Command"}, {"Command", "core show uptime"}});
        CHECK(d.expect().response_status() == "Follows");

        server_options o2 = version("1.1");
        o2.commands = amicpp::testing::command_format::modern;
        server modern(o2);
        client e(modern.port());
        e.login();
        e.send({{"Action", "Command"}, {"Command", "core show uptime"}});
        const message r = e.expect();
        CHECK(r.response_status() == "Success");
        CHECK(r.count("Output") == 2);
    }
}

// =============================================================================================
// Event lists
// =============================================================================================

TEST_CASE("Status lists the simulated channels as an event list", "[server][list]") {
    server srv;
    const std::string id1 = srv.add_channel(make_channel("Local/200@test-00000001;1"));
    amicpp::testing::channel second = make_channel("Local/200@test-00000001;2");
    second.linkedid = id1;
    srv.add_channel(second);
    REQUIRE(srv.channels().size() == 2);
    client c(srv.port());
    c.login();

    c.send({{"Action", "Status"}, {"ActionID", "s1"}});
    const std::string start = "Response: Success\r\nActionID: s1\r\nEventList: start\r\n"
                              "Message: Channel status will follow\r\n\r\n";
    CHECK(c.read_exactly(start.size()) == start);
    for (int i = 1; i <= 2; ++i) {
        const message item = c.expect();
        CHECK(item.is_event("Status"));
        CHECK(item.header_at(1).key == "Privilege");
        CHECK(item.get("Privilege") == "Call");
        CHECK(item.get("Channel") == "Local/200@test-00000001;" + std::to_string(i));
        CHECK(item.get("ChannelStateDesc") == "Up");
        CHECK(item.get("Context") == "test");
        CHECK(item.get("Linkedid") == id1);
        CHECK(item.header_at(item.header_count() - 1).key == "ActionID"); // last, as in 22
        CHECK(item.action_id() == "s1");
    }
    const std::string complete = "Event: StatusComplete\r\nActionID: s1\r\nEventList: Complete\r\n"
                                 "ListItems: 2\r\nItems: 2\r\n\r\n";
    CHECK(c.read_exactly(complete.size()) == complete);

    c.send({{"Action", "Status"}, {"Channel", "Local/200@test-00000001;1"}, {"ActionID", "s2"}});
    CHECK(c.expect().is_list_start());
    CHECK(c.expect().get("Uniqueid") == id1);
    CHECK(c.expect().get("ListItems") == "1");

    c.send({{"Action", "Status"}, {"Channel", "Local/nope@test-00000000;1"}, {"ActionID", "s3"}});
    const std::string nosuch =
        "Response: Error\r\nActionID: s3\r\nMessage: No such channel\r\n\r\n";
    CHECK(c.read_exactly(nosuch.size()) == nosuch);

    c.send({{"Action", "CoreShowChannels"}, {"ActionID", "s4"}});
    const message ack = c.expect();
    CHECK(ack.is_list_start());
    CHECK(ack.message_text() == "Channels will follow");
    const message row = c.expect();
    CHECK(row.is_event("CoreShowChannel"));
    CHECK(row.header_at(1).key == "ActionID"); // first, as in 22
    CHECK(std::regex_match(std::string(row.get("Duration")), std::regex("00:00:0[0-9]")));
    CHECK(row.get("ApplicationData") == "60");
    CHECK(c.expect().is_event("CoreShowChannel"));
    const message done = c.expect();
    CHECK(done.is_event("CoreShowChannelsComplete"));
    CHECK(done.is_list_complete());
    CHECK(done.get("ListItems") == "2");

    // No ActionID sent, none echoed.
    c.send({{"Action", "CoreShowChannels"}});
    const std::string bare = "Response: Success\r\nEventList: start\r\nMessage: Channels will "
                             "follow\r\n\r\n";
    CHECK(c.read_exactly(bare.size()) == bare);
    CHECK_FALSE(c.expect().contains("ActionID"));
    CHECK_FALSE(c.expect().contains("ActionID"));
    CHECK_FALSE(c.expect().contains("ActionID"));

    SECTION("a channel's state can change, announced by Newstate") {
        c.send({{"Action", "Events"}, {"EventMask", "call"}});
        CHECK(c.expect().get("Events") == "On");
        CHECK(srv.set_channel_state("Local/200@test-00000001;1", 5, true));
        const message newstate = c.expect();
        CHECK(newstate.is_event("Newstate"));
        CHECK(newstate.get("ChannelState") == "5");
        CHECK(newstate.get("ChannelStateDesc") == "Ringing");
        CHECK(srv.channels()[0].state == 5);
        CHECK_FALSE(srv.set_channel_state("SIP/none", 6));
    }

    SECTION("an empty list is the start then the Complete event") {
        CHECK(srv.remove_channel("Local/200@test-00000001;1"));
        CHECK(srv.remove_channel("local/200@TEST-00000001;2"));
        CHECK_FALSE(srv.remove_channel("Local/200@test-00000001;2"));
        c.send({{"Action", "Status"}, {"ActionID", "s5"}});
        CHECK(c.expect().is_list_start());
        const message empty = c.expect();
        CHECK(empty.is_event("StatusComplete"));
        CHECK(empty.get("ListItems") == "0");
        CHECK(empty.get("Items") == "0");
    }
}

TEST_CASE("before AMI 2.7.0 Status has no EventList markers", "[server][list][legacy]") {
    server srv(version("2.5.0"));
    srv.add_channel(make_channel("SIP/100-00000001"));
    client c(srv.port());
    c.login();
    c.send({{"Action", "Status"}, {"ActionID", "a5"}});
    const std::string ack =
        "Response: Success\r\nActionID: a5\r\nMessage: Channel status will follow\r\n\r\n";
    CHECK(c.read_exactly(ack.size()) == ack);
    const message item = c.expect();
    CHECK(item.is_event("Status"));
    CHECK_FALSE(item.contains("EventList"));
    const std::string complete = "Event: StatusComplete\r\nActionID: a5\r\nItems: 1\r\n\r\n";
    CHECK(c.read_exactly(complete.size()) == complete);

    SECTION("event_lists can be forced on") {
        server_options o = version("1.1");
        o.event_lists = true;
        server forced(o);
        client d(forced.port());
        d.login();
        d.send({{"Action", "Status"}, {"ActionID", "x"}});
        CHECK(d.expect().is_list_start());
        CHECK(d.expect().is_list_complete());
    }

    SECTION("Asterisk 1.x wording of the items") {
        server ancient(version("1.1"));
        ancient.add_channel(make_channel("SIP/100-00000001"));
        client d(ancient.port());
        d.login();
        d.send({{"Action", "Status"}, {"ActionID", "x"}});
        CHECK_FALSE(d.expect().is_list_start());
        const message old_item = d.expect();
        CHECK(old_item.get("State") == "Up");
        CHECK(old_item.get("Extension") == "200");
        const message old_done = d.expect();
        CHECK(old_done.is_event("StatusComplete"));
        CHECK(old_done.get("Items") == "1");
        CHECK_FALSE(old_done.contains("ListItems"));
    }
}

TEST_CASE("IAXpeers items carry no ActionID, only PeerlistComplete does", "[server][list]") {
    server srv;
    client c(srv.port());
    c.login();
    c.send({{"Action", "IAXpeers"}, {"ActionID", "i1"}});
    const std::string start = "Response: Success\r\nActionID: i1\r\nEventList: start\r\n"
                              "Message: Peer status list will follow\r\n\r\n";
    CHECK(c.read_exactly(start.size()) == start);
    const std::string first = "Event: PeerEntry\r\nChanneltype: IAX2\r\nObjectName: "
                              "selfpeer/selfpeer\r\nChanObjectType: peer\r\nIPaddress: "
                              "127.0.0.1\r\nIPport: 4569\r\nDynamic: no\r\nTrunk: no\r\n"
                              "Encryption: no\r\nStatus: Unmonitored\r\nDescription: \r\n\r\n";
    CHECK(c.read_exactly(first.size()) == first);
    const message second = c.expect();
    CHECK(second.is_event("PeerEntry"));
    CHECK_FALSE(second.contains("ActionID"));
    const std::string complete =
        "Event: PeerlistComplete\r\nActionID: i1\r\nEventList: Complete\r\nListItems: 2\r\n\r\n";
    CHECK(c.read_exactly(complete.size()) == complete);

    c.send({{"Action", "IAXpeerlist"}, {"ActionID", "i2"}});
    CHECK(c.expect().message_text() == "IAX Peer status list will follow");
    CHECK(c.expect().action_id() == "i2");
    CHECK(c.expect().action_id() == "i2");
    CHECK(c.expect().is_list_complete());
}

// =============================================================================================
// Originate
// =============================================================================================

TEST_CASE("an async Originate is acknowledged, then OriginateResponse reaches every session "
          "reading call events",
          "[server][originate]") {
    server srv;
    client a(srv.port());
    CHECK(a.login("admin", "amp111", "call").is_success());
    client b(srv.port());
    CHECK(b.login("admin", "amp111", "on").is_success());
    CHECK(b.expect().is_event("FullyBooted"));
    client quiet(srv.port());
    CHECK(quiet.login("admin", "amp111", "off").is_success());

    a.send({{"Action", "Originate"},
            {"Channel", "PJSIP/100"},
            {"Context", "test"},
            {"Exten", "100"},
            {"Priority", "1"},
            {"CallerID", "\"Alice\" <100>"},
            {"Async", "true"},
            {"ActionID", "o2"}});
    const std::string queued =
        "Response: Success\r\nActionID: o2\r\nMessage: Originate successfully queued\r\n\r\n";
    CHECK(a.read_exactly(queued.size()) == queued);

    for (client* c : {&a, &b}) {
        const message r = c->expect_event("OriginateResponse");
        REQUIRE(r.is_event("OriginateResponse"));
        CHECK(r.get("Privilege") == "call,all");
        CHECK(r.action_id() == "o2"); // the originator's ActionID, on every session
        CHECK(r.get("Response") == "Success");
        CHECK(r.get("Channel") == "PJSIP/100");
        CHECK(r.get("Context") == "test");
        CHECK(r.get("Exten") == "100");
        CHECK(r.get("Reason") == "4");
        CHECK(r.get("Uniqueid") != "<unknown>");
        CHECK(r.get("CallerIDNum") == "100");
        CHECK(r.get("CallerIDName") == "Alice");
        const std::vector<std::string_view> order = {
            "Event", "Privilege", "ActionID", "Response",    "Channel",     "Context",
            "Exten", "Reason",    "Uniqueid", "CallerIDNum", "CallerIDName"};
        REQUIRE(r.header_count() == order.size());
        for (std::size_t i = 0; i < order.size(); ++i)
            CHECK(r.header_at(i).key == order[i]);
    }
    // The session with events off got nothing: its next message is the Ping's answer.
    quiet.send({{"Action", "Ping"}, {"ActionID", "q"}});
    CHECK(quiet.expect().action_id() == "q");

    // The answered call is now a channel.
    const auto channels = srv.channels();
    REQUIRE(channels.size() == 1);
    CHECK(channels[0].name.rfind("PJSIP/100-", 0) == 0);
    CHECK(channels[0].caller_id_num == "100");

    SECTION("a busy channel fails with Reason 5") {
        a.send({{"Action", "Originate"},
                {"Channel", "PJSIP/busy"},
                {"Application", "Wait"},
                {"Data", "2"},
                {"Async", "yes"},
                {"ActionID", "o3"}});
        CHECK(a.expect().message_text() == "Originate successfully queued");
        const message r = a.expect_event("OriginateResponse");
        CHECK(r.get("Response") == "Failure");
        CHECK(r.get("Reason") == "5");
        CHECK(r.get("Uniqueid") == "<unknown>");
        CHECK(r.get("Application") == "Wait");
        CHECK(r.get("Data") == "2");
        CHECK(r.get("CallerIDNum") == "<unknown>");
    }
}

TEST_CASE("a synchronous Originate answers after the outcome, holding the session",
          "[server][originate]") {
    server srv;
    client c(srv.port());
    c.login();

    c.send({{"Action", "Originate"},
            {"Channel", "Local/999@fail"},
            {"Exten", "100"},
            {"Context", "test"},
            {"ActionID", "o3"}});
    const std::string failed =
        "Response: Error\r\nActionID: o3\r\nMessage: Originate failed\r\n\r\n";
    CHECK(c.read_exactly(failed.size()) == failed);

    c.send({{"Action", "Originate"}, {"Exten", "100"}, {"Context", "test"}, {"ActionID", "mh1"}});
    CHECK(c.expect().message_text() == "Channel not specified");

    srv.set_originate_outcome([](const message& action) {
        amicpp::testing::originate_outcome out = amicpp::testing::default_originate_outcome(action);
        out.delay = 200ms;
        return out;
    });
    const auto start = std::chrono::steady_clock::now();
    c.send(wire({{"Action", "Originate"},
                 {"Channel", "Local/100@test"},
                 {"Context", "test"},
                 {"Exten", "100"},
                 {"ActionID", "o4"}}) +
           wire({{"Action", "Ping"}, {"ActionID", "after"}}));
    const message r = c.expect();
    CHECK(std::chrono::steady_clock::now() - start >= 200ms);
    CHECK(r.action_id() == "o4");
    CHECK(r.message_text() == "Originate successfully queued");
    CHECK(c.expect().action_id() == "after"); // held behind the Originate, as in Asterisk
}

// =============================================================================================
// Other canned actions
// =============================================================================================

TEST_CASE("Hangup, Redirect, Getvar, Setvar, MailboxStatus and ExtensionState have canned "
          "replies",
          "[server][actions]") {
    server srv;
    srv.add_channel(make_channel("PJSIP/100-00000001"));
    srv.add_channel(make_channel("PJSIP/101-00000002"));
    srv.set_mailbox("1234@default", 2, 1);
    srv.set_extension_state("100", "test", "Custom:ext100", 0);
    client c(srv.port());
    c.login("admin", "amp111", "call,dialplan");

    c.send({{"Action", "Hangup"}, {"ActionID", "mh0"}});
    CHECK(c.expect().message_text() == "No channel specified");
    c.send({{"Action", "Hangup"}, {"Channel", "PJSIP/nope"}, {"ActionID", "h1"}});
    CHECK(c.expect().message_text() == "No such channel");

    c.send({{"Action", "Redirect"}, {"Exten", "200"}, {"ActionID", "r0"}});
    CHECK(c.expect().message_text() == "Channel not specified");
    c.send({{"Action", "Redirect"},
            {"Channel", "PJSIP/nope"},
            {"Context", "test"},
            {"Exten", "1"},
            {"Priority", "1"}});
    CHECK(c.expect().message_text() == "Channel does not exist: PJSIP/nope");
    c.send({{"Action", "Redirect"},
            {"Channel", "PJSIP/100-00000001"},
            {"Context", "other"},
            {"Exten", "300"},
            {"Priority", "1"},
            {"ActionID", "r1"}});
    CHECK(c.expect().message_text() == "Redirect successful");
    c.send({{"Action", "Redirect"},
            {"Channel", "PJSIP/100-00000001"},
            {"ExtraChannel", "PJSIP/101-00000002"},
            {"Context", "other"},
            {"Exten", "400"},
            {"Priority", "1"}});
    CHECK(c.expect().message_text() == "Dual Redirect successful");
    for (const auto& ch : srv.channels()) {
        CHECK(ch.context == "other");
        CHECK(ch.exten == "400");
    }

    c.send({{"Action", "Setvar"},
            {"Variable", "MYGLOBAL"},
            {"Value", "hello world"},
            {"ActionID", "v1"}});
    const std::string set = "Response: Success\r\nActionID: v1\r\nMessage: Variable Set\r\n\r\n";
    CHECK(c.read_exactly(set.size()) == set);
    const message varset = c.expect();
    CHECK(varset.is_event("VarSet"));
    CHECK(varset.get("Channel") == "none");
    c.send({{"Action", "Getvar"}, {"Variable", "MYGLOBAL"}, {"ActionID", "v2"}});
    const std::string got =
        "Response: Success\r\nActionID: v2\r\nVariable: MYGLOBAL\r\nValue: hello world\r\n\r\n";
    CHECK(c.read_exactly(got.size()) == got);
    c.send({{"Action", "Setvar"},
            {"Channel", "PJSIP/100-00000001"},
            {"Variable", "CHANVAR"},
            {"Value", "abc:def"}});
    CHECK(c.expect().message_text() == "Variable Set");
    CHECK(c.expect().get("Uniqueid") != "none");
    c.send({{"Action", "Getvar"}, {"Channel", "PJSIP/100-00000001"}, {"Variable", "CHANVAR"}});
    CHECK(c.expect().get("Value") == "abc:def");
    c.send({{"Action", "Getvar"}, {"Variable", "NOT_SET_ANYWHERE"}});
    const message unset = c.expect();
    CHECK(unset.is_success());
    CHECK(unset.contains("Value"));
    CHECK(unset.get("Value").empty());
    c.send({{"Action", "Getvar"}, {"ActionID", "v7"}});
    CHECK(c.expect().message_text() == "No variable specified");
    c.send({{"Action", "Getvar"}, {"Channel", "PJSIP/nope"}, {"Variable", "X"}});
    CHECK(c.expect().message_text() == "No such channel");

    c.send({{"Action", "MailboxStatus"}, {"Mailbox", "1234@default"}, {"ActionID", "m1"}});
    const std::string mbox = "Response: Success\r\nActionID: m1\r\nMessage: Mailbox Status\r\n"
                             "Mailbox: 1234@default\r\nWaiting: 1\r\n\r\n";
    CHECK(c.read_exactly(mbox.size()) == mbox);
    c.send({{"Action", "MailboxCount"}, {"Mailbox", "9999@default"}});
    const message count = c.expect();
    CHECK(count.get("NewMessages") == "0");
    CHECK(count.get("OldMessages") == "0");
    c.send({{"Action", "MailboxStatus"}, {"ActionID", "m4"}});
    CHECK(c.expect().message_text() == "Mailbox not specified");

    c.send(
        {{"Action", "ExtensionState"}, {"Exten", "100"}, {"Context", "test"}, {"ActionID", "e1"}});
    const std::string ext = "Response: Success\r\nActionID: e1\r\nMessage: Extension Status\r\n"
                            "Exten: 100\r\nContext: test\r\nHint: Custom:ext100\r\nStatus: 0\r\n"
                            "StatusText: Idle\r\n\r\n";
    CHECK(c.read_exactly(ext.size()) == ext);
    c.send({{"Action", "ExtensionState"}, {"Exten", "200"}, {"Context", "test"}});
    const message nohint = c.expect();
    CHECK(nohint.get("Hint").empty());
    CHECK(nohint.get("Status") == "-1");
    CHECK(nohint.get("StatusText") == "Unknown");

    c.send({{"Action", "Hangup"}, {"Channel", "PJSIP/100-00000001"}, {"ActionID", "h2"}});
    CHECK(c.expect().message_text() == "Channel Hungup");
    const message hangup = c.expect();
    CHECK(hangup.is_event("Hangup"));
    CHECK(hangup.get("Cause") == "16");
    CHECK(hangup.get("Cause-txt") == "Normal Clearing");
    c.send({{"Action", "Hangup"}, {"Channel", "/^PJSIP/"}, {"ActionID", "h3"}});
    CHECK(c.expect().is_list_start());
    CHECK(c.expect().is_event("ChannelHungup"));
    CHECK(c.expect().is_event("ChannelsHungupListComplete"));
    CHECK(srv.channels().empty());

    c.send({{"Action", "CoreSettings"}, {"ActionID", "k2"}});
    const message settings = c.expect_response(); // after the Hangup events
    CHECK(settings.get("AMIversion") == "11.0.0");
    CHECK(settings.get("AsteriskVersion") == "22.10.1");

    c.send({{"Action", "ListCommands"}});
    const message list = c.expect();
    CHECK(list.get("Ping") == "Keepalive command.  (Priv: <none>)");
    CHECK(list.get("Originate") == "Originate a call.  (Priv: originate,all)");
}

TEST_CASE("UserEvent is acknowledged, then broadcast", "[server][actions]") {
    server srv;
    client c(srv.port());
    c.login("admin", "amp111", "user");
    c.send({{"Action", "UserEvent"},
            {"UserEvent", "MyTestEvent"},
            {"Header1", "hello"},
            {"ActionID", "k12"}});
    const std::string expected =
        "Response: Success\r\nActionID: k12\r\nMessage: Event Sent\r\n\r\n"
        "Event: UserEvent\r\nPrivilege: user,all\r\nUserEvent: MyTestEvent\r\nHeader1: hello\r\n"
        "ActionID: k12\r\n\r\n";
    CHECK(c.read_exactly(expected.size()) == expected);
}

// =============================================================================================
// Scripting
// =============================================================================================

TEST_CASE("on_action scripts unusual servers", "[server][script]") {
    server srv;
    client c(srv.port());
    c.login();

    SECTION("a list action the library has never heard of, returned as messages") {
        srv.on_action("FooList", [](const message& action) {
            std::vector<message> out;
            message ack = message::response("Success");
            ack.add("ActionID", action.action_id());
            ack.add("EventList", "start");
            ack.add("Message", "Foos will follow");
            out.push_back(ack);
            for (int i = 0; i < 3; ++i) {
                message item = message::event("FooEntry");
                item.add("ActionID", action.action_id());
                item.add("Index", std::to_string(i));
                out.push_back(item);
            }
            message done = message::event("FooListComplete");
            done.add("ActionID", action.action_id());
            done.add("EventList", "Complete");
            done.add("ListItems", "3");
            out.push_back(done);
            return out;
        });
        c.send({{"Action", "foolist"}, {"ActionID", "f1"}});
        CHECK(c.expect().is_list_start());
        for (int i = 0; i < 3; ++i)
            CHECK(c.expect().get("Index") == std::to_string(i));
        CHECK(c.expect().is_list_complete());
        CHECK(srv.actions_received("FooList") == 1);
    }

    SECTION("an Error reply through the context") {
        srv.on_action("Ping", [](action_context& ctx) { ctx.send(ctx.error("Not today")); });
        c.send({{"Action", "Ping"}, {"ActionID", "p"}});
        const std::string reply = "Response: Error\r\nActionID: p\r\nMessage: Not today\r\n\r\n";
        CHECK(c.read_exactly(reply.size()) == reply);
        srv.remove_action("ping");
        c.send({{"Action", "Ping"}, {"ActionID", "p2"}});
        CHECK(c.expect().get("Ping") == "Pong");
    }

    SECTION("a list cut off by a closed connection") {
        srv.on_action("Status", [](action_context& ctx) {
            ctx.send(ctx.list_start("Channel status will follow"));
            message item = ctx.list_item("Status");
            item.add("Channel", "SIP/1");
            ctx.send(item);
            ctx.close();
        });
        c.send({{"Action", "Status"}, {"ActionID", "s"}});
        CHECK(c.expect().is_list_start());
        CHECK(c.expect().get("Channel") == "SIP/1");
        CHECK_FALSE(c.next().has_value());
        CHECK(c.eof());
    }

    SECTION("raw bytes, delayed replies and the built-in behaviour") {
        srv.on_action("IAXnetstats", [](action_context& ctx) {
            ctx.send_raw("                                -------- LOCAL --------\n"
                         "Channel  RTT\n\r\n");
        });
        srv.on_action("Ping", [](action_context& ctx) {
            message note = message::event("BeforePong");
            note.add("ActionID", ctx.action_id());
            ctx.send(note);
            ctx.run_builtin();
        });
        srv.on_action("Slow",
                      [](action_context& ctx) { ctx.send_after(100ms, ctx.success("finally")); });
        c.send({{"Action", "IAXnetstats"}, {"ActionID", "n"}});
        const message raw = c.expect();
        CHECK(raw.kind() == message_kind::raw);
        CHECK(raw.line_count() == 2);
        c.send(wire({{"Action", "Slow"}, {"ActionID", "s1"}}) +
               wire({{"Action", "Ping"}, {"ActionID", "p1"}}));
        CHECK(c.expect().is_event("BeforePong"));
        CHECK(c.expect().get("Ping") == "Pong"); // overtakes the delayed reply
        const message late = c.expect();
        CHECK(late.action_id() == "s1");
        CHECK(late.message_text() == "finally");
    }

    SECTION("a handler that throws is answered with an error") {
        srv.on_action("Boom", [](action_context&) { throw std::runtime_error("kaboom\r\nX: y"); });
        c.send({{"Action", "Boom"}, {"ActionID", "b"}});
        const message m = c.expect();
        CHECK(m.is_error());
        CHECK(m.message_text().find("kaboom") != std::string_view::npos);
        c.send({{"Action", "Ping"}, {"ActionID", "alive"}});
        CHECK(c.expect().action_id() == "alive");
    }

    SECTION("control calls made from a handler run at once, without deadlock") {
        srv.on_action("Announce", [&srv](action_context& ctx) {
            message ev = message::event("Announcement");
            ev.add("Sessions", std::to_string(srv.channels().size()));
            srv.add_channel(make_channel("SIP/from-handler"));
            ctx.send(ctx.success("done"));
            srv.broadcast(ev);
        });
        c.send({{"Action", "Events"}, {"EventMask", "on"}});
        CHECK(c.expect().get("Events") == "On");
        c.send({{"Action", "Announce"}, {"ActionID", "a"}});
        CHECK(c.expect().message_text() == "done");
        CHECK(c.expect().is_event("Announcement"));
        CHECK(srv.channels().size() == 1);
    }
}

TEST_CASE("received actions are kept for inspection", "[server][script]") {
    server srv;
    client c(srv.port());
    c.login();
    c.send({{"Action", "Ping"}, {"ActionID", "1"}});
    c.send({{"Action", "Ping"}, {"ActionID", "2"}, {"Variable", "a=1"}, {"Variable", "b=2"}});
    CHECK(c.expect().action_id() == "1");
    CHECK(c.expect().action_id() == "2");
    const std::vector<message> pings = srv.received_actions("ping");
    REQUIRE(pings.size() == 2);
    CHECK(pings[1].all("Variable") == std::vector<std::string_view>{"a=1", "b=2"});
    CHECK(srv.received_actions().size() == 3); // Login too
    CHECK(srv.wait_for_actions("Ping", 2, deadline));
    CHECK(srv.actions_received() == 3);
}

// =============================================================================================
// Injection
// =============================================================================================

TEST_CASE("broadcast reaches logged-in sessions that read the event's class; send_raw reaches "
          "all",
          "[server][inject]") {
    server srv;
    client calls(srv.port());
    calls.login("admin", "amp111", "call");
    client system(srv.port());
    system.login("admin", "amp111", "system");
    CHECK(system.expect().is_event("FullyBooted"));
    client anonymous(srv.port());
    anonymous.banner();
    REQUIRE(srv.wait_for_sessions(3, deadline));

    message ev = message::event("Newchannel");
    ev.add("Privilege", "call,all");
    ev.add("Channel", "SIP/1");
    CHECK(srv.broadcast(ev) == 1);
    CHECK(calls.expect().is_event("Newchannel"));

    message bad = message::event("Evil");
    bad.add("Channel", "x\r\nAction: Hangup");
    CHECK_THROWS_AS(srv.broadcast(bad), amicpp::serialize_error);

    CHECK(srv.send_raw("Garbage without end") == 3);
    CHECK(anonymous.read_exactly(19) == "Garbage without end");
    CHECK(system.read_exactly(19) == "Garbage without end");

    srv.send_shutdown(true);
    const message shutdown = system.expect();
    CHECK(shutdown.is_event("Shutdown"));
    CHECK(shutdown.get("Shutdown") == "Cleanly");
    CHECK(shutdown.get("Restart") == "True");
    CHECK(system.wait_eof());
    CHECK(calls.wait_eof());
    CHECK(anonymous.wait_eof());
    CHECK(srv.wait_for_sessions(0, deadline));
}

TEST_CASE("flood sends exactly count events, at the pace of the reader", "[server][flood]") {
    server srv;
    client c(srv.port());
    c.login("admin", "amp111", "on");
    CHECK(c.expect().is_event("FullyBooted"));

    message ev = message::event("VarSet");
    ev.add("Privilege", "dialplan,all");
    ev.add("Variable", "X");
    ev.add("Value", "1");
    const std::uint64_t lines_per_event = 5;

    const std::uint64_t count = 10000000; // about 500 MB through loopback
    CHECK(srv.flood(ev, count) == 1);
    std::uint64_t newlines = 0;
    bool bad = false;
    const bool stopped = c.consume(
        [&](std::string_view chunk) {
            newlines += static_cast<std::uint64_t>(std::count(chunk.begin(), chunk.end(), '\n'));
            bad = bad || newlines > count * lines_per_event;
            return newlines < count * lines_per_event && !bad;
        },
        60s);
    CHECK(stopped);
    CHECK_FALSE(bad);
    CHECK(newlines == count * lines_per_event);
    CHECK(srv.wait_for([&](const server_stats& s) { return s.events_flooded == count; }, deadline));

    // The session still answers, right after the flood.
    c.send({{"Action", "Ping"}, {"ActionID", "after-flood"}});
    CHECK(c.expect().action_id() == "after-flood");
}

TEST_CASE("a flood to a client that does not read is held back by the socket", "[server][flood]") {
    server srv;
    client c(srv.port());
    c.login("admin", "amp111", "on");
    message ev = message::event("Tick");
    ev.add("Privilege", "system,all");
    const std::uint64_t count = 10000000;
    CHECK(srv.flood(ev, count) == 1);
    // The kernel buffers take a few megabytes; the rest waits in the server as a count, not as
    // bytes. So within a while far fewer than `count` copies have been written.
    CHECK(srv.wait_for([](const server_stats& s) { return s.events_flooded > 0; }, deadline));
    CHECK_FALSE(
        srv.wait_for([&](const server_stats& s) { return s.events_flooded >= count; }, 500ms));
    CHECK(srv.stats().events_flooded < count / 10);
    // Replies queue behind the current block, not behind the whole flood.
    c.close();
    CHECK(srv.wait_for_sessions(0, deadline));
}

// =============================================================================================
// Faults
// =============================================================================================

TEST_CASE("fault: close before the banner", "[server][fault]") {
    server srv;
    srv.set_fault(fault::closing_before_banner());
    client c(srv.port());
    CHECK(c.wait_eof());
    CHECK(srv.wait_for_connections(1, deadline));
    CHECK(srv.sessions() == 0);
    srv.clear_faults();
    client d(srv.port());
    CHECK(d.read_until("\r\n") == "Asterisk Call Manager/11.0.0\r\n");
}

TEST_CASE("fault: close after N bytes", "[server][fault]") {
    server srv;
    srv.set_fault(fault::closing_after(10));
    client c(srv.port());
    CHECK(c.read_exactly(100) == "Asterisk C");
    CHECK(c.eof());

    srv.set_fault(fault{});
    client d(srv.port());
    d.login();
    srv.apply_fault(fault::closing_after(20)); // counted from now
    d.send({{"Action", "Ping"}, {"ActionID", "p"}});
    CHECK(d.read_exactly(100) == "Response: Success\r\nA");
    CHECK(d.eof());
    CHECK(srv.wait_for_sessions(0, deadline));
}

TEST_CASE("fault: stall, then resume", "[server][fault]") {
    server srv;
    srv.set_fault(fault::stalling());
    client c(srv.port());
    REQUIRE(srv.wait_for_sessions(1, deadline));
    CHECK(c.read_available(200ms).empty()); // not even the banner
    c.send({{"Action", "Login"}, {"Username", "admin"}, {"Secret", "amp111"}, {"Events", "off"}});
    CHECK(c.read_available(100ms).empty());
    CHECK(srv.actions_received() == 0);
    srv.clear_faults();
    CHECK(c.banner() == "Asterisk Call Manager/11.0.0\r\n");
    CHECK(c.expect().message_text() == "Authentication accepted");

    srv.apply_fault(fault::stalling());
    c.send({{"Action", "Ping"}, {"ActionID", "p"}});
    CHECK_FALSE(c.next(200ms).has_value());
    CHECK_FALSE(c.eof());
    srv.apply_fault(fault::none());
    CHECK(c.expect().action_id() == "p");
}

TEST_CASE("faults applied from inside a handler take effect in order", "[server][fault]") {
    server srv;
    srv.on_action("Freeze", [&srv](action_context& ctx) {
        ctx.send(ctx.success("frozen"));
        srv.apply_fault(fault::stalling()); // runs at once, on the server thread
    });
    client c(srv.port());
    c.login();
    c.send(wire({{"Action", "Freeze"}, {"ActionID", "f"}}) +
           wire({{"Action", "Ping"}, {"ActionID", "p"}}));
    CHECK(c.expect().message_text() == "frozen"); // already on its way when the stall began
    CHECK_FALSE(c.next(200ms).has_value());       // the pipelined Ping waits
    CHECK(srv.actions_received("Ping") == 0);     // unread, not just unanswered
    srv.clear_faults();
    CHECK(c.expect().action_id() == "p");

    SECTION("closing after 0 bytes closes at once") {
        srv.apply_fault(fault::closing_after(0));
        CHECK(c.wait_eof());
        CHECK(srv.wait_for_sessions(0, deadline));
    }
}

TEST_CASE("fault: drip one byte per write", "[server][fault]") {
    server srv;
    srv.set_fault(fault::dripping(1ms));
    client c(srv.port());
    const auto start = std::chrono::steady_clock::now();
    CHECK(c.read_until("\r\n") == "Asterisk Call Manager/11.0.0\r\n");
    CHECK(std::chrono::steady_clock::now() - start >= 29ms); // 30 bytes, 1 ms apart
    c.send({{"Action", "Login"}, {"Username", "admin"}, {"Secret", "amp111"}, {"Events", "off"}});
    const message m = c.expect();
    CHECK(m.message_text() == "Authentication accepted");

    srv.set_fault(fault::dripping());
    client d(srv.port());
    CHECK(d.login().is_success());
}

TEST_CASE("fault: ignore actions named X", "[server][fault]") {
    server srv;
    srv.set_fault(fault::ignoring("ping"));
    client c(srv.port());
    c.login();
    c.send(wire({{"Action", "Ping"}, {"ActionID", "ignored"}}) +
           wire({{"Action", "CoreStatus"}, {"ActionID", "answered"}}));
    // Actions are answered in order: had the Ping been answered, its reply would come first.
    CHECK(c.expect().action_id() == "answered");
    CHECK(srv.actions_received("Ping") == 1);
    srv.apply_fault(fault::none());
    c.send({{"Action", "Ping"}, {"ActionID", "now"}});
    CHECK(c.expect().action_id() == "now");
}

TEST_CASE("fault: disconnect_all and refuse_connections", "[server][fault]") {
    server srv;
    client a(srv.port());
    client b(srv.port());
    a.login();
    b.login();
    REQUIRE(srv.wait_for_logged_in(2, deadline));
    srv.disconnect_all();
    CHECK(a.wait_eof());
    CHECK(b.wait_eof());
    CHECK(srv.wait_for_sessions(0, deadline));

    srv.refuse_connections();
    client refused;
    CHECK(refused.connect(srv.port()) == asio::error::connection_refused);
    srv.refuse_connections(false);
    client again(srv.port());
    CHECK(again.login().is_success());
}

TEST_CASE("stop closes sessions and cancels pending work promptly", "[server][stop]") {
    auto srv = std::make_unique<server>();
    srv->set_originate_outcome([](const message&) {
        amicpp::testing::originate_outcome out;
        out.delay = std::chrono::hours(1);
        return out;
    });
    client c(srv->port());
    c.login("admin", "amp111", "on");
    c.send({{"Action", "Originate"}, {"Channel", "SIP/1"}, {"Async", "true"}, {"ActionID", "o"}});
    client d(srv->port());
    d.login();
    d.send({{"Action", "Originate"}, {"Channel", "SIP/2"}, {"ActionID", "sync"}});
    REQUIRE(srv->wait_for_actions("Originate", 2, deadline));
    const auto start = std::chrono::steady_clock::now();
    srv->stop();
    CHECK(std::chrono::steady_clock::now() - start < 2s);
    CHECK(c.wait_eof());
    CHECK(d.wait_eof());
    srv->stop(); // idempotent
    srv.reset();
}
