// Which of an allele's annotated transcript consequences pedtx reports: one per gene, the MANE
// Select transcript first, and the Variant fields filled from it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pedtx/core/variant.hpp"
#include "pedtx/io/annotation.hpp"

namespace pedtx {

// Transcript preference: lower is better. mane_ids are the knowledge base's
// MANE Select transcript ids for the gene (versions ignored).
enum class TranscriptRank : std::uint8_t { mane_select = 0, canonical, protein_coding, other };
std::string_view to_string(TranscriptRank rank);
TranscriptRank rank_transcript(const TranscriptConsequence& entry, const std::vector<std::string>& mane_ids);

// Fills a Variant's consequence fields from one selected entry.
void apply_consequence(const TranscriptConsequence& entry, const AnnotationLayout& layout, TranscriptRank rank,
                       Variant& variant);

// The genes a transcript choice reports (a gene name or alias to its symbol; nullopt for genes
// not of interest) and their MANE Select transcript ids. The knowledge base answers it.
class GeneCatalog {
public:
    virtual ~GeneCatalog() = default;
    virtual std::optional<std::string_view> canonical_gene(std::string_view name) const = 0;
    virtual const std::vector<std::string>& mane_transcripts(std::string_view symbol) const = 0;
};

// Transcript choice for one allele: of the annotation entries (info_value: the record's CSQ /
// ANN / BCSQ / ... value) that are for this allele (alleles: REF then ALTs; alt_index: 1-based)
// and a catalog gene, the best ranked one per gene (MANE Select first; the first of equals),
// applied to a copy of `allele`, genes in the order first met.
std::vector<Variant> best_consequence_per_gene(std::string_view info_value, const AnnotationLayout& layout,
                                               const std::vector<std::string_view>& alleles, std::size_t alt_index,
                                               const Variant& allele, const GeneCatalog& genes);

}  // namespace pedtx
