// Translation of substitutions on the MANE transcript: the affected codons are read from the
// reference base by base through the coding positions (codons may straddle an intron), the
// ALT bases put in, both translated, and unchanged codons at either end dropped.
#include "pedtx/match/translation.hpp"

#include <string>
#include <vector>

#include "allele_bases.hpp"
#include "pedtx/core/hgvs.hpp"
#include "pedtx/match/transcript_position.hpp"

namespace pedtx {

namespace {

int base_index(char base) {
    switch (base) {
        case 'T':
            return 0;
        case 'C':
            return 1;
        case 'A':
            return 2;
        case 'G':
            return 3;
        default:
            return -1;
    }
}

char upper(char c) {
    return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

}  // namespace

char translate_codon(std::string_view codon) {
    // TCAG order: first base picks a block of 16, second of 4, third the residue.
    static constexpr std::string_view kCode = "FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG";
    if (codon.size() != 3) return 'X';
    const int a = base_index(upper(codon[0])), b = base_index(upper(codon[1])), c = base_index(upper(codon[2]));
    if (a < 0 || b < 0 || c < 0) return 'X';
    return kCode[static_cast<std::size_t>(a * 16 + b * 4 + c)];
}

std::optional<Translation> translate_substitution(const GeneLocus& locus, const ReferenceGenome& reference,
                                                  std::int64_t pos, std::string_view ref, std::string_view alt) {
    const std::size_t prefix = allele_bases::trim_shared_bases(ref, alt);
    if (ref.empty() || ref.size() != alt.size()) return std::nullopt;
    const std::int64_t start = pos + static_cast<std::int64_t>(prefix);
    const std::int64_t end = start + static_cast<std::int64_t>(ref.size()) - 1;

    const auto facts = transcript_facts(locus, start, ref, alt);
    if (!facts || !facts->in_cds || facts->cds_start < 1) return std::nullopt;
    // The VCF's REF against the reference first: a mismatch means another build or a bad record.
    const auto ref_bases = reference.bases(locus.chrom, start, end);
    if (!ref_bases) return std::nullopt;
    Translation out;
    for (std::size_t i = 0; i < ref.size(); ++i)
        if (upper(ref[i]) != (*ref_bases)[i]) out.ref_matches = false;
    if (!out.ref_matches) return out;

    const bool minus = locus.strand == '-';
    const std::int32_t first_codon = static_cast<std::int32_t>((facts->cds_start - 1) / 3 + 1);
    const std::int32_t last_codon = static_cast<std::int32_t>((facts->cds_end - 1) / 3 + 1);
    std::string ref_aa, alt_aa;
    for (std::int32_t codon = first_codon; codon <= last_codon; ++codon) {
        std::string ref_codon, alt_codon;
        for (std::int64_t c = 3LL * (codon - 1) + 1; c <= 3LL * codon; ++c) {
            const auto g = genomic_position_of_coding(locus, c);
            if (!g) return std::nullopt;
            const auto base = reference.bases(locus.chrom, *g, *g);
            if (!base) return std::nullopt;
            const char genomic_ref = (*base)[0];
            const char genomic_alt =
                *g >= start && *g <= end ? upper(alt[static_cast<std::size_t>(*g - start)]) : genomic_ref;
            ref_codon.push_back(minus ? allele_bases::complement(genomic_ref) : genomic_ref);
            alt_codon.push_back(minus ? allele_bases::complement(genomic_alt) : genomic_alt);
        }
        ref_aa.push_back(translate_codon(ref_codon));
        alt_aa.push_back(translate_codon(alt_codon));
    }
    if (ref_aa.find('X') != std::string::npos || alt_aa.find('X') != std::string::npos) return std::nullopt;

    // Drop unchanged residues at both ends.
    std::size_t lead = 0;
    while (lead < ref_aa.size() && ref_aa[lead] == alt_aa[lead]) ++lead;
    std::string text;
    if (lead == ref_aa.size()) {
        text = std::string(1, ref_aa[0]) + std::to_string(first_codon) + "=";
        out.variant_class = VariantClass::synonymous;
    } else {
        std::size_t tail = ref_aa.size();
        while (tail > lead && ref_aa[tail - 1] == alt_aa[tail - 1]) --tail;
        const std::int32_t from = first_codon + static_cast<std::int32_t>(lead);
        const std::string r = ref_aa.substr(lead, tail - lead), a = alt_aa.substr(lead, tail - lead);
        const auto stop = a.find('*');
        if (from == 1 && r[0] == 'M') {
            text = "M1?";
            out.variant_class = VariantClass::start_lost;
        } else if (stop != std::string::npos) {
            // The first new stop ends the protein: name it at its codon.
            text = std::string(1, r[stop]) + std::to_string(from + static_cast<std::int32_t>(stop)) + "*";
            out.variant_class = r[stop] == '*' ? VariantClass::synonymous : VariantClass::stop_gained;
        } else if (r[0] == '*') {
            text = "*" + std::to_string(from) + a.substr(0, 1) + "ext*?";
            out.variant_class = VariantClass::stop_lost;
        } else if (r.size() == 1) {
            text = r + std::to_string(from) + a;
            out.variant_class = VariantClass::missense;
        } else {
            text = r.substr(0, 1) + std::to_string(from) + "_" + r.substr(r.size() - 1) +
                   std::to_string(from + static_cast<std::int32_t>(r.size()) - 1) + "delins" + a;
            out.variant_class = VariantClass::missense;
        }
    }
    const auto parsed = parse_hgvsp("p." + text);
    if (!parsed) return std::nullopt;
    out.protein = *parsed;
    return out;
}

}  // namespace pedtx
