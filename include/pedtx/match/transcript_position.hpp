// Where a VCF allele sits on a knowledge-base gene's MANE Select transcript, from pedtx's own
// transcript tables (knowledgebase/gene_table.<build>.tsv): exon or intron, splice distance,
// coding position and codon, indel frame, and the variant class these facts alone give. They
// fill what an annotation lacks (bcftools csq writes no exon; bare caller VCFs have nothing).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "pedtx/core/variant.hpp"
#include "pedtx/kb/knowledgebase.hpp"

namespace pedtx {

// Facts of one allele as written in the VCF (1-based pos, REF, one ALT; anchor bases and shared
// suffixes are trimmed here) on the locus's MANE transcript. nullopt when the locus has no exon
// structure or REF and ALT are the same.
std::optional<TranscriptFacts> transcript_facts(const GeneLocus& locus, std::int64_t pos, std::string_view ref,
                                                std::string_view alt);

// Genomic position (1-based) of coding position c.N (N >= 1) on the locus; nullopt beyond the CDS
// or for a non-coding locus.
std::optional<std::int64_t> genomic_position_of_coding(const GeneLocus& locus, std::int64_t coding_position);

// Length of the coding sequence (stop codon included); 0 for a non-coding locus.
std::int64_t coding_length(const GeneLocus& locus);

}  // namespace pedtx
