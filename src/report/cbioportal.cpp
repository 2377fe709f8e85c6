// The cBioPortal study folder and the annotated MAF, from the per-sample JSON reports.
#include "pedtx/report/cbioportal.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "pedtx/core/error.hpp"
#include "pedtx/core/hgvs.hpp"
#include "pedtx/io/maf_reader.hpp"
#include "pedtx/match/tier.hpp"
#include "pedtx/report/atomic_file.hpp"
#include "pedtx/util/text.hpp"

namespace pedtx {

namespace {

// A table cell: tabs and line breaks of input strings would split rows and columns.
std::string cell(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    return out;
}

std::string text_of(const nlohmann::json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_number_integer()) return std::to_string(value.get<long long>());
    if (value.is_number()) return format_decimal(value.get<double>());
    return {};
}

std::string field(const nlohmann::json& object, const char* key) {
    if (!object.is_object()) return {};
    const auto it = object.find(key);
    return it == object.end() ? std::string{} : text_of(*it);
}

// At most `limit` characters (cBioPortal limits the driver annotation fields).
std::string limited(std::string text, std::size_t limit) {
    if (text.size() > limit) text = text.substr(0, limit - 3) + "...";
    return text;
}

std::string sample_id_of(const nlohmann::json& report) {
    return field(report["sample"], "id");
}

std::string kb_version(const nlohmann::json& report) {
    return field(report["knowledge_base"], "name") + " " + field(report["knowledge_base"], "version");
}

std::string best_tier(const nlohmann::json& report) {
    std::optional<Tier> best;
    for (const auto& finding : report["findings"])
        if (const auto tier = parse_tier(field(finding, "tier"))) best = best ? better_tier(*best, *tier) : *tier;
    return best ? std::string(to_string(*best)) : std::string("none");
}

// Drugs, responses and evidence ids of a finding, each joined.
struct EvidenceText {
    std::string drugs, responses, ids;
};
EvidenceText evidence_text(const nlohmann::json& finding) {
    std::vector<std::string> drugs, responses, ids;
    for (const auto& item : finding["evidence"]) {
        const std::string id = field(item, "id");
        ids.push_back(id);
        std::vector<std::string> item_drugs;
        for (const auto& drug : item["drugs"]) {
            item_drugs.push_back(text_of(drug));
            if (std::find(drugs.begin(), drugs.end(), text_of(drug)) == drugs.end()) drugs.push_back(text_of(drug));
        }
        responses.push_back(id + ":" + field(item, "response") + "(" + field(item, "tier") + ")");
    }
    return {cell(join(drugs, ",")), cell(join(responses, ";")), cell(join(ids, ","))};
}

// MAF coordinates of a report's allele (VCF form, or MAF form when pedtx kept it so).
struct MafAllele {
    std::int64_t start = 0, end = 0;
    std::string ref, alt;
};
MafAllele maf_allele(std::int64_t pos, std::string ref, std::string alt) {
    MafAllele a{pos, pos, ref, alt};
    if (pos <= 0) return {};
    if (ref == "-" || alt == "-") {
        a.end = ref == "-" ? pos + 1 : pos + static_cast<std::int64_t>(ref.size()) - 1;
        return a;
    }
    if (ref.size() != alt.size() && !ref.empty() && !alt.empty() && ref[0] == alt[0]) {
        ref.erase(0, 1);
        alt.erase(0, 1);
        if (alt.empty()) {
            a = {pos + 1, pos + static_cast<std::int64_t>(ref.size()), ref, "-"};
        } else if (ref.empty()) {
            a = {pos, pos + 1, "-", alt};
        } else {
            a = {pos + 1, pos + static_cast<std::int64_t>(ref.size()), ref, alt};
        }
        return a;
    }
    a.end = pos + static_cast<std::int64_t>(std::max<std::size_t>(ref.size(), 1)) - 1;
    return a;
}

std::string maf_classification(const std::string& variant_class, const MafAllele& allele) {
    const bool deletion = allele.alt == "-" || allele.ref.size() > allele.alt.size();
    if (variant_class == "missense") return "Missense_Mutation";
    if (variant_class == "stop_gained") return "Nonsense_Mutation";
    if (variant_class == "frameshift") return deletion ? "Frame_Shift_Del" : "Frame_Shift_Ins";
    if (variant_class == "inframe_deletion") return "In_Frame_Del";
    if (variant_class == "inframe_insertion") return "In_Frame_Ins";
    if (variant_class == "inframe_delins") return deletion ? "In_Frame_Del" : "In_Frame_Ins";
    if (variant_class == "splice") return "Splice_Site";
    if (variant_class == "start_lost") return "Translation_Start_Site";
    if (variant_class == "stop_lost") return "Nonstop_Mutation";
    if (variant_class == "synonymous") return "Silent";
    if (variant_class == "intronic") return "Intron";
    return "Unknown";
}

std::string variant_type(const MafAllele& a) {
    if (a.ref == "-") return "INS";
    if (a.alt == "-") return "DEL";
    if (a.ref.size() == a.alt.size()) return a.ref.size() == 1 ? "SNP" : a.ref.size() == 2 ? "DNP" : "ONP";
    return a.ref.size() > a.alt.size() ? "DEL" : "INS";
}

std::string hgvsp_short(const nlohmann::json& finding) {
    const auto& variant = finding["variant"];
    if (field(variant, "hgvsp").empty()) return {};
    if (const auto change = parse_hgvsp(field(variant, "hgvsp")); change && !change->normalized.empty())
        return "p." + change->normalized;
    // A change the parser does not take (the MAF's "p.X1445_splice") is passed on as written.
    const std::string written = field(variant, "hgvsp");
    return written.rfind("p.", 0) == 0 ? cell(written) : std::string{};
}

std::string genome_name(const std::string& build) {
    return build == "GRCh37" ? "hg19" : build == "GRCh38" ? "hg38" : "";
}

// The four cBioPortal metadata lines and the header of a clinical file.
struct ClinicalColumn {
    const char* name;
    const char* display;
    const char* description;
    const char* datatype;
};
std::string clinical_header(const std::vector<ClinicalColumn>& columns) {
    std::string lines[5];
    for (const auto& c : columns) {
        const bool first = &c == &columns.front();
        lines[0] += (first ? "#" : "\t") + std::string(c.display);
        lines[1] += (first ? "#" : "\t") + std::string(c.description);
        lines[2] += (first ? "#" : "\t") + std::string(c.datatype);
        lines[3] += (first ? "#" : "\t") + std::string("1");
        lines[4] += (first ? "" : "\t") + std::string(c.name);
    }
    return lines[0] + "\n" + lines[1] + "\n" + lines[2] + "\n" + lines[3] + "\n" + lines[4] + "\n";
}

bool had_input(const nlohmann::json& report, const char* key) {
    const auto& input = report["input"];
    return input.is_object() && input.contains(key) && input[key].is_string() && !input[key].get<std::string>().empty();
}

}  // namespace

