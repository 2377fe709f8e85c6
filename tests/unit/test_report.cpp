// The per-sample JSON and TSV reports and run.json (report.hpp), written from a SampleResult
// built in the test (report_fixture.hpp): tiers, categories, what matched and statuses as their
// names, the tier an item was lowered from, and input strings escaped for each format.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pedtx/report/report.hpp"
#include "pedtx/util/text.hpp"
#include "report_fixture.hpp"

using namespace pedtx;
using nlohmann::json;

namespace {

ReportContext no_date() {
    return ReportContext{"0.0.0-test", "", AnnotateOptions{}};
}

// The TSV's data rows as column name -> value (the header row is the first line not starting with '#').
std::vector<std::map<std::string, std::string>> tsv_rows(const std::string& tsv) {
    std::vector<std::string> header;
    std::vector<std::map<std::string, std::string>> rows;
    for (const auto line : split_view(tsv, '\n')) {
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> fields;
        for (const auto field : split_view(line, '\t')) fields.emplace_back(field);
        if (header.empty()) {
            header = fields;
            continue;
        }
        REQUIRE(fields.size() == header.size());
        std::map<std::string, std::string> row;
        for (std::size_t i = 0; i < fields.size(); ++i) row[header[i]] = fields[i];
        rows.push_back(std::move(row));
    }
    return rows;
}

}  // namespace

TEST_CASE("JSON report: tiers, categories and matched_by by name, lowered_from, escaping", "[report]") {
    test::ReportFixture fixture;
    const std::string text = sample_report_json(fixture.result, *test::bundled_kb(), no_date());
    const json doc = json::parse(text);  // valid JSON, whatever the sample id holds

    CHECK(doc.at("schema_version") == kReportSchemaVersion);
    CHECK(doc.at("sample").at("id") == fixture.result.sample_id);  // round-trips through the escaping
    CHECK(text.find("S\\\"1 <x>\\tnew\\nline") != std::string::npos);
    CHECK_FALSE(doc.contains("generated_at"));  // no date with an empty generated_at

    const auto& findings = doc.at("findings");
    REQUIRE(findings.size() == 3);
    const auto& braf = findings[0];
    CHECK(braf.at("gene") == "BRAF");
    CHECK(braf.at("category") == "mutation");
    CHECK(braf.at("tier") == "IA");
    CHECK(braf.at("matched_by") == "annotation");
    CHECK(braf.at("variant").at("pos") == 140753336);
    const auto& evidence = braf.at("evidence");
    REQUIRE(evidence.size() == 3);
    CHECK(evidence[0].at("id") == "EVT1");
    CHECK(evidence[0].at("tier") == "IA");
    CHECK(evidence[0].at("lowered_from").is_null());
    CHECK(evidence[0].at("tumor_type_match") == "exact");
    CHECK(evidence[1].at("matched_by") == "transcript_tables");
    CHECK(evidence[1].at("response") == "resistant");
    CHECK(evidence[2].at("tier") == "IID");
    CHECK(evidence[2].at("lowered_from") == "IB");
    CHECK(evidence[2].at("matched_by") == "genomic_key");
    CHECK(evidence[2].at("drugs") == json::array({"drug:a;b=c,d|e&f"}));

    CHECK(findings[1].at("category") == "fusion");
    CHECK(findings[1].at("matched_by") == "fusion_caller");
    CHECK(findings[1].at("tier") == "IIC");
    CHECK(findings[1].at("fusion").is_object());

    // A sample-level biomarker has no gene and no variant.
    CHECK(findings[2].at("category") == "biomarker");
    CHECK(findings[2].at("matched_by") == "biomarker");
    CHECK(findings[2].at("tier") == "III");
    CHECK(findings[2].at("variant").is_null());
    CHECK(findings[2].at("measurement") == "TMB 14 mut/Mb (given)");
}

