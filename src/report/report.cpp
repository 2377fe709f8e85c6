// JSON and TSV per-sample reports, and run.json. Key order is fixed
// (ordered_json) and floats are rounded, so outputs are byte-identical.
#include "pedtx/report/report.hpp"

#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "germline_sections.hpp"
#include "json_writer.hpp"
#include "pedtx/match/tiering.hpp"
#include "pedtx/util/sha256.hpp"
#include "pedtx/util/text.hpp"

namespace pedtx {

using ojson = nlohmann::ordered_json;

namespace {

constexpr const char* kDisclaimer =
    "pedtx output is decision support for a molecular tumor board. It does not replace clinical "
    "judgement: check every finding, drug, dose and age limit against the current label and the patient.";

ojson string_or_null(const std::string& value) {
    if (value.empty()) return nullptr;
    return value;
}

std::string reference_text(const Reference& ref) {
    if (ref.type == "pmid") return "PMID:" + ref.id;
    if (ref.type == "nct") return ref.id;
    if (ref.type == "fda_label" || ref.type == "ema_label")
        return (ref.type == "fda_label" ? "FDA label: " : "EMA label: ") + ref.id +
               (ref.year ? " (" + std::to_string(ref.year) + ")" : "");
    return "Guideline: " + ref.id;
}

std::string fusion_partner_text(const FusionPartner& partner) {
    if (partner.gene.empty() && partner.chrom.empty()) return "";
    std::string text = (partner.gene.empty() ? "?" : partner.gene);
    if (!partner.chrom.empty()) text += " " + partner.chrom + ":" + std::to_string(partner.pos);
    if (!partner.region.empty()) text += " (" + partner.region + ")";
    return text;
}

void write_references(JsonWriter& w, const std::vector<Reference>& refs) {
    w.begin_array();
    for (const auto& ref : refs) {
        w.begin_object();
        w.member("type", ref.type);
        w.member("id", ref.id);
        if (ref.year) w.member("year", ref.year);
        if (!ref.url.empty()) w.member("url", ref.url);
        w.end_object();
    }
    w.end_array();
}

void write_partner(JsonWriter& w, const FusionPartner& partner) {
    w.begin_object();
    w.string_or_null("gene", partner.gene);
    w.string_or_null("chrom", partner.chrom);
    w.count_or_null("pos", partner.pos > 0 ? partner.pos : -1);
    w.string_or_null("strand", partner.strand ? std::string_view(&partner.strand, 1) : std::string_view{});
    w.string_or_null("transcript", partner.transcript);
    w.string_or_null("region", partner.region);
    w.end_object();
}

// pedtx's own position facts on the MANE Select transcript, and what they filled in.
void write_facts(JsonWriter& w, const Variant& v) {
    const TranscriptFacts& f = *v.facts;
    const auto positive = [](std::int64_t value) { return value > 0 ? value : -1; };
    w.begin_object();
    w.member("transcript", f.transcript);
    w.member("region", to_string(f.region));
    w.count_or_null("exon", positive(f.exon));
    w.count_or_null("intron", positive(f.intron));
    w.member_or_null("intron_offset", f.intron_offset != 0, f.intron_offset);
    w.member("exon_count", f.exon_count);
    w.count_or_null("splice_distance", f.splice_distance);
    w.member("splice_site", f.splice_site);
    w.count_or_null("splice_site_exon", positive(f.splice_exon));
    w.member("splice_region", f.splice_region);
    w.count_or_null("cds_start", positive(f.cds_start));
    w.count_or_null("cds_end", positive(f.cds_end));
    w.count_or_null("codon", positive(f.codon));
    w.member("frame", to_string(f.frame));
    w.member("variant_class", to_string(f.variant_class));
    w.member("hgvsc", f.hgvsc);
    w.key("filled_in").begin_array();
    if (v.exon_from_tables) w.value("exon");
    if (v.class_from_tables) w.value("variant_class");
    if (v.protein_from_reference) w.value("protein_change");
    w.end_array();
    w.end_object();
}

void write_fusion(JsonWriter& w, const FusionCall& call) {
    w.begin_object();
    w.key("five_prime");
    write_partner(w, call.five_prime);
    w.key("three_prime");
    write_partner(w, call.three_prime);
    w.member("source", call.source);
    w.member("record", call.record);
    w.count_or_null("supporting_reads", call.supporting_reads);
    w.member("oncogenic_orientation", call.oncogenic_orientation);
    w.member("notes", call.notes);
    w.end_object();
}

// A rounded number (4 decimals), or null below missing_below.
void write_rounded(JsonWriter& w, std::string_view name, double value, double missing_below = 0) {
    w.key(name);
    if (value < missing_below)
        w.null();
    else
        w.value(std::round(value * 10000.0) / 10000.0);
}

void write_copy_number(JsonWriter& w, const CopyNumberCall& call) {
    w.begin_object();
    w.string_or_null("chrom", call.chrom);
    w.count_or_null("start", call.start > 0 ? call.start : -1);
    w.count_or_null("end", call.end > 0 ? call.end : -1);
    write_rounded(w, "copy_number", call.copy_number);
    w.member("level", call.level);
    w.member("focal", call.focal);
    w.member("genes", call.genes);
    w.member("source", call.source);
    w.end_object();
}

// The approval's members (the caller opens and closes its object).
void write_approval_members(JsonWriter& w, const Approval& a) {
    w.member("id", a.id);
    w.member("agency", a.agency);
    w.member("year", a.year);
    w.optional_number("min_age_years", a.min_age_years);
    if (a.under_age_years) w.member("under_age_years", *a.under_age_years);
    if (a.min_weight_kg) w.member("min_weight_kg", *a.min_weight_kg);
    w.member("adults_only", a.adults_only());
    w.member("indication", a.indication);
    if (!a.pediatric_formulation.empty()) w.member("pediatric_formulation", a.pediatric_formulation);
}

void write_evidence(JsonWriter& w, const EvidenceMatch& match, const Knowledgebase& kb) {
    const EvidenceItem& item = *match.item;
    w.begin_object();
    w.member("id", item.id);
    w.member("drugs", item.drugs);
    w.member("response", to_string(item.response));
    w.member("level", std::string_view(&item.level, 1));
    w.member("tier", to_string(match.tier));
    w.member("tumor_type_match", to_string(match.tumor_type_match));
    w.key("evidence_tumor_types").begin_object();
    if (!item.tumor_types.group.empty()) {
        w.member("group", item.tumor_types.group);
        w.member("exclude", item.tumor_types.exclude);
    } else {
        w.member("codes", item.tumor_types.codes);
    }
    w.end_object();
    w.member("alteration_rule", std::string(to_string(item.alteration.type)) + ": " + item.alteration.display_name());
    w.member("matched_by", to_string(match.matched_by));
    w.key("approval");
    if (match.approval) {
        w.begin_object();
        write_approval_members(w, *match.approval);
        w.end_object();
    } else {
        w.null();
    }
    w.key("approvals").begin_array();
    for (const auto& check : match.approvals) {
        w.begin_object();
        write_approval_members(w, *check.approval);
        w.member("counted", check.counted);
        w.member("tumor_type_ok", check.tumor_type_ok);
        w.member("age_ok", check.age_ok);
        w.member("note", check.note);
        w.end_object();
    }
    w.end_array();
    w.string_or_null("age_note", match.age_note);
    w.member("undercut_by", match.undercut_by);
    w.member_or_null("lowered_from", match.lowered_from.has_value(),
                     match.lowered_from ? to_string(*match.lowered_from) : std::string_view{});
    w.member("tier_notes", match.tier_notes);
    w.member("summary", item.summary);
    w.key("references");
    write_references(w, item.references);
    w.key("trials").begin_array();
    for (const auto& nct : item.trials) {
        w.begin_object();
        w.member("nct", nct);
        if (const Trial* trial = kb.trial(nct)) {
            w.member("title", trial->title);
            w.member("phase", trial->phase);
            w.member("status", trial->status);
        }
        w.end_object();
    }
    w.end_array();
    w.member("last_reviewed", item.last_reviewed);
    w.end_object();
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
    std::string out;
    out.reserve(4096 + result.findings.size() * 2048);
    JsonWriter w(out);
    w.begin_object();
    w.member("schema_version", kReportSchemaVersion);
    w.key("tool").begin_object();
    w.member("name", "pedtx");
    w.member("version", context.tool_version);
    w.end_object();
    if (!context.generated_at.empty()) w.member("generated_at", context.generated_at);
    w.key("sample").begin_object();
    w.member("id", result.sample_id);
    w.string_or_null("tumor_type", result.input.tumor_type);
    const TumorType* type = result.input.tumor_type.empty() ? nullptr : kb.tumor_types().find(result.input.tumor_type);
    w.member_or_null("tumor_type_name", type != nullptr, type ? std::string_view(type->name) : std::string_view{});
    w.optional_number("age_years", result.input.age_years);
    w.member("agency", to_string(result.input.agency.value_or(context.annotate.agency)));
    w.member("vcf_column", result.tumor_column);
    w.member("vcf_column_chosen_by", result.tumor_column_reason);
    w.end_object();
    w.key("input").begin_object();
    w.member("path", result.input.vcf.string());
    w.member("annotation", result.annotation_source);
    w.string_or_null("annotation_tag", result.annotation_tag);
    w.string_or_null("fusions", result.input.fusions.string());
    w.string_or_null("cna", result.input.cna.string());
    w.end_object();
    w.key("provenance").begin_object();
    w.string_or_null("input_sha256", result.input_sha256);
    w.string_or_null("fusions_sha256", result.fusions_sha256);
    w.string_or_null("cna_sha256", result.cna_sha256);
    w.string_or_null("options_fingerprint", result.options_fingerprint);
    w.end_object();
    w.member("genome_build", to_string(result.build));
    w.member("genome_build_source", result.build_source);
    w.key("knowledge_base").begin_object();
    w.member("name", kb.info().name);
    w.member("version", kb.info().version);
    w.member("release_date", kb.info().release_date);
    w.member("sha256", kb.info().sha256);
    w.end_object();
    const QcCounts& qc = result.qc;
    w.key("qc").begin_object();
    w.member("records_read", qc.records_read);
    w.member("records_passed", qc.records_passed);
    w.member("records_filtered", qc.records_read - qc.records_passed);
    w.key("filtered_by_reason").begin_object();
    for (const auto& [reason, count] : qc.filtered) w.member(reason, count);
    w.end_object();
    w.member("records_annotated", qc.records_annotated);
    w.member("alleles_in_kb_genes", qc.alleles_in_kb_genes);
    w.member("structural_records", qc.structural_records);
    w.member("fusion_calls", qc.fusion_calls);
    w.member("fusion_rows_read", qc.fusion_rows_read);
    w.member("copy_number_segments", qc.copy_number_segments);
    w.member("findings", qc.findings);
    w.member("findings_with_evidence", qc.findings_with_evidence);
    if (qc.ref_checked >= 0) {
        w.key("reference_check").begin_object();
        w.member("records_checked", qc.ref_checked);
        w.member("ref_mismatches", qc.ref_mismatches);
        w.member("not_in_reference", qc.ref_not_in_fasta);
        w.member("examples", qc.ref_mismatch_examples);
        w.end_object();
    }
    w.end_object();
    const SampleBiomarkers& markers = result.biomarkers;
    w.key("biomarkers").begin_object();
    w.key("tmb");
    if (markers.tmb) {
        const TumorMutationalBurden& tmb = *markers.tmb;
        w.begin_object();
        write_rounded(w, "mutations_per_mb", tmb.mutations_per_mb);
        w.member("source", tmb.source);
        w.count_or_null("variants_counted", tmb.variants);
        w.member_or_null("territory_mb", tmb.territory_mb > 0, tmb.territory_mb);
        w.member("high_cutoff", tmb.high_cutoff);
        w.member("status", tmb.high() ? "high" : "not_high");
        w.end_object();
    } else {
        w.null();
    }
    w.string_or_null("msi", to_string(markers.msi));
    w.end_object();
    w.member("germline", germline_report::germline_json(result.germline));
    w.member("pharmacogenomics", germline_report::pharmacogenomics_json(result.germline));
    w.member("warnings", result.warnings);
    w.key("findings").begin_array();
    for (const auto& finding : result.findings) {
        w.begin_object();
        w.member("gene", finding.gene);
        w.member("alteration", finding.alteration);
        w.member("category", to_string(finding.category));
        w.member("tier", to_string(finding.tier));
        w.member("matched_by", to_string(finding.matched_by));
        w.string_or_null("significance", finding.significance);
        w.string_or_null("measurement", finding.measurement);
        const Variant& v = finding.variant;
        w.key("variant");
        if (finding.category == FindingCategory::biomarker) {
            w.null();
        } else {
            w.begin_object();
            w.member("chrom", v.chrom);
            w.member("pos", v.pos);
            w.member("ref", v.ref);
            w.member("alt", v.alt);
            w.member("filter", v.filter);
            write_rounded(w, "vaf", v.vaf);
            w.count_or_null("depth", v.depth);
            w.count_or_null("alt_reads", v.alt_reads);
            w.string_or_null("transcript", v.transcript);
            w.string_or_null("transcript_selection", v.transcript_selection);
            w.string_or_null("consequence", v.consequence);
            w.member_or_null("variant_class", !v.annotation_source.empty() || v.class_from_tables,
                             to_string(v.variant_class));
            w.string_or_null("hgvsc", v.hgvsc);
            w.string_or_null("hgvsp", v.hgvsp);
            w.count_or_null("exon", v.exon > 0 ? v.exon : -1);
            w.string_or_null("annotation_source", v.annotation_source);
            if (v.facts) {
                w.key("mane_position");
                write_facts(w, v);
            }
            w.end_object();
        }
        if (!finding.notes.empty()) w.member("notes", finding.notes);
        w.key("fusion");
        if (finding.fusion)
            write_fusion(w, *finding.fusion);
        else
            w.null();
        w.key("copy_number");
        if (finding.copy_number)
            write_copy_number(w, *finding.copy_number);
        else
            w.null();
        w.key("evidence").begin_array();
        for (const auto& match : finding.evidence) write_evidence(w, match, kb);
        w.end_array();
        w.end_object();
    }
    w.end_array();
    w.member("disclaimer", kDisclaimer);
    w.end_object();
    out += '\n';
    return out;
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
