// JSON and TSV per-sample reports, and run.json. Key order is fixed
// (ordered_json) and floats are rounded, so outputs are byte-identical.
#include "pedtx/report/report.hpp"

#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "germline_sections.hpp"
#include "pedtx/match/tiering.hpp"
#include "pedtx/util/sha256.hpp"
#include "pedtx/util/text.hpp"

namespace pedtx {

using ojson = nlohmann::ordered_json;

namespace {

constexpr const char* kDisclaimer =
    "pedtx output is decision support for a molecular tumor board. It does not replace clinical "
    "judgement: check every finding, drug, dose and age limit against the current label and the patient.";

ojson number_or_null(double value, double missing_below = 0) {
    if (value < missing_below) return nullptr;
    return std::round(value * 10000.0) / 10000.0;
}

ojson int_or_null(std::int64_t value) {
    if (value < 0) return nullptr;
    return value;
}

ojson string_or_null(const std::string& value) {
    if (value.empty()) return nullptr;
    return value;
}

ojson references_json(const std::vector<Reference>& refs) {
    ojson out = ojson::array();
    for (const auto& ref : refs) {
        ojson r;
        r["type"] = ref.type;
        r["id"] = ref.id;
        if (ref.year) r["year"] = ref.year;
        if (!ref.url.empty()) r["url"] = ref.url;
        out.push_back(std::move(r));
    }
    return out;
}

std::string reference_text(const Reference& ref) {
    if (ref.type == "pmid") return "PMID:" + ref.id;
    if (ref.type == "nct") return ref.id;
    if (ref.type == "fda_label" || ref.type == "ema_label")
        return (ref.type == "fda_label" ? "FDA label: " : "EMA label: ") + ref.id +
               (ref.year ? " (" + std::to_string(ref.year) + ")" : "");
    return "Guideline: " + ref.id;
}

ojson partner_json(const FusionPartner& partner) {
    ojson p;
    p["gene"] = string_or_null(partner.gene);
    p["chrom"] = string_or_null(partner.chrom);
    p["pos"] = partner.pos > 0 ? ojson(partner.pos) : ojson(nullptr);
    p["strand"] = partner.strand ? ojson(std::string(1, partner.strand)) : ojson(nullptr);
    p["transcript"] = string_or_null(partner.transcript);
    p["region"] = string_or_null(partner.region);
    return p;
}

// pedtx's own position facts on the MANE Select transcript, and what they filled in.
ojson facts_json(const Variant& v) {
    const TranscriptFacts& f = *v.facts;
    const auto positive = [](std::int64_t value) { return value > 0 ? ojson(value) : ojson(nullptr); };
    ojson filled = ojson::array();
    if (v.exon_from_tables) filled.push_back("exon");
    if (v.class_from_tables) filled.push_back("variant_class");
    if (v.protein_from_reference) filled.push_back("protein_change");
    return {{"transcript", f.transcript},
            {"region", to_string(f.region)},
            {"exon", positive(f.exon)},
            {"intron", positive(f.intron)},
            {"intron_offset", f.intron_offset != 0 ? ojson(f.intron_offset) : ojson(nullptr)},
            {"exon_count", f.exon_count},
            {"splice_distance", f.splice_distance >= 0 ? ojson(f.splice_distance) : ojson(nullptr)},
            {"splice_site", f.splice_site},
            {"splice_site_exon", positive(f.splice_exon)},
            {"splice_region", f.splice_region},
            {"cds_start", positive(f.cds_start)},
            {"cds_end", positive(f.cds_end)},
            {"codon", positive(f.codon)},
            {"frame", to_string(f.frame)},
            {"variant_class", to_string(f.variant_class)},
            {"hgvsc", f.hgvsc},
            {"filled_in", std::move(filled)}};
}

ojson fusion_json(const FusionCall& call) {
    ojson f;
    f["five_prime"] = partner_json(call.five_prime);
    f["three_prime"] = partner_json(call.three_prime);
    f["source"] = call.source;
    f["record"] = call.record;
    f["supporting_reads"] = int_or_null(call.supporting_reads);
    f["oncogenic_orientation"] = call.oncogenic_orientation;
    f["notes"] = call.notes;
    return f;
}

ojson copy_number_json(const CopyNumberCall& call) {
    ojson c;
    c["chrom"] = string_or_null(call.chrom);
    c["start"] = call.start > 0 ? ojson(call.start) : ojson(nullptr);
    c["end"] = call.end > 0 ? ojson(call.end) : ojson(nullptr);
    c["copy_number"] = number_or_null(call.copy_number);
    c["level"] = call.level;
    c["focal"] = call.focal;
    c["genes"] = call.genes;
    c["source"] = call.source;
    return c;
}

std::string fusion_partner_text(const FusionPartner& partner) {
    if (partner.gene.empty() && partner.chrom.empty()) return "";
    std::string text = (partner.gene.empty() ? "?" : partner.gene);
    if (!partner.chrom.empty()) text += " " + partner.chrom + ":" + std::to_string(partner.pos);
    if (!partner.region.empty()) text += " (" + partner.region + ")";
    return text;
}

ojson approval_json(const Approval& a) {
    ojson approval;
    approval["id"] = a.id;
    approval["agency"] = a.agency;
    approval["year"] = a.year;
    approval["min_age_years"] = a.min_age_years ? ojson(*a.min_age_years) : ojson(nullptr);
    if (a.under_age_years) approval["under_age_years"] = *a.under_age_years;
    if (a.min_weight_kg) approval["min_weight_kg"] = *a.min_weight_kg;
    approval["adults_only"] = a.adults_only();
    approval["indication"] = a.indication;
    if (!a.pediatric_formulation.empty()) approval["pediatric_formulation"] = a.pediatric_formulation;
    return approval;
}

ojson evidence_json(const EvidenceMatch& match, const Knowledgebase& kb) {
    const EvidenceItem& item = *match.item;
    ojson e;
    e["id"] = item.id;
    e["drugs"] = item.drugs;
    e["response"] = to_string(item.response);
    e["level"] = std::string(1, item.level);
    e["tier"] = to_string(match.tier);
    e["tumor_type_match"] = to_string(match.tumor_type_match);
    ojson scope;
    if (!item.tumor_types.group.empty()) {
        scope["group"] = item.tumor_types.group;
        scope["exclude"] = item.tumor_types.exclude;
    } else {
        scope["codes"] = item.tumor_types.codes;
    }
    e["evidence_tumor_types"] = std::move(scope);
    e["alteration_rule"] = std::string(to_string(item.alteration.type)) + ": " + item.alteration.display_name();
    e["matched_by"] = to_string(match.matched_by);
    e["approval"] = match.approval ? approval_json(*match.approval) : ojson(nullptr);
    ojson approvals = ojson::array();
    for (const auto& check : match.approvals) {
        ojson a = approval_json(*check.approval);
        a["counted"] = check.counted;
        a["tumor_type_ok"] = check.tumor_type_ok;
        a["age_ok"] = check.age_ok;
        a["note"] = check.note;
        approvals.push_back(std::move(a));
    }
    e["approvals"] = std::move(approvals);
    e["age_note"] = string_or_null(match.age_note);
    e["undercut_by"] = match.undercut_by;
    e["lowered_from"] = match.lowered_from ? ojson(to_string(*match.lowered_from)) : ojson(nullptr);
    e["tier_notes"] = match.tier_notes;
    e["summary"] = item.summary;
    e["references"] = references_json(item.references);
    ojson trials = ojson::array();
    for (const auto& nct : item.trials) {
        ojson t;
        t["nct"] = nct;
        if (const Trial* trial = kb.trial(nct)) {
            t["title"] = trial->title;
            t["phase"] = trial->phase;
            t["status"] = trial->status;
        }
        trials.push_back(std::move(t));
    }
    e["trials"] = std::move(trials);
    e["last_reviewed"] = item.last_reviewed;
    return e;
}

std::string tsv_field(std::string value) {
    for (auto& c : value)
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    return value;
}

std::string format_double(double value, double missing_below = 0) {
    if (value < missing_below) return "";
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.4f", value);
    return buffer;
}

std::string format_age_years(const std::optional<double>& age) {
    if (!age) return "";
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", *age);
    return buffer;
}

}  // namespace

std::string safe_file_stem(const std::string& sample_id) {
    std::string stem;
    for (const char c : sample_id) {
        const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                          c == '_' || c == '.';
        stem.push_back(safe ? c : '_');
    }
    if (stem.empty() || stem[0] == '.') stem.insert(stem.begin(), '_');
    // File names have a limit (255 bytes on most file systems) and the temporary adds to the
    // stem: a long id keeps its first characters and a hash of the whole id, so it stays unique.
    if (stem.size() > kMaxFileStemBytes)
        stem = stem.substr(0, kMaxFileStemBytes - 13) + "_" + sha256_hex(sample_id).substr(0, 12);
    return stem;
}

std::string sample_report_json(const SampleResult& result, const Knowledgebase& kb, const ReportContext& context) {
    ojson doc;
    doc["schema_version"] = kReportSchemaVersion;
    doc["tool"] = {{"name", "pedtx"}, {"version", context.tool_version}};
    if (!context.generated_at.empty()) doc["generated_at"] = context.generated_at;
    ojson sample;
    sample["id"] = result.sample_id;
    sample["tumor_type"] = string_or_null(result.input.tumor_type);
    const TumorType* type = result.input.tumor_type.empty() ? nullptr : kb.tumor_types().find(result.input.tumor_type);
    sample["tumor_type_name"] = type ? ojson(type->name) : ojson(nullptr);
    sample["age_years"] = result.input.age_years ? ojson(*result.input.age_years) : ojson(nullptr);
    sample["agency"] = to_string(result.input.agency.value_or(context.annotate.agency));
    sample["vcf_column"] = result.tumor_column;
    sample["vcf_column_chosen_by"] = result.tumor_column_reason;
    doc["sample"] = std::move(sample);
    doc["input"] = {{"path", result.input.vcf.string()},
                    {"annotation", result.annotation_source},
                    {"annotation_tag", string_or_null(result.annotation_tag)},
                    {"fusions", string_or_null(result.input.fusions.string())},
                    {"cna", string_or_null(result.input.cna.string())}};
    doc["provenance"] = {{"input_sha256", string_or_null(result.input_sha256)},
                         {"fusions_sha256", string_or_null(result.fusions_sha256)},
                         {"cna_sha256", string_or_null(result.cna_sha256)},
                         {"options_fingerprint", string_or_null(result.options_fingerprint)}};
    doc["genome_build"] = to_string(result.build);
    doc["genome_build_source"] = result.build_source;
    doc["knowledge_base"] = {{"name", kb.info().name},
                             {"version", kb.info().version},
                             {"release_date", kb.info().release_date},
                             {"sha256", kb.info().sha256}};
    const QcCounts& qc = result.qc;
    ojson filtered = ojson::object();
    for (const auto& [reason, count] : qc.filtered) filtered[reason] = count;
    doc["qc"] = {{"records_read", qc.records_read},
                 {"records_passed", qc.records_passed},
                 {"records_filtered", qc.records_read - qc.records_passed},
                 {"filtered_by_reason", std::move(filtered)},
                 {"records_annotated", qc.records_annotated},
                 {"alleles_in_kb_genes", qc.alleles_in_kb_genes},
                 {"structural_records", qc.structural_records},
                 {"fusion_calls", qc.fusion_calls},
                 {"fusion_rows_read", qc.fusion_rows_read},
                 {"copy_number_segments", qc.copy_number_segments},
                 {"findings", qc.findings},
                 {"findings_with_evidence", qc.findings_with_evidence}};
    if (qc.ref_checked >= 0)
        doc["qc"]["reference_check"] = {{"records_checked", qc.ref_checked},
                                        {"ref_mismatches", qc.ref_mismatches},
                                        {"not_in_reference", qc.ref_not_in_fasta},
                                        {"examples", qc.ref_mismatch_examples}};
    const SampleBiomarkers& markers = result.biomarkers;
    ojson tmb = nullptr;
    if (markers.tmb) {
        tmb = {{"mutations_per_mb", number_or_null(markers.tmb->mutations_per_mb)},
               {"source", markers.tmb->source},
               {"variants_counted", markers.tmb->variants >= 0 ? ojson(markers.tmb->variants) : ojson(nullptr)},
               {"territory_mb", markers.tmb->territory_mb > 0 ? ojson(markers.tmb->territory_mb) : ojson(nullptr)},
               {"high_cutoff", markers.tmb->high_cutoff},
               {"status", markers.tmb->high() ? "high" : "not_high"}};
    }
    doc["biomarkers"] = {{"tmb", std::move(tmb)}, {"msi", string_or_null(std::string(to_string(markers.msi)))}};
    doc["germline"] = germline_report::germline_json(result.germline);
    doc["pharmacogenomics"] = germline_report::pharmacogenomics_json(result.germline);
    doc["warnings"] = result.warnings;
    ojson findings = ojson::array();
    for (const auto& finding : result.findings) {
        ojson f;
        f["gene"] = finding.gene;
        f["alteration"] = finding.alteration;
        f["category"] = to_string(finding.category);
        f["tier"] = to_string(finding.tier);
        f["matched_by"] = to_string(finding.matched_by);
        f["significance"] = string_or_null(finding.significance);
        f["measurement"] = string_or_null(finding.measurement);
        const Variant& v = finding.variant;
        f["variant"] = finding.category == FindingCategory::biomarker
                           ? ojson(nullptr)
                           : ojson{{"chrom", v.chrom},
                                   {"pos", v.pos},
                                   {"ref", v.ref},
                                   {"alt", v.alt},
                                   {"filter", v.filter},
                                   {"vaf", number_or_null(v.vaf)},
                                   {"depth", int_or_null(v.depth)},
                                   {"alt_reads", int_or_null(v.alt_reads)},
                                   {"transcript", string_or_null(v.transcript)},
                                   {"transcript_selection", string_or_null(v.transcript_selection)},
                                   {"consequence", string_or_null(v.consequence)},
                                   {"variant_class", v.annotation_source.empty() && !v.class_from_tables
                                                         ? ojson(nullptr)
                                                         : ojson(to_string(v.variant_class))},
                                   {"hgvsc", string_or_null(v.hgvsc)},
                                   {"hgvsp", string_or_null(v.hgvsp)},
                                   {"exon", v.exon > 0 ? ojson(v.exon) : ojson(nullptr)},
                                   {"annotation_source", string_or_null(v.annotation_source)}};
        if (v.facts && finding.category != FindingCategory::biomarker) f["variant"]["mane_position"] = facts_json(v);
        if (!finding.notes.empty()) f["notes"] = finding.notes;
        f["fusion"] = finding.fusion ? fusion_json(*finding.fusion) : ojson(nullptr);
        f["copy_number"] = finding.copy_number ? copy_number_json(*finding.copy_number) : ojson(nullptr);
        ojson evidence = ojson::array();
        for (const auto& match : finding.evidence) evidence.push_back(evidence_json(match, kb));
        f["evidence"] = std::move(evidence);
        findings.push_back(std::move(f));
    }
    doc["findings"] = std::move(findings);
    doc["disclaimer"] = kDisclaimer;
    return doc.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n";
}

std::string sample_report_tsv(const SampleResult& result, const Knowledgebase& kb, const ReportContext& context) {
    std::string out;
    out += "# pedtx " + context.tool_version + "; knowledge base " + kb.info().name + " " + kb.info().version +
           " (sha256 " + kb.info().sha256 + "); genome " + std::string(to_string(result.build)) + "; input " +
           tsv_field(result.input.vcf.string()) + "\n";
    if (!context.generated_at.empty()) out += "# generated " + context.generated_at + "\n";
    if (result.biomarkers.tmb) out += "# TMB " + describe(*result.biomarkers.tmb) + "\n";
    if (result.biomarkers.msi != MsiStatus::not_given)
        out += "# MSI/MMR status " + std::string(to_string(result.biomarkers.msi)) + " (given)\n";
    out += germline_report::pharmacogenomics_tsv(result);
    out += "# ";
    out += kDisclaimer;
    out += "\n";
    out +=
        "sample_id\ttumor_type\tage_years\tgene\talteration\tcategory\tfinding_tier\tmatched_by\tchrom\tpos\tref\t"
        "alt\tvaf\tdepth\ttranscript\thgvsc\thgvsp\texon\tevidence_id\tdrugs\tresponse\tlevel\tevidence_tier\t"
        "tumor_type_match\tapproval\tmin_age_years\tage_note\tundercut_by\ttier_notes\treferences\tfusion_5prime\t"
        "fusion_3prime\t"
        "copy_number\tnotes\n";
    for (const auto& finding : result.findings) {
        const Variant& v = finding.variant;
        std::string five, three, copy_number;
        std::vector<std::string> notes;
        if (!finding.significance.empty()) notes.push_back(finding.significance);
        if (!finding.measurement.empty()) notes.push_back(finding.measurement);
        notes.insert(notes.end(), finding.notes.begin(), finding.notes.end());
        if (finding.fusion) {
            five = fusion_partner_text(finding.fusion->five_prime);
            three = fusion_partner_text(finding.fusion->three_prime);
            notes.insert(notes.end(), finding.fusion->notes.begin(), finding.fusion->notes.end());
        }
        if (finding.copy_number) {
            const auto& cn = *finding.copy_number;
            copy_number = cn.copy_number >= 0 ? format_double(cn.copy_number) : "level " + std::to_string(cn.level);
            if (cn.focal) copy_number += " focal";
            if (!cn.chrom.empty())
                copy_number += " " + cn.chrom + ":" + std::to_string(cn.start) + "-" + std::to_string(cn.end);
        }
        const std::string structure = tsv_field(five) + "\t" + tsv_field(three) + "\t" + tsv_field(copy_number) + "\t" +
                                      tsv_field(join(notes, "; "));
        std::string prefix =
            tsv_field(result.sample_id) + "\t" + tsv_field(result.input.tumor_type) + "\t" +
            format_age_years(result.input.age_years) + "\t" + tsv_field(finding.gene) + "\t" +
            tsv_field(finding.alteration) + "\t" + std::string(to_string(finding.category)) + "\t" +
            std::string(to_string(finding.tier)) + "\t" + std::string(to_string(finding.matched_by)) + "\t" +
            tsv_field(v.chrom) + "\t" + (v.chrom.empty() ? std::string{} : std::to_string(v.pos)) + "\t" +
            tsv_field(v.ref) + "\t" + tsv_field(v.alt) + "\t" + format_double(v.vaf) + "\t" +
            (v.depth >= 0 ? std::to_string(v.depth) : "") + "\t" + tsv_field(v.transcript) + "\t" + tsv_field(v.hgvsc) +
            "\t" + tsv_field(v.hgvsp) + "\t" + (v.exon > 0 ? std::to_string(v.exon) : "") + "\t";
        if (finding.evidence.empty()) {
            out += prefix + "\t\t\t\t\t\t\t\t\t\t\t\t" + structure + "\n";
            continue;
        }
        for (const auto& match : finding.evidence) {
            const EvidenceItem& item = *match.item;
            std::vector<std::string> refs;
            for (const auto& ref : item.references) refs.push_back(reference_text(ref));
            // Every linked approval ("FDA 2023; EMA 2024 (not counted)"); the minimum age of the one
            // the tier rests on.
            std::vector<std::string> approvals;
            for (const auto& check : match.approvals)
                approvals.push_back(check.approval->agency + " " + std::to_string(check.approval->year) +
                                    (check.counted ? "" : " (not counted)"));
            const std::string approval = join(approvals, "; ");
            std::string min_age;
            if (match.approval && match.approval->min_age_years)
                min_age = format_age_years(match.approval->min_age_years);
            if (min_age.empty() && item.min_age_years) min_age = format_age_years(item.min_age_years);
            out += prefix + item.id + "\t" + join(item.drugs, "+") + "\t" + std::string(to_string(item.response)) +
                   "\t" + std::string(1, item.level) + "\t" + std::string(to_string(match.tier)) + "\t" +
                   std::string(to_string(match.tumor_type_match)) + "\t" + approval + "\t" + min_age + "\t" +
                   tsv_field(match.age_note) + "\t" + tsv_field(join(match.undercut_by, "; ")) + "\t" +
                   tsv_field(join(match.tier_notes, "; ")) + "\t" + tsv_field(join(refs, "; ")) + "\t" + structure +
                   "\n";
        }
    }
    return out;
}

std::string_view to_string(SampleRunStatus status) {
    switch (status) {
        case SampleRunStatus::ok:
            return "ok";
        case SampleRunStatus::resumed:
            return "resumed";
        case SampleRunStatus::failed:
            return "failed";
        case SampleRunStatus::interrupted:
            return "interrupted";
    }
    return "failed";
}

std::optional<SampleRunStatus> parse_sample_run_status(std::string_view text) {
    for (const auto status :
         {SampleRunStatus::ok, SampleRunStatus::resumed, SampleRunStatus::failed, SampleRunStatus::interrupted})
        if (text == to_string(status)) return status;
    return std::nullopt;
}

std::string run_manifest_json(const RunManifest& manifest, const Knowledgebase& kb) {
    ojson doc;
    doc["schema_version"] = kReportSchemaVersion;
    doc["tool"] = {{"name", "pedtx"}, {"version", manifest.tool_version}};
    if (!manifest.generated_at.empty()) doc["generated_at"] = manifest.generated_at;
    doc["command_line"] = manifest.command_line;
    doc["knowledge_base"] = {{"name", kb.info().name},
                             {"version", kb.info().version},
                             {"release_date", kb.info().release_date},
                             {"sha256", kb.info().sha256}};
    doc["options"] = manifest.options_json.empty() ? ojson::object() : ojson::parse(manifest.options_json);
    ojson samples = ojson::array();
    int failed = 0;
    for (const auto& s : manifest.samples) {
        ojson entry;
        entry["sample_id"] = s.sample_id;
        entry["input"] = {{"path", s.input}, {"sha256", string_or_null(s.input_sha256)}};
        entry["status"] = to_string(s.status);
        entry["error"] = string_or_null(s.error);
        entry["genome_build"] = string_or_null(s.genome_build);
        entry["outputs"] = s.outputs;
        if (s.status != SampleRunStatus::ok && s.status != SampleRunStatus::resumed) ++failed;
        samples.push_back(std::move(entry));
    }
    doc["samples"] = std::move(samples);
    doc["summary"] = {{"samples", manifest.samples.size()}, {"failed", failed}, {"interrupted", manifest.interrupted}};
    return doc.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n";
}

}  // namespace pedtx
