// Parallel samples with failure isolation.
#include "pedtx/run/batch.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <optional>
#include <set>

#include <condition_variable>
#include <mutex>
#include <thread>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/info.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include "pedtx/core/error.hpp"
#include "pedtx/io/vcf_reader.hpp"
#include "pedtx/report/annotated_vcf.hpp"
#include "pedtx/report/atomic_file.hpp"
#include "pedtx/report/cohort.hpp"
#include "pedtx/report/cohort_html.hpp"
#include "pedtx/report/html.hpp"
#include "pedtx/util/sha256.hpp"
#include "pedtx/util/text.hpp"
#include "pedtx/version.hpp"

namespace pedtx {

namespace {

struct SampleWork {
    std::string sample_id;  // from the sheet, or the VCF's tumor column
    std::string stem;
    std::string input_sha256;
    std::string fusions_sha256;
    std::string cna_sha256;
    std::string fingerprint;
    std::string genome_build;
    std::string json;
    std::string error;
    SampleRunStatus status = SampleRunStatus::failed;  // until the sample is reported
    bool internal_error = false;
    std::vector<std::string> outputs;
    std::vector<std::string> notes;
};

// An exclusive flock on OUT/.pedtx-run.lock for the length of a run, so that two runs never
// mix their outputs in one folder. The kernel releases it when the process ends, however it
// ends; the file stays, holding the pid of the last run that took it.
class OutputFolderLock {
public:
    explicit OutputFolderLock(const std::filesystem::path& dir) {
        const auto path = dir / ".pedtx-run.lock";
        fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
        if (fd_ < 0)
            throw IoError(dir.string() + ": cannot create the lock file .pedtx-run.lock: " + errno_message(errno));
        if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
            const int error = errno;
            char buffer[32] = {};
            const ssize_t got = ::pread(fd_, buffer, sizeof buffer - 1, 0);
            ::close(fd_);
            std::string holder(buffer, got > 0 ? static_cast<std::size_t>(got) : 0);
            while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' ')) holder.pop_back();
            if (error == EWOULDBLOCK)
                throw UsageError(dir.string() + ": another pedtx run (pid " + (holder.empty() ? "unknown" : holder) +
                                 ") is writing into this folder; wait for it to finish or choose another --out");
            throw IoError(dir.string() + ": cannot lock .pedtx-run.lock: " + errno_message(error));
        }
        const std::string pid = std::to_string(::getpid()) + "\n";
        if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, pid.data(), pid.size(), 0) < 0) {
            // The lock holds without the pid; a second run's message just cannot name it.
        }
    }
    ~OutputFolderLock() { ::close(fd_); }
    OutputFolderLock(const OutputFolderLock&) = delete;
    OutputFolderLock& operator=(const OutputFolderLock&) = delete;

private:
    int fd_ = -1;
};

// Temporaries left by an earlier run that was killed (kill -9, a second Ctrl-C) before it could
// remove them. With the folder locked no other pedtx writes here, so every one is stale.
void remove_stale_temporaries(const std::filesystem::path& dir) {
    std::error_code error;
    for (auto it = std::filesystem::directory_iterator(dir, error);
         !error && it != std::filesystem::directory_iterator(); it.increment(error)) {
        if (!is_pedtx_temporary(it->path().filename().string())) continue;
        std::error_code ignored;
        if (it->is_regular_file(ignored)) std::filesystem::remove(it->path(), ignored);
    }
}

// Refuses, before anything is written, a run whose output would replace one of its inputs
// (the same file: device and inode, so links and other spellings of the path count).
void refuse_outputs_over_inputs(const std::vector<std::filesystem::path>& inputs,
                                const std::vector<std::filesystem::path>& outputs) {
    std::map<std::pair<dev_t, ino_t>, std::filesystem::path> by_inode;
    struct stat info {};
    for (const auto& input : inputs)
        if (!input.empty() && ::stat(input.c_str(), &info) == 0)
            by_inode.emplace(std::pair(info.st_dev, info.st_ino), input);
    for (const auto& output : outputs) {
        if (::stat(output.c_str(), &info) != 0) continue;
        const auto it = by_inode.find({info.st_dev, info.st_ino});
        if (it != by_inode.end())
            throw UsageError(output.string() + " is the input " + it->second.string() +
                             ": pedtx would overwrite it; choose another --out (or move the input out of it)");
    }
}

const std::vector<std::string>& report_suffixes() {
    static const std::vector<std::string> suffixes = {".pedtx.json", ".pedtx.tsv", ".pedtx.html", ".pedtx.vcf.gz"};
    return suffixes;
}

