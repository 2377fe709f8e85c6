// Copy-number calls to findings: amplification and homozygous deletion of
// knowledge-base genes, focal vs broad, matched to amplification / deletion rules
// (and loss-of-function rules for deletions).
#pragma once

#include <vector>

#include "pedtx/core/genome.hpp"
#include "pedtx/io/copy_number.hpp"
#include "pedtx/kb/knowledgebase.hpp"
#include "pedtx/match/finding.hpp"

namespace pedtx {

std::vector<Finding> copy_number_findings(const std::vector<CopyNumberSegment>& segments,
                                          const std::vector<GeneCopyNumber>& gene_calls, const Knowledgebase& kb,
                                          GenomeBuild build, const CopyNumberThresholds& thresholds);

}  // namespace pedtx
