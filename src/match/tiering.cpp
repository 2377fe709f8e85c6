// AMP/ASCO/CAP tiering for one patient: tumor type, age, the approvals of the agencies the run
// counts, and resistance found in the same sample.
#include "pedtx/match/tiering.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <tuple>

#include "pedtx/match/compound_mutations.hpp"

namespace pedtx {

std::string format_age(double years) {
    char buffer[32];
    if (years < 1.0) {
        const int months = static_cast<int>(std::lround(years * 12.0));
        std::snprintf(buffer, sizeof buffer, "%d month%s", months, months == 1 ? "" : "s");
    } else if (std::fabs(years - std::round(years)) < 1e-9) {
        const int whole = static_cast<int>(std::lround(years));
        std::snprintf(buffer, sizeof buffer, "%d year%s", whole, whole == 1 ? "" : "s");
    } else {
        std::snprintf(buffer, sizeof buffer, "%.1f years", years);
    }
    return buffer;
}

TumorTypeMatch match_tumor_type(const TumorTypeScope& scope, const TumorTypeTree& tree,
                                const std::string& tumor_type) {
    if (!scope.group.empty()) {
        if (tumor_type.empty()) return scope.group == "all" ? TumorTypeMatch::agnostic : TumorTypeMatch::other;
        for (const auto& excluded : scope.exclude)
            if (tree.is_same_or_descendant(tumor_type, excluded)) return TumorTypeMatch::other;
        const bool hematologic = tree.is_hematologic(tumor_type);
        if (scope.group == "all" || (scope.group == "solid" && !hematologic) ||
            (scope.group == "hematologic" && hematologic))
            return TumorTypeMatch::agnostic;
        return TumorTypeMatch::other;
    }
    if (tumor_type.empty()) return TumorTypeMatch::other;
    const TumorType* sample = tree.find(tumor_type);
    TumorTypeMatch best = TumorTypeMatch::other;
    for (const auto& code : scope.codes) {
        const TumorType* node = tree.find(code);
        if (sample && node == sample) return TumorTypeMatch::exact;
        if (tree.is_same_or_descendant(tumor_type, code))
            best = TumorTypeMatch::ancestor;
        else if (best == TumorTypeMatch::other && tree.is_same_or_descendant(code, tumor_type))
            best = TumorTypeMatch::sample_ancestor;
    }
    return best;
}

namespace {

constexpr double kAgeEpsilon = 1e-9;

std::string join_strings(const std::vector<std::string>& parts, const std::string& separator) {
    std::string out;
    for (const auto& part : parts) {
        if (!out.empty()) out += separator;
        out += part;
    }
    return out;
}

std::string format_kg(double kg) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g kg", kg);
    return buffer;
}

bool agency_counted(const std::string& agency, Agency counted) {
    return counted == Agency::any || agency == to_string(counted);
}

// "the approval is for ASTR2; the sample is coded ASTR (...)": the item's codes under the sample's.
std::string broader_sample_note(const EvidenceMatch& match, const TumorTypeTree& tree, const std::string& sample) {
    std::vector<std::string> narrower;
    for (const auto& code : match.item->tumor_types.codes)
        if (tree.is_same_or_descendant(code, sample)) narrower.push_back(code);
    const bool approval = match.item->level == 'A' && !match.approvals.empty();
    std::string note = std::string(approval ? "the approval is for " : "the evidence is for ") +
                       join_strings(narrower, ", ") + "; the sample is coded " + sample;
    if (match.item->level == 'A' || match.item->level == 'B')
        note += " (a broader type): tier IIC, not I" + std::string(match.item->level == 'A' ? "A" : "B") +
                ", until the subtype is confirmed";
    return note;
}

void tier_evidence(EvidenceMatch& match, const Knowledgebase& kb, const PatientContext& patient) {
    const EvidenceItem& item = *match.item;
    const TumorTypeTree& tree = kb.tumor_types();
    match.tumor_type_match = match_tumor_type(item.tumor_types, tree, patient.tumor_type);
    const bool in_indication = match.tumor_type_match == TumorTypeMatch::exact ||
                               match.tumor_type_match == TumorTypeMatch::ancestor ||
                               match.tumor_type_match == TumorTypeMatch::agnostic;
    match.approvals.clear();
    match.tier_notes.clear();
    match.lowered_from.reset();
    for (const auto& id : item.approval_ids)
        if (const Approval* approval = kb.approval(id))
            match.approvals.push_back(check_approval(*approval, tree, patient));
    match.approval = nullptr;
    for (const auto& check : match.approvals)
        if (check.supports_tier_ia()) {
            match.approval = check.approval;
            break;
        }
    for (const auto& check : match.approvals)
        if (!match.approval && check.counted) match.approval = check.approval;
    if (!match.approval && !match.approvals.empty()) match.approval = match.approvals.front().approval;

    // Age: each approval's bounds (in its note), and the item's own bounds.
    std::vector<std::string> notes;
    for (const auto& check : match.approvals) {
        std::string note = check.approval->agency + " " + std::to_string(check.approval->year) + ": " + check.note;
        if (!check.counted) note += " (not counted with --agency " + std::string(to_string(patient.agency)) + ")";
        notes.push_back(std::move(note));
    }
    const bool has_approvals = !match.approvals.empty();
    const auto approval_has_min = [&](double years) {
        return std::any_of(match.approvals.begin(), match.approvals.end(), [&](const ApprovalCheck& c) {
            return c.approval->min_age_years && std::fabs(*c.approval->min_age_years - years) < kAgeEpsilon;
        });
    };
    bool item_age_ok = true;
    const std::string what = item.level == 'A' ? "approved" : "studied";
    if (item.min_age_years) {
        const double min_age = *item.min_age_years;
        // With approvals, the labels' notes say the age already unless the item's bound differs.
        const bool say = !has_approvals || !approval_has_min(min_age);
        const std::string from = has_approvals ? "the evidence covers patients from " : what + " from ";
        if (!patient.age_years) {
            if (say) notes.push_back(from + format_age(min_age) + "; patient age not given");
        } else if (*patient.age_years + kAgeEpsilon < min_age) {
            item_age_ok = false;
            if (say)
                notes.push_back(from + format_age(min_age) + "; patient is " + format_age(*patient.age_years) +
                                " (below the minimum age)");
        } else if (say) {
            notes.push_back(from + format_age(min_age));
        }
    }
    if (item.max_age_years && patient.age_years && *patient.age_years > *item.max_age_years + kAgeEpsilon) {
        item_age_ok = false;
        notes.push_back(what + " up to " + format_age(*item.max_age_years) + "; patient is older");
    }
    match.age_note = join_strings(notes, "; ");

    const bool approval_ok = !has_approvals || std::any_of(match.approvals.begin(), match.approvals.end(),
                                                           [](const ApprovalCheck& c) { return c.supports_tier_ia(); });
    if (item.level == 'A' && in_indication && item_age_ok && approval_ok)
        match.tier = Tier::IA;
    else if (item.level == 'B' && in_indication && item_age_ok)
        match.tier = Tier::IB;
    else if (item.level == 'D')
        match.tier = Tier::IID;
    else
        match.tier = Tier::IIC;

    // With labels linked, their notes carry the age; the item's own bound goes to the tier notes
    // when it is what keeps the patient out.
    if (has_approvals && !item_age_ok)
        for (const auto& note : notes)
            if (note.rfind("the evidence covers", 0) == 0 || note.find(" up to ") != std::string::npos)
                match.tier_notes.push_back(note);
    if (match.tumor_type_match == TumorTypeMatch::sample_ancestor)
        match.tier_notes.push_back(broader_sample_note(match, tree, patient.tumor_type));
    if (item.level == 'A' && has_approvals &&
        std::none_of(match.approvals.begin(), match.approvals.end(), [](const ApprovalCheck& c) { return c.counted; }))
        match.tier_notes.push_back("no " + std::string(to_string(patient.agency)) +
                                   " approval is linked to this evidence in the knowledge base; the other agency's "
                                   "approval is not counted with --agency " +
                                   std::string(to_string(patient.agency)) + ": tier IIC, not IA");
}

// Genes a finding is about: the gene, or both partners of a fusion.
std::set<std::string> finding_genes(const Finding& finding) {
    std::set<std::string> genes;
    if (!finding.gene.empty()) genes.insert(finding.gene);
    if (finding.fusion) {
        if (!finding.fusion->five_prime.gene.empty()) genes.insert(finding.fusion->five_prime.gene);
        if (!finding.fusion->three_prime.gene.empty()) genes.insert(finding.fusion->three_prime.gene);
    }
    const auto separator = finding.gene.find("::");
    if (separator != std::string::npos) {
        genes.insert(finding.gene.substr(0, separator));
        genes.insert(finding.gene.substr(separator + 2));
    }
    return genes;
}

bool in_tumor_type(const EvidenceMatch& match) {
    return match.tumor_type_match == TumorTypeMatch::exact || match.tumor_type_match == TumorTypeMatch::ancestor ||
           match.tumor_type_match == TumorTypeMatch::agnostic;
}

// Links resistance to the sensitivity it undercuts (shared drug); lowers the sensitivity when
// the resistance is in a gene the sensitive finding is about (a kinase-domain mutation beside
// its fusion, a second mutation in the same gene) and in this tumor type.
void link_resistance(std::vector<Finding>& findings) {
    for (auto& finding : findings) {
        const std::set<std::string> genes = finding_genes(finding);
        for (auto& match : finding.evidence) {
            if (match.item->response != Response::sensitive) continue;
            char strongest = 0;  // best (lowest) level of a lowering resistance
            std::vector<std::string> reasons;
            for (const auto& other : findings) {
                const std::set<std::string> other_genes = finding_genes(other);
                const bool same_gene = std::any_of(other_genes.begin(), other_genes.end(),
                                                   [&](const std::string& g) { return genes.count(g) > 0; });
                for (const auto& resistance : other.evidence) {
                    if (resistance.item->response != Response::resistant) continue;
                    std::vector<std::string> shared;
                    for (const auto& drug : match.item->drugs)
                        if (std::find(resistance.item->drugs.begin(), resistance.item->drugs.end(), drug) !=
                            resistance.item->drugs.end())
                            shared.push_back(drug);
                    if (shared.empty()) continue;
                    const std::string label = other.gene + " " + other.alteration + " (" + resistance.item->id + ")";
                    if (std::find(match.undercut_by.begin(), match.undercut_by.end(), label) == match.undercut_by.end())
                        match.undercut_by.push_back(label);
                    if (!same_gene || !in_tumor_type(resistance)) continue;
                    const std::string reason = other.gene + " " + other.alteration + " (" + resistance.item->id +
                                               ", level " + std::string(1, resistance.item->level) + ": resistant to " +
                                               join_strings(shared, ", ") + ")";
                    if (std::find(reasons.begin(), reasons.end(), reason) == reasons.end()) reasons.push_back(reason);
                    if (strongest == 0 || resistance.item->level < strongest) strongest = resistance.item->level;
                }
            }
            std::sort(match.undercut_by.begin(), match.undercut_by.end());
            if (strongest == 0) continue;
            std::sort(reasons.begin(), reasons.end());
            // Clinical resistance evidence (levels A-C): the drug is not recommended for this tumor;
            // preclinical or case-report resistance (level D) only lowers it to potential significance.
            const Tier target = strongest == 'D' ? Tier::IIC : Tier::IID;
            if (tier_rank(match.tier) >= tier_rank(target)) {
                match.tier_notes.push_back("resistance found in this sample: " + join_strings(reasons, "; "));
                continue;
            }
            match.tier_notes.push_back(
                "lowered from " + std::string(to_string(match.tier)) + " to " + std::string(to_string(target)) +
                (strongest == 'D' ? " (resistance shown in preclinical or case-report evidence)"
                                  : " (not recommended: resistance shown in clinical evidence)") +
                ": resistance found in this sample: " + join_strings(reasons, "; "));
            match.lowered_from = match.tier;
            match.tier = target;
        }
    }
}

}  // namespace

