// Copy-number calls to findings: amplification and homozygous deletion of
// knowledge-base genes, focal vs broad, matched to amplification / deletion rules
// (and loss-of-function rules for deletions).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "pedtx/core/genome.hpp"
#include "pedtx/io/copy_number.hpp"
#include "pedtx/kb/knowledgebase.hpp"
#include "pedtx/match/finding.hpp"

namespace pedtx {

// When a segment is an amplification or a deletion (a matching policy; the readers only read).
struct CopyNumberThresholds {
    double amp_min_cn = 5.0;  // absolute copy number for amplification (diploid genome)
    double del_max_cn = 0.0;  // homozygous deletion at or below this copy number
    double ploidy = 2.0;
    std::optional<double> amp_min_ratio;  // when set: amplification at ratio x ploidy
    std::int64_t focal_max_size = 10'000'000;
    // A segment is called only with at least this many probes / bins (when the caller gives
    // the count: CNVkit probes, SEG num.mark, gCNV NP, CNVkit VCF PROBES) and this size (bp),
    // so that a 2-bin blip is not an amplification.
    int min_probes = 3;
    std::int64_t min_size = 1'000;
    double amplification_cn() const { return amp_min_ratio ? *amp_min_ratio * ploidy : amp_min_cn; }
};

// skipped (optional): segments that reach an amplification / deletion level over a knowledge-base
// gene but are not called, by reason (copy_number_too_few_probes, copy_number_too_small).
std::vector<Finding> copy_number_findings(const std::vector<CopyNumberSegment>& segments,
                                          const std::vector<GeneCopyNumber>& gene_calls, const Knowledgebase& kb,
                                          GenomeBuild build, const CopyNumberThresholds& thresholds,
                                          std::map<std::string, std::int64_t>* skipped = nullptr);

}  // namespace pedtx