std::vector<std::filesystem::path> run_level_outputs(const std::filesystem::path& dir) {
    return {dir / "run.json", dir / "cohort.tsv", dir / "cohort_matrix.tsv", dir / "cohort_summary.json",
            dir / "cohort.html"};
}

void remove_sample_outputs(const std::filesystem::path& dir, const std::string& stem) {
    if (stem.empty()) return;
    std::error_code ignored;
    for (const auto& suffix : report_suffixes()) std::filesystem::remove(dir / (stem + suffix), ignored);
}

std::string format_duration(double seconds) {
    const long s = static_cast<long>(seconds + 0.5);
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%02ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
    return buffer;
}

// One updating line on a terminal, periodic log lines otherwise.
class ProgressReporter {
public:
    ProgressReporter(std::size_t total, bool quiet, const std::atomic<std::int64_t>& records)
        : total_(total), records_(records), tty_(::isatty(2) == 1), start_(std::chrono::steady_clock::now()) {
        if (!quiet && total > 0) thread_ = std::thread([this] { loop(); });
    }
    ~ProgressReporter() { finish(); }

    void sample_done() { done_.fetch_add(1); }

    void finish() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (stopping_) return;
            stopping_ = true;
        }
        wake_.notify_all();
        if (thread_.joinable()) {
            thread_.join();
            print(true);
        }
    }

private:
    void loop() {
        std::unique_lock<std::mutex> lock(mutex_);
        const auto period = tty_ ? std::chrono::milliseconds(250) : std::chrono::milliseconds(30000);
        while (!wake_.wait_for(lock, period, [this] { return stopping_; })) print(false);
    }

    void print(bool last) {
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
        const std::size_t done = done_.load();
        const std::int64_t records = records_.load();
        std::string eta = "--:--:--";
        if (done > 0 && done < total_)
            eta = format_duration(elapsed / static_cast<double>(done) * static_cast<double>(total_ - done));
        if (done >= total_) eta = format_duration(0);
        char line[200];
        std::snprintf(line, sizeof line, "pedtx: %zu/%zu samples, %lld records, %.0f records/s, elapsed %s, ETA %s",
                      done, total_, static_cast<long long>(records),
                      elapsed > 0 ? static_cast<double>(records) / elapsed : 0.0, format_duration(elapsed).c_str(),
                      eta.c_str());
        if (tty_)
            std::fprintf(stderr, "\r%s\033[K%s", line, last ? "\n" : "");
        else
            std::fprintf(stderr, "%s\n", line);
        std::fflush(stderr);
    }

    std::size_t total_;
    const std::atomic<std::int64_t>& records_;
    bool tty_;
    std::chrono::steady_clock::time_point start_;
    std::atomic<std::size_t> done_{0};
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

std::string file_sha(const std::filesystem::path& path) {
    return path.empty() || !std::filesystem::is_regular_file(path) ? std::string{} : sha256_file(path);
}

// Does an existing report already answer this sample with these inputs, options and KB?
bool report_is_current(const std::filesystem::path& json_path, const SampleWork& w, const Knowledgebase& kb,
                       std::string& json_text) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(json_path, error)) return false;
    try {
        json_text = read_text_file(json_path);
        const auto doc = nlohmann::json::parse(json_text);
        const auto& provenance = doc.at("provenance");
        const auto field = [&](const char* key) {
            return provenance.at(key).is_null() ? std::string{} : provenance.at(key).get<std::string>();
        };
        return field("options_fingerprint") == w.fingerprint && field("input_sha256") == w.input_sha256 &&
               field("fusions_sha256") == w.fusions_sha256 && field("cna_sha256") == w.cna_sha256 &&
               doc.at("knowledge_base").at("sha256").get<std::string>() == kb.info().sha256;
    } catch (const std::exception&) {
        return false;
    }
}

void write_run_manifest(const BatchOptions& options, const std::string& timestamp, const BatchOutcome& outcome,
                        const Knowledgebase& kb) {
    RunManifest manifest;
    manifest.tool_version = kToolVersion;
    manifest.command_line = options.command_line;
    manifest.generated_at = timestamp;
    manifest.samples = outcome.samples;
    manifest.options_json = options.options_json;
    manifest.interrupted = outcome.interrupted;
    write_file_atomically(options.out_dir / "run.json", run_manifest_json(manifest, kb));
}

