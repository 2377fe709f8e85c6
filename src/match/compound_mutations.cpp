// Compound or polyclonal ABL1 kinase-domain mutations (issue 13 item 1). Sources of the note, read:
// Zabriskie et al., Cancer Cell 2014, doi:10.1016/j.ccr.2014.07.006 (summary and highlights:
// compound mutants confer varying resistance to imatinib, nilotinib, dasatinib, ponatinib,
// rebastinib and bosutinib; T315I-inclusive compound mutants resist all TKIs, ponatinib included);
// Deininger et al., Blood 2016;127:703-712, PMID 26603839 (PMC4760131: in PACE no single or
// compound mutation consistently conferred ponatinib resistance in chronic-phase CML);
// Khorashad et al., Blood 2013;121:489 (abstract: 70% of double mutations found by direct
// sequencing were compound). Neither Zabriskie's nor Khorashad's PMID was confirmed, so the note
// names them by journal and DOI only.
#include "pedtx/match/compound_mutations.hpp"

#include <algorithm>
#include <cctype>

#include "pedtx/match/tiering.hpp"

namespace pedtx {

namespace {

bool is_mutation_rule(RuleType type) {
    return type == RuleType::protein_change || type == RuleType::codon || type == RuleType::codon_range;
}

}  // namespace

int finding_codon(const Finding& finding) {
    if (finding.variant.protein.start > 0) return finding.variant.protein.start;
    const std::string& name = finding.alteration;
    std::size_t i = 0;
    while (i < name.size() && std::isalpha(static_cast<unsigned char>(name[i]))) ++i;
    int codon = 0;
    for (; i < name.size() && std::isdigit(static_cast<unsigned char>(name[i])); ++i) {
        codon = codon * 10 + (name[i] - '0');
        if (codon > 100000) return 0;  // not a protein position
    }
    return codon;
}

std::optional<KinaseDomainMutations> find_abl1_kinase_domain_mutations(const std::vector<Finding>& findings) {
    KinaseDomainMutations found;
    found.gene = "ABL1";
    for (std::size_t i = 0; i < findings.size(); ++i) {
        const Finding& finding = findings[i];
        if (finding.category != FindingCategory::mutation || finding.gene != found.gene) continue;
        if (finding.variant.protein.synonymous) continue;
        const int codon = finding_codon(finding);
        if (codon < kAbl1KinaseDomainFirstCodon || codon > kAbl1KinaseDomainLastCodon) continue;
        found.findings.push_back(i);
        found.mutations.push_back(finding.alteration);
    }
    std::sort(found.mutations.begin(), found.mutations.end());
    found.mutations.erase(std::unique(found.mutations.begin(), found.mutations.end()), found.mutations.end());
    if (found.mutations.size() < 2) return std::nullopt;
    return found;
}

bool abl1_kinase_domain_note_applies(const Knowledgebase& kb, const std::string& tumor_type) {
    if (tumor_type.empty()) return true;
    for (const auto& item : kb.evidence()) {
        if (item.alteration.gene != "ABL1" || !is_mutation_rule(item.alteration.type)) continue;
        const TumorTypeMatch match = match_tumor_type(item.tumor_types, kb.tumor_types(), tumor_type);
        if (match != TumorTypeMatch::other) return true;
    }
    return false;
}

std::string compound_mutation_note(const KinaseDomainMutations& found) {
    std::string names;
    for (const auto& mutation : found.mutations) names += (names.empty() ? "" : ", ") + mutation;
    return std::to_string(found.mutations.size()) + " " + found.gene + " kinase-domain mutations found (" + names +
           "): they may be compound (on the same BCR::ABL1 allele) or polyclonal (in different clones); a VCF "
           "cannot tell (phasing needs reads or clones spanning both positions). The TKI sensitivity of a "
           "compound mutation can differ from that of each mutation alone: compound mutants including T315I "
           "resisted every TKI tested, ponatinib included (Zabriskie et al., Cancer Cell 2014, "
           "doi:10.1016/j.ccr.2014.07.006), while in PACE no single or compound mutation consistently conferred "
           "ponatinib resistance in chronic-phase CML (Deininger et al., Blood 2016, PMID 26603839)";
}

void note_compound_kinase_domain_mutations(std::vector<Finding>& findings, const Knowledgebase& kb,
                                           const std::string& tumor_type) {
    const auto found = find_abl1_kinase_domain_mutations(findings);
    if (!found || !abl1_kinase_domain_note_applies(kb, tumor_type)) return;
    const std::string note = compound_mutation_note(*found);
    for (const std::size_t index : found->findings) findings[index].notes.push_back(note);
}

}  // namespace pedtx
