// What one sample is (its inputs) and what matching it gave (QC counts, biomarkers, findings):
// the result every report is written from.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "pedtx/core/genome.hpp"
#include "pedtx/match/biomarker.hpp"
#include "pedtx/match/finding.hpp"
#include "pedtx/match/germline.hpp"

namespace pedtx {

struct SampleInput {
    std::string sample_id;  // empty: the tumor column's name
    std::filesystem::path vcf;
    std::string tumor_type;  // OncoTree code; empty when unknown
    std::optional<double> age_years;
    std::optional<std::string> vcf_sample;  // --sample
    std::filesystem::path fusions;          // RNA fusion-caller table (Arriba, STAR-Fusion), optional
    std::filesystem::path cna;              // copy-number segments or gene table, optional
    std::string cna_sample;                 // the sample's id in a multi-sample cna file (default: sample_id)
    std::optional<double> tmb;              // measured tumor mutational burden (mutations/Mb), optional
    MsiStatus msi = MsiStatus::not_given;   // MSI / MMR status from the lab, optional
    std::optional<GenomeBuild> genome;      // the sheet's genome column: this sample's build (over --genome)
    bool from_sample_sheet = false;         // errors advise the sheet's columns, not --sample / --genome
    std::optional<Agency> agency;           // sheet column agency; nullopt: the run's --agency

    // Germline genotypes (issue 17): a germline VCF (--germline, sheet column germline), its column
    // or the tumor VCF's normal column (--normal-sample, sheet normal_sample), and the sex for G6PD.
    std::filesystem::path germline;
    std::optional<std::string> normal_sample;
    Sex sex = Sex::unknown;
};

struct QcCounts {
    std::int64_t records_read = 0;
    std::int64_t records_passed = 0;     // passed FILTER (or all, with --include-filtered)
    std::int64_t records_annotated = 0;  // carrying the consequence annotation tag
    std::int64_t alleles_in_kb_genes = 0;
    std::int64_t findings = 0;
    std::int64_t findings_with_evidence = 0;
    std::int64_t structural_records = 0;  // breakend / symbolic SV records read
    std::int64_t fusion_calls = 0;        // fusions involving knowledge-base genes
    std::int64_t fusion_rows_read = 0;    // data rows of the RNA fusion table (--fusions, sheet column fusions)
    std::int64_t copy_number_segments = 0;
    std::int64_t tmb_variants = 0;  // SNVs/indels counted for the TMB estimate (--tmb-territory-mb)
    // gVCF input: records with a real ALT beside <NON_REF> / <*> (reference blocks, whose only
    // ALT is such an allele, are counted in filtered["gvcf_reference_block"]).
    std::int64_t gvcf_variant_records = 0;
    // --reference: records whose REF was compared, those that differ, and those on a chromosome
    // the FASTA lacks (or running off its end); -1 when no reference was given.
    std::int64_t ref_checked = -1;
    std::int64_t ref_mismatches = 0;
    std::int64_t ref_not_in_fasta = 0;
    std::vector<std::string> ref_mismatch_examples;  // the first few, "chrom:pos REF (reference X)"
    std::map<std::string, std::int64_t> filtered;    // reason -> count
};

struct SampleResult {
    SampleInput input;
    std::string sample_id;
    std::string tumor_column;
    std::string tumor_column_reason;
    GenomeBuild build = GenomeBuild::GRCh38;
    std::string build_source;       // --genome, ##contig lengths, ##reference
    std::string annotation_source;  // VEP, SnpEff, bcftools_csq, or "none"
    std::string annotation_tag;
    QcCounts qc;
    SampleBiomarkers biomarkers;
    std::vector<Finding> findings;
    // Pharmacogenomics from a germline VCF or the normal column (issue 17).
    GermlineResult germline;
    std::vector<std::string> warnings;  // "FILE:LINE: ..." rows reported but not matched
    // "FILE: ..." said once about the input (an annotation not used or only partly used): also in
    // warnings, and printed by the CLI unless --quiet.
    std::vector<std::string> notes;
    // Provenance written into the report, for --resume and reproducibility.
    std::string input_sha256;
    std::string fusions_sha256;
    std::string cna_sha256;
    std::string options_fingerprint;
};

}  // namespace pedtx
