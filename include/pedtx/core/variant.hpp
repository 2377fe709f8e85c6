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

// Where an allele sits on a gene's MANE Select transcript, computed by pedtx from its own
// transcript tables (match/transcript_position.hpp), independently of any annotation.
enum class TranscriptRegion : std::uint8_t { exon, intron, upstream, downstream };
enum class IndelFrame : std::uint8_t { not_indel, inframe, frameshift, not_coding };

struct TranscriptFacts {
    std::string transcript;  // MANE Select RefSeq id the facts are on
    TranscriptRegion region = TranscriptRegion::upstream;
    std::int32_t exon = 0;        // exon the allele touches (first in transcript order); 0 if none
    std::int32_t intron = 0;      // intron number when the allele lies wholly in an intron
    std::int32_t exon_count = 0;  // exons of the transcript
    // Bases between the allele and the nearest exon-intron junction (1 = next to it, 0 = it
    // spans one); -1 when the transcript has one exon or the allele is outside it.
    std::int32_t splice_distance = -1;
    std::int32_t intron_offset = 0;  // HGVS-style offset of an intronic allele: +n donor side, -n acceptor side
    bool splice_site = false;        // touches intronic +/-1..2 or spans a junction
    bool splice_region = false;      // within exonic 1..3 / intronic 1..8 bases of a junction
    std::int32_t splice_exon = 0;    // exon whose donor/acceptor the splice site belongs to
    std::int64_t cds_start = 0;      // first / last coding position touched (c. numbering), 0 if none
    std::int64_t cds_end = 0;
    std::int32_t codon = 0;  // codon of cds_start; 0 if not coding
    bool in_cds = false;     // every touched base (both flanks of an insertion) is coding
    IndelFrame frame = IndelFrame::not_indel;
    std::int64_t indel_length = 0;                     // inserted minus deleted bases
    VariantClass variant_class = VariantClass::other;  // the class these facts alone give
    std::string hgvsc;                                 // c. notation on the MANE transcript (not 3'-shifted)
};

std::string_view to_string(TranscriptRegion region);
std::string_view to_string(IndelFrame frame);

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
    // pedtx's own facts on the gene's MANE Select transcript (knowledge-base genes only).
    std::optional<TranscriptFacts> facts;
    // What pedtx filled in that the annotation lacked: exon / class from the transcript
    // tables, the protein change from translating the reference (--reference).
    bool exon_from_tables = false;
    bool class_from_tables = false;
    bool protein_from_reference = false;
};

}  // namespace pedtx
