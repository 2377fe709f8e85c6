// The tumor-board HTML report. Built by plain string appends in a fixed order
// (no maps iterated in hash order, fixed number formats), so the bytes depend only
// on the inputs. Input and knowledge-base strings pass through html_escape() exactly
// once, at the point where they enter the markup.
#include "pedtx/report/html.hpp"

#include <cstdio>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "pedtx/match/tiering.hpp"
#include "pedtx/report/html_common.hpp"
#include "pedtx/util/text.hpp"

namespace pedtx {

namespace {

constexpr const char* kReplacementCharacter = "\xEF\xBF\xBD";  // U+FFFD

// Byte length of the valid UTF-8 sequence starting at text[i], or 0 when it is invalid.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF)
        length = 2;
    else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) low = 0xA0;   // overlong
        if (lead == 0xED) high = 0x9F;  // surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) low = 0x90;
        if (lead == 0xF4) high = 0x8F;  // above U+10FFFF
    } else {
        return 0;
    }
    if (i + length > text.size()) return 0;
    if (byte(i + 1) < low || byte(i + 1) > high) return 0;
    for (std::size_t k = 2; k < length; ++k)
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
    return length;
}

// Valid UTF-8 without control characters (which HTML forbids), so that a damaged
// VCF header cannot make the report unreadable.
std::string clean_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            const bool control = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F;
            if (control)
                out += kReplacementCharacter;
            else
                out.push_back(static_cast<char>(c));
            ++i;
            continue;
        }
        const std::size_t length = utf8_sequence_length(text, i);
        if (length == 0) {
            out += kReplacementCharacter;
            ++i;
        } else {
            out.append(text.substr(i, length));
            i += length;
        }
    }
    return out;
}

// A CSS string body (used in the print page footer): everything but a few safe ASCII
// characters becomes a hex escape, so neither the string nor the <style> element can end early.
std::string css_string(std::string_view text) {
    std::string out;
    for (const char c : clean_utf8(text)) {
        const auto u = static_cast<unsigned char>(c);
        const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' ||
                          c == '-' || c == '_' || c == '.' || c == ',' || c == ':' || u >= 0x80;
        if (safe) {
            out.push_back(c);
        } else {
            char buffer[8];
            std::snprintf(buffer, sizeof buffer, "\\%x ", u);
            out += buffer;
        }
    }
    return out;
}

bool all_digits(std::string_view text) {
    if (text.empty()) return false;
    for (const char c : text)
        if (c < '0' || c > '9') return false;
    return true;
}

bool is_nct_id(std::string_view id) {
    return id.size() == 11 && id.substr(0, 3) == "NCT" && all_digits(id.substr(3));
}

std::string format_number(double value, const char* format) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, format, value);
    return buffer;
}

