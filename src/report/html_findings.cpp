// The per-sample HTML report's summary and findings: therapy options and resistance warnings,
// each finding's variant, fusion or copy-number facts, and its evidence table with approvals,
// trials and references. Like the rest of the page (html.cpp), built by string appends in a fixed
// order; input and knowledge-base strings pass through html_escape() once, where they enter.
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "html_sections.hpp"
#include "pedtx/match/tiering.hpp"
#include "pedtx/report/html.hpp"
#include "pedtx/util/text.hpp"

namespace pedtx {

using html_detail::esc;
using html_detail::format_number;

namespace {

bool all_digits(std::string_view text) {
    if (text.empty()) return false;
    for (const char c : text)
        if (c < '0' || c > '9') return false;
    return true;
}

bool is_nct_id(std::string_view id) {
    return id.size() == 11 && id.substr(0, 3) == "NCT" && all_digits(id.substr(3));
}

std::string join_escaped(const std::vector<std::string>& parts, std::string_view sep) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i) out += sep;
        out += esc(parts[i]);
    }
    return out;
}

std::string drugs_text(const EvidenceItem& item) {
    if (item.drugs.empty()) return std::string(to_string(item.response)) + " marker (no drug)";
    return join(item.drugs, " + ");
}

constexpr const char* kWarningIcon =
    "<svg class=\"icon\" viewBox=\"0 0 16 16\" width=\"16\" height=\"16\" aria-hidden=\"true\">"
    "<path d=\"M8 1.2 15.2 14.4H.8Z\" fill=\"#D55E00\" stroke=\"#000\" stroke-width=\".8\"/>"
    "<rect x=\"7.2\" y=\"5.4\" width=\"1.6\" height=\"4.8\" fill=\"#fff\"/>"
    "<rect x=\"7.2\" y=\"11.3\" width=\"1.6\" height=\"1.6\" fill=\"#fff\"/></svg>";

std::string transcript_choice(std::string_view selection) {
    if (selection == "mane_select") return "MANE Select";
    if (selection == "canonical") return "canonical transcript (no MANE Select entry)";
    if (selection == "first_protein_coding")
        return "first protein-coding transcript (no MANE Select or canonical entry)";
    if (selection == "first_listed") return "first listed transcript";
    return std::string(selection);
}

std::string matched_by_text(MatchedBy matched_by) {
    switch (matched_by) {
        case MatchedBy::annotation:
            return "annotation (the protein change the annotator wrote)";
        case MatchedBy::genomic_key:
            return "genomic key (the exact allele at knowledge-base coordinates derived from MANE Select)";
        case MatchedBy::genomic_key_assembled:
            return "genomic key of the allele assembled from two or more SNV records of one codon (see the note)";
        case MatchedBy::transcript_tables:
            return "transcript tables (exon, splice site, frame or class worked out by pedtx on the MANE Select "
                   "transcript)";
        case MatchedBy::reference_translation:
            return "reference translation (pedtx translated the allele on the MANE Select transcript from the "
                   "--reference FASTA)";
        default:
            return std::string(to_string(matched_by));
    }
}

std::string tumor_type_match_text(const EvidenceMatch& match, const std::string& sample_tumor_type) {
    const auto& scope = match.item->tumor_types;
    switch (match.tumor_type_match) {
        case TumorTypeMatch::exact:
            return "exact: evidence for " + esc(sample_tumor_type);
        case TumorTypeMatch::ancestor:
            return "ancestor: evidence for a broader type that includes " + esc(sample_tumor_type);
        case TumorTypeMatch::agnostic:
            return "tumor-agnostic (" + esc(scope.group) + " tumors)";
        case TumorTypeMatch::sample_ancestor:
            return "less specific sample: " + esc(sample_tumor_type) + " is broader than the evidence's type";
        case TumorTypeMatch::other:
            return "other tumor type";
    }
    return "";
}

std::string evidence_scope_text(const TumorTypeScope& scope) {
    if (!scope.group.empty()) {
        std::string out = "group: " + esc(scope.group);
        if (!scope.exclude.empty()) out += ", excluding " + join_escaped(scope.exclude, ", ");
        return out;
    }
    return join_escaped(scope.codes, ", ");
}

