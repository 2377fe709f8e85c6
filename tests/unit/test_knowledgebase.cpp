// Knowledge-base loading, indexes and validation errors with FILE:LINE.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "pedtx/core/error.hpp"
#include "pedtx/kb/knowledgebase.hpp"

using namespace pedtx;

namespace {

std::filesystem::path fixture() { return std::filesystem::path(PEDTX_SOURCE_DIR) / "tests/kb/fixture"; }

std::filesystem::path copy_fixture(const std::string& name) {
    const auto dir = std::filesystem::temp_directory_path() / ("pedtx_kb_" + name);
    std::filesystem::remove_all(dir);
    std::filesystem::copy(fixture(), dir);
    return dir;
}

std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

void replace_in_file(const std::filesystem::path& path, const std::string& from, const std::string& to) {
    std::string text = slurp(path);
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    std::ofstream(path) << text;
}

bool any_contains(const std::vector<std::string>& problems, const std::string& needle) {
    for (const auto& p : problems)
        if (p.find(needle) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("the fixture knowledge base loads and indexes genes, aliases and genomic keys", "[kb]") {
    const auto kb = Knowledgebase::load(fixture());
    CHECK(kb->info().name == "pedtx-kb");
    CHECK(kb->info().sha256.size() == 64);
    CHECK(kb->canonical_gene("H3F3A") == "H3-3A");
    CHECK(kb->canonical_gene("braf") == "BRAF");
    CHECK_FALSE(kb->canonical_gene("TP53"));
    CHECK(kb->evidence_for_gene("ABL1").size() == 4);  // T315I x2 and the BCR::ABL1 fusion
    CHECK(kb->may_match(GenomeBuild::GRCh38, chrom_index("chr7"), 140753336));
    CHECK_FALSE(kb->may_match(GenomeBuild::GRCh38, chrom_index("chr7"), 1000));
    const auto* keyed = kb->evidence_at(GenomeBuild::GRCh38, chrom_index("7"), 140753336);
    REQUIRE(keyed);
    CHECK(keyed->front().first->ref == "A");
    CHECK(keyed->front().first->alt == "T");
    CHECK(kb->evidence_at(GenomeBuild::GRCh37, chrom_index("7"), 140453136));
    CHECK(kb->approval("fixture-dabrafenib-lgg")->min_age_years == 1.0);
    CHECK(kb->tumor_types().is_same_or_descendant("PAST", "BRAIN"));
}

TEST_CASE("validation reports each problem with FILE:LINE", "[kb]") {
    SECTION("duplicate evidence id") {
        const auto dir = copy_fixture("dup");
        replace_in_file(dir / "evidence.json", "\"id\": \"FX02\"", "\"id\": \"FX01\"");
        const auto problems = Knowledgebase::validate(dir);
        CHECK(any_contains(problems, "evidence.json:3: duplicate evidence id \"FX01\""));
        CHECK_THROWS_AS(Knowledgebase::load(dir), KnowledgebaseError);
    }
    SECTION("malformed PMID and NCT id, unknown drug and gene") {
        const auto dir = copy_fixture("refs");
        replace_in_file(dir / "evidence.json", "\"id\": \"2\"", "\"id\": \"PMID2\"");
        replace_in_file(dir / "evidence.json", "\"id\": \"NCT00000001\"", "\"id\": \"NCT0001\"");
        replace_in_file(dir / "evidence.json", "[\"selumetinib\"]", "[\"selumetinb\"]");
        replace_in_file(dir / "evidence.json", "\"gene\": \"NF1\"", "\"gene\": \"NF9\"");
        const auto problems = Knowledgebase::validate(dir);
        CHECK(any_contains(problems, "evidence.json:3: malformed PMID \"PMID2\""));
        CHECK(any_contains(problems, "evidence.json:4: malformed NCT id \"NCT0001\""));
        CHECK(any_contains(problems, "unknown drug \"selumetinb\""));
        CHECK(any_contains(problems, "evidence.json:8: unknown gene \"NF9\""));
    }
    SECTION("malformed JSON gives the line of the error") {
        const auto dir = copy_fixture("json");
        replace_in_file(dir / "drugs.json", "\"name\": \"imatinib\",", "\"name\": \"imatinib\"");
        const auto problems = Knowledgebase::validate(dir);
        CHECK(any_contains(problems, "drugs.json:16: malformed JSON"));
        CHECK_FALSE(any_contains(problems, "unknown drug"));  // no cascade from the unreadable file
    }
    SECTION("a changed file no longer matches the manifest") {
        const auto dir = copy_fixture("manifest");
        replace_in_file(dir / "trials.json", "fixture trial", "fixture trial, edited");
        CHECK(any_contains(Knowledgebase::validate(dir), "sha256 of trials.json does not match"));
    }
}
