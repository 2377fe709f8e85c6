// Structural VCF records (breakends, symbolic SVs, copy-number segments) as the callers write
// them: the fields the structural collectors need, with each caller's conventions for read
// support (Manta PR/SR, GRIDSS VF/BVF, Delly DV/RV, LUMPY SU), copy number (CN, CNVkit
// FOLD_CHANGE_LOG, gCNV NP) and whether a column carries the event.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pedtx/io/annotation.hpp"
#include "pedtx/io/vcf_reader.hpp"

namespace pedtx {

// The fields of a structural record (breakend, symbolic SV, copy-number segment) that the
// collectors need, read off the record where it was decoded; read support and copy number
// per reported column.
struct StructuralRecord {
    std::string chrom;
    std::int64_t pos = 0;
    std::int64_t end = 0;
    std::string label;  // "chrom:pos ID"
    std::string svtype;
    std::vector<std::string> alts;
    std::vector<std::string> caller_genes;
    std::string mate_chrom;                          // INFO/CHR2
    std::string connection;                          // INFO/CT
    std::vector<std::int32_t> reads;                 // per column
    std::vector<std::optional<double>> copy_number;  // per column
    std::vector<std::int32_t> probes;                // per column: bins / probes of a CNV segment, -1 unknown
    // Per column, per ALT: does this column carry the event? (its GT; else its own supporting
    // reads; else its copy number against the event's direction). Empty for a sites-only VCF.
    std::vector<std::vector<bool>> carried;
};

// Reads the record for these columns (tumor column indexes; -1 for a sites-only VCF), with the
// ploidy that turns fold changes into copy numbers.
StructuralRecord read_structural(VcfRecord& record, const AnnotationLayout& layout, const std::vector<int>& columns,
                                 double ploidy);

// An ALT that is no sequence: symbolic (<DEL>), a breakend (G]17:198982]), "*", "." or empty.
bool is_symbolic(std::string_view allele);
// A record (REF then ALTs) with an ALT that is a structural event (symbolic or a breakend;
// not "*", "." or a gVCF reference-block allele).
bool has_structural_allele(const std::vector<std::string_view>& alleles);

// The SV or CNV type an ALT stands for: "<DEL:ME>" -> DEL, else INFO/SVTYPE.
std::string symbolic_type(const std::string& alt, const std::string& svtype);

}  // namespace pedtx
