// A run over many samples: ids, checksums and output names first (in input order, so a clash
// always fails the later sample), then the samples in parallel, each writing its reports as it
// finishes, then run.json and the cohort views. The per-file run and --all-samples share it: a
// unit of work is one file, giving one sample (per-file) or one per column (--all-samples).
#include "pedtx/run/batch.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <map>
#include <optional>
#include <set>

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/info.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include "pedtx/core/error.hpp"
#include "pedtx/io/maf_reader.hpp"
#include "pedtx/io/vcf_reader.hpp"
#include "pedtx/pipeline/annotate_maf.hpp"
#include "pedtx/report/atomic_file.hpp"
#include "pedtx/report/cbioportal.hpp"
#include "pedtx/report/cohort.hpp"
#include "pedtx/report/cohort_html.hpp"
#include "pedtx/report/cohort_report.hpp"
#include "pedtx/report/output_names.hpp"
#include "pedtx/run/output_folder.hpp"
#include "pedtx/run/progress.hpp"
#include "pedtx/run/sample_outputs.hpp"
#include "pedtx/util/sha256.hpp"
#include "pedtx/util/text.hpp"
#include "pedtx/version.hpp"

namespace pedtx {

namespace {

struct SampleWork {
    SampleInput input;  // the sample id filled in (from the sheet, the column, or the header)
    std::string stem;   // output file names; empty when the sample has none
    ReportProvenance provenance;
    std::string genome_build;
    CohortReport cohort;  // its report as the cohort views read it (written or kept)
    std::string error;
    SampleRunStatus status = SampleRunStatus::failed;  // until the sample is reported
    bool internal_error = false;
    std::vector<std::string> outputs;
};

// One file read in one pass: one sample, or every column with --all-samples.
struct FileWork {
    std::filesystem::path vcf;
    std::vector<SampleWork> samples;
    std::string error;  // the file as a whole failed (--all-samples)
    bool internal_error = false;
    bool interrupted = false;
    std::vector<std::string> notes;  // said once about the file
    // MAF: a sample's error from its inputs (an unknown OncoTree code) is known without reading
    // the file, so it does not make --resume read the file again.
    bool sample_errors_known_before_reading = false;
};

// maf: one MAF, one sample per Tumor_Sample_Barcode (its samples prepared by run_maf_batch).
enum class RunShape { one_sample_per_file, every_column, maf };

// The checksums and fingerprint of w.input. Throws InputError when its fusions or cna file is
// missing.
void fill_provenance(SampleWork& w, const BatchOptions& options) {
    const SampleInput& input = w.input;
    for (const auto& extra : {input.fusions, input.cna})
        if (!extra.empty() && !std::filesystem::is_regular_file(extra))
            throw InputError(extra.string() + ": file not found");
    w.provenance.fusions_sha256 = file_sha256(input.fusions);
    w.provenance.cna_sha256 = file_sha256(input.cna);
    w.provenance.options_fingerprint = options_fingerprint(options, input, input.sample_id);
}

// One sample of a file that holds several (a multi-sample VCF, a MAF): the file's checksum is
// shared; an error already known for the sample (from the MAF's clinical data) is kept instead.
SampleWork sample_of_shared_input(SampleInput input, const std::string& shared_sha256, const BatchOptions& options,
                                  std::string known_error = {}) {
    SampleWork w;
    w.input = std::move(input);
    w.error = std::move(known_error);
    if (w.error.empty()) {
        try {
            fill_provenance(w, options);
        } catch (const Error& e) {
            w.error = e.what();
        }
    }
    w.provenance.input_sha256 = shared_sha256;
    return w;
}

// Pass 1 for one file: its samples' ids, checksums and fingerprints.
void prepare_file(FileWork& file, RunShape shape, const std::vector<SampleInput>& inputs, const BatchOptions& options) {
    if (shape == RunShape::maf) return;
    if (shape == RunShape::one_sample_per_file) {
        SampleWork& w = file.samples.front();
        try {
            if (w.input.sample_id.empty()) {
                VcfReader reader(w.input.vcf);
                w.input.sample_id =
                    reader
                        .choose_tumor_sample(w.input.vcf_sample, w.input.from_sample_sheet
                                                                     ? "the sample sheet's vcf_sample column"
                                                                     : "--sample")
                        .name;
            }
            fill_provenance(w, options);
            w.provenance.input_sha256 = file_sha256(w.input.vcf);
        } catch (const Error& e) {
            w.error = e.what();
        } catch (const std::exception& e) {
            w.error = w.input.vcf.string() + ": internal error: " + e.what();
            w.internal_error = true;
        }
        return;
    }
    // --all-samples: the columns from the header. A file whose header cannot be read here is
    // left to the record loop, which reports it as for any other input.
    std::vector<std::string> names;
    try {
        names = VcfReader(file.vcf).sample_names();
    } catch (const std::exception&) {
        return;
    }
    if (names.empty()) return;
    try {
        const std::string sha = file_sha256(file.vcf);
        for (auto& input : column_inputs(file.vcf, names, inputs))
            file.samples.push_back(sample_of_shared_input(std::move(input), sha, options));
    } catch (const Error& e) {
        file.error = e.what();
    } catch (const std::exception& e) {
        file.error = file.vcf.string() + ": internal error: " + e.what();
        file.internal_error = true;
    }
}

// Output names, decided in input order so that a clash always fails the later sample. Two ids
// that make the same safe name ("a/b", "a_b") get names told apart by a hash of the id.
void assign_output_names(std::vector<FileWork>& files, RunShape shape) {
    std::map<std::string, std::string> id_by_stem;
    std::set<std::string> ids;
    for (auto& file : files)
        for (auto& w : file.samples) {
            if (!w.error.empty()) continue;
            const std::string& id = w.input.sample_id;
            if (!ids.insert(id).second) {
                w.error = shape == RunShape::one_sample_per_file
                              ? w.input.vcf.string() + ": sample id \"" + id +
                                    "\" is used by an earlier input; give each sample its own id (sample sheet "
                                    "sample_id)"
                              : w.input.vcf.string() + ": sample \"" + id + "\" appears in more than one input";
                continue;
            }
            w.stem = safe_file_stem(id);
            if (id_by_stem.count(w.stem)) w.stem += "_" + sha256_hex(id).substr(0, 12);
            id_by_stem.emplace(w.stem, id);
        }
}

void refuse_outputs_over_run_inputs(const std::vector<FileWork>& files, const BatchOptions& options) {
    std::vector<std::filesystem::path> inputs = {options.sample_sheet, options.gene_annotation, options.clinical};
    if (options.annotate.reference) inputs.push_back(options.annotate.reference->path());
    std::vector<std::filesystem::path> outputs = run_level_output_paths(options.out_dir);
    for (const auto& file : files) {
        inputs.push_back(file.vcf);
        for (const auto& w : file.samples) {
            for (const auto& extra : {w.input.fusions, w.input.cna}) inputs.push_back(extra);
            if (!w.stem.empty())
                for (const auto& path : sample_output_paths(options.out_dir, w.stem)) outputs.push_back(path);
        }
    }
    refuse_outputs_over_inputs(inputs, outputs);
}

// --resume: the file's samples all have current reports (a file with a failed sample is read
// again, so that its error is reported again).
bool keep_earlier_reports(FileWork& file, const BatchOptions& options, const Knowledgebase& kb) {
    if (!options.resume || file.samples.empty()) return false;
    std::vector<KeptReports> kept;
    std::size_t with_reports = 0;
    for (const auto& w : file.samples) {
        if (!w.error.empty()) {
            if (file.sample_errors_known_before_reading) {
                kept.emplace_back();
                continue;
            }
            return false;
        }
        auto reports = reports_to_keep(options, w.stem, w.provenance, kb);
        if (!reports) return false;
        kept.push_back(std::move(*reports));
        ++with_reports;
    }
    if (with_reports == 0) return false;
    for (std::size_t k = 0; k < file.samples.size(); ++k) {
        SampleWork& w = file.samples[k];
        if (!w.error.empty()) continue;
        w.status = SampleRunStatus::resumed;
        const auto doc = nlohmann::json::parse(kept[k].json);
        w.cohort = read_cohort_report(doc, (options.out_dir / report_file_name(w.stem, ReportFormat::json)).string());
        w.outputs = std::move(kept[k].outputs);
        w.genome_build = doc.value("genome_build", "");
    }
    return true;
}

// Runs one step of a sample: an error ends the sample, never the run (a stop request: the
// sample is interrupted; anything but a pedtx error: an internal error).
template <typename Step>
void for_sample(SampleWork& w, Step&& step) {
    try {
        step();
    } catch (const Interrupted& e) {
        w.status = SampleRunStatus::interrupted;
        w.error = e.what();
    } catch (const Error& e) {
        w.error = e.what();
    } catch (const std::exception& e) {
        w.error = w.input.vcf.string() + ": internal error: " + e.what();
        w.internal_error = true;
    }
}

// Pass 2 for one sample's result: provenance, reports written; a failure is the sample's.
void finish_sample(SampleWork& w, SampleResult& result, const Knowledgebase& kb, const ReportContext& context,
                   const BatchOptions& options) {
    result.input_sha256 = w.provenance.input_sha256;
    result.fusions_sha256 = w.provenance.fusions_sha256;
    result.cna_sha256 = w.provenance.cna_sha256;
    result.options_fingerprint = w.provenance.options_fingerprint;
    w.genome_build = std::string(to_string(result.build));
    for_sample(w, [&] {
        w.outputs = write_sample_reports(result, sample_report_json(result, kb, context), w.stem, kb, context, options);
        w.cohort = cohort_report(result, kb);
        w.status = SampleRunStatus::ok;
    });
}

// Pass 2 for one file: kept, or read (one pass) and each sample's reports written.
void run_file(FileWork& file, RunShape shape, const std::vector<SampleInput>& metadata, const Knowledgebase& kb,
              const ReportContext& context, const BatchOptions& options, const AnnotateHooks& hooks) {
    const bool stopped = options.stop_requested && options.stop_requested->load();
    if (shape == RunShape::one_sample_per_file) {
        SampleWork& w = file.samples.front();
        if (!w.error.empty() || keep_earlier_reports(file, options, kb)) return;
        if (stopped) {
            w.status = SampleRunStatus::interrupted;
            w.error = w.input.vcf.string() + ": not processed: the run was interrupted";
            return;
        }
        for_sample(w, [&] {
            SampleResult result = annotate_sample(w.input, kb, options.annotate, hooks);
            file.notes = result.notes;
            finish_sample(w, result, kb, context, options);
        });
        // A failed sample leaves no report, not even one of an earlier run.
        if (!w.error.empty() && w.status != SampleRunStatus::interrupted)
            remove_sample_outputs(options.out_dir, w.stem);
        return;
    }
    if (!file.error.empty() || keep_earlier_reports(file, options, kb)) return;
    try {
        if (stopped) throw Interrupted(file.vcf.string() + ": not processed: the run was interrupted");
        std::vector<SampleResult> results;
        if (shape == RunShape::maf) {
            std::vector<SampleInput> inputs;
            for (const auto& w : file.samples) inputs.push_back(w.input);
            results = annotate_maf(file.vcf, inputs, kb, options.annotate, hooks);
        } else {
            results = annotate_all_samples(file.vcf, metadata, kb, options.annotate, hooks);
        }
        // About the file, the same for each sample.
        if (!results.empty())
            file.notes.insert(file.notes.end(), results.front().notes.begin(), results.front().notes.end());
        if (results.size() != file.samples.size())
            throw std::runtime_error("the file's columns changed while it was read");
        for (std::size_t k = 0; k < results.size(); ++k) {
            SampleWork& w = file.samples[k];
            if (!w.error.empty()) continue;  // e.g. an id another input has: no reports
            finish_sample(w, results[k], kb, context, options);
            if (!w.error.empty() && w.status != SampleRunStatus::interrupted)
                remove_sample_outputs(options.out_dir, w.stem);
        }
    } catch (const Interrupted& e) {
        file.error = e.what();
        file.interrupted = true;
    } catch (const Error& e) {
        file.error = e.what();
    } catch (const std::exception& e) {
        file.error = file.vcf.string() + ": internal error: " + e.what();
        file.internal_error = true;
    }
}

void write_run_manifest(const BatchOptions& options, const std::string& timestamp, const BatchOutcome& outcome,
                        const Knowledgebase& kb) {
    RunManifest manifest;
    manifest.tool_version = kToolVersion;
    manifest.command_line = options.command_line;
    manifest.generated_at = timestamp;
    manifest.samples = outcome.samples;
    manifest.options_json = options_record(options).dump();
    manifest.interrupted = outcome.interrupted;
    write_file_atomically(options.out_dir / kRunManifestFile, run_manifest_json(manifest, kb));
}

// The cohort outputs of a finished run: its samples in input order, as `pedtx cohort` would
// read them from run.json (reports: those of the samples without error, in the same order).
// cohort.html only when the run writes HTML, linking each sample's HTML report beside it.
void write_run_cohort(const BatchOptions& options, const std::string& timestamp,
                      const std::vector<SampleStatus>& samples, std::vector<CohortReport> reports) {
    CohortInputs cohort;
    cohort.reports = std::move(reports);
    int next_report = 0;
    for (const auto& status : samples) {
        if (status.error.empty()) {
            CohortMember member{status.sample_id, SampleRunStatus::ok, "", next_report++, {}, ""};
            for (const auto format : {ReportFormat::json, ReportFormat::html})
                for (const auto& output : status.outputs)
                    if (output.ends_with(report_suffix(format))) member.report_file = options.out_dir / output;
            cohort.members.push_back(std::move(member));
        } else {
            const std::string id = status.sample_id.empty() ? status.input : status.sample_id;
            cohort.failed.push_back(id);
            cohort.members.push_back({id, status.status, status.error, -1, {}, ""});
        }
    }
    write_cohort_folder(
        cohort, options.out_dir, true,
        options.write_html ? std::optional<CohortHtmlContext>({kToolVersion, timestamp}) : std::nullopt);
}

// --format maf / cbioportal: the annotated MAF and the cBioPortal study folder, from the JSON
// reports of the run's samples (written or kept), in input order.
void write_consortium_outputs(const BatchOptions& options, const BatchOutcome& outcome, const Knowledgebase& kb) {
    std::vector<nlohmann::json> reports;
    for (const auto& status : outcome.samples) {
        if (!status.error.empty()) continue;
        for (const auto& output : status.outputs)
            if (output.ends_with(report_suffix(ReportFormat::json))) {
                const auto path = options.out_dir / output;
                try {
                    reports.push_back(nlohmann::json::parse(read_text_file(path)));
                } catch (const nlohmann::json::exception& e) {
                    throw InputError(path.string() + ": not a pedtx JSON report: " + e.what());
                }
            }
    }
    if (options.write_maf) write_annotated_maf(options.out_dir / kAnnotatedMafFile, reports);
    if (options.cbioportal)
        write_cbioportal_study(
            options.out_dir / kCbioportalFolder, reports,
            {"pedtx_cohort", "pedtx cohort (" + kb.info().name + " " + kb.info().version + ")", kToolVersion});
}

// The cohort files (not after an interrupted run: those of the last complete run stay), then
// run.json, attempted last and even when the cohort files could not be written. A failure is
// reported in outcome.output_errors, never thrown, so that every sample's outcome still reaches
// the caller.
void write_run_level_outputs(const BatchOptions& options, const std::string& timestamp, BatchOutcome& outcome,
                             const Knowledgebase& kb, std::vector<CohortReport> reports) {
    if (!outcome.interrupted) {
        try {
            write_run_cohort(options, timestamp, outcome.samples, std::move(reports));
        } catch (const Error& e) {
            outcome.output_errors.push_back(e.what());
        } catch (const std::filesystem::filesystem_error& e) {
            outcome.output_errors.push_back(options.out_dir.string() +
                                            ": cannot write the cohort files: " + e.code().message());
        }
    }
    if (!outcome.interrupted && (options.write_maf || options.cbioportal)) {
        try {
            write_consortium_outputs(options, outcome, kb);
        } catch (const Error& e) {
            outcome.output_errors.push_back(e.what());
        } catch (const std::exception& e) {
            outcome.output_errors.push_back(options.out_dir.string() +
                                            ": cannot write the MAF / cBioPortal outputs: " + e.what());
        }
    }
    try {
        write_run_manifest(options, timestamp, outcome, kb);
    } catch (const Error& e) {
        outcome.output_errors.push_back(e.what());
    }
}

BatchOutcome run_files(std::vector<FileWork> files, RunShape shape, const std::vector<SampleInput>& metadata,
                       const Knowledgebase& kb, const BatchOptions& options) {
    std::filesystem::create_directories(options.out_dir);
    const OutputFolderLock lock(options.out_dir);
    remove_stale_temporaries(options.out_dir);
    const std::string timestamp = options.no_timestamp ? std::string{} : utc_timestamp();
    const ReportContext context{kToolVersion, timestamp, options.annotate};
    const int threads = usable_threads(std::clamp(options.threads, 1, kMaxThreads));
    tbb::task_arena arena(threads);

    // Pass 1: sample ids (reading a VCF header only when the sheet gave none), input checksums
    // and the fingerprints that --resume compares.
    arena.execute([&] {
        tbb::parallel_for(std::size_t{0}, files.size(),
                          [&](std::size_t i) { prepare_file(files[i], shape, metadata, options); });
    });
    assign_output_names(files, shape);
    refuse_outputs_over_run_inputs(files, options);

    // Pass 2: the files in parallel, each sample's reports written as soon as they are ready.
    std::atomic<std::int64_t> records{0};
    AnnotateHooks hooks;
    hooks.records_counter = &records;
    hooks.stop_requested = options.stop_requested;
    std::size_t to_do = 0;
    for (const auto& file : files)
        if (shape != RunShape::one_sample_per_file ? file.error.empty() : file.samples.front().error.empty()) ++to_do;
    // htslib's decompression threads come out of the same budget.
    if (to_do > 0 && static_cast<std::size_t>(threads) > to_do)
        hooks.decompression_threads = static_cast<int>(static_cast<std::size_t>(threads) / to_do) - 1;
    ProgressReporter progress(files.size(), options.quiet, records);
    arena.execute([&] {
        tbb::parallel_for(
            tbb::blocked_range<std::size_t>(0, files.size(), 1),
            [&](const tbb::blocked_range<std::size_t>& range) {
                for (std::size_t i = range.begin(); i != range.end(); ++i) {
                    run_file(files[i], shape, metadata, kb, context, options, hooks);
                    progress.sample_done();
                }
            },
            tbb::simple_partitioner());
    });
    progress.finish();

    // The outcome, in input order.
    BatchOutcome outcome;
    for (const auto& file : files) outcome.interrupted = outcome.interrupted || file.interrupted;
    std::vector<CohortReport> reports;
    for (auto& file : files) {
        outcome.notes.insert(outcome.notes.end(), file.notes.begin(), file.notes.end());
        if (!file.error.empty()) {
            SampleStatus status;
            status.input = file.vcf.string();
            status.status = outcome.interrupted ? SampleRunStatus::interrupted : SampleRunStatus::failed;
            status.error = file.error;
            outcome.errors.push_back(file.error);
            ++outcome.failed;
            if (file.internal_error) ++outcome.internal_errors;
            outcome.samples.push_back(std::move(status));
            continue;
        }
        for (auto& w : file.samples) {
            SampleStatus status;
            status.input = w.input.vcf.string();
            status.input_sha256 = w.provenance.input_sha256;
            status.sample_id = w.input.sample_id;
            status.genome_build = w.genome_build;
            if (w.error.empty()) {
                status.outputs = w.outputs;
                status.status = w.status;
                if (w.status == SampleRunStatus::resumed) ++outcome.resumed;
                reports.push_back(std::move(w.cohort));
            } else {
                status.status =
                    w.status == SampleRunStatus::interrupted ? SampleRunStatus::interrupted : SampleRunStatus::failed;
                // A stop that came after every sample had finished interrupted nothing: the run
                // is complete, and writes its cohort files and run.json like any other.
                if (w.status == SampleRunStatus::interrupted) {
                    outcome.interrupted = true;
                    status.outputs = w.outputs;
                }
                status.error = w.error;
                outcome.errors.push_back(w.error);
                ++outcome.failed;
                if (w.internal_error) ++outcome.internal_errors;
            }
            outcome.samples.push_back(std::move(status));
        }
    }
    write_run_level_outputs(options, timestamp, outcome, kb, std::move(reports));
    return outcome;
}

}  // namespace

std::string utc_timestamp() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buffer;
}

