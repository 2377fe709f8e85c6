// Issue 12: real-world inputs that gave silently wrong or missing findings. Each case runs a
// minimal file of the real kind written for this test (tests/data/issue12/, formats copied from
// GATK 4 HaplotypeCaller -ERC GVCF, bcftools call -g, VEP 110 without --hgvs, GATK
// JointGermlineCNVSegmentation, GRIDSS somatic breakends, IGV/DNAcopy SEG, CNVkit .cns).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

#include "pedtx/core/error.hpp"
#include "pedtx/core/hgvs.hpp"
#include "pedtx/io/copy_number.hpp"
#include "pedtx/kb/knowledgebase.hpp"
#include "pedtx/match/copy_number.hpp"
#include "pedtx/match/gene_disruption.hpp"
#include "pedtx/pipeline/annotate.hpp"

using namespace pedtx;

namespace {

std::shared_ptr<const Knowledgebase> bundled_kb() {
    static const auto kb = Knowledgebase::load(std::filesystem::path(PEDTX_SOURCE_DIR) / "knowledgebase");
    return kb;
}

const std::filesystem::path kData = std::filesystem::path(PEDTX_SOURCE_DIR) / "tests" / "data" / "issue12";

SampleResult run(const std::string& file, const std::string& tumor_type = "", const std::string& column = "") {
    SampleInput input;
    input.vcf = kData / file;
    input.tumor_type = tumor_type;
    if (!column.empty()) input.vcf_sample = column;
    return annotate_sample(input, *bundled_kb(), AnnotateOptions{});
}

const Finding* find(const SampleResult& result, const std::string& gene, const std::string& alteration) {
    for (const auto& f : result.findings)
        if (f.gene == gene && f.alteration == alteration) return &f;
    return nullptr;
}

bool has_drug(const Finding& finding, const std::string& drug) {
    for (const auto& e : finding.evidence)
        for (const auto& d : e.item->drugs)
            if (d == drug && e.item->response == Response::sensitive) return true;
    return false;
}

bool has_rule(const Finding& finding, RuleType type) {
    return std::any_of(finding.evidence.begin(), finding.evidence.end(),
                       [&](const EvidenceMatch& m) { return m.item->alteration.type == type; });
}

std::int64_t filtered(const SampleResult& result, const std::string& reason) {
    const auto it = result.qc.filtered.find(reason);
    return it == result.qc.filtered.end() ? 0 : it->second;
}

std::vector<const Finding*> of_gene(const SampleResult& result, const std::string& gene) {
    std::vector<const Finding*> out;
    for (const auto& f : result.findings)
        if (f.gene == gene) out.push_back(&f);
    return out;
}

}  // namespace

TEST_CASE("issue 12.1: gVCF ALT lists (GATK <NON_REF>, bcftools <*>) keep the real allele", "[issue12][gvcf]") {
    for (const char* file : {"gatk_haplotypecaller.g.vcf", "bcftools_call.g.vcf"}) {
        INFO(file);
        const auto result = run(file, "PAST");
        const Finding* braf = find(result, "BRAF", "V600E");
        REQUIRE(braf);
        CHECK(braf->matched_by == MatchedBy::genomic_key);
        CHECK(has_drug(*braf, "dabrafenib"));
        CHECK(braf->variant.alt == "T");
        CHECK(braf->variant.alt_reads > 0);
        // Reference blocks are counted, not read as structural variants.
        CHECK(result.qc.structural_records == 0);
        CHECK(filtered(result, "gvcf_reference_block") == 2);
        CHECK(filtered(result, "symbolic_or_breakend_allele") == 0);
        CHECK(result.qc.gvcf_variant_records == 1);
        REQUIRE(result.warnings.size() == 1);
        CHECK(result.warnings[0].find("looks like a gVCF") != std::string::npos);
    }
}