ApprovalCheck check_approval(const Approval& approval, const TumorTypeTree& tree, const PatientContext& patient) {
    ApprovalCheck check;
    check.approval = &approval;
    check.counted = agency_counted(approval.agency, patient.agency);
    std::vector<std::string> parts;
    std::string bounds;
    if (approval.adults_only())
        bounds = "adults only (approved from " + format_age(*approval.min_age_years) + ")";
    else if (approval.min_age_years && *approval.min_age_years > 0)
        bounds = "approved from " + format_age(*approval.min_age_years);
    else
        bounds = "no minimum age on the label";
    if (approval.under_age_years) bounds += ", under " + format_age(*approval.under_age_years) + " only";
    if (approval.min_weight_kg)
        bounds += ", body weight at least " + format_kg(*approval.min_weight_kg) + " (check the patient's weight)";
    parts.push_back(std::move(bounds));
    const bool has_bound = (approval.min_age_years && *approval.min_age_years > 0) || approval.under_age_years;
    if (patient.age_years) {
        const double age = *patient.age_years;
        if (approval.min_age_years && age + kAgeEpsilon < *approval.min_age_years) {
            check.age_ok = false;
            parts.push_back("patient is " + format_age(age) + " (below the minimum age)");
        } else if (approval.under_age_years && age + kAgeEpsilon >= *approval.under_age_years) {
            check.age_ok = false;
            parts.push_back("patient is " + format_age(age) + " (above the label's age range)");
        }
    } else if (has_bound) {
        parts.push_back("patient age not given");
    }
    if (!approval.tumor_types.empty()) {
        check.tumor_type_ok =
            !patient.tumor_type.empty() &&
            std::any_of(approval.tumor_types.begin(), approval.tumor_types.end(),
                        [&](const std::string& code) { return tree.is_same_or_descendant(patient.tumor_type, code); });
        if (!check.tumor_type_ok) parts.push_back("label for " + join_strings(approval.tumor_types, ", ") + " only");
    }
    check.note = join_strings(parts, "; ");
    return check;
}

