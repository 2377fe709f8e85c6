// Issue 17: germline pharmacogenomics. Diplotype classes from site observations (TPMT, NUDT15,
// G6PD), then real-format germline VCFs (tests/data/germline: HaplotypeCaller, DeepVariant,
// GATK gVCF layouts written by hand after those tools' output; GRCh37 and GRCh38, chr-prefixed or
// not, phased and unphased, multi-allelic, no-call, haploid chrX).
#include <catch2/catch.hpp>

#include <filesystem>

#include <tbb/task_arena.h>
#include <nlohmann/json.hpp>

#include "pedtx/core/error.hpp"
#include "pedtx/kb/knowledgebase.hpp"
#include "pedtx/match/germline.hpp"
#include "pedtx/pipeline/annotate.hpp"
#include "pedtx/pipeline/germline.hpp"
#include "pedtx/report/report.hpp"

using namespace pedtx;

namespace {

const Knowledgebase& kb() {
    static const auto loaded = Knowledgebase::load(std::filesystem::path(PEDTX_SOURCE_DIR) / "knowledgebase");
    return *loaded;
}

std::filesystem::path data(const char* name) {
    return std::filesystem::path(PEDTX_SOURCE_DIR) / "tests/data/germline" / name;
}

// Every tested position called reference, then the given variants carried.
struct Genotypes {
    std::vector<PgxSiteObservation> sites;
    Genotypes() {
        for (const auto& v : kb().pharmacogenomics().variants) {
            PgxSiteObservation s;
            s.variant = &v;
            s.status = SiteStatus::reference;
            sites.push_back(s);
        }
    }
    Genotypes& carry(const std::string& gene, const std::string& hgvsc, int copies, bool phased = false, int on = 0) {
        for (auto& s : sites)
            if (s.variant->gene == gene && s.variant->hgvsc == hgvsc) {
                s.status = SiteStatus::carried;
                s.alt_copies = copies;
                s.phased = phased;
                s.carried_on = {copies == 2 || on == 0, copies == 2 || on == 1};
            }
        return *this;
    }
    Genotypes& set(const std::string& gene, SiteStatus status) {
        for (auto& s : sites)
            if (s.variant->gene == gene) s.status = status;
        return *this;
    }
    Genotypes& haploid(const std::string& gene) {
        for (auto& s : sites)
            if (s.variant->gene == gene) s.ploidy = 1;
        return *this;
    }
};

PgxGeneResult call(const Genotypes& g, const std::string& gene, Sex sex = Sex::unknown) {
    for (auto& r : call_pharmacogenomics(kb().pharmacogenomics(), g.sites, sex, GenomeBuild::GRCh38))
        if (r.gene == gene) return r;
    FAIL("no result for " << gene);
    return {};
}

bool mentions(const std::vector<std::string>& lines, const std::string& text) {
    for (const auto& l : lines)
        if (l.find(text) != std::string::npos) return true;
    return false;
}

bool recommends(const PgxGeneResult& r, const std::string& drug, const std::string& text) {
    for (const auto& rec : r.recommendations)
        if (std::find(rec.drugs.begin(), rec.drugs.end(), drug) != rec.drugs.end() &&
            rec.text.find(text) != std::string::npos && rec.guideline.pmid.size() >= 8)
            return true;
    return false;
}

}  // namespace

TEST_CASE("the knowledge base carries the CPIC tables with derived positions on both builds", "[germline]") {
    const auto& c = kb().pharmacogenomics();
    const PgxVariant* c719 = c.variant("TPMT", "c.719A>G");
    REQUIRE(c719);
    CHECK(c719->rsid == "rs1142345");
    CHECK(c719->on(GenomeBuild::GRCh38).pos == 18130687);
    CHECK(c719->on(GenomeBuild::GRCh37).pos == 18130918);
    CHECK(c.variant("NUDT15", "c.415C>T")->on(GenomeBuild::GRCh38).pos == 48045719);
    CHECK(c.recommendations_for("TPMT", "poor_metabolizer").size() == 3);
    for (const auto& r : c.recommendations) CHECK((r.guideline.pmid == "30447069" || r.guideline.pmid == "36049896"));
}

