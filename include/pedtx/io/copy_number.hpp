// Copy-number inputs: segment files (chrom, start, end, copy number or log2 ratio;
// PCGR's nMajor/nMinor), gene-level tables (cBioPortal / oncokb-annotator CNA
// matrix with -2..2, or "gene call" lists), read by column name.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pedtx {

struct CopyNumberSegment {
    std::string chrom;
    std::int64_t start = 0;  // 1-based closed
    std::int64_t end = 0;
    double copy_number = 0;
    std::string source;        // segments, vcf_symbolic
    std::string record;        // FILE:LINE or chrom:pos ID
    std::int32_t probes = -1;  // probes / bins the caller segmented over; -1 when not given
};

struct GeneCopyNumber {
    std::string gene;
    int level = 0;  // -2 deep deletion, -1 loss, 1 gain, 2 amplification
    std::string record;
};

struct CopyNumberInput {
    std::string format;  // segments, gene_matrix, gene_calls
    std::vector<CopyNumberSegment> segments;
    std::vector<GeneCopyNumber> genes;
    std::vector<std::string> warnings;
};

// The sample's own rows of a multi-sample file: sample_id picks the column of a gene matrix
// and the rows of a segment file (SEG "ID" / sample column) or a long gene table; cna_sample,
// when given (--cna-sample, sheet column cna_sample), is the id to look for instead. A file
// with one sample id is used whatever its id (a warning says so, unless cna_sample was given);
// a file with several ids and none matching is refused with the ids listed.
// Throws InputError "FILE:LINE: ..." / "FILE: ...".
CopyNumberInput read_copy_number_file(const std::filesystem::path& path, const std::string& sample_id,
                                      double ploidy = 2.0, const std::string& cna_sample = {});

}  // namespace pedtx
