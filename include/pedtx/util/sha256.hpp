// SHA-256 of files and strings, for provenance (run.json, KB manifest, --resume).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace pedtx {

std::string sha256_hex(std::string_view data);
// Throws IoError when the file cannot be read.
std::string sha256_file(const std::filesystem::path& path);

}  // namespace pedtx
