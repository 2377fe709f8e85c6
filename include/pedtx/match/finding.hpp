// Findings: a tumor alteration with the knowledge-base evidence it matched,
// tiered for this patient (AMP/ASCO/CAP 2017 tiers IA, IB, IIC, IID, III).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pedtx/core/variant.hpp"
#include "pedtx/kb/knowledgebase.hpp"
#include "pedtx/match/tier.hpp"

namespace pedtx {

// How the sample's tumor type relates to an evidence item's: exact code; ancestor (the item's
// code is an ancestor of the sample's, which is a subtype of it); agnostic group; sample_ancestor
// (the sample's code is an ancestor of the item's: ASTR given, item for ASTR2, so the sample may
// or may not be of the item's type); other.
enum class TumorTypeMatch { exact, ancestor, agnostic, sample_ancestor, other };
std::string_view to_string(TumorTypeMatch match);

// Which agencies' approvals give tier IA (--agency; sample-sheet column agency).
enum class Agency { any, fda, ema };
std::string_view to_string(Agency agency);  // "any", "FDA", "EMA"
// "FDA", "EMA" or "any", any case; nullopt otherwise.
std::optional<Agency> parse_agency(std::string_view text);

// What kind of alteration a finding is.
enum class FindingCategory {
    mutation,     // a small variant (SNV, indel, MNV) of one allele
    fusion,       // a gene fusion (breakends, symbolic SVs, an RNA fusion table)
    copy_number,  // amplification or deletion of a gene
    biomarker,    // a sample-level marker (TMB-high, MSI-high): no gene, no position
    structural,   // a structural variant that disrupts one gene without a fusion
};
std::string_view to_string(FindingCategory category);  // "mutation", "copy_number", ...

// What a finding, or one of its evidence items, was matched by.
enum class MatchedBy {
    annotation,             // the protein change the annotator wrote
    genomic_key,            // the exact allele at knowledge-base coordinates (MANE Select)
    transcript_tables,      // exon, splice site, frame or class worked out on the MANE Select transcript
    reference_translation,  // the allele translated from the --reference FASTA
    breakpoints,            // structural-variant breakpoints of the VCF
    fusion_caller,          // an RNA fusion caller's table
    copy_number,            // a copy-number call
    biomarker,              // a sample-level biomarker
    genomic_key_assembled,  // the key of the allele SNV records of one codon make together
};
std::string_view to_string(MatchedBy matched_by);  // "annotation", "genomic_key", ...

// One approval of an evidence item, checked against this patient.
struct ApprovalCheck {
    const Approval* approval = nullptr;
    bool counted = false;       // its agency is one the run counts (--agency)
    bool tumor_type_ok = true;  // the label's tumor types (when it lists any) cover the sample
    bool age_ok = true;         // the patient's age is within the label's bounds, or not given
    // The label as it applies to this patient: "approved from 6 years; patient is 3 years
    // (below the minimum age)", "adults only (approved from 18 years); patient is 12 years ...".
    std::string note;
    bool supports_tier_ia() const { return counted && tumor_type_ok && age_ok; }
};

struct EvidenceMatch {
    const EvidenceItem* item = nullptr;
    MatchedBy matched_by = MatchedBy::annotation;
    Tier tier = Tier::III;  // set by assign_tiers (tiering.hpp): IA-IID
    TumorTypeMatch tumor_type_match = TumorTypeMatch::other;
    // Every approval the item rests on (FDA and EMA), in the item's order.
    std::vector<ApprovalCheck> approvals;
    // The approval the tier rests on: the first that supports tier IA, else the first counted
    // one, else the first; nullptr when the item links none.
    const Approval* approval = nullptr;
    std::string age_note;
    // Resistance evidence in this sample against a drug of this (sensitive) item.
    std::vector<std::string> undercut_by;
    // The tier before resistance found in the same gene lowered it (IA); nullopt if not lowered.
    std::optional<Tier> lowered_from;
    // Why the tier is what it is when that is not plain: the sample's tumor type is broader
    // than the item's, no approval of the counted agency, lowered by resistance.
    std::vector<std::string> tier_notes;
};

// One partner of a gene fusion.
struct FusionPartner {
    std::string gene;         // HGNC symbol; empty when the breakpoint is in no known gene
    std::string chrom;
    std::int64_t pos = 0;     // breakpoint, 1-based
    char strand = 0;          // transcript strand of the gene ('+'/'-'), 0 if unknown
    std::string transcript;   // transcript used for the region (MANE Select)
    std::string region;       // "exon 13", "intron 13", "upstream", "" when unknown
};

// A gene fusion read from breakends, symbolic SVs or an RNA fusion caller's table.
struct FusionCall {
    FusionPartner five_prime;
    FusionPartner three_prime;
    std::string source;           // vcf_bnd, vcf_symbolic, arriba, star_fusion
    std::string record;           // caller record id(s) or table line
    std::int32_t supporting_reads = -1;
    bool orientation_known = true;  // false when 5'/3' could not be worked out
    bool oncogenic_orientation = true;  // false: the partners' strands cannot give this fusion
    bool coordinates_agree = true;      // false: a named gene and its breakpoint disagree (not matched)
    std::vector<std::string> notes;     // disagreements between caller-named genes and coordinates, ...
};

// A gene-level copy-number call.
struct CopyNumberCall {
    std::string chrom;
    std::int64_t start = 0;  // segment, 1-based closed
    std::int64_t end = 0;
    double copy_number = -1;  // absolute copy number; -1 when only a level is known
    int level = 0;            // GISTIC-style: -2 deep deletion, -1 loss, 1 gain, 2 amplification
    bool focal = false;       // segment shorter than the focal threshold
    std::vector<std::string> genes;  // knowledge-base genes the segment covers
    std::string source;       // vcf_symbolic, cna_table, segments
};

struct Finding {
    std::string gene;
    std::string alteration;  // protein change without "p.", fusion name, amplification, ...
    FindingCategory category = FindingCategory::mutation;
    Variant variant;                            // the allele (mutations); breakpoint/segment position otherwise
    std::optional<FusionCall> fusion;           // category fusion
    std::optional<CopyNumberCall> copy_number;  // category copy_number
    std::string significance;                   // e.g. prognostic note for markers without a drug
    std::string measurement;  // category biomarker: the value behind it, e.g. "TMB 14 mut/Mb (given; ...)"
    MatchedBy matched_by = MatchedBy::annotation;
    Tier tier = Tier::III;  // the best tier of its evidence (assign_tiers); III without evidence
    std::vector<EvidenceMatch> evidence;
    // Notes on the finding: where the annotation and pedtx's MANE tables disagree on the same
    // transcript (the annotation wins; a sign of another transcript version or the wrong build),
    // and in the context of the whole sample (two or more ABL1 kinase-domain mutations: compound
    // or polyclonal cannot be told apart without phasing).
    std::vector<std::string> notes;
};

// "BRAF V600E", "BCR::ABL1 fusion"; a sample-level biomarker has no gene: "TMB-high".
std::string display_name(const Finding& finding);

}  // namespace pedtx
