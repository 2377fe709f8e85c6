// Protein-change normalisation (HGVS p. and bcftools csq forms) to 1-letter notation.
#include "pedtx/core/hgvs.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <utility>

namespace pedtx {

namespace {

constexpr std::array<std::pair<std::string_view, char>, 25> kAminoAcids = {{
    {"Ala", 'A'}, {"Arg", 'R'}, {"Asn", 'N'}, {"Asp", 'D'}, {"Cys", 'C'},
    {"Gln", 'Q'}, {"Glu", 'E'}, {"Gly", 'G'}, {"His", 'H'}, {"Ile", 'I'},
    {"Leu", 'L'}, {"Lys", 'K'}, {"Met", 'M'}, {"Phe", 'F'}, {"Pro", 'P'},
    {"Ser", 'S'}, {"Thr", 'T'}, {"Trp", 'W'}, {"Tyr", 'Y'}, {"Val", 'V'},
    {"Ter", '*'}, {"Sec", 'U'}, {"Pyl", 'O'}, {"Xaa", 'X'}, {"Asx", 'B'},
}};

bool is_one_letter_aa(char c) {
    return (c >= 'A' && c <= 'Z' && c != 'J') || c == '*';
}

// Reads one residue at the front of text (3-letter when it looks like one,
// else 1-letter) and advances text. Returns 0 when there is none.
char take_residue(std::string_view& text) {
    if (text.size() >= 3 && std::isupper(static_cast<unsigned char>(text[0])) &&
        std::islower(static_cast<unsigned char>(text[1])) &&
        std::islower(static_cast<unsigned char>(text[2]))) {
        const char aa = amino_acid_one_letter(text.substr(0, 3));
        if (aa != 0) {
            text.remove_prefix(3);
            return aa;
        }
    }
    if (!text.empty() && (is_one_letter_aa(text[0]) || text[0] == 'X')) {
        // 'X' is an old spelling of stop in some annotators.
        const char aa = text[0] == 'X' ? '*' : text[0];
        text.remove_prefix(1);
        return aa;
    }
    return 0;
}

bool take_number(std::string_view& text, std::int32_t& value) {
    std::size_t digits = 0;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
    if (digits == 0 || digits > 9) return false;
    std::from_chars(text.data(), text.data() + digits, value);
    text.remove_prefix(digits);
    return true;
}

bool starts_with(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

// A run of residues (e.g. after "ins" or "delins"): 3-letter when it has lower-case letters.
std::optional<std::string> take_residue_run(std::string_view& text) {
    std::string run;
    while (!text.empty()) {
        if (std::isdigit(static_cast<unsigned char>(text[0]))) break;
        const char aa = take_residue(text);
        if (aa == 0) break;
        run.push_back(aa);
    }
    if (run.empty()) return std::nullopt;
    return run;
}

std::string position_text(char aa, std::int32_t pos) {
    std::string out;
    if (aa != 0) out.push_back(aa);
    out += std::to_string(pos);
    return out;
}

}  // namespace

char amino_acid_one_letter(std::string_view code) {
    if (code == "*") return '*';
    if (code.size() != 3) return 0;
    for (const auto& [three, one] : kAminoAcids) {
        if (std::tolower(static_cast<unsigned char>(code[0])) ==
                std::tolower(static_cast<unsigned char>(three[0])) &&
            std::tolower(static_cast<unsigned char>(code[1])) == three[1] &&
            std::tolower(static_cast<unsigned char>(code[2])) == three[2])
            return one;
    }
    return 0;
}

std::string percent_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size()) {
            const auto hex = [](char c) -> int {
                if (c >= '0' && c <= '9') return c - '0';
                if (c >= 'A' && c <= 'F') return c - 'A' + 10;
                if (c >= 'a' && c <= 'f') return c - 'a' + 10;
                return -1;
            };
            const int hi = hex(text[i + 1]);
            const int lo = hex(text[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out.push_back(static_cast<char>(hi * 16 + lo));
                i += 2;
                continue;
            }
        }
        out.push_back(text[i]);
    }
    return out;
}

