// The cohort overview, cohort.html: one self-contained HTML5 file (inline CSS and SVG, no
// script, nothing fetched) beside the cohort tables. A summary of the tiers, an
// oncoprint-style grid of samples x actionable alterations coloured by tier, bar charts of
// the most frequent actionable genes and drugs, and a table of every sample, failed ones
// included, each linked to its own report. Every string from a report, a run.json or a file
// name is escaped where it enters the markup; links are percent-encoded relative paths.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

#include "pedtx/report/cohort.hpp"

namespace pedtx {

// The grid shows the most frequent alterations, at most this many rows; the rest are counted
// (cohort_matrix.tsv has them all).
constexpr std::size_t kCohortOncoprintRows = 30;
// Bars per chart (genes, drugs).
constexpr std::size_t kCohortChartBars = 15;

struct CohortHtmlContext {
    std::string tool_version;
    std::string generated_at;  // ISO date-time; empty with --no-timestamp (the file then has no date)
};

// cohort.html for the cohort: cohort.reports and cohort.members (in cohort order, each with
// its link set by link_reports_from). Tier I/II means IA, IB, IIC and IID, as in the cohort
// tables; tier III findings are counted in the summary but not drawn in the grid.
// Deterministic: the bytes depend only on the arguments (no locale, no clock).
std::string render_cohort_html(const CohortInputs& cohort, const CohortHtmlContext& context);

// The cohort outputs of `cohort` in out_dir (a batch run's, and `pedtx cohort`'s): the tables
// and summary, and cohort.html when html is given (links made relative to out_dir), else no
// cohort.html. Throws InputError on mixed knowledge bases unless allow_mixed_kb.
void write_cohort_folder(CohortInputs& cohort, const std::filesystem::path& out_dir, bool allow_mixed_kb,
                         const std::optional<CohortHtmlContext>& html);

}  // namespace pedtx