// "FDA 2023: approved from 1 year; EMA 2020: no minimum age on the label" — each approval as it
// applies to this patient; then why the tier is lower, when it is.
std::string approval_status(const EvidenceMatch& match) {
    std::string out;
    if (match.approvals.empty()) {
        out = "no approval linked in the knowledge base";
        if (!match.age_note.empty()) out += "; " + esc(match.age_note);
    } else {
        out = esc(match.age_note);
        if (match.tumor_type_match == TumorTypeMatch::other) out += " (another tumor type)";
    }
    for (const auto& note : match.tier_notes) out += "; " + esc(note);
    return out;
}

std::string reference_label(const Reference& ref) {
    std::string year = ref.year ? " (" + std::to_string(ref.year) + ")" : "";
    if (ref.type == "pmid") return "PMID " + esc(ref.id);
    if (ref.type == "nct") return esc(ref.id);
    if (ref.type == "fda_label") return "FDA label: " + esc(ref.id) + year;
    if (ref.type == "ema_label") return "EMA label: " + esc(ref.id) + year;
    if (ref.type == "guideline") return "Guideline: " + esc(ref.id) + year;
    return esc(ref.type) + ": " + esc(ref.id) + year;
}

std::string link(const std::string& url, const std::string& label_html) {
    if (url.empty() || !is_http_url(url)) return label_html;
    return "<a href=\"" + esc(url) + "\" rel=\"noopener noreferrer\">" + label_html + "</a>";
}

// "www.fda.gov" from "https://www.fda.gov/drugs/...".
std::string url_host(std::string_view url) {
    const std::size_t start = url.find("://");
    if (start == std::string_view::npos) return {};
    const std::string_view rest = url.substr(start + 3);
    return std::string(rest.substr(0, rest.find_first_of("/?#")));
}

std::string trial_url(std::string_view nct) {
    return is_nct_id(nct) ? "https://clinicaltrials.gov/study/" + std::string(nct) : std::string{};
}

std::string or_dash(const std::string& escaped) {
    return escaped.empty() ? "&#8212;" : escaped;
}

// One line of pedtx's own position facts: "exon 11 of 11, c.859-c.859, codon 287, frameshift".
std::string facts_text(const TranscriptFacts& f) {
    std::string text = f.transcript + ": ";
    if (f.region == TranscriptRegion::exon)
        text += "exon " + std::to_string(f.exon) + " of " + std::to_string(f.exon_count);
    else if (f.region == TranscriptRegion::intron)
        text += "intron " + std::to_string(f.intron) + " (" + (f.intron_offset > 0 ? "+" : "") +
                std::to_string(f.intron_offset) + ")";
    else
        text += std::string(to_string(f.region)) + " of the transcript";
    if (f.codon > 0) text += ", codon " + std::to_string(f.codon);
    if (f.frame != IndelFrame::not_indel) text += ", " + std::string(to_string(f.frame));
    if (f.splice_site)
        text += ", splice site of exon " + std::to_string(f.splice_exon);
    else if (f.splice_region)
        text += ", splice region";
    if (f.splice_distance >= 0) text += ", " + std::to_string(f.splice_distance) + " bp from a splice junction";
    return text;
}

