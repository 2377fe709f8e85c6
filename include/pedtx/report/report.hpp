// Per-sample reports (JSON and TSV) and the run manifest (run.json).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pedtx/kb/knowledgebase.hpp"
#include "pedtx/pipeline/annotate.hpp"

namespace pedtx {

constexpr int kReportSchemaVersion = 1;

struct ReportContext {
    std::string tool_version;
    std::string generated_at;  // ISO date-time, empty with --no-timestamp
    AnnotateOptions annotate;  // the thresholds the sample was read with (HTML methods section)
};

std::string sample_report_json(const SampleResult& result, const Knowledgebase& kb, const ReportContext& context);
std::string sample_report_tsv(const SampleResult& result, const Knowledgebase& kb, const ReportContext& context);

// A file name stem safe on every file system, from a sample id.
// File stems are at most this long, whatever the sample id.
constexpr std::size_t kMaxFileStemBytes = 100;
std::string safe_file_stem(const std::string& sample_id);

// What became of one sample in a run (run.json "status").
enum class SampleRunStatus {
    ok,           // reported by this run
    resumed,      // its reports kept from an earlier run (--resume)
    failed,       // no report; the error says why
    interrupted,  // no report: the run was interrupted before or while reading it
};
std::string_view to_string(SampleRunStatus status);  // "ok", "resumed", "failed", "interrupted"
// The status as run.json writes it; nullopt for any other text.
std::optional<SampleRunStatus> parse_sample_run_status(std::string_view text);

struct SampleStatus {
    std::string sample_id;
    std::string input;
    std::string input_sha256;
    SampleRunStatus status = SampleRunStatus::failed;
    std::string error;
    std::string genome_build;
    std::vector<std::string> outputs;
};

struct RunManifest {
    std::string tool_version;
    std::string command_line;
    std::string generated_at;
    std::vector<SampleStatus> samples;
    std::string options_json;  // the effective options as a JSON object
    bool interrupted = false;
};

std::string run_manifest_json(const RunManifest& manifest, const Knowledgebase& kb);

}  // namespace pedtx