TEST_CASE("TPMT and NUDT15 diplotype classes and CPIC phenotypes", "[germline]") {
    SECTION("no variant at called positions: *1/*1 normal metabolizer, with the limits stated") {
        const auto r = call(Genotypes(), "TPMT");
        CHECK(r.diplotype == "*1/*1");
        CHECK(r.phenotype == "normal_metabolizer");
        CHECK(recommends(r, "mercaptopurine", "normal starting dose"));
        CHECK(mentions(r.notes, "not proof of normal function"));
        CHECK(r.positions_not_called.empty());
    }
    SECTION("one no-function allele: *1/*2 intermediate metabolizer") {
        const auto r = call(Genotypes().carry("TPMT", "c.238G>C", 1), "TPMT");
        CHECK(r.diplotype == "*1/*2");
        CHECK(r.phenotype == "intermediate_metabolizer");
        CHECK(recommends(r, "mercaptopurine", "30-80%"));
        CHECK(recommends(r, "thioguanine", "50-80%"));
    }
    SECTION("unphased c.460G>A + c.719A>G heterozygous: most likely *1/*3A, *3B/*3C stated") {
        const auto r = call(Genotypes().carry("TPMT", "c.460G>A", 1).carry("TPMT", "c.719A>G", 1), "TPMT");
        CHECK(r.diplotype == "*1/*3A");
        CHECK(r.phenotype == "intermediate_metabolizer");
        CHECK(mentions(r.notes, "*3B/*3C (poor_metabolizer)"));
        CHECK(mentions(r.notes, "most likely *1/*3A"));
    }
    SECTION("phased in trans: *3B/*3C poor metabolizer") {
        const auto r =
            call(Genotypes().carry("TPMT", "c.460G>A", 1, true, 0).carry("TPMT", "c.719A>G", 1, true, 1), "TPMT");
        CHECK(r.diplotype == "*3B/*3C");
        CHECK(r.phenotype == "poor_metabolizer");
        CHECK(recommends(r, "mercaptopurine", "10-fold"));
        CHECK_FALSE(mentions(r.notes, "Unphased"));
    }
    SECTION("phased in cis: *1/*3A") {
        const auto r =
            call(Genotypes().carry("TPMT", "c.460G>A", 1, true, 1).carry("TPMT", "c.719A>G", 1, true, 1), "TPMT");
        CHECK(r.diplotype == "*1/*3A");
    }
    SECTION("homozygous: *3A/*3A, and *3A/*3C") {
        CHECK(call(Genotypes().carry("TPMT", "c.460G>A", 2).carry("TPMT", "c.719A>G", 2), "TPMT").diplotype ==
              "*3A/*3A");
        CHECK(call(Genotypes().carry("TPMT", "c.460G>A", 1).carry("TPMT", "c.719A>G", 2), "TPMT").diplotype ==
              "*3A/*3C");
    }
    SECTION("unphased compound heterozygote of two different alleles: *2/*3C poor metabolizer") {
        const auto r = call(Genotypes().carry("TPMT", "c.238G>C", 1).carry("TPMT", "c.719A>G", 1), "TPMT");
        CHECK(r.diplotype == "*2/*3C");
        CHECK(r.phenotype == "poor_metabolizer");
    }
    SECTION("NUDT15 *3/*3 poor metabolizer, *1/*3 intermediate, *2 sharing R139C noted") {
        const auto poor = call(Genotypes().carry("NUDT15", "c.415C>T", 2), "NUDT15");
        CHECK(poor.diplotype == "*3/*3");
        CHECK(poor.phenotype == "poor_metabolizer");
        CHECK(recommends(poor, "mercaptopurine", "drastically reduced"));
        CHECK(mentions(poor.notes, "*2 and *3 share c.415C>T"));
        CHECK(call(Genotypes().carry("NUDT15", "c.415C>T", 1), "NUDT15").phenotype == "intermediate_metabolizer");
    }
    SECTION("nothing called: not determined, not normal") {
        const auto r = call(Genotypes().set("NUDT15", SiteStatus::not_in_vcf), "NUDT15");
        CHECK(r.diplotype == "not determined");
        CHECK(r.phenotype == "indeterminate");
        CHECK(r.positions_not_called.size() == 1);
    }
    SECTION("TPMT and NUDT15 both intermediate: the combined 20-50% recommendation") {
        const auto g = Genotypes().carry("TPMT", "c.238G>C", 1).carry("NUDT15", "c.415C>T", 1);
        CHECK(recommends(call(g, "TPMT"), "mercaptopurine", "20-50%"));
        CHECK(recommends(call(g, "NUDT15"), "thioguanine", "20-50%"));
    }
}