std::optional<ProteinChange> parse_hgvsp(std::string_view input) {
    std::string decoded;
    if (input.find('%') != std::string_view::npos) {
        decoded = percent_decode(input);
        input = decoded;
    }
    // Drop an accession prefix (ENSP00000288602.6:p.Val600Glu).
    if (const auto colon = input.rfind(':'); colon != std::string_view::npos)
        input.remove_prefix(colon + 1);
    if (starts_with(input, "p.")) input.remove_prefix(2);
    if (input.size() >= 2 && input.front() == '(' && input.back() == ')')
        input = input.substr(1, input.size() - 2);
    if (input.empty()) return std::nullopt;

    ProteinChange change;
    if (input == "=") {
        change.synonymous = true;
        change.normalized = "=";
        return change;
    }
    std::string_view rest = input;
    // Old VEP releases wrote multi-residue changes as "ProLeuGly375dup" or
    // "ThrSerPro1241ProThrPro": a residue run, then the first position.
    {
        std::string_view probe = input;
        const auto run = take_residue_run(probe);
        std::int32_t first = 0;
        if (run && run->size() > 1 && take_number(probe, first)) {
            change.ref_aa = (*run)[0];
            change.start = first;
            change.end = first + static_cast<std::int32_t>(run->size()) - 1;
            const std::string span = position_text(run->front(), change.start) + "_" +
                                     position_text(run->back(), change.end);
            if (probe == "dup" || probe == "del") {
                change.normalized = span + std::string(probe);
                return change;
            }
            const auto alt_run = take_residue_run(probe);
            if (alt_run && probe.empty()) {
                change.alt = *alt_run;
                change.normalized = span + "delins" + *alt_run;
                return change;
            }
            return std::nullopt;
        }
    }
    const char ref = take_residue(rest);
    if (ref == 0 || !take_number(rest, change.start)) return std::nullopt;
    change.ref_aa = ref;
    change.end = change.start;
    std::string head = position_text(ref, change.start);

    // Range: E746_A750...
    if (!rest.empty() && rest[0] == '_') {
        rest.remove_prefix(1);
        const char end_aa = take_residue(rest);
        if (end_aa == 0 || !take_number(rest, change.end)) return std::nullopt;
        head += '_';
        head += position_text(end_aa, change.end);
    }

    if (rest.empty()) return std::nullopt;
    if (rest == "=") {
        change.synonymous = true;
        change.normalized = head + "=";
        return change;
    }
    if (rest == "?") {
        change.normalized = head + "?";
        return change;
    }
    if (starts_with(rest, "delins")) {
        rest.remove_prefix(6);
        const auto run = take_residue_run(rest);
        if (!run) return std::nullopt;
        change.alt = *run;
        change.normalized = head + "delins" + *run;
        return change;
    }
    if (starts_with(rest, "del")) {
        change.normalized = head + "del";
        return change;
    }
    if (starts_with(rest, "dup")) {
        change.normalized = head + "dup";
        return change;
    }
    if (starts_with(rest, "ins")) {
        rest.remove_prefix(3);
        const auto run = take_residue_run(rest);
        if (!run) return std::nullopt;
        change.alt = *run;
        change.normalized = head + "ins" + *run;
        return change;
    }
    if (starts_with(rest, "fs")) {
        change.normalized = head + "fs";
        return change;
    }
    if (starts_with(rest, "ext")) {
        change.normalized = head + "ext";
        return change;
    }
    // Substitution, possibly followed by a frameshift or an extension.
    const char alt = take_residue(rest);
    if (alt == 0) return std::nullopt;
    change.alt = std::string(1, alt);
    if (rest.empty()) {
        if (alt == ref) {
            change.synonymous = true;
            change.normalized = head + "=";
        } else {
            change.normalized = head + change.alt;
        }
        return change;
    }
    if (starts_with(rest, "fs")) {
        rest.remove_prefix(2);
        std::string tail = "fs";
        if (!rest.empty() && (rest[0] == '*' || starts_with(rest, "Ter") || rest[0] == 'X')) {
            rest.remove_prefix(rest[0] == '*' || rest[0] == 'X' ? 1 : 3);
            tail += "*";
            std::int32_t length = 0;
            if (take_number(rest, length)) tail += std::to_string(length);
            else if (!rest.empty() && rest[0] == '?') tail += "?";
        }
        change.normalized = head + change.alt + tail;
        return change;
    }
    if (starts_with(rest, "ext")) {
        change.normalized = head + change.alt + "ext";
        return change;
    }
    return std::nullopt;
}

std::optional<ProteinChange> parse_bcsq_protein(std::string_view text) {
    // Forms: "600V>600E", "600V" (synonymous), "508VA>508V", "25R>25PX" (frameshift-like).
    ProteinChange change;
    std::string_view rest = text;
    if (!take_number(rest, change.start)) return std::nullopt;
    const auto ref_run = take_residue_run(rest);
    if (!ref_run) return std::nullopt;
    change.ref_aa = (*ref_run)[0];
    change.end = change.start + static_cast<std::int32_t>(ref_run->size()) - 1;
    if (rest.empty()) {
        change.synonymous = true;
        change.normalized = position_text(change.ref_aa, change.start) + "=";
        return change;
    }
    if (rest[0] != '>') return std::nullopt;
    rest.remove_prefix(1);
    std::int32_t alt_start = 0;
    if (!take_number(rest, alt_start)) return std::nullopt;
    std::string alt_run;
    while (!rest.empty() && (is_one_letter_aa(rest[0]) || rest[0] == 'X')) {
        alt_run.push_back(rest[0] == 'X' ? '*' : rest[0]);
        rest.remove_prefix(1);
    }
    if (alt_run.empty() && rest.empty()) alt_run.clear();
    const std::string& ref_seq = *ref_run;
    if (ref_seq.size() == 1 && alt_run.size() == 1) {
        change.alt = alt_run;
        if (alt_run[0] == ref_seq[0]) {
            change.synonymous = true;
            change.normalized = position_text(change.ref_aa, change.start) + "=";
        } else {
            change.normalized = position_text(change.ref_aa, change.start) + alt_run;
        }
        return change;
    }
    // Multi-residue change: express as in-frame deletion / insertion / delins around the
    // shared first residue, which is how csq anchors indels.
    std::size_t common = 0;
    while (common < ref_seq.size() && common < alt_run.size() && ref_seq[common] == alt_run[common])
        ++common;
    if (common == alt_run.size() && common < ref_seq.size()) {
        const std::int32_t first = change.start + static_cast<std::int32_t>(common);
        const std::int32_t last = change.start + static_cast<std::int32_t>(ref_seq.size()) - 1;
        change.start = first;
        change.ref_aa = ref_seq[common];
        change.end = last;
        change.normalized = position_text(ref_seq[common], first);
        if (last != first) {
            change.normalized += '_';
            change.normalized += position_text(ref_seq.back(), last);
        }
        change.normalized += "del";
        return change;
    }
    change.alt = alt_run;
    change.normalized = position_text(change.ref_aa, change.start);
    if (change.end != change.start) {
        change.normalized += '_';
        change.normalized += position_text(ref_seq.back(), change.end);
    }
    change.normalized += "delins";
    change.normalized += alt_run;
    return change;
}

}  // namespace pedtx
