// Two or more ABL1 kinase-domain mutations in one sample (issue 13 item 1): whether they are
// compound (on one BCR::ABL1 molecule) or polyclonal (in different clones) cannot be told from a
// VCF, and the TKI sensitivity of a compound mutation can differ from that of each mutation alone.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "pedtx/kb/knowledgebase.hpp"
#include "pedtx/match/finding.hpp"

namespace pedtx {

// ABL1 kinase domain as sequenced for TKI-resistance testing (BCR::ABL1 codons 221-500).
constexpr int kAbl1KinaseDomainFirstCodon = 221;
constexpr int kAbl1KinaseDomainLastCodon = 500;

// The distinct kinase-domain mutations of one gene found together in a sample.
struct KinaseDomainMutations {
    std::string gene;                    // "ABL1"
    std::vector<std::string> mutations;  // distinct protein changes, sorted: "E255K", "T315I"
    std::vector<std::size_t> findings;   // indexes of the findings carrying them, in input order
};

// Codon of a finding's protein change: the annotation's, else read from its name ("T315I" -> 315);
// 0 when neither gives one.
int finding_codon(const Finding& finding);

// Two or more distinct non-synonymous ABL1 mutation findings in codons 221-500; nullopt otherwise.
std::optional<KinaseDomainMutations> find_abl1_kinase_domain_mutations(const std::vector<Finding>& findings);

// Whether the note applies to a sample of this tumor type: unknown (empty), or the same as, a
// subtype of, or broader than a tumor type of the knowledge base's ABL1 mutation evidence (CML and
// B-lymphoblastic leukemia in the bundled knowledge base). A solid tumor gets no note.
bool abl1_kinase_domain_note_applies(const Knowledgebase& kb, const std::string& tumor_type);

// "2 ABL1 kinase-domain mutations found (E255K, T315I): ..." with its sources.
std::string compound_mutation_note(const KinaseDomainMutations& found);

// Adds the note to each finding of the set, when the sample has one and the note applies.
void note_compound_kinase_domain_mutations(std::vector<Finding>& findings, const Knowledgebase& kb,
                                           const std::string& tumor_type);

}  // namespace pedtx
