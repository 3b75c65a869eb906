// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_TESTING_CERTIFICATES_HPP
#define AMICPP_TESTING_CERTIFICATES_HPP

/// @file
/// @brief `amicpp::testing::certificate_authority`: a throwaway CA made in memory, issuing
/// server and client certificates, for TLS tests and demos (no files, no `openssl` command).

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace amicpp::testing {

/// @brief A certificate and its private key, both PEM.
struct identity {
    std::string certificate_pem; ///< the certificate (`-----BEGIN CERTIFICATE-----`)
    std::string private_key_pem; ///< its unencrypted key (`-----BEGIN PRIVATE KEY-----`)
};

/// @brief What `certificate_authority::issue` puts in a certificate.
struct certificate_request {
    std::string common_name = "localhost"; ///< the subject's CN
    /// DNS names of the subjectAltName (what TLS clients check).
    std::vector<std::string> dns_names{"localhost"};
    /// IP addresses of the subjectAltName.
    std::vector<std::string> ip_addresses{"127.0.0.1", "::1"};
    bool client = false; ///< extendedKeyUsage clientAuth instead of serverAuth
    /// Start of validity, relative to now (an hour ago by default, against clock skew).
    std::chrono::seconds valid_from{-3600};
    /// End of validity, relative to now (a day by default; negative: already expired).
    std::chrono::seconds valid_until{86400};
};

namespace detail {

struct pkey_free {
    void operator()(EVP_PKEY* p) const noexcept { EVP_PKEY_free(p); }
};
struct x509_free {
    void operator()(X509* p) const noexcept { X509_free(p); }
};
struct bio_free {
    void operator()(BIO* p) const noexcept { BIO_free(p); }
};
using pkey_ptr = std::unique_ptr<EVP_PKEY, pkey_free>;
using x509_ptr = std::unique_ptr<X509, x509_free>;
using bio_ptr = std::unique_ptr<BIO, bio_free>;

inline void require(bool ok, const char* what) {
    if (!ok)
        throw std::runtime_error(std::string("amicpp::testing: cannot ") + what);
}

inline pkey_ptr make_p256_key() {
    pkey_ptr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    require(key != nullptr, "generate a P-256 key");
    return key;
}

inline void add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
    require(ext != nullptr, "build a certificate extension");
    const int ok = X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
    require(ok == 1, "add a certificate extension");
}

// An unsigned certificate for `key`, with its subject and validity set.
inline x509_ptr make_certificate(EVP_PKEY* key, const std::string& common_name, long serial,
                                 std::chrono::seconds from, std::chrono::seconds until) {
    x509_ptr cert(X509_new());
    require(cert != nullptr, "allocate a certificate");
    require(X509_set_version(cert.get(), 2) == 1, "set the certificate version");
    require(ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial) == 1, "set a serial");
    require(X509_gmtime_adj(X509_getm_notBefore(cert.get()), static_cast<long>(from.count())) !=
                nullptr,
            "set notBefore");
    require(X509_gmtime_adj(X509_getm_notAfter(cert.get()), static_cast<long>(until.count())) !=
                nullptr,
            "set notAfter");
    require(X509_set_pubkey(cert.get(), key) == 1, "set the public key");
    X509_NAME* name = X509_get_subject_name(cert.get());
    const std::string cn = common_name.empty() ? std::string("amicpp test") : common_name;
    require(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                       reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1,
                                       0) == 1,
            "set the common name");
    return cert;
}

inline std::string to_pem(X509* cert) {
    bio_ptr bio(BIO_new(BIO_s_mem()));
    require(bio && PEM_write_bio_X509(bio.get(), cert) == 1, "write a certificate as PEM");
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(size));
}

inline std::string to_pem(EVP_PKEY* key) {
    bio_ptr bio(BIO_new(BIO_s_mem()));
    require(
        bio && PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1,
        "write a key as PEM");
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(size));
}

} // namespace detail

/// @brief A certificate authority that lives in memory: its self-signed certificate is what a
/// client trusts (`tls_options::ca_pem`), `issue` makes server and client certificates signed by
/// it. Keys are ECDSA P-256 (fast to make), signatures SHA-256.
///
/// Not for production: the key is never protected, and every object is a different authority.
class certificate_authority {
public:
    /// @brief Makes the authority's key and self-signed certificate (valid a day).
    /// @throws std::runtime_error when OpenSSL fails
    explicit certificate_authority(const std::string& common_name = "amicpp test authority")
        : key_(detail::make_p256_key()),
          cert_(detail::make_certificate(key_.get(), common_name, 1, std::chrono::hours{-1},
                                         std::chrono::hours{24})) {
        X509* c = cert_.get();
        detail::require(X509_set_issuer_name(c, X509_get_subject_name(c)) == 1, "set the issuer");
        detail::add_extension(c, c, NID_basic_constraints, "critical,CA:TRUE");
        detail::add_extension(c, c, NID_key_usage, "critical,keyCertSign,cRLSign");
        detail::add_extension(c, c, NID_subject_key_identifier, "hash");
        detail::require(X509_sign(c, key_.get(), EVP_sha256()) > 0, "sign the CA certificate");
        pem_ = detail::to_pem(c);
    }

    /// @brief The authority's certificate, PEM: what clients (or servers) trust.
    const std::string& certificate_pem() const noexcept { return pem_; }

    /// @brief A new key and a certificate for it, signed by this authority.
    /// @throws std::runtime_error when OpenSSL refuses a value (an address that does not parse)
    identity issue(const certificate_request& request = {}) {
        detail::pkey_ptr key = detail::make_p256_key();
        detail::x509_ptr cert = detail::make_certificate(key.get(), request.common_name, ++serial_,
                                                         request.valid_from, request.valid_until);
        X509* c = cert.get();
        detail::require(X509_set_issuer_name(c, X509_get_subject_name(cert_.get())) == 1,
                        "set the issuer");
        detail::add_extension(c, cert_.get(), NID_basic_constraints, "critical,CA:FALSE");
        detail::add_extension(c, cert_.get(), NID_key_usage, "critical,digitalSignature");
        detail::add_extension(c, cert_.get(), NID_ext_key_usage,
                              request.client ? "clientAuth" : "serverAuth");
        detail::add_extension(c, cert_.get(), NID_authority_key_identifier, "keyid");
        std::string names;
        for (const std::string& dns : request.dns_names)
            names += (names.empty() ? "DNS:" : ",DNS:") + dns;
        for (const std::string& ip : request.ip_addresses)
            names += (names.empty() ? "IP:" : ",IP:") + ip;
        if (!names.empty())
            detail::add_extension(c, cert_.get(), NID_subject_alt_name, names);
        detail::require(X509_sign(c, key_.get(), EVP_sha256()) > 0, "sign a certificate");
        return identity{detail::to_pem(c), detail::to_pem(key.get())};
    }

private:
    detail::pkey_ptr key_;
    detail::x509_ptr cert_;
    std::string pem_;
    long serial_ = 1;
};

} // namespace amicpp::testing

#endif // AMICPP_TESTING_CERTIFICATES_HPP
