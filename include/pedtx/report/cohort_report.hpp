// A sample's report as the cohort views read it: the sample, the knowledge base, and each
// finding's tier and evidence. Built from the in-memory result in a batch run, or read from a
// SAMPLE.pedtx.json by `pedtx cohort`; the two agree (tests/unit/test_cohort_report.cpp checks
// the reader against report.cpp's writer), so a cohort rebuilt from the folders of a run equals
// the run's own.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pedtx/kb/knowledgebase.hpp"
#include "pedtx/match/sample_result.hpp"
#include "pedtx/match/tier.hpp"

namespace pedtx {

struct CohortEvidence {
    std::string id;
    std::vector<std::string> drugs;
    std::string response;  // sensitive, resistant, ... as the report writes it
    Tier tier = Tier::III;
    bool operator==(const CohortEvidence&) const = default;
};

struct CohortFinding {
    std::string gene;  // empty for a sample-level biomarker
    std::string alteration;
    std::string category;  // mutation, fusion, copy_number, ... as the report writes it
    Tier tier = Tier::III;
    std::vector<CohortEvidence> evidence;
    bool operator==(const CohortFinding&) const = default;
};

struct CohortReport {
    std::string sample_id;
    std::string tumor_type;       // OncoTree code, "" when not given
    std::string tumor_type_name;  // "" when not given
    std::optional<double> age_years;
    std::string knowledge_base;  // "name version (sha256 ...)"
    std::vector<CohortFinding> findings;
    bool operator==(const CohortReport&) const = default;
};

// From the result a batch run has in memory.
CohortReport cohort_report(const SampleResult& result, const Knowledgebase& kb);

// From a parsed SAMPLE.pedtx.json. Throws InputError "FILE: ..." (file: for the message) when
// the document lacks a field a pedtx report has, or names a tier that is not one.
CohortReport read_cohort_report(const nlohmann::json& report, const std::string& file);

}  // namespace pedtx