void render_variant(std::string& out, const Finding& finding) {
    const Variant& v = finding.variant;
    out += "<dl class=\"facts\">\n";
    fact(out, "Genomic change",
         "<span class=\"mono\">" + esc(v.chrom) + ":" + std::to_string(v.pos) + " " + esc(v.ref) + "&gt;" + esc(v.alt) +
             "</span>");
    fact(out, "FILTER", or_dash(esc(v.filter)));
    const bool tables_hgvsc = v.annotation_source.empty() && v.facts && v.hgvsc == v.facts->hgvsc;
    fact(out, "HGVS c.",
         v.hgvsc.empty() ? "not annotated"
                         : "<span class=\"mono\">" + esc(v.hgvsc) + "</span>" +
                               (tables_hgvsc ? " (pedtx, from its MANE table; not 3&#8242;-shifted)" : ""));
    fact(out, "HGVS p.",
         v.hgvsp.empty() ? "not annotated"
                         : "<span class=\"mono\">" + esc(v.hgvsp) + "</span>" +
                               (v.protein_from_reference ? " (pedtx, translated from the reference FASTA)" : ""));
    std::string transcript = "none (the input has no consequence annotation for this allele)";
    if (!v.transcript.empty()) {
        transcript = "<span class=\"mono\">" + esc(v.transcript) + "</span>";
        if (!v.transcript_selection.empty()) transcript += " &#8212; " + esc(transcript_choice(v.transcript_selection));
    }
    fact(out, "Transcript", transcript);
    fact(out, "Exon",
         v.exon > 0 ? std::to_string(v.exon) + (v.exon_from_tables ? " (pedtx MANE table)" : "") : "&#8212;");
    if (v.facts) fact(out, "Position (pedtx)", esc(facts_text(*v.facts)));
    fact(out, "Consequence",
         v.consequence.empty()
             ? (v.class_from_tables ? esc(to_string(v.variant_class)) + " (pedtx, from its MANE table)" : "&#8212;")
             : esc(v.consequence) + (v.annotation_source.empty() ? std::string{}
                                                                 : " (" + esc(to_string(v.variant_class)) + ", " +
                                                                       esc(v.annotation_source) + ")"));
    std::string vaf = "not given by the caller";
    if (v.vaf >= 0) {
        vaf = format_number(v.vaf * 100.0, "%.1f%%");
        if (v.alt_reads >= 0 && v.depth >= 0)
            vaf += " (" + std::to_string(v.alt_reads) + " of " + std::to_string(v.depth) + " reads)";
    }
    fact(out, "Tumor VAF", vaf);
    fact(out, "Read depth", v.depth >= 0 ? std::to_string(v.depth) : "not given by the caller");
    out += "</dl>\n";
}

std::string partner_text(const FusionPartner& partner) {
    std::string out = partner.gene.empty() ? "intergenic" : "<strong>" + esc(partner.gene) + "</strong>";
    out += " <span class=\"mono\">" + esc(partner.chrom) + ":" + std::to_string(partner.pos) + "</span>";
    if (partner.strand) out += " (strand " + esc(std::string(1, partner.strand)) + ")";
    if (!partner.region.empty()) out += ", " + esc(partner.region);
    if (!partner.transcript.empty()) out += " of <span class=\"mono\">" + esc(partner.transcript) + "</span>";
    return out;
}

void render_fusion(std::string& out, const FusionCall& fusion) {
    out += "<dl class=\"facts\">\n";
    fact(out, "5&#8242; partner", partner_text(fusion.five_prime));
    fact(out, "3&#8242; partner", partner_text(fusion.three_prime));
    fact(out, "Source",
         or_dash(esc(fusion.source)) +
             (fusion.record.empty() ? "" : ", record <span class=\"mono\">" + esc(fusion.record) + "</span>"));
    fact(out, "Supporting reads", fusion.supporting_reads >= 0 ? std::to_string(fusion.supporting_reads) : "not given");
    std::string orientation = "5&#8242;/3&#8242; order known";
    if (!fusion.orientation_known) orientation = "5&#8242;/3&#8242; order could not be worked out";
    if (!fusion.oncogenic_orientation)
        orientation = std::string(kWarningIcon) + "the partners' strands cannot give this fusion";
    fact(out, "Orientation", orientation);
    out += "</dl>\n";
    if (!fusion.notes.empty()) {
        out += "<ul class=\"small\">";
        for (const auto& note : fusion.notes) out += "<li>" + esc(note) + "</li>";
        out += "</ul>\n";
    }
}

std::string copy_number_level_text(int level) {
    switch (level) {
        case -2:
            return "deep (homozygous) deletion";
        case -1:
            return "loss";
        case 1:
            return "gain";
        case 2:
            return "amplification";
        default:
            return "neutral";
    }
}

