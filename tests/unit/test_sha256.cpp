// SHA-256 against the FIPS 180-4 / NIST example digests, through both the buffered and the
// whole-block paths (the x86 SHA extensions where the CPU has them; PEDTX_NO_SHA_NI=1 in the
// environment forces the portable code).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "pedtx/util/sha256.hpp"

using namespace pedtx;

TEST_CASE("SHA-256 of the NIST example messages", "[sha256]") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(sha256_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsm"
                     "nopqrstnopqrstu") == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
    CHECK(sha256_hex(std::string(1000000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("SHA-256 of a file equals that of its bytes, across read-buffer boundaries", "[sha256]") {
    std::string data;
    for (int i = 0; i < 200000; ++i) data.push_back(static_cast<char>((i * 7919) % 251));
    const auto path = std::filesystem::temp_directory_path() / "pedtx_sha256_test.bin";
    std::ofstream(path, std::ios::binary) << data;
    CHECK(sha256_file(path) == sha256_hex(data));
    CHECK(sha256_hex(std::string(1000000, 'a').substr(0, 65)) != sha256_hex(std::string(64, 'a')));
    std::filesystem::remove(path);
}

TEST_CASE("SHA-256 given in pieces of any size equals that of the whole", "[sha256]") {
    const std::string million(1000000, 'a');
    for (const std::size_t piece : {1, 63, 64, 65, 4096, 262144}) {
        Sha256Stream hash;
        for (std::size_t at = 0; at < million.size(); at += piece)
            hash.update(std::string_view(million).substr(at, piece));
        CHECK(hash.hex_digest() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    }
    Sha256Stream open;
    open.update("ab");
    CHECK(open.hex_digest() == sha256_hex("ab"));  // the digest leaves the stream open
    open.update("c");
    CHECK(open.hex_digest() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(Sha256Stream().hex_digest() == sha256_hex(""));
}
