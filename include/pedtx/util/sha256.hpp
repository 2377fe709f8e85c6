// SHA-256 of files and strings, for provenance (run.json, KB manifest, --resume).
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace pedtx {

std::string sha256_hex(std::string_view data);

// SHA-256 of data given in pieces (a file hashed while it is read for something else).
class Sha256Stream {
public:
    Sha256Stream();
    ~Sha256Stream();
    Sha256Stream(const Sha256Stream&) = delete;
    Sha256Stream& operator=(const Sha256Stream&) = delete;
    void update(std::string_view data);
    // Lower-case hex of everything given so far.
    std::string hex_digest() const;

private:
    struct State;
    std::unique_ptr<State> state_;
};
// Throws IoError when the file cannot be read.
std::string sha256_file(const std::filesystem::path& path);

}  // namespace pedtx
