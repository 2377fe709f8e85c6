// Parsing of VEP / SnpEff / bcftools csq consequence annotations.
#include "pedtx/io/annotation.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <utility>

#include "pedtx/core/hgvs.hpp"
#include "pedtx/util/text.hpp"

namespace pedtx {

namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\'' || text.front() == '"')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\'' || text.back() == '"')) text.remove_suffix(1);
    return text;
}

template <typename Fn>
void split(std::string_view text, char sep, Fn&& fn) {
    std::size_t start = 0;
    while (true) {
        const std::size_t end = text.find(sep, start);
        if (end == std::string_view::npos) {
            fn(text.substr(start));
            return;
        }
        fn(text.substr(start, end - start));
        start = end + 1;
    }
}

// Severity order used to pick one class out of "missense_variant&splice_region_variant".
int severity(VariantClass cls) {
    switch (cls) {
        case VariantClass::stop_gained:
            return 0;
        case VariantClass::frameshift:
            return 1;
        case VariantClass::splice:
            return 2;
        case VariantClass::start_lost:
            return 3;
        case VariantClass::stop_lost:
            return 4;
        case VariantClass::inframe_delins:
            return 5;
        case VariantClass::inframe_deletion:
            return 6;
        case VariantClass::inframe_insertion:
            return 7;
        case VariantClass::missense:
            return 8;
        case VariantClass::synonymous:
            return 9;
        case VariantClass::utr:
            return 10;
        case VariantClass::intronic:
            return 11;
        case VariantClass::noncoding:
            return 12;
        default:
            return 13;
    }
}

struct TermClass {
    std::string_view term;
    VariantClass cls;
};

constexpr std::array<TermClass, 61> kTerms = {{
    {"missense_variant", VariantClass::missense},
    {"missense", VariantClass::missense},
    {"non_synonymous_coding", VariantClass::missense},
    {"non_synonymous_start", VariantClass::missense},
    {"stop_gained", VariantClass::stop_gained},
    {"nonsense", VariantClass::stop_gained},
    {"frameshift_variant", VariantClass::frameshift},
    {"frameshift", VariantClass::frameshift},
    {"frame_shift", VariantClass::frameshift},
    {"inframe_deletion", VariantClass::inframe_deletion},
    {"disruptive_inframe_deletion", VariantClass::inframe_deletion},
    {"conservative_inframe_deletion", VariantClass::inframe_deletion},
    {"codon_deletion", VariantClass::inframe_deletion},
    {"inframe_insertion", VariantClass::inframe_insertion},
    {"disruptive_inframe_insertion", VariantClass::inframe_insertion},
    {"conservative_inframe_insertion", VariantClass::inframe_insertion},
    {"codon_insertion", VariantClass::inframe_insertion},
    {"inframe_altering", VariantClass::inframe_delins},
    {"protein_altering_variant", VariantClass::inframe_delins},
    {"codon_change_plus_codon_deletion", VariantClass::inframe_delins},
    {"codon_change_plus_codon_insertion", VariantClass::inframe_delins},
    {"splice_acceptor_variant", VariantClass::splice},
    {"splice_donor_variant", VariantClass::splice},
    {"splice_acceptor", VariantClass::splice},
    {"splice_donor", VariantClass::splice},
    {"splice_site_acceptor", VariantClass::splice},
    {"splice_site_donor", VariantClass::splice},
    {"start_lost", VariantClass::start_lost},
    {"initiator_codon_variant", VariantClass::start_lost},
    {"stop_lost", VariantClass::stop_lost},
    {"synonymous_variant", VariantClass::synonymous},
    {"synonymous", VariantClass::synonymous},
    {"synonymous_coding", VariantClass::synonymous},
    {"synonymous_stop", VariantClass::synonymous},
    {"stop_retained_variant", VariantClass::synonymous},
    {"stop_retained", VariantClass::synonymous},
    {"start_retained", VariantClass::synonymous},
    {"start_retained_variant", VariantClass::synonymous},
    {"intron_variant", VariantClass::intronic},
    {"intron", VariantClass::intronic},
    {"splice_region_variant", VariantClass::intronic},
    {"5_prime_utr_variant", VariantClass::utr},
    {"3_prime_utr_variant", VariantClass::utr},
    {"5_prime_utr", VariantClass::utr},
    {"3_prime_utr", VariantClass::utr},
    {"utr_5_prime", VariantClass::utr},
    {"utr_3_prime", VariantClass::utr},
    {"non_coding_transcript_exon_variant", VariantClass::noncoding},
    {"non_coding", VariantClass::noncoding},
    // Funcotator (MAF-style) variant classifications.
    {"silent", VariantClass::synonymous},
    {"splice_site", VariantClass::splice},
    {"in_frame_del", VariantClass::inframe_deletion},
    {"in_frame_ins", VariantClass::inframe_insertion},
    {"frame_shift_del", VariantClass::frameshift},
    {"frame_shift_ins", VariantClass::frameshift},
    {"nonstop", VariantClass::stop_lost},
    {"start_codon_snp", VariantClass::start_lost},
    {"start_codon_del", VariantClass::start_lost},
    {"start_codon_ins", VariantClass::start_lost},
    {"five_prime_utr", VariantClass::utr},
    {"three_prime_utr", VariantClass::utr},
}};

