// RNA fusion-caller tables: Arriba fusions.tsv, STAR-Fusion predictions
// (abridged or not), and the plain "FusionGene LeftBreakpoint RightBreakpoint"
// table; recognised by their header, columns read by name.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pedtx {

// A fusion whose 5' and 3' partners an RNA caller named (either may be empty when
// the caller gave none). Breakpoints are checked against the genes' coordinates and
// every disagreement is recorded in notes.
struct NamedFusion {
    std::string five_prime_gene;
    std::string three_prime_gene;
    std::string five_prime_chrom;
    std::int64_t five_prime_pos = 0;
    std::string three_prime_chrom;
    std::int64_t three_prime_pos = 0;
    std::int32_t supporting_reads = -1;
    std::string source;  // arriba, star_fusion, fusion_table
    std::string record;  // FILE:LINE
    long line = 0;       // the table line
    // STAR-Fusion: the partners its FusionName column gives, checked against the gene columns
    // by the matcher (through the knowledge base's aliases).
    std::optional<std::pair<std::string, std::string>> named_partners;
    std::string name;  // that column as written
};
// "A--B", "A::B", "A-B", "A/B" -> {A, B}; nullopt when the name has no separator.
std::optional<std::pair<std::string, std::string>> split_fusion_name(std::string_view name);

struct FusionTable {
    std::string format;  // arriba, star_fusion, fusion_table
    std::vector<NamedFusion> fusions;
    std::int64_t rows_read = 0;  // data rows after the header (skipped ones included)
    // Rows reported and not matched, in row order: the line and "FILE:LINE: ...".
    std::vector<std::pair<long, std::string>> warnings;
};

// Throws InputError ("FILE:LINE: ...") for an unreadable or unrecognised table.
FusionTable read_fusion_table(const std::filesystem::path& path);

}  // namespace pedtx
