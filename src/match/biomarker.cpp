// Sample-level biomarkers to findings.
#include "pedtx/match/biomarker.hpp"

#include <cmath>

#include "pedtx/util/text.hpp"

namespace pedtx {

std::string_view to_string(MsiStatus status) {
    switch (status) {
        case MsiStatus::msi_high:
            return "MSI-H";
        case MsiStatus::msi_low:
            return "MSI-L";
        case MsiStatus::stable:
            return "MSS";
        case MsiStatus::mmr_deficient:
            return "dMMR";
        case MsiStatus::mmr_proficient:
            return "pMMR";
        case MsiStatus::not_given:
            break;
    }
    return "";
}

std::optional<MsiStatus> parse_msi_status(std::string_view text) {
    const std::string key = to_lower(trim_view(text));
    if (key == "msi-h" || key == "msi-high" || key == "msih" || key == "high" || key == "msi_high")
        return MsiStatus::msi_high;
    if (key == "msi-l" || key == "msi-low" || key == "msil" || key == "low" || key == "msi_low")
        return MsiStatus::msi_low;
    if (key == "mss" || key == "stable" || key == "ms-stable") return MsiStatus::stable;
    if (key == "dmmr" || key == "mmr-deficient" || key == "mmrd" || key == "deficient") return MsiStatus::mmr_deficient;
    if (key == "pmmr" || key == "mmr-proficient" || key == "proficient") return MsiStatus::mmr_proficient;
    return std::nullopt;
}

std::optional<double> parse_tmb(std::string_view text) {
    const auto tmb = parse_number(text, 0, 100000);
    if (tmb && *tmb < 100000) return tmb;
    return std::nullopt;
}

std::string describe(const TumorMutationalBurden& tmb) {
    std::string text = format_decimal(tmb.mutations_per_mb, 2) + " mut/Mb (";
    if (tmb.source == "estimated")
        text += "estimated: " + std::to_string(tmb.variants) + " SNVs/indels over " +
                format_decimal(tmb.territory_mb, 3) + " Mb";
    else
        text += "given";
    text +=
        std::string("; ") + (tmb.high() ? "high" : "not high") + " at >= " + format_decimal(tmb.high_cutoff, 2) + ")";
    return text;
}

namespace {

Finding biomarker_finding(const std::string& name, std::string measurement, const Knowledgebase& kb) {
    Finding finding;
    finding.alteration = name;
    finding.category = FindingCategory::biomarker;
    finding.measurement = std::move(measurement);
    finding.matched_by = MatchedBy::biomarker;
    for (const EvidenceItem& item : kb.evidence()) {
        if (item.alteration.type != RuleType::biomarker || item.alteration.biomarker != name) continue;
        EvidenceMatch match;
        match.item = &item;
        match.matched_by = MatchedBy::biomarker;
        finding.evidence.push_back(std::move(match));
    }
    return finding;
}

}  // namespace

std::vector<Finding> biomarker_findings(const SampleBiomarkers& biomarkers, const Knowledgebase& kb) {
    std::vector<Finding> findings;
    if (biomarkers.tmb && biomarkers.tmb->high())
        findings.push_back(biomarker_finding("TMB-high", "TMB " + describe(*biomarkers.tmb), kb));
    if (biomarkers.msi == MsiStatus::msi_high || biomarkers.msi == MsiStatus::mmr_deficient)
        findings.push_back(biomarker_finding("MSI-high", std::string(to_string(biomarkers.msi)) + " (given)", kb));
    return findings;
}

}  // namespace pedtx