void render_copy_number(std::string& out, const CopyNumberCall& cn) {
    out += "<dl class=\"facts\">\n";
    const double length = static_cast<double>(cn.end - cn.start + 1);
    const std::string size =
        length >= 1e6 ? format_number(length / 1e6, "%.2f Mb") : format_number(length / 1e3, "%.1f kb");
    fact(out, "Segment",
         "<span class=\"mono\">" + esc(cn.chrom) + ":" + std::to_string(cn.start) + "-" + std::to_string(cn.end) +
             "</span> (" + size + (cn.focal ? ", focal" : ", broad") + ")");
    fact(out, "Copy number",
         (cn.copy_number >= 0 ? format_number(cn.copy_number, "%.1f") + " copies, " : std::string{}) +
             copy_number_level_text(cn.level));
    fact(out, "Genes in the segment", or_dash(join_escaped(cn.genes, ", ")));
    fact(out, "Source", or_dash(esc(cn.source)));
    out += "</dl>\n";
}

void render_evidence_table(std::string& out, const Finding& finding, const Knowledgebase& kb,
                           const std::string& sample_tumor_type) {
    out +=
        "<table class=\"evidence-table\">\n<colgroup><col class=\"c-tier\"><col class=\"c-therapy\">"
        "<col class=\"c-approval\"><col class=\"c-refs\"></colgroup>\n<thead><tr><th>Tier</th><th>Therapy and "
        "evidence</th><th>Approval for this patient</th><th>Trials and references</th></tr></thead>\n";
    for (const auto& match : finding.evidence) {
        const EvidenceItem& item = *match.item;
        const bool against = item.response == Response::resistant || item.response == Response::not_effective;
        out += "<tbody class=\"evidence\"><tr>";
        out += "<td>" + tier_badge(match.tier) + "<div class=\"small mono\">" + esc(item.id) + "</div>Level " +
               esc(std::string(1, item.level)) + "</td>";

        out += "<td><strong>" + esc(drugs_text(item)) + "</strong>: ";
        if (against)
            out += kWarningIcon + std::string("<span class=\"resistant\">") + esc(to_string(item.response)) + "</span>";
        else
            out += esc(to_string(item.response));
        if (!match.undercut_by.empty())
            out += "<br>" + std::string(kWarningIcon) + "<span class=\"resistant\">undercut by resistance:</span> " +
                   join_escaped(match.undercut_by, "; ");
        for (const auto& note : match.tier_notes)
            out += "<br>" + std::string(kWarningIcon) + "<span class=\"tier-note\">" + esc(note) + "</span>";
        out += "<br>Tumor type: " + tumor_type_match_text(match, sample_tumor_type) +
               "<div class=\"small\">Evidence for: " + evidence_scope_text(item.tumor_types) +
               "<br>Rule: " + esc(to_string(item.alteration.type)) + " " + esc(item.alteration.display_name()) +
               "; matched by " + esc(to_string(match.matched_by)) + "</div></td>";

        out += "<td>";
        // Every agency's approval as it applies to this patient (age, tumor type, counted or not).
        for (std::size_t k = 0; k < match.approvals.size(); ++k) {
            const ApprovalCheck& check = match.approvals[k];
            const Approval& a = *check.approval;
            if (k > 0) out += "<hr class=\"approval-sep\">";
            out += "<div class=\"approval\"><strong>" + esc(a.agency) + " " + std::to_string(a.year) + "</strong>";
            if (!check.counted) out += " <span class=\"small\">(not counted for the tier: --agency)</span>";
            out += check.supports_tier_ia() ? " &#10003;" : " &#8211; does not apply";
            out += "<br>" + esc(check.note);
            out += "<br><span class=\"small\">" + esc(a.indication) + "</span>";
            if (!a.pediatric_formulation.empty()) out += "<br>Pediatric formulation: " + esc(a.pediatric_formulation);
            out += "</div>";
        }
        if (match.approvals.empty()) {
            out += "No approval linked in the knowledge base";
            if (!match.age_note.empty()) out += "<br>Age: " + esc(match.age_note);
        }
        out += "</td>";

        out += "<td>";
        if (!item.trials.empty()) {
            out += "<div>Trials:</div><ul class=\"small\">";
            for (const auto& nct : item.trials) {
                out += "<li>" + link(trial_url(nct), esc(nct));
                if (const Trial* trial = kb.trial(nct)) {
                    out += ", phase " + esc(trial->phase) + ", " + esc(trial->status);
                    if (!trial->title.empty()) out += ": " + esc(trial->title);
                }
                out += "</li>";
            }
            out += "</ul>";
        }
        out += "<div>References:</div><ul class=\"small\">";
        for (const auto& ref : item.references) {
            const std::string url = reference_url(ref);
            out += "<li>" + link(url, reference_label(ref));
            // A label link may go anywhere the curators chose: name the site, on screen and on paper.
            if (!url.empty() && ref.type != "pmid" && ref.type != "nct")
                out += " <span class=\"small\">(" + esc(url_host(url)) + ")</span>";
            out += "</li>";
        }
        out += "</ul></td></tr>\n";

        out += "<tr class=\"detail\"><td></td><td colspan=\"3\">" + esc(item.summary);
        if (!item.last_reviewed.empty())
            out += " <span class=\"small\">(reviewed " + esc(item.last_reviewed) + ")</span>";
        out += "</td></tr></tbody>\n";
    }
    out += "</table>\n";
}

}  // namespace

