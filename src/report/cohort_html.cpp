// The cohort overview. Like the per-sample report it is built by string appends in a fixed
// order: numbers are integers or integer tenths (no locale, no float formatting), sorts have
// a total order, and strings from reports pass through html_escape() once where they enter.
#include "pedtx/report/cohort_html.hpp"

#include <algorithm>
#include <numeric>
#include <optional>
#include <string_view>
#include <vector>

#include "pedtx/match/tiering.hpp"
#include "pedtx/report/html_common.hpp"

namespace pedtx {

namespace {

// Oncoprint geometry (px): row pitch, and the band each row's cells sit in.
constexpr int kRowPitch = 18;
constexpr int kBandTop = 2;
constexpr int kBandHeight = 14;
constexpr int kTierTwoTop = 5;  // tier II glyphs are shorter than tier I, so height tells them apart too
constexpr int kTierTwoHeight = 8;
// Row labels: alteration name (shortened to kRowLabelChars), then "count (share)" in the last
// kRowCountWidth px.
constexpr int kRowLabelWidth = 300;
constexpr int kRowCountWidth = 80;
constexpr std::size_t kRowLabelChars = 30;
constexpr int kRowBaseline = 13;
// Column pitch: wide enough for a rotated sample id up to kLabelledColumnsMax samples, then
// narrower so that 1,000 samples stay a 5,000 px scroll.
constexpr int kLabelledPitch = 14;
constexpr int kMediumPitch = 8;
constexpr std::size_t kMediumColumnsMax = 200;
constexpr int kNarrowPitch = 5;
// Column labels (sample ids, 10 px, rotated): at most this many characters, about this wide each.
constexpr std::size_t kColumnLabelChars = 16;
constexpr int kColumnLabelCharWidth = 6;
// Up to this many samples the columns are wide enough to carry the sample ids.
constexpr std::size_t kLabelledColumnsMax = 50;
// Bar charts: label column, longest bar, row pitch.
constexpr int kChartLabelWidth = 150;
constexpr int kChartBarWidth = 250;
constexpr int kChartRowPitch = 20;
constexpr int kChartCountWidth = 100;
constexpr std::size_t kChartLabelChars = 26;

std::string esc(std::string_view text) {
    return html_escape(text);
}

// "12.5%" in integer tenths of a percent.
std::string percent(long part, long whole) {
    if (whole <= 0) return "0.0%";
    const long tenths = (part * 1000 + whole / 2) / whole;
    return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + "%";
}

std::string plural(long count, std::string_view one, std::string_view many) {
    return std::to_string(count) + " " + std::string(count == 1 ? one : many);
}

// At most max_chars characters (UTF-8 code points), with an ellipsis when shortened.
std::string shorten(std::string_view text, std::size_t max_chars) {
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;  // continuation byte
        if (++chars == max_chars) {
            std::size_t end = i + 1;
            while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
            if (end == text.size()) return std::string(text);
            return std::string(text.substr(0, i)) + "\xE2\x80\xA6";  // U+2026
        }
    }
    return std::string(text);
}

// The sample's findings in the tiers `in_group` selects.
template <typename TierGroup>
int tier_count(const CohortSampleTally& sample, TierGroup in_group) {
    int n = 0;
    for (const auto& [tier, count] : sample.findings_per_tier)
        if (in_group(tier)) n += count;
    return n;
}

// The sample's best tier over all findings (nullopt without findings).
std::optional<Tier> best_tier(const CohortSampleTally& sample) {
    std::optional<Tier> best;
    for (const auto& [tier, count] : sample.findings_per_tier)
        if (count > 0) best = best ? better_tier(*best, tier) : tier;
    return best;
}

// A sample's report link: percent-encoded, then escaped (a no-op on the encoded form, kept
// so that every attribute value goes through the one escape).
std::string report_anchor(const CohortMember& member, const std::string& label_html) {
    if (member.link.empty()) return label_html;
    return "<a href=\"" + esc(percent_encode_path(member.link)) + "\">" + label_html + "</a>";
}

std::string style_sheet() {
    std::string css(html_base_css());
    css += R"CSS(a.skip{margin-right:1rem}
nav.sections{margin:.6rem 0 0;font-size:.9rem}
p.headline{font-size:1.15rem;margin:.4rem 0 .8rem}
table{border-collapse:collapse;margin:.5rem 0;font-size:.88rem}
thead{display:table-header-group}
th,td{text-align:left;vertical-align:top;padding:.25rem .45rem;border-bottom:1px solid var(--rule)}
thead th{background:var(--tint);border-bottom:2px solid var(--ink)}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
tr{break-inside:avoid}
table.samples{width:100%}
table.samples th,table.samples td.id,table.samples td.nowrap{white-space:nowrap}
table.samples td.long-id{overflow-wrap:anywhere}
tr.failed td{background:#fdf1ea}
.status-failed{color:#8a2f00;font-weight:700}
.small{font-size:.9em;color:var(--muted)}
.error{overflow-wrap:anywhere}
.oncoprint{display:flex;align-items:flex-start;margin:.6rem 0;border:1px solid var(--rule);padding:6px 0}
.oncoprint svg.rows{flex:none}
.oncoprint .scroll{flex:1 1 auto;min-width:0;overflow-x:auto;overflow-y:hidden}
.oncoprint svg.grid{display:block}
svg text{font:12px system-ui,"Segoe UI",Roboto,"Liberation Sans",Arial,sans-serif;fill:var(--ink)}
svg text.count{fill:var(--muted)}
svg text.column{font-size:10px}
svg .band{fill:#ececec}
svg .t-IA{fill:var(--ia)}
svg .t-IB{fill:url(#hatch-IB)}
svg .t-IIC{fill:var(--iic)}
svg .t-IID{fill:url(#hatch-IID)}
svg .f-IB{fill:var(--ib)}
svg .f-IID{fill:var(--iid)}
svg .bar{fill:#4d4d4d}
svg.defs{position:absolute;width:0;height:0;overflow:hidden}
ul.key{list-style:none;padding:0;margin:.4rem 0;display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;font-size:.88rem}
ul.key li{display:flex;align-items:center;gap:.35rem}
.charts{display:flex;flex-wrap:wrap;gap:1rem 2rem}
figure{margin:.4rem 0;break-inside:avoid}
figure svg{max-width:100%;height:auto}
figcaption{font-weight:600;margin:.2rem 0 .3rem}
footer{margin-top:2rem;border-top:3px solid var(--ink);padding-top:.6rem}
@media screen and (max-width:760px){dl.facts{grid-template-columns:max-content minmax(0,1fr)}}
@page{margin:15mm 12mm 17mm 12mm;@bottom-left{content:"pedtx cohort overview";font:8pt sans-serif;color:#444}@bottom-right{content:"page " counter(page) " of " counter(pages);font:8pt sans-serif;color:#444}}
@media print{
body{font-size:9pt}
table{font-size:8.5pt}
th,td{padding:.15rem .3rem}
h2{margin-top:.8rem;break-after:avoid}
.page{max-width:none;padding:0}
nav.sections,footer .provenance{display:none}
.oncoprint .scroll{overflow:visible}
.oncoprint,ul.key{break-inside:avoid;break-before:avoid}
.screen-only{display:none}
.oncoprint svg.grid{max-width:100%}
#samples{break-before:page}
a{color:inherit;text-decoration:none}
footer{margin-top:.6rem;padding-top:.3rem}
}
)CSS";
    return css;
}

// Hatch patterns for IB and IID (grayscale tells them from IA and IIC), defined once for
// every SVG of the page.
constexpr const char* kPatternDefs =
    "<svg class=\"defs\" aria-hidden=\"true\" focusable=\"false\"><defs>"
    "<pattern id=\"hatch-IB\" width=\"4\" height=\"4\" patternUnits=\"userSpaceOnUse\" "
    "patternTransform=\"rotate(45)\"><rect width=\"4\" height=\"4\" class=\"f-IB\"/>"
    "<rect width=\"1.4\" height=\"4\" fill=\"#fff\"/></pattern>"
    "<pattern id=\"hatch-IID\" width=\"4\" height=\"4\" patternUnits=\"userSpaceOnUse\" "
    "patternTransform=\"rotate(45)\"><rect width=\"4\" height=\"4\" class=\"f-IID\"/>"
    "<rect width=\"1.4\" height=\"4\" fill=\"#fff\"/></pattern></defs></svg>\n";

// One grid cell glyph: tier I fills the band, tier II is a shorter bar; IB and IID are hatched.
std::string glyph(Tier tier, int x, int row_top, int width, const std::string& title_html) {
    const bool tier_one = is_tier_one(tier);
    const int y = row_top + (tier_one ? kBandTop : kTierTwoTop);
    const int height = tier_one ? kBandHeight : kTierTwoHeight;
    std::string out = "<rect class=\"t-" + esc(to_string(tier)) + "\" x=\"" + std::to_string(x) + "\" y=\"" +
                      std::to_string(y) + "\" width=\"" + std::to_string(width) + "\" height=\"" +
                      std::to_string(height) + "\"";
    if (title_html.empty()) return out + "/>";
    return out + "><title>" + title_html + "</title></rect>";
}

// The grid's key: a band with the tier's glyph on it, or the empty band without a tier.
std::string key_swatch(std::optional<Tier> tier) {
    std::string out = "<svg width=\"10\" height=\"" + std::to_string(kRowPitch) +
                      "\" aria-hidden=\"true\"><rect class=\"band\" x=\"0\" y=\"" + std::to_string(kBandTop) +
                      "\" width=\"10\" height=\"" + std::to_string(kBandHeight) + "\"/>";
    if (tier) out += glyph(*tier, 0, 0, 10, "");
    return out + "</svg>";
}

void render_header(std::string& out, const CohortInputs& cohort, const CohortTally& tally,
                   const CohortHtmlContext& context) {
    const long reported = static_cast<long>(tally.samples.size());
    const long failed = std::count_if(cohort.members.begin(), cohort.members.end(),
                                      [](const CohortMember& member) { return member.report < 0; });
    out += "<header class=\"report-header\">\n<div class=\"kicker\">pedtx cohort overview</div>\n";
    out += "<h1>Cohort of " + plural(reported + failed, "sample", "samples") + "</h1>\n<dl class=\"facts\">\n";
    fact(out, "Samples",
         std::to_string(reported) + " reported, " + std::to_string(failed) + " failed" +
             (failed > 0 ? " (listed in the sample table with the reason)" : ""));
    std::string types;
    std::size_t shown = 0;
    for (const auto& [code, count] : tally.tumor_types) {
        if (shown++ == 12) {
            types += ", " + std::to_string(tally.tumor_types.size() - 12) + " more";
            break;
        }
        types += (types.empty() ? "" : ", ") + esc(code) + " " + std::to_string(count);
    }
    fact(out, "Tumor types", types.empty() ? "&#8212;" : types);
    fact(out, "pedtx version", esc(context.tool_version));
    std::string kbs;
    for (const auto& label : tally.knowledge_bases) kbs += (kbs.empty() ? "" : "<br>") + esc(label);
    fact(out, tally.knowledge_bases.size() > 1 ? "Knowledge bases (mixed)" : "Knowledge base",
         kbs.empty() ? "&#8212;" : "<span class=\"small\">" + kbs + "</span>");
    fact(out, "Report date",
         context.generated_at.empty() ? "date omitted (--no-timestamp)" : esc(context.generated_at));
    out +=
        "</dl>\n<p class=\"notice\"><strong>Decision support only.</strong> This overview supports, and does not "
        "replace, clinical judgement: it counts what each sample's report found; check every finding, drug, dose "
        "and age limit in that report, against the current label and the patient.</p>\n";
    out +=
        "<nav class=\"sections\"><a class=\"skip\" href=\"#summary\">Summary</a><a class=\"skip\" "
        "href=\"#oncoprint\">Alterations by sample</a><a class=\"skip\" href=\"#frequent\">Genes and drugs</a>"
        "<a class=\"skip\" href=\"#samples\">Samples</a></nav>\n</header>\n";
}

void render_summary(std::string& out, const CohortTally& tally) {
    const long reported = static_cast<long>(tally.samples.size());
    out += "<section id=\"summary\">\n<h2>Summary</h2>\n<p class=\"headline\">";
    if (reported == 0) {
        out += "No sample was reported.</p>\n";
    } else {
        out += "<strong>" + std::to_string(tally.samples_with_tier_one_or_two) + " of " +
               plural(reported, "reported sample", "reported samples") + " (" +
               percent(tally.samples_with_tier_one_or_two, reported) +
               ")</strong> have at least one tier I or II finding (IA, IB, IIC or IID).</p>\n";
    }
    out +=
        "<table class=\"tiers\"><thead><tr><th>Tier</th><th>Meaning</th><th class=\"num\">Findings"
        "</th><th class=\"num\">Samples with this best tier</th></tr></thead><tbody>\n";
    long without_findings = reported;
    for (const auto& tier : kTierDescriptions) {
        long findings = 0, samples = 0;
        for (const auto& sample : tally.samples) {
            findings += tier_count(sample, [&](Tier t) { return t == tier.tier; });
            if (best_tier(sample) == tier.tier) ++samples;
        }
        without_findings -= samples;
        out += "<tr><td>" + tier_badge(tier.tier) + "</td><td>" + tier.significance + ": " + tier.meaning +
               "</td><td class=\"num\">" + std::to_string(findings) + "</td><td class=\"num\">" +
               std::to_string(samples) + "</td></tr>\n";
    }
    out += "<tr><td>&#8212;</td><td>no finding in a knowledge-base gene</td><td class=\"num\"></td><td class=\"num\">" +
           std::to_string(without_findings) + "</td></tr>\n</tbody></table>\n</section>\n";
}

void render_oncoprint(std::string& out, const CohortTally& tally) {
    out += "<section id=\"oncoprint\">\n<h2>Actionable alterations by sample</h2>\n";
    const std::size_t n = tally.samples.size();
    if (n == 0 || tally.alterations.empty()) {
        out += "<p>No tier I or II finding in any reported sample: nothing to draw.</p>\n</section>\n";
        return;
    }
    const std::size_t rows = std::min(tally.alterations.size(), kCohortOncoprintRows);
    const std::size_t left_out = tally.alterations.size() - rows;

    // Columns oncoprint-style: samples with the first row's alteration first, then the second
    // row's, ... then by sample id (and input position, should two ids be equal).
    std::vector<std::size_t> columns(n);
    std::iota(columns.begin(), columns.end(), std::size_t{0});
    std::vector<std::vector<const Tier*>> cells(n, std::vector<const Tier*>(rows, nullptr));
    for (std::size_t s = 0; s < n; ++s)
        for (std::size_t r = 0; r < rows; ++r) {
            const auto it = tally.samples[s].best_tier.find(tally.alterations[r].first);
            if (it != tally.samples[s].best_tier.end()) cells[s][r] = &it->second;
        }
    std::sort(columns.begin(), columns.end(), [&](std::size_t a, std::size_t b) {
        for (std::size_t r = 0; r < rows; ++r) {
            const bool in_a = cells[a][r] != nullptr, in_b = cells[b][r] != nullptr;
            if (in_a != in_b) return in_a;
        }
        if (tally.samples[a].sample_id != tally.samples[b].sample_id)
            return tally.samples[a].sample_id < tally.samples[b].sample_id;
        return a < b;
    });

    const bool labelled = n <= kLabelledColumnsMax;
    const int pitch = labelled ? kLabelledPitch : n <= kMediumColumnsMax ? kMediumPitch : kNarrowPitch;
    const int cell_width = pitch - 1;
    const int grid_width = static_cast<int>(n) * pitch;
    const int rows_height = static_cast<int>(rows) * kRowPitch;
    std::size_t longest_label = 0;
    for (const auto& sample : tally.samples)
        longest_label = std::max(longest_label, std::min(sample.sample_id.size(), kColumnLabelChars));
    const int label_height = labelled ? 8 + kColumnLabelCharWidth * static_cast<int>(longest_label) : 0;
    const int grid_height = rows_height + label_height;

    out +=
        "<p class=\"small\">Rows: alterations with a tier I or II finding (IA, IB, IIC or IID) in at least one "
        "sample, most frequent first, with the number of samples; tier III variants (unknown significance) are "
        "not drawn. Columns: the " +
        plural(static_cast<long>(n), "reported sample", "reported samples") +
        ", sorted by the rows in order, then by sample id; failed samples have no column. Each cell shows the "
        "sample's best tier for that alteration; hover over a cell for the sample and the alteration.";
    if (left_out > 0)
        out += " <strong>The " + std::to_string(rows) + " most frequent of " +
               std::to_string(tally.alterations.size()) + " alterations are shown; " +
               plural(static_cast<long>(left_out), "alteration is", "alterations are") +
               " left out</strong> (every alteration is in cohort_matrix.tsv).";
    if (!labelled) out += " <span class=\"screen-only\">Scroll sideways to see every sample.</span>";
    out += "</p>\n<ul class=\"key\">";
    for (const Tier tier : kTiers)
        if (is_clinically_significant(tier)) out += "<li>" + key_swatch(tier) + tier_badge(tier) + "</li>";
    out += "<li>" + key_swatch(std::nullopt) + "no tier I/II finding</li></ul>\n";

    // Row labels, in their own SVG so that they stay in view while the grid scrolls.
    out += "<div class=\"oncoprint\">\n<svg class=\"rows\" width=\"" + std::to_string(kRowLabelWidth) + "\" height=\"" +
           std::to_string(rows_height) + "\" viewBox=\"0 0 " + std::to_string(kRowLabelWidth) + " " +
           std::to_string(rows_height) + "\" role=\"img\" aria-label=\"alterations\">\n";
    for (std::size_t r = 0; r < rows; ++r) {
        const auto& [name, count] = tally.alterations[r];
        const int baseline = static_cast<int>(r) * kRowPitch + kRowBaseline;
        out += "<g><title>" + esc(name) + ": " + plural(count, "sample", "samples") + " (" +
               percent(count, static_cast<long>(n)) + ")</title><text x=\"" +
               std::to_string(kRowLabelWidth - kRowCountWidth - 2) + "\" y=\"" + std::to_string(baseline) +
               "\" text-anchor=\"end\">" + esc(shorten(name, kRowLabelChars)) + "</text><text class=\"count\" x=\"" +
               std::to_string(kRowLabelWidth - kRowCountWidth + 4) + "\" y=\"" + std::to_string(baseline) + "\">" +
               std::to_string(count) + " (" + percent(count, static_cast<long>(n)) + ")</text></g>\n";
    }
    out += "</svg>\n<div class=\"scroll\">\n";
    // preserveAspectRatio none: printed, the grid narrows to the page while its rows keep
    // the height of the labels beside them.
    out += "<svg class=\"grid\" width=\"" + std::to_string(grid_width) + "\" height=\"" + std::to_string(grid_height) +
           "\" viewBox=\"0 0 " + std::to_string(grid_width) + " " + std::to_string(grid_height) +
           "\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"samples by alteration, coloured by tier\">\n";
    for (std::size_t r = 0; r < rows; ++r)
        out += "<rect class=\"band\" x=\"0\" y=\"" + std::to_string(static_cast<int>(r) * kRowPitch + kBandTop) +
               "\" width=\"" + std::to_string(grid_width) + "\" height=\"" + std::to_string(kBandHeight) + "\"/>\n";
    for (std::size_t c = 0; c < n; ++c) {
        const std::size_t s = columns[c];
        const std::string id = esc(tally.samples[s].sample_id);
        const int x = static_cast<int>(c) * pitch;
        for (std::size_t r = 0; r < rows; ++r) {
            if (!cells[s][r]) continue;
            const Tier tier = *cells[s][r];
            out += glyph(tier, x, static_cast<int>(r) * kRowPitch, cell_width,
                         id + " &#183; " + esc(tally.alterations[r].first) + " &#183; tier " + esc(to_string(tier))) +
                   "\n";
        }
        if (labelled)
            out += "<text class=\"column\" transform=\"translate(" + std::to_string(x + pitch / 2 + 3) + " " +
                   std::to_string(rows_height + 4) + ") rotate(-90)\" text-anchor=\"end\">" +
                   esc(shorten(tally.samples[s].sample_id, kColumnLabelChars)) + "</text>\n";
    }
    out += "</svg>\n</div>\n</div>\n</section>\n";
}

// Horizontal bars, most frequent first: label, bar, count and share of reported samples.
void render_bar_chart(std::string& out, const CohortCounts& counts, long samples, const std::string& caption_html,
                      std::string_view what) {
    out += "<figure>\n<figcaption>" + caption_html;
    const std::size_t bars = std::min(counts.size(), kCohortChartBars);
    if (counts.size() > bars)
        out +=
            " <span class=\"small\">(top " + std::to_string(bars) + " of " + std::to_string(counts.size()) + ")</span>";
    out += "</figcaption>\n";
    if (bars == 0) {
        out += "<p>None in this cohort.</p>\n</figure>\n";
        return;
    }
    const int width = kChartLabelWidth + kChartBarWidth + kChartCountWidth;
    const int height = static_cast<int>(bars) * kChartRowPitch + 4;
    out += "<svg width=\"" + std::to_string(width) + "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " +
           std::to_string(width) + " " + std::to_string(height) + "\" role=\"img\" aria-label=\"" + esc(what) + "\">\n";
    const long most = counts.front().second;
    for (std::size_t i = 0; i < bars; ++i) {
        const auto& [name, count] = counts[i];
        const int top = static_cast<int>(i) * kChartRowPitch + 2;
        const long length = std::max(1L, count * kChartBarWidth / std::max(1L, most));
        out += "<g><title>" + esc(name) + ": " + plural(count, "sample", "samples") + " (" + percent(count, samples) +
               ")</title><text x=\"" + std::to_string(kChartLabelWidth - 6) + "\" y=\"" + std::to_string(top + 12) +
               "\" text-anchor=\"end\">" + esc(shorten(name, kChartLabelChars)) + "</text><rect class=\"bar\" x=\"" +
               std::to_string(kChartLabelWidth) + "\" y=\"" + std::to_string(top) + "\" width=\"" +
               std::to_string(length) + "\" height=\"14\"/><text class=\"count\" x=\"" +
               std::to_string(kChartLabelWidth + length + 5) + "\" y=\"" + std::to_string(top + 12) + "\">" +
               std::to_string(count) + " (" + percent(count, samples) + ")</text></g>\n";
    }
    out += "</svg>\n</figure>\n";
}

void render_frequent(std::string& out, const CohortTally& tally) {
    const long n = static_cast<long>(tally.samples.size());
    out +=
        "<section id=\"frequent\">\n<h2>Most frequent actionable genes and drugs</h2>\n<p class=\"small\">Number of "
        "reported samples (and share of them) with a tier I or II finding in the gene, and with sensitive tier I "
        "or II evidence for the drug.</p>\n<div class=\"charts\">\n";
    render_bar_chart(out, tally.genes, n, "Genes", "samples per gene");
    render_bar_chart(out, tally.drugs, n, "Drugs", "samples per drug");
    out += "</div>\n</section>\n";
}

void render_samples(std::string& out, const CohortInputs& cohort, const CohortTally& tally) {
    out +=
        "<section id=\"samples\">\n<h2>Samples</h2>\n<p class=\"small\">In cohort order. Each sample id links to "
        "its report (HTML, else JSON). Tier I: IA and IB findings; tier II: IIC and IID.</p>\n";
    out +=
        "<table class=\"samples\"><thead><tr><th>Sample</th><th>Status</th><th>Tumor type</th><th>Age</th>"
        "<th class=\"num\">Tier I</th><th class=\"num\">Tier II</th><th>Top finding</th></tr></thead><tbody>\n";
    for (const auto& member : cohort.members) {
        // Ids stay on one line (a printed id split over two lines reads as two); very long ones may wrap.
        const bool long_id = member.sample_id.size() > 32;
        const std::string id_cell = "<td class=\"id" + std::string(long_id ? " long-id" : "") + "\">" +
                                    report_anchor(member, esc(member.sample_id)) + "</td>";
        if (member.report < 0 || static_cast<std::size_t>(member.report) >= tally.samples.size()) {
            out += "<tr class=\"failed\">" + id_cell + "<td colspan=\"6\"><span class=\"status-failed\">" +
                   esc(to_string(member.status)) + "</span>";
            if (!member.error.empty()) out += " <span class=\"small error\">" + esc(member.error) + "</span>";
            out += "</td></tr>\n";
            continue;
        }
        const CohortSampleTally& sample = tally.samples[static_cast<std::size_t>(member.report)];
        std::string tumor = "&#8212;";
        if (!sample.tumor_type.empty()) {
            tumor = "<strong>" + esc(sample.tumor_type) + "</strong>";
            if (!sample.tumor_type_name.empty()) tumor += " " + esc(sample.tumor_type_name);
        }
        out += "<tr>" + id_cell + "<td>ok</td><td>" + tumor + "</td><td class=\"nowrap\">" +
               (sample.age_years ? esc(format_age(*sample.age_years)) : std::string("&#8212;")) +
               "</td><td class=\"num\">" + std::to_string(tier_count(sample, is_tier_one)) + "</td><td class=\"num\">" +
               std::to_string(tier_count(sample, is_tier_two)) + "</td><td class=\"nowrap\">" +
               (sample.top_finding.empty() ? std::string("&#8212;")
                                           : esc(sample.top_finding) + " &#8211; " + tier_badge(*sample.top_tier)) +
               "</td></tr>\n";
    }
    out += "</tbody></table>\n</section>\n";
}

}  // namespace

void write_cohort_folder(CohortInputs& cohort, const std::filesystem::path& out_dir, bool allow_mixed_kb,
                         const std::optional<CohortHtmlContext>& html) {
    CohortOutputs outputs = build_cohort(cohort.reports, cohort.failed, allow_mixed_kb);
    if (html) {
        link_reports_from(cohort, out_dir);
        outputs.html = render_cohort_html(cohort, *html);
    }
    write_cohort_outputs(out_dir, outputs);
}

std::string render_cohort_html(const CohortInputs& given, const CohortHtmlContext& context) {
    // Without members (a caller with reports and failed ids only): reports first, then the failed.
    const CohortTally tally = tally_cohort(given.reports);
    CohortInputs listed;
    if (given.members.empty()) {
        for (std::size_t i = 0; i < tally.samples.size(); ++i)
            listed.members.push_back(
                {tally.samples[i].sample_id, SampleRunStatus::ok, "", static_cast<int>(i), {}, ""});
        for (const auto& id : given.failed) listed.members.push_back({id, SampleRunStatus::failed, "", -1, {}, ""});
    }
    const CohortInputs& cohort = given.members.empty() ? listed : given;
    const long samples = static_cast<long>(cohort.members.size());
    std::string out;
    out.reserve(65536 + 600 * cohort.members.size());
    out += html_document_start("pedtx cohort overview: " + plural(samples, "sample", "samples"), context.tool_version);
    out += "<style>" + style_sheet() + "</style>\n</head>\n<body>\n" + kPatternDefs + "<div class=\"page\">\n";
    render_header(out, cohort, tally, context);
    out += "<main>\n";
    render_summary(out, tally);
    render_oncoprint(out, tally);
    render_frequent(out, tally);
    render_samples(out, cohort, tally);
    out +=
        "</main>\n<footer>\n<p><strong>This overview supports, and does not replace, clinical judgement.</strong> "
        "pedtx output is decision support for a molecular tumor board: every finding, drug, dose and age limit must "
        "be checked in the sample's report against the current label, the literature cited and the patient.</p>\n";
    std::string kbs;
    for (const auto& label : tally.knowledge_bases) kbs += (kbs.empty() ? "" : "; ") + esc(label);
    out += "<p class=\"small provenance\">pedtx " + esc(context.tool_version) + " &#183; knowledge base " +
           (kbs.empty() ? std::string("&#8212;") : kbs) + " &#183; " + plural(samples, "sample", "samples") +
           "</p>\n</footer>\n</div>\n</body>\n</html>\n";
    return out;
}

}  // namespace pedtx
