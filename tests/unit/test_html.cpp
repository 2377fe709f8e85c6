// The tumor-board HTML report: escaping, links, injection through sample names and
// INFO-derived strings, section order, tier III collapsing, fusion and copy-number
// details, and the "No actionable finding" statement.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <string>

#include "pedtx/kb/knowledgebase.hpp"
#include "pedtx/pipeline/annotate.hpp"
#include "pedtx/report/html.hpp"
#include "text_search.hpp"

using namespace pedtx;
using pedtx::test::count;

namespace {

std::shared_ptr<const Knowledgebase> bundled_kb() {
    static const auto kb = Knowledgebase::load(std::filesystem::path(PEDTX_SOURCE_DIR) / "knowledgebase");
    return kb;
}

// PLGG_02 of the examples: BRAF V600E in a pilocytic astrocytoma, 8 years (tier IA).
SampleResult braf_sample() {
    SampleInput input;
    input.sample_id = "PLGG_02";
    input.vcf = std::filesystem::path(PEDTX_SOURCE_DIR) / "examples/plgg_braf_v600e.snpeff.vcf";
    input.tumor_type = "PAST";
    input.age_years = 8;
    return annotate_sample(input, *bundled_kb(), AnnotateOptions{});
}

ReportContext no_date() {
    return ReportContext{"0.0.0-test", "", AnnotateOptions{}};
}

// True when the text holds an ISO date-time such as 2026-11-24T10:00:00.
bool has_date_time(const std::string& text) {
    const auto digit = [&](std::size_t i) { return std::isdigit(static_cast<unsigned char>(text[i])) != 0; };
    for (std::size_t i = 0; i + 13 <= text.size(); ++i) {
        if (digit(i) && digit(i + 1) && digit(i + 2) && digit(i + 3) && text[i + 4] == '-' && digit(i + 5) &&
            digit(i + 6) && text[i + 7] == '-' && digit(i + 8) && digit(i + 9) && text[i + 10] == 'T' &&
            digit(i + 11) && digit(i + 12))
            return true;
    }
    return false;
}

}  // namespace