namespace html_detail {

std::string format_number(double value, const char* format) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, format, value);
    return buffer;
}

void render_finding(std::string& out, const Finding& finding, std::size_t number, const Knowledgebase& kb,
                    const std::string& sample_tumor_type) {
    out += "<article class=\"finding tier-" + esc(to_string(finding.tier)) + "\" id=\"finding-" +
           std::to_string(number) + "\">\n";
    out += "<h3>" + tier_badge(finding.tier) + " " + esc(display_name(finding)) + " <span class=\"meta\">" +
           esc(to_string(finding.category)) + "</span></h3>\n";
    if (finding.fusion)
        render_fusion(out, *finding.fusion);
    else if (finding.copy_number)
        render_copy_number(out, *finding.copy_number);
    else if (finding.category == FindingCategory::biomarker) {
        out += "<dl class=\"facts\">\n";
        fact(out, "Measurement", esc(finding.measurement));
        out += "</dl>\n";
    } else
        render_variant(out, finding);
    out += "<p class=\"small\">Matched by: " + esc(matched_by_text(finding.matched_by)) + "</p>\n";
    if (!finding.notes.empty()) {
        out += "<ul class=\"small\">";
        for (const auto& note : finding.notes) out += "<li>" + std::string(kWarningIcon) + esc(note) + "</li>";
        out += "</ul>\n";
    }
    if (!finding.significance.empty()) out += "<p>Significance: " + esc(finding.significance) + "</p>\n";
    if (finding.evidence.empty())
        out += "<p>No evidence item in the knowledge base for this alteration.</p>\n";
    else
        render_evidence_table(out, finding, kb, sample_tumor_type);
    out += "</article>\n";
}

