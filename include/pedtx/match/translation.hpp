// Protein changes of substitutions (SNVs, MNVs) in a knowledge-base gene, translated from the
// reference FASTA on the gene's MANE Select transcript (--reference), so that codon and
// protein-change rules match VCFs that carry no annotation.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "pedtx/core/variant.hpp"
#include "pedtx/io/reference_genome.hpp"
#include "pedtx/kb/knowledgebase.hpp"

namespace pedtx {

// The standard genetic code; 'X' for a codon with a base other than A, C, G, T.
char translate_codon(std::string_view codon);

struct Translation {
    ProteinChange protein;  // as parse_hgvsp gives it ("V600E", "R213*", "V600=", ...)
    VariantClass variant_class = VariantClass::other;
    bool ref_matches = true;  // false: the reference disagrees with the VCF's REF (nothing translated)
};

// Translates a substitution (REF and ALT of equal length after trimming shared bases) whose
// changed bases all lie in the coding sequence. nullopt for any other allele, or when the
// reference lacks a base; a Translation with ref_matches == false when REF is not the reference.
std::optional<Translation> translate_substitution(const GeneLocus& locus, const ReferenceGenome& reference,
                                                  std::int64_t pos, std::string_view ref, std::string_view alt);

}  // namespace pedtx
