// The tier of a finding or an evidence item for this patient (AMP/ASCO/CAP 2017: tier I strong,
// tier II potential, tier III unknown clinical significance), with its rank, its name, and the
// groups of tiers the reports select by. Each group is defined here once, under its own name:
// the reports say "actionable" for two of them (see is_therapy_option, is_clinically_significant).
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace pedtx {

// Declared best first: the order of the enumerators is the rank (IA < IB < IIC < IID < III).
// Tier III is also what a finding has before assign_tiers() (tiering.hpp) gives it its tier.
enum class Tier { IA, IB, IIC, IID, III };

// Every tier, best first (the order reports list them in).
inline constexpr std::array<Tier, 5> kTiers = {Tier::IA, Tier::IB, Tier::IIC, Tier::IID, Tier::III};

// 0 for IA up to 4 for III: a lower rank is a better tier.
constexpr int tier_rank(Tier tier) {
    return static_cast<int>(tier);
}

// The better (lower-ranked) of two tiers.
constexpr Tier better_tier(Tier a, Tier b) {
    return tier_rank(a) <= tier_rank(b) ? a : b;
}

// "IA", "IB", "IIC", "IID", "III": the name every report writes.
std::string_view to_string(Tier tier);

// The tier a report names, spelled exactly as to_string() writes it; nullopt otherwise.
std::optional<Tier> parse_tier(std::string_view text);

// Tier I, strong clinical significance: IA and IB.
constexpr bool is_tier_one(Tier tier) {
    return tier == Tier::IA || tier == Tier::IB;
}

// Tier II, potential clinical significance: IIC and IID.
constexpr bool is_tier_two(Tier tier) {
    return tier == Tier::IIC || tier == Tier::IID;
}

// Tiers I and II (IA, IB, IIC, IID): what the cohort views count and draw as actionable
// (cohort_summary.json "actionable_findings_per_tier", the cohort matrix, cohort.html).
constexpr bool is_clinically_significant(Tier tier) {
    return is_tier_one(tier) || is_tier_two(tier);
}

// IA, IB and IIC: the tiers the per-sample HTML report lists as therapy options in its summary
// ("Actionable findings (tiers IA, IB, IIC)"). Not IID: level D evidence only (case reports,
// preclinical data), or sensitivity lowered to IID as not recommended because of clinical
// resistance evidence found in the same sample.
constexpr bool is_therapy_option(Tier tier) {
    return tier == Tier::IA || tier == Tier::IB || tier == Tier::IIC;
}

}  // namespace pedtx