void render_summary(std::string& out, const SampleResult& result) {
    out += "<section id=\"summary\">\n<h2>Summary</h2>\n";
    // Therapy options: one line per finding and drug (combination), best tier first.
    std::string lines;
    for (const auto& finding : result.findings) {
        if (!is_therapy_option(finding.tier)) continue;
        const std::string name = "<strong>" + esc(display_name(finding)) + "</strong>";
        std::set<std::string> listed;
        for (const auto& match : finding.evidence) {
            const EvidenceItem& item = *match.item;
            if (!is_therapy_option(match.tier)) continue;
            if (item.response == Response::resistant || item.response == Response::not_effective) continue;
            const std::string drugs = drugs_text(item);
            if (!listed.insert(drugs).second) continue;
            lines += "<li class=\"tier-" + esc(to_string(match.tier)) + "\">" + tier_badge(match.tier) + " " + name +
                     " &#8211; " + esc(drugs) + " &#8211; tier " + esc(to_string(match.tier)) + " &#8211; " +
                     approval_status(match) + "</li>\n";
        }
        if (listed.empty())
            lines += "<li class=\"tier-" + esc(to_string(finding.tier)) + "\">" + tier_badge(finding.tier) + " " +
                     name +
                     " &#8211; no therapy option at tiers IA&#8211;IIC; resistance evidence only (see warnings) "
                     "&#8211; tier " +
                     esc(to_string(finding.tier)) + "</li>\n";
    }
    out += "<h3>Actionable findings (tiers IA, IB, IIC)</h3>\n";
    if (lines.empty()) {
        out +=
            "<p class=\"none\" id=\"no-actionable\">No actionable finding: no alteration with tier IA, IB or IIC "
            "evidence was found in this sample.</p>\n";
    } else {
        out += "<ul class=\"lines\">\n" + lines + "</ul>\n";
    }

    std::string warnings;
    for (const auto& finding : result.findings) {
        const std::string name = "<strong>" + esc(display_name(finding)) + "</strong>";
        for (const auto& match : finding.evidence) {
            const EvidenceItem& item = *match.item;
            if (item.response == Response::resistant || item.response == Response::not_effective) {
                warnings += "<li class=\"warning\">" + std::string(kWarningIcon) + name + " &#8211; " +
                            (item.response == Response::resistant ? "resistance to " : "not effective: ") +
                            esc(drugs_text(item)) + " &#8211; tier " + esc(to_string(match.tier)) + " (level " +
                            esc(std::string(1, item.level)) + ", " + esc(to_string(match.tumor_type_match)) +
                            " tumor type, " + esc(item.id) + ")</li>\n";
            }
            if (!match.undercut_by.empty()) {
                warnings += "<li class=\"warning\">" + std::string(kWarningIcon) + name + " &#8211; " +
                            esc(drugs_text(item)) + " (tier " + esc(to_string(match.tier)) + ", " + esc(item.id) +
                            ") is undercut by resistance: " + join_escaped(match.undercut_by, "; ");
                if (match.lowered_from)
                    warnings += " &#8211; lowered from " + esc(to_string(*match.lowered_from)) + " to " +
                                esc(to_string(match.tier));
                warnings += "</li>\n";
            }
        }
    }
    out += "<h3>Resistance warnings</h3>\n";
    if (warnings.empty())
        out += "<p>No resistance evidence matched in this sample.</p>\n";
    else
        out += "<ul class=\"lines\">\n" + warnings + "</ul>\n";

    out += "<p class=\"counts\">Findings by tier: ";
    for (const auto& tier : kTierDescriptions) {
        std::size_t count = 0;
        for (const auto& finding : result.findings) count += finding.tier == tier.tier ? 1 : 0;
        out += "<a href=\"#tier-" + std::string(to_string(tier.tier)) + "\">" + tier_badge(tier.tier) + " " +
               std::to_string(count) + "</a>";
    }
    out += "</p>\n<dl class=\"legend\">";
    for (const auto& tier : kTierDescriptions)
        out += "<dt>" + tier_badge(tier.tier) + "</dt><dd>" + std::string(tier.meaning) + "</dd>";
    out += "<dt>" + std::string(kWarningIcon) + "</dt><dd>resistance or no benefit</dd></dl>\n</section>\n";
}

}  // namespace html_detail

bool is_http_url(std::string_view url) {
    const std::string lower = to_lower(url.substr(0, 8));
    std::size_t scheme = 0;
    if (lower.rfind("https://", 0) == 0)
        scheme = 8;
    else if (lower.rfind("http://", 0) == 0)
        scheme = 7;
    else
        return false;
    if (url.size() <= scheme) return false;  // no host
    for (const char c : url) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u == 0x7F || c == '"' || c == '\'' || c == '<' || c == '>' || c == '\\' || c == '`')
            return false;
    }
    return true;
}

std::string reference_url(const Reference& reference) {
    if (reference.type == "pmid")
        return all_digits(reference.id) ? "https://pubmed.ncbi.nlm.nih.gov/" + reference.id + "/" : std::string{};
    if (reference.type == "nct") return trial_url(reference.id);
    if (reference.type == "fda_label" || reference.type == "ema_label")
        return is_http_url(reference.url) ? reference.url : std::string{};
    return {};
}

}  // namespace pedtx
