// Atomic output: write to a temporary file in the target folder, then rename,
// so a failure or an interrupt never leaves a truncated report behind.
#pragma once

#include <filesystem>
#include <functional>
#include <string_view>

namespace pedtx {

// Throws IoError naming the file when writing or renaming fails.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

// The same for content a writer puts into the temporary file it is given (e.g. through
// htslib); whatever the writer throws is passed on, and the temporary file removed.
void write_atomically(const std::filesystem::path& path,
                      const std::function<void(const std::filesystem::path& temporary)>& writer);

}  // namespace pedtx
