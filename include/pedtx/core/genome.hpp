// Genome builds and chromosome naming. Contig names in VCFs come as "chr1",
// "1", "CHR1", "chrM" or "MT"; pedtx maps them all to one canonical index.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

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
// "1".."22", "X", "Y", "MT".
std::string_view chrom_name(ChromIndex index);

// Build from a primary contig's length (chr1, chrX, ...), when the length
// tells the builds apart.
std::optional<GenomeBuild> build_from_contig_length(ChromIndex chrom, std::int64_t length);
// Build from a ##reference value such as "file:///refs/GRCh38.fa" or "hg19".
std::optional<GenomeBuild> build_from_reference_name(std::string_view reference);

}  // namespace pedtx
