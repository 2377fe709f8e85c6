// pedtx kb diff: added / removed / changed records between two knowledge bases.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "pedtx/kb/kb_diff.hpp"
#include "pedtx/kb/knowledgebase.hpp"

using namespace pedtx;

namespace {

std::filesystem::path fixture() { return std::filesystem::path(PEDTX_SOURCE_DIR) / "tests/kb/fixture"; }

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

// Removes the whole line holding `needle`.
void remove_line(const std::filesystem::path& path, const std::string& needle) {
    std::string text = slurp(path);
    const auto at = text.find(needle);
    REQUIRE(at != std::string::npos);
    const auto begin = text.rfind('\n', at) + 1;
    const auto end = text.find('\n', at);
    text.erase(begin, end - begin + 1);
    std::ofstream(path) << text;
}

// A copy of the fixture edited like a new release, its manifest refreshed so that it validates.
std::filesystem::path edited_fixture() {
    const auto dir = std::filesystem::temp_directory_path() / "pedtx_kb_diff_new";
    std::filesystem::remove_all(dir);
    std::filesystem::copy(fixture(), dir);
    const auto evidence = dir / "evidence.json";
    // FX02: level B -> A, one more reference.
    replace_in_file(evidence, R"("level": "B", "summary": "fixture", "references": [{"type": "pmid", "id": "2"}])",
                    R"("level": "A", "summary": "fixture", "references": [{"type": "pmid", "id": "2"}, {"type": "pmid", "id": "8"}])");
    // FX06 (ponatinib) removed, and ponatinib with it (a drug no item uses does not validate).
    remove_line(evidence, R"("id": "FX06")");
    remove_line(dir / "drugs.json", R"("name": "ponatinib")");
    // FX10 added.
    replace_in_file(evidence, R"({"id": "FX01",)",
                    R"({"id": "FX10", "alteration": {"type": "loss_of_function", "gene": "NF1"}, "tumor_types": {"codes": ["LGGNOS"]}, "drugs": ["selumetinib"], "response": "sensitive", "level": "C", "summary": "fixture", "references": [{"type": "pmid", "id": "9"}], "last_reviewed": "2026-12-01"},
  {"id": "FX01",)");
    replace_in_file(dir / "drugs.json", R"("biomarker": "BRAF V600E", "min_age_years": 1,)",
                    R"("biomarker": "BRAF V600E", "min_age_years": 0.5,)");
    replace_in_file(dir / "trials.json", R"("status": "completed")", R"("status": "terminated")");
    replace_in_file(dir / "genes.json", R"("aliases": ["CD246"])", R"("aliases": ["CD246", "ALK1"])");
    std::ofstream(dir / "VERSION") << "2026.0.2\n2026-12-01\n";
    const std::string command = std::string(PEDTX_PYTHON) + " " + PEDTX_SOURCE_DIR +
                                "/scripts/kb_manifest.py --kb " + dir.string() + " > /dev/null";
    REQUIRE(std::system(command.c_str()) == 0);
    return dir;
}

std::vector<std::string> lines_of(const std::vector<KbChange>& changes) {
    std::vector<std::string> lines;
    for (const auto& change : changes) lines.push_back(format_change(change));
    return lines;
}

}  // namespace

TEST_CASE("kb diff of a knowledge base with itself is empty", "[kb][diff]") {
    const auto kb = Knowledgebase::load(fixture());
    const auto changes = diff_knowledgebases(*kb, *kb);
    CHECK(changes.empty());
    CHECK(format_diff_summary(*kb, *kb, changes) ==
          "summary\t2026.0.1 -> 2026.0.1\t0 changes: evidence +0 -0 ~0; drug +0 -0 ~0; approval +0 -0 ~0; "
          "gene +0 -0 ~0; trial +0 -0 ~0");
}

TEST_CASE("kb diff lists added, removed and changed records with the fields that changed", "[kb][diff]") {
    const auto dir = edited_fixture();
    const auto old_kb = Knowledgebase::load(fixture());
    const auto new_kb = Knowledgebase::load(dir);
    const auto changes = diff_knowledgebases(*old_kb, *new_kb);
    const std::vector<std::string> expected = {
        "added\tevidence\tFX10\tNF1 loss of function; selumetinib; sensitive; level C; LGGNOS",
        "changed\tapproval\tfixture-dabrafenib-lgg\tmin_age_years 1 -> 0.5",
        "changed\tevidence\tFX02\tlevel B -> A; references",
        "changed\tgene\tALK\taliases CD246 -> CD246,ALK1",
        "changed\ttrial\tNCT00000001\tstatus completed -> terminated",
        "removed\tdrug\tponatinib\tBCR::ABL1 inhibitor",
        "removed\tevidence\tFX06\tABL1 T315I; ponatinib; sensitive; level B; CML",
    };
    CHECK(lines_of(changes) == expected);
    CHECK(format_diff_summary(*old_kb, *new_kb, changes) ==
          "summary\t2026.0.1 -> 2026.0.2\t7 changes: evidence +1 -1 ~1; drug +0 -1 ~0; approval +0 -0 ~1; "
          "gene +0 -0 ~1; trial +0 -0 ~1");

    SECTION("the reverse diff swaps added and removed") {
        const auto back = lines_of(diff_knowledgebases(*new_kb, *old_kb));
        CHECK(std::find(back.begin(), back.end(),
                        "removed\tevidence\tFX10\tNF1 loss of function; selumetinib; sensitive; level C; LGGNOS") !=
              back.end());
        CHECK(std::find(back.begin(), back.end(), "changed\tevidence\tFX02\tlevel A -> B; references") !=
              back.end());
        CHECK(std::find(back.begin(), back.end(), "added\tdrug\tponatinib\tBCR::ABL1 inhibitor") != back.end());
    }
    std::filesystem::remove_all(dir);
}

TEST_CASE("kb diff names alteration, tumor type and drug changes with old and new values", "[kb][diff]") {
    const auto dir = std::filesystem::temp_directory_path() / "pedtx_kb_diff_rule";
    std::filesystem::remove_all(dir);
    std::filesystem::copy(fixture(), dir);
    replace_in_file(dir / "evidence.json",
                    R"({"id": "FX03", "alteration": {"type": "protein_change", "gene": "ALK", "change": "F1174L", "hgvsc": ["c.3522C>A"]}, "tumor_types": {"codes": ["NBL"]})",
                    R"({"id": "FX03", "alteration": {"type": "protein_change", "gene": "ALK", "change": "R1275Q"}, "tumor_types": {"codes": ["NBL", "GNBL"]})");
    const std::string command = std::string(PEDTX_PYTHON) + " " + PEDTX_SOURCE_DIR +
                                "/scripts/kb_manifest.py --kb " + dir.string() + " > /dev/null";
    REQUIRE(std::system(command.c_str()) == 0);
    const auto old_kb = Knowledgebase::load(fixture());
    const auto new_kb = Knowledgebase::load(dir);
    CHECK(lines_of(diff_knowledgebases(*old_kb, *new_kb)) ==
          std::vector<std::string>{"changed\tevidence\tFX03\talteration ALK F1174L -> ALK R1275Q; genomic_keys; "
                                   "tumor_types NBL -> NBL,GNBL"});
    std::filesystem::remove_all(dir);
}
