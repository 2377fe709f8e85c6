// Findings: a tumor alteration with the knowledge-base evidence it matched,
// tiered for this patient (AMP/ASCO/CAP 2017 tiers IA, IB, IIC, IID, III).
#pragma once

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
    std::string matched_by;  // annotation or genomic_key
    std::string tier;
    TumorTypeMatch tumor_type_match = TumorTypeMatch::other;
    const Approval* approval = nullptr;
    std::string age_note;
    // Resistance evidence in this sample against a drug of this (sensitive) item.
    std::vector<std::string> undercut_by;
};

struct Finding {
    std::string gene;
    std::string alteration;  // protein change without "p.", fusion name, amplification, ...
    std::string category = "mutation";  // mutation, fusion, copy_number, biomarker
    Variant variant;
    std::string matched_by;
    std::string tier;
    std::vector<EvidenceMatch> evidence;
};

// Order of tiers: IA < IB < IIC < IID < III.
int tier_rank(std::string_view tier);

}  // namespace pedtx
