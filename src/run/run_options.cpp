// The options record and the --resume fingerprint, both derived from BatchOptions.
#include "pedtx/run/run_options.hpp"

#include <string>

#include "pedtx/util/sha256.hpp"
#include "pedtx/version.hpp"

namespace pedtx {

namespace {

template <typename T>
nlohmann::ordered_json or_null(const std::optional<T>& value) {
    return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json path_or_null(const std::filesystem::path& path) {
    return path.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(path.string());
}

std::string formats_text(const BatchOptions& options) {
    std::string text;
    for (const auto format : kReportFormats)
        if (options.writes(format)) text += (text.empty() ? "" : ",") + std::string(format_name(format));
    return text;
}

}  // namespace

bool BatchOptions::writes(ReportFormat format) const {
    switch (format) {
        case ReportFormat::json:
            return write_json;
        case ReportFormat::tsv:
            return write_tsv;
        case ReportFormat::html:
            return write_html;
        case ReportFormat::vcf:
            return write_vcf;
    }
    return false;
}

nlohmann::ordered_json options_record(const BatchOptions& options) {
    const AnnotateOptions& annotate = options.annotate;
    const CommandLineSample& sample = options.command_line_sample;
    const CopyNumberThresholds& copy_number = annotate.copy_number;
    nlohmann::ordered_json record = {
        {"genome", annotate.genome ? std::string(to_string(*annotate.genome)) : std::string("auto")},
        {"min_vaf", annotate.min_vaf},
        {"min_alt_reads", annotate.min_alt_reads},
        {"min_depth", annotate.min_depth},
        {"include_filtered", annotate.include_filtered},
        {"formats", formats_text(options)},
        {"tumor_type",
         sample.tumor_type.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(sample.tumor_type)},
        {"age_years", or_null(sample.age_years)},
        {"sample_sheet", path_or_null(options.sample_sheet)},
        {"amp_min_cn", copy_number.amplification_cn()},
        {"del_max_cn", copy_number.del_max_cn},
        {"ploidy", copy_number.ploidy},
        {"focal_max_size", copy_number.focal_max_size},
        {"cn_min_probes", copy_number.min_probes},
        {"cn_min_size", copy_number.min_size},
        {"tmb", or_null(sample.tmb)},
        {"msi", sample.msi ? nlohmann::ordered_json(to_string(*sample.msi)) : nlohmann::ordered_json(nullptr)},
        {"tmb_territory_mb", or_null(annotate.tmb_territory_mb)},
        {"tmb_high_cutoff", annotate.tmb_high_cutoff},
        {"gene_annotation", path_or_null(options.gene_annotation)},
        {"agency", std::string(to_string(annotate.agency))}};
    if (annotate.reference) record["reference"] = annotate.reference->path().string();
    // MAF input only: keys absent otherwise, so that VCF runs keep their records and fingerprints.
    if (!options.maf.empty()) {
        record["maf"] = options.maf.string();
        record["clinical"] = path_or_null(options.clinical);
        record["skip_bad_rows"] = annotate.skip_bad_rows;
    }
    if (options.write_maf || options.cbioportal) {
        std::string formats = formats_text(options);
        for (const auto& [on, name] :
             {std::pair{options.write_maf, "maf"}, std::pair{options.cbioportal, "cbioportal"}})
            if (on) formats += (formats.empty() ? "" : ",") + std::string(name);
        record["formats"] = formats;
    }
    return record;
}

std::string options_fingerprint(const BatchOptions& options, const SampleInput& input, const std::string& sample_id) {
    return sha256_hex(options_record(options).dump() + "|" + input.tumor_type + "|" +
                      (input.age_years ? std::to_string(*input.age_years) : "") + "|" + input.vcf_sample.value_or("") +
                      "|" + sample_id + "|" + (input.tmb ? std::to_string(*input.tmb) : "") + "|" +
                      std::string(to_string(input.msi)) + "|" +
                      (input.agency ? std::string(to_string(*input.agency)) : "") + "|" + kToolVersion +
                      (input.genome ? "|genome=" + std::string(to_string(*input.genome)) : "") +
                      (input.cna_sample.empty() ? "" : "|cna_sample=" + input.cna_sample) +
                      (input.germline.empty() ? "" : "|germline=" + input.germline.string()) +
                      (input.normal_sample ? "|normal_sample=" + *input.normal_sample : "") +
                      (input.sex == Sex::unknown ? "" : "|sex=" + std::string(to_string(input.sex))));
}

}  // namespace pedtx
