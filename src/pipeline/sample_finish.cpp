// The finishing of a sample whose records are all read, shared by the VCF record loop
// (annotate.cpp) and the MAF row loop (annotate_maf.cpp): split MNVs, fusions, copy number,
// biomarkers, tiers and QC totals; and the read-support thresholds both loops apply.
#include "sample_finish.hpp"

#include <algorithm>

#include "pedtx/io/copy_number.hpp"
#include "pedtx/io/fusion_table.hpp"
#include "pedtx/match/copy_number.hpp"
#include "pedtx/match/fusion.hpp"
#include "pedtx/match/matcher.hpp"
#include "pedtx/match/tiering.hpp"
#include "pedtx/util/text.hpp"

namespace pedtx {

// Read-support thresholds; the reason is counted in qc (when given) for an allele that fails.
bool meets_read_support(const AlleleSupport& support, const AnnotateOptions& options, QcCounts* qc) {
    const char* reason = nullptr;
    if (!support.carried)
        reason = "allele_not_in_tumor";
    else if (options.min_depth > 0 && support.depth >= 0 && support.depth < options.min_depth)
        reason = "low_depth";
    else if (options.min_alt_reads > 0 && support.alt_reads >= 0 && support.alt_reads < options.min_alt_reads)
        reason = "low_alt_reads";
    else if (options.min_vaf > 0 && support.vaf >= 0 && support.vaf < options.min_vaf)
        reason = "low_vaf";
    if (reason && qc) ++qc->filtered[reason];
    return reason == nullptr;
}

// Fusions, copy number, tiers and QC totals for one finished column.
void finish_sample(SampleSlot& slot, const Knowledgebase& kb, const AnnotateOptions& options, const QcCounts& shared) {
    SampleResult& result = slot.result;
    const SampleInput& input = result.input;
    QcCounts& qc = result.qc;
    qc.records_read = shared.records_read;
    qc.records_passed = shared.records_passed;
    qc.records_annotated = shared.records_annotated;
    qc.gvcf_variant_records = shared.gvcf_variant_records;
    const auto blocks = shared.filtered.find("gvcf_reference_block");
    const std::int64_t reference_blocks = blocks == shared.filtered.end() ? 0 : blocks->second;
    if (reference_blocks > 0 || qc.gvcf_variant_records > 0)
        result.warnings.push_back(input.vcf.string() +
                                  ": looks like a gVCF (ALT <NON_REF> or <*>): " + std::to_string(reference_blocks) +
                                  " reference-block records (no variant) are counted in records_read and "
                                  "records_passed (filtered_by_reason.gvcf_reference_block); the <NON_REF>/<*> "
                                  "allele of " +
                                  std::to_string(qc.gvcf_variant_records) +
                                  " variant records was ignored and their other alleles matched. A gVCF lists "
                                  "every site, not somatic calls: give the caller's filtered VCF for a somatic "
                                  "report");
    qc.ref_checked = shared.ref_checked;
    qc.ref_mismatches = shared.ref_mismatches;
    qc.ref_not_in_fasta = shared.ref_not_in_fasta;
    qc.ref_mismatch_examples = shared.ref_mismatch_examples;
    for (const auto& [reason, count] : shared.filtered) qc.filtered[reason] += count;
    if (options.reference && shared.ref_mismatches > 0)
        result.warnings.push_back(input.vcf.string() + ": " + std::to_string(shared.ref_mismatches) + " of " +
                                  std::to_string(shared.ref_checked) +
                                  " records checked have a REF that differs from the reference " +
                                  options.reference->path().string() +
                                  " (the usual sign of another genome build or an unnormalised file; alleles whose "
                                  "REF differs are not translated), e.g. " +
                                  join(shared.ref_mismatch_examples, "; "));
    if (options.reference && shared.ref_not_in_fasta > 0)
        result.warnings.push_back(input.vcf.string() + ": " + std::to_string(shared.ref_not_in_fasta) +
                                  " record(s) lie on a chromosome the reference " + options.reference->path().string() +
                                  " lacks, or beyond its end: their REF was not checked");
    resolve_split_mnvs(result.findings, slot.snvs, Matcher(kb, result.build, options.reference.get()));
    // Fusions: DNA junctions from the VCF, then the RNA caller's table.
    for (auto& finding : slot.structural->fusion_findings(qc)) result.findings.push_back(std::move(finding));
    if (!input.fusions.empty()) {
        const FusionTable table = read_fusion_table(input.fusions, result.sample_id);
        qc.fusion_rows_read = table.rows_read;
        for (auto& finding : fusion_table_findings(table, kb, result.build, result.warnings))
            result.findings.push_back(std::move(finding));
    }
    // Copy number: symbolic VCF records, then the --cna file.
    std::vector<GeneCopyNumber> gene_calls;
    if (!input.cna.empty()) {
        CopyNumberInput cna =
            read_copy_number_file(input.cna, result.sample_id, options.copy_number.ploidy, input.cna_sample);
        result.warnings.insert(result.warnings.end(), cna.warnings.begin(), cna.warnings.end());
        qc.copy_number_segments += static_cast<std::int64_t>(cna.segments.size());
        slot.structural->segments().insert(slot.structural->segments().end(), cna.segments.begin(), cna.segments.end());
        gene_calls = std::move(cna.genes);
    }
    for (auto& finding : copy_number_findings(slot.structural->segments(), gene_calls, kb, result.build,
                                              options.copy_number, &qc.filtered))
        result.findings.push_back(std::move(finding));
    // Sample-level biomarkers: the given TMB, else the estimate from the VCF; MSI / MMR status.
    if (input.tmb) {
        result.biomarkers.tmb = TumorMutationalBurden{*input.tmb, "given", -1, 0, options.tmb_high_cutoff};
    } else if (options.tmb_territory_mb) {
        const double territory = *options.tmb_territory_mb;
        result.biomarkers.tmb = TumorMutationalBurden{static_cast<double>(qc.tmb_variants) / territory, "estimated",
                                                      qc.tmb_variants, territory, options.tmb_high_cutoff};
    }
    result.biomarkers.msi = input.msi;
    for (auto& finding : biomarker_findings(result.biomarkers, kb)) result.findings.push_back(std::move(finding));
    qc.fusion_calls = std::count_if(result.findings.begin(), result.findings.end(),
                                    [](const Finding& f) { return f.category == FindingCategory::fusion; });
    assign_tiers(result.findings, kb,
                 PatientContext{input.tumor_type, input.age_years, input.agency.value_or(options.agency)});
    qc.findings = static_cast<std::int64_t>(result.findings.size());
    qc.findings_with_evidence = std::count_if(result.findings.begin(), result.findings.end(),
                                              [](const Finding& f) { return !f.evidence.empty(); });
}

}  // namespace pedtx
