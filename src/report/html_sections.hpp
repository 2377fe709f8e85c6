// Private to the per-sample HTML report (html.cpp: the page, its style sheet and the QC and
// methods section; html_findings.cpp: the summary and the findings with their evidence).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "pedtx/kb/knowledgebase.hpp"
#include "pedtx/match/sample_result.hpp"
#include "pedtx/report/html_common.hpp"

namespace pedtx::html_detail {

// Shorthand: escaped text.
inline std::string esc(std::string_view text) {
    return html_escape(text);
}

// value printed with a printf format ("%.1f%%"), in the C locale's digits.
std::string format_number(double value, const char* format);

// The summary section: therapy options (tiers IA, IB, IIC: is_therapy_option), resistance
// warnings, findings per tier and the legend.
void render_summary(std::string& out, const SampleResult& result);

// One finding as an <article>: its variant, fusion, copy-number call or measurement, notes and
// the evidence table. number: its place in the report (the anchor finding-N).
void render_finding(std::string& out, const Finding& finding, std::size_t number, const Knowledgebase& kb,
                    const std::string& sample_tumor_type);

}  // namespace pedtx::html_detail
