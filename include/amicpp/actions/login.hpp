// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_ACTIONS_LOGIN_HPP
#define AMICPP_ACTIONS_LOGIN_HPP

/// @file
/// @brief `Login` and `Challenge`: authentication, plain or MD5. The connection logs in by
/// itself (`basic_connection::async_connect`); these are for sessions driven by hand.

#include <amicpp/actions/detail/fields.hpp>
#include <amicpp/actions/result.hpp>
#include <amicpp/detail/md5.hpp>
#include <amicpp/message.hpp>
#include <amicpp/reply.hpp>

#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace amicpp::actions {

/// @brief `Action: Login`. Plain: `Username` and `Secret`. MD5: `AuthType: MD5`, `Username` and
/// `Key: md5hex(challenge + secret)` (see `login::md5`): the secret never crosses the wire.
/// A refused login is answered `Authentication failed` after about a second, then the server
/// closes the connection.
struct login {
    static constexpr std::string_view ami_name = "Login"; ///< the `Action:` name
    using result_type = ack_result;                       ///< `Authentication accepted`

    std::string username{};  ///< `Username` (required)
    std::string secret{};    ///< `Secret` (plain login)
    std::string auth_type{}; ///< `AuthType`: empty (plain) or `MD5`
    std::string key{};       ///< `Key` (MD5 login)
    std::string events{};    ///< `Events`: `on`, `off` or a class list (`system,call`); empty: the
                             ///< user's default

    /// @brief An MD5 login answering `challenge` (from `Action: Challenge`) with `secret`.
    static login md5(std::string username, std::string_view challenge, std::string_view secret,
                     std::string events = {}) {
        std::string text(challenge);
        text.append(secret.data(), secret.size());
        login l;
        l.username = std::move(username);
        l.auth_type = "MD5";
        l.key = amicpp::detail::md5_hex(text);
        l.events = std::move(events);
        return l;
    }

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        detail::add_if(m, "AuthType", auth_type);
        m.add("Username", username);
        detail::add_if(m, "Secret", secret);
        detail::add_if(m, "Key", key);
        detail::add_if(m, "Events", events);
        return m;
    }

    /// @brief Builds the result from the reply.
    static result_type make_result(reply&& r, std::error_code& ec) {
        return ack_result::from_reply(std::move(r), ec);
    }
};

/// @brief The answer to Challenge.
struct challenge_result {
    message response{};      ///< `Response: Success`, `Challenge: <digits>`
    std::string challenge{}; ///< the text to prepend to the secret before hashing
};

/// @brief `Action: Challenge` with `AuthType: MD5`: the first step of an MD5 login.
struct challenge {
    static constexpr std::string_view ami_name = "Challenge"; ///< the `Action:` name
    using result_type = challenge_result;                     ///< the challenge

    std::string auth_type = "MD5"; ///< `AuthType`: MD5 is the only one Asterisk knows

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        m.add("AuthType", auth_type);
        return m;
    }

    /// @brief Builds the result from the reply.
    static result_type make_result(reply&& r, std::error_code&) {
        challenge_result out;
        out.challenge = std::string(r.response.get("Challenge"));
        out.response = std::move(r.response);
        return out;
    }
};

} // namespace amicpp::actions

#endif // AMICPP_ACTIONS_LOGIN_HPP
