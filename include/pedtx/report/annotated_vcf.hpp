// The annotated VCF report: the sample's input VCF with INFO/PEDTX on every allele that gave a
// finding (gene, alteration, tier, sensitive and resistant drugs with their tiers, evidence
// ids), and header lines naming pedtx, its knowledge base and the sample.
#pragma once

#include <filesystem>
#include <string>

#include "pedtx/io/vcf_writer.hpp"
#include "pedtx/kb/knowledgebase.hpp"
#include "pedtx/pipeline/annotate.hpp"
#include "pedtx/report/report.hpp"

namespace pedtx {

// The PEDTX values per allele (small-variant findings; fusions and copy number are in the
// JSON/TSV reports), each field escaped for a VCF INFO string.
InfoAnnotation pedtx_info_annotation(const SampleResult& result);

// Writes the annotated VCF to `path` as it is (the caller makes it atomic); header values are
// percent-encoded like INFO values, and '<', '>' and '"' too (a sample id "<x>" would make
// "##pedtx_sample=<x>" a structured line). Throws InputError / IoError, and Interrupted when
// stop_requested is set while copying.
void write_annotated_vcf_file(const SampleResult& result, const Knowledgebase& kb, const ReportContext& context,
                              const std::filesystem::path& path, const std::atomic<bool>* stop_requested = nullptr);

// Writes SAMPLE.pedtx.vcf.gz atomically. Throws InputError / IoError.
void write_annotated_vcf_report(const SampleResult& result, const Knowledgebase& kb, const ReportContext& context,
                                const std::filesystem::path& path);

}  // namespace pedtx
