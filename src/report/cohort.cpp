// Cohort tables and summary from per-sample reports.
#include "pedtx/report/cohort.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "pedtx/core/error.hpp"
#include "pedtx/match/tier.hpp"
#include "pedtx/report/atomic_file.hpp"
#include "pedtx/report/output_names.hpp"
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

CohortCounts sorted_counts(const std::map<std::string, int>& counts) {
    CohortCounts items(counts.begin(), counts.end());
    std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    return items;
}

ojson count_object(const CohortCounts& counts) {
    ojson out = ojson::object();
    for (const auto& [key, count] : counts) out[key] = count;
    return out;
}

}  // namespace

std::string cohort_alteration_name(const std::string& gene, const std::string& alteration) {
    // "BRAF V600E"; fusions are named by their partners, biomarkers (no gene) by themselves.
    return gene.empty() || alteration.find("::") != std::string::npos ? alteration : gene + " " + alteration;
}

CohortTally tally_cohort(const std::vector<CohortReport>& reports) {
    CohortTally tally;
    std::map<std::string, int> by_gene, by_alteration, by_drug, by_tier, by_tumor_type;
    for (const auto& report : reports) {
        tally.knowledge_bases.insert(report.knowledge_base);
        CohortSampleTally& s = tally.samples.emplace_back();
        s.sample_id = report.sample_id;
        s.tumor_type = report.tumor_type;
        s.tumor_type_name = report.tumor_type_name;
        s.age_years = report.age_years;
        ++by_tumor_type[s.tumor_type.empty() ? "unknown" : s.tumor_type];
        for (const auto& finding : report.findings) {
            const Tier tier = finding.tier;
            ++s.findings_per_tier[tier];
            for (const auto& evidence : finding.evidence)
                if (evidence.response == "sensitive" && is_clinically_significant(evidence.tier))
                    s.drugs.insert(evidence.drugs.begin(), evidence.drugs.end());
            if (!is_clinically_significant(tier)) continue;
            const std::string name = cohort_alteration_name(finding.gene, finding.alteration);
            if (!finding.gene.empty()) s.genes.insert(finding.gene);  // a biomarker has no gene
            ++by_tier[std::string(to_string(tier))];
            const auto [cell, added] = s.best_tier.try_emplace(name, tier);
            if (!added) cell->second = better_tier(cell->second, tier);
            if (!s.top_tier || tier_rank(tier) < tier_rank(*s.top_tier)) {
                s.top_tier = tier;
                s.top_finding = name;
            }
        }
        for (const auto& g : s.genes) ++by_gene[g];
        for (const auto& [name, tier] : s.best_tier) ++by_alteration[name];
        for (const auto& d : s.drugs) ++by_drug[d];
        if (!s.best_tier.empty()) ++tally.samples_with_tier_one_or_two;
    }
    tally.alterations = sorted_counts(by_alteration);
    tally.genes = sorted_counts(by_gene);
    tally.drugs = sorted_counts(by_drug);
    tally.tumor_types = sorted_counts(by_tumor_type);
    tally.findings_per_tier = sorted_counts(by_tier);
    return tally;
}

