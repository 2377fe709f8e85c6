// Tiering: tumor-type match (OncoTree ancestry, tumor-agnostic groups),
// patient age against approvals, and resistance linked to the sensitivity it undercuts.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pedtx/kb/knowledgebase.hpp"
#include "pedtx/match/finding.hpp"

namespace pedtx {

struct PatientContext {
    std::string tumor_type;  // OncoTree code; empty when unknown
    std::optional<double> age_years;
    Agency agency = Agency::any;  // whose approvals give tier IA
};

TumorTypeMatch match_tumor_type(const TumorTypeScope& scope, const TumorTypeTree& tree, const std::string& tumor_type);

// The approval as it applies to this patient (agency counted, tumor type, age bounds).
ApprovalCheck check_approval(const Approval& approval, const TumorTypeTree& tree, const PatientContext& patient);

// Assigns evidence and finding tiers, age notes and resistance links, then sorts
// findings (tier, gene, alteration, position) and their evidence (tier, level, id).
// Level A items give IA only in the item's tumor type (exact, subtype or agnostic), at an age
// the item covers, and, when the item links approvals, with one of a counted agency whose
// tumor types and age bounds cover the patient; otherwise IIC. Sensitivity undercut by
// resistance evidence (levels A-C) found in the same gene and tumor type is lowered to IID
// (level D resistance: to IIC), with the reason in tier_notes.
void assign_tiers(std::vector<Finding>& findings, const Knowledgebase& kb, const PatientContext& patient);

// "1 year", "6 months", "12 years" for age notes.
std::string format_age(double years);

}  // namespace pedtx