TEST_CASE("G6PD: hemizygous male, heterozygous and homozygous female, sex unknown", "[germline]") {
    const auto male =
        call(Genotypes().carry("G6PD", "c.202G>A", 1).carry("G6PD", "c.376A>G", 1).haploid("G6PD"), "G6PD", Sex::male);
    CHECK(male.phenotype == "deficient");
    CHECK(male.diplotype == "A- (hemizygous)");
    CHECK(recommends(male, "rasburicase", "avoid rasburicase"));
    const auto female = call(Genotypes().carry("G6PD", "c.563C>T", 1), "G6PD", Sex::female);
    CHECK(female.phenotype == "variable");
    CHECK(female.diplotype == "B/Mediterranean (heterozygous)");
    CHECK(recommends(female, "rasburicase", "measure G6PD enzyme activity"));
    CHECK(call(Genotypes().carry("G6PD", "c.563C>T", 2), "G6PD", Sex::female).phenotype == "deficient");
    CHECK(call(Genotypes().carry("G6PD", "c.563C>T", 1).carry("G6PD", "c.1376G>T", 1), "G6PD", Sex::female).diplotype ==
          "Mediterranean/Canton (compound heterozygous)");
    const auto unknown = call(Genotypes().carry("G6PD", "c.563C>T", 1), "G6PD");
    CHECK(unknown.phenotype == "variable");
    CHECK(mentions(unknown.notes, "Sex not given"));
    const auto none = call(Genotypes(), "G6PD", Sex::male);
    CHECK(none.phenotype == "normal");
    CHECK_FALSE(none.actionable);
    CHECK(call(Genotypes().carry("G6PD", "c.376A>G", 1).haploid("G6PD"), "G6PD", Sex::male).phenotype == "normal");
}

