// Fusions and copy number: breakend orientation, partner order, breakpoint
// regions, RNA fusion tables and their traps, copy-number thresholds. Real files
// from ../shared/testdata are checked record by record when present.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "pedtx/core/error.hpp"
#include "pedtx/io/copy_number.hpp"
#include "pedtx/io/fusion_table.hpp"
#include "pedtx/io/gene_annotation.hpp"
#include "pedtx/kb/knowledgebase.hpp"
#include "pedtx/match/copy_number.hpp"
#include "pedtx/match/fusion.hpp"
#include "pedtx/pipeline/annotate.hpp"

using namespace pedtx;

namespace {

std::shared_ptr<const Knowledgebase> bundled_kb() {
    static const auto kb = Knowledgebase::load(std::filesystem::path(PEDTX_SOURCE_DIR) / "knowledgebase");
    return kb;
}

const std::filesystem::path kShared = std::filesystem::path(PEDTX_SHARED_DIR) / "testdata";

bool shared_missing(const std::filesystem::path& path) {
    if (std::filesystem::exists(path)) return false;
    WARN("SKIPPED: " << path.string() << " not found");
    return true;
}

// SnpEff's structural test files lack a VCF header: give them a minimal one.
std::filesystem::path with_header(const std::filesystem::path& source) {
    std::ifstream in(source);
    std::ostringstream body;
    std::string line;
    while (std::getline(in, line))
        if (!line.empty() && line[0] != '#') body << line << "\n";
    const auto out = std::filesystem::temp_directory_path() / ("pedtx_hdr_" + source.filename().string());
    std::ofstream(out) << "##fileformat=VCFv4.2\n"
                       << "##INFO=<ID=SVTYPE,Number=1,Type=String,Description=\"SV type\">\n"
                       << "##INFO=<ID=END,Number=1,Type=Integer,Description=\"End\">\n"
                       << "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
                       << body.str();
    return out;
}

std::vector<const Finding*> fusions_of(const SampleResult& result) {
    std::vector<const Finding*> out;
    for (const auto& f : result.findings)
        if (f.category == FindingCategory::fusion) out.push_back(&f);
    return out;
}

bool has_drug(const Finding& finding, const std::string& drug) {
    for (const auto& e : finding.evidence)
        for (const auto& d : e.item->drugs)
            if (d == drug && e.item->response == Response::sensitive) return true;
    return false;
}

SampleResult run(const std::filesystem::path& vcf, GenomeBuild build, const std::string& tumor_type = "",
                 const std::filesystem::path& fusions = {}) {
    SampleInput input;
    input.vcf = vcf;
    input.tumor_type = tumor_type;
    input.fusions = fusions;
    AnnotateOptions options;
    options.genome = build;
    return annotate_sample(input, *bundled_kb(), options);
}

}  // namespace

TEST_CASE("breakend ALTs: the four bracket orientations", "[fusion]") {
    const auto a = junction_from_breakend("22", 100, "N[9:200[");
    REQUIRE(a);
    CHECK(a->first.keeps_left);
    CHECK_FALSE(a->second.keeps_left);
    CHECK(a->second.chrom == "9");
    CHECK(a->second.pos == 200);
    const auto b = junction_from_breakend("22", 100, "N]9:200]");
    CHECK((b->first.keeps_left && b->second.keeps_left));
    const auto c = junction_from_breakend("22", 100, "]9:200]N");
    CHECK((!c->first.keeps_left && c->second.keeps_left));
    const auto d = junction_from_breakend("22", 100, "[CHR9:200[N");
    CHECK((!d->first.keeps_left && !d->second.keeps_left));
    CHECK(chrom_index(d->second.chrom) == 9);
    CHECK_FALSE(junction_from_breakend("1", 5, "G."));
    CHECK_FALSE(junction_from_breakend("1", 5, "<DEL>"));
    CHECK_FALSE(junction_from_breakend("1", 5, "N[9:x["));
}

