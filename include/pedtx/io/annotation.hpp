// Consequence annotations written by VEP (CSQ, or any tag whose header
// description carries "Format: ...|Consequence|..."), SnpEff (ANN and old EFF),
// bcftools csq (BCSQ), GATK Funcotator (FUNCOTATION) and HMF PAVE (IMPACT):
// header-driven field layout, allele matching, consequence classes and
// transcript selection.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pedtx/core/variant.hpp"

namespace pedtx {

enum class AnnotationFormat { none, vep, snpeff_ann, snpeff_eff, bcftools_csq, funcotator, pave };
std::string_view to_string(AnnotationFormat format);

// Where each field sits in one '|'-separated annotation entry. -1 = absent.
struct AnnotationLayout {
    AnnotationFormat format = AnnotationFormat::none;
    std::string tag;  // INFO tag holding the annotation
    int allele = -1;
    int allele_num = -1;
    int consequence = -1;
    int gene = -1;
    int transcript = -1;
    int biotype = -1;
    int exon = -1;
    int hgvsc = -1;
    int hgvsp = -1;
    int canonical = -1;
    int mane_select = -1;  // VEP MANE_SELECT (value = NM id) or MANE (value contains MANE_Select)
    int protein_bcsq = -1;
    int dna_bcsq = -1;
    int protein_position = -1;  // VEP Protein_position, SnpEff ANN AA.pos / AA.length
    int amino_acids = -1;       // VEP Amino_acids ("R/H")
    // Said once per input about the annotation: one that was found and not used, or one that can
    // be read only for some records (a VEP Format without Allele). Empty when all is read.
    std::vector<std::string> notes;
};

// One INFO header line, as the reader hands it over.
struct InfoHeaderLine {
    std::string id;
    std::string description;
};

// Picks the annotation among the file's INFO definitions (VEP > SnpEff ANN >
// bcftools csq > SnpEff EFF > Funcotator > PAVE) and reads its field layout from the
// description; notes what it found and could not use (ANNOVAR, a Funcotator or PAVE tag
// without its field list).
AnnotationLayout detect_annotation_layout(const std::vector<InfoHeaderLine>& info_lines);

// Layout of a VEP "Format: A|B|C" description; nullopt when it is not one.
std::optional<AnnotationLayout> vep_layout_from_description(std::string_view tag, std::string_view description);

// One transcript consequence; views point into the INFO string being parsed.
struct TranscriptConsequence {
    std::string_view allele;
    std::int32_t allele_num = -1;
    std::string_view consequence;
    std::string_view gene;
    std::string_view transcript;
    std::string_view biotype;
    std::string_view exon;
    std::string_view hgvsc;
    std::string_view hgvsp;
    std::string_view protein_bcsq;
    std::string_view dna_bcsq;
    std::string_view protein_position;
    std::string_view amino_acids;
    bool canonical = false;
    bool mane_select = false;
};

// Splits an annotation INFO value into entries (',' then '|', EFF's "Effect(a|b|..)"),
// calling on_entry for each. Entries with too few fields are skipped.
void for_each_consequence(std::string_view info_value, const AnnotationLayout& layout,
                          const std::function<void(const TranscriptConsequence&)>& on_entry);

// The allele string VEP writes for an ALT: VEP trims the first base when it is
// shared by REF and every ALT, and writes "-" for an empty allele.
std::string vep_allele(std::string_view ref, const std::vector<std::string_view>& alts, std::size_t alt_index);

// Does this entry describe the given ALT (1-based allele index) of the record?
bool consequence_matches_allele(const TranscriptConsequence& entry, const AnnotationLayout& layout,
                                std::string_view ref, const std::vector<std::string_view>& alts, std::size_t alt_index);

// The most severe variant class among the '&'/'+'-joined consequence terms
// (Sequence Ontology names, SnpEff names, bcftools csq names, legacy EFF names).
VariantClass classify_consequence(std::string_view consequence);

// Exon number from "15/18" (VEP EXON, SnpEff Rank); 0 when absent.
std::int32_t parse_exon_number(std::string_view exon_field);

// Strips an accession prefix ("ENST0001.2:c.1799T>A" -> "c.1799T>A") and percent-escapes.
std::string strip_hgvs_prefix(std::string_view hgvs);

}  // namespace pedtx
