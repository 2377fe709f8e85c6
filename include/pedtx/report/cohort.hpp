// Cohort outputs built from per-sample reports (CohortReport: in memory in a batch run, or read
// from SAMPLE.pedtx.json files by `pedtx cohort`): cohort.tsv (long format),
// cohort_matrix.tsv (samples x actionable alterations, cell = best tier),
// cohort_summary.json (counts per gene, alteration, drug, tier, tumor type) and the
// cohort overview cohort.html (cohort_html.hpp). The same code serves a batch run and
// `pedtx cohort DIR...` over separate runs.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "pedtx/report/cohort_report.hpp"

#include "pedtx/match/tier.hpp"
#include "pedtx/report/report.hpp"

namespace pedtx {

// Counts, most frequent first, then by name: a stable order for byte-identical output.
using CohortCounts = std::vector<std::pair<std::string, int>>;

// One report as the cohort views count it. "Tier I/II" is IA, IB, IIC or IID
// (is_clinically_significant, tier.hpp): what the cohort views call actionable.
struct CohortSampleTally {
    std::string sample_id;
    std::string tumor_type;       // OncoTree code, "" when the report has none
    std::string tumor_type_name;  // "" when the report has none
    std::optional<double> age_years;
    std::map<std::string, Tier> best_tier;  // actionable alteration name -> best tier I/II
    std::set<std::string> genes;            // genes with a tier I/II finding
    std::set<std::string> drugs;            // drugs of sensitive tier I/II evidence
    std::map<Tier, int> findings_per_tier;  // every tier, III included
    std::string top_finding;                // the best tier I/II finding, "" when none
    std::optional<Tier> top_tier;           // its tier, nullopt when none
};

struct CohortTally {
    std::vector<CohortSampleTally> samples;  // in report order
    std::set<std::string> knowledge_bases;   // "name version (sha256 ...)" of each report
    int samples_with_tier_one_or_two = 0;
    CohortCounts alterations;        // samples per actionable alteration
    CohortCounts genes;              // samples per gene with a tier I/II finding
    CohortCounts drugs;              // samples per drug of sensitive tier I/II evidence
    CohortCounts tumor_types;        // samples per tumor type ("unknown" when not given)
    CohortCounts findings_per_tier;  // tier I/II findings per tier
};

// "ALK F1174L", or the fusion name alone ("BCR::ABL1"): how the cohort views name an alteration.
std::string cohort_alteration_name(const std::string& gene, const std::string& alteration);

// Counts the reports.
CohortTally tally_cohort(const std::vector<CohortReport>& reports);

struct CohortOutputs {
    std::string cohort_tsv;
    std::string matrix_tsv;
    std::string summary_json;
    std::string html;  // cohort.html; empty when not asked for
};

// reports: the reports; failed: ids of samples that produced no report.
// Samples appear in the given order. Throws InputError when reports use different knowledge
// bases, unless allow_mixed_kb. Leaves CohortOutputs::html empty (see render_cohort_html).
CohortOutputs build_cohort(const std::vector<CohortReport>& reports, const std::vector<std::string>& failed,
                           bool allow_mixed_kb);

// One sample as the cohort overview lists it, reported or not.
struct CohortMember {
    std::string sample_id;                         // for a failed sample without an id: its input path
    SampleRunStatus status = SampleRunStatus::ok;  // ok (it has a report), failed or interrupted
    std::string error;                             // why it has no report; "" when ok or not known
    int report = -1;                               // index into CohortInputs::reports; -1 without a report
    // The sample's HTML report when there is one, else its JSON report; empty when neither.
    std::filesystem::path report_file;
    // report_file relative to the folder of the cohort outputs ('/'-separated, not encoded);
    // set by link_reports_from().
    std::string link;
};

// What the cohort outputs are built from: `pedtx cohort` reads it from folders of earlier
// runs, a batch run fills it from its samples.
struct CohortInputs {
    std::vector<CohortReport> reports;  // the reports (in memory, or read from SAMPLE.pedtx.json), in cohort order
    std::vector<std::string> failed;    // samples a run.json lists as failed (id, else input path)
    std::vector<std::string> notes;     // what was skipped, for the user
    std::vector<CohortMember> members;  // every sample, reported and failed, in cohort order
};

// Reads the folders in the order given. A folder with a run.json (a `pedtx annotate --out`
// folder) contributes the samples that run.json lists, in its order (the sheet's order): the
// reports of samples with status ok, and the ids of failed ones; other *.pedtx.json files there
// are left out (and named in notes). A folder without run.json contributes every *.pedtx.json in
// it (not recursive), sorted by sample id. So a cohort rebuilt from the folders of one run, or
// of runs over consecutive slices of one sheet, equals that of a single run over the sheet.
// Each member's report_file is its SAMPLE.pedtx.html when that file exists beside the JSON
// report, else the JSON report. Throws InputError naming the file for an unreadable or foreign
// JSON file, a report run.json lists but that is missing, and a sample id found twice.
CohortInputs read_cohort_inputs(const std::vector<std::filesystem::path>& folders);

// Sets each member's link: its report_file relative to out_dir (symbolic links resolved where
// the paths exist), or the absolute path when there is no relative one.
void link_reports_from(CohortInputs& inputs, const std::filesystem::path& out_dir);

// Writes cohort.tsv, cohort_matrix.tsv, cohort_summary.json and, when outputs.html is not
// empty, cohort.html into out_dir, each atomically. When outputs.html is empty a cohort.html
// left there by an earlier run is removed, so that it cannot contradict the new tables.
void write_cohort_outputs(const std::filesystem::path& out_dir, const CohortOutputs& outputs);

}  // namespace pedtx
