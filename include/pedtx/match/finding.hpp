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

namespace pedtx {

enum class TumorTypeMatch { exact, ancestor, agnostic, other };
std::string_view to_string(TumorTypeMatch match);

struct EvidenceMatch {
    const EvidenceItem* item = nullptr;
    std::string matched_by;  // annotation, genomic_key, transcript_tables or reference_translation
    std::string tier;
    TumorTypeMatch tumor_type_match = TumorTypeMatch::other;
    const Approval* approval = nullptr;
    std::string age_note;
    // Resistance evidence in this sample against a drug of this (sensitive) item.
    std::vector<std::string> undercut_by;
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
    std::string category = "mutation";  // mutation, fusion, copy_number, biomarker
    Variant variant;                  // the allele (mutations); breakpoint/segment position otherwise
    std::optional<FusionCall> fusion;  // category fusion
    std::optional<CopyNumberCall> copy_number;  // category copy_number
    std::string significance;          // e.g. prognostic note for markers without a drug
    std::string measurement;           // category biomarker: the value behind it, e.g. "TMB 14 mut/Mb (given; ...)"
    std::string matched_by;
    std::string tier;
    std::vector<EvidenceMatch> evidence;
    // Mutations: where the annotation and pedtx's MANE tables disagree on the same transcript
    // (the annotation wins; a sign of another transcript version or the wrong build).
    std::vector<std::string> notes;
};

// "BRAF V600E", "BCR::ABL1 fusion"; a sample-level biomarker has no gene: "TMB-high".
std::string display_name(const Finding& finding);

// Order of tiers: IA < IB < IIC < IID < III.
int tier_rank(std::string_view tier);

}  // namespace pedtx
