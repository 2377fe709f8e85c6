// The cohort overview (cohort.html) and the counts behind it: escaping of every string that
// comes from a report or a run.json, report links (relative, percent-encoded, escaped),
// determinism, the oncoprint column order and row cap, and a 1,000-sample cohort.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pedtx/report/cohort.hpp"
#include "pedtx/report/cohort_html.hpp"
#include "pedtx/report/html_common.hpp"
#include "text_search.hpp"

using namespace pedtx;
using nlohmann::json;
using pedtx::test::count;

namespace {

struct TestFinding {
    std::string gene;
    std::string alteration;
    std::string tier;
    std::vector<std::string> drugs;
};

// The fields of a SAMPLE.pedtx.json that the cohort views read, through the cohort's reader.
CohortReport make_report(const std::string& id, const std::string& tumor_type, std::optional<double> age,
                         const std::vector<TestFinding>& findings) {
    json findings_json = json::array();
    for (const auto& f : findings) {
        json evidence = json::array();
        if (!f.drugs.empty())
            evidence.push_back({{"id", "EV1"}, {"drugs", f.drugs}, {"response", "sensitive"}, {"tier", f.tier}});
        findings_json.push_back({{"gene", f.gene},
                                 {"alteration", f.alteration},
                                 {"category", "mutation"},
                                 {"tier", f.tier},
                                 {"evidence", evidence}});
    }
    const json doc = {{"schema_version", 1},
                      {"sample",
                       {{"id", id},
                        {"tumor_type", tumor_type.empty() ? json(nullptr) : json(tumor_type)},
                        {"tumor_type_name", tumor_type.empty() ? json(nullptr) : json("Name of " + tumor_type)},
                        {"age_years", age ? json(*age) : json(nullptr)}}},
                      {"knowledge_base", {{"name", "pedtx-kb"}, {"version", "2026.11.1"}, {"sha256", "abc123"}}},
                      {"findings", findings_json}};
    return read_cohort_report(doc, "test.pedtx.json");
}

// A cohort of reports, each linked as ID.pedtx.html, plus failed samples with their errors.
CohortInputs make_cohort(std::vector<CohortReport> reports,
                         const std::vector<std::pair<std::string, std::string>>& failed = {}) {
    CohortInputs cohort;
    cohort.reports = std::move(reports);
    for (std::size_t i = 0; i < cohort.reports.size(); ++i) {
        const std::string id = cohort.reports[i].sample_id;
        cohort.members.push_back({id, SampleRunStatus::ok, "", static_cast<int>(i), {}, id + ".pedtx.html"});
    }
    for (const auto& [id, error] : failed) {
        cohort.failed.push_back(id);
        cohort.members.push_back({id, SampleRunStatus::failed, error, -1, {}, ""});
    }
    return cohort;
}

const CohortHtmlContext kNoDate{"0.0.0-test", ""};

// The text between the first `from` and the next `to` after it.
std::string between(const std::string& text, const std::string& from, const std::string& to) {
    const auto start = text.find(from);
    if (start == std::string::npos) return {};
    const auto end = text.find(to, start);
    return end == std::string::npos ? std::string{} : text.substr(start, end - start);
}

}  // namespace

TEST_CASE("cohort.html escapes sample ids, genes, alterations, drugs and errors", "[cohort][html][security]") {
    const std::string script_id = "<script>alert(1)</script>";
    auto cohort =
        make_cohort({make_report(script_id, "NBL", 3,
                                 {{"<img src=x onerror=alert(1)>", "\"><svg onload=alert(1)>", "IA", {"<b>drug</b>"}}}),
                     make_report("S&2", "", std::nullopt, {{"ALK", "F1174L", "IIC", {"lorlatinib"}}})},
                    {{"bad'\"<x>", "input.vcf: <iframe src=x>: no such file"}});
    cohort.reports[0].tumor_type_name = "<i>Neuro</i>";
    const std::string html = render_cohort_html(cohort, kNoDate);

    CHECK(count(html, "<script") == 0);
    CHECK(count(html, "<img") == 0);
    CHECK(count(html, "<svg onload") == 0);
    CHECK(count(html, "<b>drug") == 0);
    CHECK(count(html, "<i>Neuro") == 0);
    CHECK(count(html, "<iframe") == 0);
    CHECK(count(html, "<x>") == 0);
    // Shown as text: in the table, and in the grid's tooltip.
    CHECK(count(html, "&lt;script&gt;alert(1)&lt;/script&gt;") >= 2);
    CHECK(html.find("<title>&lt;script&gt;alert(1)&lt;/script&gt; &#183; &lt;img src=x onerror=alert(1)&gt; "
                    "&amp;quot;&amp;gt;") == std::string::npos);  // escaped once, not twice
    CHECK(html.find("<title>&lt;script&gt;alert(1)&lt;/script&gt; &#183; &lt;img src=x onerror=alert(1)&gt; "
                    "&quot;&gt;&lt;svg onload=alert(1)&gt; &#183; tier IA</title>") != std::string::npos);
    CHECK(html.find("&lt;b&gt;drug&lt;/b&gt;") != std::string::npos);
    CHECK(html.find("S&amp;2") != std::string::npos);
    CHECK(html.find("bad&#39;&quot;&lt;x&gt;") != std::string::npos);
    CHECK(html.find("input.vcf: &lt;iframe src=x&gt;: no such file") != std::string::npos);
    // The page itself: self-contained, nothing fetched, nothing run.
    CHECK(html.find("Content-Security-Policy") != std::string::npos);
    CHECK(html.find("src=\"") == std::string::npos);
    CHECK(html.find("http://") == std::string::npos);
    CHECK(html.find("https://") == std::string::npos);
    CHECK(html.find("@import") == std::string::npos);
}