TEST_CASE("issue 12.2: protein changes from VEP's Protein_position and Amino_acids", "[issue12][vep][hgvs]") {
    const auto change = [](std::string_view pos, std::string_view aa, bool fs = false) {
        const auto c = protein_change_from_positions(pos, aa, fs);
        return c ? c->normalized : std::string("none");
    };
    CHECK(change("132", "R/H") == "R132H");
    CHECK(change("600", "V/E") == "V600E");
    CHECK(change("210", "S/*") == "S210*");
    CHECK(change("60", "S") == "S60=");
    CHECK(change("1", "M/V") == "M1V");
    CHECK(change("557-558", "WK/-") == "W557_K558del");
    CHECK(change("746-751", "ELREAT/T") == "E746_A750del");  // shared last residue trimmed
    CHECK(change("604-605", "-/S") == "604_605insS");        // flanking residues not given by VEP
    CHECK(change("604", "E/EF") == "E604_605insF");
    CHECK(change("72-73", "HR/HHHHH") == "R73delinsHHHH");  // as VEP's HGVSp for the same entry
    CHECK(change("412-416", "PPPGA/S") == "P412_A416delinsS");
    CHECK(change("127-128", "TI/X", true) == "T127fs");
    CHECK(change("237", "G/GX", true) == "238fs");
    CHECK(change("2841-2846/2944", "EEGEDS/D") == "E2841_S2846delinsD");
    CHECK(change("100", "*/R") == "*100Rext");
    CHECK(change("", "R/H") == "none");
    CHECK(change("?-600", "V/E") == "none");
    CHECK(change("132", "") == "none");
    CHECK(change("132", "R/H/Q") == "none");

    const auto result = run("vep_default_no_hgvs.vcf", "ASTR2", "TUMOR");
    const Finding* idh1 = find(result, "IDH1", "R132H");
    REQUIRE(idh1);
    CHECK(idh1->matched_by == MatchedBy::annotation);
    CHECK(has_drug(*idh1, "vorasidenib"));
    CHECK(idh1->variant.protein.ref_aa == 'R');
    CHECK(idh1->tier != Tier::III);
    const Finding* braf = find(result, "BRAF", "V600E");
    REQUIRE(braf);
    CHECK(braf->variant.transcript == "ENST00000646891.2");
    CHECK(find(result, "BRAF", "missense") == nullptr);
    CHECK(find(result, "KIT", "W557_K558del"));
    const Finding* nf1 = find(result, "NF1", "R1276*");
    REQUIRE(nf1);
    CHECK(has_rule(*nf1, RuleType::loss_of_function));
}

TEST_CASE("issue 12.11: a point mutation in a fusion-partner-only gene is not tier III", "[issue12][match]") {
    const auto kb = bundled_kb();
    REQUIRE(kb->is_fusion_partner_only("TPM4"));
    CHECK_FALSE(kb->is_fusion_partner_only("BRAF"));
    const auto result = run("vep_default_no_hgvs.vcf", "ASTR2", "TUMOR");
    CHECK(of_gene(result, "TPM4").empty());
    CHECK(result.qc.alleles_in_kb_genes == 5);  // the TPM4 allele was read, then not reported
}

