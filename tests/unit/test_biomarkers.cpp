// Sample-level biomarkers: MSI/MMR and TMB parsing, the TMB-high cut-off, the estimate from
// the VCF (thresholds, FILTER, symbolic alleles) and the knowledge-base evidence they reach.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "pedtx/kb/knowledgebase.hpp"
#include "pedtx/match/biomarker.hpp"
#include "pedtx/match/tiering.hpp"
#include "pedtx/pipeline/annotate.hpp"

using namespace pedtx;

namespace {

std::shared_ptr<const Knowledgebase> bundled_kb() {
    static const auto kb = Knowledgebase::load(std::filesystem::path(PEDTX_SOURCE_DIR) / "knowledgebase");
    return kb;
}

std::vector<std::string> sensitive_drugs(const Finding& finding) {
    std::vector<std::string> drugs;
    for (const auto& match : finding.evidence)
        if (match.item->response == Response::sensitive)
            for (const auto& drug : match.item->drugs) drugs.push_back(drug);
    return drugs;
}

// A tumor/normal VCF: `passing` PASS SNVs carried by TUMOR (AD 30,20), plus records that
// must not count: a FILTERed SNV, a low-depth SNV, a symbolic <DEL>, an allele only in NORMAL.
std::filesystem::path write_tmb_vcf(int passing) {
    const auto path = std::filesystem::temp_directory_path() / ("pedtx_tmb_" + std::to_string(passing) + ".vcf");
    std::ofstream out(path);
    out << "##fileformat=VCFv4.2\n##reference=GRCh38\n##contig=<ID=chr2,length=242193529>\n"
           "##FILTER=<ID=PASS,Description=\"All filters passed\">\n"
           "##FILTER=<ID=weak_evidence,Description=\"Weak\">\n"
           "##ALT=<ID=DEL,Description=\"Deletion\">\n"
           "##INFO=<ID=END,Number=1,Type=Integer,Description=\"End\">\n"
           "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
           "##FORMAT=<ID=AD,Number=R,Type=Integer,Description=\"Allelic depths\">\n"
           "##FORMAT=<ID=DP,Number=1,Type=Integer,Description=\"Depth\">\n"
           "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tNORMAL\tTUMOR\n";
    int pos = 1000;
    for (int i = 0; i < passing; ++i, pos += 100)
        out << "chr2\t" << pos << "\t.\tA\t" << (i % 2 ? "G" : "AT")
            << "\t.\tPASS\t.\tGT:AD:DP\t0/0:40,0:40\t0/1:30,20:50\n";
    out << "chr2\t" << pos++ << "\t.\tA\tG\t.\tweak_evidence\t.\tGT:AD:DP\t0/0:40,0:40\t0/1:30,20:50\n";
    out << "chr2\t" << pos++ << "\t.\tA\tG\t.\tPASS\t.\tGT:AD:DP\t0/0:40,0:40\t0/1:3,2:5\n";
    out << "chr2\t" << pos << "\t.\tA\t<DEL>\t.\tPASS\tEND=" << pos + 500 << "\tGT:AD:DP\t0/0:40,0:40\t0/1:30,20:50\n";
    pos += 1000;
    out << "chr2\t" << pos++ << "\t.\tA\tG\t.\tPASS\t.\tGT:AD:DP\t0/1:20,20:40\t0/0:50,0:50\n";
    return path;
}

}  // namespace

TEST_CASE("MSI / MMR status spellings", "[biomarker]") {
    CHECK(parse_msi_status("MSI-H") == MsiStatus::msi_high);
    CHECK(parse_msi_status(" msi-high ") == MsiStatus::msi_high);
    CHECK(parse_msi_status("dMMR") == MsiStatus::mmr_deficient);
    CHECK(parse_msi_status("MMR-deficient") == MsiStatus::mmr_deficient);
    CHECK(parse_msi_status("MSS") == MsiStatus::stable);
    CHECK(parse_msi_status("msi-l") == MsiStatus::msi_low);
    CHECK(parse_msi_status("pMMR") == MsiStatus::mmr_proficient);
    CHECK_FALSE(parse_msi_status("positive"));
    CHECK_FALSE(parse_msi_status(""));
    CHECK(to_string(MsiStatus::mmr_deficient) == "dMMR");
    CHECK(to_string(MsiStatus::not_given).empty());
}

