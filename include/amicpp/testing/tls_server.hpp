// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_TESTING_TLS_SERVER_HPP
#define AMICPP_TESTING_TLS_SERVER_HPP

/// @file
/// @brief `amicpp::testing::tls_server`: the simulated Asterisk behind TLS, as Asterisk's
/// `tlsenable=yes` port (5039). Needs OpenSSL (`amicpp::tls`).

#include <amicpp/testing/certificates.hpp>
#include <amicpp/testing/server.hpp>

#include <asio/buffer.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ssl/context.hpp>
#include <asio/ssl/stream.hpp>
#include <openssl/ssl.h>

#include <memory>
#include <string>
#include <system_error>
#include <utility>

namespace amicpp::testing {

/// @brief The certificate a `tls_server` shows and the clients it accepts.
struct tls_server_options {
    /// The server's certificate chain and key (from `certificate_authority::issue`).
    identity server_identity;
    /// Authorities whose client certificates are accepted (PEM); used when
    /// `require_client_certificate` is set.
    std::string client_ca_pem;
    /// Refuse clients without a certificate signed by `client_ca_pem`.
    bool require_client_certificate = false;
};

/// @brief `server`, with a TLS handshake before the banner. Everything else (scripting, faults,
/// statistics) is the same; handshakes that fail are counted in
/// `server_stats::tls_handshakes_failed` and the connection is closed.
///
/// @code
/// amicpp::testing::certificate_authority ca;
/// amicpp::testing::tls_server pbx({}, {ca.issue()});  // a certificate for localhost/127.0.0.1
/// amicpp::tls_options tls;
/// tls.ca_pem = ca.certificate_pem();
/// @endcode
class tls_server : public server {
public:
    /// @brief Listens as `server(options)` does, speaking TLS with `tls`.
    /// @throws std::system_error when the certificate or key cannot be loaded, or the address
    /// cannot be bound
    tls_server(server_options options, const tls_server_options& tls)
        : server(std::move(options), make_hook(make_context(tls))) {}

private:
    static std::shared_ptr<asio::ssl::context> make_context(const tls_server_options& tls) {
        auto ctx = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
        ctx->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                         asio::ssl::context::no_sslv3);
        ctx->use_certificate_chain(asio::buffer(tls.server_identity.certificate_pem));
        ctx->use_private_key(asio::buffer(tls.server_identity.private_key_pem),
                             asio::ssl::context::pem);
        if (tls.require_client_certificate) {
            ctx->add_certificate_authority(asio::buffer(tls.client_ca_pem));
            ctx->set_verify_mode(asio::ssl::verify_peer | asio::ssl::verify_fail_if_no_peer_cert);
        }
        return ctx;
    }

    static accept_hook make_hook(std::shared_ptr<asio::ssl::context> ctx) {
        using tls_stream = asio::ssl::stream<asio::ip::tcp::socket>;
        return [ctx = std::move(ctx)](asio::ip::tcp::socket socket, detail::simulator& sim) {
            auto stream = std::make_shared<tls_stream>(std::move(socket), *ctx);
            const std::uint64_t key = sim.add_pending([stream] {
                std::error_code ignored;
                stream->lowest_layer().close(ignored);
            });
            stream->async_handshake(asio::ssl::stream_base::server, [stream, ctx, key, &sim](
                                                                        const std::error_code& ec) {
                sim.forget_pending(key);
                sim.on_handshake(
                    !ec, SSL_get_servername(stream->native_handle(), TLSEXT_NAMETYPE_host_name));
                if (ec) {
                    std::error_code ignored;
                    stream->lowest_layer().close(ignored);
                    return;
                }
                sim.on_accept(std::move(*stream));
            });
        };
    }
};

} // namespace amicpp::testing

#endif // AMICPP_TESTING_TLS_SERVER_HPP
