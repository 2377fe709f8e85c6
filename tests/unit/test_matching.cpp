// Rules, tumor-type matching, age-aware tiering and resistance links.
#include <catch2/catch.hpp>

#include <filesystem>

#include "pedtx/kb/knowledgebase.hpp"
#include "pedtx/match/matcher.hpp"
#include "pedtx/match/tiering.hpp"

using namespace pedtx;

namespace {

std::shared_ptr<const Knowledgebase> fixture_kb() {
    static const auto kb = Knowledgebase::load(std::filesystem::path(PEDTX_SOURCE_DIR) / "tests/kb/fixture");
    return kb;
}

Variant coding(const std::string& gene, const std::string& change, VariantClass cls, int exon = 0) {
    Variant v;
    v.gene = gene;
    v.variant_class = cls;
    v.exon = exon;
    v.annotation_source = "VEP";
    v.protein.normalized = change;
    if (!change.empty()) {
        v.protein.ref_aa = change[0];
        v.protein.start = std::stoi(change.substr(1));
        v.protein.end = v.protein.start;
        v.protein.synonymous = change.back() == '=';
    }
    return v;
}

const EvidenceMatch* evidence(const Finding& f, const std::string& id) {
    for (const auto& e : f.evidence)
        if (e.item->id == id) return &e;
    return nullptr;
}

}  // namespace

TEST_CASE("alteration rules", "[match]") {
    AlterationRule exact{.type = RuleType::protein_change, .gene = "BRAF", .change = "V600E"};
    CHECK(rule_matches(exact, coding("BRAF", "V600E", VariantClass::missense)));
    CHECK_FALSE(rule_matches(exact, coding("BRAF", "V600K", VariantClass::missense)));
    CHECK_FALSE(rule_matches(exact, coding("KRAS", "V600E", VariantClass::missense)));

    AlterationRule legacy{.type = RuleType::protein_change, .gene = "H3-3A", .change = "K28M", .legacy_name = "K27M"};
    CHECK(rule_matches(legacy, coding("H3-3A", "K28M", VariantClass::missense)));
    CHECK(rule_matches(legacy, coding("H3-3A", "K27M", VariantClass::missense)));

    AlterationRule codon{.type = RuleType::codon, .gene = "KIT", .codon = 816, .ref_aa = 'D'};
    CHECK(rule_matches(codon, coding("KIT", "D816V", VariantClass::missense)));
    CHECK(rule_matches(codon, coding("KIT", "D816H", VariantClass::missense)));
    CHECK_FALSE(rule_matches(codon, coding("KIT", "D816=", VariantClass::synonymous)));

    AlterationRule range{.type = RuleType::codon_range, .gene = "ALK", .start = 1116, .end = 1392,
                         .classes = {VariantClass::missense}};
    CHECK(rule_matches(range, coding("ALK", "R1275Q", VariantClass::missense)));
    CHECK_FALSE(rule_matches(range, coding("ALK", "R1400Q", VariantClass::missense)));
    CHECK_FALSE(rule_matches(range, coding("ALK", "R1275*", VariantClass::stop_gained)));

    AlterationRule exon{.type = RuleType::exon, .gene = "EGFR", .exon = 19, .classes = {VariantClass::inframe_deletion}};
    CHECK(rule_matches(exon, coding("EGFR", "", VariantClass::inframe_deletion, 19)));
    CHECK(rule_matches(exon, coding("EGFR", "", VariantClass::inframe_delins, 19)));
    CHECK_FALSE(rule_matches(exon, coding("EGFR", "", VariantClass::inframe_deletion, 20)));
    CHECK_FALSE(rule_matches(exon, coding("EGFR", "", VariantClass::missense, 19)));

    AlterationRule lof{.type = RuleType::loss_of_function, .gene = "NF1"};
    CHECK(rule_matches(lof, coding("NF1", "R1362*", VariantClass::stop_gained)));
    CHECK(rule_matches(lof, coding("NF1", "", VariantClass::splice)));
    CHECK(rule_matches(lof, coding("NF1", "", VariantClass::frameshift)));
    CHECK_FALSE(rule_matches(lof, coding("NF1", "R1362Q", VariantClass::missense)));
    CHECK_FALSE(rule_matches(lof, coding("NF1", "", VariantClass::intronic)));
}

TEST_CASE("tumor types: descendants, groups and exclusions", "[match][tiering]") {
    const auto& tree = fixture_kb()->tumor_types();
    CHECK(match_tumor_type({.codes = {"LGGNOS"}}, tree, "LGGNOS") == TumorTypeMatch::exact);
    CHECK(match_tumor_type({.codes = {"ENCG"}}, tree, "PAST") == TumorTypeMatch::ancestor);
    CHECK(match_tumor_type({.codes = {"BRAIN"}}, tree, "PAST") == TumorTypeMatch::ancestor);
    CHECK(match_tumor_type({.codes = {"PAST"}}, tree, "ENCG") == TumorTypeMatch::other);
    CHECK(match_tumor_type({.codes = {"NBL"}}, tree, "") == TumorTypeMatch::other);
    const TumorTypeScope solid{.group = "solid", .exclude = {"MEL"}};
    CHECK(match_tumor_type(solid, tree, "NBL") == TumorTypeMatch::agnostic);
    CHECK(match_tumor_type(solid, tree, "CML") == TumorTypeMatch::other);
    CHECK(match_tumor_type(solid, tree, "MEL") == TumorTypeMatch::other);
    CHECK(match_tumor_type({.group = "hematologic"}, tree, "BLL") == TumorTypeMatch::agnostic);
    CHECK(match_tumor_type({.group = "all"}, tree, "") == TumorTypeMatch::agnostic);
}