TEST_CASE("report links are relative, percent-encoded and HTML-escaped", "[cohort][html][security]") {
    CHECK(percent_encode_path("S1.pedtx.html") == "S1.pedtx.html");
    CHECK(percent_encode_path("../run #1/a b?c.pedtx.html") == "../run%20%231/a%20b%3Fc.pedtx.html");
    CHECK(percent_encode_path("javascript:alert(1)") == "javascript%3Aalert%281%29");
    CHECK(percent_encode_path("<b>&\"'.html") == "%3Cb%3E%26%22%27.html");
    CHECK(percent_encode_path("\xC3\xA9t\xC3\xA9") == "%C3%A9t%C3%A9");
    CHECK(percent_encode_path("~u/x_y-z") == "~u/x_y-z");

    auto cohort = make_cohort(
        {make_report("S1", "NBL", 3, {{"ALK", "F1174L", "IIC", {"lorlatinib"}}}), make_report("S2", "NBL", 4, {})},
        {{"S3", "failed"}});
    cohort.members[0].link = "../run #1/<b>&\"x'.pedtx.html";
    cohort.members[1].link = "javascript:alert(1)";
    const std::string html = render_cohort_html(cohort, kNoDate);
    CHECK(html.find("<a href=\"../run%20%231/%3Cb%3E%26%22x%27.pedtx.html\">S1</a>") != std::string::npos);
    CHECK(html.find("<a href=\"javascript%3Aalert%281%29\">S2</a>") != std::string::npos);
    CHECK(html.find("href=\"javascript:") == std::string::npos);
    CHECK(html.find("<td class=\"id\">S3</td>") != std::string::npos);  // failed: no report, no link
}