void assign_tiers(std::vector<Finding>& findings, const Knowledgebase& kb, const PatientContext& patient) {
    for (auto& finding : findings)
        for (auto& match : finding.evidence) {
            match.undercut_by.clear();
            tier_evidence(match, kb, patient);
        }
    // Resistance shown next to the sensitivity it undercuts, and lowering it in the same gene.
    link_resistance(findings);
    // Two or more ABL1 kinase-domain mutations: compound or polyclonal (match/compound_mutations).
    note_compound_kinase_domain_mutations(findings, kb, patient.tumor_type);
    for (auto& finding : findings) {
        finding.tier = Tier::III;
        for (const auto& match : finding.evidence) finding.tier = better_tier(finding.tier, match.tier);
        std::sort(finding.evidence.begin(), finding.evidence.end(), [](const EvidenceMatch& a, const EvidenceMatch& b) {
            return std::make_tuple(tier_rank(a.tier), a.item->level, a.item->id) <
                   std::make_tuple(tier_rank(b.tier), b.item->level, b.item->id);
        });
    }
    std::sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
        return std::make_tuple(tier_rank(a.tier), a.gene, a.alteration, a.variant.chrom_index, a.variant.pos,
                               a.variant.ref, a.variant.alt) <
               std::make_tuple(tier_rank(b.tier), b.gene, b.alteration, b.variant.chrom_index, b.variant.pos,
                               b.variant.ref, b.variant.alt);
    });
}

}  // namespace pedtx