TEST_CASE("tiers follow level, tumor type and the patient's age", "[tiering]") {
    const auto kb = fixture_kb();
    const Matcher matcher(*kb, GenomeBuild::GRCh38);
    Variant allele;
    allele.chrom = "chr7";
    allele.chrom_index = 7;
    allele.pos = 140753336;
    allele.ref = "A";
    allele.alt = "T";
    auto braf = coding("BRAF", "V600E", VariantClass::missense);
    braf.chrom_index = 7;
    braf.pos = allele.pos;
    braf.ref = "A";
    braf.alt = "T";

    SECTION("level A in this tumor type, old enough: IA") {
        auto findings = matcher.match_allele(allele, {braf});
        assign_tiers(findings, *kb, {"LGGNOS", 5.0});
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].tier == "IA");
        CHECK(evidence(findings[0], "FX01")->tier == "IA");
        CHECK(evidence(findings[0], "FX01")->age_note == "approved from 1 year");
        CHECK(evidence(findings[0], "FX02")->tier == "IB");
        CHECK(evidence(findings[0], "FX02")->tumor_type_match == TumorTypeMatch::agnostic);
    }
    SECTION("younger than the approval's minimum age: not IA, and the report says why") {
        auto findings = matcher.match_allele(allele, {braf});
        assign_tiers(findings, *kb, {"LGGNOS", 0.5});
        CHECK(evidence(findings[0], "FX01")->tier == "IIC");
        CHECK(evidence(findings[0], "FX01")->age_note ==
              "approved from 1 year; patient is 6 months (below the minimum age)");
        CHECK(findings[0].tier == "IB");
    }
    SECTION("another tumor type: IIC") {
        auto findings = matcher.match_allele(allele, {braf});
        assign_tiers(findings, *kb, {"MEL", 10.0});
        CHECK(findings[0].tier == "IIC");
    }
    SECTION("no annotation: the genomic key still matches, and says so") {
        auto findings = matcher.match_allele(allele, {});
        assign_tiers(findings, *kb, {"LGGNOS", 5.0});
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].gene == "BRAF");
        CHECK(findings[0].alteration == "V600E");
        CHECK(findings[0].matched_by == "genomic_key");
        CHECK(evidence(findings[0], "FX01"));
        // Keys belong to the protein change, so every item naming BRAF V600E matches.
        CHECK(evidence(findings[0], "FX02"));
    }
    SECTION("a KB-gene variant without evidence is tier III; a synonymous one is dropped") {
        auto other = coding("BRAF", "K601E", VariantClass::missense);
        auto silent = coding("ALK", "L1196=", VariantClass::synonymous);
        silent.gene = "ALK";
        Variant elsewhere = allele;
        elsewhere.pos = allele.pos - 3;  // K601E's codon, not the V600E key
        auto findings = matcher.match_allele(elsewhere, {other, silent});
        assign_tiers(findings, *kb, {"LGGNOS", 5.0});
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].tier == "III");
        CHECK(findings[0].evidence.empty());
    }
}

TEST_CASE("resistance is linked to the sensitivity it undercuts", "[tiering]") {
    const auto kb = fixture_kb();
    const Matcher matcher(*kb, GenomeBuild::GRCh38);
    Variant allele;
    allele.chrom_index = 9;
    allele.pos = 1;
    auto t315i = coding("ABL1", "T315I", VariantClass::missense);
    auto findings = matcher.match_allele(allele, {t315i});
    // A BCR::ABL1 fusion finding carrying the imatinib sensitivity (fusions come from their own reader).
    Finding fusion;
    fusion.gene = "BCR::ABL1";
    fusion.alteration = "BCR::ABL1";
    fusion.category = "fusion";
    for (const auto& item : kb->evidence())
        if (item.id == "FX08") fusion.evidence.push_back(EvidenceMatch{.item = &item, .matched_by = "annotation"});
    findings.push_back(fusion);
    assign_tiers(findings, *kb, {"CML", 12.0});
    REQUIRE(findings.size() == 2);
    const Finding& fusion_finding = findings[0].category == "fusion" ? findings[0] : findings[1];
    const Finding& mutation = findings[0].category == "fusion" ? findings[1] : findings[0];
    CHECK(evidence(mutation, "FX05")->tier == "IA");
    CHECK(evidence(mutation, "FX05")->item->response == Response::resistant);
    CHECK(evidence(mutation, "FX06")->tier == "IB");
    REQUIRE(evidence(fusion_finding, "FX08")->undercut_by.size() == 1);
    CHECK(evidence(fusion_finding, "FX08")->undercut_by[0] == "ABL1 T315I (FX05)");
    CHECK(format_age(0.083) == "1 month");
    CHECK(format_age(2.5) == "2.5 years");
}
