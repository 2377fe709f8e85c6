// Many samples from one MAF: the row loop. Each row becomes the same allele + annotated
// consequence the VCF record loop hands the matcher (pipeline/annotate.hpp), so protein
// changes, genomic keys and MANE-table facts are matched the same way.
#pragma once

#include <filesystem>
#include <vector>

#include "pedtx/kb/knowledgebase.hpp"
#include "pedtx/match/sample_result.hpp"
#include "pedtx/pipeline/annotate.hpp"

namespace pedtx {

// Reads the MAF once (streamed in batches of rows: read serially, matched in parallel, merged
// in file order, so the result is that of a serial loop at any thread count) and returns one
// result per entry of `samples`, in that order. samples: one SampleInput per
// Tumor_Sample_Barcode of the file (sample_id = the barcode; tumor type, age, fusions, cna from
// the caller); a row of a barcode not listed is an error. Memory holds each sample's findings and
// counts, not its rows: a MAF in any row order (grouped by sample or by position) is read in
// one pass. The build: --genome (options.genome), else the first NCBI_Build of the file; a row
// of another build is an error (or, with options.skip_bad_rows, counted and skipped).
// Throws InputError "FILE:LINE: ..." for a row that cannot be read (unless skip_bad_rows).
std::vector<SampleResult> annotate_maf(const std::filesystem::path& maf, const std::vector<SampleInput>& samples,
                                       const Knowledgebase& kb, const AnnotateOptions& options,
                                       const AnnotateHooks& hooks = {});

}  // namespace pedtx
