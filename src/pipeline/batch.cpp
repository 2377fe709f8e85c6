// Parallel samples with failure isolation; the sample sheet reader.
#include "pedtx/pipeline/batch.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <optional>
#include <set>

#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include "pedtx/core/error.hpp"
#include "pedtx/report/atomic_file.hpp"
#include "pedtx/report/html.hpp"
#include "pedtx/util/sha256.hpp"
#include "pedtx/util/text.hpp"
#include "pedtx/version.hpp"

namespace pedtx {

namespace {

struct SampleWork {
    std::optional<SampleResult> result;
    std::string json;
    std::string tsv;
    std::string html;
    std::string error;
    bool internal_error = false;
    std::string input_sha256;
};

}  // namespace

std::string utc_timestamp() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buffer;
}

BatchOutcome run_batch(const std::vector<SampleInput>& inputs, const Knowledgebase& kb, const BatchOptions& options) {
    std::filesystem::create_directories(options.out_dir);
    const std::string timestamp = options.no_timestamp ? std::string{} : utc_timestamp();
    const ReportContext context{kToolVersion, timestamp, options.annotate};
    std::vector<SampleWork> work(inputs.size());

    tbb::task_arena arena(std::max(1, options.threads));
    arena.execute([&] {
        tbb::parallel_for(std::size_t{0}, inputs.size(), [&](std::size_t i) {
            SampleWork& w = work[i];
            try {
                if (std::filesystem::is_regular_file(inputs[i].vcf)) w.input_sha256 = sha256_file(inputs[i].vcf);
                w.result = annotate_sample(inputs[i], kb, options.annotate);
                if (options.write_json) w.json = sample_report_json(*w.result, kb, context);
                if (options.write_tsv) w.tsv = sample_report_tsv(*w.result, kb, context);
                if (options.write_html) w.html = sample_report_html(*w.result, kb, context);
            } catch (const Error& e) {
                w.error = e.what();
                w.result.reset();
            } catch (const std::exception& e) {
                w.error = inputs[i].vcf.string() + ": internal error: " + e.what();
                w.internal_error = true;
                w.result.reset();
            }
        });
    });

    BatchOutcome outcome;
    std::set<std::string> stems;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        SampleWork& w = work[i];
        SampleStatus status;
        status.input = inputs[i].vcf.string();
        status.input_sha256 = w.input_sha256;
        status.sample_id = w.result ? w.result->sample_id : inputs[i].sample_id;
        if (w.result) {
            status.genome_build = std::string(to_string(w.result->build));
            const std::string stem = safe_file_stem(w.result->sample_id);
            if (!stems.insert(stem).second) {
                w.error = status.input + ": sample id \"" + w.result->sample_id +
                          "\" is used by an earlier input; give each sample its own id (sample sheet sample_id)";
            } else {
                try {
                    if (options.write_json) {
                        write_file_atomically(options.out_dir / (stem + ".pedtx.json"), w.json);
                        status.outputs.push_back(stem + ".pedtx.json");
                    }
                    if (options.write_tsv) {
                        write_file_atomically(options.out_dir / (stem + ".pedtx.tsv"), w.tsv);
                        status.outputs.push_back(stem + ".pedtx.tsv");
                    }
                    if (options.write_html) {
                        write_file_atomically(options.out_dir / (stem + ".pedtx.html"), w.html);
                        status.outputs.push_back(stem + ".pedtx.html");
                    }
                } catch (const Error& e) {
                    w.error = e.what();
                }
            }
        }
        if (w.error.empty()) {
            status.status = "ok";
        } else {
            status.status = "failed";
            status.error = w.error;
            outcome.errors.push_back(w.error);
            ++outcome.failed;
            if (w.internal_error) ++outcome.internal_errors;
        }
        outcome.samples.push_back(std::move(status));
    }

    RunManifest manifest;
    manifest.tool_version = kToolVersion;
    manifest.command_line = options.command_line;
    manifest.generated_at = timestamp;
    manifest.samples = outcome.samples;
    manifest.options_json = options.options_json;
    write_file_atomically(options.out_dir / "run.json", run_manifest_json(manifest, kb));
    return outcome;
}

std::vector<SampleInput> read_sample_sheet(const std::filesystem::path& sheet, const TumorTypeTree& tumor_types) {
    const std::string file = sheet.string();
    std::string text;
    try {
        text = read_text_file(sheet);
    } catch (const IoError& e) {
        throw InputError(e.what());
    }
    const auto base = sheet.parent_path();
    std::vector<SampleInput> samples;
    std::map<std::string, int> column;
    long line_number = 0;
    std::set<std::string> ids;
    for (auto line : split_view(text, '\n')) {
        ++line_number;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (trim_view(line).empty() || line[0] == '#') continue;
        const auto fields = split_view(line, '\t');
        if (column.empty()) {
            for (std::size_t i = 0; i < fields.size(); ++i) column[std::string(trim_view(fields[i]))] = static_cast<int>(i);
            for (const char* required : {"sample_id", "vcf"})
                if (!column.count(required))
                    throw InputError(at_line(file, line_number, std::string("missing required column \"") + required +
                                                                    "\" in the header (tab-separated)"));
            continue;
        }
        if (fields.size() != column.size())
            throw InputError(at_line(file, line_number, "expected " + std::to_string(column.size()) +
                                                            " tab-separated columns, found " +
                                                            std::to_string(fields.size())));
        const auto get = [&](const char* name) -> std::string {
            const auto it = column.find(name);
            return it == column.end() ? std::string{} : std::string(trim_view(fields[it->second]));
        };
        SampleInput input;
        input.sample_id = get("sample_id");
        if (input.sample_id.empty()) throw InputError(at_line(file, line_number, "column sample_id is empty"));
        if (!ids.insert(input.sample_id).second)
            throw InputError(at_line(file, line_number, "column sample_id: duplicate \"" + input.sample_id + "\""));
        const std::string vcf = get("vcf");
        if (vcf.empty()) throw InputError(at_line(file, line_number, "column vcf is empty"));
        input.vcf = std::filesystem::path(vcf).is_absolute() ? std::filesystem::path(vcf) : base / vcf;
        input.tumor_type = get("tumor_type");
        if (!input.tumor_type.empty()) {
            const TumorType* type = tumor_types.find(input.tumor_type);
            if (!type)
                throw InputError(at_line(file, line_number,
                                         "column tumor_type: unknown OncoTree code \"" + input.tumor_type + "\""));
            input.tumor_type = type->code;
        }
        const std::string age = get("age_years");
        if (!age.empty()) {
            try {
                std::size_t used = 0;
                const double years = std::stod(age, &used);
                if (used != age.size() || years < 0 || years > 120) throw std::invalid_argument(age);
                input.age_years = years;
            } catch (const std::exception&) {
                throw InputError(at_line(file, line_number,
                                         "column age_years: \"" + age + "\" is not an age in years (0-120)"));
            }
        }
        const std::string vcf_sample = get("vcf_sample");
        if (!vcf_sample.empty()) input.vcf_sample = vcf_sample;
        samples.push_back(std::move(input));
    }
    if (column.empty()) throw InputError(at_line(file, 1, "empty sample sheet (needs a header and one row per sample)"));
    return samples;
}

}  // namespace pedtx