std::string cbioportal_id(std::string_view id) {
    std::string out(id);
    for (char& c : out)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') c = '_';
    return out;
}

std::string cbioportal_driver_tier(std::string_view tier) {
    return "pedtx tier " + std::string(tier);
}

void write_cbioportal_study(const std::filesystem::path& dir, const std::vector<nlohmann::json>& reports,
                            const CbioportalStudyOptions& options) {
    std::filesystem::create_directories(dir / "case_lists");
    const std::string study = options.study_id;
    // One reference genome per study: named only when every sample is on the same build.
    std::set<std::string> builds;
    for (const auto& report : reports) builds.insert(field(report, "genome_build"));
    const std::string build = builds.size() == 1 ? *builds.begin() : std::string{};
    StagedFiles files;
    const auto meta = [&](const std::string& name, const std::vector<std::pair<std::string, std::string>>& fields) {
        std::string text;
        for (const auto& [key, value] : fields) text += key + ": " + value + "\n";
        files.add(dir / name, text);
    };
    std::vector<std::pair<std::string, std::string>> study_fields = {
        {"type_of_cancer", "mixed"},
        {"cancer_study_identifier", study},
        {"name", options.name},
        {"description", "Therapy-relevant alterations tiered by pedtx " + options.tool_version +
                            " (AMP/ASCO/CAP tiers as custom driver annotations; knowledge base " +
                            (reports.empty() ? std::string("none") : kb_version(reports.front())) + ")" +
                            (builds.size() > 1 ? "; samples on more than one genome build" : "")},
        {"add_global_case_list", "true"}};
    if (!genome_name(build).empty()) study_fields.emplace_back("reference_genome", genome_name(build));
    meta("meta_study.txt", study_fields);

    // Clinical: samples (tumor type, best tier) and patients (age); one patient per sample.
    std::string samples = clinical_header(
        {{"PATIENT_ID", "Patient Identifier", "Patient identifier", "STRING"},
         {"SAMPLE_ID", "Sample Identifier", "Sample identifier", "STRING"},
         {"ONCOTREE_CODE", "Oncotree Code", "OncoTree code of the tumor", "STRING"},
         {"PEDTX_BEST_TIER", "pedtx Best Tier", "Best AMP/ASCO/CAP tier pedtx gave a finding of the sample", "STRING"},
         {"PEDTX_ACTIONABLE", "pedtx Tier I-II Findings", "Findings pedtx placed in tier I or II", "NUMBER"}});
    std::string patients = clinical_header({{"PATIENT_ID", "Patient Identifier", "Patient identifier", "STRING"},
                                            {"AGE", "Age", "Age in years (as given to pedtx)", "NUMBER"}});
    std::vector<std::string> ids, cna_ids;
    for (const auto& report : reports) {
        const std::string id = cbioportal_id(sample_id_of(report));
        ids.push_back(id);
        if (had_input(report, "cna")) cna_ids.push_back(id);
        int actionable = 0;
        for (const auto& finding : report["findings"])
            if (const auto tier = parse_tier(field(finding, "tier")); tier && is_clinically_significant(*tier))
                ++actionable;
        const std::string code = field(report["sample"], "tumor_type");
        samples += id + "\t" + id + "\t" + (code.empty() ? "NA" : cell(code)) + "\t" + best_tier(report) + "\t" +
                   std::to_string(actionable) + "\n";
        const std::string age = field(report["sample"], "age_years");
        patients += id + "\t" + (age.empty() ? "NA" : age) + "\n";
    }
    meta("meta_clinical_sample.txt", {{"cancer_study_identifier", study},
                                      {"genetic_alteration_type", "CLINICAL"},
                                      {"datatype", "SAMPLE_ATTRIBUTES"},
                                      {"data_filename", "data_clinical_sample.txt"}});
    files.add(dir / "data_clinical_sample.txt", samples);
    meta("meta_clinical_patient.txt", {{"cancer_study_identifier", study},
                                       {"genetic_alteration_type", "CLINICAL"},
                                       {"datatype", "PATIENT_ATTRIBUTES"},
                                       {"data_filename", "data_clinical_patient.txt"}});
    files.add(dir / "data_clinical_patient.txt", patients);

    // Mutations with pedtx's tier as the custom driver annotation.
    std::string mutations =
        "Hugo_Symbol\tNCBI_Build\tChromosome\tStart_Position\tEnd_Position\tVariant_Classification\tVariant_Type\t"
        "Reference_Allele\tTumor_Seq_Allele1\tTumor_Seq_Allele2\tTumor_Sample_Barcode\tHGVSp_Short\tt_alt_count\t"
        "t_ref_count\tcbp_driver\tcbp_driver_annotation\tcbp_driver_tiers\tcbp_driver_tiers_annotation\n";
    std::string sv =
        "Sample_Id\tSV_Status\tSite1_Hugo_Symbol\tSite1_Chromosome\tSite1_Position\tSite2_Hugo_Symbol\t"
        "Site2_Chromosome\tSite2_Position\tNCBI_Build\tEvent_Info\tComments\n";
    bool any_fusion_input = false;
    std::map<std::string, std::map<std::string, std::string>> cna_levels;  // gene -> sample -> level
    for (std::size_t r = 0; r < reports.size(); ++r) {
        const auto& report = reports[r];
        const std::string& id = ids[r];
        any_fusion_input = any_fusion_input || had_input(report, "fusions");
        const std::string report_build = field(report, "genome_build");
        for (const auto& finding : report["findings"]) {
            const std::string category = field(finding, "category");
            const std::string tier = field(finding, "tier");
            const auto parsed_tier = parse_tier(tier);
            const bool driver = parsed_tier && is_clinically_significant(*parsed_tier);
            const EvidenceText evidence = evidence_text(finding);
            if (category == "mutation") {
                const auto& v = finding["variant"];
                std::int64_t pos = 0;
                if (v.contains("pos") && v["pos"].is_number_integer()) pos = v["pos"].get<std::int64_t>();
                const MafAllele allele = maf_allele(pos, field(v, "ref"), field(v, "alt"));
                const std::string alt_reads = field(v, "alt_reads"), depth = field(v, "depth");
                std::string ref_reads;
                if (!alt_reads.empty() && !depth.empty())
                    ref_reads = std::to_string(std::stoll(depth) - std::stoll(alt_reads));
                const std::string annotation = evidence.drugs.empty() ? "pedtx tier " + tier + ": no drug evidence"
                                                                      : "pedtx tier " + tier + ": " + evidence.drugs;
                mutations += cell(field(finding, "gene")) + "\t" + (report_build.empty() ? "NA" : report_build) + "\t" +
                             cell(field(v, "chrom")) + "\t" + (allele.start ? std::to_string(allele.start) : "") +
                             "\t" + (allele.end ? std::to_string(allele.end) : "") + "\t" +
                             maf_classification(field(v, "variant_class"), allele) + "\t" +
                             (allele.start ? variant_type(allele) : "") + "\t" + cell(allele.ref) + "\t" +
                             cell(allele.ref) + "\t" + cell(allele.alt) + "\t" + id + "\t" + hgvsp_short(finding) +
                             "\t" + alt_reads + "\t" + ref_reads + "\t" +
                             (driver ? "Putative_Driver" : "Putative_Passenger") + "\t" + limited(annotation, 80) +
                             "\t" + (driver ? cbioportal_driver_tier(tier) : "NA") + "\t" +
                             (driver ? limited("evidence " + evidence.ids, 80) : "") + "\n";
            } else if (category == "fusion") {
                const auto& fusion = finding["fusion"];
                const auto& five = fusion["five_prime"];
                const auto& three = fusion["three_prime"];
                const auto pos_text = [](const nlohmann::json& side) {
                    const std::string pos = field(side, "pos");
                    return pos == "0" ? std::string{} : pos;
                };
                sv += id + "\tSOMATIC\t" + cell(field(five, "gene")) + "\t" + cell(field(five, "chrom")) + "\t" +
                      pos_text(five) + "\t" + cell(field(three, "gene")) + "\t" + cell(field(three, "chrom")) + "\t" +
                      pos_text(three) + "\t" + report_build + "\t" + cell(field(finding, "alteration")) + " fusion\t" +
                      cell("pedtx tier " + tier + (evidence.drugs.empty() ? "" : ": " + evidence.drugs)) + "\n";
            } else if (category == "copy_number" && had_input(report, "cna")) {
                const auto& cn = finding["copy_number"];
                const std::string level = field(cn, "level");
                if (!level.empty() && level != "0") cna_levels[cell(field(finding, "gene"))][id] = level;
            }
        }
    }
    meta("meta_mutations.txt", {{"cancer_study_identifier", study},
                                {"genetic_alteration_type", "MUTATION_EXTENDED"},
                                {"datatype", "MAF"},
                                {"stable_id", "mutations"},
                                {"show_profile_in_analysis_tab", "true"},
                                {"profile_name", "Mutations (pedtx)"},
                                {"profile_description",
                                 "Mutations in knowledge-base genes, with pedtx's AMP/ASCO/CAP tier as the custom "
                                 "driver annotation (tiers I-II: Putative_Driver)"},
                                {"data_filename", "data_mutations.txt"}});
    files.add(dir / "data_mutations.txt", mutations);
    const auto case_list = [&](const std::string& suffix, const std::string& name, const std::vector<std::string>& list,
                               const std::string& category) {
        std::vector<std::pair<std::string, std::string>> fields = {
            {"cancer_study_identifier", study},
            {"stable_id", study + "_" + suffix},
            {"case_list_name", name},
            {"case_list_description", name + " (" + std::to_string(list.size()) + " samples)"},
            {"case_list_ids", join(list, "\t")}};
        if (!category.empty()) fields.emplace_back("case_list_category", category);
        meta("case_lists/cases_" + suffix + ".txt", fields);
    };
    case_list("sequenced", "Samples with mutation data", ids, "all_cases_with_mutation_data");
    if (any_fusion_input) {
        meta("meta_sv.txt", {{"cancer_study_identifier", study},
                             {"genetic_alteration_type", "STRUCTURAL_VARIANT"},
                             {"datatype", "SV"},
                             {"stable_id", "structural_variants"},
                             {"show_profile_in_analysis_tab", "true"},
                             {"profile_name", "Structural variants (pedtx)"},
                             {"profile_description", "Fusions in knowledge-base genes, with pedtx's tier in Comments"},
                             {"data_filename", "data_sv.txt"}});
        files.add(dir / "data_sv.txt", sv);
    }
    if (!cna_ids.empty()) {
        std::string cna = "Hugo_Symbol";
        for (const auto& id : cna_ids) cna += "\t" + id;
        cna += "\n";
        for (const auto& [gene, levels] : cna_levels) {
            cna += gene;
            for (const auto& id : cna_ids) {
                const auto it = levels.find(id);
                cna += "\t" + (it == levels.end() ? std::string("0") : it->second);
            }
            cna += "\n";
        }
        meta("meta_cna.txt", {{"cancer_study_identifier", study},
                              {"genetic_alteration_type", "COPY_NUMBER_ALTERATION"},
                              {"datatype", "DISCRETE"},
                              {"stable_id", "cna"},
                              {"show_profile_in_analysis_tab", "true"},
                              {"profile_name", "Copy-number alterations (pedtx)"},
                              {"profile_description",
                               "Copy-number calls pedtx made in knowledge-base genes. Values: -2 = deep deletion; "
                               "-1 = loss; 0 = no call; 1 = gain; 2 = amplification."},
                              {"data_filename", "data_cna.txt"}});
        files.add(dir / "data_cna.txt", cna);
        case_list("cna", "Samples with copy-number data", cna_ids, "all_cases_with_cna_data");
    }
    files.commit();
}

