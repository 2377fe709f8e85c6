// One tumor sample from VCF to tiered findings: the record loop.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pedtx/core/error.hpp"
#include "pedtx/core/genome.hpp"
#include "pedtx/io/reference_genome.hpp"
#include "pedtx/kb/knowledgebase.hpp"
#include "pedtx/match/biomarker.hpp"
#include "pedtx/match/copy_number.hpp"
#include "pedtx/match/finding.hpp"
#include "pedtx/match/sample_result.hpp"

namespace pedtx {

// Defaults in one place.
constexpr double kDefaultMinVaf = 0.0;
constexpr int kDefaultMinAltReads = 0;
constexpr int kDefaultMinDepth = 0;

// What a sample is read and matched with: the settings a report prints and --resume compares.
struct AnnotateOptions {
    std::optional<GenomeBuild> genome;  // nullopt = detect from the header
    double min_vaf = kDefaultMinVaf;
    int min_alt_reads = kDefaultMinAltReads;
    int min_depth = kDefaultMinDepth;
    bool include_filtered = false;
    CopyNumberThresholds copy_number;
    // Sample-level biomarkers: the TMB-high cut-off, and the territory (Mb) over which the
    // VCF's SNVs and indels are counted to estimate TMB when a sample has no given value.
    double tmb_high_cutoff = kDefaultTmbHighCutoff;
    std::optional<double> tmb_territory_mb;
    // Whose approvals give tier IA (--agency): FDA, EMA or any; a sample's own sheet value wins.
    Agency agency = Agency::any;
    // --reference: REF is checked against it (records in knowledge-base genes, a sample of the
    // rest), and substitutions in knowledge-base genes are translated on the MANE transcript.
    // nullptr = none.
    std::shared_ptr<const ReferenceGenome> reference;
    // MAF input (--skip-bad-rows): a row that cannot be read is counted in QC and skipped
    // instead of failing its file.
    bool skip_bad_rows = false;
};

// How a run drives the record loop, apart from what it reads (nothing here changes a finding,
// so none of it is in a report or the --resume fingerprint).
struct AnnotateHooks {
    // Threads of the run's budget for this file beyond the one reading it: htslib decompression
    // threads for BCF (where inflating dominates and decoding is cheap); VCF text is instead
    // parsed and matched in parallel by the record pipeline in the caller's oneTBB arena.
    int decompression_threads = 0;
    // Records read so far (progress), and a stop flag (Ctrl-C) that ends the record loop with an
    // Interrupted error; nullptr when the caller has none.
    std::atomic<std::int64_t>* records_counter = nullptr;
    const std::atomic<bool>* stop_requested = nullptr;
};

// Reads the VCF, matches and tiers. Throws InputError / UsageError with file context.
SampleResult annotate_sample(const SampleInput& input, const Knowledgebase& kb, const AnnotateOptions& options,
                             const AnnotateHooks& hooks = {});

// Every sample column of a joint-called cohort VCF/BCF, in one pass over the file. metadata:
// sample-sheet rows giving tumor type, age, fusions, cna per column (matched by vcf_sample, or by
// sample_id when the row has no vcf_sample); columns without a row get none.
std::vector<SampleResult> annotate_all_samples(const std::filesystem::path& vcf,
                                               const std::vector<SampleInput>& metadata, const Knowledgebase& kb,
                                               const AnnotateOptions& options, const AnnotateHooks& hooks = {});

// The inputs annotate_all_samples gives the columns of a joint-called VCF: one per column
// (sample_names, in file order), with sample id, tumor type, age, fusions, cna, TMB, MSI and
// agency from the sheet row naming the column (by vcf_sample, or by sample_id when the row has
// no vcf_sample); a column without a row is its own sample id and gets none.
std::vector<SampleInput> column_inputs(const std::filesystem::path& vcf, const std::vector<std::string>& sample_names,
                                       const std::vector<SampleInput>& metadata);

}  // namespace pedtx
