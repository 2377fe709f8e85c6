// The sample sheet: one row per sample (tab-separated, columns read by name).
#pragma once

#include <filesystem>
#include <vector>

#include "pedtx/kb/tumor_types.hpp"
#include "pedtx/match/sample_result.hpp"

namespace pedtx {

// Reads a tab-separated sample sheet (header: sample_id, vcf, and optional tumor_type,
// age_years, vcf_sample). Relative paths resolve against the sheet's folder. Throws
// InputError "FILE:LINE: ..." naming the column, before any work starts.
// With require_vcf false (metadata for --all-samples) the vcf column may be absent.
std::vector<SampleInput> read_sample_sheet(const std::filesystem::path& sheet, const TumorTypeTree& tumor_types,
                                           bool require_vcf = true);

}  // namespace pedtx