void write_annotated_maf(const std::filesystem::path& path, const std::vector<nlohmann::json>& reports) {
    // Findings by sample, keyed by gene + protein change and by gene + MAF start.
    struct Annotation {
        std::string tier, drugs, responses, ids;
    };
    std::map<std::string, Annotation> by_key;
    std::set<std::filesystem::path> mafs;
    std::string kb;
    std::string vcf_rows;
    const std::string columns = "\tpedtx_tier\tpedtx_drugs\tpedtx_response\tpedtx_evidence\tpedtx_kb_version";
    for (const auto& report : reports) {
        const std::string sample = sample_id_of(report);
        if (kb.empty()) kb = cell(kb_version(report));
        const std::string input = field(report["input"], "path");
        const bool from_maf = field(report["input"], "annotation") == "MAF";
        if (from_maf) mafs.insert(input);
        for (const auto& finding : report["findings"]) {
            if (field(finding, "category") != "mutation") continue;
            const EvidenceText evidence = evidence_text(finding);
            const Annotation annotation{field(finding, "tier"), evidence.drugs, evidence.responses, evidence.ids};
            const auto& v = finding["variant"];
            std::int64_t pos = 0;
            if (v.contains("pos") && v["pos"].is_number_integer()) pos = v["pos"].get<std::int64_t>();
            const MafAllele allele = maf_allele(pos, field(v, "ref"), field(v, "alt"));
            const std::string gene = field(finding, "gene");
            if (from_maf) {
                if (const auto p = hgvsp_short(finding); !p.empty())
                    by_key.emplace(sample + "\t" + gene + "\t" + p, annotation);
                if (allele.start)
                    by_key.emplace(sample + "\t" + gene + "\t@" + std::to_string(allele.start), annotation);
                continue;
            }
            vcf_rows += cell(gene) + "\t" + field(report, "genome_build") + "\t" + cell(field(v, "chrom")) + "\t" +
                        (allele.start ? std::to_string(allele.start) : "") + "\t" +
                        (allele.end ? std::to_string(allele.end) : "") + "\t" +
                        maf_classification(field(v, "variant_class"), allele) + "\t" +
                        (allele.start ? variant_type(allele) : "") + "\t" + cell(allele.ref) + "\t" + cell(allele.ref) +
                        "\t" + cell(allele.alt) + "\t" + cell(sample) + "\t" + hgvsp_short(finding) + "\t" +
                        cell(field(v, "hgvsc")) + "\t" + cell(field(v, "transcript")) + "\t" + field(v, "depth") +
                        "\t" + field(v, "alt_reads") + "\t" + annotation.tier + "\t" + annotation.drugs + "\t" +
                        annotation.responses + "\t" + annotation.ids + "\t" + kb + "\n";
        }
    }
    write_atomically(path, [&](const std::filesystem::path& temporary) {
        std::ofstream out(temporary, std::ios::binary);
        out << "#version 2.4\n";
        for (const auto& maf : mafs) {
            // The input's rows, in order, each with the annotation of its finding (or none).
            MafReader reader(maf, true);
            const auto& header = reader.columns();
            std::string line;
            for (std::size_t i = 0; i < header.size(); ++i) line += (i ? "\t" : "") + cell(header[i]);
            out << line << columns << "\n";
            MafRow row;
            while (reader.next(row)) {
                // The row again as read (columns in the input's order).
                const Annotation* annotation = nullptr;
                std::string protein;
                if (const auto change = parse_hgvsp(row.protein_change); change && !change->normalized.empty())
                    protein = "p." + change->normalized;
                if (!protein.empty())
                    if (const auto it = by_key.find(row.sample + "\t" + row.gene + "\t" + protein); it != by_key.end())
                        annotation = &it->second;
                if (!annotation && row.start > 0)
                    if (const auto it = by_key.find(row.sample + "\t" + row.gene + "\t@" + std::to_string(row.start));
                        it != by_key.end())
                        annotation = &it->second;
                // A row that dropped trailing empty fields is padded, so pedtx's columns line up.
                const std::string_view text = reader.current_line();
                const auto fields = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\t')) + 1;
                out << text << std::string(fields < header.size() ? header.size() - fields : 0, '\t') << "\t"
                    << (annotation ? annotation->tier : "") << "\t" << (annotation ? annotation->drugs : "") << "\t"
                    << (annotation ? annotation->responses : "") << "\t" << (annotation ? annotation->ids : "") << "\t"
                    << kb << "\n";
            }
        }
        if (!vcf_rows.empty() || mafs.empty()) {
            if (!mafs.empty()) out << "#pedtx: rows below come from VCF input\n";
            out << "Hugo_Symbol\tNCBI_Build\tChromosome\tStart_Position\tEnd_Position\tVariant_Classification\t"
                   "Variant_Type\tReference_Allele\tTumor_Seq_Allele1\tTumor_Seq_Allele2\tTumor_Sample_Barcode\t"
                   "HGVSp_Short\tHGVSc\tTranscript_ID\tt_depth\tt_alt_count"
                << columns << "\n"
                << vcf_rows;
        }
        out.flush();
        if (!out) throw IoError(path.string() + ": cannot write the annotated MAF");
    });
}

}  // namespace pedtx