TEST_CASE("JSON report: every category and matched_by value is written by its name", "[report]") {
    test::ReportFixture fixture;
    Finding& finding = fixture.result.findings[0];
    for (const auto category : {FindingCategory::mutation, FindingCategory::fusion, FindingCategory::copy_number,
                                FindingCategory::biomarker, FindingCategory::structural}) {
        finding.category = category;
        const json doc = json::parse(sample_report_json(fixture.result, *test::bundled_kb(), no_date()));
        CHECK(doc.at("findings")[0].at("category") == std::string(to_string(category)));
    }
    const std::vector<std::pair<MatchedBy, const char*>> names = {
        {MatchedBy::annotation, "annotation"},
        {MatchedBy::genomic_key, "genomic_key"},
        {MatchedBy::transcript_tables, "transcript_tables"},
        {MatchedBy::reference_translation, "reference_translation"},
        {MatchedBy::breakpoints, "breakpoints"},
        {MatchedBy::fusion_caller, "fusion_caller"},
        {MatchedBy::copy_number, "copy_number"},
        {MatchedBy::biomarker, "biomarker"},
        {MatchedBy::genomic_key_assembled, "genomic_key_assembled"}};
    for (const auto& [matched_by, name] : names) {
        finding.matched_by = matched_by;
        const json doc = json::parse(sample_report_json(fixture.result, *test::bundled_kb(), no_date()));
        CHECK(doc.at("findings")[0].at("matched_by") == name);
    }
}

TEST_CASE("TSV report: one row per evidence item, tiers by name, tabs and newlines never split a row", "[report]") {
    test::ReportFixture fixture;
    const std::string tsv = sample_report_tsv(fixture.result, *test::bundled_kb(), no_date());
    CHECK(tsv.rfind("# pedtx 0.0.0-test; knowledge base ", 0) == 0);
    CHECK(tsv.find("# generated") == std::string::npos);
    const auto rows = tsv_rows(tsv);
    // BRAF: three evidence rows; the fusion and the biomarker: one row each, without evidence.
    REQUIRE(rows.size() == 5);
    for (const auto& row : rows) CHECK(row.at("sample_id") == "S\"1 <x> new line");
    CHECK(rows[0].at("category") == "mutation");
    CHECK(rows[0].at("finding_tier") == "IA");
    CHECK(rows[0].at("matched_by") == "annotation");
    CHECK(rows[0].at("evidence_id") == "EVT1");
    CHECK(rows[0].at("evidence_tier") == "IA");
    CHECK(rows[0].at("drugs") == "dabrafenib+trametinib");
    CHECK(rows[2].at("evidence_id") == "EVT2");
    CHECK(rows[2].at("evidence_tier") == "IID");
    CHECK(rows[2].at("tier_notes") == "lowered from IB to IID (test)");
    CHECK(rows[3].at("category") == "fusion");
    CHECK(rows[3].at("finding_tier") == "IIC");
    CHECK(rows[3].at("evidence_id").empty());
    CHECK(rows[4].at("category") == "biomarker");
    CHECK(rows[4].at("finding_tier") == "III");
    CHECK(rows[4].at("chrom").empty());
}

TEST_CASE("sample run statuses: names, parsing, and which count as failed in run.json", "[report]") {
    for (const auto status :
         {SampleRunStatus::ok, SampleRunStatus::resumed, SampleRunStatus::failed, SampleRunStatus::interrupted})
        CHECK(parse_sample_run_status(to_string(status)) == status);
    CHECK(to_string(SampleRunStatus::resumed) == "resumed");
    CHECK_FALSE(parse_sample_run_status("OK").has_value());
    CHECK_FALSE(parse_sample_run_status("").has_value());

    RunManifest manifest;
    manifest.tool_version = "0.0.0-test";
    manifest.command_line = "pedtx annotate \"x\"";
    const auto add = [&](std::string id, SampleRunStatus status, std::string error) {
        SampleStatus s;
        s.sample_id = std::move(id);
        s.input = "/data/" + s.sample_id + ".vcf";
        s.status = status;
        s.error = std::move(error);
        manifest.samples.push_back(std::move(s));
    };
    add("A", SampleRunStatus::ok, "");
    add("B", SampleRunStatus::resumed, "");
    add("C<\"x\">", SampleRunStatus::failed, "C.vcf:3: bad record");
    add("D", SampleRunStatus::interrupted, "not processed: the run was interrupted");
    const json doc = json::parse(run_manifest_json(manifest, *test::bundled_kb()));
    const auto& samples = doc.at("samples");
    REQUIRE(samples.size() == 4);
    CHECK(samples[0].at("status") == "ok");
    CHECK(samples[0].at("error").is_null());
    CHECK(samples[1].at("status") == "resumed");
    CHECK(samples[2].at("status") == "failed");
    CHECK(samples[2].at("sample_id") == "C<\"x\">");
    CHECK(samples[2].at("error") == "C.vcf:3: bad record");
    CHECK(samples[3].at("status") == "interrupted");
    // ok and resumed samples have their reports; failed and interrupted ones do not.
    CHECK(doc.at("summary").at("samples") == 4);
    CHECK(doc.at("summary").at("failed") == 2);
    CHECK(doc.at("command_line") == "pedtx annotate \"x\"");
    CHECK_FALSE(doc.contains("generated_at"));
}