// The cohort outputs of a finished run: its samples in input order, as `pedtx cohort` would
// read them from run.json (reports: those of the samples without error, in the same order).
// cohort.html only when the run writes HTML, linking each sample's HTML report beside it.
void write_run_cohort(const BatchOptions& options, const std::string& timestamp,
                      const std::vector<SampleStatus>& samples, std::vector<nlohmann::json> reports) {
    CohortInputs cohort;
    cohort.reports = std::move(reports);
    int next_report = 0;
    for (const auto& status : samples) {
        if (status.error.empty()) {
            CohortMember member{status.sample_id, SampleRunStatus::ok, "", next_report++, {}, ""};
            for (const char* suffix : {".pedtx.json", ".pedtx.html"})
                for (const auto& output : status.outputs)
                    if (output.ends_with(suffix)) member.report_file = options.out_dir / output;
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

// The cohort files (not after an interrupted run: those of the last complete run stay), then
// run.json, attempted last and even when the cohort files could not be written. A failure is
// reported in outcome.output_errors, never thrown, so that every sample's outcome still reaches
// the caller.
void write_run_level_outputs(const BatchOptions& options, const std::string& timestamp, BatchOutcome& outcome,
                             const Knowledgebase& kb, std::vector<nlohmann::json> reports) {
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
    try {
        write_run_manifest(options, timestamp, outcome, kb);
    } catch (const Error& e) {
        outcome.output_errors.push_back(e.what());
    }
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

BatchOutcome run_batch(const std::vector<SampleInput>& inputs, const Knowledgebase& kb, const BatchOptions& options) {
    std::filesystem::create_directories(options.out_dir);
    const OutputFolderLock lock(options.out_dir);
    remove_stale_temporaries(options.out_dir);
    const std::string timestamp = options.no_timestamp ? std::string{} : utc_timestamp();
    const ReportContext context{kToolVersion, timestamp, options.annotate};
    const std::size_t n = inputs.size();
    std::vector<SampleWork> work(n);
    const int threads = usable_threads(std::clamp(options.threads, 1, kMaxThreads));
    tbb::task_arena arena(threads);
    const auto stopped = [&] { return options.stop_requested && options.stop_requested->load(); };

    // Pass 1: sample ids (reading the VCF header only when the sheet gave none), input
    // checksums and the fingerprint that --resume compares.
    arena.execute([&] {
        tbb::parallel_for(std::size_t{0}, n, [&](std::size_t i) {
            SampleWork& w = work[i];
            const SampleInput& input = inputs[i];
            try {
                w.sample_id = input.sample_id;
                if (w.sample_id.empty()) {
                    VcfReader reader(input.vcf);
                    w.sample_id = reader
                                      .choose_tumor_sample(input.vcf_sample, input.from_sample_sheet
                                                                                 ? "the sample sheet's vcf_sample column"
                                                                                 : "--sample")
                                      .name;
                }
                for (const auto& extra : {input.fusions, input.cna})
                    if (!extra.empty() && !std::filesystem::is_regular_file(extra))
                        throw InputError(extra.string() + ": file not found");
                w.input_sha256 = file_sha(input.vcf);
                w.fusions_sha256 = file_sha(input.fusions);
                w.cna_sha256 = file_sha(input.cna);
                w.fingerprint = sha256_hex(
                    options.options_json + "|" + input.tumor_type + "|" +
                    (input.age_years ? std::to_string(*input.age_years) : "") + "|" + input.vcf_sample.value_or("") +
                    "|" + w.sample_id + "|" + (input.tmb ? std::to_string(*input.tmb) : "") + "|" +
                    std::string(to_string(input.msi)) + "|" +
                    (input.agency ? std::string(to_string(*input.agency)) : "") + "|" + kToolVersion +
                    (input.genome ? "|genome=" + std::string(to_string(*input.genome)) : "") +
                    (input.cna_sample.empty() ? "" : "|cna_sample=" + input.cna_sample));
            } catch (const Error& e) {
                w.error = e.what();
            } catch (const std::exception& e) {
                w.error = input.vcf.string() + ": internal error: " + e.what();
                w.internal_error = true;
            }
        });
    });
    // Output names, decided in input order so that a clash always fails the later sample. Two
    // ids that make the same safe name ("a/b", "a_b") get names told apart by a hash of the id.
    std::map<std::string, std::string> id_by_stem;
    std::set<std::string> ids;
    for (std::size_t i = 0; i < n; ++i) {
        SampleWork& w = work[i];
        if (!w.error.empty()) continue;
        if (!ids.insert(w.sample_id).second) {
            w.error = inputs[i].vcf.string() + ": sample id \"" + w.sample_id +
                      "\" is used by an earlier input; give each sample its own id (sample sheet sample_id)";
            continue;
        }
        w.stem = safe_file_stem(w.sample_id);
        if (id_by_stem.count(w.stem)) w.stem += "_" + sha256_hex(w.sample_id).substr(0, 12);
        id_by_stem.emplace(w.stem, w.sample_id);
    }
    {
        std::vector<std::filesystem::path> input_files = options.other_inputs,
                                           output_files = run_level_outputs(options.out_dir);
        for (std::size_t i = 0; i < n; ++i) {
            for (const auto& file : {inputs[i].vcf, inputs[i].fusions, inputs[i].cna}) input_files.push_back(file);
            if (!work[i].stem.empty())
                for (const auto& suffix : report_suffixes())
                    output_files.push_back(options.out_dir / (work[i].stem + suffix));
        }
        refuse_outputs_over_inputs(input_files, output_files);
    }

    // Pass 2: annotate, writing each sample's reports as soon as they are ready.
    std::atomic<std::int64_t> records{0};
    AnnotateOptions annotate = options.annotate;
    annotate.records_counter = &records;
    annotate.stop_requested = options.stop_requested;
    std::size_t to_do = 0;
    for (const auto& w : work)
        if (w.error.empty()) ++to_do;
    // htslib's decompression threads come out of the same budget.
    if (to_do > 0 && static_cast<std::size_t>(threads) > to_do)
        annotate.decompression_threads = static_cast<int>(static_cast<std::size_t>(threads) / to_do) - 1;
    ProgressReporter progress(n, options.quiet, records);
    arena.execute([&] {
        tbb::parallel_for(
            tbb::blocked_range<std::size_t>(0, n, 1),
            [&](const tbb::blocked_range<std::size_t>& range) {
                for (std::size_t i = range.begin(); i != range.end(); ++i) {
                    SampleWork& w = work[i];
                    const auto json_path = options.out_dir / (w.stem + ".pedtx.json");
                    const auto tsv_path = options.out_dir / (w.stem + ".pedtx.tsv");
                    const auto html_path = options.out_dir / (w.stem + ".pedtx.html");
                    const auto vcf_path = options.out_dir / (w.stem + ".pedtx.vcf.gz");
                    if (w.error.empty() && options.resume && report_is_current(json_path, w, kb, w.json) &&
                        (!options.write_tsv || std::filesystem::exists(tsv_path)) &&
                        (!options.write_html || std::filesystem::exists(html_path)) &&
                        (!options.write_vcf || std::filesystem::exists(vcf_path))) {
                        w.status = SampleRunStatus::resumed;
                        w.genome_build = nlohmann::json::parse(w.json).value("genome_build", "");
                        if (options.write_json) w.outputs.push_back(w.stem + ".pedtx.json");
                        if (options.write_tsv) w.outputs.push_back(w.stem + ".pedtx.tsv");
                        if (options.write_html) w.outputs.push_back(w.stem + ".pedtx.html");
                        if (options.write_vcf) w.outputs.push_back(w.stem + ".pedtx.vcf.gz");
                    } else if (w.error.empty() && stopped()) {
                        w.status = SampleRunStatus::interrupted;
                        w.error = inputs[i].vcf.string() + ": not processed: the run was interrupted";
                    } else if (w.error.empty()) {
                        try {
                            SampleInput input = inputs[i];
                            input.sample_id = w.sample_id;
                            SampleResult result = annotate_sample(input, kb, annotate);
                            result.input_sha256 = w.input_sha256;
                            result.fusions_sha256 = w.fusions_sha256;
                            result.cna_sha256 = w.cna_sha256;
                            result.options_fingerprint = w.fingerprint;
                            w.genome_build = std::string(to_string(result.build));
                            w.notes = result.notes;
                            w.json = sample_report_json(result, kb, context);
                            // All of the sample's outputs or none: each to a temporary, then
                            // renamed together, the JSON report (what --resume trusts) last.
                            StagedFiles staged;
                            if (options.write_tsv) staged.add(tsv_path, sample_report_tsv(result, kb, context));
                            if (options.write_html) staged.add(html_path, sample_report_html(result, kb, context));
                            if (options.write_vcf)
                                staged.add(vcf_path, [&](const std::filesystem::path& temporary) {
                                    write_annotated_vcf_file(result, kb, context, temporary, options.stop_requested);
                                });
                            if (options.write_json) {
                                staged.add(json_path, w.json);
                            } else {
                                std::error_code ignored;
                                std::filesystem::remove(json_path, ignored);  // no stale report from earlier runs
                            }
                            staged.commit();
                            for (const char* suffix : {".pedtx.json", ".pedtx.tsv", ".pedtx.html", ".pedtx.vcf.gz"}) {
                                const bool wanted = std::string(suffix) == ".pedtx.json"   ? options.write_json
                                                    : std::string(suffix) == ".pedtx.tsv"  ? options.write_tsv
                                                    : std::string(suffix) == ".pedtx.html" ? options.write_html
                                                                                           : options.write_vcf;
                                if (wanted) w.outputs.push_back(w.stem + suffix);
                            }
                            w.status = SampleRunStatus::ok;
                        } catch (const Interrupted& e) {
                            w.status = SampleRunStatus::interrupted;
                            w.error = e.what();
                        } catch (const Error& e) {
                            w.error = e.what();
                        } catch (const std::exception& e) {
                            w.error = inputs[i].vcf.string() + ": internal error: " + e.what();
                            w.internal_error = true;
                        }
                        // A failed sample leaves no report, not even one of an earlier run.
                        if (!w.error.empty() && w.status != SampleRunStatus::interrupted) {
                            remove_sample_outputs(options.out_dir, w.stem);
                            w.outputs.clear();
                        }
                    }
                    progress.sample_done();
                }
            },
            tbb::simple_partitioner());
    });
    progress.finish();

    BatchOutcome outcome;
    std::vector<nlohmann::json> reports;
    for (std::size_t i = 0; i < n; ++i) {
        SampleWork& w = work[i];
        SampleStatus status;
        status.input = inputs[i].vcf.string();
        status.input_sha256 = w.input_sha256;
        status.sample_id = w.sample_id;
        status.outputs = w.outputs;
        status.genome_build = w.genome_build;
        outcome.notes.insert(outcome.notes.end(), w.notes.begin(), w.notes.end());
        if (w.error.empty()) {
            status.status = w.status;
            if (w.status == SampleRunStatus::resumed) ++outcome.resumed;
            reports.push_back(nlohmann::json::parse(w.json));
        } else {
            status.status =
                w.status == SampleRunStatus::interrupted ? SampleRunStatus::interrupted : SampleRunStatus::failed;
            // A stop that came after every sample had finished interrupted nothing: the run is
            // complete, and writes its cohort files and run.json like any other.
            if (w.status == SampleRunStatus::interrupted) outcome.interrupted = true;
            status.error = w.error;
            outcome.errors.push_back(w.error);
            ++outcome.failed;
            if (w.internal_error) ++outcome.internal_errors;
        }
        outcome.samples.push_back(std::move(status));
    }
    write_run_level_outputs(options, timestamp, outcome, kb, std::move(reports));
    return outcome;
}

BatchOutcome run_all_samples_batch(const std::vector<std::filesystem::path>& vcfs,
                                   const std::vector<SampleInput>& metadata, const Knowledgebase& kb,
                                   const BatchOptions& options) {
    std::filesystem::create_directories(options.out_dir);
    const OutputFolderLock lock(options.out_dir);
    remove_stale_temporaries(options.out_dir);
    // The per-sample output names are known only after the pass (checked then, per sample).
    std::vector<std::filesystem::path> input_files = options.other_inputs;
    input_files.insert(input_files.end(), vcfs.begin(), vcfs.end());
    refuse_outputs_over_inputs(input_files, run_level_outputs(options.out_dir));
    const std::string timestamp = options.no_timestamp ? std::string{} : utc_timestamp();
    const ReportContext context{kToolVersion, timestamp, options.annotate};
    struct FileWork {
        std::vector<SampleResult> results;
        std::vector<std::string> json;
        std::vector<std::string> tsv;
        std::vector<std::string> html;
        std::string error;
        bool internal_error = false;
        bool interrupted = false;
    };
    std::vector<FileWork> work(vcfs.size());
    std::atomic<std::int64_t> records{0};
    AnnotateOptions annotate = options.annotate;
    annotate.records_counter = &records;
    annotate.stop_requested = options.stop_requested;
    const int threads = usable_threads(std::clamp(options.threads, 1, kMaxThreads));
    if (static_cast<std::size_t>(threads) > vcfs.size())
        annotate.decompression_threads = threads / static_cast<int>(vcfs.size()) - 1;
    ProgressReporter progress(vcfs.size(), options.quiet, records);
    tbb::task_arena arena(threads);
    arena.execute([&] {
        tbb::parallel_for(std::size_t{0}, vcfs.size(), [&](std::size_t i) {
            FileWork& w = work[i];
            try {
                w.results = annotate_all_samples(vcfs[i], metadata, kb, annotate);
                const std::string sha = sha256_file(vcfs[i]);
                for (auto& result : w.results) {
                    result.input_sha256 = sha;
                    w.json.push_back(sample_report_json(result, kb, context));
                    w.tsv.push_back(options.write_tsv ? sample_report_tsv(result, kb, context) : "");
                    w.html.push_back(options.write_html ? sample_report_html(result, kb, context) : "");
                }
            } catch (const Interrupted& e) {
                w.error = e.what();
                w.interrupted = true;
            } catch (const Error& e) {
                w.error = e.what();
            } catch (const std::exception& e) {
                w.error = vcfs[i].string() + ": internal error: " + e.what();
                w.internal_error = true;
            }
            progress.sample_done();
        });
    });
    progress.finish();

    BatchOutcome outcome;
    for (const auto& w : work) outcome.interrupted = outcome.interrupted || w.interrupted;
    std::vector<nlohmann::json> reports;
    std::set<std::string> stems;
    std::set<std::string> ids;
    for (std::size_t i = 0; i < vcfs.size(); ++i) {
        FileWork& w = work[i];
        if (!w.error.empty()) {
            SampleStatus status;
            status.input = vcfs[i].string();
            status.status = outcome.interrupted ? SampleRunStatus::interrupted : SampleRunStatus::failed;
            status.error = w.error;
            outcome.errors.push_back(w.error);
            ++outcome.failed;
            if (w.internal_error) ++outcome.internal_errors;
            outcome.samples.push_back(std::move(status));
            continue;
        }
        // The notes are about the file, the same for each of its columns.
        if (!w.results.empty())
            outcome.notes.insert(outcome.notes.end(), w.results.front().notes.begin(), w.results.front().notes.end());
        for (std::size_t k = 0; k < w.results.size(); ++k) {
            const SampleResult& result = w.results[k];
            SampleStatus status;
            status.input = vcfs[i].string();
            status.input_sha256 = result.input_sha256;
            status.sample_id = result.sample_id;
            status.genome_build = std::string(to_string(result.build));
            std::string stem = safe_file_stem(result.sample_id);
            if (ids.count(result.sample_id) == 0 && stems.count(stem))
                stem += "_" + sha256_hex(result.sample_id).substr(0, 12);
            ids.insert(result.sample_id);
            if (!stems.insert(stem).second) {
                status.status = SampleRunStatus::failed;
                status.error = status.input + ": sample \"" + result.sample_id + "\" appears in more than one input";
                outcome.errors.push_back(status.error);
                ++outcome.failed;
            } else {
                bool over_an_input = true;
                try {
                    std::vector<std::filesystem::path> outputs;
                    for (const auto& suffix : report_suffixes()) outputs.push_back(options.out_dir / (stem + suffix));
                    refuse_outputs_over_inputs(input_files, outputs);
                    over_an_input = false;
                    StagedFiles staged;
                    if (options.write_tsv) staged.add(options.out_dir / (stem + ".pedtx.tsv"), w.tsv[k]);
                    if (options.write_html) staged.add(options.out_dir / (stem + ".pedtx.html"), w.html[k]);
                    if (options.write_json) staged.add(options.out_dir / (stem + ".pedtx.json"), w.json[k]);
                    staged.commit();
                    if (options.write_json) status.outputs.push_back(stem + ".pedtx.json");
                    if (options.write_tsv) status.outputs.push_back(stem + ".pedtx.tsv");
                    if (options.write_html) status.outputs.push_back(stem + ".pedtx.html");
                    status.status = SampleRunStatus::ok;
                    reports.push_back(nlohmann::json::parse(w.json[k]));
                } catch (const Error& e) {
                    status.status = SampleRunStatus::failed;
                    status.error = e.what();
                    outcome.errors.push_back(status.error);
                    ++outcome.failed;
                    if (!over_an_input) remove_sample_outputs(options.out_dir, stem);
                }
            }
            outcome.samples.push_back(std::move(status));
        }
    }
    write_run_level_outputs(options, timestamp, outcome, kb, std::move(reports));
    return outcome;
}

int usable_threads(int requested) {
    return std::clamp(requested, 1, std::max(1, tbb::info::default_concurrency()));
}

}  // namespace pedtx
