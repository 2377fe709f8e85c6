// Fuzz target: the knowledge-base loader. The input replaces evidence.json (or, when it starts
// with a file name line "genes.json\n", "drugs.json\n", ..., that file) in a copy of the bundled
// knowledge base; validate() must collect the problems as FILE:LINE messages, never crash.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "fuzz_input.hpp"
#include "pedtx/core/error.hpp"
#include "pedtx/kb/knowledgebase.hpp"

namespace {

const std::filesystem::path& knowledgebase_copy() {
    static const std::filesystem::path copy = [] {
        const auto dir = std::filesystem::temp_directory_path() / ("pedtx_fuzz_kb_" + std::to_string(::getpid()));
        std::filesystem::remove_all(dir);
        std::filesystem::copy(std::filesystem::path(PEDTX_SOURCE_DIR) / "knowledgebase", dir,
                              std::filesystem::copy_options::recursive);
        return dir;
    }();
    return copy;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto& dir = knowledgebase_copy();
    std::string text(reinterpret_cast<const char*>(data), size);
    std::string file = "evidence.json";
    for (const char* name : {"genes.json", "drugs.json", "trials.json", "genomic_keys.json", "tumor_types.tsv",
                             "tumor_type_aliases.tsv", "gene_table.GRCh38.tsv"})
        if (text.rfind(std::string(name) + "\n", 0) == 0) {
            file = name;
            text.erase(0, file.size() + 1);
        }
    const auto original = dir / (file + ".original");
    if (!std::filesystem::exists(original)) std::filesystem::copy_file(dir / file, original);
    {
        std::ofstream out(dir / file, std::ios::binary | std::ios::trunc);
        out << text;
    }
    try {
        (void)pedtx::Knowledgebase::validate(dir);
    } catch (const pedtx::Error&) {
    }
    std::filesystem::copy_file(original, dir / file, std::filesystem::copy_options::overwrite_existing);
    return 0;
}
