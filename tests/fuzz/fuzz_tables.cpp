// Fuzz target: the tab-separated inputs beside the VCF: fusion-caller tables (Arriba,
// STAR-Fusion, plain), copy-number files (SEG, CNVkit, gene tables) and the sample sheet.
#include <cstddef>
#include <cstdint>

#include "fuzz_input.hpp"
#include "pedtx/core/error.hpp"
#include "pedtx/io/copy_number.hpp"
#include "pedtx/io/fusion_table.hpp"
#include "pedtx/match/fusion.hpp"
#include "pedtx/run/sample_sheet.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto& kb = pedtx::fuzz::bundled_knowledgebase();
    const auto path = pedtx::fuzz::input_file(data, size, ".tsv");
    try {
        const auto table = pedtx::read_fusion_table(path);
        std::vector<std::string> warnings;
        (void)pedtx::fusion_table_findings(table, kb, pedtx::GenomeBuild::GRCh38, warnings);
    } catch (const pedtx::Error&) {
    }
    try {
        (void)pedtx::read_copy_number_file(path, "S1");
    } catch (const pedtx::Error&) {
    }
    try {
        (void)pedtx::read_sample_sheet(path, kb.tumor_types(), false);
    } catch (const pedtx::Error&) {
    }
    return 0;
}
