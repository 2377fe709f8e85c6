// The escaping, head, palette, badges and link encoding shared by the per-sample and cohort HTML reports.
#include "pedtx/report/html_common.hpp"

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
constexpr std::string_view kBaseCss = R"CSS(
:root{--ia:#0072B2;--ib:#009E73;--iic:#E69F00;--iid:#CC79A7;--iii:#555555;--warn:#D55E00;--ink:#1a1a1a;--muted:#4d4d4d;--rule:#c9c9c9;--tint:#f3f4f6}
*{box-sizing:border-box}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0;color:var(--ink);background:#fff;font:15px/1.45 system-ui,"Segoe UI",Roboto,"Helvetica Neue","Liberation Sans",Arial,sans-serif}
.page{max-width:1120px;margin:0 auto;padding:24px 28px 40px}
h1{font-size:1.55rem;margin:.1rem 0 .3rem}
h2{font-size:1.25rem;margin:1.6rem 0 .6rem;padding-bottom:.2rem;border-bottom:2px solid var(--ink)}
h3{font-size:1.05rem;margin:1.1rem 0 .4rem}
h4{font-size:1rem;margin:.8rem 0 .3rem}
a{color:#0b4f8a}
code,.mono{font-family:ui-monospace,"DejaVu Sans Mono","Liberation Mono",Menlo,Consolas,monospace;font-size:.92em;overflow-wrap:anywhere}
.kicker{text-transform:uppercase;letter-spacing:.08em;font-size:.78rem;color:var(--muted);font-weight:600}
.report-header{border-bottom:3px solid var(--ink);padding-bottom:.8rem}
dl.facts{display:grid;grid-template-columns:max-content minmax(0,1fr) max-content minmax(0,1fr);gap:.2rem 1rem;margin:.5rem 0 0}
dl.facts dt{font-weight:600;color:var(--muted)}
dl.facts dd{margin:0;overflow-wrap:anywhere}
.notice{border:1px solid var(--ink);border-left:6px solid var(--ink);background:var(--tint);padding:.5rem .8rem;margin:.8rem 0 0}
.badge{display:inline-block;min-width:2.9em;padding:0 .4em;border-radius:3px;font-weight:700;text-align:center;line-height:1.45;white-space:nowrap}
.badge.tier-IA{background:var(--ia);color:#fff;border:2px solid #000}
.badge.tier-IB{background:var(--ib);color:#000;border:3px double #000}
.badge.tier-IIC{background:var(--iic);color:#000;border:2px dashed #000}
.badge.tier-IID{background:var(--iid);color:#000;border:2px dotted #000}
.badge.tier-III{background:#fff;color:#000;border:1px solid var(--iii)}
)CSS";

}  // namespace

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
std::string html_document_start(std::string_view title, std::string_view tool_version) {
    std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    // Defence in depth: even if an escape were missed, nothing runs and nothing is fetched.
    out +=
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "img-src data:; base-uri 'none'; form-action 'none'\">\n";
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out += "<meta name=\"color-scheme\" content=\"light\">\n<meta name=\"referrer\" content=\"no-referrer\">\n";
    out += "<meta name=\"generator\" content=\"pedtx " + html_escape(tool_version) + "\">\n";
    out += "<title>" + html_escape(title) + "</title>\n";
    return out;
}

std::string_view html_base_css() {
    return kBaseCss;
}

std::string tier_badge(Tier tier, std::string_view prefix) {
    const std::string escaped = html_escape(to_string(tier));
    return "<span class=\"badge tier-" + escaped + "\">" + std::string(prefix) + escaped + "</span>";
}

void fact(std::string& out, std::string_view term, const std::string& value_html) {
    out += "<dt>";
    out += term;
    out += "</dt><dd>";
    out += value_html;
    out += "</dd>\n";
}

std::string percent_encode_path(std::string_view path) {
    constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(path.size());
    for (const char c : path) {
        const auto u = static_cast<unsigned char>(c);
        const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                          c == '.' || c == '_' || c == '~' || c == '/';
        if (keep) {
            out.push_back(c);
        } else {
            out.push_back('%');
            out.push_back(kHex[u >> 4]);
            out.push_back(kHex[u & 0x0F]);
        }
    }
    return out;
}

}  // namespace pedtx
