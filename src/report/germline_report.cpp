// The germline (pharmacogenomics) parts of the per-sample JSON, TSV and HTML reports: diplotype,
// CPIC phenotype, function, recommendations with their guideline, the positions tested and those
// not called, and the notes (phase ambiguity, the limits of a targeted test).
#include "germline_sections.hpp"

#include <cmath>

#include "pedtx/report/html_common.hpp"
#include "pedtx/util/text.hpp"

namespace pedtx::germline_report {

using ojson = nlohmann::ordered_json;

namespace {

ojson guideline_json(const PgxGuideline& g) {
    return {{"name", g.name}, {"year", g.year}, {"pmid", g.pmid}};
}

std::string recommendation_text(const PgxGeneResult& gene) {
    std::vector<std::string> parts;
    for (const auto& r : gene.recommendations) parts.push_back(join(r.drugs, ", ") + ": " + r.text);
    return join(parts, " | ");
}

std::string tsv_clean(std::string value) {
    for (char& c : value)
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    return value;
}

std::string phenotype_words(const std::string& phenotype) {
    std::string out = phenotype;
    for (char& c : out)
        if (c == '_') c = ' ';
    return out;
}

}  // namespace

ojson germline_json(const GermlineResult& g) {
    ojson doc;
    doc["status"] = g.assessed ? "assessed" : "not assessed";
    doc["source"] = g.source.empty() ? ojson(nullptr) : ojson(g.source);
    doc["not_assessed_reason"] = g.assessed ? ojson(nullptr) : ojson(g.not_assessed_reason);
    doc["sex"] = to_string(g.sex);
    doc["sex_source"] = g.sex_source.empty() ? ojson(nullptr) : ojson(g.sex_source);
    doc["notes"] = g.notes;
    ojson predisposition = ojson::array();
    for (const auto& p : g.predisposition)
        predisposition.push_back({{"gene", p.gene},
                                  {"syndrome", p.syndrome},
                                  {"variant", p.variant},
                                  {"hgvsc", p.hgvsc.empty() ? ojson(nullptr) : ojson(p.hgvsc)},
                                  {"hgvsp", p.hgvsp.empty() ? ojson(nullptr) : ojson(p.hgvsp)},
                                  {"consequence", p.consequence.empty() ? ojson(nullptr) : ojson(p.consequence)},
                                  {"zygosity", p.zygosity.empty() ? ojson(nullptr) : ojson(p.zygosity)},
                                  {"origin", p.origin},
                                  {"tumor_vaf", p.vaf < 0 ? ojson(nullptr) : ojson(std::round(p.vaf * 1e4) / 1e4)},
                                  {"action", p.action},
                                  {"source", p.source},
                                  {"surveillance", p.surveillance}});
    doc["predisposition"] = std::move(predisposition);
    doc["predisposition_notes"] = g.predisposition_notes;
    return doc;
}

ojson pharmacogenomics_json(const GermlineResult& g) {
    ojson list = ojson::array();
    for (const auto& gene : g.pharmacogenomics) {
        ojson recs = ojson::array();
        for (const auto& r : gene.recommendations)
            recs.push_back({{"drugs", r.drugs},
                            {"recommendation", r.text},
                            {"strength", r.strength},
                            {"guideline", guideline_json(r.guideline)},
                            {"source", r.source}});
        list.push_back({{"gene", gene.gene},
                        {"diplotype", gene.diplotype},
                        {"phenotype", gene.phenotype},
                        {"function", gene.function},
                        {"drugs", gene.drugs},
                        {"recommendation", recommendation_text(gene)},
                        {"recommendations", std::move(recs)},
                        {"guideline", guideline_json(gene.guideline)},
                        {"alleles_tested", gene.alleles_tested},
                        {"positions_tested", gene.positions_tested},
                        {"positions_not_called", gene.positions_not_called},
                        {"notes", gene.notes}});
    }
    return list;
}

std::string predisposition_tsv(const GermlineResult& g) {
    std::string out;
    for (const auto& p : g.predisposition)
        out += "# germline_predisposition\t" + tsv_clean(p.gene) + "\t" + tsv_clean(p.variant) + "\t" +
               tsv_clean(p.hgvsc) + "\t" + tsv_clean(p.hgvsp) + "\t" + tsv_clean(p.consequence) + "\t" +
               tsv_clean(p.zygosity) + "\t" + p.origin + "\t" + tsv_clean(p.action) + "\t" + tsv_clean(p.source) +
               "\t" + tsv_clean(p.surveillance) + "\n";
    for (const auto& note : g.predisposition_notes) out += "# germline_note\t" + tsv_clean(note) + "\n";
    return out;
}

std::string pharmacogenomics_tsv(const SampleResult& result) {
    const GermlineResult& g = result.germline;
    if (!g.assessed)
        return "# pharmacogenomics: not assessed (" + tsv_clean(g.not_assessed_reason) + ")\n" + predisposition_tsv(g);
    std::string out =
        "# pharmacogenomics: germline from " + tsv_clean(g.source) + "; sex " + std::string(to_string(g.sex)) + "\n";
    out +=
        "# pharmacogenomics\tgene\tdiplotype\tphenotype\tfunction\tdrugs\trecommendation\tstrength\tguideline\tyear\t"
        "pmid\talleles_tested\tpositions_not_called\tnotes\n";
    for (const auto& gene : g.pharmacogenomics) {
        const std::string head = "# pharmacogenomics\t" + tsv_clean(gene.gene) + "\t" + tsv_clean(gene.diplotype) +
                                 "\t" + gene.phenotype + "\t" + tsv_clean(gene.function) + "\t";
        const std::string tail = "\t" + tsv_clean(join(gene.alleles_tested, "; ")) + "\t" +
                                 tsv_clean(join(gene.positions_not_called, "; ")) + "\t" +
                                 tsv_clean(join(gene.notes, " ")) + "\n";
        if (gene.recommendations.empty()) out += head + tsv_clean(join(gene.drugs, ",")) + "\t\t\t\t\t" + tail;
        for (const auto& r : gene.recommendations)
            out += head + tsv_clean(join(r.drugs, ",")) + "\t" + tsv_clean(r.text) + "\t" + r.strength + "\t" +
                   tsv_clean(r.guideline.name) + "\t" + std::to_string(r.guideline.year) + "\t" + r.guideline.pmid +
                   tail;
    }
    return out + predisposition_tsv(g);
}

std::string predisposition_html(const GermlineResult& g) {
    if (g.predisposition.empty() && g.predisposition_notes.empty()) return {};
    std::string out =
        "<section id=\"germline-predisposition\">\n<h2>Cancer predisposition (germline; no drug of its own)</h2>\n<ul "
        "class=\"lines\">\n";
    for (const auto& p : g.predisposition) {
        out += "<li class=\"warning\"><strong>" + html_escape(p.gene) + "</strong> <span class=\"mono\">" +
               html_escape(p.variant) + "</span>";
        if (!p.hgvsc.empty() || !p.hgvsp.empty()) out += " " + html_escape(p.hgvsc) + " " + html_escape(p.hgvsp);
        if (!p.consequence.empty()) out += " (" + html_escape(p.consequence) + ")";
        if (!p.zygosity.empty()) out += ", " + html_escape(p.zygosity);
        out += ": <strong>" + html_escape(p.action) +
               "</strong>.<br><span class=\"small\">Syndrome: " + html_escape(p.syndrome) +
               ". Source: " + html_escape(p.source) + ". Surveillance: " + html_escape(p.surveillance) +
               ".</span></li>\n";
    }
    for (const auto& note : g.predisposition_notes) out += "<li>" + html_escape(note) + "</li>\n";
    out += "</ul>\n</section>\n";
    return out;
}

std::string pharmacogenomics_html(const GermlineResult& g) {
    std::string out = "<section id=\"pharmacogenomics\">\n<h2>Germline pharmacogenomics (for the prescriber)</h2>\n";
    if (!g.assessed) {
        out += "<p><strong>Not assessed</strong>: " + html_escape(g.not_assessed_reason) +
               ". TPMT / NUDT15 (thiopurines) and G6PD (rasburicase) status is unknown from this report.</p>\n"
               "</section>\n";
        return out + predisposition_html(g);
    }
    out += "<p class=\"small\">Germline genotypes from " + html_escape(g.source) + "; sex " +
           html_escape(to_string(g.sex)) + " (" + html_escape(g.sex_source) + ").</p>\n";
    out +=
        "<table class=\"pgx\">\n<thead><tr><th>Gene</th><th>Diplotype</th><th>Phenotype</th><th>Drug: "
        "recommendation</th><th>Guideline</th></tr></thead>\n<tbody>\n";
    for (const auto& gene : g.pharmacogenomics) {
        out += std::string("<tr") + (gene.actionable ? " class=\"pgx-action\"" : "") + "><td><strong>" +
               html_escape(gene.gene) + "</strong></td><td class=\"mono\">" + html_escape(gene.diplotype) +
               "</td><td><strong>" + html_escape(phenotype_words(gene.phenotype)) +
               "</strong><br><span class=\"small\">" + html_escape(gene.function) + "</span></td><td><ul>";
        for (const auto& r : gene.recommendations)
            out += "<li><strong>" + html_escape(join(r.drugs, ", ")) + "</strong>: " + html_escape(r.text) +
                   " <span class=\"small\">(" + html_escape(r.strength) + ")</span></li>";
        out += "</ul></td><td class=\"small\">" + html_escape(gene.guideline.name) + " (" +
               std::to_string(gene.guideline.year) + "), PMID " + html_escape(gene.guideline.pmid) + "</td></tr>\n";
    }
    out += "</tbody>\n</table>\n";
    for (const auto& gene : g.pharmacogenomics) {
        out += "<details><summary>" + html_escape(gene.gene) + ": " + std::to_string(gene.positions_tested.size()) +
               " positions tested, " + std::to_string(gene.positions_not_called.size()) +
               " not called</summary>\n<ul class=\"small\">";
        for (const auto& note : gene.notes) out += "<li>" + html_escape(note) + "</li>";
        out += "<li>Alleles tested: " + html_escape(join(gene.alleles_tested, "; ")) + "</li>";
        for (const auto& p : gene.positions_tested) out += "<li class=\"mono\">" + html_escape(p) + "</li>";
        out += "</ul></details>\n";
    }
    for (const auto& note : g.notes) out += "<p class=\"small\">" + html_escape(note) + "</p>\n";
    out += "</section>\n";
    return out + predisposition_html(g);
}

}  // namespace pedtx::germline_report