TEST_CASE("issue 12.3: multi-sample gCNV VCF: each column gets only its own events", "[issue12][sv][cnv]") {
    const auto results = annotate_all_samples(kData / "gcnv_joint_segments.vcf", {}, *bundled_kb(), AnnotateOptions{});
    REQUIRE(results.size() == 3);
    const auto& s1 = results[0];
    const auto& s2 = results[1];
    const auto& s3 = results[2];
    // S2 alone carries the PTEN deletion (0/1, CN 1) and the MYCN gain (CN 12, no GT).
    for (const auto* other : {&s1, &s3}) {
        INFO(other->sample_id);
        CHECK(of_gene(*other, "PTEN").empty());
        CHECK(of_gene(*other, "MYCN").empty());
        CHECK(std::none_of(other->findings.begin(), other->findings.end(),
                           [](const Finding& f) { return f.category == FindingCategory::fusion; }));
    }
    CHECK(filtered(s1, "structural_not_in_tumor") == 3);
    CHECK(filtered(s2, "structural_not_in_tumor") == 1);
    CHECK(filtered(s3, "structural_not_in_tumor") == 2);
    // The PTEN deletion runs from intron 5 into no gene: a partial deletion, not a fusion.
    const Finding* pten = find(s2, "PTEN", "partial deletion (exons 6-9)");
    REQUIRE(pten);
    CHECK(pten->category == FindingCategory::structural);
    CHECK(has_rule(*pten, RuleType::loss_of_function));
    REQUIRE(pten->copy_number);
    CHECK(pten->copy_number->start == 87940001);
    CHECK(find(s2, "MYCN", "amplification"));
    CHECK(std::none_of(s2.findings.begin(), s2.findings.end(),
                       [](const Finding& f) { return f.category == FindingCategory::fusion; }));
    // S3 alone has the SMARCB1 homozygous deletion (1/1, CN 0).
    const Finding* smarcb1 = find(s3, "SMARCB1", "deletion");
    REQUIRE(smarcb1);
    CHECK_FALSE(smarcb1->evidence.empty());
    CHECK(of_gene(s2, "SMARCB1").empty());
}

TEST_CASE("issue 12.4: GRIDSS breakend pair deleting PTEN exon 6 is a loss of function", "[issue12][sv]") {
    const auto result = run("gridss_somatic_breakends.vcf", "", "COLO829T");
    const Finding* pten = find(result, "PTEN", "exon 6 deletion");
    REQUIRE(pten);
    CHECK(pten->category == FindingCategory::structural);
    CHECK(pten->matched_by == MatchedBy::breakpoints);
    CHECK(has_rule(*pten, RuleType::loss_of_function));
    CHECK(pten->significance.find("NM_000314") != std::string::npos);
    CHECK(filtered(result, "intragenic_rearrangement") == 0);
    // The TSC2 deletion is in the normal column only (tumor VF 0).
    CHECK(of_gene(result, "TSC2").empty());
    CHECK(filtered(result, "structural_not_in_tumor") == 2);
    // NF1 broken in intron 19 by a translocation: its loss-of-function rules.
    const auto nf1 = of_gene(result, "NF1");
    REQUIRE(nf1.size() == 1);
    CHECK(nf1[0]->alteration == "disruption (breakpoint in intron 19)");
    CHECK(has_rule(*nf1[0], RuleType::loss_of_function));
    // The normal column carries the TSC2 deletion and nothing else.
    const auto normal = run("gridss_somatic_breakends.vcf", "", "COLO829R");
    CHECK(of_gene(normal, "PTEN").empty());
    CHECK(of_gene(normal, "NF1").empty());
}

TEST_CASE("issue 12.4: deletions and breakpoints against MANE exons", "[issue12][sv]") {
    const auto kb = bundled_kb();
    const GeneLocus* pten = kb->locus(GenomeBuild::GRCh38, "PTEN");
    REQUIRE(pten);
    CHECK(exons_overlapping(*pten, 87951501, 87952999) == std::vector<int>{6});
    CHECK(exon_list_text({7, 6, 8}) == "exons 6-8");
    CHECK(exon_list_text({2, 4}) == "exons 2, 4");
    Junction intronic;  // a deletion inside intron 5 removes no exon: not a loss of function
    intronic.first = {"chr10", 87940000, true};
    intronic.second = {"chr10", 87941000, false};
    intronic.source = "vcf_bnd";
    CHECK(is_deletion_junction(intronic));
    const auto effects = junction_gene_effects(intronic, *kb, GenomeBuild::GRCh38);
    CHECK(effects.findings.empty());
    CHECK(effects.skipped_reason == "intragenic_rearrangement");
    Junction duplication = intronic;  // tandem duplication: keeps right of the lower end
    duplication.first.keeps_left = false;
    duplication.second.keeps_left = true;
    CHECK_FALSE(is_deletion_junction(duplication));
    CHECK(junction_gene_effects(duplication, *kb, GenomeBuild::GRCh38).findings.empty());
}

