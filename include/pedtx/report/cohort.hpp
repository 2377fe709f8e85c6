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

// What `pedtx cohort` gathers from folders of earlier runs.
struct CohortInputs {
    std::vector<nlohmann::json> reports;  // parsed SAMPLE.pedtx.json documents, in cohort order
    std::vector<std::string> failed;      // samples a run.json lists as failed (id, else input path)
    std::vector<std::string> notes;       // what was skipped, for the user
};

// Reads the folders in the order given. A folder with a run.json (a `pedtx annotate --out`
// folder) contributes the samples that run.json lists, in its order (the sheet's order): the
// reports of samples with status ok, and the ids of failed ones; other *.pedtx.json files there
// are left out (and named in notes). A folder without run.json contributes every *.pedtx.json in
// it (not recursive), sorted by sample id. So a cohort rebuilt from the folders of one run, or
// of runs over consecutive slices of one sheet, equals that of a single run over the sheet.
// Throws InputError naming the file for an unreadable or foreign JSON file, a report run.json
// lists but that is missing, and a sample id found twice.
CohortInputs read_cohort_inputs(const std::vector<std::filesystem::path>& folders);

void write_cohort_outputs(const std::filesystem::path& out_dir, const CohortOutputs& outputs);

}  // namespace pedtx
