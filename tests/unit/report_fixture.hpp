// A small SampleResult built by hand for the report writers' unit tests (report.hpp,
// annotated_vcf.hpp): a mutation with two evidence items (one lowered by resistance), a
// resistance item, a fusion and a biomarker finding, with input strings that need escaping.
// The evidence items live in the fixture; the knowledge base is only asked for its name,
// version and tumor types.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "pedtx/kb/knowledgebase.hpp"
#include "pedtx/match/sample_result.hpp"

namespace pedtx::test {

inline std::shared_ptr<const Knowledgebase> bundled_kb() {
    static const auto kb = Knowledgebase::load(std::filesystem::path(PEDTX_SOURCE_DIR) / "knowledgebase");
    return kb;
}

struct ReportFixture {
    // Held here so that the matches' pointers stay valid as long as the result.
    std::vector<std::unique_ptr<EvidenceItem>> items;
    SampleResult result;

    const EvidenceItem* add_item(std::string id, std::vector<std::string> drugs, Response response, char level) {
        auto item = std::make_unique<EvidenceItem>();
        item->id = std::move(id);
        item->drugs = std::move(drugs);
        item->response = response;
        item->level = level;
        item->alteration.gene = "BRAF";
        item->alteration.change = "V600E";
        item->tumor_types.codes = {"PAST"};
        item->summary = "test item";
        items.push_back(std::move(item));
        return items.back().get();
    }

    ReportFixture() {
        // A sample id with a quote, markup, a tab and a newline: every writer has to escape it.
        const std::string id = "S\"1 <x>\tnew\nline";
        result.input.sample_id = id;
        result.input.vcf = "/data/in put.vcf";
        result.input.tumor_type = "PAST";
        result.input.age_years = 8;
        result.sample_id = id;
        result.tumor_column = "TUMOR";
        result.tumor_column_reason = "only column";
        result.annotation_source = "VEP";
        result.annotation_tag = "CSQ";

        Finding braf;
        braf.gene = "BRAF";
        braf.alteration = "V600E";
        braf.category = FindingCategory::mutation;
        braf.matched_by = MatchedBy::annotation;
        braf.variant.chrom = "7";
        braf.variant.pos = 140753336;
        braf.variant.ref = "A";
        braf.variant.alt = "T";
        braf.variant.filter = "PASS";
        braf.variant.vaf = 0.25;
        braf.variant.depth = 80;
        braf.variant.alt_reads = 20;
        braf.tier = Tier::IA;
        EvidenceMatch ia;
        ia.item = add_item("EVT1", {"dabrafenib", "trametinib"}, Response::sensitive, 'A');
        ia.tier = Tier::IA;
        ia.matched_by = MatchedBy::annotation;
        ia.tumor_type_match = TumorTypeMatch::exact;
        EvidenceMatch lowered;
        // A drug name with the PEDTX separators and INFO-reserved characters in it.
        lowered.item = add_item("EVT2", {"drug:a;b=c,d|e&f"}, Response::sensitive, 'B');
        lowered.tier = Tier::IID;
        lowered.lowered_from = Tier::IB;
        lowered.matched_by = MatchedBy::genomic_key;
        lowered.tier_notes = {"lowered from IB to IID (test)"};
        EvidenceMatch against;
        against.item = add_item("EVT3", {"vemurafenib"}, Response::resistant, 'C');
        against.tier = Tier::IIC;
        against.matched_by = MatchedBy::transcript_tables;
        braf.evidence = {ia, against, lowered};
        result.findings.push_back(braf);

        Finding fusion;
        fusion.gene = "KIAA1549";
        fusion.alteration = "KIAA1549::BRAF";
        fusion.category = FindingCategory::fusion;
        fusion.matched_by = MatchedBy::fusion_caller;
        fusion.variant.chrom = "7";
        fusion.variant.pos = 138545885;
        fusion.tier = Tier::IIC;
        FusionCall call;
        call.five_prime = {"KIAA1549", "7", 138545885, '-', "NM_020910.3", "intron 15"};
        call.three_prime = {"BRAF", "7", 140487384, '-', "NM_004333.6", "intron 8"};
        call.source = "arriba";
        fusion.fusion = call;
        result.findings.push_back(fusion);

        Finding tmb;
        tmb.alteration = "TMB-high";
        tmb.category = FindingCategory::biomarker;
        tmb.matched_by = MatchedBy::biomarker;
        tmb.measurement = "TMB 14 mut/Mb (given)";
        tmb.tier = Tier::III;
        result.findings.push_back(tmb);
    }
};

}  // namespace pedtx::test