std::string_view field_or_empty(const std::vector<std::string_view>& fields, int index) {
    return index >= 0 && static_cast<std::size_t>(index) < fields.size() ? fields[index] : std::string_view{};
}

}  // namespace

std::string_view to_string(AnnotationFormat format) {
    switch (format) {
        case AnnotationFormat::vep:
            return "VEP";
        case AnnotationFormat::snpeff_ann:
            return "SnpEff";
        case AnnotationFormat::snpeff_eff:
            return "SnpEff_EFF";
        case AnnotationFormat::bcftools_csq:
            return "bcftools_csq";
        case AnnotationFormat::funcotator:
            return "Funcotator";
        case AnnotationFormat::pave:
            return "PAVE";
        default:
            return "";
    }
}

std::optional<AnnotationLayout> vep_layout_from_description(std::string_view tag, std::string_view description) {
    const auto at = description.find("Format: ");
    if (at == std::string_view::npos) return std::nullopt;
    std::string_view format = trim(description.substr(at + 8));
    // bcftools csq also writes "Format: Consequence|gene|transcript|...": a VEP layout has
    // Allele, or VEP's own SYMBOL / Feature columns.
    const auto has_field = [&](std::string_view name) {
        bool found = false;
        split(format, '|', [&](std::string_view field) { found = found || trim(field) == name; });
        return found;
    };
    if (!has_field("Allele") && !has_field("SYMBOL") && !has_field("Feature")) return std::nullopt;
    AnnotationLayout layout;
    layout.format = AnnotationFormat::vep;
    layout.tag = std::string(tag);
    int index = 0;
    split(format, '|', [&](std::string_view name) {
        name = trim(name);
        if (name == "Allele")
            layout.allele = index;
        else if (name == "ALLELE_NUM")
            layout.allele_num = index;
        else if (name == "Consequence")
            layout.consequence = index;
        else if (name == "SYMBOL")
            layout.gene = index;
        else if (name == "Feature")
            layout.transcript = index;
        else if (name == "BIOTYPE")
            layout.biotype = index;
        else if (name == "EXON")
            layout.exon = index;
        else if (name == "HGVSc")
            layout.hgvsc = index;
        else if (name == "HGVSp")
            layout.hgvsp = index;
        else if (name == "CANONICAL")
            layout.canonical = index;
        else if (name == "Protein_position")
            layout.protein_position = index;
        else if (name == "Amino_acids")
            layout.amino_acids = index;
        else if (name == "MANE_SELECT")
            layout.mane_select = index;
        else if (name == "MANE" && layout.mane_select < 0)
            layout.mane_select = index;
        ++index;
    });
    if (layout.consequence < 0) return std::nullopt;
    if (layout.allele < 0 && layout.allele_num < 0)
        layout.notes.push_back("INFO/" + std::string(tag) +
                               ": the VEP Format has no Allele or ALLELE_NUM field, so its consequences are "
                               "used only for records with one ALT; a multi-allelic record falls back to genomic keys");
    return layout;
}

