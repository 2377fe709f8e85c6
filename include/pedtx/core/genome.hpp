// Genome builds and chromosome naming. Contig names in VCFs come as "chr1",
// "1", "CHR1", "chrM" or "MT"; pedtx maps them all to one canonical index.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pedtx {

enum class GenomeBuild { GRCh37, GRCh38 };

std::string_view to_string(GenomeBuild build);
// Accepts GRCh37, hg19, b37, GRCh38, hg38 (case-insensitive).
std::optional<GenomeBuild> parse_genome_build(std::string_view text);

// Canonical chromosome index: 1..22, 23 = X, 24 = Y, 25 = MT. 0 = not a primary chromosome.
using ChromIndex = std::uint8_t;
constexpr ChromIndex kNoChrom = 0;
constexpr ChromIndex kChromCount = 26;

ChromIndex chrom_index(std::string_view contig_name);

// A, C, G, T or N, in either case: the letters an allele of a VCF or MAF may hold (IUPAC
// ambiguity codes, which a few reference bases carry, are the callers' own concern).
constexpr bool is_nucleotide_letter(char c) {
    switch (c) {
        case 'A':
        case 'C':
        case 'G':
        case 'T':
        case 'N':
        case 'a':
        case 'c':
        case 'g':
        case 't':
        case 'n':
            return true;
        default:
            return false;
    }
}
// "1".."22", "X", "Y", "MT".
std::string_view chrom_name(ChromIndex index);

// Build from a primary contig's length (chr1, chrX, ...), when the length
// tells the builds apart.
std::optional<GenomeBuild> build_from_contig_length(ChromIndex chrom, std::int64_t length);
// Build from a ##reference value such as "file:///refs/GRCh38.fa" or "hg19".
std::optional<GenomeBuild> build_from_reference_name(std::string_view reference);
// A reference another than GRCh37/GRCh38 named in a ##reference value ("NCBI36", "GRCm38",
// "danRer11", "MN908947.3", ...): the token that names it; nullopt when none does.
std::optional<std::string> other_reference_name(std::string_view reference);

// What a VCF header says about its reference, for build detection.
struct HeaderContig {
    std::string name;
    std::int64_t length = 0;  // 0 = no length given (2^31-1, htslib's "unknown" placeholder, counts as none)
};
struct HeaderReferenceLine {
    std::string key;  // reference, assembly, genome_build
    std::string value;
};

// What the header says: one human build, a reference that is not GRCh37/GRCh38 (non-human,
// toy, NCBI36, T2T, or lengths from both builds), or nothing that tells.
enum class BuildVerdict { grch37, grch38, not_grch37_or_grch38, unknown };

struct BuildAssessment {
    BuildVerdict verdict = BuildVerdict::unknown;
    // Where the build came from ("##contig lengths", "##reference"), or for not_grch37_or_grch38
    // and unknown what was found and why it matched no human build (the contig and its length).
    std::string reason;
    std::optional<GenomeBuild> build() const;
};

// Contig lengths decide first: a primary chromosome (1-22, X, Y, by name or RefSeq NC_0000nn
// accession) whose length is neither build's, or lengths from both builds, is a contradiction;
// decoy, alt, HLA, unplaced and mitochondrial contigs are not looked at. Without a telling
// length, ##reference / ##assembly decide; then a header whose contigs are all non-human is
// refused; else unknown.
BuildAssessment assess_genome_build(const std::vector<HeaderContig>& contigs,
                                    const std::vector<HeaderReferenceLine>& references);

}  // namespace pedtx