TEST_CASE("germline VCFs: unphased, phased GRCh37, multi-allelic with a no-call, gVCF blocks, chrX", "[germline]") {
    const auto& catalog = kb().pharmacogenomics();
    const auto run = [&](const char* name, GenomeBuild build, Sex sex = Sex::unknown) {
        VcfReader reader(data(name));
        const auto sites = observe_pharmacogenomic_sites(reader, 0, catalog, build);
        return call_pharmacogenomics(catalog, sites, sex, build);
    };
    SECTION("HaplotypeCaller, chr-prefixed GRCh38, unphased *3B + *3C heterozygous") {
        const auto r = run("hc_tpmt_3b_3c_unphased.grch38.vcf", GenomeBuild::GRCh38);
        CHECK(r[0].diplotype == "*1/*3A");
        CHECK(mentions(r[0].notes, "*3B/*3C"));
        // Positions without a record are not called (not reference).
        CHECK(r[0].positions_not_called.size() == 5);
        CHECK(r[1].diplotype == "not determined");
    }
    SECTION("DeepVariant, GRCh37 without chr, phased in trans; RefCall 0/0 counts as reference") {
        const auto r = run("dv_tpmt_3b_3c_phased.grch37.vcf", GenomeBuild::GRCh37);
        CHECK(r[0].diplotype == "*3B/*3C");
        CHECK(r[0].phenotype == "poor_metabolizer");
        CHECK(r[1].diplotype == "*1/*1");
    }
    SECTION("multi-allelic T>G,C with GT 0/2, a *2 heterozygote and a ./. at c.460") {
        const auto r = run("hc_tpmt_2_3c_multiallelic.grch38.vcf", GenomeBuild::GRCh38);
        CHECK(r[0].diplotype == "*2/*3C");
        CHECK(mentions(r[0].positions_not_called, "c.460G>A"));
        CHECK(mentions(r[0].positions_not_called, "no call"));
    }
    SECTION("gVCF: NUDT15 *3/*3, reference blocks make TPMT *1/*1 and G6PD normal") {
        const auto r = run("gvcf_nudt15_3_3.grch38.g.vcf", GenomeBuild::GRCh38, Sex::female);
        CHECK(r[0].diplotype == "*1/*1");
        CHECK(r[0].positions_not_called.empty());
        CHECK(r[1].diplotype == "*3/*3");
        CHECK(r[1].phenotype == "poor_metabolizer");
        CHECK(r[2].phenotype == "normal");
    }
    SECTION("G6PD A- hemizygous male (haploid GT), Mediterranean heterozygous female (GRCh37)") {
        CHECK(run("g6pd_a_minus_male.grch38.vcf", GenomeBuild::GRCh38, Sex::male)[2].phenotype == "deficient");
        const auto unknown = run("g6pd_a_minus_male.grch38.vcf", GenomeBuild::GRCh38)[2];
        CHECK(unknown.phenotype == "deficient");  // a haploid call says one X chromosome
        const auto girl = run("g6pd_mediterranean_female.grch37.vcf", GenomeBuild::GRCh37, Sex::female)[2];
        CHECK(girl.phenotype == "variable");
    }
}

TEST_CASE("germline source: --germline, the normal column, or not assessed", "[germline]") {
    SampleResult result;
    result.build = GenomeBuild::GRCh38;
    SampleInput input;
    input.vcf = std::filesystem::path(PEDTX_SOURCE_DIR) / "tests/data/sites_only.vcf";
    assess_germline(input, TumorSampleChoice{-1, "sites_only", "sites-only VCF"}, kb(), result);
    CHECK_FALSE(result.germline.assessed);
    CHECK(result.germline.not_assessed_reason.find("no germline input") != std::string::npos);

    SampleResult paired;
    paired.build = GenomeBuild::GRCh38;
    input.vcf = std::filesystem::path(PEDTX_SOURCE_DIR) / "tests/data/mutect2_two_samples.vcf";
    assess_germline(input, TumorSampleChoice{1, "TUMOR_X", "##tumor_sample"}, kb(), paired);
    CHECK(paired.germline.assessed);
    CHECK(paired.germline.source.find("NORMAL_X (##normal_sample)") != std::string::npos);

    SampleResult own;
    own.build = GenomeBuild::GRCh38;
    input.germline = data("gvcf_nudt15_3_3.grch38.g.vcf");
    input.sex = Sex::male;
    assess_germline(input, TumorSampleChoice{1, "TUMOR_X", "##tumor_sample"}, kb(), own);
    REQUIRE(own.germline.pharmacogenomics.size() == 3);
    CHECK(own.germline.pharmacogenomics[1].diplotype == "*3/*3");

    input.normal_sample = "nobody";
    SampleResult bad;
    CHECK_THROWS_AS(assess_germline(input, TumorSampleChoice{1, "TUMOR_X", "x"}, kb(), bad), InputError);
}

