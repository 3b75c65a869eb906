// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_DETAIL_LINE_SCAN_HPP
#define AMICPP_DETAIL_LINE_SCAN_HPP

#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__) || defined(_M_X64) || (defined(_M_IX86_FP) && _M_IX86_FP >= 2)
#include <emmintrin.h>
#define AMICPP_DETAIL_SSE2 1
#endif

// AVX2 classifies a window in two 32-byte blocks where SSE2 takes four (GCC and Clang only: the
// code uses their vector extension). A build for AVX2 uses it alone; a build for plain x86 compiles
// it too and asks the CPU at run time (`cpu_has_avx2`). AMICPP_NO_AVX2 keeps the SSE2 code alone.
#if defined(AMICPP_DETAIL_SSE2) && !defined(AMICPP_NO_AVX2) &&                                     \
    (defined(__GNUC__) || defined(__clang__)) && (defined(__x86_64__) || defined(__i386__))
#define AMICPP_DETAIL_AVX2 1
#if defined(__AVX2__)
#define AMICPP_DETAIL_TARGET_AVX2
#else
#define AMICPP_DETAIL_AVX2_DISPATCH 1
#define AMICPP_DETAIL_TARGET_AVX2 __attribute__((target("avx2")))
#endif
#endif

#if defined(__GNUC__) || defined(__clang__)
#define AMICPP_DETAIL_ALWAYS_INLINE inline __attribute__((always_inline))
#elif defined(_MSC_VER)
#define AMICPP_DETAIL_ALWAYS_INLINE __forceinline
#else
#define AMICPP_DETAIL_ALWAYS_INLINE inline
#endif

namespace amicpp::detail {

// The scanners load up to 64 bytes at a time: a buffer they search must have this many readable
// bytes after its logical end. Bytes past the end are never taken for matches.
inline constexpr std::size_t scan_padding = 64;

// Where the bytes that shape a header line sit in a 64-byte window: bit i stands for byte i.
struct window_masks {
    std::uint64_t newline = 0; // '\n'
    std::uint64_t colon = 0;   // ':'
    std::uint64_t blank = 0;   // ' ' or '\t'
};

inline std::uint64_t valid_bits64(std::size_t available) noexcept {
    return available >= 64 ? ~std::uint64_t{0} : ((std::uint64_t{1} << available) - 1);
}

// Index of the lowest (highest) set bit of a non-zero mask.
#if defined(_MSC_VER) && !defined(__clang__)
inline unsigned lowest_bit64(std::uint64_t mask) noexcept {
    unsigned long index;
    _BitScanForward64(&index, mask);
    return static_cast<unsigned>(index);
}
inline unsigned highest_bit64(std::uint64_t mask) noexcept {
    unsigned long index;
    _BitScanReverse64(&index, mask);
    return static_cast<unsigned>(index);
}
#else
inline unsigned lowest_bit64(std::uint64_t mask) noexcept {
    return static_cast<unsigned>(__builtin_ctzll(mask));
}
inline unsigned highest_bit64(std::uint64_t mask) noexcept {
    return 63u - static_cast<unsigned>(__builtin_clzll(mask));
}
#endif

#if defined(AMICPP_DETAIL_SSE2)

inline unsigned first_bit(unsigned mask) noexcept {
#if defined(_MSC_VER) && !defined(__clang__)
    unsigned long index;
    _BitScanForward(&index, mask);
    return static_cast<unsigned>(index);
#else
    return static_cast<unsigned>(__builtin_ctz(mask));
#endif
}

inline unsigned valid_bits(std::size_t available) noexcept {
    return available >= 16 ? 0xffffu : ((1u << available) - 1u);
}

// First '\n' in [p, end), or nullptr.
inline const char* find_newline(const char* p, const char* end) noexcept {
    const __m128i nl = _mm_set1_epi8('\n');
    for (; p < end; p += 16) {
        const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(block, nl))) &
                              valid_bits(static_cast<std::size_t>(end - p));
        if (mask != 0)
            return p + first_bit(mask);
    }
    return nullptr;
}

// First byte of [p, end) that can end a header key: ':', ' ', '\t' or '\n'; nullptr if none.
inline const char* find_key_end(const char* p, const char* end) noexcept {
    const __m128i colon = _mm_set1_epi8(':');
    const __m128i space = _mm_set1_epi8(' ');
    const __m128i tab = _mm_set1_epi8('\t');
    const __m128i nl = _mm_set1_epi8('\n');
    for (; p < end; p += 16) {
        const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        const __m128i hits =
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(block, colon), _mm_cmpeq_epi8(block, space)),
                         _mm_or_si128(_mm_cmpeq_epi8(block, tab), _mm_cmpeq_epi8(block, nl)));
        const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(hits)) &
                              valid_bits(static_cast<std::size_t>(end - p));
        if (mask != 0)
            return p + first_bit(mask);
    }
    return nullptr;
}

// The bytes of a 16-byte block equal to c (or to d), one bit each.
inline std::uint64_t match16(__m128i block, __m128i c) noexcept {
    return static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(block, c)));
}
inline std::uint64_t match16(__m128i block, __m128i c, __m128i d) noexcept {
    return static_cast<unsigned>(
        _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(block, c), _mm_cmpeq_epi8(block, d))));
}

