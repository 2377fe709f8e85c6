// Outputs for consortium tools, written from the per-sample JSON reports (so that `pedtx
// annotate` and `pedtx cohort` write the same files): a cBioPortal study folder, and an
// annotated MAF (the input MAF's rows, or vcf2maf-like rows for VCF input, with pedtx's columns).
// Formats: cBioPortal "File Formats" (docs.cbioportal.org/file-formats, docs/cbioportal.md);
// MAF: GDC "Mutation Annotation Format" column names.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace pedtx {

// Where a run writes them in its output folder.
inline constexpr const char* kAnnotatedMafFile = "cohort.pedtx.maf";
inline constexpr const char* kCbioportalFolder = "cbioportal";

struct CbioportalStudyOptions {
    std::string study_id = "pedtx_cohort";  // cancer_study_identifier (letters, digits, '_')
    std::string name = "pedtx cohort";
    std::string tool_version;
};

// A cBioPortal sample id: SAMPLE_ID / PATIENT_ID allow only letters, digits, '.', '_' and '-';
// any other character becomes '_'.
std::string cbioportal_id(std::string_view id);

// The cbp_driver_tiers value of a tier ("pedtx tier IA"; at most 20 characters) and whether the
// tier makes a finding a putative driver (tiers I and II) for cbp_driver.
std::string cbioportal_driver_tier(std::string_view tier);

// Writes the study folder `dir` from the reports (parsed SAMPLE.pedtx.json, in cohort order):
// meta_study.txt, clinical sample and patient files (tumor type, age, best tier), mutations
// (with cbp_driver, cbp_driver_annotation, cbp_driver_tiers, cbp_driver_tiers_annotation from
// pedtx's tier), structural variants (fusion findings) when any sample was given fusions,
// discrete CNA when any sample was given copy number, and case lists. Files are written
// atomically, together. Throws IoError naming the file.
void write_cbioportal_study(const std::filesystem::path& dir, const std::vector<nlohmann::json>& reports,
                            const CbioportalStudyOptions& options);

// Writes the annotated MAF `path`: for reports made from a MAF (input.path), that MAF's rows in
// order with pedtx_tier, pedtx_drugs, pedtx_response, pedtx_evidence and pedtx_kb_version
// appended (a row matches a finding of its sample by gene and protein change, else by gene and
// position); for reports made from a VCF, one vcf2maf-like row per mutation finding.
void write_annotated_maf(const std::filesystem::path& path, const std::vector<nlohmann::json>& reports);

}  // namespace pedtx
