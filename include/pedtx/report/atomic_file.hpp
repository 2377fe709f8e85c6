// Atomic output: write to a temporary file in the target folder, then rename,
// so a failure or an interrupt never leaves a truncated report behind.
#pragma once

#include <filesystem>
#include <string_view>

namespace pedtx {

// Throws IoError naming the file when writing or renaming fails.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace pedtx