TEST_CASE("issue 12.5: a multi-sample SEG file gives each sample its own segments", "[issue12][copy_number]") {
    const auto seg = kData / "cohort.seg";
    const auto s2 = read_copy_number_file(seg, "S2");
    CHECK(s2.format == "segments");
    REQUIRE(s2.segments.size() == 3);
    CHECK(s2.segments[1].probes == 48);
    CHECK(read_copy_number_file(seg, "S1").segments.size() == 3);
    CHECK(read_copy_number_file(seg, "patient-7", 2.0, "S3").segments.size() == 3);
    try {
        read_copy_number_file(seg, "S9");
        FAIL("no error for a sample that is not in the file");
    } catch (const InputError& e) {
        const std::string message = e.what();
        CHECK(message.find("cohort.seg") != std::string::npos);
        CHECK(message.find("S1, S2, S3") != std::string::npos);
        CHECK(message.find("--cna-sample") != std::string::npos);
    }
    CHECK_THROWS_AS(read_copy_number_file(seg, "S2", 2.0, "S9"), InputError);

    const auto kb = bundled_kb();
    const auto calls = [&](const std::string& sample) {
        const auto input = read_copy_number_file(seg, sample);
        return copy_number_findings(input.segments, input.genes, *kb, GenomeBuild::GRCh38, CopyNumberThresholds{});
    };
    REQUIRE(calls("S2").size() == 1);
    CHECK(calls("S2")[0].gene == "MYCN");
    CHECK(calls("S1").empty());
    CHECK(calls("S3").empty());

    // One sample in the file, under another id: used, with a warning.
    const auto single = std::filesystem::temp_directory_path() / "pedtx_issue12_single.seg";
    {
        std::ofstream out(single);
        out << "ID\tchrom\tloc.start\tloc.end\tnum.mark\tseg.mean\nTUMOR_A\tchr2\t15800001\t16100000\t48\t3.1\n";
    }
    const auto one = read_copy_number_file(single, "P1");
    CHECK(one.segments.size() == 1);
    REQUIRE(one.warnings.size() == 1);
    CHECK(one.warnings[0].find("TUMOR_A") != std::string::npos);
    CHECK_THROWS_AS(read_copy_number_file(single, "P1", 2.0, "TUMOR_B"), InputError);
    std::filesystem::remove(single);
}

TEST_CASE("issue 12.11: a 2-probe CNVkit blip inside BRAF is not an amplification", "[issue12][copy_number]") {
    const auto kb = bundled_kb();
    const auto input = read_copy_number_file(kData / "braf_blip.cns", "x");
    REQUIRE(input.segments.size() == 4);
    CHECK(input.segments[1].probes == 2);
    std::map<std::string, std::int64_t> skipped;
    CopyNumberThresholds thresholds;
    auto findings = copy_number_findings(input.segments, input.genes, *kb, GenomeBuild::GRCh38, thresholds, &skipped);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].gene == "MYCN");
    CHECK(skipped["copy_number_too_few_probes"] == 1);
    thresholds.min_probes = 2;  // the user's choice: then the blip is called
    findings = copy_number_findings(input.segments, input.genes, *kb, GenomeBuild::GRCh38, thresholds);
    CHECK(std::any_of(findings.begin(), findings.end(),
                      [](const Finding& f) { return f.gene == "BRAF" && f.alteration == "amplification"; }));
    // Size applies when the caller gives no probe count.
    std::vector<CopyNumberSegment> small = {input.segments[3]};
    small[0].probes = -1;
    small[0].end = small[0].start + 499;
    thresholds = CopyNumberThresholds{};
    skipped.clear();
    const GeneLocus* mycn = kb->locus(GenomeBuild::GRCh38, "MYCN");
    REQUIRE(mycn);
    small[0].start = mycn->span_start + 100;
    small[0].end = small[0].start + 499;
    CHECK(copy_number_findings(small, {}, *kb, GenomeBuild::GRCh38, thresholds, &skipped).empty());
    CHECK(skipped["copy_number_too_small"] == 1);
}