TEST_CASE("fusion names in every caller's spelling", "[fusion]") {
    CHECK(split_fusion_name("BCR--ABL1")->second == "ABL1");
    CHECK(split_fusion_name("ETV6::NTRK3")->first == "ETV6");
    CHECK(split_fusion_name("EML4-ALK")->first == "EML4");
    CHECK(split_fusion_name("--ALK")->first.empty());
    CHECK(split_fusion_name("FGFR2--")->second.empty());
    CHECK_FALSE(split_fusion_name("ALK"));
}

TEST_CASE("K562 BCR::ABL1 breakend pair: partner order whichever record comes first", "[fusion]") {
    const auto kb = bundled_kb();
    // The BND pair that the K562 RNA junction implies (testdata README, section 7).
    for (const auto& [chrom, pos, alt] :
         {std::tuple{"22", 23290413, "N[9:130854064["}, std::tuple{"9", 130854064, "]22:23290413]N"}}) {
        const auto junction = junction_from_breakend(chrom, pos, alt);
        REQUIRE(junction);
        const auto call = resolve_junction(*junction, *kb, GenomeBuild::GRCh38);
        REQUIRE(call);
        CHECK(call->five_prime.gene == "BCR");
        CHECK(call->three_prime.gene == "ABL1");
        CHECK(call->three_prime.region == "exon 2");
        CHECK(call->oncogenic_orientation);
        const auto finding = fusion_finding(*call, *kb);
        REQUIRE(finding);
        CHECK(finding->alteration == "BCR::ABL1");
        CHECK(has_drug(*finding, "imatinib"));
    }
    // Same positions, ABL1 kept on the wrong side: both keep their 5' part -> not oncogenic.
    const auto wrong =
        resolve_junction(*junction_from_breakend("22", 23290413, "N]9:130854064]"), *kb, GenomeBuild::GRCh38);
    REQUIRE(wrong);
    CHECK_FALSE(wrong->oncogenic_orientation);
    CHECK(fusion_finding(*wrong, *kb)->evidence.empty());
}

TEST_CASE("breakpoint regions use the MANE exons, and ABL1 exon 1a lies upstream", "[fusion]") {
    const auto kb = bundled_kb();
    const GeneLocus* abl1 = kb->locus(GenomeBuild::GRCh38, "ABL1");
    REQUIRE(abl1);
    CHECK(breakpoint_region(*abl1, 130854064) == "exon 2");
    CHECK(breakpoint_region(*abl1, 130845000) == "intron 1");
    CHECK(breakpoint_region(*abl1, 130800000) == "upstream of exon 1");
    const GeneLocus* alk = kb->locus(GenomeBuild::GRCh38, "ALK");  // minus strand
    REQUIRE(alk);
    CHECK(breakpoint_region(*alk, 29223528) == "exon 20");
    CHECK(breakpoint_region(*alk, 29224000) == "intron 19");
}

