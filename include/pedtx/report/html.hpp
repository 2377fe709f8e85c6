// The tumor-board HTML report: one self-contained HTML5 file per sample
// (inline CSS and SVG, no script, nothing fetched), readable on screen and
// printed on A4 or Letter. Every string from an input file or the knowledge
// base is HTML-escaped; links come only from knowledge-base ids and http(s) URLs.
#pragma once

#include <string>
#include <string_view>

#include "pedtx/kb/knowledgebase.hpp"
#include "pedtx/pipeline/annotate.hpp"
#include "pedtx/report/html_common.hpp"  // html_escape
#include "pedtx/report/report.hpp"

namespace pedtx {

// The whole report as UTF-8 HTML. Deterministic: with an empty context.generated_at
// the output carries no date, and the same inputs give the same bytes.
std::string sample_report_html(const SampleResult& result, const Knowledgebase& kb, const ReportContext& context);

// The link target of a reference, or "" when it has none: PubMed for a pmid (digits),
// ClinicalTrials.gov for an NCT id (NCT + 8 digits), the url field of a label when it is
// an http(s) URL; guidelines have none. Not yet HTML-escaped.
std::string reference_url(const Reference& reference);

// True for an absolute http:// or https:// URL without spaces, quotes or control characters.
bool is_http_url(std::string_view url);

}  // namespace pedtx