TEST_CASE("TMB values", "[biomarker]") {
    CHECK(parse_tmb("14.2") == Approx(14.2));
    CHECK(parse_tmb("0") == Approx(0));
    CHECK_FALSE(parse_tmb("-1"));
    CHECK_FALSE(parse_tmb("12 mut/Mb"));
    CHECK_FALSE(parse_tmb("nan"));
    CHECK_FALSE(parse_tmb(""));
    const TumorMutationalBurden at_cutoff{10.0, "given", -1, 0, kDefaultTmbHighCutoff};
    CHECK(at_cutoff.high());
    const TumorMutationalBurden below{9.99, "given", -1, 0, kDefaultTmbHighCutoff};
    CHECK_FALSE(below.high());
    CHECK(describe(TumorMutationalBurden{15.0, "estimated", 45, 3.0, 10.0}) ==
          "15 mut/Mb (estimated: 45 SNVs/indels over 3 Mb; high at >= 10)");
}

TEST_CASE("biomarker findings reach the pembrolizumab approvals, and only when high", "[biomarker]") {
    const auto kb = bundled_kb();
    SampleBiomarkers markers;
    markers.tmb = TumorMutationalBurden{12.0, "given", -1, 0, kDefaultTmbHighCutoff};
    markers.msi = MsiStatus::mmr_deficient;
    auto findings = biomarker_findings(markers, *kb);
    REQUIRE(findings.size() == 2);
    for (const auto& finding : findings) {
        CHECK(finding.category == FindingCategory::biomarker);
        CHECK(finding.gene.empty());
        CHECK(display_name(finding) == finding.alteration);
        const auto drugs = sensitive_drugs(finding);
        CHECK(std::find(drugs.begin(), drugs.end(), "pembrolizumab") != drugs.end());
    }
    assign_tiers(findings, *kb, PatientContext{"SARCNOS", 14.0});
    for (const auto& finding : findings) CHECK(finding.tier == Tier::IA);

    markers.tmb->mutations_per_mb = 4;
    markers.msi = MsiStatus::stable;
    CHECK(biomarker_findings(markers, *kb).empty());
    markers.msi = MsiStatus::mmr_proficient;
    CHECK(biomarker_findings(markers, *kb).empty());
}

TEST_CASE("TMB-high in a CNS tumor is not tier I (pediatric CNS not established in the label)", "[biomarker]") {
    const auto kb = bundled_kb();
    SampleBiomarkers markers;
    markers.tmb = TumorMutationalBurden{30.0, "given", -1, 0, kDefaultTmbHighCutoff};
    auto findings = biomarker_findings(markers, *kb);
    REQUIRE(findings.size() == 1);
    assign_tiers(findings, *kb, PatientContext{"HGGNOS", 9.0});
    CHECK(findings.front().tier != Tier::IA);
    CHECK(findings.front().tier != Tier::IB);
}

TEST_CASE("TMB estimated from the VCF counts PASS SNVs/indels the tumor carries", "[biomarker]") {
    const auto kb = bundled_kb();
    SampleInput input;
    input.vcf = write_tmb_vcf(30);
    input.vcf_sample = "TUMOR";
    input.tumor_type = "SARCNOS";
    input.age_years = 10;
    AnnotateOptions options;
    options.min_depth = 20;
    options.tmb_territory_mb = 2.0;

    SampleResult result = annotate_sample(input, *kb, options);
    REQUIRE(result.biomarkers.tmb);
    CHECK(result.biomarkers.tmb->source == "estimated");
    CHECK(result.biomarkers.tmb->variants == 30);  // not the FILTERed, low-depth, <DEL> or normal-only ones
    CHECK(result.biomarkers.tmb->mutations_per_mb == Approx(15.0));
    const auto tmb_high = std::find_if(result.findings.begin(), result.findings.end(),
                                       [](const Finding& f) { return f.alteration == "TMB-high"; });
    REQUIRE(tmb_high != result.findings.end());
    CHECK(tmb_high->tier == Tier::IA);

    SECTION("a given TMB wins over the estimate") {
        input.tmb = 3.0;
        result = annotate_sample(input, *kb, options);
        REQUIRE(result.biomarkers.tmb);
        CHECK(result.biomarkers.tmb->source == "given");
        CHECK(result.biomarkers.tmb->mutations_per_mb == Approx(3.0));
        CHECK(std::none_of(result.findings.begin(), result.findings.end(),
                           [](const Finding& f) { return f.category == FindingCategory::biomarker; }));
    }
    SECTION("no territory, no estimate") {
        options.tmb_territory_mb.reset();
        result = annotate_sample(input, *kb, options);
        CHECK_FALSE(result.biomarkers.tmb);
    }
}