TEST_CASE("SnpEff structural tests: partners, order and evidence record by record", "[fusion][shared]") {
    const auto dir = kShared / "fusions_sv/snpeff";
    if (shared_missing(dir)) return;
    SECTION("EML4-ALK <INV> (LUMPY)") {
        const auto result = run(with_header(dir / "tests__integration__structural__test_fusion_EML4-ALK.vcf"),
                                GenomeBuild::GRCh37, "ALCL");
        const auto fusions = fusions_of(result);
        REQUIRE(fusions.size() == 1);
        CHECK(fusions[0]->alteration == "EML4::ALK");
        CHECK(fusions[0]->fusion->three_prime.region == "intron 19");
        CHECK(fusions[0]->fusion->five_prime.region == "intron 13");
        CHECK(has_drug(*fusions[0], "crizotinib"));
        CHECK(fusions[0]->tier == Tier::IA);
    }
    SECTION("CCDC6-RET breakend pair with upper-case mate contigs") {
        const auto result =
            run(dir / "tests__integration__structural__test_fusion_CCDC6-RET.vcf", GenomeBuild::GRCh37, "THPA");
        const auto fusions = fusions_of(result);
        REQUIRE(fusions.size() == 1);
        CHECK(fusions[0]->alteration == "CCDC6::RET");
        CHECK(has_drug(*fusions[0], "selpercatinib"));
    }
    SECTION("ROS1-SLC34A2 breakend pair: the partner outside the KB is named from the span table") {
        const auto result =
            run(with_header(dir / "tests__integration__structural__test_fusion_ROS1-SLC34A2.vcf"), GenomeBuild::GRCh37);
        const auto fusions = fusions_of(result);
        REQUIRE(fusions.size() == 1);
        CHECK(fusions[0]->alteration == "SLC34A2::ROS1");
        CHECK(fusions[0]->fusion->three_prime.region.rfind("intron", 0) == 0);
    }
    SECTION("the old LUMPY file: EML4::ALK kept, intragenic rearrangements are not fusions") {
        const auto result = run(dir / "tests__old__EML4-ALK_fusion.vcf", GenomeBuild::GRCh37);
        const auto fusions = fusions_of(result);
        REQUIRE(fusions.size() == 1);
        CHECK(fusions[0]->alteration == "EML4::ALK");
        CHECK(result.qc.filtered.at("intragenic_rearrangement") > 10);
    }
}

TEST_CASE("user gene annotation (refGene) names and numbers every partner: FGFR3-TACC3 <DUP>", "[fusion][shared]") {
    const auto refgene = std::filesystem::path(PEDTX_SHARED_DIR) / "refdata/genes/refGene.hg19.txt.gz";
    const auto vcf = kShared / "fusions_sv/snpeff/tests__integration__structural__test_fusion_FGFR3-TACC3.vcf";
    if (shared_missing(refgene) || shared_missing(vcf)) return;
    const auto loci = read_gene_annotation(refgene);
    CHECK(loci.size() > 20000);
    const auto kb = bundled_kb()->with_gene_annotation(GenomeBuild::GRCh37, loci);
    SampleInput input;
    input.vcf = with_header(vcf);
    AnnotateOptions options;
    options.genome = GenomeBuild::GRCh37;
    const auto result = annotate_sample(input, *kb, options);
    const auto fusions = fusions_of(result);
    REQUIRE(fusions.size() == 1);
    CHECK(fusions[0]->alteration == "FGFR3::TACC3");  // SnpEff's own test expects FGFR3&TACC3
    CHECK(fusions[0]->fusion->five_prime.region == "intron 17");
    CHECK(fusions[0]->fusion->three_prime.region.rfind("exon", 0) == 0);
}

TEST_CASE("Manta, GRIDSS and Delly SV files are read without error", "[fusion][shared]") {
    if (shared_missing(kShared / "fusions_sv")) return;
    for (const auto& [file, sample] :
         {std::pair{"fusions_sv/manta/HCC1954_demo.somaticSV.vcf.gz", "HCC1954"},
          std::pair{"fusions_sv/gridss/COLO829v003T.purple.sv.vcf.gz", "COLO829v003T.sorted.bam"},
          std::pair{"fusions_sv/delly/vcf2maf_test_delly.vcf", "TUMOR"}}) {
        INFO(file);
        SampleInput input;
        input.vcf = kShared / file;
        input.vcf_sample = sample;
        AnnotateOptions options;
        options.genome = GenomeBuild::GRCh37;
        const auto result = annotate_sample(input, *bundled_kb(), options);
        CHECK(result.qc.structural_records > 0);
        for (const auto& f : result.findings)
            if (f.category == FindingCategory::fusion) CHECK(f.fusion->five_prime.gene != f.fusion->three_prime.gene);
    }
}

