// What a run over many samples is asked to do (the options struct, apart from the CLI that
// fills it), and what is derived from it: the options record run.json shows, and the
// fingerprint a report carries so that --resume knows whether it still answers the options.
#pragma once

#include <atomic>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pedtx/match/sample_result.hpp"
#include "pedtx/pipeline/annotate.hpp"
#include "pedtx/report/output_names.hpp"

namespace pedtx {

// The most threads a run uses (--threads above it is refused; "all cores" is capped to it):
// beyond it threads only add memory and contention.
constexpr int kMaxThreads = 256;

// Per-sample values given on the command line for a run without a sample sheet (--tumor-type,
// --age, --tmb, --msi): each SampleInput carries them too; run.json shows them here.
struct CommandLineSample {
    std::string tumor_type;  // OncoTree code; empty when not given
    std::optional<double> age_years;
    std::optional<double> tmb;
    std::optional<MsiStatus> msi;
};

struct BatchOptions {
    std::filesystem::path out_dir;
    bool write_json = true;
    bool write_tsv = true;
    bool write_html = true;
    bool write_vcf = false;   // SAMPLE.pedtx.vcf.gz, the input annotated with INFO/PEDTX
    bool write_maf = false;   // --format maf: the run's annotated MAF (cohort.pedtx.maf)
    bool cbioportal = false;  // --format cbioportal: a cBioPortal study folder (cbioportal/)
    // MAF input (--maf, --clinical): the MAF every sample comes from, and the clinical file.
    std::filesystem::path maf;
    std::filesystem::path clinical;
    int threads = 1;
    bool no_timestamp = false;
    bool resume = false;  // skip samples whose reports match their inputs, options and KB
    bool quiet = false;   // no progress on stderr
    std::string command_line;
    // Inputs besides the samples' own files; no output may replace one of them either.
    std::filesystem::path sample_sheet;     // --samples
    std::filesystem::path gene_annotation;  // --gene-annotation
    CommandLineSample command_line_sample;
    AnnotateOptions annotate;
    // Set by a signal handler to stop the run; nullptr when the caller has none.
    const std::atomic<bool>* stop_requested = nullptr;

    bool writes(ReportFormat format) const;
};

// The run's options as run.json records them, every field derived from the struct: a setting
// that changes a finding belongs in BatchOptions / AnnotateOptions and therefore here.
nlohmann::ordered_json options_record(const BatchOptions& options);

// What a sample's report must have been made with for --resume to keep it: the options record,
// the sample's own settings (tumor type, age, column, id, TMB, MSI, agency, genome, cna sample)
// and the tool version, hashed (SHA-256, hex).
std::string options_fingerprint(const BatchOptions& options, const SampleInput& input, const std::string& sample_id);

}  // namespace pedtx
