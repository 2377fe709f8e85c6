// One sample's reports in the output folder: written together (all or none), or kept from an
// earlier run when they still answer the sample (--resume). Used by the per-file and the
// --all-samples runs alike.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "pedtx/kb/knowledgebase.hpp"
#include "pedtx/match/sample_result.hpp"
#include "pedtx/report/report.hpp"
#include "pedtx/run/run_options.hpp"

namespace pedtx {

// What a report must carry to be kept by --resume.
struct ReportProvenance {
    std::string input_sha256;
    std::string fusions_sha256;
    std::string cna_sha256;
    std::string options_fingerprint;
};

// The sample's reports from an earlier run, when its JSON report carries this provenance and
// this knowledge base and every other wanted format is there: the JSON text and the file
// names (in format order). nullopt when the sample must be run again.
struct KeptReports {
    std::string json;
    std::vector<std::string> outputs;
};
std::optional<KeptReports> reports_to_keep(const BatchOptions& options, const std::string& stem,
                                           const ReportProvenance& provenance, const Knowledgebase& kb);

// Writes the wanted reports of one sample (json: its JSON report, already rendered), each to a
// temporary and renamed together with the JSON report (what --resume trusts) last; a JSON
// report of an earlier run is removed when JSON is not wanted. Returns the file names written,
// in format order. Throws IoError (nothing renamed), Interrupted (stop flag while copying the
// annotated VCF).
std::vector<std::string> write_sample_reports(const SampleResult& result, const std::string& json,
                                              const std::string& stem, const Knowledgebase& kb,
                                              const ReportContext& context, const BatchOptions& options);

// The SHA-256 of a file (provenance), empty for no file.
std::string file_sha256(const std::filesystem::path& path);

}  // namespace pedtx
