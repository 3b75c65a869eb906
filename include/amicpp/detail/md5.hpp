// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_DETAIL_MD5_HPP
#define AMICPP_DETAIL_MD5_HPP

/// @file
/// @brief MD5 (RFC 1321), for the AMI challenge login: `Key = md5_hex(challenge + secret)`.
///
/// Written from the RFC's description. MD5 is broken as a cryptographic hash; AMI uses it only
/// so that the secret does not cross the wire, and so does amicpp.

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace amicpp::detail {

/// @brief An incremental MD5 digest: `update` any number of times, then `finish` once.
class md5 {
public:
    /// @brief The 16 bytes of a digest.
    using digest = std::array<std::uint8_t, 16>;

    md5() noexcept = default;

    /// @brief Adds `data` to the message being digested.
    void update(std::string_view data) noexcept {
        const auto* p = reinterpret_cast<const std::uint8_t*>(data.data());
        std::size_t n = data.size();
        length_ += n;
        if (buffered_ != 0) {
            const std::size_t take = n < 64 - buffered_ ? n : 64 - buffered_;
            std::memcpy(buffer_ + buffered_, p, take);
            buffered_ += take;
            p += take;
            n -= take;
            if (buffered_ < 64)
                return;
            transform(buffer_);
            buffered_ = 0;
        }
        for (; n >= 64; n -= 64, p += 64)
            transform(p);
        if (n != 0) {
            std::memcpy(buffer_, p, n);
            buffered_ = n;
        }
    }

    /// @brief Pads the message (step 1 and 2 of the RFC) and returns the digest. The object must
    /// not be used afterwards except to be destroyed or assigned.
    digest finish() noexcept {
        const std::uint64_t bits = static_cast<std::uint64_t>(length_) * 8u;
        // A single 1 bit, then zeros up to 56 bytes modulo 64, then the length in bits.
        std::uint8_t pad[72] = {0x80};
        const std::size_t pad_size = buffered_ < 56 ? 56 - buffered_ : 120 - buffered_;
        std::uint8_t length_bytes[8];
        for (int i = 0; i < 8; ++i)
            length_bytes[i] = static_cast<std::uint8_t>(bits >> (8 * i));
        update(std::string_view(reinterpret_cast<const char*>(pad), pad_size));
        update(std::string_view(reinterpret_cast<const char*>(length_bytes), 8));
        digest out{};
        const std::uint32_t words[4] = {a_, b_, c_, d_};
        for (std::size_t i = 0; i < 4; ++i) {
            for (std::size_t j = 0; j < 4; ++j)
                out[i * 4 + j] = static_cast<std::uint8_t>(words[i] >> (8 * j));
        }
        return out;
    }

private:
    static constexpr std::uint32_t rotate_left(std::uint32_t x, unsigned s) noexcept {
        return (x << s) | (x >> (32u - s));
    }

    // Process one 64-byte block (step 4 of the RFC).
    void transform(const std::uint8_t* block) noexcept {
        // T[i] = floor(2^32 * |sin(i + 1)|), i in 0..63.
        static constexpr std::uint32_t t[64] = {
            0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613,
            0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193,
            0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d,
            0x02441453, 0xd8a1e681, 0xe7d3fbc8, 0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
            0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122,
            0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa,
            0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665, 0xf4292244,
            0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
            0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb,
            0xeb86d391,
        };
        // Per-round shift amounts, four per round.
        static constexpr unsigned shifts[4][4] = {
            {7, 12, 17, 22}, {5, 9, 14, 20}, {4, 11, 16, 23}, {6, 10, 15, 21}};

        std::uint32_t x[16];
        for (std::size_t i = 0; i < 16; ++i) {
            x[i] = static_cast<std::uint32_t>(block[i * 4]) |
                   (static_cast<std::uint32_t>(block[i * 4 + 1]) << 8) |
                   (static_cast<std::uint32_t>(block[i * 4 + 2]) << 16) |
                   (static_cast<std::uint32_t>(block[i * 4 + 3]) << 24);
        }

        std::uint32_t a = a_, b = b_, c = c_, d = d_;
        for (unsigned i = 0; i < 64; ++i) {
            const unsigned round = i / 16;
            std::uint32_t f = 0;
            unsigned k = 0;
            switch (round) {
            case 0: // F(X,Y,Z) = XY v not(X) Z
                f = (b & c) | (~b & d);
                k = i;
                break;
            case 1: // G(X,Y,Z) = XZ v Y not(Z)
                f = (b & d) | (c & ~d);
                k = (5 * i + 1) % 16;
                break;
            case 2: // H(X,Y,Z) = X xor Y xor Z
                f = b ^ c ^ d;
                k = (3 * i + 5) % 16;
                break;
            default: // I(X,Y,Z) = Y xor (X v not(Z))
                f = c ^ (b | ~d);
                k = (7 * i) % 16;
                break;
            }
            const std::uint32_t sum = a + f + x[k] + t[i];
            a = d;
            d = c;
            c = b;
            b = b + rotate_left(sum, shifts[round][i % 4]);
        }
        a_ += a;
        b_ += b;
        c_ += c;
        d_ += d;
    }

    std::uint32_t a_ = 0x67452301;
    std::uint32_t b_ = 0xefcdab89;
    std::uint32_t c_ = 0x98badcfe;
    std::uint32_t d_ = 0x10325476;
    std::uint64_t length_ = 0; // bytes digested so far
    std::uint8_t buffer_[64] = {};
    std::size_t buffered_ = 0;
};

/// @brief The MD5 digest of `data` as 32 lowercase hexadecimal digits, the form AMI expects in
/// the `Key` header of an MD5 login.
inline std::string md5_hex(std::string_view data) {
    md5 h;
    h.update(data);
    const md5::digest d = h.finish();
    static constexpr char hex[] = "0123456789abcdef";
    std::string out(32, '0');
    for (std::size_t i = 0; i < d.size(); ++i) {
        out[2 * i] = hex[d[i] >> 4];
        out[2 * i + 1] = hex[d[i] & 0x0f];
    }
    return out;
}

} // namespace amicpp::detail

#endif // AMICPP_DETAIL_MD5_HPP
