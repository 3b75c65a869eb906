// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_TLS_OPTIONS_HPP
#define AMICPP_TLS_OPTIONS_HPP

/// @file
/// @brief `amicpp::tls_options`: how a TLS connection trusts the server and identifies itself.
/// This header needs no OpenSSL; `<amicpp/tls_connection.hpp>` does.

#include <string>

namespace amicpp {

/// @brief The oldest TLS version a connection accepts.
enum class tls_version {
    tls1_2, ///< TLS 1.2 and 1.3 (the default; Asterisk's own default since 13)
    tls1_3, ///< TLS 1.3 only
};

/// @brief Settings of a TLS connection (Asterisk's `tlsenable` port, 5039 by default).
///
/// Safe by default: the server's certificate chain must lead to a trusted authority and the
/// certificate must name the host that was connected to (`run_options::host` or the host given
/// to `async_connect`, or `server_name` when set). Server Name Indication is sent for host names.
///
/// Trust: the system's default authorities unless `ca_file`, `ca_dir` or `ca_pem` is given (then
/// only those, unless `use_default_ca` is also set).
struct tls_options {
    /// Check the server's certificate chain. Turning this off accepts any server, including
    /// an attacker's: only for a lab.
    bool verify_peer = true;
    /// Check that the certificate names the server (DNS name or IP address in its
    /// subjectAltName). Applies only when `verify_peer` is on.
    bool verify_host_name = true;
    /// The name to send as SNI and to find in the certificate; empty: the host connected to.
    std::string server_name;

    /// A PEM file of trusted authorities.
    std::string ca_file;
    /// A directory of trusted authorities, hashed as `openssl rehash` does.
    std::string ca_dir;
    /// Trusted authorities as PEM text, one or more certificates.
    std::string ca_pem;
    /// Trust the system's default authorities as well as the ones above (always when none of
    /// the above is set).
    bool use_default_ca = false;

    /// The client's certificate chain as a PEM file, for servers that ask for one.
    std::string certificate_file;
    /// The client's private key as a PEM file.
    std::string private_key_file;
    /// The client's certificate chain as PEM text (instead of `certificate_file`).
    std::string certificate_pem;
    /// The client's private key as PEM text (instead of `private_key_file`).
    std::string private_key_pem;
    /// The passphrase of an encrypted private key.
    std::string private_key_password;

    /// The oldest protocol version accepted.
    tls_version min_version = tls_version::tls1_2;
};

} // namespace amicpp

#endif // AMICPP_TLS_OPTIONS_HPP