TEST_CASE("html_escape escapes the five HTML characters and cleans bytes", "[html]") {
    CHECK(html_escape("a & b < c > d \" e ' f") == "a &amp; b &lt; c &gt; d &quot; e &#39; f");
    CHECK(html_escape("&amp;") == "&amp;amp;");  // escaping is not idempotent: apply it once
    CHECK(html_escape("") == "");
    CHECK(html_escape("Pilocytic – astrocytoma, é") == "Pilocytic – astrocytoma, é");  // valid UTF-8 kept
    CHECK(html_escape("bad\xFFZ") == "bad\xEF\xBF\xBDZ");                              // invalid byte -> U+FFFD
    CHECK(html_escape("\xC3") == "\xEF\xBF\xBD");                                      // truncated sequence
    CHECK(html_escape("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");      // surrogate, not UTF-8
    CHECK(html_escape(std::string("nul\0x", 5)) == "nul\xEF\xBF\xBDx");
    CHECK(html_escape("tab\tline\n") == "tab\tline\n");
}

TEST_CASE("links: PubMed and ClinicalTrials.gov from ids, labels only over http(s)", "[html]") {
    CHECK(reference_url({"pmid", "37012551", 0, "http://47.251.13.51:8081/37012551"}) ==
          "https://pubmed.ncbi.nlm.nih.gov/37012551/");
    CHECK(reference_url({"pmid", "12 34", 0, ""}).empty());
    CHECK(reference_url({"nct", "NCT02684058", 0, "https://example.org/"}) ==
          "https://clinicaltrials.gov/study/NCT02684058");
    CHECK(reference_url({"nct", "NCT0268405", 0, ""}).empty());
    CHECK(reference_url({"fda_label", "X label", 2023, "https://www.fda.gov/x"}) == "https://www.fda.gov/x");
    CHECK(reference_url({"fda_label", "X label", 2023, "javascript:alert(1)"}).empty());
    CHECK(reference_url({"ema_label", "X label", 2023, ""}).empty());
    CHECK(reference_url({"guideline", "ELN 2020", 0, "https://pmc.ncbi.nlm.nih.gov/articles/PMC7214240"}).empty());

    CHECK(is_http_url("https://www.fda.gov/drugs"));
    CHECK(is_http_url("HTTP://example.org/a?b=c&d=e"));
    CHECK_FALSE(is_http_url("https://"));
    CHECK_FALSE(is_http_url("javascript:alert(1)"));
    CHECK_FALSE(is_http_url("data:text/html,<script>"));
    CHECK_FALSE(is_http_url("//example.org/x"));
    CHECK_FALSE(is_http_url("https://example.org/\"onmouseover=alert(1)"));
    CHECK_FALSE(is_http_url("https://example.org/a b"));
}

TEST_CASE("a real sample: summary first, then the tiers in order, then QC", "[html]") {
    const SampleResult result = braf_sample();
    REQUIRE(result.findings.size() == 1);
    REQUIRE(result.findings[0].tier == Tier::IA);
    const std::string html = sample_report_html(result, *bundled_kb(), no_date());

    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(count(html, "<html") == 1);
    CHECK(count(html, "</html>") == 1);
    const auto summary = html.find("id=\"summary\"");
    std::vector<std::size_t> positions{summary};
    for (const char* tier : {"IA", "IB", "IIC", "IID", "III"}) {
        const std::string id = std::string("id=\"tier-") + tier + "\"";
        CHECK(count(html, id) == 1);
        positions.push_back(html.find(id));
    }
    positions.push_back(html.find("id=\"qc-methods\""));
    for (const auto position : positions) REQUIRE(position != std::string::npos);
    CHECK(std::is_sorted(positions.begin(), positions.end()));

    // The IA section holds the finding, with its variant, transcript choice and evidence.
    const std::string ia = html.substr(positions[1], positions[2] - positions[1]);
    CHECK(html.find("class=\"tier-section has-findings\" id=\"tier-IA\"") != std::string::npos);
    CHECK(html.find("class=\"tier-section empty\" id=\"tier-IB\"") != std::string::npos);
    CHECK(ia.find("BRAF V600E") != std::string::npos);
    CHECK(ia.find("7:140453136 A&gt;T") != std::string::npos);
    CHECK(ia.find("c.1799T&gt;A") != std::string::npos);
    CHECK(ia.find("p.Val600Glu") != std::string::npos);
    CHECK(ia.find("NM_004333.6</span> &#8212; MANE Select") != std::string::npos);
    CHECK(ia.find("28.5% (35 of 123 reads)") != std::string::npos);
    for (const auto& match : result.findings[0].evidence) CHECK(ia.find(match.item->id) != std::string::npos);
    CHECK(ia.find("href=\"https://clinicaltrials.gov/study/NCT02684058\"") != std::string::npos);

    // The summary names gene, alteration, drugs, tier and the approval at this age.
    const std::string summary_part = html.substr(summary, positions[1] - summary);
    CHECK(summary_part.find("BRAF V600E</strong> &#8211; dabrafenib + trametinib &#8211; tier IA &#8211; FDA 2023: "
                            "approved from 1 year") != std::string::npos);
    CHECK(summary_part.find("tovorafenib &#8211; tier IA") != std::string::npos);
    CHECK(summary_part.find("No actionable finding") == std::string::npos);

    // Self-contained and without script: nothing is fetched, nothing runs.
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("<link") == std::string::npos);
    CHECK(html.find("src=") == std::string::npos);
    CHECK(html.find("@import") == std::string::npos);
    CHECK(html.find("url(") == std::string::npos);
    CHECK(html.find("Content-Security-Policy") != std::string::npos);
    CHECK(html.find("supports, and does not replace, clinical judgement") != std::string::npos);

    // Print: A4/Letter page rules, repeated table headers, page breaks between sections.
    CHECK(html.find("@page{") != std::string::npos);
    CHECK(html.find("thead{display:table-header-group}") != std::string::npos);
    CHECK(html.find("break-before:page") != std::string::npos);
}

TEST_CASE("no date with --no-timestamp, the date otherwise, and byte-identical reruns", "[html]") {
    const SampleResult result = braf_sample();
    const std::string first = sample_report_html(result, *bundled_kb(), no_date());
    CHECK(first == sample_report_html(result, *bundled_kb(), no_date()));
    CHECK(first.find("date omitted") != std::string::npos);
    CHECK_FALSE(has_date_time(first));
    const std::string dated = sample_report_html(
        result, *bundled_kb(), ReportContext{"0.0.0-test", "2031-02-03T04:05:06Z", AnnotateOptions{}});
    CHECK(dated.find("2031-02-03T04:05:06Z") != std::string::npos);
    CHECK(dated.find("date omitted") == std::string::npos);
    CHECK(has_date_time(dated));
}

