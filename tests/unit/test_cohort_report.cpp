// The cohort's reader of SAMPLE.pedtx.json against report.cpp's writer: for every bundled
// example, the report as the cohort reads it back equals the report built from the result in
// memory (what a batch run uses), so `pedtx cohort` over a run's folder and the run itself build
// the same cohort.
#include <catch2/catch.hpp>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "pedtx/core/error.hpp"
#include "pedtx/kb/knowledgebase.hpp"
#include "pedtx/pipeline/annotate.hpp"
#include "pedtx/report/cohort_report.hpp"
#include "pedtx/report/report.hpp"
#include "pedtx/run/sample_sheet.hpp"

using namespace pedtx;

namespace {

const std::filesystem::path kSource = PEDTX_SOURCE_DIR;

}  // namespace

TEST_CASE("the cohort reads back from SAMPLE.pedtx.json what the batch run has in memory", "[cohort][report]") {
    const auto kb = Knowledgebase::load(kSource / "knowledgebase");
    const auto samples = read_sample_sheet(kSource / "examples" / "samples.tsv", kb->tumor_types());
    REQUIRE(samples.size() >= 10);
    const ReportContext context{"test", "", AnnotateOptions{}};
    std::size_t findings = 0, evidence = 0;
    for (const auto& input : samples) {
        const SampleResult result = annotate_sample(input, *kb, AnnotateOptions{});
        const CohortReport in_memory = cohort_report(result, *kb);
        const CohortReport read_back =
            read_cohort_report(nlohmann::json::parse(sample_report_json(result, *kb, context)), input.sample_id);
        INFO(input.sample_id);
        CHECK(read_back == in_memory);
        CHECK(in_memory.sample_id == input.sample_id);
        CHECK(in_memory.findings.size() == result.findings.size());
        findings += in_memory.findings.size();
        for (const auto& f : in_memory.findings) evidence += f.evidence.size();
    }
    // The examples exercise the reader: findings with and without evidence.
    CHECK(findings >= 10);
    CHECK(evidence >= 10);
}

TEST_CASE("a report the cohort cannot read is refused naming the file", "[cohort][report]") {
    const nlohmann::json no_findings = {{"sample", {{"id", "S"}, {"tumor_type", nullptr}, {"age_years", nullptr}}},
                                        {"knowledge_base", {{"name", "k"}, {"version", "1"}, {"sha256", "x"}}}};
    CHECK_THROWS_WITH(read_cohort_report(no_findings, "S.pedtx.json"), Catch::StartsWith("S.pedtx.json: "));
    nlohmann::json bad_tier = no_findings;
    bad_tier["findings"] = {{{"gene", "ALK"}, {"alteration", "F1174L"}, {"category", "mutation"}, {"tier", "I"},
                             {"evidence", nlohmann::json::array()}}};
    CHECK_THROWS_AS(read_cohort_report(bad_tier, "S.pedtx.json"), InputError);
    CHECK_THROWS_WITH(read_cohort_report(bad_tier, "S.pedtx.json"), Catch::Contains("tier \"I\""));
}