TEST_CASE("fusion tables: Arriba, STAR-Fusion and their traps", "[fusion][shared]") {
    if (shared_missing(kShared / "pcgr")) return;
    const auto kb = bundled_kb();
    const auto examples = std::filesystem::path(PEDTX_SOURCE_DIR) / "examples";
    SECTION("PCGR table: NTRK1--TPM3 written 3'-first and a truncated ABL1 coordinate are not matched") {
        const auto result = run(examples / "cml_abl1_t315i.bcsq.vcf", GenomeBuild::GRCh38, "BLL",
                                kShared / "pcgr/T001-BRCA.grch38.fusions.tsv");
        bool saw_ntrk1 = false, saw_bcr_abl1 = false, saw_eml4_alk = false;
        for (const Finding* f : fusions_of(result)) {
            if (f->alteration == "NTRK1::TPM3") {
                saw_ntrk1 = true;
                CHECK(f->evidence.empty());
                CHECK(f->significance.find("TPM3::NTRK1") != std::string::npos);
            }
            if (f->alteration == "BCR::ABL1") {
                saw_bcr_abl1 = true;
                CHECK(f->evidence.empty());
                CHECK_FALSE(f->fusion->coordinates_agree);
            }
            if (f->alteration == "EML4::ALK") {
                saw_eml4_alk = true;
                CHECK(f->fusion->three_prime.region == "exon 20");
            }
        }
        CHECK(saw_ntrk1);
        CHECK(saw_bcr_abl1);
        CHECK(saw_eml4_alk);
    }
    SECTION("partner-less rows keep the named side") {
        const auto table = read_fusion_table(kShared / "pcgr/T001-COAD.grch37.fusions.tsv");
        int partnerless = 0;
        for (const auto& row : table.fusions)
            if (row.five_prime_gene.empty() || row.three_prime_gene.empty()) ++partnerless;
        CHECK(partnerless == 3);
    }
    SECTION("a STAR-Fusion row named EML4--ALK whose genes say otherwise is a warning, not EML4::ALK") {
        const auto table =
            read_fusion_table(kShared / "moalmanac/example_data/example_patient.rna.star.fusions.txt");
        CHECK(table.format == "star_fusion");
        for (const auto& row : table.fusions) CHECK(row.three_prime_gene != "ALK");
        std::vector<std::string> warnings;
        const auto findings = fusion_table_findings(table, *kb, GenomeBuild::GRCh37, warnings);
        for (const auto& finding : findings) CHECK(finding.alteration != "EML4::ALK");
        REQUIRE_FALSE(warnings.empty());
        CHECK(warnings[0].find("EML4--ALK") != std::string::npos);
        CHECK(warnings[0].find(":2: ") != std::string::npos);
    }
    SECTION("Arriba BCR-ABL1 (hg19): e14a2") {
        const auto result = run(examples / "plgg_braf_v600e.snpeff.vcf", GenomeBuild::GRCh37, "CML",
                                kShared / "fusions_sv/arriba/arriba_test_expected_fusions.BCR-ABL1.hg19.tsv");
        const auto fusions = fusions_of(result);
        REQUIRE_FALSE(fusions.empty());
        CHECK(fusions[0]->alteration == "BCR::ABL1");
        CHECK(fusions[0]->fusion->five_prime.region == "exon 14");
        CHECK(fusions[0]->fusion->three_prime.region == "exon 2");
        CHECK(fusions[0]->tier == Tier::IA);
    }
    SECTION("PBTA KIAA1549::BRAF from Arriba and STAR-Fusion: tovorafenib, never a first-generation BRAF inhibitor") {
        for (const char* file : {"pediatric_cell_lines/annofuse_pbta/arriba_example.PBTA_KIAA1549-BRAF.tsv",
                                 "pediatric_cell_lines/annofuse_pbta/starfusion_example.PBTA_KIAA1549-BRAF.tsv"}) {
            INFO(file);
            const auto result = run(examples / "cml_abl1_t315i.bcsq.vcf", GenomeBuild::GRCh38, "PAST", kShared / file);
            const Finding* kiaa = nullptr;
            for (const Finding* f : fusions_of(result))
                if (f->alteration == "KIAA1549::BRAF") kiaa = f;
            REQUIRE(kiaa);
            CHECK(has_drug(*kiaa, "tovorafenib"));
            CHECK_FALSE(has_drug(*kiaa, "vemurafenib"));
            CHECK_FALSE(has_drug(*kiaa, "dabrafenib"));
        }
    }
}

