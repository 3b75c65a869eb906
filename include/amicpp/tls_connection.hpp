// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_TLS_CONNECTION_HPP
#define AMICPP_TLS_CONNECTION_HPP

/// @file
/// @brief `amicpp::tls_connection`: an AMI session over TLS (Asterisk's port 5039). Needs
/// OpenSSL: link `amicpp::tls` (CMake) or `-lssl -lcrypto`. With `AMICPP_SEPARATE_COMPILATION`
/// defined, its code is compiled once, where `<amicpp/tls_src.hpp>` is included.

#include <amicpp/basic_connection.hpp>
#include <amicpp/detail/separate_compilation.hpp>
#include <amicpp/tls_context.hpp>
#include <amicpp/tls_error.hpp>
#include <amicpp/tls_options.hpp>
#include <amicpp/tls_stream.hpp>

#include <asio/any_io_executor.hpp>
#include <asio/ssl/context.hpp>
#include <asio/strand.hpp>

#include <functional>
#include <memory>
#include <stdexcept>
#include <utility>

#if defined(AMICPP_SEPARATE_COMPILATION)
AMICPP_DETAIL_DRIVER_INSTANTIATION(extern, amicpp::tls_stream)
#endif

namespace amicpp {

/// @brief An AMI session over TLS: everything `basic_connection` does, on an encrypted stream.
///
/// Every connect (and every reconnect of `async_run`) makes a new TLS stream, sends SNI, checks
/// the certificate chain and that the certificate names the host (see `tls_options`), then logs
/// in. A refused certificate fails the connect with a `tls_verify_category()` code whose message
/// says why ("... hostname mismatch ..."); a supervised session reports it as the `down` reason.
///
/// @code
/// amicpp::tls_options tls;
/// tls.ca_file = "/etc/asterisk/keys/ca.crt";
/// amicpp::tls_connection ami(io.get_executor(), tls);
/// ami.async_connect("pbx.example.com", "5039", {"admin", "secret"}, handler);
/// @endcode
class tls_connection : public basic_connection<tls_stream> {
public:
    /// @brief A connection with a context made from `tls` by `make_tls_context`.
    /// @throws what `make_tls_context` throws (a CA or certificate file that cannot be used)
    explicit tls_connection(const executor_type& ex, const tls_options& tls = {},
                            connection_options options = {})
        : tls_connection(ex, make_tls_context(tls), tls_peer_check::from(tls), std::move(options)) {
    }

    /// @brief A connection with a context the application set up (shared between connections,
    /// or configured beyond `tls_options`). `check` says what to verify of the server.
    /// @throws std::invalid_argument when `context` is null
    tls_connection(const executor_type& ex, std::shared_ptr<asio::ssl::context> context,
                   tls_peer_check check, connection_options options = {})
        : basic_connection(ex, std::move(options), stream_maker(non_null(context), check)),
          context_(std::move(context)) {}

    /// @brief The OpenSSL context of this connection's streams.
    asio::ssl::context& tls_context() const noexcept { return *context_; }

private:
    static const std::shared_ptr<asio::ssl::context>&
    non_null(const std::shared_ptr<asio::ssl::context>& context) {
        if (!context)
            throw std::invalid_argument("amicpp: tls_connection needs a TLS context");
        return context;
    }

    static std::function<tls_stream(const asio::strand<asio::any_io_executor>&)>
    stream_maker(std::shared_ptr<asio::ssl::context> context, tls_peer_check check) {
        return [context = std::move(context), check = std::move(check)](const auto& strand) {
            return tls_stream(strand, context, check);
        };
    }

    std::shared_ptr<asio::ssl::context> context_;
};

} // namespace amicpp

#endif // AMICPP_TLS_CONNECTION_HPP
