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

TEST_CASE("non-human, toy and other-build headers are told apart from GRCh37/GRCh38 ones", "[genome]") {
    const auto verdict = [](std::vector<HeaderContig> contigs, std::vector<HeaderReferenceLine> refs = {}) {
        return assess_genome_build(contigs, refs);
    };
    // Maize B73, mouse GRCm38, zebrafish GRCz11: chromosome names that look human, other lengths.
    auto maize = verdict({{"1", 307041717}, {"2", 244442276}});
    CHECK(maize.verdict == BuildVerdict::not_grch37_or_grch38);
    CHECK(maize.reason.find("##contig 1 has length 307041717") != std::string::npos);
    CHECK(verdict({{"chr1", 195471971}}).verdict == BuildVerdict::not_grch37_or_grch38);
    CHECK(verdict({{"1", 59578282}}).verdict == BuildVerdict::not_grch37_or_grch38);
    // A 5-kb demo contig named like a human chromosome.
    CHECK(verdict({{"chr7", 5000}}).verdict == BuildVerdict::not_grch37_or_grch38);
    // A viral genome: no human contig at all.
    auto viral = verdict({{"MN908947.3", 29903}});
    CHECK(viral.verdict == BuildVerdict::not_grch37_or_grch38);
    CHECK(viral.reason.find("MN908947.3, length 29903") != std::string::npos);
    // Lengths from both builds.
    CHECK(verdict({{"chr1", 249250621}, {"chr7", 159345973}}).verdict == BuildVerdict::not_grch37_or_grch38);
    // ##reference naming another assembly, when no contig length tells.
    CHECK(verdict({}, {{"reference", "1000GenomesPilot-NCBI36"}}).verdict == BuildVerdict::not_grch37_or_grch38);
    CHECK(verdict({{"7", 0}}, {{"reference", "file:///ref/Mus_musculus.GRCm38.dna.fa"}}).verdict ==
          BuildVerdict::not_grch37_or_grch38);
    CHECK(verdict({}, {{"reference", "danRer11"}}).verdict == BuildVerdict::not_grch37_or_grch38);
    CHECK(verdict({}, {{"reference", "chm13v2.0.fa"}}).verdict == BuildVerdict::not_grch37_or_grch38);
    // Whole tokens only: "archive" holds "hiv" but names no virus.
    CHECK(verdict({}, {{"reference", "file:///archive/ref.fa"}}).verdict == BuildVerdict::unknown);
}

TEST_CASE("real human headers keep their build: partial lists, hg19/b37 naming, decoys, alt, HLA", "[genome]") {
    // hg19: chrM of 16571, unplaced and haplotype contigs.
    CHECK(assess_genome_build({{"chr7", 159138663}, {"chrM", 16571}, {"chrUn_gl000220", 161802},
                               {"chr17_ctg5_hap1", 1680828}},
                              {})
              .build() == GenomeBuild::GRCh37);
    // b37 / hs37d5: MT of 16569, GL contigs, the decoy and EBV.
    CHECK(assess_genome_build({{"7", 159138663}, {"MT", 16569}, {"GL000192.1", 547496}, {"hs37d5", 35477943},
                               {"NC_007605", 171823}},
                              {})
              .build() == GenomeBuild::GRCh37);
    // GRCh38 analysis set: chrUn, _random, _alt, HLA and decoy contigs.
    CHECK(assess_genome_build({{"chr1", 248956422}, {"chrUn_KI270302v1", 2274}, {"chr1_KI270706v1_random", 175055},
                               {"chr6_GL000250v2_alt", 4672374}, {"HLA-A*01:01:01:01", 3503}, {"chrEBV", 171823},
                               {"chrUn_JTFH01000001v1_decoy", 25139}},
                              {})
              .build() == GenomeBuild::GRCh38);
    // RefSeq accessions as contig names.
    CHECK(assess_genome_build({{"NC_000007.14", 159345973}}, {}).build() == GenomeBuild::GRCh38);
    // 2^31-1 is htslib's "length unknown"; ##reference then decides.
    CHECK(assess_genome_build({{"1", 2147483647}}, {{"reference", "file://some/path/human_g1k_v37.fasta"}}).build() ==
          GenomeBuild::GRCh37);
    // Lengthless contigs and an unnamed reference: unknown, saying what was found.
    const auto unknown = assess_genome_build({{"chr7", 0}}, {{"reference", "file:///data/ref.fa"}});
    CHECK(unknown.verdict == BuildVerdict::unknown);
    CHECK(unknown.reason.find("without a length (chr7)") != std::string::npos);
    CHECK(unknown.reason.find("##reference=file:///data/ref.fa names no build") != std::string::npos);
    // Lengthless human-named contigs beside lengthed odd ones (hts-specs passed_meta_contig.vcf): unknown.
    CHECK(assess_genome_build({{"1", 0}, {"ABcd123", 123456}}, {}).verdict == BuildVerdict::unknown);
}
