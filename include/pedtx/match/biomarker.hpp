// Sample-level biomarkers: tumor mutational burden (given, or estimated from the VCF over
// a stated territory) and microsatellite instability / mismatch-repair status, matched to
// the knowledge base's `biomarker` rules (TMB-high, MSI-high).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pedtx/kb/knowledgebase.hpp"
#include "pedtx/match/finding.hpp"

namespace pedtx {

// TMB-high at or above 10 mutations/Mb: the cut-off of the FDA tumor-agnostic pembrolizumab
// approval (KEYTRUDA label, 2020; FoundationOne CDx).
constexpr double kDefaultTmbHighCutoff = 10.0;

struct TumorMutationalBurden {
    double mutations_per_mb = 0;
    std::string source;          // "given" (--tmb / sheet column tmb) or "estimated" (counted in the VCF)
    std::int64_t variants = -1;  // estimated: SNVs and indels counted
    double territory_mb = 0;     // estimated: the territory they were counted over
    double high_cutoff = kDefaultTmbHighCutoff;
    bool high() const { return mutations_per_mb + 1e-9 >= high_cutoff; }
};

// Canonical spellings: MSI-H, MSI-L, MSS, dMMR, pMMR.
enum class MsiStatus { not_given, msi_high, msi_low, stable, mmr_deficient, mmr_proficient };
std::string_view to_string(MsiStatus status);
// What --tmb / --msi (and the sheet columns) expect, for error messages.
constexpr const char* kTmbExpected = "a mutation count per Mb (a number >= 0)";
constexpr const char* kMsiExpected = "an MSI/MMR status (MSI-H, MSI-L, MSS, dMMR, pMMR)";
// Accepts the canonical spellings and common variants (MSI-high, high, MMR-deficient,
// deficient, stable, low, proficient; any case); nullopt when not recognised.
std::optional<MsiStatus> parse_msi_status(std::string_view text);
// "14.2 mut/Mb" style number parsing for --tmb and the sheet: a decimal >= 0.
std::optional<double> parse_tmb(std::string_view text);

struct SampleBiomarkers {
    std::optional<TumorMutationalBurden> tmb;
    MsiStatus msi = MsiStatus::not_given;
};

// TMB-high and MSI-high (MSI-H or dMMR) findings with the evidence items of the matching
// biomarker rules; no finding when the sample is below the cut-off or microsatellite stable.
std::vector<Finding> biomarker_findings(const SampleBiomarkers& biomarkers, const Knowledgebase& kb);

// "14.2 mut/Mb (estimated: 71 variants over 5 Mb; high at >= 10)" for reports.
std::string describe(const TumorMutationalBurden& tmb);

}  // namespace pedtx
