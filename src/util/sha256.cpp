// A compact SHA-256 (FIPS 180-4) so provenance needs no extra dependency.
#include "pedtx/util/sha256.hpp"

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <vector>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#include <immintrin.h>
#define PEDTX_SHA_NI 1
#endif

#include "pedtx/core/error.hpp"

namespace pedtx {

namespace {

constexpr std::array<std::uint32_t, 64> kRoundConstants = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

constexpr std::uint32_t rotr(std::uint32_t x, int n) {
    return (x >> n) | (x << (32 - n));
}

#ifdef PEDTX_SHA_NI
// The x86 SHA extensions (Intel SHA-NI, on AMD Zen and Intel since Goldmont / Ice Lake) hash
// several times faster than portable code; provenance hashes every input file, so this is
// worth a runtime check. Lanes hold the state as ABEF / CDGH, as the instructions expect.
bool cpu_has_sha_extensions() {
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return false;
    const bool sha = (ebx >> 29) & 1u;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return false;
    const bool ssse3 = (ecx >> 9) & 1u, sse41 = (ecx >> 19) & 1u;
    return sha && ssse3 && sse41;
}

__attribute__((target("sha,sse4.1,ssse3"))) void compress_blocks_sha_ni(std::uint32_t* state, const unsigned char* data,
                                                                        std::size_t blocks) {
    const __m128i byte_swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i dcba = _mm_loadu_si128(reinterpret_cast<const __m128i*>(state));
    __m128i hgfe = _mm_loadu_si128(reinterpret_cast<const __m128i*>(state + 4));
    const __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
    const __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
    __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
    __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);
    for (; blocks > 0; --blocks, data += 64) {
        const __m128i abef_start = abef;
        const __m128i cdgh_start = cdgh;
        __m128i w[4];
        for (int i = 0; i < 4; ++i)
            w[i] = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(data + 16 * i)), byte_swap);
        // 16 groups of 4 rounds; w[g % 4] holds the message words of group g. The schedule for
        // group g + 1 is finished (msg2) before msg1 starts group g + 3's from w[(g - 1) % 4].
        for (int g = 0; g < 16; ++g) {
            const __m128i current = w[g % 4];
            __m128i words = _mm_add_epi32(
                current, _mm_loadu_si128(reinterpret_cast<const __m128i*>(kRoundConstants.data() + 4 * g)));
            cdgh = _mm_sha256rnds2_epu32(cdgh, abef, words);
            if (g >= 3 && g <= 14) {
                __m128i& next = w[(g + 1) % 4];
                next = _mm_add_epi32(next, _mm_alignr_epi8(current, w[(g + 3) % 4], 4));
                next = _mm_sha256msg2_epu32(next, current);
            }
            words = _mm_shuffle_epi32(words, 0x0E);
            abef = _mm_sha256rnds2_epu32(abef, cdgh, words);
            if (g >= 1 && g <= 12) w[(g + 3) % 4] = _mm_sha256msg1_epu32(w[(g + 3) % 4], current);
        }
        abef = _mm_add_epi32(abef, abef_start);
        cdgh = _mm_add_epi32(cdgh, cdgh_start);
    }
    const __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
    const __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
    dcba = _mm_blend_epi16(feba, dchg, 0xF0);
    hgfe = _mm_alignr_epi8(dchg, feba, 8);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(state), dcba);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(state + 4), hgfe);
}

const bool kUseShaExtensions = cpu_has_sha_extensions() && !std::getenv("PEDTX_NO_SHA_NI");
#endif

class Sha256 {
public:
    void update(const unsigned char* data, std::size_t size) {
        total_bits_ += static_cast<std::uint64_t>(size) * 8;
        std::size_t i = 0;
        // Whole blocks straight from the input when nothing is buffered.
        if (block_size_ == 0 && size - i >= 64) {
            const std::size_t blocks = (size - i) / 64;
            compress_blocks(data + i, blocks);
            i += 64 * blocks;
        }
        for (; i < size; ++i) {
            block_[block_size_++] = data[i];
            if (block_size_ == 64) {
                compress_blocks(block_.data(), 1);
                block_size_ = 0;
            }
        }
    }

    std::string hex_digest() {
        const std::uint64_t bits = total_bits_;
        const unsigned char pad = 0x80;
        update(&pad, 1);
        const unsigned char zero = 0;
        while (block_size_ != 56) update(&zero, 1);
        unsigned char length[8];
        for (int i = 0; i < 8; ++i) length[i] = static_cast<unsigned char>(bits >> (56 - 8 * i));
        update(length, 8);  // total_bits_ no longer matters: the digest is final
        std::string out;
        char buf[9];
        for (const auto word : state_) {
            std::snprintf(buf, sizeof buf, "%08x", word);
            out += buf;
        }
        return out;
    }

private:
    void compress_blocks(const unsigned char* data, std::size_t blocks) {
#ifdef PEDTX_SHA_NI
        if (kUseShaExtensions) {
            compress_blocks_sha_ni(state_.data(), data, blocks);
            return;
        }
#endif
        for (std::size_t b = 0; b < blocks; ++b) compress(data + 64 * b);
    }

    void compress(const unsigned char* block) {
        std::array<std::uint32_t, 64> w{};
        for (int i = 0; i < 16; ++i)
            w[i] = (std::uint32_t(block[4 * i]) << 24) | (std::uint32_t(block[4 * i + 1]) << 16) |
                   (std::uint32_t(block[4 * i + 2]) << 8) | std::uint32_t(block[4 * i + 3]);
        for (int i = 16; i < 64; ++i) {
            const std::uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
            const std::uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        auto [a, b, c, d, e, f, g, h] = state_;
        for (int i = 0; i < 64; ++i) {
            const std::uint32_t s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
            const std::uint32_t ch = (e & f) ^ (~e & g);
            const std::uint32_t t1 = h + s1 + ch + kRoundConstants[i] + w[i];
            const std::uint32_t s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
            const std::uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
            const std::uint32_t t2 = s0 + maj;
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        const std::array<std::uint32_t, 8> add = {a, b, c, d, e, f, g, h};
        for (int i = 0; i < 8; ++i) state_[i] += add[i];
    }

    std::array<std::uint32_t, 8> state_ = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                           0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    std::array<unsigned char, 64> block_{};
    std::size_t block_size_ = 0;
    std::uint64_t total_bits_ = 0;
};

}  // namespace

struct Sha256Stream::State {
    Sha256 hash;
};

Sha256Stream::Sha256Stream() : state_(std::make_unique<State>()) {}
Sha256Stream::~Sha256Stream() = default;

void Sha256Stream::update(std::string_view data) {
    state_->hash.update(reinterpret_cast<const unsigned char*>(data.data()), data.size());
}

std::string Sha256Stream::hex_digest() const {
    Sha256 copy = state_->hash;  // finishing pads the state: a copy keeps this one open
    return copy.hex_digest();
}

std::string sha256_hex(std::string_view data) {
    Sha256 hash;
    hash.update(reinterpret_cast<const unsigned char*>(data.data()), data.size());
    return hash.hex_digest();
}

std::string sha256_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw IoError(path.string() + ": cannot open for reading");
    Sha256 hash;
    std::vector<char> buffer(1 << 16);
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const auto got = in.gcount();
        if (got > 0) hash.update(reinterpret_cast<const unsigned char*>(buffer.data()), static_cast<std::size_t>(got));
    }
    if (in.bad()) throw IoError(path.string() + ": read failed");
    return hash.hex_digest();
}

}  // namespace pedtx
