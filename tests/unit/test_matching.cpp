// Rules, tumor-type matching, age-aware tiering and resistance links.
#include <catch2/catch.hpp>

#include <filesystem>

#include "pedtx/kb/knowledgebase.hpp"
#include "pedtx/match/compound_mutations.hpp"
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
    // The sample's code is broader than the item's: not the item's type, nor simply another one.
    CHECK(match_tumor_type({.codes = {"PAST"}}, tree, "ENCG") == TumorTypeMatch::sample_ancestor);
    CHECK(match_tumor_type({.codes = {"PAST"}}, tree, "NBL") == TumorTypeMatch::other);
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
        CHECK(findings[0].tier == Tier::IA);
        CHECK(evidence(findings[0], "FX01")->tier == Tier::IA);
        CHECK(evidence(findings[0], "FX01")->age_note == "FDA 2023: approved from 1 year");
        CHECK(evidence(findings[0], "FX02")->tier == Tier::IB);
        CHECK(evidence(findings[0], "FX02")->tumor_type_match == TumorTypeMatch::agnostic);
    }
    SECTION("younger than the approval's minimum age: not IA, and the report says why") {
        auto findings = matcher.match_allele(allele, {braf});
        assign_tiers(findings, *kb, {"LGGNOS", 0.5});
        CHECK(evidence(findings[0], "FX01")->tier == Tier::IIC);
        CHECK(evidence(findings[0], "FX01")->age_note ==
              "FDA 2023: approved from 1 year; patient is 6 months (below the minimum age)");
        CHECK(findings[0].tier == Tier::IB);
    }
    SECTION("another tumor type: IIC") {
        auto findings = matcher.match_allele(allele, {braf});
        assign_tiers(findings, *kb, {"MEL", 10.0});
        CHECK(findings[0].tier == Tier::IIC);
    }
    SECTION("no annotation: the genomic key still matches, and says so") {
        auto findings = matcher.match_allele(allele, {});
        assign_tiers(findings, *kb, {"LGGNOS", 5.0});
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].gene == "BRAF");
        CHECK(findings[0].alteration == "V600E");
        CHECK(findings[0].matched_by == MatchedBy::genomic_key);
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
        CHECK(findings[0].tier == Tier::III);
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
    fusion.category = FindingCategory::fusion;
    for (const auto& item : kb->evidence())
        if (item.id == "FX08")
            fusion.evidence.push_back(EvidenceMatch{.item = &item, .matched_by = MatchedBy::annotation});
    findings.push_back(fusion);
    assign_tiers(findings, *kb, {"CML", 12.0});
    REQUIRE(findings.size() == 2);
    const Finding& fusion_finding = findings[0].category == FindingCategory::fusion ? findings[0] : findings[1];
    const Finding& mutation = findings[0].category == FindingCategory::fusion ? findings[1] : findings[0];
    CHECK(evidence(mutation, "FX05")->tier == Tier::IA);
    CHECK(evidence(mutation, "FX05")->item->response == Response::resistant);
    CHECK(evidence(mutation, "FX06")->tier == Tier::IB);
    REQUIRE(evidence(fusion_finding, "FX08")->undercut_by.size() == 1);
    CHECK(evidence(fusion_finding, "FX08")->undercut_by[0] == "ABL1 T315I (FX05)");
    // ABL1 T315I in BCR::ABL1 CML: level A resistance in the fusion's own kinase lowers imatinib.
    CHECK(evidence(fusion_finding, "FX08")->lowered_from == Tier::IA);
    CHECK(evidence(fusion_finding, "FX08")->tier == Tier::IID);
    REQUIRE(evidence(fusion_finding, "FX08")->tier_notes.size() == 1);
    CHECK(evidence(fusion_finding, "FX08")->tier_notes[0] ==
          "lowered from IA to IID (not recommended: resistance shown in clinical evidence): resistance found in "
          "this sample: ABL1 T315I (FX05, level A: resistant to imatinib)");
    CHECK(fusion_finding.tier == Tier::IID);
    CHECK(format_age(0.083) == "1 month");
    CHECK(format_age(2.5) == "2.5 years");
}