TEST_CASE("predisposition: germline TP53 in a tumor-normal VCF, possible germline NF1 tumor-only, CMMRD",
          "[germline]") {
    REQUIRE(kb().predisposition().gene("TP53"));
    SECTION("the normal column carries TP53 p.Arg306Ter (FILTER germline does not hide it)") {
        SampleInput input;
        input.vcf = data("tumor_normal_tp53_germline.vep.vcf");
        const SampleResult result = annotate_sample(input, kb(), AnnotateOptions{}, AnnotateHooks{});
        const auto& found = result.germline.predisposition;
        REQUIRE(found.size() == 1);
        CHECK(found[0].gene == "TP53");
        CHECK(found[0].origin == "germline");
        CHECK(found[0].zygosity == "heterozygous");
        CHECK(found[0].hgvsp == "p.Arg306Ter");
        CHECK(found[0].action.find("refer to genetic counselling") != std::string::npos);
        CHECK(found[0].syndrome == "Li-Fraumeni syndrome");
        CHECK(found[0].source.find("26580448") != std::string::npos);
    }
    SECTION(
        "germline SUFU splice donor (Gorlin syndrome) is reported; germline ALK R1275Q is not (knowledge base "
        "2026.12.6)") {
        SampleInput input;
        input.vcf = data("tumor_normal_sufu_germline.vep.vcf");
        const SampleResult result = annotate_sample(input, kb(), AnnotateOptions{}, AnnotateHooks{});
        const auto& found = result.germline.predisposition;
        // ALK predisposition is by activating missense: the loss-of-function model does not call it.
        REQUIRE(found.size() == 1);
        CHECK(found[0].gene == "SUFU");
        CHECK(found[0].origin == "germline");
        CHECK(found[0].hgvsc.find("c.182+1G>A") != std::string::npos);
        CHECK(found[0].syndrome.find("Gorlin syndrome") != std::string::npos);
        CHECK(found[0].source.find("28620006") != std::string::npos);
        CHECK(found[0].surveillance.find("brain MRI") != std::string::npos);
        CHECK(found[0].action.find("refer to genetic counselling") != std::string::npos);
        for (const char* gene : {"DICER1", "SMARCB1", "SMARCA4", "PTCH1", "SUFU", "WT1", "ELP1"})
            CHECK(kb().predisposition().gene(gene));
        CHECK_FALSE(kb().predisposition().gene("ALK"));
        CHECK_FALSE(kb().predisposition().gene("PHOX2B"));
    }
    SECTION("tumor-only NF1 p.Arg1306Ter at VAF 0.48: possible germline, on the finding too") {
        SampleInput input;
        input.vcf = data("tumor_only_nf1_possible_germline.vep.vcf");
        const SampleResult result = annotate_sample(input, kb(), AnnotateOptions{}, AnnotateHooks{});
        CHECK_FALSE(result.germline.assessed);
        REQUIRE(result.germline.predisposition.size() == 1);
        CHECK(result.germline.predisposition[0].origin == "possible germline");
        CHECK(result.germline.predisposition[0].action.find("confirm with a normal sample") != std::string::npos);
        bool noted = false;
        for (const auto& f : result.findings)
            if (f.gene == "NF1")
                for (const auto& n : f.notes) noted = noted || n.find("possible germline") != std::string::npos;
        CHECK(noted);
    }
    SECTION("tumor-only genes outside the knowledge base's drug rules: loss of function at a germline VAF only") {
        // APC and TP53 have no evidence items, so no finding: the record loop's scan flags them.
        REQUIRE(kb().predisposition().gene("APC"));
        SampleInput input;
        input.vcf = data("tumor_only_apc_tp53_outside_kb.vep.vcf");
        const SampleResult result = annotate_sample(input, kb(), AnnotateOptions{}, AnnotateHooks{});
        CHECK_FALSE(result.germline.assessed);
        REQUIRE(result.germline.predisposition.size() == 1);  // not TP53 missense (0.5), not TP53 stop (0.18)
        const auto& apc = result.germline.predisposition[0];
        CHECK(apc.gene == "APC");
        CHECK(apc.origin == "possible germline");
        CHECK(apc.hgvsp == "p.Arg1450Ter");
        CHECK(apc.variant == "chr5:112839942 C>T");
        CHECK(apc.vaf == Approx(0.52));
        CHECK(apc.action.find("confirm with a normal sample (tumor VAF 0.52, near 0.5, in APC") != std::string::npos);
    }
    SECTION("a somatic VAF is not flagged; biallelic MMR loss and TMB >= 100 give the CMMRD note") {
        std::vector<Finding> findings(1);
        findings[0].gene = "NF1";
        findings[0].category = FindingCategory::mutation;
        findings[0].variant.vaf = 0.21;
        CHECK(flag_possible_germline(findings, kb().predisposition()).empty());
        PredispositionFinding msh6;
        msh6.gene = "MSH6";
        msh6.origin = "germline";
        msh6.zygosity = "homozygous";
        const auto notes = cmmrd_notes({msh6}, std::nullopt, kb().predisposition());
        REQUIRE(notes.size() == 1);
        CHECK(notes[0].find("CMMRD") != std::string::npos);
        CHECK(notes[0].find("NCT02992964") != std::string::npos);
        CHECK(cmmrd_notes({}, 150.0, kb().predisposition()).size() == 1);
        CHECK(cmmrd_notes({}, 40.0, kb().predisposition()).empty());
    }
}

