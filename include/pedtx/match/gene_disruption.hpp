// What a DNA junction does to one knowledge-base gene when it is not a fusion of two genes:
// a deletion inside the gene or running from it into no gene (the exons it removes, named on
// the MANE Select transcript), and a breakpoint inside a tumor suppressor's coding region.
// Either matches the gene's loss-of-function rules when it removes or breaks coding sequence.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pedtx/core/genome.hpp"
#include "pedtx/kb/knowledgebase.hpp"
#include "pedtx/match/finding.hpp"
#include "pedtx/match/fusion.hpp"

namespace pedtx {

struct JunctionGeneEffects {
    std::vector<Finding> findings;  // category "structural", with the matched evidence (tiers later)
    bool not_a_fusion = false;      // the junction is a deletion within one gene or out of it into no gene
    std::string skipped_reason;     // counted in qc when such a deletion removes no exon
};

// Deletion: a junction on one chromosome keeping the left of its lower end and the right of its
// upper end (symbolic <DEL>, a breakend pair t[p[ / ]p]t, Delly CT=3to5).
bool is_deletion_junction(const Junction& junction);

// Exons (1-based MANE Select numbers, in transcript order) overlapping [start, end].
std::vector<int> exons_overlapping(const GeneLocus& locus, std::int64_t start, std::int64_t end);

// "exon 6", "exons 6-9", "exons 2, 4" for a list of exon numbers.
std::string exon_list_text(std::vector<int> exons);

JunctionGeneEffects junction_gene_effects(const Junction& junction, const Knowledgebase& kb, GenomeBuild build);

}  // namespace pedtx
