// The cohort's view of a report, from memory or from the report's JSON.
#include "pedtx/report/cohort_report.hpp"

#include "pedtx/core/error.hpp"

namespace pedtx {

namespace {

using nlohmann::json;

std::string kb_label(const std::string& name, const std::string& version, const std::string& sha256) {
    return name + " " + version + " (sha256 " + sha256 + ")";
}

// A string field, "" for null (a JSON number or boolean as its text, as the cohort tables print it).
std::string text(const json& value) {
    if (value.is_null()) return "";
    if (value.is_string()) return value.get<std::string>();
    return value.dump();
}

Tier tier_of(const json& value, const std::string& file, const std::string& sample_id) {
    const std::string name = text(value);
    if (const auto tier = parse_tier(name)) return *tier;
    throw InputError(file + ": report of sample \"" + sample_id + "\": tier \"" + name +
                     "\" is not a pedtx tier (IA, IB, IIC, IID or III)");
}

}  // namespace

CohortReport cohort_report(const SampleResult& result, const Knowledgebase& kb) {
    CohortReport report;
    report.sample_id = result.sample_id;
    report.tumor_type = result.input.tumor_type;
    if (const TumorType* type =
            result.input.tumor_type.empty() ? nullptr : kb.tumor_types().find(result.input.tumor_type))
        report.tumor_type_name = type->name;
    report.age_years = result.input.age_years;
    report.knowledge_base = kb_label(kb.info().name, kb.info().version, kb.info().sha256);
    for (const auto& finding : result.findings) {
        CohortFinding& f = report.findings.emplace_back();
        f.gene = finding.gene;
        f.alteration = finding.alteration;
        f.category = std::string(to_string(finding.category));
        f.tier = finding.tier;
        for (const auto& match : finding.evidence)
            f.evidence.push_back(
                {match.item->id, match.item->drugs, std::string(to_string(match.item->response)), match.tier});
    }
    return report;
}

CohortReport read_cohort_report(const json& doc, const std::string& file) {
    CohortReport report;
    try {
        const auto& sample = doc.at("sample");
        report.sample_id = text(sample.at("id"));
        report.tumor_type = text(sample.at("tumor_type"));
        if (sample.contains("tumor_type_name")) report.tumor_type_name = text(sample.at("tumor_type_name"));
        if (sample.at("age_years").is_number()) report.age_years = sample.at("age_years").get<double>();
        const auto& kb = doc.at("knowledge_base");
        report.knowledge_base = kb_label(text(kb.at("name")), text(kb.at("version")), text(kb.at("sha256")));
        for (const auto& finding : doc.at("findings")) {
            CohortFinding& f = report.findings.emplace_back();
            f.gene = text(finding.at("gene"));
            f.alteration = text(finding.at("alteration"));
            f.category = text(finding.at("category"));
            f.tier = tier_of(finding.at("tier"), file, report.sample_id);
            for (const auto& evidence : finding.at("evidence")) {
                CohortEvidence& e = f.evidence.emplace_back();
                e.id = text(evidence.at("id"));
                for (const auto& drug : evidence.at("drugs")) e.drugs.push_back(drug.get<std::string>());
                e.response = text(evidence.at("response"));
                e.tier = tier_of(evidence.at("tier"), file, report.sample_id);
            }
        }
    } catch (const json::exception& e) {
        throw InputError(file + ": not a pedtx sample report (" + e.what() + ")");
    }
    return report;
}

}  // namespace pedtx
