// HGVSp normalisation: 3-letter, 1-letter, accession prefixes, indels, stops, synonymous.
#include <catch2/catch.hpp>

#include "pedtx/core/hgvs.hpp"

using pedtx::parse_bcsq_protein;
using pedtx::parse_hgvsp;

namespace {
std::string norm(std::string_view text) {
    const auto change = parse_hgvsp(text);
    return change ? change->normalized : std::string("<none>");
}
}  // namespace

TEST_CASE("substitutions in 3-letter and 1-letter forms give the same change", "[hgvs]") {
    CHECK(norm("p.Val600Glu") == "V600E");
    CHECK(norm("p.V600E") == "V600E");
    CHECK(norm("V600E") == "V600E");
    CHECK(norm("p.(Val600Glu)") == "V600E");
    CHECK(norm("ENSP00000288602.6:p.Val600Glu") == "V600E");
    CHECK(norm("NP_004324.2:p.(V600E)") == "V600E");
    CHECK(norm("p.Phe1174Leu") == "F1174L");
    CHECK(norm("p.Lys28Met") == "K28M");
    const auto change = parse_hgvsp("p.Thr315Ile");
    REQUIRE(change);
    CHECK(change->ref_aa == 'T');
    CHECK(change->start == 315);
    CHECK(change->alt == "I");
    CHECK_FALSE(change->synonymous);
}

TEST_CASE("stop codons: Ter, * and X", "[hgvs]") {
    CHECK(norm("p.Arg213Ter") == "R213*");
    CHECK(norm("p.R213*") == "R213*");
    CHECK(norm("p.Arg213*") == "R213*");
    CHECK(norm("p.R213X") == "R213*");
}

TEST_CASE("frameshifts keep their new-stop distance", "[hgvs]") {
    CHECK(norm("p.Arg97ProfsTer23") == "R97Pfs*23");
    CHECK(norm("p.R97Pfs*23") == "R97Pfs*23");
    CHECK(norm("p.Arg97fs") == "R97fs");
    CHECK(norm("p.Asn139GlnfsTer5") == "N139Qfs*5");
}

TEST_CASE("in-frame deletions, insertions, duplications and delins", "[hgvs]") {
    CHECK(norm("p.Glu746_Ala750del") == "E746_A750del");
    CHECK(norm("p.E746_A750del") == "E746_A750del");
    CHECK(norm("p.Glu746_Thr751delinsAla") == "E746_T751delinsA");
    CHECK(norm("p.Ala502_Tyr503dup") == "A502_Y503dup");
    CHECK(norm("p.E604_F605insSPRGGNEYFYVDFREYEYDLKWE") == "E604_F605insSPRGGNEYFYVDFREYEYDLKWE");
    CHECK(norm("p.Glu604_Phe605insSerPro") == "E604_F605insSP");
    const auto del = parse_hgvsp("p.Glu746_Ala750del");
    REQUIRE(del);
    CHECK(del->start == 746);
    CHECK(del->end == 750);
}

TEST_CASE("old VEP multi-residue forms", "[hgvs]") {
    CHECK(norm("ENSP00000334319.8:p.ProLeuGlyProAlaLysProProAlaGlnHis375dup") == "P375_H385dup");
    CHECK(norm("ENSP00000302716.4:p.ThrSerProValAspThr1241ProThrProValAspTyr") == "T1241_T1246delinsPTPVDY");
}

TEST_CASE("synonymous and unknown effects", "[hgvs]") {
    const auto same = parse_hgvsp("p.=");
    REQUIRE(same);
    CHECK(same->synonymous);
    CHECK(norm("p.Leu858=") == "L858=");
    CHECK(parse_hgvsp("p.Leu858=")->synonymous);
    CHECK(norm("p.Leu858Leu") == "L858=");
    CHECK(norm("p.%3D") == "=");
    CHECK(norm("p.Leu858%3D") == "L858=");
    CHECK(norm("p.Met1?") == "M1?");
}

TEST_CASE("text that is not a protein change is refused, not guessed", "[hgvs]") {
    CHECK_FALSE(parse_hgvsp(""));
    CHECK_FALSE(parse_hgvsp("p."));
    CHECK_FALSE(parse_hgvsp("c.1799T>A"));
    CHECK_FALSE(parse_hgvsp("p.Val"));
    CHECK_FALSE(parse_hgvsp("p.600E"));
    CHECK_FALSE(parse_hgvsp("p.Val600Xyz"));
}

TEST_CASE("bcftools csq amino-acid changes", "[hgvs][bcsq]") {
    CHECK(parse_bcsq_protein("600V>600E")->normalized == "V600E");
    CHECK(parse_bcsq_protein("315T>315I")->normalized == "T315I");
    CHECK(parse_bcsq_protein("60S")->synonymous);
    CHECK(parse_bcsq_protein("508VA>508V")->normalized == "A509del");
    CHECK(parse_bcsq_protein("12G>12*")->normalized == "G12*");
    CHECK_FALSE(parse_bcsq_protein("V600E"));
}

TEST_CASE("percent escapes from VCF INFO values are decoded", "[hgvs]") {
    CHECK(pedtx::percent_decode("p.%3D") == "p.=");
    CHECK(pedtx::percent_decode("a%3Bb%2Cc%3Ad%25") == "a;b,c:d%");
    CHECK(pedtx::percent_decode("100%") == "100%");
}