TEST_CASE("input strings cannot inject markup", "[html][security]") {
    SampleResult result = braf_sample();
    const std::string script = "<script>alert(1)</script>";
    const std::string image = "\"><img src=x onerror=alert(1)>";
    result.sample_id = script;
    result.input.sample_id = script;
    result.tumor_column = script;
    result.tumor_column_reason = image;
    result.input.vcf = "/data/" + image + ".vcf";
    result.annotation_tag = image;
    result.qc.filtered[image] = 3;
    REQUIRE(!result.findings.empty());
    Variant& variant = result.findings[0].variant;
    variant.consequence = image;  // an INFO (ANN) value
    variant.hgvsc = image;
    variant.transcript = "'><img src=x onerror=alert(2)>";
    variant.chrom = script;
    result.findings[0].gene = script;
    result.findings[0].significance = image;

    const std::string html = sample_report_html(result, *bundled_kb(), no_date());
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("<img") == std::string::npos);
    CHECK(html.find(script) == std::string::npos);
    CHECK(html.find(image) == std::string::npos);
    CHECK(html.find("onerror=alert(2)>") == std::string::npos);
    CHECK(count(html, "</style>") == 1);  // the sample id in the print footer is CSS-escaped
    CHECK(count(html, "<title>") == 1);
    CHECK(html.find("<title>pedtx report: &lt;script&gt;alert(1)&lt;/script&gt;</title>") != std::string::npos);
    CHECK(html.find("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;") != std::string::npos);
    CHECK(html.find("&#39;&gt;&lt;img src=x onerror=alert(2)&gt;") != std::string::npos);
}

TEST_CASE("knowledge-base strings and URLs are escaped, and other schemes are not linked", "[html][security]") {
    SampleResult result = braf_sample();
    EvidenceItem item = *result.findings[0].evidence[0].item;
    item.id = "EV<b>9</b>";
    item.summary = "<iframe src=//evil>";
    item.drugs = {"<svg onload=alert(1)>"};
    item.references = {{"fda_label", "Label <i>", 2024, "javascript:alert(1)"},
                       {"fda_label", "Label two", 2024, "https://example.org/a?x=1&y=\"2\""},
                       {"ema_label", "Label three", 2024, "https://example.org/label?a=1&b=2"},
                       {"guideline", "Guide <u>", 0, "https://example.org/g"}};
    item.trials = {"NCT0000000\"1"};
    EvidenceMatch match = result.findings[0].evidence[0];
    match.item = &item;
    result.findings[0].evidence = {match};

    const std::string html = sample_report_html(result, *bundled_kb(), no_date());
    CHECK(html.find("<b>9") == std::string::npos);
    CHECK(html.find("EV&lt;b&gt;9&lt;/b&gt;") != std::string::npos);
    CHECK(html.find("<iframe") == std::string::npos);
    CHECK(html.find("<svg onload") == std::string::npos);
    CHECK(html.find("javascript:") == std::string::npos);
    CHECK(html.find("FDA label: Label &lt;i&gt; (2024)") != std::string::npos);
    // A URL with a quote is refused; one with & is linked, escaped inside the attribute.
    CHECK(html.find("https://example.org/a?x=1") == std::string::npos);
    CHECK(html.find("href=\"https://example.org/label?a=1&amp;b=2\"") != std::string::npos);
    CHECK(html.find("href=\"https://example.org/g\"") == std::string::npos);  // guidelines stay text
    CHECK(html.find("Guideline: Guide &lt;u&gt;") != std::string::npos);
    CHECK(html.find("NCT0000000&quot;1") != std::string::npos);
    CHECK(html.find("clinicaltrials.gov/study/NCT0000000") == std::string::npos);  // not an NCT id: no link
}

TEST_CASE("the No actionable finding statement when nothing reaches tier IA, IB or IIC", "[html]") {
    SampleResult result = braf_sample();
    result.findings.clear();
    std::string html = sample_report_html(result, *bundled_kb(), no_date());
    CHECK(html.find("No actionable finding") != std::string::npos);
    for (const char* tier : {"IA", "IB", "IIC", "IID", "III"})
        CHECK(html.find(std::string("class=\"tier-section empty\" id=\"tier-") + tier + "\"") != std::string::npos);

    // A tier-IID finding alone is not actionable either; it still gets its section.
    result = braf_sample();
    for (auto& match : result.findings[0].evidence) match.tier = Tier::IID;
    result.findings[0].tier = Tier::IID;
    html = sample_report_html(result, *bundled_kb(), no_date());
    CHECK(html.find("No actionable finding") != std::string::npos);
    CHECK(html.find("class=\"tier-section has-findings\" id=\"tier-IID\"") != std::string::npos);
}

