// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_TLS_ERROR_HPP
#define AMICPP_TLS_ERROR_HPP

/// @file
/// @brief The error category of refused server certificates, `amicpp::tls_verify_category()`.

#include <openssl/x509_vfy.h>

#include <string>
#include <system_error>

namespace amicpp {

namespace detail {

class tls_verify_category_impl final : public std::error_category {
public:
    const char* name() const noexcept override { return "amicpp.tls.verify"; }

    std::string message(int ev) const override {
        std::string text = "TLS: the server's certificate was refused: ";
        text += X509_verify_cert_error_string(ev);
        text += hint(ev);
        return text;
    }

private:
    // What to do about the common failures, in the words of this library's options.
    static const char* hint(int ev) {
        switch (ev) {
        case X509_V_ERR_HOSTNAME_MISMATCH:
        case X509_V_ERR_IP_ADDRESS_MISMATCH:
            return " (the certificate does not name the host connected to; connect by a name it "
                   "carries, or set tls_options::server_name)";
        case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
        case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
        case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
            return " (its authority is not trusted here; give the authority's certificate with "
                   "tls_options::ca_file, ca_dir or ca_pem)";
        case X509_V_ERR_CERT_HAS_EXPIRED:
        case X509_V_ERR_CERT_NOT_YET_VALID:
            return " (check the certificate's dates on the server, and this machine's clock)";
        default:
            return "";
        }
    }
};

} // namespace detail

/// @brief The category of a TLS handshake that failed because the server's certificate was
/// refused. The value is OpenSSL's verification result (`X509_V_ERR_...`), the message says
/// why in words and what to change, e.g. "TLS: the server's certificate was refused: hostname
/// mismatch (the certificate does not name the host connected to; ...)".
///
/// Other handshake failures (a peer that does not speak TLS, no common protocol version) keep
/// Asio's `asio::error::get_ssl_category()` codes with OpenSSL's text.
inline const std::error_category& tls_verify_category() noexcept {
    static const detail::tls_verify_category_impl category;
    return category;
}

} // namespace amicpp

#endif // AMICPP_TLS_ERROR_HPP
