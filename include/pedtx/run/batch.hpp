// Many samples under one thread budget (oneTBB task_arena): each sample is isolated, so one bad
// input never stops the others. Each sample's reports are written atomically as soon as it is
// done; run.json and the cohort views at the end, in input order.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "pedtx/kb/knowledgebase.hpp"
#include "pedtx/match/sample_result.hpp"
#include "pedtx/report/report.hpp"
#include "pedtx/run/maf_inputs.hpp"
#include "pedtx/run/run_options.hpp"
#include "pedtx/run/sample_sheet.hpp"

namespace pedtx {

// The thread budget a run gets: `requested`, at most the cores this process may use (oneTBB
// would not start more workers, and says so on stderr with a warning of its own).
int usable_threads(int requested);

struct BatchOutcome {
    std::vector<SampleStatus> samples;
    int failed = 0;
    int internal_errors = 0;
    int resumed = 0;
    bool interrupted = false;
    std::vector<std::string> errors;  // "FILE: ..." messages, in input order
    // Run-level outputs (cohort files, run.json) that could not be written, "FILE: ...: errno".
    std::vector<std::string> output_errors;
    std::vector<std::string> notes;  // "FILE: ..." said once per input (SampleResult::notes), in input order
};

// One report set per input (a VCF/BCF and its tumor column).
BatchOutcome run_batch(const std::vector<SampleInput>& inputs, const Knowledgebase& kb, const BatchOptions& options);

// --all-samples: every sample column of each (joint-called) VCF/BCF, one pass per file.
// metadata: sample-sheet rows for tumor type and age per column. Files run in parallel; with
// --resume a file whose every column has current reports is not read again.
BatchOutcome run_all_samples_batch(const std::vector<std::filesystem::path>& vcfs,
                                   const std::vector<SampleInput>& metadata, const Knowledgebase& kb,
                                   const BatchOptions& options);

// MAF input (--maf): one report set per Tumor_Sample_Barcode of the MAF, read in one pass
// (pipeline/annotate_maf.hpp); tumor type and age from --clinical / --samples, the cohort's
// fusion and copy-number files given to the samples they name (run/maf_inputs.hpp). A sample
// with an unknown OncoTree code fails alone. --resume keeps the run's reports when the MAF,
// the options and every sample's inputs are unchanged.
BatchOutcome run_maf_batch(const MafCohortInputs& cohort, const Knowledgebase& kb, const BatchOptions& options);

// Current UTC time as "YYYY-MM-DDTHH:MM:SSZ".
std::string utc_timestamp();

}  // namespace pedtx
