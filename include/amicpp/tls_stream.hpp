// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_TLS_STREAM_HPP
#define AMICPP_TLS_STREAM_HPP

/// @file
/// @brief `amicpp::tls_stream`: a TLS stream over TCP that knows how to check the server it
/// talks to (SNI, certificate chain, host name), and its handshake for `basic_connection`.

#include <amicpp/detail/stream_ops.hpp>
#include <amicpp/error.hpp>
#include <amicpp/tls_error.hpp>
#include <amicpp/tls_options.hpp>

#include <asio/ip/address.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/post.hpp>
#include <asio/ssl/context.hpp>
#include <asio/ssl/stream.hpp>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <memory>
#include <string>
#include <system_error>
#include <utility>

namespace amicpp {

/// @brief What a TLS stream checks about the server, per connection.
struct tls_peer_check {
    bool verify_peer = true;      ///< the chain must lead to a trusted authority
    bool verify_host_name = true; ///< the certificate must name the server
    std::string server_name;      ///< SNI and the name to check; empty: the host connected to

    /// @brief The checks that `options` asks for.
    static tls_peer_check from(const tls_options& options) {
        return {options.verify_peer, options.verify_host_name, options.server_name};
    }
};

namespace detail {

// Holds the context before the SSL stream is built from it (a base is built before members),
// so that the context outlives the stream whoever else lets go of it.
struct tls_context_holder {
    std::shared_ptr<asio::ssl::context> context;
};

} // namespace detail

/// @brief `asio::ssl::stream<asio::ip::tcp::socket>` with the checks of one connection. Built
/// by `tls_connection` for every connect; build it yourself only for `basic_connection`'s
/// factory constructor.
class tls_stream : private detail::tls_context_holder,
                   public asio::ssl::stream<asio::ip::tcp::socket> {
public:
    /// @brief The SSL stream type underneath.
    using ssl_stream = asio::ssl::stream<asio::ip::tcp::socket>;

    /// @brief A stream on `ex` using `context` (kept alive by the stream), checking `check`.
    template <class Executor>
    tls_stream(const Executor& ex, std::shared_ptr<asio::ssl::context> ctx, tls_peer_check check)
        : detail::tls_context_holder{std::move(ctx)},
          ssl_stream(asio::ip::tcp::socket(ex), *this->context), check_(std::move(check)) {
        set_verify_mode(check_.verify_peer ? asio::ssl::verify_peer : asio::ssl::verify_none);
    }

    /// @brief Moves the stream (its TLS state, socket and checks).
    tls_stream(tls_stream&&) = default;
    tls_stream& operator=(tls_stream&&) = delete;

    /// @brief The checks of this stream.
    const tls_peer_check& peer_check() const noexcept { return check_; }

    /// @brief Sets SNI and the name the certificate must carry, from `host` (the host connected
    /// to) unless `peer_check().server_name` overrides it.
    /// @return `error::tls_no_server_name` when the name is to be verified but there is none
    std::error_code prepare_client(const std::string& host) {
        const std::string& name = check_.server_name.empty() ? host : check_.server_name;
        std::error_code ec;
        const bool is_address = !name.empty() && (asio::ip::make_address(name, ec), !ec);
        SSL* ssl = native_handle();
        // RFC 6066: SNI carries host names only, never addresses.
        // (SSL_set_tlsext_host_name, without the macro's C cast.)
        if (!name.empty() && !is_address &&
            SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                     const_cast<char*>(name.c_str())) != 1)
            return make_error_code(std::errc::invalid_argument);
        if (!check_.verify_peer || !check_.verify_host_name)
            return {};
        if (name.empty())
            return error::tls_no_server_name;
        X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
        const int ok = is_address ? X509_VERIFY_PARAM_set1_ip_asc(param, name.c_str())
                                  : X509_VERIFY_PARAM_set1_host(param, name.c_str(), name.size());
        if (ok != 1)
            return make_error_code(std::errc::invalid_argument);
        X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
        return {};
    }

    /// @brief The reason a handshake failed, in words: a refused certificate becomes a
    /// `tls_verify_category()` code; any other failure is returned as it is.
    std::error_code explain_handshake_failure(std::error_code ec) {
        if (!ec || ec == asio::error::operation_aborted)
            return ec;
        const long verdict = SSL_get_verify_result(native_handle());
        if (verdict != X509_V_OK)
            return {static_cast<int>(verdict), tls_verify_category()};
        return ec;
    }

private:
    tls_peer_check check_;
};

namespace detail {

// The handshake of a client connection: names first, then TLS, then a reason in words.
template <>
struct stream_ops<tls_stream, void> {
    template <class Handler>
    static void async_handshake(tls_stream& s, const std::string& host, Handler&& handler) {
        const std::error_code ec = s.prepare_client(host);
        if (ec) {
            asio::post(s.get_executor(),
                       [h = std::forward<Handler>(handler), ec]() mutable { h(ec); });
            return;
        }
        s.async_handshake(asio::ssl::stream_base::client,
                          [&s, h = std::forward<Handler>(handler)](std::error_code e) mutable {
                              h(s.explain_handshake_failure(e));
                          });
    }
};

} // namespace detail

} // namespace amicpp

#endif // AMICPP_TLS_STREAM_HPP
