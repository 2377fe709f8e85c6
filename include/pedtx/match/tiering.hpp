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
};

TumorTypeMatch match_tumor_type(const TumorTypeScope& scope, const TumorTypeTree& tree,
                                const std::string& tumor_type);

// Assigns evidence and finding tiers, age notes and resistance links, then sorts
// findings (tier, gene, alteration, position) and their evidence (tier, level, id).
void assign_tiers(std::vector<Finding>& findings, const Knowledgebase& kb, const PatientContext& patient);

// "1 year", "6 months", "12 years" for age notes.
std::string format_age(double years);

}  // namespace pedtx
