// run/: the options record and the --resume fingerprint derived from BatchOptions, one sample's
// reports written together and kept across runs, the output folder's checks, and a small
// per-file and --all-samples run over the bundled examples.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "pedtx/core/error.hpp"
#include "pedtx/io/vcf_reader.hpp"
#include "pedtx/kb/knowledgebase.hpp"
#include "pedtx/report/output_names.hpp"
#include "pedtx/run/batch.hpp"
#include "pedtx/run/output_folder.hpp"
#include "pedtx/run/run_options.hpp"
#include "pedtx/run/sample_outputs.hpp"

using namespace pedtx;

namespace {

const std::filesystem::path kSource = PEDTX_SOURCE_DIR;

struct TempDir {
    std::filesystem::path path;
    TempDir() {
        path = std::filesystem::temp_directory_path() / ("pedtx_run_" + std::to_string(::getpid()) + "_" +
                                                         std::to_string(reinterpret_cast<std::uintptr_t>(this)));
        std::filesystem::create_directories(path);
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
};

std::shared_ptr<const Knowledgebase> bundled_kb() {
    static const auto kb = Knowledgebase::load(kSource / "knowledgebase");
    return kb;
}

}  // namespace

TEST_CASE("the options record is derived from BatchOptions, every setting in it", "[run]") {
    BatchOptions options;
    const auto defaults = options_record(options);
    CHECK(defaults["genome"] == "auto");
    CHECK(defaults["formats"] == "json,tsv,html");
    CHECK(defaults["tumor_type"].is_null());
    CHECK(defaults["agency"] == "any");
    CHECK_FALSE(defaults.contains("reference"));
    // Each setting that changes a finding changes the record, and so the fingerprint.
    const SampleInput input;
    const std::string base = options_fingerprint(options, input, "S1");
    CHECK(base.size() == 64);
    const auto changed = [&](auto&& change) {
        BatchOptions other;
        change(other);
        return options_fingerprint(other, input, "S1") != base;
    };
    CHECK(changed([](BatchOptions& o) { o.annotate.min_vaf = 0.05; }));
    CHECK(changed([](BatchOptions& o) { o.annotate.min_alt_reads = 3; }));
    CHECK(changed([](BatchOptions& o) { o.annotate.min_depth = 10; }));
    CHECK(changed([](BatchOptions& o) { o.annotate.include_filtered = true; }));
    CHECK(changed([](BatchOptions& o) { o.annotate.genome = GenomeBuild::GRCh37; }));
    CHECK(changed([](BatchOptions& o) { o.annotate.copy_number.amp_min_cn = 8; }));
    CHECK(changed([](BatchOptions& o) { o.annotate.copy_number.min_probes = 5; }));
    CHECK(changed([](BatchOptions& o) { o.annotate.tmb_high_cutoff = 20; }));
    CHECK(changed([](BatchOptions& o) { o.annotate.tmb_territory_mb = 30; }));
    CHECK(changed([](BatchOptions& o) { o.annotate.agency = Agency::ema; }));
    CHECK(changed([](BatchOptions& o) { o.write_vcf = true; }));
    CHECK(changed([](BatchOptions& o) { o.command_line_sample.tumor_type = "NBL"; }));
    CHECK(changed([](BatchOptions& o) { o.gene_annotation = "genes.gtf"; }));
    // What only drives the run does not.
    CHECK_FALSE(changed([](BatchOptions& o) { o.threads = 8; }));
    CHECK_FALSE(changed([](BatchOptions& o) { o.quiet = true; }));
    CHECK_FALSE(changed([](BatchOptions& o) { o.out_dir = "elsewhere"; }));
    // The sample's own settings are in the fingerprint too.
    SampleInput older = input;
    older.age_years = 12;
    CHECK(options_fingerprint(options, older, "S1") != base);
    CHECK(options_fingerprint(options, input, "S2") != base);
}

TEST_CASE("one sample's reports are written together and kept only while they answer the sample", "[run]") {
    TempDir out;
    const auto kb = bundled_kb();
    BatchOptions options;
    options.out_dir = out.path;
    options.no_timestamp = true;
    SampleInput input;
    input.vcf = kSource / "examples" / "neuroblastoma_alk_f1174l.vep.vcf";
    input.tumor_type = "NBL";
    input.sample_id = "NB";
    SampleResult result = annotate_sample(input, *kb, options.annotate);
    const ReportProvenance provenance{file_sha256(input.vcf), "", "", options_fingerprint(options, input, "NB")};
    result.input_sha256 = provenance.input_sha256;
    result.options_fingerprint = provenance.options_fingerprint;
    const ReportContext context{"test", "", options.annotate};
    const std::string json = sample_report_json(result, *kb, context);
    const auto written = write_sample_reports(result, json, "NB", *kb, context, options);
    CHECK(written == std::vector<std::string>{"NB.pedtx.json", "NB.pedtx.tsv", "NB.pedtx.html"});
    for (const auto& name : written) CHECK(std::filesystem::is_regular_file(out.path / name));

    const auto kept = reports_to_keep(options, "NB", provenance, *kb);
    REQUIRE(kept);
    CHECK(kept->json == json);
    CHECK(kept->outputs == written);
    ReportProvenance other_options = provenance;
    other_options.options_fingerprint = std::string(64, '0');
    CHECK_FALSE(reports_to_keep(options, "NB", other_options, *kb));
    ReportProvenance other_input = provenance;
    other_input.input_sha256 = std::string(64, 'f');
    CHECK_FALSE(reports_to_keep(options, "NB", other_input, *kb));
    std::filesystem::remove(out.path / "NB.pedtx.html");
    CHECK_FALSE(reports_to_keep(options, "NB", provenance, *kb));  // a wanted format is missing
    options.write_html = false;
    CHECK(reports_to_keep(options, "NB", provenance, *kb));
    // JSON not wanted: a JSON report of an earlier run is removed, not left stale.
    options.write_json = false;
    CHECK(write_sample_reports(result, json, "NB", *kb, context, options) == std::vector<std::string>{"NB.pedtx.tsv"});
    CHECK_FALSE(std::filesystem::exists(out.path / "NB.pedtx.json"));
}

TEST_CASE("the output folder: one run at a time, no output over an input", "[run]") {
    TempDir out;
    {
        const OutputFolderLock lock(out.path);
        CHECK_THROWS_AS(OutputFolderLock(out.path), UsageError);
    }
    const OutputFolderLock again(out.path);  // released with the first
    const auto input = out.path / "S.pedtx.json";
    std::ofstream(input) << "{}";
    CHECK_THROWS_WITH(refuse_outputs_over_inputs({input}, sample_output_paths(out.path, "S")),
                      Catch::Contains("would overwrite it"));
    CHECK_NOTHROW(refuse_outputs_over_inputs({input}, sample_output_paths(out.path, "T")));
    CHECK(run_level_output_paths(out.path).front() == out.path / "run.json");
}

TEST_CASE("a per-file run and an --all-samples run give the same report for the same sample", "[run]") {
    TempDir out;
    const auto kb = bundled_kb();
    const auto vcf = kSource / "examples" / "neuroblastoma_alk_f1174l.vep.vcf";
    SampleInput row;
    row.sample_id = "NB";
    row.tumor_type = "NBL";
    row.age_years = 3;
    row.vcf = vcf;
    BatchOptions options;
    options.no_timestamp = true;
    options.quiet = true;
    options.out_dir = out.path / "per_file";
    const BatchOutcome per_file = run_batch({row}, *kb, options);
    REQUIRE(per_file.failed == 0);
    options.out_dir = out.path / "all_samples";
    // The sheet row names the tumor column; the file's normal column is a sample of its own.
    VcfReader reader(vcf);
    row.vcf_sample = reader.choose_tumor_sample(std::nullopt, "--sample").name;
    const BatchOutcome all = run_all_samples_batch({vcf}, {row}, *kb, options);
    REQUIRE(all.failed == 0);
    REQUIRE(all.samples.size() == reader.sample_names().size());
    CHECK(std::count_if(all.samples.begin(), all.samples.end(),
                        [](const SampleStatus& s) { return s.sample_id == "NB"; }) == 1);
    const auto read = [](const std::filesystem::path& path) {
        auto doc = nlohmann::json::parse(std::ifstream(path));
        return doc["findings"].dump();
    };
    CHECK(read(out.path / "per_file" / "NB.pedtx.json") == read(out.path / "all_samples" / "NB.pedtx.json"));
    // --resume keeps the --all-samples file's reports: nothing is read again.
    options.resume = true;
    const BatchOutcome resumed = run_all_samples_batch({vcf}, {row}, *kb, options);
    CHECK(resumed.resumed == static_cast<int>(all.samples.size()));
    for (const auto& status : resumed.samples) CHECK(status.status == SampleRunStatus::resumed);
}