TEST_CASE("JSON report: written as it is produced, byte for byte what the JSON library would write", "[report]") {
    // The report is streamed (report/json_writer), not built as a document and dumped; its text
    // must be what nlohmann's dump(2) writes for the same document: a parse and re-dump of the
    // report gives it back unchanged. The fixture is widened with what the writer must get right:
    // empty and nested arrays and objects, whole and fractional doubles, negative integers,
    // UTF-8, control characters and invalid UTF-8 (replaced by U+FFFD, as the library does).
    test::ReportFixture fixture;
    SampleResult& result = fixture.result;
    result.input.age_years = 12.0;  // a whole double: "12.0"
    result.warnings = {"plain", "tab\tquote\"back\\slash", "caf\xc3\xa9 \xe2\x80\x94 \x01\x1f", ""};
    result.qc.filtered = {{"min_vaf", 3}, {"LowQual;weird\"name", 1}};
    result.qc.ref_checked = 10;
    result.qc.ref_mismatch_examples = {"7:140753336 A (reference C)"};
    TumorMutationalBurden tmb;
    tmb.mutations_per_mb = 14.123456;
    tmb.source = "estimated";
    tmb.variants = 42;
    tmb.territory_mb = 2.97;
    result.biomarkers.tmb = tmb;
    Finding& braf = result.findings.front();
    braf.notes = {"note \xff invalid byte"};
    braf.variant.vaf = 1.0 / 3.0;
    TranscriptFacts facts;
    facts.transcript = "NM_004333.6";
    facts.region = TranscriptRegion::intron;
    facts.intron = 14;
    facts.intron_offset = -2;
    facts.exon_count = 18;
    facts.splice_distance = 2;
    facts.splice_site = true;
    braf.variant.facts = facts;
    braf.variant.class_from_tables = true;
    CopyNumberCall amplification;
    amplification.chrom = "2";
    amplification.start = 15940000;
    amplification.end = 15950000;
    amplification.copy_number = 24.5;
    amplification.level = 2;
    amplification.focal = true;
    amplification.genes = {"MYCN"};
    amplification.source = "cna_table";
    Finding mycn;
    mycn.gene = "MYCN";
    mycn.alteration = "amplification";
    mycn.category = FindingCategory::copy_number;
    mycn.copy_number = amplification;
    result.findings.push_back(mycn);

    const std::string text = sample_report_json(result, *test::bundled_kb(), no_date());
    const auto doc = nlohmann::ordered_json::parse(text);
    CHECK(text == doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n");
    CHECK(text.find("\"age_years\": 12.0") != std::string::npos);
    CHECK(text.find("\"filtered_by_reason\": {\n") != std::string::npos);
    CHECK(text.find("\"pharmacogenomics\": []") != std::string::npos);
    CHECK(text.find("\\u0001\\u001f") != std::string::npos);
    CHECK(text.find("note \xef\xbf\xbd invalid byte") != std::string::npos);  // U+FFFD
    CHECK(doc.at("findings").at(0).at("variant").at("mane_position").at("intron_offset") == -2);
    CHECK(doc.at("findings").at(3).at("copy_number").at("copy_number") == 24.5);

    // An empty result: every container empty, every optional null.
    SampleResult empty;
    const std::string bare = sample_report_json(empty, *test::bundled_kb(), no_date());
    CHECK(bare ==
          nlohmann::ordered_json::parse(bare).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) +
              "\n");
    CHECK(bare.find("\"findings\": []") != std::string::npos);
}
