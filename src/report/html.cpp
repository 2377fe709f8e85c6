// The tumor-board HTML report: the page (header, tier sections, footer), its style sheet and the
// QC and methods section; the summary and the findings are in html_findings.cpp. Built by plain
// string appends in a fixed order (no maps iterated in hash order, fixed number formats), so the
// bytes depend only on the inputs. Input and knowledge-base strings pass through html_escape()
// exactly once, at the point where they enter the markup.
#include "pedtx/report/html.hpp"

#include <cstdio>
#include <string>
#include <vector>

#include "germline_sections.hpp"
#include "html_sections.hpp"
#include "pedtx/match/tiering.hpp"
#include "pedtx/report/html_common.hpp"
#include "pedtx/util/text.hpp"

namespace pedtx {

using html_detail::esc;
using html_detail::format_number;

namespace {

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
table.pgx tr.pgx-action td{background:#fff4e5}
table.pgx tr.pgx-action td:first-child{border-left:6px solid var(--warn)}
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
    const Agency agency = input.agency.value_or(context.annotate.agency);
    fact(out, "Approvals counted for tier IA",
         agency == Agency::any ? std::string("FDA and EMA (--agency any)")
                               : esc(to_string(agency)) + " only (--agency " + esc(to_string(agency)) +
                                     "); the other agency's approvals are shown but give at most tier IIC");
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
<p>Each tumor allele is matched to the knowledge base by the protein change on the selected transcript (MANE Select first, then the canonical, then the first protein-coding transcript), by codon, codon range, exon and loss-of-function rules, and, when the input carries no consequence annotation, by genomic keys derived from the MANE Select transcripts. Evidence is tiered per item following AMP/ASCO/CAP 2017 for this patient's tumor type (OncoTree, including descendants and tumor-agnostic groups) and age (against the age bounds of the FDA and EMA approvals the run counts); a sample coded with a broader type than the evidence's gets at most tier IIC, with a note; a finding takes the best tier of its evidence. Resistance evidence is linked to the sensitivity evidence it undercuts; resistance found in the same gene and tumor type lowers that sensitivity (clinical resistance evidence to IID, not recommended; preclinical to IIC), with the reason. Fusion partners and their 5'/3' order come from the breakend orientation and the genes' strands (or the fusion caller's table), with the breakpoint exon or intron on the MANE Select transcript; amplification and homozygous deletion are called from copy-number segments or gene-level calls at the thresholds listed above.</p>
<h3>Limitations</h3>
<ul>
<li>Gene fusions are read from structural-variant breakends and from the RNA fusion table given with the sample, copy number from symbolic records and the copy-number file given with it: when an input was not given, the absence of a fusion or copy-number finding says nothing about the tumor.</li>
<li>Only alterations in knowledge-base genes are reported; a variant outside them, or a change the knowledge base does not list, is not assessed.</li>
<li>Germline and somatic origin are not distinguished; VAF and depth are as the variant caller wrote them.</li>
<li>Approvals, ages and trial statuses are those of the knowledge-base release above; check the current label and trial registry.</li>
)HTML";
    // TMB and MSI are read when given (or, for TMB, estimated); say so only when they were not.
    if (!result.biomarkers.tmb)
        out += "<li>No TMB was given (--tmb, or the sample sheet's tmb column) or estimated (--tmb-territory-mb): the "
               "absence of a TMB-high finding says nothing about the tumor.</li>\n";
    else if (result.biomarkers.tmb->source == "estimated")
        out += "<li>TMB is estimated from the VCF's SNVs and indels over the stated territory, not measured by a "
               "validated panel assay; confirm a TMB-high call with the lab's own TMB.</li>\n";
    if (result.biomarkers.msi == MsiStatus::not_given)
        out += "<li>No MSI / MMR status was given (--msi, or the sample sheet's msi column): the absence of an "
               "MSI-high finding says nothing about the tumor.</li>\n";
    out += "</ul>\n</section>\n";
}

}  // namespace

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

    // Germline pharmacogenomics first: a dose decision the prescriber must see before therapy options.
    out += germline_report::pharmacogenomics_html(result.germline);
    html_detail::render_summary(out, result);

    const std::string sample_tumor_type = input.tumor_type;
    std::size_t number = 0;
    for (const auto& tier : kTierDescriptions) {
        std::vector<const Finding*> in_tier;
        for (const auto& finding : result.findings)
            if (finding.tier == tier.tier) in_tier.push_back(&finding);
        const bool collapsed = tier.tier == Tier::III;
        out += "<section class=\"tier-section " + std::string(in_tier.empty() ? "empty" : "has-findings") +
               "\" id=\"tier-" + std::string(to_string(tier.tier)) + "\">\n";
        out += "<h2>" + tier_badge(tier.tier, "Tier ") + " " + tier.significance + "</h2>\n";
        if (in_tier.empty()) {
            out += "<p>No finding in tier " + std::string(to_string(tier.tier)) + ".</p>\n</section>\n";
            continue;
        }
        out += "<p class=\"small\">" + std::string(tier.meaning) + ".</p>\n";
        if (collapsed)
            out += "<details><summary>" + std::to_string(in_tier.size()) + " finding" +
                   (in_tier.size() == 1 ? "" : "s") + " of unknown significance (select to show)</summary>\n";
        for (const Finding* finding : in_tier)
            html_detail::render_finding(out, *finding, ++number, kb, sample_tumor_type);
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