namespace {

// Funcotator: "... Funcotation fields are: Gencode_34_hugoSymbol|...|Gencode_34_proteinChange|...".
std::optional<AnnotationLayout> funcotator_layout(std::string_view tag, std::string_view description) {
    const auto at = description.find("fields are: ");
    if (at == std::string_view::npos) return std::nullopt;
    AnnotationLayout layout;
    layout.format = AnnotationFormat::funcotator;
    layout.tag = std::string(tag);
    int index = 0;
    split(trim(description.substr(at + 12)), '|', [&](std::string_view name) {
        name = trim(name);
        // Gencode_<version>_<field>
        if (name.starts_with("Gencode_")) {
            const auto underscore = name.find('_', 8);
            const auto field = underscore == std::string_view::npos ? std::string_view{} : name.substr(underscore + 1);
            if (field == "hugoSymbol")
                layout.gene = index;
            else if (field == "variantClassification")
                layout.consequence = index;
            else if (field == "annotationTranscript")
                layout.transcript = index;
            else if (field == "transcriptExon")
                layout.exon = index;
            else if (field == "cDnaChange")
                layout.hgvsc = index;
            else if (field == "proteinChange")
                layout.hgvsp = index;
        }
        ++index;
    });
    if (layout.gene < 0 || layout.consequence < 0) return std::nullopt;
    return layout;
}

// PAVE: "Variant Impact [Gene, Transcript, CanonicalEffect, CanonicalCodingEffect, SpliceRegion,
// HgvsCodingImpact, HgvsProteinImpact, OtherReportableEffects, WorstCodingEffect, GenesAffected]"
// (older releases: CanonicalGeneName first, no Transcript).
std::optional<AnnotationLayout> pave_layout(std::string_view tag, std::string_view description) {
    const auto open = description.find('[');
    const auto close = description.rfind(']');
    if (open == std::string_view::npos || close == std::string_view::npos || close < open) return std::nullopt;
    AnnotationLayout layout;
    layout.format = AnnotationFormat::pave;
    layout.tag = std::string(tag);
    int index = 0;
    split(description.substr(open + 1, close - open - 1), ',', [&](std::string_view name) {
        name = trim(name);
        if (name == "Gene" || name == "CanonicalGeneName")
            layout.gene = index;
        else if (name == "Transcript" || name == "CanonicalTranscript")
            layout.transcript = index;
        else if (name == "CanonicalEffect")
            layout.consequence = index;
        else if (name == "HgvsCodingImpact" || name == "CanonicalHgvsCodingImpact")
            layout.hgvsc = index;
        else if (name == "HgvsProteinImpact" || name == "CanonicalHgvsProteinImpact")
            layout.hgvsp = index;
        ++index;
    });
    if (layout.gene < 0 || layout.consequence < 0) return std::nullopt;
    return layout;
}

}  // namespace