// A classification, as a type for the parser's window loop (`parser::fast_lines_with<Scan>`):
// `classify64` classifies the 64 bytes at p, of which the first `available` are data.
//
// SSE2, written out block by block, so that the shifts are constants (a loop kept them in a
// register), and inlined into the parser's loop (a call returned the masks through memory).
struct sse2_scan {
    static AMICPP_DETAIL_ALWAYS_INLINE window_masks classify64(const char* p,
                                                               std::size_t available) noexcept {
        const __m128i nl = _mm_set1_epi8('\n');
        const __m128i colon = _mm_set1_epi8(':');
        const __m128i space = _mm_set1_epi8(' ');
        const __m128i tab = _mm_set1_epi8('\t');
        const auto* const at = reinterpret_cast<const __m128i*>(p);
        const __m128i b0 = _mm_loadu_si128(at);
        const __m128i b1 = _mm_loadu_si128(at + 1);
        const __m128i b2 = _mm_loadu_si128(at + 2);
        const __m128i b3 = _mm_loadu_si128(at + 3);
        const std::uint64_t valid = valid_bits64(available);
        window_masks m;
        m.newline = (match16(b0, nl) | match16(b1, nl) << 16 | match16(b2, nl) << 32 |
                     match16(b3, nl) << 48) &
                    valid;
        m.colon = (match16(b0, colon) | match16(b1, colon) << 16 | match16(b2, colon) << 32 |
                   match16(b3, colon) << 48) &
                  valid;
        m.blank = (match16(b0, space, tab) | match16(b1, space, tab) << 16 |
                   match16(b2, space, tab) << 32 | match16(b3, space, tab) << 48) &
                  valid;
        return m;
    }
};

#if defined(AMICPP_DETAIL_AVX2)

// Written with the compilers' vector extension: <immintrin.h> would cost every includer half a
// second of parsing (the umbrella header's budget, see tools/compile_time.py).
typedef char avx2_bytes __attribute__((vector_size(32)));

// The bytes of a 32-byte block equal to c (or to d), one bit each.
AMICPP_DETAIL_TARGET_AVX2 AMICPP_DETAIL_ALWAYS_INLINE std::uint64_t match32(avx2_bytes block,
                                                                            char c) noexcept {
    return static_cast<std::uint32_t>(
        __builtin_ia32_pmovmskb256(reinterpret_cast<avx2_bytes>(block == c)));
}
AMICPP_DETAIL_TARGET_AVX2 AMICPP_DETAIL_ALWAYS_INLINE std::uint64_t
match32(avx2_bytes block, char c, char d) noexcept {
    return static_cast<std::uint32_t>(
        __builtin_ia32_pmovmskb256(reinterpret_cast<avx2_bytes>((block == c) | (block == d))));
}

// sse2_scan's classification in two 32-byte blocks. Not forced inline: the parser's template is
// compiled for the default target before it is inlined into its AVX2 function (where the
// compiler then inlines this on its own).
struct avx2_scan {
    static AMICPP_DETAIL_TARGET_AVX2 window_masks classify64(const char* p,
                                                             std::size_t available) noexcept {
        avx2_bytes lo;
        avx2_bytes hi;
        std::memcpy(&lo, p, 32);
        std::memcpy(&hi, p + 32, 32);
        const std::uint64_t valid = valid_bits64(available);
        window_masks m;
        m.newline = (match32(lo, '\n') | match32(hi, '\n') << 32) & valid;
        m.colon = (match32(lo, ':') | match32(hi, ':') << 32) & valid;
        m.blank = (match32(lo, ' ', '\t') | match32(hi, ' ', '\t') << 32) & valid;
        return m;
    }
};

#endif

#if defined(AMICPP_DETAIL_AVX2_DISPATCH)
inline bool cpu_has_avx2() noexcept {
    __builtin_cpu_init(); // may run before the runtime's own initialisation
    return __builtin_cpu_supports("avx2") != 0;
}
// Whether parsers constructed from now on use the AVX2 code. Zero before its dynamic
// initialisation (a parser made by another static initialiser then takes SSE2, correctly). The
// tests turn it off to run the SSE2 code on an AVX2 machine.
inline bool use_avx2 = cpu_has_avx2();
#endif

#else

struct scalar_scan {
    static window_masks classify64(const char* p, std::size_t available) noexcept {
        window_masks m;
        const std::size_t n = available < 64 ? available : 64;
        for (std::size_t i = 0; i < n; ++i) {
            const std::uint64_t bit = std::uint64_t{1} << i;
            const char c = p[i];
            if (c == '\n')
                m.newline |= bit;
            else if (c == ':')
                m.colon |= bit;
            else if (c == ' ' || c == '\t')
                m.blank |= bit;
        }
        return m;
    }
};

inline const char* find_newline(const char* p, const char* end) noexcept {
    if (p >= end)
        return nullptr;
    return static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
}

inline const char* find_key_end(const char* p, const char* end) noexcept {
    for (; p < end; ++p) {
        const char c = *p;
        if (c == ':' || c == ' ' || c == '\t' || c == '\n')
            return p;
    }
    return nullptr;
}

#endif

// What a parser uses when the CPU is not asked: the widest code the build targets.
#if defined(AMICPP_DETAIL_AVX2) && !defined(AMICPP_DETAIL_AVX2_DISPATCH)
using default_scan = avx2_scan;
#elif defined(AMICPP_DETAIL_SSE2)
using default_scan = sse2_scan;
#else
using default_scan = scalar_scan;
#endif

} // namespace amicpp::detail

#endif // AMICPP_DETAIL_LINE_SCAN_HPP