CohortOutputs build_cohort(const std::vector<CohortReport>& reports, const std::vector<std::string>& failed,
                           bool allow_mixed_kb) {
    const CohortTally tally = tally_cohort(reports);
    const auto& kb_versions = tally.knowledge_bases;
    if (kb_versions.size() > 1 && !allow_mixed_kb)
        throw InputError("reports were made with different knowledge bases (" +
                         join({kb_versions.begin(), kb_versions.end()}, "; ") +
                         "); re-run them with one knowledge base, or pass --allow-mixed-kb");

    std::string cohort =
        "sample_id\ttumor_type\tage_years\tgene\talteration\tcategory\ttier\tdrugs\tresponse\t"
        "evidence_tier\tevidence_id\n";
    for (const auto& report : reports) {
        const std::string prefix_sample = tsv_clean(report.sample_id) + "\t" + tsv_clean(report.tumor_type) + "\t" +
                                          (report.age_years ? json(*report.age_years).dump() : std::string()) + "\t";
        for (const auto& finding : report.findings) {
            const std::string prefix = prefix_sample + tsv_clean(finding.gene) + "\t" + tsv_clean(finding.alteration) +
                                       "\t" + finding.category + "\t" + std::string(to_string(finding.tier)) + "\t";
            if (finding.evidence.empty()) cohort += prefix + "\t\t\t\n";
            for (const auto& evidence : finding.evidence)
                cohort += prefix + join(evidence.drugs, "+") + "\t" + evidence.response + "\t" +
                          std::string(to_string(evidence.tier)) + "\t" + evidence.id + "\n";
        }
    }

    // Matrix columns: most frequent alteration first, then by name.
    std::string matrix = "sample_id";
    for (const auto& [name, count] : tally.alterations) matrix += "\t" + tsv_clean(name);
    matrix += "\n";
    for (const auto& sample : tally.samples) {
        matrix += tsv_clean(sample.sample_id);
        for (const auto& [name, count] : tally.alterations) {
            const auto it = sample.best_tier.find(name);
            matrix += "\t" + (it == sample.best_tier.end() ? std::string() : std::string(to_string(it->second)));
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
    summary["samples_with_tier_I_or_II"] = tally.samples_with_tier_one_or_two;
    summary["fraction_with_tier_I_or_II"] =
        reports.empty()
            ? 0.0
            : std::round(10000.0 * tally.samples_with_tier_one_or_two / static_cast<double>(reports.size())) / 10000.0;
    summary["samples_per_tumor_type"] = count_object(tally.tumor_types);
    summary["actionable_findings_per_tier"] = count_object(tally.findings_per_tier);
    summary["samples_per_gene"] = count_object(tally.genes);
    summary["samples_per_alteration"] = count_object(tally.alterations);
    summary["samples_per_drug"] = count_object(tally.drugs);
    return {cohort, matrix, summary.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n", ""};
}

namespace {

json read_json_file(const std::filesystem::path& file) {
    try {
        return json::parse(read_text_file(file));
    } catch (const json::parse_error& e) {
        throw InputError(file.string() + ": not valid JSON: " + e.what());
    }
}

CohortReport read_sample_report(const std::filesystem::path& file) {
    json doc = read_json_file(file);
    if (!doc.is_object() || !doc.contains("schema_version") || !doc.contains("findings") || !doc.contains("sample") ||
        !doc.contains("knowledge_base"))
        throw InputError(file.string() + ": not a pedtx sample report");
    return read_cohort_report(doc, file.string());
}

// The *.pedtx.json files directly in a folder, sorted by name.
std::vector<std::filesystem::path> report_files(const std::filesystem::path& folder) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        const std::string name = entry.path().filename().string();
        const auto suffix = report_suffix(ReportFormat::json);
        if (entry.is_regular_file() && name.size() > suffix.size() && name.ends_with(suffix))
            files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

CohortInputs read_cohort_inputs(const std::vector<std::filesystem::path>& folders) {
    CohortInputs inputs;
    std::set<std::string> seen;
    // html: the sample's HTML report when its run wrote one, else empty (the JSON report is linked).
    const auto add_report = [&](CohortReport report, const std::filesystem::path& file,
                                const std::filesystem::path& html) {
        const std::string id = report.sample_id;
        if (!seen.insert(id).second)
            throw InputError("sample \"" + id + "\" has more than one report in the folders given");
        CohortMember member{id, SampleRunStatus::ok, "", static_cast<int>(inputs.reports.size()), file, ""};
        if (!html.empty() && std::filesystem::is_regular_file(html)) member.report_file = html;
        inputs.members.push_back(std::move(member));
        inputs.reports.push_back(std::move(report));
    };
    for (const auto& folder : folders) {
        if (!std::filesystem::is_directory(folder))
            throw InputError(folder.string() + ": not a folder of pedtx reports");
        const auto manifest_file = folder / "run.json";
        if (!std::filesystem::is_regular_file(manifest_file)) {
            struct Found {
                std::string id;
                CohortReport report;
                std::filesystem::path file;
            };
            std::vector<Found> found;
            for (const auto& file : report_files(folder)) {
                CohortReport report = read_sample_report(file);
                found.push_back({report.sample_id, std::move(report), file});
            }
            std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
            for (auto& f : found) {
                std::string stem = f.file.filename().string();  // SAMPLE.pedtx.json -> SAMPLE.pedtx.html
                stem.resize(stem.size() - report_suffix(ReportFormat::json).size());
                add_report(std::move(f.report), f.file, folder / report_file_name(stem, ReportFormat::html));
            }
            continue;
        }
        const json manifest = read_json_file(manifest_file);
        if (!manifest.is_object() || !manifest.contains("samples") || !manifest["samples"].is_array())
            throw InputError(manifest_file.string() + ": not a pedtx run.json (no \"samples\" list)");
        std::set<std::string> listed;
        for (const auto& entry : manifest["samples"]) {
            const std::string id = entry.contains("sample_id") ? text(entry["sample_id"]) : std::string();
            // Reported: status ok (or resumed from an earlier run's report) and no error.
            const auto status = parse_sample_run_status(entry.contains("status") ? text(entry["status"]) : "");
            const bool interrupted = status == SampleRunStatus::interrupted;
            const bool has_error = entry.contains("error") && !entry["error"].is_null();
            if (has_error || status == SampleRunStatus::failed || interrupted) {
                std::string input;
                if (entry.contains("input") && entry["input"].is_object() && entry["input"].contains("path"))
                    input = text(entry["input"]["path"]);
                const std::string name = id.empty() ? input : id;
                if (!seen.insert(name).second)
                    throw InputError("sample \"" + name + "\" is listed by more than one of the folders given");
                inputs.failed.push_back(name);
                std::string error = has_error ? text(entry["error"]) : std::string();
                inputs.members.push_back(
                    {name, interrupted ? SampleRunStatus::interrupted : SampleRunStatus::failed, error, -1, {}, ""});
                continue;
            }
            std::string report_name, html_name;
            if (entry.contains("outputs") && entry["outputs"].is_array())
                for (const auto& output : entry["outputs"]) {
                    if (!output.is_string()) continue;
                    const auto& name = output.get<std::string>();
                    if (name.ends_with(report_suffix(ReportFormat::json))) report_name = name;
                    if (name.ends_with(report_suffix(ReportFormat::html))) html_name = name;
                }
            if (report_name.empty())
                throw InputError(manifest_file.string() + ": sample \"" + id +
                                 "\" has no JSON report (that run used --format without json); the cohort "
                                 "outputs are built from them");
            const auto file = folder / report_name;
            if (!std::filesystem::is_regular_file(file))
                throw InputError(file.string() + ": listed in " + manifest_file.string() + " but missing");
            listed.insert(report_name);
            add_report(read_sample_report(file), file,
                       html_name.empty() ? std::filesystem::path() : folder / html_name);
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

void link_reports_from(CohortInputs& inputs, const std::filesystem::path& out_dir) {
    std::error_code error;
    const auto base = std::filesystem::absolute(out_dir, error);
    for (auto& member : inputs.members) {
        member.link.clear();
        if (member.report_file.empty()) continue;
        const auto target = std::filesystem::absolute(member.report_file, error);
        // relative() resolves symbolic links in the parts that exist, so that "../" climbs
        // out of the real folder, as a browser resolving the link would.
        const auto relative = std::filesystem::relative(target, base, error);
        member.link = (error || relative.empty() ? target.lexically_normal() : relative).generic_string();
    }
}

void write_cohort_outputs(const std::filesystem::path& out_dir, const CohortOutputs& outputs) {
    std::filesystem::create_directories(out_dir);
    // The cohort files of one run go together: all are replaced, or none.
    StagedFiles staged;
    staged.add(out_dir / "cohort_matrix.tsv", outputs.matrix_tsv);
    staged.add(out_dir / "cohort_summary.json", outputs.summary_json);
    if (!outputs.html.empty()) staged.add(out_dir / "cohort.html", outputs.html);
    staged.add(out_dir / "cohort.tsv", outputs.cohort_tsv);
    staged.commit();
    if (outputs.html.empty()) {
        std::error_code ignored;
        std::filesystem::remove(out_dir / "cohort.html", ignored);
    }
}

}  // namespace pedtx