AnnotationLayout detect_annotation_layout(const std::vector<InfoHeaderLine>& info_lines) {
    std::optional<AnnotationLayout> vep, ann, bcsq, eff, funcotator, pave;
    std::vector<std::string> unread;  // annotations found and not readable
    bool annovar = false;
    for (const auto& line : info_lines) {
        if (line.id == "FUNCOTATION") {
            if (auto layout = funcotator_layout(line.id, line.description))
                funcotator = std::move(layout);
            else
                unread.push_back(
                    "INFO/FUNCOTATION (Funcotator): its header lacks the \"Funcotation fields are:\" "
                    "list with Gencode_*_hugoSymbol and _variantClassification");
            continue;
        }
        if (line.id == "IMPACT" && line.description.find("Variant Impact") != std::string::npos) {
            if (auto layout = pave_layout(line.id, line.description))
                pave = std::move(layout);
            else
                unread.push_back("INFO/IMPACT (PAVE): its header lacks the [Gene, ..., CanonicalEffect, ...] list");
            continue;
        }
        if (line.id == "AAChange.refGene" || line.id == "AAChange.ensGene" || line.id == "ExonicFunc.refGene") {
            if (!annovar) unread.push_back("INFO/" + line.id + " (ANNOVAR): ANNOVAR's fields are not read");
            annovar = true;
            continue;
        }
        if (auto layout = vep_layout_from_description(line.id, line.description)) {
            // Prefer the conventional CSQ tag when a file carries several VEP tags.
            if (!vep || line.id == "CSQ") vep = std::move(layout);
            continue;
        }
        if (line.id == "ANN" && line.description.find("Allele") != std::string::npos) {
            AnnotationLayout layout;
            layout.format = AnnotationFormat::snpeff_ann;
            layout.tag = "ANN";
            layout.allele = 0;
            layout.consequence = 1;
            layout.gene = 3;
            layout.transcript = 6;
            layout.biotype = 7;
            layout.exon = 8;
            layout.hgvsc = 9;
            layout.hgvsp = 10;
            layout.protein_position = 13;  // AA.pos / AA.length
            ann = layout;
        } else if (line.id == "BCSQ") {
            AnnotationLayout layout;
            layout.format = AnnotationFormat::bcftools_csq;
            layout.tag = "BCSQ";
            layout.consequence = 0;
            layout.gene = 1;
            layout.transcript = 2;
            layout.biotype = 3;
            layout.protein_bcsq = 5;
            layout.dna_bcsq = 6;
            bcsq = layout;
        } else if (line.id == "EFF") {
            AnnotationLayout layout;
            layout.format = AnnotationFormat::snpeff_eff;
            layout.tag = "EFF";
            // Fields inside "Effect(...)": 0 impact, 1 class, 2 codon change, 3 AA change,
            // 4 AA length, 5 gene, 6 biotype, 7 coding, 8 transcript, 9 exon, 10 genotype.
            layout.consequence = 0;  // the effect name before '(' is stored as field 0 (see parser)
            layout.hgvsp = 4;
            layout.gene = 6;
            layout.biotype = 7;
            layout.transcript = 9;
            layout.exon = 10;
            layout.allele = 11;
            eff = layout;
        }
    }
    AnnotationLayout chosen;
    for (auto* candidate : {&vep, &ann, &bcsq, &eff, &funcotator, &pave})
        if (*candidate) {
            chosen = std::move(**candidate);
            break;
        }
    if (chosen.format == AnnotationFormat::none)
        for (const auto& what : unread)
            chosen.notes.push_back(what + "; the annotation was not used and matching fell back to genomic keys");
    return chosen;
}