TEST_CASE("copy number: thresholds, focal calls, gene tables", "[copy_number]") {
    const auto kb = bundled_kb();
    CopyNumberThresholds thresholds;
    const GeneLocus* mycn = kb->locus(GenomeBuild::GRCh38, "MYCN");
    REQUIRE(mycn);
    const std::string chrom(chrom_name(mycn->chrom));
    std::vector<CopyNumberSegment> segments = {
        {chrom, mycn->span_start - 1000, mycn->span_end + 1000, 40, "segments", "t:1"}};
    auto findings = copy_number_findings(segments, {}, *kb, GenomeBuild::GRCh38, thresholds);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].gene == "MYCN");
    CHECK(findings[0].alteration == "amplification");
    CHECK(findings[0].copy_number->focal);
    CHECK(findings[0].evidence.front().item->response == Response::prognostic);
    CHECK(findings[0].evidence.front().item->drugs.empty());
    segments[0].copy_number = 4;  // below the default threshold of 5
    CHECK(copy_number_findings(segments, {}, *kb, GenomeBuild::GRCh38, thresholds).empty());
    thresholds.amp_min_ratio = 1.5;  // 1.5 x ploidy 2 = 3 copies
    CHECK(copy_number_findings(segments, {}, *kb, GenomeBuild::GRCh38, thresholds).size() == 1);
    // A homozygous deletion of a tumor suppressor matches its loss-of-function rules.
    const GeneLocus* smarcb1 = kb->locus(GenomeBuild::GRCh38, "SMARCB1");
    REQUIRE(smarcb1);
    const auto deleted = copy_number_findings(
        {{std::string(chrom_name(smarcb1->chrom)), smarcb1->span_start, smarcb1->span_end, 0, "segments", "t:2"}}, {},
        *kb, GenomeBuild::GRCh38, CopyNumberThresholds{});
    REQUIRE(deleted.size() == 1);
    CHECK(deleted[0].alteration == "deletion");
    CHECK_FALSE(deleted[0].evidence.empty());
}

TEST_CASE("copy-number files from other tools", "[copy_number][shared]") {
    if (shared_missing(kShared / "pcgr")) return;
    const auto pcgr = read_copy_number_file(kShared / "pcgr/T001-BRCA.grch38.cna.tsv", "x");
    CHECK(pcgr.format == "segments");
    CHECK(pcgr.segments.size() > 10);
    const auto matrix = read_copy_number_file(kShared / "oncokb_annotator/example_cna.txt", "TCGA-02-0033-01");
    CHECK(matrix.format == "gene_matrix");
    CHECK_THROWS_AS(read_copy_number_file(kShared / "oncokb_annotator/example_cna.txt", "NOPE"), InputError);
    const auto ccle = read_copy_number_file(
        kShared / "pediatric_cell_lines/moalmanac_ccle_slice/cell-lines.copy-numbers.pediatric_slice.tsv", "KELLY");
    bool mycn = false;
    for (const auto& g : ccle.genes)
        if (g.gene == "MYCN" && g.level == 2) mycn = true;
    CHECK(mycn);  // KELLY: MYCN amplified (testdata README truth table)
    const auto calls =
        read_copy_number_file(kShared / "moalmanac/example_data/example_patient.capture.somatic.called.cna.txt", "x");
    CHECK(calls.format == "gene_calls");
}
