// The samples of a MAF run: one per Tumor_Sample_Barcode, with tumor type and age from a
// cBioPortal clinical sample file (--clinical) or a sample sheet (--samples), and the cohort's
// fusion / copy-number files (--fusions, --cna: cBioPortal data_sv.txt / data_fusions.txt /
// data_cna.txt) given to each sample they name.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "pedtx/kb/tumor_types.hpp"
#include "pedtx/match/sample_result.hpp"

namespace pedtx {

// One sample row of a cBioPortal clinical sample file.
struct ClinicalSample {
    std::string sample_id;
    std::string oncotree_code;  // as written; empty when not given
    std::optional<double> age_years;
    long line = 0;
};

// Reads a cBioPortal clinical sample file (data_clinical_sample.txt: the four '#' metadata lines,
// then a header with SAMPLE_ID and optional ONCOTREE_CODE, AGE / AGE_AT_DIAGNOSIS (years) or
// AGE_IN_DAYS; columns by name; a header repeated mid-file is skipped). Throws InputError
// "FILE:LINE: ..." for a file without SAMPLE_ID, a duplicate sample or an age that is not a
// number ("NA" and blank: not known).
std::vector<ClinicalSample> read_clinical_samples(const std::filesystem::path& clinical);

// The cohort-wide values a MAF run gives its samples.
struct MafCohortInputs {
    std::filesystem::path maf;
    std::filesystem::path clinical;   // --clinical
    std::vector<SampleInput> sheet;   // --samples rows (metadata: no vcf column needed)
    std::filesystem::path fusions;    // --fusions
    std::filesystem::path cna;        // --cna
    std::string tumor_type;           // --tumor-type, for every sample without its own
    std::optional<double> age_years;  // --age, likewise
};

struct MafSamples {
    std::vector<SampleInput> inputs;            // one per id, in the order given
    std::map<std::string, std::string> errors;  // sample id -> why it cannot be reported (unknown OncoTree code)
    std::vector<std::string> warnings;          // "FILE: ..." said once (samples without a tumor type, ...)
};

// The inputs of the MAF's samples (ids: Tumor_Sample_Barcode values in file order). An unknown
// OncoTree code fails that sample only (errors); a sample without one is reported with a warning.
// The cohort fusion file goes to the samples it names (all of them for a one-sample table and
// a one-sample MAF); the copy-number matrix to the samples that have a column in it.
MafSamples maf_sample_inputs(const std::vector<std::string>& ids, const MafCohortInputs& cohort,
                             const TumorTypeTree& tumor_types);

}  // namespace pedtx
