// Where a gene lies on a genome build, with its transcript structure.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "pedtx/core/genome.hpp"

namespace pedtx {

// One gene on one build: its span and its MANE Select transcript (knowledge-base genes from the
// bundled tables; any gene from a --gene-annotation file).
struct GeneLocus {
    std::string symbol;
    ChromIndex chrom = kNoChrom;
    std::int64_t span_start = 0;  // union of the gene's transcripts, 1-based closed
    std::int64_t span_end = 0;
    char strand = '+';
    std::string mane_refseq;
    std::string mane_ensembl;
    // MANE Select transcript structure, exons in transcript order (5' -> 3'), 1-based closed.
    std::int64_t tx_start = 0;
    std::int64_t tx_end = 0;
    // Coding sequence, genomic 1-based closed (cds_start < cds_end whatever the strand); 0 if
    // non-coding. The coding part of exon i is exons[i] intersected with [cds_start, cds_end].
    std::int64_t cds_start = 0;
    std::int64_t cds_end = 0;
    std::vector<std::pair<std::int64_t, std::int64_t>> exons;
};

}  // namespace pedtx
