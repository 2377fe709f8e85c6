// The sample sheet reader: every cell checked before any work starts.
#include "pedtx/run/sample_sheet.hpp"

#include <map>
#include <set>
#include <string>

#include "pedtx/core/error.hpp"
#include "pedtx/util/text.hpp"

namespace pedtx {

std::vector<SampleInput> read_sample_sheet(const std::filesystem::path& sheet, const TumorTypeTree& tumor_types,
                                           bool require_vcf) {
    const std::string file = sheet.string();
    std::string text;
    try {
        text = read_text_file(sheet);
    } catch (const IoError& e) {
        throw InputError(e.what());
    }
    const auto base = sheet.parent_path();
    std::vector<SampleInput> samples;
    std::map<std::string, int> column;
    long line_number = 0;
    std::set<std::string> ids;
    for (auto line : split_view(text, '\n')) {
        ++line_number;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (trim_view(line).empty() || line[0] == '#') continue;
        const auto fields = split_view(line, '\t');
        if (column.empty()) {
            for (std::size_t i = 0; i < fields.size(); ++i)
                column[std::string(trim_view(fields[i]))] = static_cast<int>(i);
            for (const char* required : {"sample_id", "vcf"})
                if (!column.count(required) && (require_vcf || std::string(required) != "vcf"))
                    throw InputError(at_line(
                        file, line_number,
                        std::string("missing required column \"") + required + "\" in the header (tab-separated)"));
            continue;
        }
        if (fields.size() != column.size())
            throw InputError(at_line(file, line_number,
                                     "expected " + std::to_string(column.size()) + " tab-separated columns, found " +
                                         std::to_string(fields.size())));
        const auto get = [&](const char* name) -> std::string {
            const auto it = column.find(name);
            return it == column.end() ? std::string{} : std::string(trim_view(fields[it->second]));
        };
        SampleInput input;
        input.from_sample_sheet = true;
        input.sample_id = get("sample_id");
        if (input.sample_id.empty()) throw InputError(at_line(file, line_number, "column sample_id is empty"));
        if (!ids.insert(input.sample_id).second)
            throw InputError(at_line(file, line_number, "column sample_id: duplicate \"" + input.sample_id + "\""));
        const std::string vcf = get("vcf");
        if (vcf.empty() && require_vcf) throw InputError(at_line(file, line_number, "column vcf is empty"));
        if (!vcf.empty())
            input.vcf = std::filesystem::path(vcf).is_absolute() ? std::filesystem::path(vcf) : base / vcf;
        input.tumor_type = get("tumor_type");
        if (!input.tumor_type.empty()) {
            const TumorType* type = tumor_types.find(input.tumor_type);
            if (!type)
                throw InputError(
                    at_line(file, line_number, "column tumor_type: " + tumor_types.why_unusable(input.tumor_type)));
            input.tumor_type = type->code;
        }
        // A present but empty age cell is refused like any other non-number: an age the sheet
        // meant to give and lost would drop the age check of every approval minimum.
        if (column.count("age_years")) {
            const std::string age = get("age_years");
            if (age == "NA" || age == "unknown")
                ;  // stated as unknown
            else if (const auto years = parse_number(age, 0, 120))
                input.age_years = *years;
            else
                throw InputError(at_line(
                    file, line_number,
                    "column age_years: \"" + age + "\" is not an age in years (0-120; NA when the age is not known)"));
        }
        const std::string vcf_sample = get("vcf_sample");
        if (!vcf_sample.empty()) input.vcf_sample = vcf_sample;
        const auto resolve = [&](const std::string& value) {
            return std::filesystem::path(value).is_absolute() ? std::filesystem::path(value) : base / value;
        };
        if (const std::string fusions = get("fusions"); !fusions.empty()) input.fusions = resolve(fusions);
        if (const std::string cna = get("cna"); !cna.empty()) input.cna = resolve(cna);
        input.cna_sample = get("cna_sample");
        if (!input.cna_sample.empty() && input.cna.empty())
            throw InputError(at_line(file, line_number, "column cna_sample is set but column cna is empty"));
        if (const std::string genome = get("genome"); !genome.empty() && to_lower(genome) != "auto") {
            input.genome = parse_genome_build(genome);
            if (!input.genome)
                throw InputError(
                    at_line(file, line_number,
                            "column genome: \"" + genome + "\" is not GRCh37, GRCh38 (hg19, b37, hg38) or auto"));
        }
        if (const std::string tmb = get("tmb"); !tmb.empty()) {
            input.tmb = parse_tmb(tmb);
            if (!input.tmb)
                throw InputError(at_line(file, line_number, "column tmb: \"" + tmb + "\" is not " + kTmbExpected));
        }
        if (const std::string msi = get("msi"); !msi.empty()) {
            const auto status = parse_msi_status(msi);
            if (!status)
                throw InputError(at_line(file, line_number, "column msi: \"" + msi + "\" is not " + kMsiExpected));
            input.msi = *status;
        }
        if (const std::string agency = get("agency"); !agency.empty()) {
            input.agency = parse_agency(agency);
            if (!input.agency)
                throw InputError(
                    at_line(file, line_number,
                            "column agency: \"" + agency + "\" is not FDA, EMA or any (whose approvals give tier IA)"));
        }
        if (const std::string germline = get("germline"); !germline.empty()) input.germline = resolve(germline);
        if (const std::string normal = get("normal_sample"); !normal.empty()) input.normal_sample = normal;
        if (const std::string sex = get("sex"); !sex.empty()) {
            const auto parsed = parse_sex(sex);
            if (!parsed)
                throw InputError(at_line(file, line_number,
                                         "column sex: \"" + sex + "\" is not female, male or unknown (F, M, NA)"));
            input.sex = *parsed;
        }
        samples.push_back(std::move(input));
    }
    if (column.empty())
        throw InputError(at_line(file, 1, "empty sample sheet (needs a header and one row per sample)"));
    return samples;
}

}  // namespace pedtx
