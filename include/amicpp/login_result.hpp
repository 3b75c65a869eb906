// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_LOGIN_RESULT_HPP
#define AMICPP_LOGIN_RESULT_HPP

/// @file
/// @brief `amicpp::login_result`: what connecting and logging in bring back.

#include <amicpp/message.hpp>
#include <amicpp/server_version.hpp>

#include <optional>
#include <utility>

namespace amicpp {

/// @brief The server's answer to Login (this object is that message: `message_text()`, ...)
/// together with the AMI version its greeting announced.
///
/// A handler or a variable of type `amicpp::message` still takes it (it converts, keeping the
/// response), so code written before this type existed compiles unchanged.
class login_result : public message {
public:
    /// @brief No response, no version.
    login_result() = default;

    /// @brief The response `response` (empty when the server never answered) and the version of
    /// the greeting (nothing when no greeting came).
    login_result(message response, std::optional<server_version> version = std::nullopt)
        : message(std::move(response)), version_(version) {}

    /// @brief The AMI version from the server's greeting (`Asterisk Call Manager/11.0.0` gives
    /// 11.0.0, which is Asterisk 22); nothing when the connect failed before the greeting.
    const std::optional<server_version>& version() const noexcept { return version_; }

    /// @brief The server's response to Login, as a plain message.
    const message& response() const noexcept { return *this; }

private:
    std::optional<server_version> version_;
};

} // namespace amicpp

#endif // AMICPP_LOGIN_RESULT_HPP