void for_each_consequence(std::string_view info_value, const AnnotationLayout& layout,
                          const std::function<void(const TranscriptConsequence&)>& on_entry) {
    std::vector<std::string_view> fields;
    if (layout.format == AnnotationFormat::pave) {
        // One impact per record: its Number=10 values are the fields.
        split(info_value, ',', [&](std::string_view f) { fields.push_back(f); });
        if (static_cast<int>(fields.size()) <= std::max(layout.gene, layout.consequence)) return;
        TranscriptConsequence c;
        c.consequence = field_or_empty(fields, layout.consequence);
        c.gene = field_or_empty(fields, layout.gene);
        c.transcript = field_or_empty(fields, layout.transcript);
        c.hgvsc = field_or_empty(fields, layout.hgvsc);
        c.hgvsp = field_or_empty(fields, layout.hgvsp);
        c.canonical = true;  // PAVE's impact is on the canonical transcript
        on_entry(c);
        return;
    }
    if (layout.format == AnnotationFormat::funcotator) {
        // Per ALT (comma-separated, in ALT order): "[f1|f2|...]#[f1|f2|...]", one bracket per transcript.
        std::int32_t alt_number = 0;
        split(info_value, ',', [&](std::string_view per_alt) {
            ++alt_number;
            std::size_t start = 0;
            while (start < per_alt.size()) {
                auto end = per_alt.find("]#[", start);
                std::string_view transcript =
                    per_alt.substr(start, end == std::string_view::npos ? std::string_view::npos : end + 1 - start);
                start = end == std::string_view::npos ? per_alt.size() : end + 2;
                if (!transcript.empty() && transcript.front() == '[') transcript.remove_prefix(1);
                if (!transcript.empty() && transcript.back() == ']') transcript.remove_suffix(1);
                fields.clear();
                split(transcript, '|', [&](std::string_view f) { fields.push_back(f); });
                if (static_cast<int>(fields.size()) <= std::max(layout.gene, layout.consequence)) continue;
                TranscriptConsequence c;
                c.allele_num = alt_number;
                c.consequence = field_or_empty(fields, layout.consequence);
                c.gene = field_or_empty(fields, layout.gene);
                c.transcript = field_or_empty(fields, layout.transcript);
                c.exon = field_or_empty(fields, layout.exon);
                c.hgvsc = field_or_empty(fields, layout.hgvsc);
                c.hgvsp = field_or_empty(fields, layout.hgvsp);
                c.canonical = true;  // Funcotator's first bracket is its chosen transcript
                on_entry(c);
            }
        });
        return;
    }
    split(info_value, ',', [&](std::string_view entry) {
        if (entry.empty()) return;
        fields.clear();
        if (layout.format == AnnotationFormat::snpeff_eff) {
            // Effect(a|b|c...) -> fields: Effect, a, b, c ...
            const auto open = entry.find('(');
            if (open == std::string_view::npos || entry.back() != ')') return;
            fields.push_back(entry.substr(0, open));
            split(entry.substr(open + 1, entry.size() - open - 2), '|',
                  [&](std::string_view f) { fields.push_back(f); });
        } else {
            split(entry, '|', [&](std::string_view f) { fields.push_back(f); });
        }
        if (static_cast<int>(fields.size()) <= layout.consequence || layout.gene < 0 ||
            static_cast<int>(fields.size()) <= layout.gene)
            return;
        TranscriptConsequence c;
        c.allele = field_or_empty(fields, layout.allele);
        if (layout.allele_num >= 0) {
            std::int32_t num = -1;
            if (parse_int32(field_or_empty(fields, layout.allele_num), num)) c.allele_num = num;
        }
        c.consequence = field_or_empty(fields, layout.consequence);
        c.gene = field_or_empty(fields, layout.gene);
        c.transcript = field_or_empty(fields, layout.transcript);
        c.biotype = field_or_empty(fields, layout.biotype);
        c.exon = field_or_empty(fields, layout.exon);
        c.hgvsc = field_or_empty(fields, layout.hgvsc);
        c.hgvsp = field_or_empty(fields, layout.hgvsp);
        c.protein_bcsq = field_or_empty(fields, layout.protein_bcsq);
        c.dna_bcsq = field_or_empty(fields, layout.dna_bcsq);
        c.protein_position = field_or_empty(fields, layout.protein_position);
        c.amino_acids = field_or_empty(fields, layout.amino_acids);
        c.canonical = iequals(field_or_empty(fields, layout.canonical), "YES");
        const auto mane = field_or_empty(fields, layout.mane_select);
        c.mane_select =
            !mane.empty() && (layout.mane_select >= 0) &&
            (mane.find("NM_") != std::string_view::npos || mane.find("MANE_Select") != std::string_view::npos ||
             mane.find("ENST") != std::string_view::npos);
        if (layout.format == AnnotationFormat::snpeff_eff) {
            // EFF may carry "p.Val600Glu/c.1799T>A" in its amino-acid field.
            const auto slash = c.hgvsp.find('/');
            if (slash != std::string_view::npos) {
                c.hgvsc = c.hgvsp.substr(slash + 1);
                c.hgvsp = c.hgvsp.substr(0, slash);
            }
        }
        on_entry(c);
    });
}

