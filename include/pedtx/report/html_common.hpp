// What the two HTML reports share (the per-sample tumor-board report, html.hpp, and the
// cohort overview, cohort_html.hpp): escaping, the document head with its Content-Security-Policy,
// the tier palette and base style sheet, tier badges and descriptions, and link encoding.
// Kept in one place so that both pages mark a tier the same way.
#pragma once

#include <string>
#include <string_view>

#include "pedtx/match/tier.hpp"

namespace pedtx {

// Text or attribute value for HTML: escapes & < > " ' and replaces invalid UTF-8 and
// control characters (other than tab, newline, carriage return) with U+FFFD.
std::string html_escape(std::string_view text);

// The text as valid UTF-8 without control characters (which HTML forbids; tab, newline and
// carriage return are kept): each invalid byte and control character becomes U+FFFD. What
// html_escape() applies before escaping, so that a damaged VCF header cannot make a report
// unreadable.
std::string clean_utf8(std::string_view text);

// What the tiers mean, in the order reports list them (AMP/ASCO/CAP 2017).
struct TierDescription {
    Tier tier;
    const char* significance;
    const char* meaning;
};

inline constexpr TierDescription kTierDescriptions[] = {
    {Tier::IA, "Strong clinical significance",
     "level A evidence (FDA/EMA approval or guideline) in this tumor type, patient within the label's age range"},
    {Tier::IB, "Strong clinical significance", "level B evidence (well-powered clinical studies) in this tumor type"},
    {Tier::IIC, "Potential clinical significance",
     "level A or B evidence in another tumor type or outside the age range, or level C evidence (smaller "
     "studies, approval in another tumor type, trial inclusion)"},
    {Tier::IID, "Potential clinical significance", "level D evidence (case reports, preclinical data)"},
    {Tier::III, "Unknown clinical significance",
     "a protein-changing variant in a knowledge-base gene without evidence"},
};

// "<!DOCTYPE html>" up to and including the <title> element: charset, a Content-Security-Policy
// that lets nothing run and nothing be fetched (inline styles and data: images only), viewport,
// colour scheme, no referrer, and a generator tag naming the pedtx version. title and
// tool_version are plain text (escaped here). The caller adds <style> and closes <head>.
std::string html_document_start(std::string_view title, std::string_view tool_version);

// The start of every report style sheet: the Okabe–Ito tier palette as CSS variables
// (--ia, --ib, --iic, --iid, --iii), page, headings, header facts, the notice box, and the
// tier badges, each tier with its own border style so that tiers survive grayscale print.
std::string_view html_base_css();

// The tier label as a badge (the colour and border repeat the label, never replace it).
// prefix is trusted markup ("Tier ").
std::string tier_badge(Tier tier, std::string_view prefix = "");

// Appends one row of a <dl class="facts"> list: <dt>term</dt><dd>value_html</dd>. Both are
// markup: the caller escapes what comes from inputs.
void fact(std::string& out, std::string_view term, const std::string& value_html);

// A relative file path made safe for an href: every byte except ASCII letters, digits,
// '-', '.', '_', '~' and '/' is percent-encoded (UTF-8 bytes included), so that neither a
// scheme ("javascript:"), a query, a fragment nor a quote can arise from a file or sample
// name. The result still needs html_escape() (a no-op on it) where the house rule wants it.
std::string percent_encode_path(std::string_view path);

}  // namespace pedtx
