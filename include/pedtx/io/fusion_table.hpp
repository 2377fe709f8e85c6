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
    // False when the table names the two genes without saying which is 5' (cBioPortal
    // data_sv.txt / data_fusions.txt without breakpoints, "ALK-EML4"): the matcher may then
    // take the knowledge base's orientation, and says so.
    bool partner_order_known = true;
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

// The fusions of one sample. A cBioPortal structural-variant file (data_sv.txt: Sample_Id,
// Site1_Hugo_Symbol, Site2_Hugo_Symbol, ...; OncoKB annotator's Tumor_Sample_Barcode, GeneA,
// GeneB, Sv_Type) or fusion file (data_fusions.txt: Tumor_Sample_Barcode, Fusion, ...) keeps
// the rows of `sample` (format cbioportal_sv / cbioportal_fusion; intragenic events are
// warned about and not matched as fusions); any other table is one sample's and read whole
// (read_fusion_table above).
FusionTable read_fusion_table(const std::filesystem::path& path, const std::string& sample);

// The sample ids a cBioPortal structural-variant or fusion file names, in file order; empty
// for any other fusion table (one sample's).
std::vector<std::string> fusion_table_samples(const std::filesystem::path& path);

}  // namespace pedtx
