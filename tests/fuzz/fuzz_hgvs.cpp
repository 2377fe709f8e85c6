// Fuzz target: protein changes as annotators write them (HGVSp, BCSQ, VEP Protein_position +
// Amino_acids).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pedtx/core/hgvs.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)pedtx::parse_hgvsp(text);
    (void)pedtx::parse_bcsq_protein(text);
    const auto bar = text.find('|');
    if (bar != std::string_view::npos) {
        (void)pedtx::protein_change_from_positions(text.substr(0, bar), text.substr(bar + 1), false);
        (void)pedtx::protein_change_from_positions(text.substr(0, bar), text.substr(bar + 1), true);
    }
    return 0;
}
