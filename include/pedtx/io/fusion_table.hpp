// RNA fusion-caller tables: Arriba fusions.tsv, STAR-Fusion predictions
// (abridged or not), and the plain "FusionGene LeftBreakpoint RightBreakpoint"
// table; recognised by their header, columns read by name.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "pedtx/kb/knowledgebase.hpp"
#include "pedtx/match/fusion.hpp"

namespace pedtx {

struct FusionTable {
    std::string format;  // arriba, star_fusion, fusion_table
    std::vector<NamedFusion> fusions;
    std::int64_t rows_read = 0;         // data rows after the header (skipped ones included)
    std::vector<std::string> warnings;  // "FILE:LINE: ..." rows reported and not matched
};

// Throws InputError ("FILE:LINE: ...") for an unreadable or unrecognised table.
FusionTable read_fusion_table(const std::filesystem::path& path, const Knowledgebase& kb);

}  // namespace pedtx
