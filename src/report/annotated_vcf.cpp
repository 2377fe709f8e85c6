// The annotated VCF report.
#include "pedtx/report/annotated_vcf.hpp"

#include <algorithm>
#include <cstdio>
#include <initializer_list>
#include <set>

#include "pedtx/report/atomic_file.hpp"
#include "pedtx/util/text.hpp"

namespace pedtx {

namespace {

// VCF INFO strings may not hold ';', '=', ',' or white space; '|', '&' and ':' separate the
// PEDTX fields and lists. Percent-encode them (VCF 4.3 style), and '%' itself.
std::string info_escape(std::string_view text) {
    std::string out;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x21 || u == 0x7f || c == '%' || c == ';' || c == '=' || c == ',' || c == '|' || c == '&' || c == ':') {
            char buffer[4];
            std::snprintf(buffer, sizeof buffer, "%%%02X", static_cast<unsigned>(u));
            out += buffer;
        } else {
            out.push_back(c);
        }
    }
    return out;
}

// A ##key=value header line whose value starts with '<' is read as a structured line
// (##key=<ID=...>) and a '"' or '>' can end one: percent-encode those too.
std::string header_escape(std::string_view text) {
    std::string out;
    for (const char c : info_escape(text)) {
        if (c == '<' || c == '>' || c == '"')
            out += c == '<' ? "%3C" : c == '>' ? "%3E" : "%22";
        else
            out.push_back(c);
    }
    return out;
}

// "drug1+drug2:IA&drug3:IIC" for the evidence with these responses, best tier per drug set.
std::string drugs_with_tiers(const Finding& finding, std::initializer_list<Response> responses) {
    std::vector<std::string> entries;
    std::set<std::string> seen;
    for (const auto& match : finding.evidence) {  // evidence is sorted best tier first
        if (std::find(responses.begin(), responses.end(), match.item->response) == responses.end()) continue;
        const std::string drugs = join(match.item->drugs, "+");
        if (!seen.insert(drugs).second) continue;
        entries.push_back(info_escape(drugs) + ":" + info_escape(to_string(match.tier)));
    }
    return join(entries, "&");
}

}  // namespace

InfoAnnotation pedtx_info_annotation(const SampleResult& result) {
    InfoAnnotation annotation;
    annotation.id = "PEDTX";
    annotation.description =
        "pedtx findings for this allele: Allele|Gene|Alteration|Tier|Sensitive|Resistant|Evidence, where "
        "Sensitive lists drugs with sensitivity evidence and Resistant those with resistance or no-benefit "
        "evidence, as drug:tier (combinations joined by +, entries by &), and Evidence the knowledge-base ids "
        "(by &); decision support only, see the pedtx report";
    for (const auto& finding : result.findings) {
        if (finding.category != FindingCategory::mutation || finding.variant.chrom.empty()) continue;
        const Variant& v = finding.variant;
        std::vector<std::string> ids;
        for (const auto& match : finding.evidence) ids.push_back(info_escape(match.item->id));
        const std::string value =
            info_escape(v.alt) + "|" + info_escape(finding.gene) + "|" + info_escape(finding.alteration) + "|" +
            info_escape(to_string(finding.tier)) + "|" + drugs_with_tiers(finding, {Response::sensitive}) + "|" +
            drugs_with_tiers(finding, {Response::resistant, Response::not_effective}) + "|" + join(ids, "&");
        annotation.values[AlleleKey{v.chrom, v.pos, v.ref, v.alt}].push_back(value);
    }
    return annotation;
}

void write_annotated_vcf_file(const SampleResult& result, const Knowledgebase& kb, const ReportContext& context,
                              const std::filesystem::path& path, const std::atomic<bool>* stop_requested) {
    const auto& info = kb.info();
    std::vector<std::string> header = {
        "##pedtx_version=" + header_escape(context.tool_version),
        "##pedtx_knowledge_base=" + header_escape(info.name) + " " + header_escape(info.version) + " (sha256 " +
            info.sha256 + ")",
        "##pedtx_sample=" + header_escape(result.sample_id),
        "##pedtx_note=Decision support for a molecular tumor board; it does not replace clinical judgement"};
    if (!context.generated_at.empty()) header.push_back("##pedtx_date=" + context.generated_at);
    write_annotated_vcf(result.input.vcf, path, header, pedtx_info_annotation(result), stop_requested);
}

void write_annotated_vcf_report(const SampleResult& result, const Knowledgebase& kb, const ReportContext& context,
                                const std::filesystem::path& path) {
    write_atomically(path, [&](const std::filesystem::path& temporary) {
        write_annotated_vcf_file(result, kb, context, temporary);
    });
}

}  // namespace pedtx
