// A MAF run's samples: clinical file, sample sheet and cohort files joined by sample id.
#include "pedtx/run/maf_inputs.hpp"

#include <algorithm>
#include <set>

#include "pedtx/core/error.hpp"
#include "pedtx/io/fusion_table.hpp"
#include "pedtx/util/text.hpp"

namespace pedtx {

namespace {

// The sample columns of a gene x sample copy-number matrix (cBioPortal data_cna.txt, GISTIC
// tables); nullopt for segment or long-format files, which name their samples in rows.
std::optional<std::vector<std::string>> cna_matrix_samples(const std::filesystem::path& cna) {
    std::string text;
    try {
        text = read_text_file(cna);
    } catch (const IoError& e) {
        throw InputError(e.what());
    }
    for (auto line : split_view(text, '\n')) {
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (trim_view(line).empty() || line.substr(0, 2) == "##") continue;
        const auto header = header_names(split_view(line, '\t'));
        std::set<std::string> lower;
        for (const auto& name : header) lower.insert(to_lower(name));
        const auto has = [&](std::initializer_list<const char*> names) {
            return std::any_of(names.begin(), names.end(), [&](const char* n) { return lower.count(n) > 0; });
        };
        if (!has({"hugo_symbol", "gene symbol", "gene", "gene_symbol", "symbol"}) ||
            has({"chromosome", "chrom", "call", "cna", "copy_number_alteration", "tumor_sample_barcode", "sample_id"}))
            return std::nullopt;
        std::vector<std::string> samples;
        for (const auto& name : header) {
            const std::string l = to_lower(name);
            if (l == "hugo_symbol" || l == "gene symbol" || l == "gene" || l == "gene_symbol" || l == "symbol" ||
                l == "entrez_gene_id" || l == "cytoband" || l == "locus id" || l == "locus_id")
                continue;
            samples.push_back(name);
        }
        return samples;
    }
    return std::nullopt;
}

}  // namespace

std::vector<ClinicalSample> read_clinical_samples(const std::filesystem::path& clinical) {
    const std::string file = clinical.string();
    std::string text;
    try {
        text = read_text_file(clinical);
    } catch (const IoError& e) {
        throw InputError(e.what());
    }
    std::vector<ClinicalSample> samples;
    std::vector<std::string> header;
    std::string header_line;
    int c_id = -1, c_code = -1, c_age = -1, c_days = -1;
    std::set<std::string> ids;
    long line_number = 0;
    for (auto line : split_view(text, '\n')) {
        ++line_number;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (trim_view(line).empty() || line.front() == '#') continue;
        const auto fields = split_view(line, '\t');
        if (header.empty()) {
            header = header_names(fields);
            header_line = std::string(line);
            const auto col = [&](std::initializer_list<const char*> names) {
                for (const char* name : names)
                    for (std::size_t i = 0; i < header.size(); ++i)
                        if (iequals(header[i], name)) return static_cast<int>(i);
                return -1;
            };
            c_id = col({"SAMPLE_ID"});
            c_code = col({"ONCOTREE_CODE"});
            c_age = col({"AGE", "AGE_AT_DIAGNOSIS", "AGE_AT_DIAGNOSIS_YEARS"});
            c_days = col({"AGE_IN_DAYS", "AGE_AT_DIAGNOSIS_DAYS"});
            if (c_id < 0)
                throw InputError(at_line(file, line_number,
                                         "not a cBioPortal clinical sample file: no SAMPLE_ID column in the header"));
            continue;
        }
        if (line == header_line) continue;  // a header repeated mid-file
        const auto get = [&](int c) -> std::string_view {
            return c < 0 || static_cast<std::size_t>(c) >= fields.size() ? std::string_view{} : trim_view(fields[c]);
        };
        ClinicalSample sample;
        sample.line = line_number;
        sample.sample_id = std::string(get(c_id));
        if (sample.sample_id.empty()) throw InputError(at_line(file, line_number, "SAMPLE_ID is empty"));
        if (!ids.insert(sample.sample_id).second)
            throw InputError(at_line(file, line_number, "SAMPLE_ID \"" + sample.sample_id + "\" is listed twice"));
        const auto code = get(c_code);
        if (code != "NA" && code != "na") sample.oncotree_code = std::string(code);
        const auto unknown = [](std::string_view v) {
            return v.empty() || v == "NA" || v == "na" || v == "[Not Available]";
        };
        if (const auto years = get(c_age); !unknown(years)) {
            const auto value = parse_number(years, 0, 120);
            if (!value)
                throw InputError(at_line(file, line_number,
                                         "sample " + sample.sample_id + ": " + header[c_age] + " \"" +
                                             std::string(years) +
                                             "\" is not an age in years (0-120; NA when not known)"));
            sample.age_years = *value;
        } else if (const auto days = get(c_days); !unknown(days)) {
            const auto value = parse_number(days, 0, 120 * 366);
            if (!value)
                throw InputError(at_line(file, line_number,
                                         "sample " + sample.sample_id + ": AGE_IN_DAYS \"" + std::string(days) +
                                             "\" is not an age in days (NA when not known)"));
            sample.age_years = *value / 365.25;
        }
        samples.push_back(std::move(sample));
    }
    if (header.empty()) throw InputError(file + ": empty clinical file: no header line");
    return samples;
}

MafSamples maf_sample_inputs(const std::vector<std::string>& ids, const MafCohortInputs& cohort,
                             const TumorTypeTree& tumor_types) {
    MafSamples out;
    std::map<std::string, ClinicalSample> clinical;
    if (!cohort.clinical.empty())
        for (auto& row : read_clinical_samples(cohort.clinical)) clinical.emplace(row.sample_id, std::move(row));
    std::map<std::string, const SampleInput*> sheet;
    for (const auto& row : cohort.sheet) sheet.emplace(row.sample_id, &row);
    std::vector<std::string> fusion_samples;
    if (!cohort.fusions.empty()) fusion_samples = fusion_table_samples(cohort.fusions);
    std::optional<std::vector<std::string>> cna_samples;
    if (!cohort.cna.empty()) cna_samples = cna_matrix_samples(cohort.cna);
    std::vector<std::string> untyped, without_cna;
    for (const auto& id : ids) {
        SampleInput input;
        input.sample_id = id;
        input.vcf = cohort.maf;
        input.tumor_type = cohort.tumor_type;
        input.age_years = cohort.age_years;
        if (const auto it = clinical.find(id); it != clinical.end()) {
            const ClinicalSample& row = it->second;
            if (!row.oncotree_code.empty()) {
                const TumorType* type = tumor_types.find(row.oncotree_code);
                if (!type) {
                    out.errors[id] = at_line(cohort.clinical.string(), row.line,
                                             "sample " + id + ": " + tumor_types.why_unusable(row.oncotree_code) +
                                                 " (ONCOTREE_CODE); correct it, or leave it blank to report the "
                                                 "sample without a tumor type");
                } else {
                    input.tumor_type = type->code;
                }
            }
            if (row.age_years) input.age_years = row.age_years;
        }
        if (const auto it = sheet.find(id); it != sheet.end()) {
            const SampleInput& row = *it->second;
            if (!row.tumor_type.empty()) input.tumor_type = row.tumor_type;
            if (row.age_years) input.age_years = row.age_years;
            input.tmb = row.tmb;
            input.msi = row.msi;
            input.agency = row.agency;
            if (!row.fusions.empty()) input.fusions = row.fusions;
            if (!row.cna.empty()) input.cna = row.cna;
            input.cna_sample = row.cna_sample;
            input.from_sample_sheet = true;
        }
        if (input.fusions.empty() && !cohort.fusions.empty() &&
            (std::find(fusion_samples.begin(), fusion_samples.end(), id) != fusion_samples.end() ||
             (fusion_samples.empty() && ids.size() == 1)))
            input.fusions = cohort.fusions;
        if (input.cna.empty() && !cohort.cna.empty()) {
            if (!cna_samples || std::find(cna_samples->begin(), cna_samples->end(), id) != cna_samples->end() ||
                (ids.size() == 1 && cna_samples->size() == 1))
                input.cna = cohort.cna;
            else
                without_cna.push_back(id);
        }
        if (input.tumor_type.empty() && !out.errors.count(id)) untyped.push_back(id);
        out.inputs.push_back(std::move(input));
    }
    if (!cohort.fusions.empty() && fusion_samples.empty() && ids.size() > 1)
        throw InputError(cohort.fusions.string() +
                         ": a fusion table without a sample column belongs to one sample, and the MAF has " +
                         std::to_string(ids.size()) +
                         "; give a cBioPortal data_sv.txt / data_fusions.txt (Sample_Id / Tumor_Sample_Barcode "
                         "column), or one table per sample in the --samples sheet (column fusions)");
    const auto listed = [](const std::vector<std::string>& names) {
        std::vector<std::string> shown(names.begin(), names.begin() + std::min<std::size_t>(names.size(), 10));
        return join(shown, ", ") + (names.size() > 10 ? ", ..." : "");
    };
    if (!untyped.empty())
        out.warnings.push_back(cohort.maf.string() + ": " + std::to_string(untyped.size()) +
                               " sample(s) have no tumor type (no ONCOTREE_CODE in --clinical, no tumor_type in "
                               "--samples, no --tumor-type) and are reported without one, so no tier rests on a "
                               "tumor-type match: " +
                               listed(untyped));
    if (!without_cna.empty())
        out.warnings.push_back(cohort.cna.string() + ": no column for " + std::to_string(without_cna.size()) +
                               " sample(s) of the MAF; they are reported without copy number: " + listed(without_cna));
    return out;
}

}  // namespace pedtx