TEST_CASE("tier III is collapsed, and resistance is warned about in the summary", "[html]") {
    SampleResult result = braf_sample();
    Finding vus = result.findings[0];
    vus.alteration = "A598T";
    vus.tier = Tier::III;
    vus.evidence.clear();
    result.findings.push_back(vus);
    // Resistance evidence against a drug, and the sensitivity it undercuts.
    EvidenceItem resistance = *result.findings[0].evidence[0].item;
    resistance.id = "EVTEST_RES";
    resistance.response = Response::resistant;
    resistance.drugs = {"dabrafenib"};
    EvidenceMatch against = result.findings[0].evidence[0];
    against.item = &resistance;
    against.tier = Tier::IB;
    result.findings[0].evidence.push_back(against);
    result.findings[0].evidence[0].undercut_by = {"NRAS Q61K (EVTEST_RES)"};

    const std::string html = sample_report_html(result, *bundled_kb(), no_date());
    const auto tier3 = html.find("id=\"tier-III\"");
    const auto details = html.find("<details>", tier3);
    const auto vus_at = html.find("BRAF A598T", tier3);
    const auto details_end = html.find("</details>", tier3);
    REQUIRE(details != std::string::npos);
    CHECK(details < vus_at);
    CHECK(vus_at < details_end);
    CHECK(html.find("1 finding of unknown significance") != std::string::npos);
    // Not in the actionable lines of the summary.
    const auto warnings = html.find("<h3>Resistance warnings</h3>");
    const std::string actionable = html.substr(0, warnings);
    CHECK(actionable.find("A598T") == std::string::npos);
    const std::string summary_warnings = html.substr(warnings, html.find("id=\"tier-IA\"") - warnings);
    CHECK(summary_warnings.find("BRAF V600E</strong> &#8211; resistance to dabrafenib &#8211; tier IB") !=
          std::string::npos);
    CHECK(summary_warnings.find("is undercut by resistance: NRAS Q61K (EVTEST_RES)") != std::string::npos);
}

TEST_CASE("fusion and copy-number calls are shown when present", "[html]") {
    SampleResult result = braf_sample();
    Finding fusion = result.findings[0];
    fusion.category = FindingCategory::fusion;
    fusion.gene = "KIAA1549";
    fusion.alteration = "KIAA1549::BRAF";
    FusionCall call;
    call.five_prime = {"KIAA1549", "7", 138545885, '-', "NM_020910.3", "intron 15"};
    call.three_prime = {"BRAF", "7", 140487384, '-', "NM_004333.6", "intron 8"};
    call.source = "arriba";
    call.supporting_reads = 42;
    call.notes = {"caller named <KIAA1549>"};
    fusion.fusion = call;
    Finding amplification = result.findings[0];
    amplification.category = FindingCategory::copy_number;
    amplification.gene = "MYCN";
    amplification.alteration = "amplification";
    CopyNumberCall cn;
    cn.chrom = "2";
    cn.start = 15000001;
    cn.end = 16500000;
    cn.copy_number = 48.5;
    cn.level = 2;
    cn.focal = true;
    cn.genes = {"MYCN", "DDX1"};
    cn.source = "cna_table";
    amplification.copy_number = cn;
    result.findings = {fusion, amplification};

    const std::string html = sample_report_html(result, *bundled_kb(), no_date());
    CHECK(html.find("KIAA1549::BRAF") != std::string::npos);
    CHECK(html.find("<strong>KIAA1549</strong> <span class=\"mono\">7:138545885</span> (strand -), intron 15") !=
          std::string::npos);
    CHECK(html.find("<strong>BRAF</strong> <span class=\"mono\">7:140487384</span>") != std::string::npos);
    CHECK(html.find("Supporting reads</dt><dd>42") != std::string::npos);
    CHECK(html.find("caller named &lt;KIAA1549&gt;") != std::string::npos);
    CHECK(html.find("2:15000001-16500000</span> (1.50 Mb, focal)") != std::string::npos);
    CHECK(html.find("48.5 copies, amplification") != std::string::npos);
    CHECK(html.find("MYCN, DDX1") != std::string::npos);
    // A fusion or segment is not shown as a point mutation.
    CHECK(html.find("Genomic change") == std::string::npos);
}

TEST_CASE("Limitations name TMB and MSI only when they were not given", "[html]") {
    const auto limitations = [](const std::string& html) {
        const auto start = html.find("<h3>Limitations</h3>");
        return start == std::string::npos ? std::string{} : html.substr(start, html.find("</ul>", start) - start);
    };
    SampleResult result = braf_sample();
    std::string text = limitations(sample_report_html(result, *bundled_kb(), no_date()));
    CHECK(text.find("No TMB was given") != std::string::npos);
    CHECK(text.find("No MSI / MMR status was given") != std::string::npos);
    CHECK(text.find("are not read") == std::string::npos);

    SampleInput input = result.input;
    input.tmb = 14.0;
    input.msi = MsiStatus::msi_high;
    result = annotate_sample(input, *bundled_kb(), AnnotateOptions{});
    const std::string html = sample_report_html(result, *bundled_kb(), no_date());
    REQUIRE(html.find("TMB-high") != std::string::npos);  // the finding the limitation used to contradict
    text = limitations(html);
    CHECK(text.find("TMB") == std::string::npos);
    CHECK(text.find("MSI") == std::string::npos);
}