std::string vep_allele(std::string_view ref, const std::vector<std::string_view>& alts, std::size_t alt_index) {
    std::string_view alt = alts.at(alt_index - 1);
    bool shared_first_base = !ref.empty();
    // A gVCF's <NON_REF> / <*> allele takes no part in the trimming.
    for (const auto a : alts)
        if (!is_reference_block_allele(a) && (a.empty() || a[0] == '<' || a[0] != ref[0])) shared_first_base = false;
    // VEP only trims when the record is not a plain substitution of equal lengths.
    bool all_same_length = true;
    for (const auto a : alts)
        if (!is_reference_block_allele(a) && a.size() != ref.size()) all_same_length = false;
    if (shared_first_base && !all_same_length) {
        alt.remove_prefix(1);
        if (alt.empty()) return "-";
    }
    return std::string(alt);
}

bool consequence_matches_allele(const TranscriptConsequence& entry, const AnnotationLayout& layout,
                                std::string_view ref, const std::vector<std::string_view>& alts,
                                std::size_t alt_index) {
    const std::string_view alt = alts.at(alt_index - 1);
    switch (layout.format) {
        case AnnotationFormat::vep:
            if (entry.allele_num > 0) return static_cast<std::size_t>(entry.allele_num) == alt_index;
            if (alts.size() == 1) return true;
            if (layout.allele < 0) return false;  // no Allele field: the ALT cannot be told
            return entry.allele == vep_allele(ref, alts, alt_index) || entry.allele == alt;
        case AnnotationFormat::funcotator:
            return static_cast<std::size_t>(entry.allele_num) == alt_index;
        case AnnotationFormat::pave:
            return alts.size() == 1;
        case AnnotationFormat::snpeff_ann:
        case AnnotationFormat::snpeff_eff:
            if (alts.size() == 1) return true;
            return entry.allele == alt || entry.allele == std::to_string(alt_index);
        case AnnotationFormat::bcftools_csq: {
            if (entry.dna_bcsq.empty() || alts.size() == 1) return true;
            const auto arrow = entry.dna_bcsq.find('>');
            if (arrow == std::string_view::npos) return true;
            return entry.dna_bcsq.substr(arrow + 1) == alt;
        }
        default:
            return false;
    }
}

VariantClass classify_consequence(std::string_view consequence) {
    VariantClass best = VariantClass::other;
    const auto consider = [&](std::string_view term) {
        while (!term.empty() && (term.front() == '*' || term.front() == ' ')) term.remove_prefix(1);
        if (term.empty()) return;
        for (const auto& known : kTerms) {
            if (iequals(term, known.term)) {
                if (severity(known.cls) < severity(best)) best = known.cls;
                return;
            }
        }
    };
    std::size_t start = 0;
    for (std::size_t i = 0; i <= consequence.size(); ++i) {
        if (i == consequence.size() || consequence[i] == '&' || consequence[i] == '+') {
            consider(consequence.substr(start, i - start));
            start = i + 1;
        }
    }
    return best;
}

std::int32_t parse_exon_number(std::string_view exon_field) {
    const auto slash = exon_field.find('/');
    std::string_view number = exon_field.substr(0, slash);
    // VEP writes "3-4/10" for variants spanning exons: report the first.
    const auto dash = number.find('-');
    if (dash != std::string_view::npos) number = number.substr(0, dash);
    std::int32_t value = 0;
    return parse_int32(number, value) ? value : 0;
}

std::string strip_hgvs_prefix(std::string_view hgvs) {
    const auto colon = hgvs.rfind(':');
    if (colon != std::string_view::npos) hgvs.remove_prefix(colon + 1);
    return percent_decode(hgvs);
}

}  // namespace pedtx
