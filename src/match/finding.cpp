// Names of the finding vocabulary (categories, what matched, tumor-type match, agencies), as
// the reports write them.
#include "pedtx/match/finding.hpp"

#include <cctype>

namespace pedtx {

std::string_view to_string(FindingCategory category) {
    switch (category) {
        case FindingCategory::mutation:
            return "mutation";
        case FindingCategory::fusion:
            return "fusion";
        case FindingCategory::copy_number:
            return "copy_number";
        case FindingCategory::biomarker:
            return "biomarker";
        case FindingCategory::structural:
            return "structural";
    }
    return "mutation";
}

std::string_view to_string(MatchedBy matched_by) {
    switch (matched_by) {
        case MatchedBy::annotation:
            return "annotation";
        case MatchedBy::genomic_key:
            return "genomic_key";
        case MatchedBy::transcript_tables:
            return "transcript_tables";
        case MatchedBy::reference_translation:
            return "reference_translation";
        case MatchedBy::breakpoints:
            return "breakpoints";
        case MatchedBy::fusion_caller:
            return "fusion_caller";
        case MatchedBy::copy_number:
            return "copy_number";
        case MatchedBy::biomarker:
            return "biomarker";
        case MatchedBy::genomic_key_assembled:
            return "genomic_key_assembled";
    }
    return "annotation";
}

std::string_view to_string(TumorTypeMatch match) {
    switch (match) {
        case TumorTypeMatch::exact:
            return "exact";
        case TumorTypeMatch::ancestor:
            return "ancestor";
        case TumorTypeMatch::agnostic:
            return "agnostic";
        case TumorTypeMatch::sample_ancestor:
            return "sample_ancestor";
        default:
            return "other";
    }
}

std::string_view to_string(Agency agency) {
    switch (agency) {
        case Agency::fda:
            return "FDA";
        case Agency::ema:
            return "EMA";
        default:
            return "any";
    }
}

std::optional<Agency> parse_agency(std::string_view text) {
    std::string upper(text);
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (upper == "FDA") return Agency::fda;
    if (upper == "EMA") return Agency::ema;
    if (upper == "ANY") return Agency::any;
    return std::nullopt;
}

std::string display_name(const Finding& finding) {
    return finding.gene.empty() ? finding.alteration : finding.gene + " " + finding.alteration;
}

}  // namespace pedtx
