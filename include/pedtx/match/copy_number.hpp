// Copy-number calls to findings: amplification and homozygous deletion of
// knowledge-base genes, focal vs broad, matched to amplification / deletion rules
// (and loss-of-function rules for deletions).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "pedtx/core/genome.hpp"
#include "pedtx/io/copy_number.hpp"
#include "pedtx/kb/knowledgebase.hpp"
#include "pedtx/match/finding.hpp"

namespace pedtx {

// skipped (optional): segments that reach an amplification / deletion level over a knowledge-base
// gene but are not called, by reason (copy_number_too_few_probes, copy_number_too_small).
std::vector<Finding> copy_number_findings(const std::vector<CopyNumberSegment>& segments,
                                          const std::vector<GeneCopyNumber>& gene_calls, const Knowledgebase& kb,
                                          GenomeBuild build, const CopyNumberThresholds& thresholds,
                                          std::map<std::string, std::int64_t>* skipped = nullptr);

}  // namespace pedtx
