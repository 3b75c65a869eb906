// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_TLS_CONTEXT_HPP
#define AMICPP_TLS_CONTEXT_HPP

/// @file
/// @brief `amicpp::make_tls_context`: an OpenSSL client context from `tls_options`.

#include <amicpp/tls_options.hpp>

#include <asio/buffer.hpp>
#include <asio/ssl/context.hpp>
#include <openssl/ssl.h>

#include <cerrno>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <system_error>

namespace amicpp {

namespace detail {

[[noreturn]] inline void throw_tls_setup(std::error_code ec, const std::string& what) {
    throw std::system_error(ec, "amicpp: TLS " + what);
}

// OpenSSL says "system lib" for a missing file; say which file and why, before it tries.
inline void check_readable(const std::string& path, const char* option) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f)
        throw_tls_setup(std::error_code(errno, std::generic_category()),
                        std::string(option) + " '" + path + "' cannot be read");
    std::fclose(f);
}

} // namespace detail

/// @brief A client context for TLS connections, set up from `tls`: protocol floor, trusted
/// authorities, client certificate and key. Share one between many connections.
///
/// Verification and name checks are applied per connection (see `tls_connection`), so a context
/// made here, or one the application made itself, can serve connections to different servers.
///
/// @throws std::system_error naming the option and the file when something cannot be loaded
/// (missing file, not PEM, key not matching the certificate); std::invalid_argument when a
/// certificate is given without its key or the other way round.
inline std::shared_ptr<asio::ssl::context> make_tls_context(const tls_options& tls) {
    auto ctx = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_client);
    ctx->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                     asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                     asio::ssl::context::no_tlsv1_1);
    const int floor = tls.min_version == tls_version::tls1_3 ? TLS1_3_VERSION : TLS1_2_VERSION;
    SSL_CTX_set_min_proto_version(ctx->native_handle(), floor);

    std::error_code ec;
    const bool own_authorities = !tls.ca_file.empty() || !tls.ca_dir.empty() || !tls.ca_pem.empty();
    if (!own_authorities || tls.use_default_ca) {
        ctx->set_default_verify_paths(ec);
        if (ec)
            detail::throw_tls_setup(ec, "default authorities cannot be loaded");
    }
    if (!tls.ca_file.empty()) {
        detail::check_readable(tls.ca_file, "ca_file");
        ctx->load_verify_file(tls.ca_file, ec);
        if (ec)
            detail::throw_tls_setup(ec,
                                    "ca_file '" + tls.ca_file + "' holds no usable certificate");
    }
    if (!tls.ca_dir.empty()) {
        ctx->add_verify_path(tls.ca_dir, ec);
        if (ec)
            detail::throw_tls_setup(ec, "ca_dir '" + tls.ca_dir + "' cannot be used");
    }
    if (!tls.ca_pem.empty()) {
        ctx->add_certificate_authority(asio::buffer(tls.ca_pem), ec);
        if (ec)
            detail::throw_tls_setup(ec, "ca_pem holds no usable certificate");
    }

    const bool has_cert = !tls.certificate_file.empty() || !tls.certificate_pem.empty();
    const bool has_key = !tls.private_key_file.empty() || !tls.private_key_pem.empty();
    if (has_cert != has_key)
        throw std::invalid_argument(
            "amicpp: TLS client identity needs both a certificate and its private key");
    if (!has_cert)
        return ctx;
    if (!tls.private_key_password.empty()) {
        ctx->set_password_callback(
            [password = tls.private_key_password](
                std::size_t, asio::ssl::context::password_purpose) { return password; });
    }
    if (!tls.certificate_file.empty()) {
        detail::check_readable(tls.certificate_file, "certificate_file");
        ctx->use_certificate_chain_file(tls.certificate_file, ec);
        if (ec)
            detail::throw_tls_setup(ec, "certificate_file '" + tls.certificate_file +
                                            "' holds no usable certificate");
    } else {
        ctx->use_certificate_chain(asio::buffer(tls.certificate_pem), ec);
        if (ec)
            detail::throw_tls_setup(ec, "certificate_pem holds no usable certificate");
    }
    if (!tls.private_key_file.empty()) {
        detail::check_readable(tls.private_key_file, "private_key_file");
        ctx->use_private_key_file(tls.private_key_file, asio::ssl::context::pem, ec);
        if (ec)
            detail::throw_tls_setup(ec, "private_key_file '" + tls.private_key_file +
                                            "' cannot be used (not a PEM key, a wrong password, "
                                            "or not the certificate's key)");
    } else {
        ctx->use_private_key(asio::buffer(tls.private_key_pem), asio::ssl::context::pem, ec);
        if (ec)
            detail::throw_tls_setup(ec, "private_key_pem cannot be used (not a PEM key, a wrong "
                                        "password, or not the certificate's key)");
    }
    if (SSL_CTX_check_private_key(ctx->native_handle()) != 1)
        throw std::invalid_argument(
            "amicpp: TLS private key does not belong to the client certificate");
    return ctx;
}

} // namespace amicpp

#endif // AMICPP_TLS_CONTEXT_HPP
