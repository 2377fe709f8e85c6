// Cohort outputs built from per-sample JSON reports: cohort.tsv (long format),
// cohort_matrix.tsv (samples x actionable alterations, cell = best tier) and
// cohort_summary.json (counts per gene, alteration, drug, tier, tumor type).
// The same code serves a batch run and `pedtx cohort DIR...` over separate runs.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace pedtx {

struct CohortOutputs {
    std::string cohort_tsv;
    std::string matrix_tsv;
    std::string summary_json;
};

// reports: parsed SAMPLE.pedtx.json documents; failed: ids of samples that produced no report.
// Samples appear in the given order. Throws InputError when reports use different knowledge
// bases, unless allow_mixed_kb.
CohortOutputs build_cohort(const std::vector<nlohmann::json>& reports, const std::vector<std::string>& failed,
                           bool allow_mixed_kb);

// Every *.pedtx.json under the folders (not recursive), sorted by sample id. Throws InputError
// naming the file for an unreadable or foreign JSON file.
std::vector<nlohmann::json> read_sample_reports(const std::vector<std::filesystem::path>& folders);

void write_cohort_outputs(const std::filesystem::path& out_dir, const CohortOutputs& outputs);

}  // namespace pedtx
