// The annotated VCF (annotated_vcf.hpp): INFO/PEDTX values per allele from a SampleResult built in
// the test (report_fixture.hpp), every field percent-encoded for a VCF INFO string, and the file
// written from a small VCF made here (VCF 4.2 text, the layout of examples/*.vcf) and read back.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <htslib/bgzf.h>
#include <htslib/kstring.h>

#include "pedtx/report/annotated_vcf.hpp"
#include "report_fixture.hpp"

using namespace pedtx;

namespace {

std::vector<std::string> read_bgzf_lines(const std::filesystem::path& path) {
    std::vector<std::string> lines;
    BGZF* file = bgzf_open(path.c_str(), "r");
    REQUIRE(file != nullptr);
    kstring_t line = {0, 0, nullptr};
    while (bgzf_getline(file, '\n', &line) >= 0) lines.emplace_back(line.s, line.l);
    free(line.s);
    bgzf_close(file);
    return lines;
}

}  // namespace

TEST_CASE("PEDTX INFO values: mutations only, tiers by name, reserved characters encoded", "[annotated_vcf]") {
    test::ReportFixture fixture;
    const InfoAnnotation annotation = pedtx_info_annotation(fixture.result);
    CHECK(annotation.id == "PEDTX");
    CHECK(annotation.description.find('"') == std::string::npos);
    // The fusion and the biomarker have no allele of their own: only BRAF V600E is annotated.
    REQUIRE(annotation.values.size() == 1);
    const auto it = annotation.values.find(AlleleKey{"7", 140753336, "A", "T"});
    REQUIRE(it != annotation.values.end());
    REQUIRE(it->second.size() == 1);
    // Allele|Gene|Alteration|Tier|Sensitive|Resistant|Evidence; the drug with ':', ';', '=', ',', '|'
    // and '&' in its name keeps its place in the list because each of them is percent-encoded.
    CHECK(it->second[0] ==
          "T|BRAF|V600E|IA|dabrafenib+trametinib:IA&drug%3Aa%3Bb%3Dc%2Cd%7Ce%26f:IID|vemurafenib:IIC|"
          "EVT1&EVT3&EVT2");
}

TEST_CASE("PEDTX INFO values: a finding's alteration with spaces and separators is encoded", "[annotated_vcf]") {
    test::ReportFixture fixture;
    Finding& braf = fixture.result.findings[0];
    braf.alteration = "c.1799T>A; p.(V600E)=x|y";
    braf.tier = Tier::IIC;
    braf.evidence.clear();
    const InfoAnnotation annotation = pedtx_info_annotation(fixture.result);
    const auto& values = annotation.values.at(AlleleKey{"7", 140753336, "A", "T"});
    REQUIRE(values.size() == 1);
    CHECK(values[0] == "T|BRAF|c.1799T>A%3B%20p.(V600E)%3Dx%7Cy|IIC|||");
}

TEST_CASE("annotated VCF file: header lines escaped, PEDTX on the finding's allele only", "[annotated_vcf]") {
    const auto dir = std::filesystem::temp_directory_path() / "pedtx_test_annotated_vcf";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const auto input = dir / "in.vcf";
    {
        std::ofstream out(input);
        out << "##fileformat=VCFv4.2\n"
               "##contig=<ID=7,length=159345973>\n"
               "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
               "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tTUMOR\n"
               "7\t140753300\t.\tC\tG\t.\tPASS\t.\tGT\t0/1\n"
               "7\t140753336\t.\tA\tT\t.\tPASS\t.\tGT\t0/1\n";
    }
    test::ReportFixture fixture;
    fixture.result.input.vcf = input;
    const ReportContext context{"0.0.0-test", "", AnnotateOptions{}};
    const auto output = dir / "out.vcf.gz";
    write_annotated_vcf_file(fixture.result, *test::bundled_kb(), context, output);

    const auto lines = read_bgzf_lines(output);
    std::vector<std::string> records;
    bool sample_line = false, info_line = false, date_line = false;
    for (const auto& line : lines) {
        if (line.rfind("##pedtx_sample=", 0) == 0) {
            sample_line = true;
            // '"', '<', '>', tab and newline from the sample id cannot end or restructure the line.
            CHECK(line == "##pedtx_sample=S%221%20%3Cx%3E%09new%0Aline");
        }
        if (line.rfind("##INFO=<ID=PEDTX,", 0) == 0) info_line = true;
        if (line.rfind("##pedtx_date", 0) == 0) date_line = true;
        if (!line.empty() && line[0] != '#') records.push_back(line);
    }
    CHECK(sample_line);
    CHECK(info_line);
    CHECK_FALSE(date_line);  // no date with an empty generated_at
    REQUIRE(records.size() == 2);
    CHECK(records[0].find("PEDTX=") == std::string::npos);
    CHECK(records[1].find("PEDTX=T|BRAF|V600E|IA|") != std::string::npos);
    std::filesystem::remove_all(dir);
}