// Shorthand: escaped text.
std::string esc(std::string_view text) {
    return html_escape(text);
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

bool is_actionable_tier(std::string_view tier) {
    return tier == "IA" || tier == "IB" || tier == "IIC";
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

std::string matched_by_text(std::string_view matched_by) {
    if (matched_by == "annotation") return "annotation (the protein change the annotator wrote)";
    if (matched_by == "genomic_key")
        return "genomic key (the exact allele at knowledge-base coordinates derived from MANE Select)";
    if (matched_by == "transcript_tables")
        return "transcript tables (exon, splice site, frame or class worked out by pedtx on the MANE Select "
               "transcript)";
    if (matched_by == "reference_translation")
        return "reference translation (pedtx translated the allele on the MANE Select transcript from the "
               "--reference FASTA)";
    return std::string(matched_by);
}

std::string build_source_text(std::string_view source) {
    if (source == "header") return "detected from the VCF header";
    if (source == "--genome") return "set with --genome";
    return std::string(source);
}

std::string filter_reason_text(const std::string& reason) {
    if (reason == "allele_not_in_tumor") return "allele not present in the tumor column";
    if (reason == "low_depth") return "read depth below --min-depth";
    if (reason == "low_alt_reads") return "ALT reads below --min-alt-reads";
    if (reason == "low_vaf") return "VAF below --min-vaf";
    if (reason == "symbolic_or_breakend_allele")
        return "symbolic or breakend allele (structural variant; not read yet)";
    return "FILTER " + reason;
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

// "FDA 2023 approval; approved from 1 year" — the approval as it applies at this patient's age.
std::string approval_status(const EvidenceMatch& match) {
    std::string out;
    if (match.approval) {
        out = esc(match.approval->agency) + " " + std::to_string(match.approval->year) + " approval";
        if (match.tumor_type_match == TumorTypeMatch::other) out += " (another tumor type)";
        if (match.age_note.empty()) out += "; no minimum age on the label";
    } else {
        out = "no approval linked in the knowledge base";
    }
    if (!match.age_note.empty()) out += "; " + esc(match.age_note);
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

// Everything the CSS needs; the page footer carries the sample id so that a loose
// printed page still says whose it is.
std::string style_sheet(const std::string& sample_id) {
    std::string css(html_base_css());
    css += R"CSS(ul.lines{list-style:none;padding:0;margin:.3rem 0}
ul.lines li{padding:.3rem .5rem;margin:.25rem 0;background:var(--tint);border-left:6px solid var(--rule)}
ul.lines li.tier-IA{border-left:6px solid var(--ia)}
ul.lines li.tier-IB{border-left:6px double var(--ib)}
ul.lines li.tier-IIC{border-left:6px dashed var(--iic)}
ul.lines li.warning{border-left:6px solid var(--warn);background:#fff;outline:1px solid var(--warn)}
.icon{vertical-align:-2px;margin-right:.25rem}
.none{font-weight:700;font-size:1.05rem;padding:.5rem .7rem;border:2px solid var(--ink);display:inline-block}
dl.legend{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.25rem .6rem;font-size:.85rem;color:var(--muted);margin:.6rem 0;align-items:center}
dl.legend dt{margin:0}
dl.legend dd{margin:0}
.counts a{margin-right:.8rem;text-decoration:none;color:inherit}
.finding{border:1px solid var(--rule);padding:.6rem .9rem;margin:.9rem 0}
.finding.tier-IA{border-left:10px solid var(--ia)}
.finding.tier-IB{border-left:10px double var(--ib)}
.finding.tier-IIC{border-left:10px dashed var(--iic)}
.finding.tier-IID{border-left:10px dotted var(--iid)}
.finding.tier-III{border-left:4px solid var(--iii)}
.finding h3{margin:.1rem 0 .4rem}
.finding h3 .meta{font-weight:400;color:var(--muted);font-size:.9rem}
.finding dl.facts{margin-bottom:.5rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.88rem}
table.evidence-table{table-layout:fixed}
.c-tier{width:10%}.c-therapy{width:28%}.c-approval{width:29%}.c-refs{width:33%}
td ul{margin:.1rem 0 .3rem;padding-left:1.1rem}
thead{display:table-header-group}
th,td{text-align:left;vertical-align:top;padding:.3rem .45rem;border-bottom:1px solid var(--rule)}
thead th{background:var(--tint);border-bottom:2px solid var(--ink)}
tbody.evidence{break-inside:avoid}
tbody.evidence tr.detail td{border-bottom:2px solid var(--rule);padding-top:0;color:#333}
tr{break-inside:avoid}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.resistant{color:#8a2f00;font-weight:700}
.small{font-size:.9em;color:var(--muted)}
table.qc{width:auto}
table.qc td.num{padding-left:2.5rem}
.tier-section.empty h2{font-size:1rem;border-bottom:1px solid var(--rule);margin:.9rem 0 .2rem}
.tier-section.empty p{color:var(--muted);margin:.2rem 0}
details{border:1px dashed var(--iii);padding:.4rem .8rem}
summary{cursor:pointer;font-weight:600}
footer{margin-top:2rem;border-top:3px solid var(--ink);padding-top:.6rem}
@media screen and (max-width:760px){dl.facts{grid-template-columns:max-content minmax(0,1fr)}}
@page{margin:15mm 12mm 17mm 12mm;@bottom-left{content:"pedtx report: )CSS";
    css += css_string(sample_id);
    css +=
        R"CSS(";font:8pt sans-serif;color:#444}@bottom-right{content:"page " counter(page) " of " counter(pages);font:8pt sans-serif;color:#444}}
@media print{
body{font-size:9pt}
table{font-size:8.5pt}
h2{margin-top:0}
h3{margin:.6rem 0 .25rem}
th,td{padding:.18rem .35rem}
dl.legend{font-size:.8em;gap:.1rem .5rem;margin:.3rem 0}
ul.lines li{padding:.15rem .4rem;margin:.15rem 0}
.finding{padding:.4rem .6rem}
footer{margin-top:.6rem;padding-top:.3rem}
footer p{margin:.3rem 0}
footer .provenance{display:none}
.page{max-width:none;padding:0}
.tier-section.has-findings,#qc-methods{break-before:page}
h2,h3,h4{break-after:avoid}
.finding{break-inside:auto}
a{color:inherit;text-decoration:none}
details{border:none;padding:0}
details::details-content{content-visibility:visible;display:block}
}
)CSS";
    return css;
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
        out += "<br>Tumor type: " + tumor_type_match_text(match, sample_tumor_type) +
               "<div class=\"small\">Evidence for: " + evidence_scope_text(item.tumor_types) +
               "<br>Rule: " + esc(to_string(item.alteration.type)) + " " + esc(item.alteration.display_name()) +
               "; matched by " + esc(match.matched_by) + "</div></td>";

        out += "<td>";
        if (match.approval) {
            const Approval& a = *match.approval;
            out += "<strong>" + esc(a.agency) + " " + std::to_string(a.year) + "</strong>";
            out += a.min_age_years ? ", from " + esc(format_age(*a.min_age_years))
                                   : std::string(", no minimum age on the label");
            out += "<br><span class=\"small\">" + esc(a.indication) + "</span>";
            if (!a.pediatric_formulation.empty()) out += "<br>Pediatric formulation: " + esc(a.pediatric_formulation);
        } else {
            out += "No approval linked in the knowledge base";
        }
        if (!match.age_note.empty()) out += "<br>Age: " + esc(match.age_note);
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

void render_finding(std::string& out, const Finding& finding, std::size_t number, const Knowledgebase& kb,
                    const std::string& sample_tumor_type) {
    out += "<article class=\"finding tier-" + esc(finding.tier) + "\" id=\"finding-" + std::to_string(number) + "\">\n";
    out += "<h3>" + tier_badge(finding.tier) + " " + esc(display_name(finding)) + " <span class=\"meta\">" +
           esc(finding.category) + "</span></h3>\n";
    if (finding.fusion)
        render_fusion(out, *finding.fusion);
    else if (finding.copy_number)
        render_copy_number(out, *finding.copy_number);
    else if (finding.category == "biomarker") {
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
        if (!is_actionable_tier(finding.tier)) continue;
        const std::string name = "<strong>" + esc(display_name(finding)) + "</strong>";
        std::set<std::string> listed;
        for (const auto& match : finding.evidence) {
            const EvidenceItem& item = *match.item;
            if (!is_actionable_tier(match.tier)) continue;
            if (item.response == Response::resistant || item.response == Response::not_effective) continue;
            const std::string drugs = drugs_text(item);
            if (!listed.insert(drugs).second) continue;
            lines += "<li class=\"tier-" + esc(match.tier) + "\">" + tier_badge(match.tier) + " " + name + " &#8211; " +
                     esc(drugs) + " &#8211; tier " + esc(match.tier) + " &#8211; " + approval_status(match) + "</li>\n";
        }
        if (listed.empty())
            lines += "<li class=\"tier-" + esc(finding.tier) + "\">" + tier_badge(finding.tier) + " " + name +
                     " &#8211; no therapy option at tiers IA&#8211;IIC; resistance evidence only (see warnings) "
                     "&#8211; tier " +
                     esc(finding.tier) + "</li>\n";
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
                            esc(drugs_text(item)) + " &#8211; tier " + esc(match.tier) + " (level " +
                            esc(std::string(1, item.level)) + ", " + esc(to_string(match.tumor_type_match)) +
                            " tumor type, " + esc(item.id) + ")</li>\n";
            }
            if (!match.undercut_by.empty()) {
                warnings += "<li class=\"warning\">" + std::string(kWarningIcon) + name + " &#8211; " +
                            esc(drugs_text(item)) + " (tier " + esc(match.tier) + ", " + esc(item.id) +
                            ") is undercut by resistance: " + join_escaped(match.undercut_by, "; ") + "</li>\n";
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
        out += "<a href=\"#tier-" + std::string(tier.tier) + "\">" + tier_badge(tier.tier) + " " +
               std::to_string(count) + "</a>";
    }
    out += "</p>\n<dl class=\"legend\">";
    for (const auto& tier : kTierDescriptions)
        out += "<dt>" + tier_badge(tier.tier) + "</dt><dd>" + std::string(tier.meaning) + "</dd>";
    out += "<dt>" + std::string(kWarningIcon) + "</dt><dd>resistance or no benefit</dd></dl>\n</section>\n";
}

void render_qc_methods(std::string& out, const SampleResult& result, const Knowledgebase& kb,
                       const ReportContext& context) {
    const QcCounts& qc = result.qc;
    out += "<section id=\"qc-methods\">\n<h2>QC and methods</h2>\n<h3>Records</h3>\n";
    out += "<table class=\"qc\"><thead><tr><th>What</th><th>Count</th></tr></thead><tbody>\n";
    const auto row = [&](const std::string& what_html, std::int64_t count) {
        out += "<tr><td>" + what_html + "</td><td class=\"num\">" + std::to_string(count) + "</td></tr>\n";
    };
    row("Records read", qc.records_read);
    row(context.annotate.include_filtered ? "Records used (--include-filtered: FILTER ignored)"
                                          : "Records passing FILTER",
        qc.records_passed);
    row("Records failing FILTER", qc.records_read - qc.records_passed);
    for (const auto& [reason, count] : qc.filtered) row("&#8195;skipped: " + esc(filter_reason_text(reason)), count);
    row("Records carrying the annotation" +
            (result.annotation_tag.empty() ? std::string{} : " (" + esc(result.annotation_tag) + ")"),
        qc.records_annotated);
    row("Alleles in knowledge-base genes", qc.alleles_in_kb_genes);
    row("Findings", qc.findings);
    row("Findings with evidence", qc.findings_with_evidence);
    if (qc.ref_checked >= 0) {
        row("REF checked against the reference FASTA", qc.ref_checked);
        row("&#8195;REF differs from the reference", qc.ref_mismatches);
        row("&#8195;not in the reference (chromosome missing or beyond its end)", qc.ref_not_in_fasta);
    }
    out += "</tbody></table>\n";

    const SampleInput& input = result.input;
    out += "<h3>Options used</h3>\n<dl class=\"facts\">\n";
    fact(out, "Tumor type",
         input.tumor_type.empty() ? "not given (tumor-type-specific evidence cannot reach tier I)"
                                  : esc(input.tumor_type));
    fact(out, "Age", input.age_years ? esc(format_age(*input.age_years)) : "not given (age limits not checked)");
    fact(out, "VCF column", esc(result.tumor_column) + " (" + esc(result.tumor_column_reason) + ")");
    fact(out, "Genome build", esc(to_string(result.build)) + " (" + esc(build_source_text(result.build_source)) + ")");
    fact(out, "Annotation",
         esc(result.annotation_source) +
             (result.annotation_tag.empty() ? std::string{} : " (" + esc(result.annotation_tag) + ")"));
    fact(out, "Minimum VAF", format_number(context.annotate.min_vaf, "%g"));
    fact(out, "Minimum ALT reads", std::to_string(context.annotate.min_alt_reads));
    fact(out, "Minimum depth", std::to_string(context.annotate.min_depth));
    fact(out, "FILTER", context.annotate.include_filtered ? "ignored (--include-filtered)" : "PASS records only");
    fact(out, "TMB",
         "high at &#8805; " + esc(format_decimal(context.annotate.tmb_high_cutoff, 2)) + " mutations/Mb; " +
             (context.annotate.tmb_territory_mb
                  ? "estimated from the VCF's SNVs and indels over " +
                        esc(format_decimal(*context.annotate.tmb_territory_mb, 3)) +
                        " Mb when not given (an estimate, not a validated TMB assay)"
                  : std::string("taken from the sample sheet / --tmb only (no --tmb-territory-mb)")));
    const CopyNumberThresholds& cn = context.annotate.copy_number;
    fact(out, "Copy number",
         "amplification at " + format_number(cn.amplification_cn(), "%g") + " copies or more; homozygous deletion at " +
             format_number(cn.del_max_cn, "%g") + " or fewer; focal up to " +
             format_number(static_cast<double>(cn.focal_max_size) / 1e6, "%g") + " Mb");
    out += "</dl>\n";

    const KnowledgebaseInfo& info = kb.info();
    out += "<h3>Knowledge base</h3>\n<dl class=\"facts\">\n";
    fact(out, "Name and version", esc(info.name) + " " + esc(info.version));
    fact(out, "Released", esc(info.release_date));
    fact(out, "Contents",
         std::to_string(kb.genes().size()) + " genes, " + std::to_string(kb.drugs().size()) + " drugs, " +
             std::to_string(kb.evidence().size()) + " evidence items, " + std::to_string(kb.trials().size()) +
             " trials");
    fact(out, "sha256 (manifest)", "<span class=\"mono\">" + esc(info.sha256) + "</span>");
    out += "</dl>\n";

    out += R"HTML(<h3>Methods</h3>
<p>Each tumor allele is matched to the knowledge base by the protein change on the selected transcript (MANE Select first, then the canonical, then the first protein-coding transcript), by codon, codon range, exon and loss-of-function rules, and, when the input carries no consequence annotation, by genomic keys derived from the MANE Select transcripts. Evidence is tiered per item following AMP/ASCO/CAP 2017 for this patient's tumor type (OncoTree, including descendants and tumor-agnostic groups) and age (against the minimum ages of approvals); a finding takes the best tier of its evidence. Resistance evidence is linked to the sensitivity evidence it undercuts. Fusion partners and their 5'/3' order come from the breakend orientation and the genes' strands (or the fusion caller's table), with the breakpoint exon or intron on the MANE Select transcript; amplification and homozygous deletion are called from copy-number segments or gene-level calls at the thresholds listed above.</p>
<h3>Limitations</h3>
<ul>
<li>Gene fusions are read from structural-variant breakends and from the RNA fusion table given with the sample, copy number from symbolic records and the copy-number file given with it: when an input was not given, the absence of a fusion or copy-number finding says nothing about the tumor.</li>
<li>TMB and MSI are not read yet: the knowledge base holds evidence for them, but their absence from this report says nothing about the tumor.</li>
<li>Only alterations in knowledge-base genes are reported; a variant outside them, or a change the knowledge base does not list, is not assessed.</li>
<li>Germline and somatic origin are not distinguished; VAF and depth are as the variant caller wrote them.</li>
<li>Approvals, ages and trial statuses are those of the knowledge-base release above; check the current label and trial registry.</li>
</ul>
</section>
)HTML";
}

}  // namespace

std::string html_escape(std::string_view text) {
    const std::string clean = clean_utf8(text);
    std::string out;
    out.reserve(clean.size() + 16);
    for (const char c : clean) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out.push_back(c);
        }
    }
    return out;
}

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

std::string sample_report_html(const SampleResult& result, const Knowledgebase& kb, const ReportContext& context) {
    const SampleInput& input = result.input;
    const KnowledgebaseInfo& info = kb.info();
    const TumorType* tumor_type = input.tumor_type.empty() ? nullptr : kb.tumor_types().find(input.tumor_type);

    std::string out;
    out.reserve(32768);
    out += html_document_start("pedtx report: " + result.sample_id, context.tool_version);
    out += "<style>" + style_sheet(result.sample_id) + "</style>\n</head>\n<body>\n<div class=\"page\">\n";

    // Header: who, what, and with which tool and knowledge base.
    out += "<header class=\"report-header\">\n<div class=\"kicker\">pedtx molecular tumor board report</div>\n";
    out += "<h1>Sample " + esc(result.sample_id) + "</h1>\n<dl class=\"facts\">\n";
    std::string tumor = "not given";
    if (!input.tumor_type.empty()) {
        tumor = "<strong>" + esc(input.tumor_type) + "</strong>";
        if (tumor_type) tumor += " &#8211; " + esc(tumor_type->name);
    }
    fact(out, "Tumor type", tumor);
    fact(out, "Age", input.age_years ? esc(format_age(*input.age_years)) : "not given");
    fact(out, "Genome build",
         esc(to_string(result.build)) + " <span class=\"small\">(" + esc(build_source_text(result.build_source)) +
             ")</span>");
    fact(out, "Input file", "<span class=\"mono\">" + esc(input.vcf.string()) + "</span>");
    if (result.biomarkers.tmb) fact(out, "TMB", esc(describe(*result.biomarkers.tmb)));
    if (result.biomarkers.msi != MsiStatus::not_given)
        fact(out, "MSI / MMR", esc(to_string(result.biomarkers.msi)) + " (given)");
    fact(out, "VCF column", esc(result.tumor_column));
    fact(out, "Annotation", esc(result.annotation_source));
    fact(out, "pedtx version", esc(context.tool_version));
    fact(out, "Knowledge base",
         esc(info.name) + " " + esc(info.version) + " <span class=\"small\">(sha256 <span class=\"mono\">" +
             esc(info.sha256.substr(0, 12)) + "</span>)</span>");
    fact(out, "Report date",
         context.generated_at.empty() ? "date omitted (--no-timestamp)" : esc(context.generated_at));
    out +=
        "</dl>\n<p class=\"notice\"><strong>Decision support only.</strong> This report supports, and does not "
        "replace, clinical judgement: check every finding, drug, dose and age limit against the current label "
        "and the patient.</p>\n</header>\n<main>\n";

    render_summary(out, result);

    const std::string sample_tumor_type = input.tumor_type;
    std::size_t number = 0;
    for (const auto& tier : kTierDescriptions) {
        std::vector<const Finding*> in_tier;
        for (const auto& finding : result.findings)
            if (finding.tier == tier.tier) in_tier.push_back(&finding);
        const bool collapsed = std::string_view(tier.tier) == "III";
        out += "<section class=\"tier-section " + std::string(in_tier.empty() ? "empty" : "has-findings") +
               "\" id=\"tier-" + tier.tier + "\">\n";
        out += "<h2>" + tier_badge(tier.tier, "Tier ") + " " + tier.significance + "</h2>\n";
        if (in_tier.empty()) {
            out += "<p>No finding in tier " + std::string(tier.tier) + ".</p>\n</section>\n";
            continue;
        }
        out += "<p class=\"small\">" + std::string(tier.meaning) + ".</p>\n";
        if (collapsed)
            out += "<details><summary>" + std::to_string(in_tier.size()) + " finding" +
                   (in_tier.size() == 1 ? "" : "s") + " of unknown significance (select to show)</summary>\n";
        for (const Finding* finding : in_tier) render_finding(out, *finding, ++number, kb, sample_tumor_type);
        if (collapsed) out += "</details>\n";
        out += "</section>\n";
    }

    render_qc_methods(out, result, kb, context);
    out +=
        "</main>\n<footer>\n<p><strong>This report supports, and does not replace, clinical "
        "judgement.</strong> pedtx output is decision support for a molecular tumor board: every finding, drug, "
        "dose and age limit must be checked against the current label, the literature cited and the patient.</p>\n";
    out += "<p class=\"small provenance\">pedtx " + esc(context.tool_version) + " &#183; knowledge base " +
           esc(info.name) + " " + esc(info.version) + " &#183; sample " + esc(result.sample_id) +
           "</p>\n</footer>\n</div>\n</body>\n</html>\n";
    return out;
}

}  // namespace pedtx
