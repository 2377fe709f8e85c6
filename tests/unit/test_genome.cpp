// Contig naming and genome-build detection.
#include <catch2/catch.hpp>

#include "pedtx/core/genome.hpp"

using namespace pedtx;

TEST_CASE("chr-prefixed, bare and mitochondrial contig names map to one index", "[genome]") {
    CHECK(chrom_index("chr1") == 1);
    CHECK(chrom_index("1") == 1);
    CHECK(chrom_index("CHR10") == 10);
    CHECK(chrom_index("chrX") == 23);
    CHECK(chrom_index("Y") == 24);
    CHECK(chrom_index("chrM") == 25);
    CHECK(chrom_index("MT") == 25);
    CHECK(chrom_index("chr22") == 22);
    CHECK(chrom_index("chr23") == kNoChrom);
    CHECK(chrom_index("GL000207.1") == kNoChrom);
    CHECK(chrom_index("chr1_KI270706v1_random") == kNoChrom);
    CHECK(chrom_index("") == kNoChrom);
    CHECK(chrom_name(25) == "MT");
}

TEST_CASE("the build follows from primary contig lengths", "[genome]") {
    CHECK(build_from_contig_length(1, 249250621) == GenomeBuild::GRCh37);
    CHECK(build_from_contig_length(1, 248956422) == GenomeBuild::GRCh38);
    CHECK(build_from_contig_length(7, 159138663) == GenomeBuild::GRCh37);
    CHECK(build_from_contig_length(7, 159345973) == GenomeBuild::GRCh38);
    CHECK_FALSE(build_from_contig_length(1, 1000));
    CHECK_FALSE(build_from_contig_length(25, 16569));
}

TEST_CASE("the build follows from a ##reference name", "[genome]") {
    CHECK(build_from_reference_name("file:///ref/Homo_sapiens_assembly38.fasta") == GenomeBuild::GRCh38);
    CHECK(build_from_reference_name("file:///ref/GRCh38.d1.vd1.fa") == GenomeBuild::GRCh38);
    CHECK(build_from_reference_name("hg19") == GenomeBuild::GRCh37);
    CHECK(build_from_reference_name("/data/human_g1k_v37.fasta") == GenomeBuild::GRCh37);
    CHECK(build_from_reference_name("hs37d5.fa") == GenomeBuild::GRCh37);
    CHECK(parse_genome_build("grch38") == GenomeBuild::GRCh38);
    CHECK(parse_genome_build("b37") == GenomeBuild::GRCh37);
    CHECK_FALSE(parse_genome_build("hg18"));
    CHECK_FALSE(build_from_reference_name("file:///ref/genome.fa"));
}
