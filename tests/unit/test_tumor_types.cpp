// The OncoTree tree (include/pedtx/kb/tumor_types.hpp): look-up, retired-code aliases, ancestry and
// the solid/hematologic split, on the bundled knowledgebase/tumor_types.tsv and
// tumor_type_aliases.tsv (OncoTree 2025_10_03), plus small trees written here in the same format
// (tab-separated code, name, parent, tissue, main_type after a header line; see knowledgebase/FORMAT.md).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "pedtx/core/error.hpp"
#include "pedtx/kb/tumor_types.hpp"

using namespace pedtx;

namespace {

const std::filesystem::path kKnowledgebase = std::filesystem::path(PEDTX_SOURCE_DIR) / "knowledgebase";

const TumorTypeTree& bundled_tree() {
    static const TumorTypeTree tree =
        TumorTypeTree::load(kKnowledgebase / "tumor_types.tsv", kKnowledgebase / "tumor_type_aliases.tsv");
    return tree;
}

std::filesystem::path write_file(const std::string& name, const std::string& text) {
    const auto path = std::filesystem::temp_directory_path() / ("pedtx_tumor_types_" + name);
    std::ofstream(path) << text;
    return path;
}

}  // namespace

TEST_CASE("tumor types: every code of the bundled tree is found, case-insensitively", "[kb][tumor_types]") {
    const auto& tree = bundled_tree();
    CHECK(tree.size() > 800);
    const TumorType* past = tree.find("PAST");
    REQUIRE(past);
    CHECK(past->name == "Pilocytic Astrocytoma");
    CHECK(past->parent == "ENCG");
    CHECK(past->tissue == "CNS/Brain");
    CHECK(tree.find("past") == past);
    CHECK(tree.find("Past") == past);
    CHECK(tree.find("NOT_A_CODE") == nullptr);
    CHECK(tree.find("") == nullptr);
    const TumorType* root = tree.find("TISSUE");
    REQUIRE(root);
    CHECK(root->parent.empty());
}

TEST_CASE("tumor types: retired codes resolve to their successors", "[kb][tumor_types]") {
    const auto& tree = bundled_tree();
    // tumor_type_aliases.tsv: DIPG -> DMG (precursor), GBM -> GB (revocation), SEGA -> LGGNOS (curated).
    for (const auto& [retired, successor] :
         {std::pair{"DIPG", "DMG"}, std::pair{"GBM", "GB"}, std::pair{"SEGA", "LGGNOS"}, std::pair{"TALL", "TLL"}}) {
        INFO(retired);
        const TumorType* node = tree.find(retired);
        REQUIRE(node);
        CHECK(node->code == successor);
        CHECK(tree.find(successor) == node);
    }
    CHECK(tree.find("dipg") == tree.find("DMG"));
    // An alias whose upper-case spelling is itself a current code (aCML -> ACML) finds the code.
    REQUIRE(tree.find("aCML"));
    CHECK(tree.find("aCML")->code == "ACML");
    CHECK(tree.why_unusable("DIPG").empty());
}

TEST_CASE("tumor types: a retired code split into several successors is refused, naming them", "[kb][tumor_types]") {
    const auto& tree = bundled_tree();
    // tumor_type_aliases.tsv: ALL -> BLL and ALL -> TLL (revocation). Taking the first row would give
    // a T-ALL the B-ALL drugs (blinatumomab, inotuzumab, Ph+ ALL TKIs).
    CHECK(tree.find("ALL") == nullptr);
    CHECK(tree.find("all") == nullptr);
    const std::string why = tree.why_unusable("all");
    CHECK(why.find("retired OncoTree code") != std::string::npos);
    CHECK(why.find("BLL or TLL") != std::string::npos);
    CHECK(tree.why_unusable("NOSUCHCODE") == "unknown OncoTree code \"NOSUCHCODE\"");
    CHECK(!tree.is_same_or_descendant("ALL", "BLL"));
}

