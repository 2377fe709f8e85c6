// Matching tumor alleles to knowledge-base evidence through the KB's indexes
// (by gene, by genomic key): never a scan of the whole KB per variant.
#pragma once

#include <vector>

#include "pedtx/core/variant.hpp"
#include "pedtx/kb/knowledgebase.hpp"
#include "pedtx/match/finding.hpp"

namespace pedtx {

// Does an annotated variant satisfy a rule? (Genomic keys are checked separately.)
bool rule_matches(const AlterationRule& rule, const Variant& variant);

class Matcher {
public:
    Matcher(const Knowledgebase& kb, GenomeBuild build) : kb_(kb), build_(build) {}

    // allele: the genomic allele (no consequence); annotated: one Variant per KB gene
    // with its selected transcript consequence. Returns the findings for this allele:
    // matched evidence, or tier-III candidates (protein-altering, KB gene, no evidence).
    std::vector<Finding> match_allele(const Variant& allele, const std::vector<Variant>& annotated) const;

private:
    const Knowledgebase& kb_;
    GenomeBuild build_;
};

}  // namespace pedtx
