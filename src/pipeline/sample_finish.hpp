// Private to pipeline/: what the VCF record loop (annotate.cpp) and the MAF row loop
// (annotate_maf.cpp) share: a sample being filled, the read-support thresholds, and the
// finishing of a sample (fusions, copy number, biomarkers, tiers, QC totals).
#pragma once

#include <memory>

#include "pedtx/io/vcf_reader.hpp"
#include "pedtx/kb/knowledgebase.hpp"
#include "pedtx/match/sample_result.hpp"
#include "pedtx/match/split_mnv.hpp"
#include "pedtx/match/structural_collector.hpp"
#include "pedtx/pipeline/annotate.hpp"
#include "pedtx/pipeline/germline.hpp"

namespace pedtx {

// One sample being reported from a file (a VCF tumor column, or a MAF's Tumor_Sample_Barcode).
struct SampleSlot {
    SampleResult result;
    int column = -1;
    std::unique_ptr<StructuralCollector> structural;
    // Tumor-only predisposition flags from the record loop (see assess_germline), scanned for only
    // when the sample may turn out tumor-only (no germline VCF; not an --all-samples column).
    bool may_be_tumor_only = false;
    std::vector<PredispositionFinding> possible_germline;
    // The normal column of a tumor-normal VCF, given each record in file order (the file is
    // read once); null when there is none to observe.
    GermlineColumnObserver* normal_column = nullptr;
    std::vector<CodingSnv> snvs;  // coding SNVs in knowledge-base genes, in file order (split MNVs)
};

// Read-support thresholds; the reason is counted in qc (when given) for an allele that fails.
bool meets_read_support(const AlleleSupport& support, const AnnotateOptions& options, QcCounts* qc);

// Fusions, copy number, biomarkers, tiers and QC totals for one sample whose records are all
// read; shared: the counts of the records the sample was read from.
void finish_sample(SampleSlot& slot, const Knowledgebase& kb, const AnnotateOptions& options, const QcCounts& shared);

}  // namespace pedtx