namespace {

const EvidenceItem* item(const Knowledgebase& kb, const std::string& id) {
    for (const auto& e : kb.evidence())
        if (e.id == id) return &e;
    FAIL("no fixture item " << id);
    return nullptr;
}

Finding finding_with(const Knowledgebase& kb, const std::string& gene, const std::string& alteration,
                     FindingCategory category, std::initializer_list<const char*> ids) {
    Finding f;
    f.gene = gene;
    f.alteration = alteration;
    f.category = category;
    for (const char* id : ids)
        f.evidence.push_back(EvidenceMatch{.item = item(kb, id), .matched_by = MatchedBy::annotation});
    return f;
}

}  // namespace

TEST_CASE("each agency's approval is checked for the patient; --agency chooses which give IA", "[tiering][agency]") {
    const auto kb = fixture_kb();
    const auto run = [&](double age, Agency agency) {
        std::vector<Finding> findings{finding_with(*kb, "BRAF", "V600E", FindingCategory::mutation, {"FX20"})};
        assign_tiers(findings, *kb, {"LGGNOS", age, agency});
        return findings[0].evidence[0];
    };
    SECTION("any agency: the FDA label (from 1 year) gives IA at 3; the EMA one (from 6 years) says why not") {
        const EvidenceMatch m = run(3.0, Agency::any);
        CHECK(m.tier == Tier::IA);
        REQUIRE(m.approvals.size() == 2);
        CHECK(m.approvals[0].approval->agency == "FDA");
        CHECK(m.approvals[0].supports_tier_ia());
        CHECK(m.approvals[1].approval->agency == "EMA");
        CHECK_FALSE(m.approvals[1].age_ok);
        CHECK(m.approvals[1].note ==
              "approved from 6 years, body weight at least 40 kg (check the patient's weight); patient is 3 years "
              "(below the minimum age)");
        CHECK(m.approval->id == "fixture-dabrafenib-lgg");
        CHECK(m.age_note ==
              "FDA 2023: approved from 1 year; EMA 2024: approved from 6 years, body weight at least 40 kg (check the "
              "patient's weight); patient is 3 years (below the minimum age)");
    }
    SECTION("--agency EMA: below the EMA minimum age is IIC, at it IA") {
        CHECK(run(3.0, Agency::ema).tier == Tier::IIC);
        const EvidenceMatch m = run(7.0, Agency::ema);
        CHECK(m.tier == Tier::IA);
        CHECK(m.approval->id == "fixture-dabrafenib-lgg-ema");
        CHECK_FALSE(m.approvals[0].counted);
        CHECK(m.age_note.find("FDA 2023: approved from 1 year (not counted with --agency EMA)") == 0);
    }
    SECTION("--agency FDA counts the FDA label only") {
        CHECK(run(3.0, Agency::fda).tier == Tier::IA);
        CHECK(run(0.5, Agency::fda).tier == Tier::IIC);
    }
    SECTION("an item with only another agency's label is IIC, and the report says so") {
        std::vector<Finding> findings{finding_with(*kb, "ABL1", "T315I", FindingCategory::mutation, {"FX21"})};
        assign_tiers(findings, *kb, {"CML", 30.0, Agency::ema});
        const EvidenceMatch& m = findings[0].evidence[0];
        CHECK(m.tier == Tier::IIC);
        REQUIRE(m.tier_notes.size() == 1);
        CHECK(m.tier_notes[0].find("no EMA approval is linked to this evidence") == 0);
    }
    SECTION("parse_agency") {
        CHECK(parse_agency("ema") == Agency::ema);
        CHECK(parse_agency("FDA") == Agency::fda);
        CHECK(parse_agency("Any") == Agency::any);
        CHECK_FALSE(parse_agency("PMDA"));
        CHECK(to_string(Agency::ema) == "EMA");
    }
}

TEST_CASE("adult labels are level A with the label's minimum age: adults IA, children IIC", "[tiering][age]") {
    const auto kb = fixture_kb();
    const auto run = [&](double age) {
        std::vector<Finding> findings{finding_with(*kb, "ABL1", "T315I", FindingCategory::mutation, {"FX21"})};
        assign_tiers(findings, *kb, {"CML", age});
        return findings[0].evidence[0];
    };
    CHECK(run(19.0).tier == Tier::IA);
    CHECK(run(18.0).tier == Tier::IA);
    CHECK(run(39.0).tier == Tier::IA);
    const EvidenceMatch child = run(12.0);
    CHECK(child.tier == Tier::IIC);
    CHECK(child.age_note ==
          "FDA 2021: adults only (approved from 18 years); patient is 12 years (below the minimum age)");
    CHECK(child.approval->adults_only());
}

