// Copy-number inputs: segment files (chrom, start, end, copy number or log2 ratio;
// PCGR's nMajor/nMinor), gene-level tables (cBioPortal / oncokb-annotator CNA
// matrix with -2..2, or "gene call" lists), read by column name.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pedtx {

struct CopyNumberThresholds {
    double amp_min_cn = 5.0;  // absolute copy number for amplification (diploid genome)
    double del_max_cn = 0.0;  // homozygous deletion at or below this copy number
    double ploidy = 2.0;
    std::optional<double> amp_min_ratio;  // when set: amplification at ratio x ploidy
    std::int64_t focal_max_size = 10'000'000;
    double amplification_cn() const { return amp_min_ratio ? *amp_min_ratio * ploidy : amp_min_cn; }
};

struct CopyNumberSegment {
    std::string chrom;
    std::int64_t start = 0;  // 1-based closed
    std::int64_t end = 0;
    double copy_number = 0;
    std::string source;  // segments, vcf_symbolic
    std::string record;  // FILE:LINE or chrom:pos ID
};

struct GeneCopyNumber {
    std::string gene;
    int level = 0;  // -2 deep deletion, -1 loss, 1 gain, 2 amplification
    std::string record;
};

struct CopyNumberInput {
    std::string format;  // segments, gene_matrix, gene_calls
    std::vector<CopyNumberSegment> segments;
    std::vector<GeneCopyNumber> genes;
    std::vector<std::string> warnings;
};

// sample_id picks the column of a multi-sample gene matrix. Throws InputError "FILE:LINE: ...".
CopyNumberInput read_copy_number_file(const std::filesystem::path& path, const std::string& sample_id,
                                      double ploidy = 2.0);

}  // namespace pedtx
