// Temp file + rename in the same folder.
#include "pedtx/report/atomic_file.hpp"

#include <atomic>
#include <cstdio>
#include <fstream>
#include <string>

#include <unistd.h>

#include "pedtx/core/error.hpp"

namespace pedtx {

void write_atomically(const std::filesystem::path& path,
                      const std::function<void(const std::filesystem::path& temporary)>& writer) {
    static std::atomic<unsigned> counter{0};
    const auto temp = path.parent_path() / ("." + path.filename().string() + ".tmp." + std::to_string(::getpid()) +
                                            "." + std::to_string(counter.fetch_add(1)));
    try {
        writer(temp);
    } catch (...) {
        std::error_code ignored;
        std::filesystem::remove(temp, ignored);
        throw;
    }
    std::error_code error;
    std::filesystem::rename(temp, path, error);
    if (error) {
        std::error_code ignored;
        std::filesystem::remove(temp, ignored);
        throw IoError(path.string() + ": cannot rename temporary file: " + error.message());
    }
}

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
    write_atomically(path, [&](const std::filesystem::path& temp) {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        if (!out) throw IoError(path.string() + ": cannot create temporary file " + temp.string());
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        out.flush();
        if (!out) throw IoError(path.string() + ": write failed (disk full?)");
    });
}

}  // namespace pedtx
