// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#include <amicpp/detail/md5.hpp>

#include "support/catch.hpp"

#include <string>

using amicpp::detail::md5;
using amicpp::detail::md5_hex;

TEST_CASE("md5_hex gives the RFC 1321 test suite digests", "[md5]") {
    // RFC 1321, appendix A.5.
    CHECK(md5_hex("") == "d41d8cd98f00b204e9800998ecf8427e");
    CHECK(md5_hex("a") == "0cc175b9c0f1b6a831c399e269772661");
    CHECK(md5_hex("abc") == "900150983cd24fb0d6963f7d28e17f72");
    CHECK(md5_hex("message digest") == "f96b697d7cb7938d525a2f31aaf161d0");
    CHECK(md5_hex("abcdefghijklmnopqrstuvwxyz") == "c3fcd3d76192e4007dfb496cca67e13b");
    CHECK(md5_hex("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") ==
          "d174ab98d277d9f5a5611c2c9f419d9f");
    CHECK(md5_hex("1234567890123456789012345678901234567890123456789012345678901234567890123456"
                  "7890") == "57edf4a22be3c955ac49da2e2107b67a");
}

TEST_CASE("md5_hex computes the AMI challenge key seen on a real Asterisk", "[md5]") {
    // transcripts/04_challenge_md5_login: challenge 597504082, secret amp111.
    CHECK(md5_hex("597504082amp111") == "9f8d3fa9d818b35b45fa280a6c2cfab8");
}

TEST_CASE("md5 gives the same digest whatever the split of its input", "[md5]") {
    std::string data;
    for (int i = 0; i < 300; ++i)
        data += static_cast<char>('a' + i % 26);
    // Every length around the block and padding boundaries (55, 56, 63, 64, 119, 120, ...).
    for (std::size_t len = 0; len <= data.size(); ++len) {
        const std::string whole = md5_hex(data.substr(0, len));
        for (std::size_t cut :
             {std::size_t{1}, std::size_t{7}, std::size_t{63}, std::size_t{64}, std::size_t{65}}) {
            if (cut > len)
                continue;
            md5 h;
            h.update(std::string_view(data).substr(0, cut));
            h.update(std::string_view(data).substr(cut, len - cut));
            const md5::digest d = h.finish();
            std::string hex;
            static constexpr char digits[] = "0123456789abcdef";
            for (std::uint8_t b : d) {
                hex += digits[b >> 4];
                hex += digits[b & 0x0f];
            }
            INFO("length " << len << " split at " << cut);
            REQUIRE(hex == whole);
        }
    }
    // Lengths at the padding edges, checked against known digests of "a" * n.
    CHECK(md5_hex(std::string(55, 'a')) == "ef1772b6dff9a122358552954ad0df65");
    CHECK(md5_hex(std::string(56, 'a')) == "3b0c8ac703f828b04c6c197006d17218");
    CHECK(md5_hex(std::string(64, 'a')) == "014842d480b571495a4a0363793f7367");
    CHECK(md5_hex(std::string(1000000, 'a')) == "7707d6ae4e027c70eea2a935c2296f21");
}
