// Cohort tables and summary from per-sample reports.
#include "pedtx/report/cohort.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "pedtx/core/error.hpp"
#include "pedtx/match/finding.hpp"
#include "pedtx/report/atomic_file.hpp"
#include "pedtx/util/text.hpp"

namespace pedtx {

using nlohmann::json;
using ojson = nlohmann::ordered_json;

namespace {

std::string text(const json& value) {
    if (value.is_null()) return "";
    if (value.is_string()) return value.get<std::string>();
    return value.dump();
}

std::string tsv_clean(std::string value) {
    for (auto& c : value)
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    return value;
}

std::string kb_label(const json& report) {
    const auto& kb = report.at("knowledge_base");
    return text(kb.at("name")) + " " + text(kb.at("version")) + " (sha256 " + text(kb.at("sha256")) + ")";
}

// Tier I or II (IA, IB, IIC, IID): the actionable findings of the cohort views.
bool tier_one_or_two(const std::string& tier) {
    return tier_rank(tier) <= tier_rank("IID");
}

ojson count_object(const std::map<std::string, int>& counts) {
    // Most frequent first, then by name: a stable order for byte-identical output.
    std::vector<std::pair<std::string, int>> items(counts.begin(), counts.end());
    std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    ojson out = ojson::object();
    for (const auto& [key, count] : items) out[key] = count;
    return out;
}

}  // namespace

CohortOutputs build_cohort(const std::vector<json>& reports, const std::vector<std::string>& failed,
                           bool allow_mixed_kb) {
    std::set<std::string> kb_versions;
    for (const auto& report : reports) kb_versions.insert(kb_label(report));
    if (kb_versions.size() > 1 && !allow_mixed_kb)
        throw InputError("reports were made with different knowledge bases (" +
                         join({kb_versions.begin(), kb_versions.end()}, "; ") +
                         "); re-run them with one knowledge base, or pass --allow-mixed-kb");

    std::string cohort =
        "sample_id\ttumor_type\tage_years\tgene\talteration\tcategory\ttier\tdrugs\tresponse\t"
        "evidence_tier\tevidence_id\n";
    std::vector<std::string> sample_ids;
    std::map<std::string, std::map<std::string, std::string>> best_tier;  // alteration -> sample -> tier
    std::map<std::string, int> by_gene, by_alteration, by_drug, by_tier, by_tumor_type, sample_hits;
    int samples_with_tier_one_or_two = 0;
    for (const auto& report : reports) {
        const auto& sample = report.at("sample");
        const std::string id = text(sample.at("id"));
        const std::string tumor_type = text(sample.at("tumor_type"));
        const std::string age = sample.at("age_years").is_null() ? "" : sample.at("age_years").dump();
        sample_ids.push_back(id);
        ++by_tumor_type[tumor_type.empty() ? "unknown" : tumor_type];
        bool has_tier_one_or_two = false;
        std::set<std::string> genes_here, alterations_here, drugs_here;
        for (const auto& finding : report.at("findings")) {
            const std::string gene = text(finding.at("gene"));
            const std::string alteration = text(finding.at("alteration"));
            const std::string name = alteration.find("::") != std::string::npos ? alteration : gene + " " + alteration;
            const std::string tier = text(finding.at("tier"));
            const std::string prefix = tsv_clean(id) + "\t" + tsv_clean(tumor_type) + "\t" + age + "\t" +
                                       tsv_clean(gene) + "\t" + tsv_clean(alteration) + "\t" +
                                       text(finding.at("category")) + "\t" + tier + "\t";
            if (finding.at("evidence").empty()) cohort += prefix + "\t\t\t\n";
            for (const auto& evidence : finding.at("evidence")) {
                std::vector<std::string> drugs;
                for (const auto& d : evidence.at("drugs")) drugs.push_back(d.get<std::string>());
                cohort += prefix + join(drugs, "+") + "\t" + text(evidence.at("response")) + "\t" +
                          text(evidence.at("tier")) + "\t" + text(evidence.at("id")) + "\n";
                if (text(evidence.at("response")) == "sensitive" && tier_one_or_two(text(evidence.at("tier"))))
                    for (const auto& d : drugs) drugs_here.insert(d);
            }
            if (!tier_one_or_two(tier)) continue;
            has_tier_one_or_two = true;
            genes_here.insert(gene);
            alterations_here.insert(name);
            ++by_tier[tier];
            auto& cell = best_tier[name][id];
            if (cell.empty() || tier_rank(tier) < tier_rank(cell)) cell = tier;
        }
        for (const auto& g : genes_here) ++by_gene[g];
        for (const auto& a : alterations_here) ++by_alteration[a];
        for (const auto& d : drugs_here) ++by_drug[d];
        if (has_tier_one_or_two) ++samples_with_tier_one_or_two;
    }

    // Matrix columns: most frequent alteration first, then by name.
    std::vector<std::pair<std::string, int>> columns;
    for (const auto& [name, samples] : best_tier) columns.emplace_back(name, static_cast<int>(samples.size()));
    std::stable_sort(columns.begin(), columns.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::string matrix = "sample_id";
    for (const auto& [name, count] : columns) matrix += "\t" + tsv_clean(name);
    matrix += "\n";
    for (const auto& id : sample_ids) {
        matrix += tsv_clean(id);
        for (const auto& [name, count] : columns) {
            const auto& cells = best_tier[name];
            const auto it = cells.find(id);
            matrix += "\t" + (it == cells.end() ? std::string() : it->second);
        }
        matrix += "\n";
    }

    ojson summary;
    summary["schema_version"] = 1;
    summary["knowledge_base"] = kb_versions.size() == 1
                                    ? ojson(*kb_versions.begin())
                                    : ojson(std::vector<std::string>(kb_versions.begin(), kb_versions.end()));
    summary["samples"] = reports.size();
    summary["failed_samples"] = failed;
    summary["samples_with_tier_I_or_II"] = samples_with_tier_one_or_two;
    summary["fraction_with_tier_I_or_II"] =
        reports.empty()
            ? 0.0
            : std::round(10000.0 * samples_with_tier_one_or_two / static_cast<double>(reports.size())) / 10000.0;
    summary["samples_per_tumor_type"] = count_object(by_tumor_type);
    summary["actionable_findings_per_tier"] = count_object(by_tier);
    summary["samples_per_gene"] = count_object(by_gene);
    summary["samples_per_alteration"] = count_object(by_alteration);
    summary["samples_per_drug"] = count_object(by_drug);
    return {cohort, matrix, summary.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n"};
}

namespace {

json read_json_file(const std::filesystem::path& file) {
    try {
        return json::parse(read_text_file(file));
    } catch (const json::parse_error& e) {
        throw InputError(file.string() + ": not valid JSON: " + e.what());
    }
}

json read_sample_report(const std::filesystem::path& file) {
    json doc = read_json_file(file);
    if (!doc.is_object() || !doc.contains("schema_version") || !doc.contains("findings") || !doc.contains("sample") ||
        !doc.contains("knowledge_base"))
        throw InputError(file.string() + ": not a pedtx sample report");
    return doc;
}

// The *.pedtx.json files directly in a folder, sorted by name.
std::vector<std::filesystem::path> report_files(const std::filesystem::path& folder) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        const std::string name = entry.path().filename().string();
        if (entry.is_regular_file() && name.size() > 11 && name.ends_with(".pedtx.json")) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

CohortInputs read_cohort_inputs(const std::vector<std::filesystem::path>& folders) {
    CohortInputs inputs;
    std::set<std::string> seen;
    const auto add_report = [&](json doc) {
        const std::string id = text(doc["sample"]["id"]);
        if (!seen.insert(id).second)
            throw InputError("sample \"" + id + "\" has more than one report in the folders given");
        inputs.reports.push_back(std::move(doc));
    };
    for (const auto& folder : folders) {
        if (!std::filesystem::is_directory(folder))
            throw InputError(folder.string() + ": not a folder of pedtx reports");
        const auto manifest_file = folder / "run.json";
        if (!std::filesystem::is_regular_file(manifest_file)) {
            std::vector<std::pair<std::string, json>> found;
            for (const auto& file : report_files(folder)) {
                json doc = read_sample_report(file);
                found.emplace_back(text(doc["sample"]["id"]), std::move(doc));
            }
            std::stable_sort(found.begin(), found.end(),
                             [](const auto& a, const auto& b) { return a.first < b.first; });
            for (auto& [id, doc] : found) add_report(std::move(doc));
            continue;
        }
        const json manifest = read_json_file(manifest_file);
        if (!manifest.is_object() || !manifest.contains("samples") || !manifest["samples"].is_array())
            throw InputError(manifest_file.string() + ": not a pedtx run.json (no \"samples\" list)");
        std::set<std::string> listed;
        for (const auto& entry : manifest["samples"]) {
            const std::string id = entry.contains("sample_id") ? text(entry["sample_id"]) : std::string();
            // Reported: status ok (or resumed from an earlier run's report) and no error.
            const std::string status = entry.contains("status") ? text(entry["status"]) : std::string();
            const bool has_error = entry.contains("error") && !entry["error"].is_null();
            if (has_error || status == "failed" || status == "interrupted") {
                std::string input;
                if (entry.contains("input") && entry["input"].is_object() && entry["input"].contains("path"))
                    input = text(entry["input"]["path"]);
                const std::string name = id.empty() ? input : id;
                if (!seen.insert(name).second)
                    throw InputError("sample \"" + name + "\" is listed by more than one of the folders given");
                inputs.failed.push_back(name);
                continue;
            }
            std::string report_name;
            if (entry.contains("outputs") && entry["outputs"].is_array())
                for (const auto& output : entry["outputs"])
                    if (output.is_string() && output.get<std::string>().ends_with(".pedtx.json"))
                        report_name = output.get<std::string>();
            if (report_name.empty())
                throw InputError(manifest_file.string() + ": sample \"" + id +
                                 "\" has no JSON report (that run used --format without json); the cohort "
                                 "outputs are built from them");
            const auto file = folder / report_name;
            if (!std::filesystem::is_regular_file(file))
                throw InputError(file.string() + ": listed in " + manifest_file.string() + " but missing");
            listed.insert(report_name);
            add_report(read_sample_report(file));
        }
        int unlisted = 0;
        for (const auto& file : report_files(folder))
            if (!listed.count(file.filename().string())) ++unlisted;
        if (unlisted > 0)
            inputs.notes.push_back(folder.string() + ": " + std::to_string(unlisted) +
                                   " *.pedtx.json not listed in its run.json (from an earlier run?) left out");
    }
    return inputs;
}

void write_cohort_outputs(const std::filesystem::path& out_dir, const CohortOutputs& outputs) {
    std::filesystem::create_directories(out_dir);
    write_file_atomically(out_dir / "cohort.tsv", outputs.cohort_tsv);
    write_file_atomically(out_dir / "cohort_matrix.tsv", outputs.matrix_tsv);
    write_file_atomically(out_dir / "cohort_summary.json", outputs.summary_json);
}

}  // namespace pedtx
