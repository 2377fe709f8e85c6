// What every pedtx fuzz target shares: the input bytes as a file of the kind the reader takes
// (the readers read paths, as pedtx does), and the bundled knowledge base, loaded once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include <unistd.h>

#include "pedtx/kb/knowledgebase.hpp"

namespace pedtx::fuzz {

// The bytes written to TMPDIR/pedtx_fuzz_PID<suffix>, replaced on every call.
inline std::filesystem::path input_file(const std::uint8_t* data, std::size_t size, const std::string& suffix) {
    const auto path = std::filesystem::temp_directory_path() / ("pedtx_fuzz_" + std::to_string(::getpid()) + suffix);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    return path;
}

inline const Knowledgebase& bundled_knowledgebase() {
    static const std::shared_ptr<const Knowledgebase> kb =
        Knowledgebase::load(std::filesystem::path(PEDTX_SOURCE_DIR) / "knowledgebase");
    return *kb;
}

}  // namespace pedtx::fuzz
