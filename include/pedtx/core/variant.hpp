// The variant model: one tumor allele with its consequence on one transcript,
// normalised so that knowledge-base rules can be matched without strings.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "pedtx/core/genome.hpp"

namespace pedtx {

// Variant classes as knowledge-base rules name them (see knowledgebase/FORMAT.md).
enum class VariantClass : std::uint8_t {
    missense,
    stop_gained,
    frameshift,
    inframe_deletion,
    inframe_insertion,
    inframe_delins,
    splice,
    start_lost,
    stop_lost,
    synonymous,
    intronic,
    utr,
    noncoding,
    other,
};

std::string_view to_string(VariantClass cls);
std::optional<VariantClass> parse_variant_class(std::string_view name);
// True for classes that change the protein (or its splicing).
bool is_protein_altering(VariantClass cls);
// Truncating classes used by loss-of-function rules.
bool is_truncating(VariantClass cls);

// A protein change in 1-letter notation, e.g. V600E, E746_A750del, R97Pfs*23.
struct ProteinChange {
    std::string normalized;   // canonical 1-letter string without "p."; empty when unknown
    char ref_aa = 0;          // first reference residue ('*' for stop), 0 if unknown
    std::int32_t start = 0;   // first affected codon, 0 if unknown
    std::int32_t end = 0;     // last affected codon (== start for single-codon changes)
    std::string alt;          // alternative residue(s) for substitutions
    bool synonymous = false;
};

// One tumor allele with its selected transcript consequence.
struct Variant {
    // Genomic allele as written in the VCF (after splitting multi-allelic records).
    std::string chrom;  // as written in the file
    ChromIndex chrom_index = kNoChrom;
    std::int64_t pos = 0;  // 1-based
    std::string ref;
    std::string alt;
    std::string filter;  // "PASS" or the failing filters joined by ';'
    // Tumor read support; negative when the caller did not write it.
    double vaf = -1;
    std::int32_t depth = -1;
    std::int32_t alt_reads = -1;
    // Consequence on the selected transcript; empty when the file has no annotation.
    std::string gene;
    std::string transcript;
    std::string transcript_selection;  // mane_select, canonical, first_protein_coding, ...
    std::string consequence;           // as the annotator wrote it (SO terms joined by '&')
    VariantClass variant_class = VariantClass::other;
    std::string hgvsc;
    std::string hgvsp;  // as written (without the protein accession prefix)
    ProteinChange protein;
    std::int32_t exon = 0;  // exon number on the selected transcript; 0 if not in an exon
    std::string annotation_source;  // VEP, SnpEff, bcftools_csq, or empty
};

}  // namespace pedtx
