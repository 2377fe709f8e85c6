// Transcript ranking and choice.
#include "pedtx/io/transcript_choice.hpp"

#include <algorithm>
#include <utility>

#include "pedtx/core/hgvs.hpp"
#include "pedtx/util/text.hpp"

namespace pedtx {

namespace {

std::string_view strip_version(std::string_view id) {
    const auto dot = id.find('.');
    return dot == std::string_view::npos ? id : id.substr(0, dot);
}

}  // namespace

std::string_view to_string(TranscriptRank rank) {
    switch (rank) {
        case TranscriptRank::mane_select:
            return "mane_select";
        case TranscriptRank::canonical:
            return "canonical";
        case TranscriptRank::protein_coding:
            return "first_protein_coding";
        default:
            return "first_listed";
    }
}

TranscriptRank rank_transcript(const TranscriptConsequence& entry, const std::vector<std::string>& mane_ids) {
    if (entry.mane_select) return TranscriptRank::mane_select;
    const auto id = strip_version(entry.transcript);
    for (const auto& mane : mane_ids)
        if (!id.empty() && strip_version(mane) == id) return TranscriptRank::mane_select;
    if (entry.canonical) return TranscriptRank::canonical;
    if (iequals(entry.biotype, "protein_coding") || iequals(entry.biotype, "Coding"))
        return TranscriptRank::protein_coding;
    return TranscriptRank::other;
}

void apply_consequence(const TranscriptConsequence& entry, const AnnotationLayout& layout, TranscriptRank rank,
                       Variant& variant) {
    variant.transcript = std::string(entry.transcript);
    variant.transcript_selection = std::string(to_string(rank));
    variant.consequence = std::string(entry.consequence);
    variant.variant_class = classify_consequence(entry.consequence);
    variant.annotation_source = std::string(to_string(layout.format));
    variant.hgvsc = entry.hgvsc.empty() ? std::string{} : strip_hgvs_prefix(entry.hgvsc);
    variant.hgvsp = entry.hgvsp.empty() ? std::string{} : strip_hgvs_prefix(entry.hgvsp);
    variant.exon = variant.variant_class == VariantClass::intronic ? 0 : parse_exon_number(entry.exon);
    variant.protein = {};
    std::optional<ProteinChange> change;
    if (!entry.protein_bcsq.empty())
        change = parse_bcsq_protein(entry.protein_bcsq);
    else if (!variant.hgvsp.empty())
        change = parse_hgvsp(variant.hgvsp);
    // VEP without --hgvs (its default) writes no HGVSp: build the change from Protein_position
    // and Amino_acids. SnpEff without HGVS.p still gives the codon (AA.pos).
    if (!change && !entry.protein_position.empty()) {
        if (!entry.amino_acids.empty()) {
            change = protein_change_from_positions(entry.protein_position, entry.amino_acids,
                                                   variant.variant_class == VariantClass::frameshift);
        } else if (layout.format == AnnotationFormat::snpeff_ann && is_protein_altering(variant.variant_class)) {
            std::string_view position = entry.protein_position.substr(0, entry.protein_position.find('/'));
            std::int32_t codon = 0;
            if (parse_int32(position, codon) && codon > 0) variant.protein.start = variant.protein.end = codon;
        }
    }
    if (change) {
        variant.protein = *change;
        if (variant.hgvsp.empty()) variant.hgvsp = "p." + change->normalized;
        // A frameshift written as a substitution by some annotators stays a frameshift.
        if (change->synonymous && variant.variant_class == VariantClass::other)
            variant.variant_class = VariantClass::synonymous;
    }
    if (layout.format == AnnotationFormat::snpeff_eff && variant.variant_class == VariantClass::other)
        variant.variant_class = classify_consequence(entry.consequence);
}

std::vector<Variant> best_consequence_per_gene(std::string_view info_value, const AnnotationLayout& layout,
                                               const std::vector<std::string_view>& alleles, std::size_t alt_index,
                                               const Variant& allele, const GeneCatalog& genes) {
    std::vector<Variant> variants;
    if (layout.format == AnnotationFormat::none || info_value.empty()) return variants;
    const std::vector<std::string_view> alts(alleles.begin() + 1, alleles.end());
    struct Best {
        TranscriptRank rank;
        Variant variant;
    };
    std::vector<std::pair<std::string, Best>> best_by_gene;
    for_each_consequence(info_value, layout, [&](const TranscriptConsequence& entry) {
        const auto gene = genes.canonical_gene(entry.gene);
        if (!gene) return;
        if (!consequence_matches_allele(entry, layout, alleles[0], alts, alt_index)) return;
        const TranscriptRank rank = rank_transcript(entry, genes.mane_transcripts(*gene));
        auto it = std::find_if(best_by_gene.begin(), best_by_gene.end(),
                               [&](const auto& pair) { return pair.first == *gene; });
        if (it != best_by_gene.end() && it->second.rank <= rank) return;
        Variant variant = allele;
        variant.gene = std::string(*gene);
        apply_consequence(entry, layout, rank, variant);
        if (it == best_by_gene.end())
            best_by_gene.emplace_back(std::string(*gene), Best{rank, std::move(variant)});
        else
            it->second = Best{rank, std::move(variant)};
    });
    for (auto& [gene, best] : best_by_gene) variants.push_back(std::move(best.variant));
    return variants;
}

}  // namespace pedtx