TEST_CASE(
    "a tumor-normal VCF is read once: its normal column, observed in the tumor pass, says what a second read says",
    "[germline]") {
    // annotate_sample gives the normal column each record of the tumor pass (in file order, from
    // the pipeline's serial stage); assess_germline without that observation reads the file again
    // on its own. Both must give the same germline and pharmacogenomics sections, at any thread
    // count, for VCF text, bgzip and BCF.
    const std::filesystem::path repo_data = std::filesystem::path(PEDTX_SOURCE_DIR) / "tests/data";
    const auto sections = [](const SampleResult& result) {
        const auto doc =
            nlohmann::json::parse(sample_report_json(result, kb(), ReportContext{"0.0.0-test", "", AnnotateOptions{}}));
        return doc.at("germline").dump() + doc.at("pharmacogenomics").dump();
    };
    for (const auto& file : {data("tumor_normal_tp53_germline.vep.vcf"), data("tumor_normal_sufu_germline.vep.vcf"),
                             repo_data / "mutect2_two_samples.vcf", repo_data / "mutect2_two_samples.vcf.gz",
                             repo_data / "mutect2_two_samples.bcf"}) {
        for (const int threads : {1, 2}) {
            INFO(file.string() << ", " << threads << " thread(s)");
            SampleInput input;
            input.vcf = file;
            SampleResult once;
            tbb::task_arena arena(threads);
            arena.execute([&] { once = annotate_sample(input, kb(), AnnotateOptions{}, AnnotateHooks{}); });
            REQUIRE(once.germline.assessed);
            CHECK(once.germline.source.find("normal column") != std::string::npos);
            CHECK(once.germline.pharmacogenomics.size() == 3);

            SampleResult again = once;
            again.germline = GermlineResult{};
            const VcfReader reader(file);
            const TumorSampleChoice tumor = reader.choose_tumor_sample(std::nullopt, "--sample");
            assess_germline(input, tumor, kb(), again);
            CHECK(sections(once) == sections(again));
        }
    }
    // The TP53 stop in the normal column is found in the single pass too.
    SampleInput input;
    input.vcf = data("tumor_normal_tp53_germline.vep.vcf");
    const SampleResult result = annotate_sample(input, kb(), AnnotateOptions{}, AnnotateHooks{});
    REQUIRE(result.germline.predisposition.size() == 1);
    CHECK(result.germline.predisposition[0].origin == "germline");
}
