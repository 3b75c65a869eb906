// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// A logged-in amicpp::connection to an amicpp::testing::server, for the typed-action tests:
// send a typed action and wait (with a deadline) for its result, read back what the server
// received, script replies as raw text.
#ifndef AMICPP_TESTS_ACTIONS_SESSION_HPP
#define AMICPP_TESTS_ACTIONS_SESSION_HPP

#include <amicpp/connection.hpp>
#include <amicpp/detail/ascii.hpp>
#include <amicpp/serializer.hpp>
#include <amicpp/testing/server.hpp>

#include "connection/harness.hpp"
#include "support/catch.hpp"

#include <asio/io_context.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace amicpp_test {

inline amicpp::testing::server_options action_server_options() {
    amicpp::testing::server_options o;
    o.users = {{"admin", "amp111", "all", "all"}};
    return o;
}

inline amicpp::connection_options action_connection_options() {
    amicpp::connection_options o;
    o.action_timeout = std::chrono::seconds(10);
    return o;
}

// `text` with every `$ID` replaced by `id`.
inline std::string with_action_id(std::string text, std::string_view id) {
    for (std::size_t at = text.find("$ID"); at != std::string::npos;
         at = text.find("$ID", at + id.size()))
        text.replace(at, 3, id);
    return text;
}

// The message as it would be written, without its ActionID: what the tests compare.
inline std::string wire_without_action_id(const amicpp::message& m) {
    amicpp::message copy(m.kind());
    for (const amicpp::header h : m) {
        if (!amicpp::detail::iequals(h.key, "ActionID"))
            copy.add(h.key, h.value);
    }
    amicpp::serialize_options o;
    o.max_headers = 0;
    o.max_line_length = 0;
    return amicpp::to_wire(copy, o);
}

class action_session {
public:
    explicit action_session(amicpp::testing::server_options so = action_server_options())
        : srv(std::move(so)), conn(io.get_executor(), action_connection_options()) {
        std::optional<std::error_code> result;
        conn.async_connect("127.0.0.1", std::to_string(srv.port()),
                           {"admin", "amp111", amicpp::auth_method::md5, "on"},
                           [&](std::error_code ec, amicpp::message) { result = ec; });
        REQUIRE(run_until(io, [&] { return result.has_value(); }));
        REQUIRE_FALSE(*result);
    }

    // Sends `a` and waits for its completion (10 s at most).
    template <class Action>
    std::pair<std::error_code, typename Action::result_type> send(Action a,
                                                                  amicpp::send_options o = {}) {
        std::optional<std::pair<std::error_code, typename Action::result_type>> out;
        conn.async_send(std::move(a), o, [&](std::error_code ec, typename Action::result_type r) {
            out.emplace(ec, std::move(r));
        });
        REQUIRE(run_until(io, [&] { return out.has_value(); }));
        return std::move(*out);
    }

    // The last action named `name` the server received, as wire text without its ActionID.
    std::string last_sent(std::string_view name) const {
        const auto received = srv.received_actions(name);
        REQUIRE_FALSE(received.empty());
        return wire_without_action_id(received.back());
    }

    // Makes the server answer `name` with `text` as it is, `$ID` replaced by the ActionID.
    void reply_raw(std::string name, std::string text) {
        srv.on_action(std::move(name), [text](amicpp::testing::action_context& ctx) {
            ctx.send_raw(with_action_id(text, ctx.action_id()));
        });
    }

    amicpp::testing::server srv;
    asio::io_context io;
    amicpp::connection conn;
};

} // namespace amicpp_test

#endif
