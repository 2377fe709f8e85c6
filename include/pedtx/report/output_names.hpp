// The names of every file pedtx writes into an output folder, in one place: the per-sample
// reports (SAMPLE.pedtx.json, ...) and the run-level files (run.json, the cohort views).
#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <string_view>

namespace pedtx {

// The per-sample report formats (--format), in the order a sample's outputs are listed.
enum class ReportFormat { json, tsv, html, vcf };
inline constexpr std::array<ReportFormat, 4> kReportFormats = {ReportFormat::json, ReportFormat::tsv,
                                                               ReportFormat::html, ReportFormat::vcf};

// "json", "tsv", "html", "vcf": the --format word.
constexpr std::string_view format_name(ReportFormat format) {
    switch (format) {
        case ReportFormat::json:
            return "json";
        case ReportFormat::tsv:
            return "tsv";
        case ReportFormat::html:
            return "html";
        case ReportFormat::vcf:
            return "vcf";
    }
    return "json";
}

// ".pedtx.json", ".pedtx.tsv", ".pedtx.html", ".pedtx.vcf.gz".
constexpr std::string_view report_suffix(ReportFormat format) {
    switch (format) {
        case ReportFormat::json:
            return ".pedtx.json";
        case ReportFormat::tsv:
            return ".pedtx.tsv";
        case ReportFormat::html:
            return ".pedtx.html";
        case ReportFormat::vcf:
            return ".pedtx.vcf.gz";
    }
    return ".pedtx.json";
}

// STEM.pedtx.json etc.; the stem is the sample id made safe for a file name (safe_file_stem).
inline std::string report_file_name(std::string_view stem, ReportFormat format) {
    return std::string(stem) + std::string(report_suffix(format));
}

// Run-level files.
inline constexpr std::string_view kRunManifestFile = "run.json";
inline constexpr std::string_view kCohortTableFile = "cohort.tsv";
inline constexpr std::string_view kCohortMatrixFile = "cohort_matrix.tsv";
inline constexpr std::string_view kCohortSummaryFile = "cohort_summary.json";
inline constexpr std::string_view kCohortHtmlFile = "cohort.html";
inline constexpr std::array<std::string_view, 5> kRunLevelFiles = {
    kRunManifestFile, kCohortTableFile, kCohortMatrixFile, kCohortSummaryFile, kCohortHtmlFile};

}  // namespace pedtx
