// AMP/ASCO/CAP tiering for one patient: tumor type, age and resistance.
#include "pedtx/match/tiering.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <tuple>

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
        if (tree.is_same_or_descendant(tumor_type, code)) best = TumorTypeMatch::ancestor;
    }
    return best;
}

namespace {

void tier_evidence(EvidenceMatch& match, const Knowledgebase& kb, const PatientContext& patient) {
    const EvidenceItem& item = *match.item;
    match.tumor_type_match = match_tumor_type(item.tumor_types, kb.tumor_types(), patient.tumor_type);
    match.approval = item.approval_id.empty() ? nullptr : kb.approval(item.approval_id);
    const bool in_indication = match.tumor_type_match != TumorTypeMatch::other;

    std::optional<double> min_age = item.min_age_years;
    if (!min_age && match.approval) min_age = match.approval->min_age_years;
    const std::optional<double> max_age = item.max_age_years;
    bool age_ok = true;
    const std::string what = item.level == 'A' ? "approved" : "studied";
    if (min_age) {
        if (!patient.age_years) {
            match.age_note = what + " from " + format_age(*min_age) + "; patient age not given";
        } else if (*patient.age_years + 1e-9 < *min_age) {
            age_ok = false;
            match.age_note = what + " from " + format_age(*min_age) + "; patient is " +
                             format_age(*patient.age_years) + " (below the minimum age)";
        } else {
            match.age_note = what + " from " + format_age(*min_age);
        }
    }
    if (max_age && patient.age_years && *patient.age_years > *max_age + 1e-9) {
        age_ok = false;
        match.age_note += std::string(match.age_note.empty() ? "" : "; ") + what + " up to " +
                          format_age(*max_age) + "; patient is older";
    }

    if (item.level == 'A' && in_indication && age_ok) match.tier = "IA";
    else if (item.level == 'B' && in_indication && age_ok) match.tier = "IB";
    else if (item.level == 'D') match.tier = "IID";
    else match.tier = "IIC";
}

}  // namespace

void assign_tiers(std::vector<Finding>& findings, const Knowledgebase& kb, const PatientContext& patient) {
    for (auto& finding : findings) {
        for (auto& match : finding.evidence) tier_evidence(match, kb, patient);
        finding.tier = "III";
        for (const auto& match : finding.evidence)
            if (tier_rank(match.tier) < tier_rank(finding.tier)) finding.tier = match.tier;
    }
    // Resistance shown next to the sensitivity it undercuts.
    for (auto& finding : findings) {
        for (auto& match : finding.evidence) {
            if (match.item->response != Response::sensitive) continue;
            for (const auto& other : findings) {
                for (const auto& resistance : other.evidence) {
                    if (resistance.item->response != Response::resistant) continue;
                    const bool shares_drug = std::any_of(
                        match.item->drugs.begin(), match.item->drugs.end(), [&](const std::string& drug) {
                            return std::find(resistance.item->drugs.begin(), resistance.item->drugs.end(),
                                             drug) != resistance.item->drugs.end();
                        });
                    if (!shares_drug) continue;
                    const std::string label =
                        other.gene + " " + other.alteration + " (" + resistance.item->id + ")";
                    if (std::find(match.undercut_by.begin(), match.undercut_by.end(), label) ==
                        match.undercut_by.end())
                        match.undercut_by.push_back(label);
                }
            }
            std::sort(match.undercut_by.begin(), match.undercut_by.end());
        }
        std::sort(finding.evidence.begin(), finding.evidence.end(),
                  [](const EvidenceMatch& a, const EvidenceMatch& b) {
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
