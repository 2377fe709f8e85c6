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
        CHECK(reader.detect_build() == GenomeBuild::GRCh38);
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
    CHECK(sites.detect_build() == GenomeBuild::GRCh37);  // from ##reference
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
