// Structural records of one sample, collected in file order during the record loop and turned
// into findings at the end: breakend pairs joined into junctions, junctions into fusions (with
// the reciprocal of an inversion dropped) or into what they do to one gene (deletions,
// tumor-suppressor breakpoints), and copy-number segments kept for the copy-number step.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "pedtx/core/genome.hpp"
#include "pedtx/io/copy_number.hpp"
#include "pedtx/io/structural_record.hpp"
#include "pedtx/kb/knowledgebase.hpp"
#include "pedtx/match/finding.hpp"
#include "pedtx/match/fusion.hpp"
#include "pedtx/match/sample_result.hpp"

namespace pedtx {

class StructuralCollector {
public:
    StructuralCollector(const Knowledgebase& kb, GenomeBuild build) : kb_(kb), build_(build) {}

    // column: this sample's position in the record's per-column values.
    void add_record(const StructuralRecord& sv, std::size_t column, QcCounts& qc);

    std::vector<CopyNumberSegment>& segments() { return segments_; }

    // The fusions and single-gene structural findings of the junctions collected.
    std::vector<Finding> fusion_findings(QcCounts& qc) const;

private:
    void add_junction(Junction junction, const std::string& record, std::int32_t reads,
                      const std::vector<std::string>& caller_genes);

    const Knowledgebase& kb_;
    GenomeBuild build_;
    std::map<std::string, Junction> junctions_;
    std::vector<CopyNumberSegment> segments_;
};

}  // namespace pedtx
