// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// Built only when the installed package has amicpp::tls: Asio's SSL layer must compile and link
// against OpenSSL through that target alone.
#include <amicpp/amicpp.hpp>

#include <asio/ssl/context.hpp>

#include <cstdio>

int main() {
    asio::ssl::context context(asio::ssl::context::tls_client);
    if (context.native_handle() == nullptr) {
        std::fprintf(stderr, "amicpp tls consumer: FAILED: no SSL_CTX\n");
        return 1;
    }
    std::printf("amicpp tls consumer: OK\n");
    return 0;
}
