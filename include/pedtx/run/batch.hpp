// Many samples under one thread budget (oneTBB task_arena): each sample is
// isolated, so one bad input never stops the others. Outputs are written in
// input order, atomically.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "pedtx/kb/knowledgebase.hpp"
#include "pedtx/pipeline/annotate.hpp"
#include "pedtx/run/sample_sheet.hpp"
#include "pedtx/report/report.hpp"

namespace pedtx {

// The most threads a run uses (--threads above it is refused; "all cores" is capped to it):
// beyond it threads only add memory and contention.
constexpr int kMaxThreads = 256;
// The thread budget a run gets: `requested`, at most the cores this process may use (oneTBB
// would not start more workers, and says so on stderr with a warning of its own).
int usable_threads(int requested);

struct BatchOptions {
    std::filesystem::path out_dir;
    bool write_json = true;
    bool write_tsv = true;
    bool write_html = true;
    bool write_vcf = false;  // SAMPLE.pedtx.vcf.gz, the input annotated with INFO/PEDTX
    int threads = 1;
    bool no_timestamp = false;
    bool resume = false;  // skip samples whose reports match their inputs, options and KB
    bool quiet = false;   // no progress on stderr
    std::string command_line;
    std::string options_json;
    // Inputs besides the samples' own files (sample sheet, gene annotation): no output may
    // replace one of them either.
    std::vector<std::filesystem::path> other_inputs;
    AnnotateOptions annotate;
    // Set by a signal handler to stop the run; nullptr when the caller has none.
    const std::atomic<bool>* stop_requested = nullptr;
};

struct BatchOutcome {
    std::vector<SampleStatus> samples;
    int failed = 0;
    int internal_errors = 0;
    int resumed = 0;
    bool interrupted = false;
    std::vector<std::string> errors;  // "FILE: ..." messages, in input order
    // Run-level outputs (cohort files, run.json) that could not be written, "FILE: ...: errno".
    std::vector<std::string> output_errors;
    std::vector<std::string> notes;   // "FILE: ..." said once per input (SampleResult::notes), in input order
};

BatchOutcome run_batch(const std::vector<SampleInput>& inputs, const Knowledgebase& kb, const BatchOptions& options);

// --all-samples: every sample column of each (joint-called) VCF/BCF, one pass per file.
// metadata: sample-sheet rows for tumor type and age per column. Files run in parallel.
BatchOutcome run_all_samples_batch(const std::vector<std::filesystem::path>& vcfs,
                                   const std::vector<SampleInput>& metadata, const Knowledgebase& kb,
                                   const BatchOptions& options);

// Current UTC time as "YYYY-MM-DDTHH:MM:SSZ".
std::string utc_timestamp();

}  // namespace pedtx