int usable_threads(int requested) {
    return std::clamp(requested, 1, std::max(1, tbb::info::default_concurrency()));
}

BatchOutcome run_batch(const std::vector<SampleInput>& inputs, const Knowledgebase& kb, const BatchOptions& options) {
    std::vector<FileWork> files(inputs.size());
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        files[i].vcf = inputs[i].vcf;
        files[i].samples.resize(1);
        files[i].samples.front().input = inputs[i];
    }
    return run_files(std::move(files), RunShape::one_sample_per_file, {}, kb, options);
}

BatchOutcome run_all_samples_batch(const std::vector<std::filesystem::path>& vcfs,
                                   const std::vector<SampleInput>& metadata, const Knowledgebase& kb,
                                   const BatchOptions& options) {
    std::vector<FileWork> files(vcfs.size());
    for (std::size_t i = 0; i < vcfs.size(); ++i) files[i].vcf = vcfs[i];
    return run_files(std::move(files), RunShape::every_column, metadata, kb, options);
}

BatchOutcome run_maf_batch(const MafCohortInputs& cohort, const Knowledgebase& kb, const BatchOptions& options) {
    std::vector<FileWork> files(1);
    FileWork& file = files.front();
    file.vcf = cohort.maf;
    try {
        const MafSampleScan scan = scan_maf_samples(cohort.maf);
        if (scan.ids.empty())
            throw InputError(cohort.maf.string() + ": the MAF has no data rows with a Tumor_Sample_Barcode");
        MafSamples samples = maf_sample_inputs(scan.ids, cohort, kb.tumor_types());
        // A plain-text MAF was hashed in the pass that listed its samples.
        const std::string sha = scan.plain_text_sha256.empty() ? file_sha256(cohort.maf) : scan.plain_text_sha256;
        for (auto& input : samples.inputs) {
            const auto known = samples.errors.find(input.sample_id);
            file.samples.push_back(sample_of_shared_input(
                std::move(input), sha, options, known != samples.errors.end() ? known->second : std::string{}));
        }
        file.notes = std::move(samples.warnings);
        file.sample_errors_known_before_reading = true;
    } catch (const Error& e) {
        file.error = e.what();
    }
    return run_files(std::move(files), RunShape::maf, {}, kb, options);
}

}  // namespace pedtx
