// Private to the per-sample reports: the germline (pharmacogenomics) parts of the JSON, TSV and
// HTML reports, written by germline_report.cpp and placed by report.cpp and html.cpp.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "pedtx/match/sample_result.hpp"

namespace pedtx::germline_report {

// "germline": {status, source, not_assessed_reason, sex, sex_source, notes}.
nlohmann::ordered_json germline_json(const GermlineResult& germline);
// "pharmacogenomics": one object per gene (empty when not assessed).
nlohmann::ordered_json pharmacogenomics_json(const GermlineResult& germline);
// TSV comment lines ("# pharmacogenomics\t..."), a header line and one line per gene and drug.
std::string pharmacogenomics_tsv(const SampleResult& result);
// The HTML section (id "pharmacogenomics"), every string escaped.
std::string pharmacogenomics_html(const GermlineResult& germline);

}  // namespace pedtx::germline_report
