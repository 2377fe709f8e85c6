// The htslib reader: formats, tumor-sample choice, build detection, read support.
#include <catch2/catch.hpp>

#include <filesystem>

#include "pedtx/core/error.hpp"
#include "pedtx/io/vcf_reader.hpp"

using namespace pedtx;

namespace {
std::filesystem::path data(const char* name) {
    return std::filesystem::path(PEDTX_SOURCE_DIR) / "tests/data" / name;
}
}  // namespace

TEST_CASE("VCF, bgzipped VCF and BCF read the same records", "[vcf]") {
    for (const char* name : {"mutect2_two_samples.vcf", "mutect2_two_samples.vcf.gz", "mutect2_two_samples.bcf"}) {
        INFO(name);
        VcfReader reader(data(name));
        int records = 0;
        while (reader.next()) ++records;
        CHECK(records == 3);
        CHECK(reader.assess_build().build() == GenomeBuild::GRCh38);
    }
}

TEST_CASE("the tumor column: --sample, ##tumor_sample, TUMOR, only sample, else an error listing samples", "[vcf]") {
    VcfReader mutect(data("mutect2_two_samples.vcf"));
    CHECK(mutect.choose_tumor_sample(std::nullopt).name == "TUMOR_X");
    CHECK(mutect.choose_tumor_sample(std::nullopt).reason == "##tumor_sample");
    CHECK(mutect.choose_tumor_sample(std::string("NORMAL_X")).index == 0);
    CHECK_THROWS_AS(mutect.choose_tumor_sample(std::string("nope")), InputError);

    VcfReader strelka(data("strelka2_somatic.vcf"));
    CHECK(strelka.choose_tumor_sample(std::nullopt).name == "TUMOR");
    CHECK(strelka.choose_tumor_sample(std::nullopt).reason == "TUMOR column");

    VcfReader trio(data("three_samples_no_tumor.vcf"));
    try {
        trio.choose_tumor_sample(std::nullopt);
        FAIL("expected an error");
    } catch (const InputError& e) {
        const std::string message = e.what();
        CHECK(message.find("mother, father, child") != std::string::npos);
        CHECK(message.find("--sample") != std::string::npos);
    }

    VcfReader paired(data("paired_names.vcf"));
    CHECK(paired.choose_tumor_sample(std::nullopt).name == "PT1_tumor_biopsy");

    VcfReader sites(data("sites_only.vcf"));
    const auto choice = sites.choose_tumor_sample(std::nullopt);
    CHECK(choice.index == -1);
    CHECK(choice.name == "sites_only");
    CHECK(sites.assess_build().build() == GenomeBuild::GRCh37);  // from ##reference
}

TEST_CASE("read support from GT/AD/AF/DP and multi-allelic records", "[vcf]") {
    VcfReader reader(data("mutect2_two_samples.vcf"));
    const int tumor = reader.choose_tumor_sample(std::nullopt).index;
    REQUIRE(reader.next());
    auto support = reader.record().allele_support(tumor, 1);
    CHECK(support.carried);
    CHECK(support.vaf == Approx(0.4));
    CHECK(support.depth == 100);
    CHECK(support.alt_reads == 40);
    CHECK_FALSE(reader.record().allele_support(0, 1).carried);  // the normal is 0/0

    REQUIRE(reader.next());
    CHECK(reader.record().alleles().size() == 3);
    CHECK_FALSE(reader.record().allele_support(tumor, 1).carried);  // 0/2: G is not in the tumor
    support = reader.record().allele_support(tumor, 2);
    CHECK(support.carried);
    CHECK(support.alt_reads == 25);
    CHECK(support.vaf == Approx(0.333).margin(1e-6));

    REQUIRE(reader.next());
    CHECK_FALSE(reader.record().passes_filter());
    REQUIRE(reader.record().failed_filters().size() == 1);
    CHECK(reader.record().failed_filters()[0] == "weak_evidence");
    CHECK_FALSE(reader.next());
}

TEST_CASE("Strelka2 tier-1 counts give VAF and carriage when there is no GT", "[vcf]") {
    for (const char* name : {"strelka2_somatic.vcf", "strelka2_somatic.plain_gzip.vcf.gz"}) {
        INFO(name);
        VcfReader reader(data(name));
        const int tumor = reader.choose_tumor_sample(std::nullopt).index;
        REQUIRE(reader.next());
        auto snv = reader.record().allele_support(tumor, 1);
        CHECK(snv.alt_reads == 20);
        CHECK(snv.depth == 80);
        CHECK(snv.vaf == Approx(0.25));
        CHECK(snv.carried);
        REQUIRE(reader.next());
        auto indel = reader.record().allele_support(tumor, 1);
        CHECK(indel.alt_reads == 30);
        CHECK(indel.vaf == Approx(30.0 / 90.0));
        REQUIRE(reader.next());
        CHECK_FALSE(reader.record().allele_support(tumor, 1).carried);  // zero C reads
    }
}

TEST_CASE("unreadable inputs raise InputError naming the file", "[vcf]") {
    CHECK_THROWS_AS(VcfReader(data("does_not_exist.vcf")), InputError);
    CHECK_THROWS_AS(VcfReader(std::filesystem::path(PEDTX_SOURCE_DIR) / "tests"), InputError);
    try {
        VcfReader reader(std::filesystem::path(PEDTX_SOURCE_DIR) / "CMakeLists.txt");
        FAIL("expected an error");
    } catch (const InputError& e) {
        CHECK(std::string(e.what()).find("CMakeLists.txt") != std::string::npos);
    }
}

TEST_CASE("a refused header names its cause and line", "[vcf]") {
    const auto message_for = [](const char* name) {
        try {
            VcfReader reader(data(name));
        } catch (const InputError& e) {
            return std::string(e.what());
        }
        return std::string("(accepted)");
    };
    const std::string comment = message_for("headers/generated_by_comment.vcf");
    CHECK(comment.find("line 3: \"# Generated By: varscan2vcf.pl v1.2\" is not a header line") != std::string::npos);
    const std::string tab = message_for("headers/trailing_tab_on_chrom_line.vcf");
    CHECK(tab.find("line 4: the #CHROM line ends with a tab") != std::string::npos);
    const std::string duplicate = message_for("headers/duplicate_sample_name.vcf");
    CHECK(duplicate.find("line 4: sample name \"S1\" appears twice on the #CHROM line (columns 10 and 11)") !=
          std::string::npos);
    // BGZF without a header: the first line is shown inflated, not as compressed bytes.
    const std::string bgzf = message_for("headers/no_header.vcf.gz");
    CHECK(bgzf.find("found \"chr7 140753336 . A T . PASS . GT 0/1\"") != std::string::npos);
}

TEST_CASE("the reference the header describes", "[vcf]") {
    CHECK(VcfReader(data("references/maize_b73_v4.vcf")).assess_build().verdict ==
          BuildVerdict::not_grch37_or_grch38);
    CHECK(VcfReader(data("references/sars_cov_2.vcf")).assess_build().verdict == BuildVerdict::not_grch37_or_grch38);
    CHECK(VcfReader(data("references/hg19_partial_with_chrM_and_unplaced.vcf")).assess_build().build() ==
          GenomeBuild::GRCh37);
    CHECK(VcfReader(data("references/grch38_analysis_set_alt_hla.vcf")).assess_build().build() ==
          GenomeBuild::GRCh38);
    CHECK(VcfReader(data("references/no_length_unnamed_reference.vcf")).assess_build().verdict ==
          BuildVerdict::unknown);
}
