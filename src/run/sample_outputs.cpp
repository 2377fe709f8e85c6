// Writing one sample's reports together, and keeping them across runs (--resume).
#include "pedtx/run/sample_outputs.hpp"

#include <system_error>

#include <nlohmann/json.hpp>

#include "pedtx/report/annotated_vcf.hpp"
#include "pedtx/report/atomic_file.hpp"
#include "pedtx/report/html.hpp"
#include "pedtx/report/output_names.hpp"
#include "pedtx/util/sha256.hpp"
#include "pedtx/util/text.hpp"

namespace pedtx {

std::string file_sha256(const std::filesystem::path& path) {
    return path.empty() || !std::filesystem::is_regular_file(path) ? std::string{} : sha256_file(path);
}

std::optional<KeptReports> reports_to_keep(const BatchOptions& options, const std::string& stem,
                                           const ReportProvenance& provenance, const Knowledgebase& kb) {
    const auto json_path = options.out_dir / report_file_name(stem, ReportFormat::json);
    std::error_code error;
    if (!std::filesystem::is_regular_file(json_path, error)) return std::nullopt;
    KeptReports kept;
    try {
        kept.json = read_text_file(json_path);
        const auto doc = nlohmann::json::parse(kept.json);
        const auto& recorded = doc.at("provenance");
        const auto field = [&](const char* key) {
            return recorded.at(key).is_null() ? std::string{} : recorded.at(key).get<std::string>();
        };
        if (field("options_fingerprint") != provenance.options_fingerprint ||
            field("input_sha256") != provenance.input_sha256 || field("fusions_sha256") != provenance.fusions_sha256 ||
            field("cna_sha256") != provenance.cna_sha256 ||
            doc.at("knowledge_base").at("sha256").get<std::string>() != kb.info().sha256)
            return std::nullopt;
    } catch (const std::exception&) {
        return std::nullopt;
    }
    for (const auto format : kReportFormats) {
        if (!options.writes(format)) continue;
        const auto name = report_file_name(stem, format);
        if (format != ReportFormat::json && !std::filesystem::exists(options.out_dir / name)) return std::nullopt;
        kept.outputs.push_back(name);
    }
    return kept;
}

std::vector<std::string> write_sample_reports(const SampleResult& result, const std::string& json,
                                              const std::string& stem, const Knowledgebase& kb,
                                              const ReportContext& context, const BatchOptions& options) {
    const auto path = [&](ReportFormat format) { return options.out_dir / report_file_name(stem, format); };
    StagedFiles staged;
    if (options.write_tsv) staged.add(path(ReportFormat::tsv), sample_report_tsv(result, kb, context));
    if (options.write_html) staged.add(path(ReportFormat::html), sample_report_html(result, kb, context));
    if (options.write_vcf)
        staged.add(path(ReportFormat::vcf), [&](const std::filesystem::path& temporary) {
            write_annotated_vcf_file(result, kb, context, temporary, options.stop_requested);
        });
    if (options.write_json) {
        staged.add(path(ReportFormat::json), json);
    } else {
        std::error_code ignored;
        std::filesystem::remove(path(ReportFormat::json), ignored);  // no stale report from earlier runs
    }
    staged.commit();
    std::vector<std::string> written;
    for (const auto format : kReportFormats)
        if (options.writes(format)) written.push_back(report_file_name(stem, format));
    return written;
}

}  // namespace pedtx