TEST_CASE("tumor types: ancestry queries walk up the tree, aliases included", "[kb][tumor_types]") {
    const auto& tree = bundled_tree();
    CHECK(tree.is_same_or_descendant("PAST", "PAST"));
    CHECK(tree.is_same_or_descendant("PAST", "ENCG"));
    CHECK(tree.is_same_or_descendant("PAST", "BRAIN"));
    CHECK(tree.is_same_or_descendant("PAST", "TISSUE"));
    CHECK_FALSE(tree.is_same_or_descendant("BRAIN", "PAST"));  // an ancestor is not a descendant
    CHECK_FALSE(tree.is_same_or_descendant("PAST", "DIFG"));   // a sibling branch
    CHECK(tree.is_same_or_descendant("DMG", "BRAIN"));
    CHECK(tree.is_same_or_descendant("DIPG", "BRAIN"));  // retired code below
    CHECK(tree.is_same_or_descendant("DMG", "DIPG"));    // retired code above: the same node
    CHECK(tree.is_same_or_descendant("aml", "myeloid"));
    CHECK_FALSE(tree.is_same_or_descendant("AML", "LYMPH"));
    CHECK_FALSE(tree.is_same_or_descendant("NOT_A_CODE", "TISSUE"));
    CHECK_FALSE(tree.is_same_or_descendant("PAST", "NOT_A_CODE"));
}

TEST_CASE("tumor types: myeloid and lymphoid codes are hematologic, the rest solid", "[kb][tumor_types]") {
    const auto& tree = bundled_tree();
    for (const char* code : {"AML", "CML", "BLL", "TLL", "MYELOID", "LYMPH", "TALL", "aml"}) {
        INFO(code);
        CHECK(tree.is_hematologic(code));
    }
    for (const char* code : {"PAST", "DMG", "DIPG", "NBL", "BRAIN", "TISSUE", "OTHER"}) {
        INFO(code);
        CHECK_FALSE(tree.is_hematologic(code));
    }
    CHECK_FALSE(tree.is_hematologic("NOT_A_CODE"));  // unknown: neither group
}

TEST_CASE("tumor types: a small tree without an aliases file, and malformed files", "[kb][tumor_types]") {
    const auto tsv = write_file("small.tsv",
                                "# a comment\n"
                                "code\tname\tparent\ttissue\tmain_type\n"
                                "TISSUE\tTissue\t\t\t\n"
                                "MYELOID\tMyeloid\tTISSUE\tMyeloid\tBlood Cancer\n"
                                "AML\tAcute Myeloid Leukemia\tMYELOID\tMyeloid\tLeukemia\n"
                                "BRAIN\tCNS/Brain\tTISSUE\tCNS/Brain\n");  // main_type may be left out
    const auto tree = TumorTypeTree::load(tsv, tsv.parent_path() / "pedtx_tumor_types_no_such_aliases.tsv");
    CHECK(tree.size() == 4);
    CHECK(tree.is_same_or_descendant("AML", "TISSUE"));
    CHECK(tree.is_hematologic("AML"));
    CHECK_FALSE(tree.is_hematologic("BRAIN"));
    REQUIRE(tree.find("BRAIN"));
    CHECK(tree.find("BRAIN")->main_type.empty());

    const auto no_header = write_file("no_header.tsv", "AML\tAcute Myeloid Leukemia\tMYELOID\tMyeloid\n");
    try {
        TumorTypeTree::load(no_header, no_header.parent_path() / "pedtx_tumor_types_no_such_aliases.tsv");
        FAIL("a file without the header was accepted");
    } catch (const KnowledgebaseError& e) {
        CHECK_THAT(e.what(), Catch::Contains(no_header.string() + ":1:"));
        CHECK_THAT(e.what(), Catch::Contains("header"));
    }
    const auto short_row = write_file("short_row.tsv", "code\tname\tparent\ttissue\nAML\tAcute Myeloid Leukemia\n");
    try {
        TumorTypeTree::load(short_row, short_row.parent_path() / "pedtx_tumor_types_no_such_aliases.tsv");
        FAIL("a row with two columns was accepted");
    } catch (const KnowledgebaseError& e) {
        CHECK_THAT(e.what(), Catch::Contains(short_row.string() + ":2:"));
        CHECK_THAT(e.what(), Catch::Contains("4 columns"));
    }
}