TEST_CASE("a label with an upper age bound covers patients below it only", "[tiering][age]") {
    const auto kb = fixture_kb();
    const auto run = [&](double age) {
        std::vector<Finding> findings{finding_with(*kb, "NPM1::ALK", "fusion", FindingCategory::fusion, {"FX22"})};
        assign_tiers(findings, *kb, {"ALCL", age});
        return findings[0].evidence[0];
    };
    CHECK(run(1.0).tier == Tier::IA);
    CHECK(run(17.9).tier == Tier::IA);
    const EvidenceMatch adult = run(18.0);
    CHECK(adult.tier == Tier::IIC);
    CHECK(adult.age_note ==
          "EMA 2024: approved from 1 year, under 18 years only; patient is 18 years (above the "
          "label's age range)");
}

TEST_CASE("acquired resistance beside the fusion it undercuts lowers the fusion's drug, and says why",
          "[tiering][resistance]") {
    const auto kb = fixture_kb();
    std::vector<Finding> findings{finding_with(*kb, "NPM1::ALK", "fusion", FindingCategory::fusion, {"FX22"}),
                                  finding_with(*kb, "ALK", "G1202R", FindingCategory::mutation, {"FX23"})};
    findings[0].fusion = FusionCall{};
    findings[0].fusion->five_prime.gene = "NPM1";
    findings[0].fusion->three_prime.gene = "ALK";
    SECTION("in the tumor type of the resistance evidence: lowered to IID") {
        assign_tiers(findings, *kb, {"ALCL", 10.0});
        const Finding& fusion = findings[0].category == FindingCategory::fusion ? findings[0] : findings[1];
        const EvidenceMatch& m = fusion.evidence[0];
        CHECK(m.lowered_from == Tier::IA);
        CHECK(m.tier == Tier::IID);
        CHECK(m.undercut_by == std::vector<std::string>{"ALK G1202R (FX23)"});
        REQUIRE(m.tier_notes.size() == 1);
        CHECK(m.tier_notes[0].find("ALK G1202R (FX23, level B: resistant to crizotinib)") != std::string::npos);
        CHECK(fusion.tier == Tier::IID);
    }
    SECTION("without the resistance mutation the fusion stays IA") {
        findings.pop_back();
        assign_tiers(findings, *kb, {"ALCL", 10.0});
        CHECK(findings[0].evidence[0].tier == Tier::IA);
        CHECK(findings[0].evidence[0].lowered_from == std::nullopt);
    }
    SECTION("resistance in another gene is linked, not used to lower") {
        std::vector<Finding> other{finding_with(*kb, "BCR::ABL1", "fusion", FindingCategory::fusion, {"FX08"}),
                                   finding_with(*kb, "KIT", "D816V", FindingCategory::mutation, {"FX05"})};
        assign_tiers(other, *kb, {"CML", 10.0});
        const Finding& fusion = other[0].category == FindingCategory::fusion ? other[0] : other[1];
        CHECK(fusion.evidence[0].tier == Tier::IA);
        CHECK(fusion.evidence[0].undercut_by.size() == 1);
        CHECK(fusion.evidence[0].lowered_from == std::nullopt);
    }
}

TEST_CASE("a sample coded with a broader tumor type than the approval's: IIC with a note", "[tiering][tumor_type]") {
    const auto kb = fixture_kb();
    std::vector<Finding> findings{finding_with(*kb, "BRAF", "V600E", FindingCategory::mutation, {"FX01"})};
    const std::string broader = kb->tumor_types().find("LGGNOS")->parent;
    REQUIRE_FALSE(broader.empty());
    assign_tiers(findings, *kb, {broader, 10.0});
    const EvidenceMatch& m = findings[0].evidence[0];
    CHECK(m.tumor_type_match == TumorTypeMatch::sample_ancestor);
    CHECK(m.tier == Tier::IIC);
    REQUIRE(m.tier_notes.size() == 1);
    CHECK(m.tier_notes[0] == "the approval is for LGGNOS; the sample is coded " + broader +
                                 " (a broader type): tier IIC, not IA, until the subtype is confirmed");
}