TEST_CASE("link_reports_from gives report paths relative to the output folder", "[cohort]") {
    const auto root =
        std::filesystem::temp_directory_path() /
        ("pedtx_cohort_links_" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    std::filesystem::create_directories(root / "run a");
    std::filesystem::create_directories(root / "out");
    std::ofstream(root / "run a" / "S1.pedtx.html") << "x";
    CohortInputs cohort;
    cohort.members.push_back({"S1", SampleRunStatus::ok, "", 0, root / "run a" / "S1.pedtx.html", ""});
    cohort.members.push_back({"S2", SampleRunStatus::ok, "", 1, root / "out" / "S2.pedtx.json", ""});
    cohort.members.push_back({"S3", SampleRunStatus::failed, "", -1, {}, ""});
    link_reports_from(cohort, root / "out");
    CHECK(cohort.members[0].link == "../run a/S1.pedtx.html");
    CHECK(cohort.members[1].link == "S2.pedtx.json");
    CHECK(cohort.members[2].link.empty());
    link_reports_from(cohort, root / "run a");
    CHECK(cohort.members[0].link == "S1.pedtx.html");
    CHECK(cohort.members[1].link == "../out/S2.pedtx.json");
    std::filesystem::remove_all(root);
}

TEST_CASE("tally_cohort counts samples per alteration, gene and drug, tier I/II only", "[cohort]") {
    const CohortTally tally = tally_cohort({
        make_report("A", "NBL", 3, {{"ALK", "F1174L", "IIC", {"lorlatinib"}}, {"MYCN", "amplification", "IB", {}}}),
        make_report("B", "PAST", 8,
                    {{"BRAF", "V600E", "IA", {"dabrafenib", "trametinib"}}, {"TP53", "R175H", "III", {}}}),
        make_report("C", "", std::nullopt, {{"ALK", "F1174L", "IID", {"crizotinib"}}, {"NPM1", "NPM1::ALK", "IA", {}}}),
        make_report("D", "NBL", 1, {{"TP53", "R248Q", "III", {}}}),
    });
    REQUIRE(tally.samples.size() == 4);
    CHECK(tally.samples_with_tier_one_or_two == 3);
    CHECK(tally.alterations ==
          CohortCounts{{"ALK F1174L", 2}, {"BRAF V600E", 1}, {"MYCN amplification", 1}, {"NPM1::ALK", 1}});
    CHECK(tally.genes == CohortCounts{{"ALK", 2}, {"BRAF", 1}, {"MYCN", 1}, {"NPM1", 1}});
    CHECK(tally.drugs == CohortCounts{{"crizotinib", 1}, {"dabrafenib", 1}, {"lorlatinib", 1}, {"trametinib", 1}});
    CHECK(tally.tumor_types == CohortCounts{{"NBL", 2}, {"PAST", 1}, {"unknown", 1}});
    CHECK(tally.samples[0].top_finding == "MYCN amplification");
    CHECK(tally.samples[0].top_tier == Tier::IB);
    CHECK(tally.samples[2].top_finding == "NPM1::ALK");
    CHECK(tally.samples[3].top_finding.empty());
    CHECK(tally.samples[3].findings_per_tier.at(Tier::III) == 1);
    CHECK_FALSE(tally.samples[2].age_years.has_value());
    CHECK(*tally.samples[1].age_years == 8.0);
}

TEST_CASE("cohort.html: byte-identical reruns, grid independent of input order, date only when given",
          "[cohort][html]") {
    std::vector<CohortReport> reports;
    for (int i = 0; i < 12; ++i)
        reports.push_back(make_report("S" + std::to_string(i), i % 2 ? "NBL" : "PAST", i,
                                      {{"G" + std::to_string(i % 3),
                                        "V" + std::to_string(i % 3),
                                        i % 4 ? "IA" : "IIC",
                                        {"drug" + std::to_string(i % 5)}}}));
    const auto forward = make_cohort(reports);
    const std::string html = render_cohort_html(forward, kNoDate);
    CHECK(render_cohort_html(forward, kNoDate) == html);
    CHECK(html.find("date omitted (--no-timestamp)") != std::string::npos);
    const std::string dated = render_cohort_html(forward, {"0.0.0-test", "2026-11-24T10:00:00Z"});
    CHECK(dated.find("2026-11-24T10:00:00Z") != std::string::npos);
    CHECK(html.find("2026-") == std::string::npos);

    std::reverse(reports.begin(), reports.end());
    const std::string reversed = render_cohort_html(make_cohort(reports), kNoDate);
    const std::string grid = between(html, "<svg class=\"grid\"", "</svg>");
    REQUIRE_FALSE(grid.empty());
    CHECK(between(reversed, "<svg class=\"grid\"", "</svg>") == grid);
    CHECK(between(reversed, "<section id=\"frequent\">", "</section>") ==
          between(html, "<section id=\"frequent\">", "</section>"));
}

TEST_CASE("oncoprint columns: by the rows in order, then by sample id", "[cohort][html]") {
    // Rows: "G1 X" (B, C) then "G2 Y" (A, C), equal counts, by name. Columns: C (both rows),
    // B (first row), then A; D (no finding) last.
    const auto cohort = make_cohort(
        {make_report("A", "NBL", 1, {{"G2", "Y", "IB", {}}}), make_report("B", "NBL", 1, {{"G1", "X", "IIC", {}}}),
         make_report("D", "NBL", 1, {}), make_report("C", "NBL", 1, {{"G1", "X", "IA", {}}, {"G2", "Y", "IID", {}}})});
    const std::string html = render_cohort_html(cohort, kNoDate);
    const std::string grid = between(html, "<svg class=\"grid\"", "</svg>");
    const auto c = grid.find(">C</text>"), b = grid.find(">B</text>"), a = grid.find(">A</text>"),
               d = grid.find(">D</text>");
    REQUIRE(c != std::string::npos);
    CHECK(c < b);
    CHECK(b < a);
    CHECK(a < d);
    // Each cell: the tier's class and a tooltip; tier II glyphs are shorter than tier I.
    CHECK(grid.find("<rect class=\"t-IA\" x=\"0\" y=\"2\" width=\"13\" height=\"14\"><title>C &#183; G1 X &#183; "
                    "tier IA</title></rect>") != std::string::npos);
    CHECK(grid.find("<rect class=\"t-IID\" x=\"0\" y=\"23\" width=\"13\" height=\"8\"><title>C &#183; G2 Y &#183; "
                    "tier IID</title></rect>") != std::string::npos);
    CHECK(html.find("tier III variants (unknown significance) are not drawn") != std::string::npos);
}

TEST_CASE("failed samples are listed with their reason, and a cohort without reports still renders", "[cohort][html]") {
    const auto some = make_cohort({make_report("S1", "NBL", 3, {})}, {{"S2", "s2.vcf: not a VCF file"}});
    const std::string html = render_cohort_html(some, kNoDate);
    CHECK(html.find("1 reported, 1 failed") != std::string::npos);
    CHECK(html.find("<tr class=\"failed\"><td class=\"id\">S2</td><td colspan=\"6\"><span class=\"status-failed\">"
                    "failed</span> <span class=\"small error\">s2.vcf: not a VCF file</span></td></tr>") !=
          std::string::npos);

    const auto none = make_cohort({}, {{"S1", "one"}, {"S2", "two"}});
    const std::string empty = render_cohort_html(none, kNoDate);
    CHECK(empty.find("No sample was reported.") != std::string::npos);
    CHECK(empty.find("nothing to draw") != std::string::npos);
    CHECK(empty.find("<svg class=\"grid\"") == std::string::npos);
    CHECK(count(empty, "<tr class=\"failed\">") == 2);
    CHECK(empty.find("</html>") != std::string::npos);

    // Without members (reports and failed ids only) every sample is still listed.
    CohortInputs bare;
    bare.reports.push_back(make_report("S1", "NBL", 3, {}));
    bare.failed.push_back("S9");
    const std::string listed = render_cohort_html(bare, kNoDate);
    CHECK(listed.find("<td class=\"id\">S1</td>") != std::string::npos);
    CHECK(listed.find("<td class=\"id\">S9</td>") != std::string::npos);
}

TEST_CASE("cohort.html for 1,000 samples: every sample in the table, at most 30 grid rows", "[cohort][html][scale]") {
    // 60 alterations: sample i carries A(i % 45) in gene i % 45, and every third sample also
    // one of 15 B alterations in genes 45-59.
    std::vector<CohortReport> reports;
    for (int i = 0; i < 1000; ++i) {
        char id[16];
        std::snprintf(id, sizeof id, "S%04d", i);
        std::vector<TestFinding> findings{{"GENE" + std::to_string(i % 45),
                                           "A" + std::to_string(i % 45),
                                           i % 2 ? "IA" : "IIC",
                                           {"drug" + std::to_string(i % 20)}}};
        if (i % 3 == 0)
            findings.push_back({"GENE" + std::to_string(45 + i / 3 % 15), "B" + std::to_string(i / 3 % 15), "IB", {}});
        reports.push_back(make_report(id, "NBL", i % 18, findings));
    }
    const auto cohort = make_cohort(reports, {{"F0001", "f.vcf: broken"}});
    const auto start = std::chrono::steady_clock::now();
    const std::string html = render_cohort_html(cohort, kNoDate);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    INFO("cohort.html for 1,000 samples: " << html.size() << " bytes in " << seconds << " s");
    CHECK(seconds < 5.0);
    CHECK(html.size() < 2'000'000);

    const std::string table = between(html, "<table class=\"samples\">", "</table>");
    for (int i = 0; i < 1000; ++i) {
        char cell[80];
        std::snprintf(cell, sizeof cell, "<td class=\"id\"><a href=\"S%04d.pedtx.html\">S%04d</a></td>", i, i);
        if (table.find(cell) == std::string::npos) FAIL("sample S" << i << " is missing from the table");
    }
    CHECK(count(table, "<tr>") - 1 + count(table, "<tr class=\"failed\">") == 1001);  // - 1: the header row

    const std::string rows = between(html, "<svg class=\"rows\"", "</svg>");
    CHECK(count(rows, "text-anchor=\"end\"") == kCohortOncoprintRows);
    CHECK(html.find("The 30 most frequent of 60 alterations are shown; 30 alterations are left out") !=
          std::string::npos);
    const std::string grid = between(html, "<svg class=\"grid\"", "</svg>");
    CHECK(grid.find("width=\"5000\"") != std::string::npos);  // 5 px per sample
    CHECK(count(grid, "<rect class=\"band\"") == kCohortOncoprintRows);
    // Bar charts: the 15 most frequent genes and drugs.
    const std::string charts = between(html, "<section id=\"frequent\">", "</section>");
    CHECK(count(charts, "<rect class=\"bar\"") == 2 * kCohortChartBars);
    CHECK(charts.find("(top 15 of 60)") != std::string::npos);
    CHECK(charts.find("(top 15 of 20)") != std::string::npos);
}