TEST_CASE("two ABL1 kinase-domain mutations: the report says compound or polyclonal cannot be told apart",
          "[tiering][abl1]") {
    const auto kb = fixture_kb();
    auto mutation = [&](const std::string& change, int codon) {
        Finding f = finding_with(*kb, "ABL1", change, FindingCategory::mutation, {});
        f.variant.protein.start = codon;
        return f;
    };
    SECTION("T315I and E255K in CML: each finding says so, with the sources") {
        std::vector<Finding> findings{mutation("T315I", 315), mutation("E255K", 255)};
        const auto found = find_abl1_kinase_domain_mutations(findings);
        REQUIRE(found);
        CHECK(found->gene == "ABL1");
        CHECK(found->mutations == std::vector<std::string>{"E255K", "T315I"});
        CHECK(found->findings == std::vector<std::size_t>{0, 1});
        assign_tiers(findings, *kb, {"CML", 12.0});
        for (const auto& f : findings) {
            REQUIRE(f.notes.size() == 1);
            CHECK(f.notes[0].find("2 ABL1 kinase-domain mutations found (E255K, T315I): they may be compound (on "
                                  "the same BCR::ABL1 allele) or polyclonal (in different clones); a VCF cannot "
                                  "tell") == 0);
            CHECK(f.notes[0].find("can differ from that of each mutation alone") != std::string::npos);
            CHECK(f.notes[0].find("PMID 26603839") != std::string::npos);
            CHECK(f.notes[0].find("doi:10.1016/j.ccr.2014.07.006") != std::string::npos);
        }
    }
    SECTION("three in a B-lymphoblastic leukemia subtype, unknown tumor type: noted; a solid tumor: not") {
        for (const std::string& code : {std::string("BLL"), std::string("")}) {
            std::vector<Finding> findings{mutation("Y253H", 253), mutation("T315I", 315), mutation("F359V", 359)};
            assign_tiers(findings, *kb, {code, 9.0});
            for (const auto& f : findings) {
                REQUIRE(f.notes.size() == 1);
                CHECK(f.notes[0].find("3 ABL1 kinase-domain mutations found (F359V, T315I, Y253H)") == 0);
            }
        }
        CHECK(abl1_kinase_domain_note_applies(*kb, "CML"));
        CHECK_FALSE(abl1_kinase_domain_note_applies(*kb, "NBL"));
        std::vector<Finding> solid{mutation("T315I", 315), mutation("E255K", 255)};
        assign_tiers(solid, *kb, {"NBL", 9.0});
        for (const auto& f : solid) CHECK(f.notes.empty());
    }
    SECTION("one kinase-domain mutation alone, or beside one outside the domain: no note") {
        std::vector<Finding> alone{mutation("T315I", 315)};
        CHECK_FALSE(find_abl1_kinase_domain_mutations(alone));
        assign_tiers(alone, *kb, {"CML", 12.0});
        CHECK(alone[0].notes.empty());
        std::vector<Finding> findings{mutation("T315I", 315), mutation("P1000L", 1000)};
        assign_tiers(findings, *kb, {"CML", 12.0});
        for (const auto& f : findings) CHECK(f.notes.empty());
    }
    SECTION("the same mutation twice (two records, one change), or a synonymous one beside it: no note") {
        std::vector<Finding> twice{mutation("T315I", 315), mutation("T315I", 315)};
        CHECK_FALSE(find_abl1_kinase_domain_mutations(twice));
        Finding silent = mutation("E255=", 255);
        silent.variant.protein.synonymous = true;
        std::vector<Finding> with_silent{mutation("T315I", 315), silent};
        CHECK_FALSE(find_abl1_kinase_domain_mutations(with_silent));
    }
    SECTION("a genomic-key finding without protein numbering counts by its name") {
        std::vector<Finding> findings{mutation("T315I", 0), mutation("Y253H", 253)};
        CHECK(finding_codon(findings[0]) == 315);
        assign_tiers(findings, *kb, {"CML", 12.0});
        CHECK(findings[0].notes.size() == 1);
    }
}
