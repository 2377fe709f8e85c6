// Position facts on a MANE Select transcript: genomic -> transcript (cDNA) -> coding coordinates,
// exon/intron, splice junctions, frame. Coordinates are 1-based closed throughout; exons are in
// transcript order (5' -> 3'), so on the minus strand exon 1 has the highest coordinates.
#include "pedtx/match/transcript_position.hpp"

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <vector>

#include "allele_bases.hpp"

namespace pedtx {

namespace {

// Splice site: intronic bases 1-2 from the junction; splice region: exonic 1-3, intronic 1-8
// (Sequence Ontology splice_donor/acceptor_variant and splice_region_variant).
constexpr std::int64_t kSpliceSiteBases = 2;
constexpr std::int64_t kSpliceRegionExonic = 3;
constexpr std::int64_t kSpliceRegionIntronic = 8;

// A locus's transcript laid out for coordinate conversion.
class TranscriptModel {
public:
    explicit TranscriptModel(const GeneLocus& locus) : locus_(locus), minus_(locus.strand == '-') {
        std::int64_t total = 0;
        for (const auto& [s, e] : locus.exons) {
            before_.push_back(total);
            total += e - s + 1;
        }
        length_ = total;
        if (locus.cds_start > 0 && locus.cds_end >= locus.cds_start) {
            const auto first = exonic_tx(minus_ ? locus.cds_end : locus.cds_start);
            const auto last = exonic_tx(minus_ ? locus.cds_start : locus.cds_end);
            if (first && last) {
                coding_first_ = *first;
                coding_last_ = *last;
            }
        }
    }

    bool minus() const { return minus_; }
    bool coding() const { return coding_first_ > 0; }
    std::int64_t coding_length() const { return coding() ? coding_last_ - coding_first_ + 1 : 0; }
    std::size_t exon_count() const { return locus_.exons.size(); }
    std::int64_t exon_start(std::size_t i) const { return locus_.exons[i].first; }
    std::int64_t exon_end(std::size_t i) const { return locus_.exons[i].second; }

    // Transcript (cDNA) position of an exonic base; nullopt when the base is in no exon.
    std::optional<std::int64_t> exonic_tx(std::int64_t g) const {
        for (std::size_t i = 0; i < locus_.exons.size(); ++i) {
            const auto [s, e] = locus_.exons[i];
            if (g >= s && g <= e) return before_[i] + (minus_ ? e - g : g - s) + 1;
        }
        return std::nullopt;
    }

    std::optional<std::int32_t> exon_of(std::int64_t g) const {
        for (std::size_t i = 0; i < locus_.exons.size(); ++i)
            if (g >= locus_.exons[i].first && g <= locus_.exons[i].second) return static_cast<std::int32_t>(i);
        return std::nullopt;
    }

    // Index i of the intron between exons i and i+1 (transcript order) holding g, if any.
    std::optional<std::int32_t> intron_of(std::int64_t g) const {
        for (std::size_t i = 0; i + 1 < locus_.exons.size(); ++i) {
            const std::int64_t lo = minus_ ? exon_end(i + 1) : exon_end(i);
            const std::int64_t hi = minus_ ? exon_start(i) : exon_start(i + 1);
            if (g > lo && g < hi) return static_cast<std::int32_t>(i);
        }
        return std::nullopt;
    }

    // Genomic coordinate of the base after which the junction lies, for the donor (end of exon
    // i) and acceptor (start of exon i+1) junctions of intron i.
    std::int64_t donor_junction(std::size_t i) const { return minus_ ? exon_start(i) - 1 : exon_end(i); }
    std::int64_t acceptor_junction(std::size_t i) const { return minus_ ? exon_end(i + 1) : exon_start(i + 1) - 1; }

    // Coding coordinate of a transcript position: c.N inside the CDS, c.-N before, c.*N after.
    std::string coding_text(std::int64_t tx) const {
        if (!coding()) return "n." + std::to_string(tx);
        if (tx < coding_first_) return "-" + std::to_string(coding_first_ - tx);
        if (tx > coding_last_) return "*" + std::to_string(tx - coding_last_);
        return std::to_string(tx - coding_first_ + 1);
    }
    std::int64_t coding_number(std::int64_t tx) const { return tx - coding_first_ + 1; }
    bool tx_is_coding(std::int64_t tx) const { return coding() && tx >= coding_first_ && tx <= coding_last_; }

    // HGVS position text of any genomic base (exonic, intronic with an offset, or beyond the
    // transcript ends, counted on from its first / last base).
    std::string position_text(std::int64_t g) const {
        if (const auto tx = exonic_tx(g)) return coding_text(*tx);
        if (const auto intron = intron_of(g)) {
            const std::size_t i = static_cast<std::size_t>(*intron);
            // Bases from the exon's edge: c.N+d after exon i, c.N-a before exon i+1 (HGVS: + on a tie).
            const std::int64_t d = minus_ ? exon_start(i) - g : g - exon_end(i);
            const std::int64_t a = minus_ ? g - exon_end(i + 1) : exon_start(i + 1) - g;
            if (d <= a) return coding_text(before_[i] + (exon_end(i) - exon_start(i) + 1)) + "+" + std::to_string(d);
            return coding_text(before_[i + 1] + 1) + "-" + std::to_string(a);
        }
        // Outside the transcript: upstream continues c.-N, downstream c.*N.
        const std::int64_t first = minus_ ? exon_end(0) : exon_start(0);
        const bool upstream = minus_ ? g > first : g < first;
        if (upstream) return coding_text(1 - std::llabs(g - first));
        const std::int64_t last = minus_ ? exon_start(exon_count() - 1) : exon_end(exon_count() - 1);
        return coding_text(length_ + std::llabs(g - last));
    }

    bool upstream(std::int64_t g) const { return minus_ ? g > exon_end(0) : g < exon_start(0); }

private:
    const GeneLocus& locus_;
    bool minus_;
    std::vector<std::int64_t> before_;  // exonic bases before exon i
    std::int64_t length_ = 0;
    std::int64_t coding_first_ = 0;  // transcript positions of c.1 and of the stop codon's last base
    std::int64_t coding_last_ = 0;
};

bool overlaps(std::int64_t a_start, std::int64_t a_end, std::int64_t b_start, std::int64_t b_end) {
    return a_start <= b_end && b_start <= a_end;
}

std::string transcript_strand(std::string_view bases, bool minus) {
    std::string out(bases);
    if (minus) {
        std::reverse(out.begin(), out.end());
        for (auto& c : out) c = allele_bases::complement(c);
    }
    return out;
}

}  // namespace

std::int64_t coding_length(const GeneLocus& locus) {
    if (locus.exons.empty()) return 0;
    return TranscriptModel(locus).coding_length();
}

std::optional<std::int64_t> genomic_position_of_coding(const GeneLocus& locus, std::int64_t coding_position) {
    if (locus.exons.empty() || coding_position < 1) return std::nullopt;
    const TranscriptModel model(locus);
    if (!model.coding() || coding_position > model.coding_length()) return std::nullopt;
    // Walk the exons' coding parts in transcript order.
    std::int64_t left = coding_position;
    for (std::size_t i = 0; i < locus.exons.size(); ++i) {
        const std::int64_t s = std::max(locus.exons[i].first, locus.cds_start);
        const std::int64_t e = std::min(locus.exons[i].second, locus.cds_end);
        if (s > e) continue;
        const std::int64_t n = e - s + 1;
        if (left <= n) return model.minus() ? e - (left - 1) : s + (left - 1);
        left -= n;
    }
    return std::nullopt;
}

std::optional<TranscriptFacts> transcript_facts(const GeneLocus& locus, std::int64_t pos, std::string_view ref,
                                                std::string_view alt) {
    if (locus.exons.empty()) return std::nullopt;
    // Trim the shared suffix, then the shared prefix (the VCF anchor base): left-most placement.
    const std::size_t prefix = allele_bases::trim_shared_bases(ref, alt);
    if (ref.empty() && alt.empty()) return std::nullopt;

    const TranscriptModel model(locus);
    TranscriptFacts f;
    f.transcript = locus.mane_refseq;
    f.exon_count = static_cast<std::int32_t>(model.exon_count());
    const std::int64_t start = pos + static_cast<std::int64_t>(prefix);
    const bool insertion = ref.empty();
    // Touched bases: the replaced ones, or both flanks of a pure insertion.
    const std::int64_t lo = insertion ? start - 1 : start;
    const std::int64_t hi = insertion ? start : start + static_cast<std::int64_t>(ref.size()) - 1;
    f.indel_length = static_cast<std::int64_t>(alt.size()) - static_cast<std::int64_t>(ref.size());

    // Exon and intron.
    std::int64_t exonic_bases = 0, coding_bases = 0;
    std::int64_t c_min = std::numeric_limits<std::int64_t>::max(), c_max = 0;
    for (std::size_t i = 0; i < model.exon_count(); ++i) {
        const std::int64_t s = model.exon_start(i), e = model.exon_end(i);
        if (!overlaps(lo, hi, s, e)) continue;
        if (f.exon == 0) f.exon = static_cast<std::int32_t>(i) + 1;
        exonic_bases += std::min(hi, e) - std::max(lo, s) + 1;
        if (!model.coding()) continue;
        const std::int64_t cs = std::max({lo, s, locus.cds_start}), ce = std::min({hi, e, locus.cds_end});
        if (cs > ce) continue;
        coding_bases += ce - cs + 1;
        for (const std::int64_t g : {cs, ce}) {
            const std::int64_t c = model.coding_number(*model.exonic_tx(g));
            c_min = std::min(c_min, c);
            c_max = std::max(c_max, c);
        }
    }
    const std::int64_t touched = hi - lo + 1;
    if (f.exon > 0) {
        f.region = TranscriptRegion::exon;
    } else if (const auto intron = model.intron_of(lo); intron && model.intron_of(hi) == intron) {
        f.region = TranscriptRegion::intron;
        f.intron = *intron + 1;
    } else {
        f.region = model.upstream(lo) && model.upstream(hi) ? TranscriptRegion::upstream : TranscriptRegion::downstream;
    }
    if (coding_bases > 0) {
        f.cds_start = c_min;
        f.cds_end = c_max;
        f.codon = static_cast<std::int32_t>((c_min - 1) / 3 + 1);
    }
    f.in_cds = coding_bases == touched;

    // Splice junctions: distance, sites, regions. An insertion touches a window when both of its
    // flanks lie in it; a replacement when any of its bases does.
    const auto touches = [&](std::int64_t w_start, std::int64_t w_end) {
        if (w_start > w_end) return false;
        return insertion ? (lo >= w_start && hi <= w_end) : overlaps(lo, hi, w_start, w_end);
    };
    std::int64_t best_distance = -1;
    for (std::size_t i = 0; i + 1 < model.exon_count(); ++i) {
        for (const bool donor : {true, false}) {
            // The junction lies between genomic bases j and j+1; `exon_side_low`: the exon is
            // on the low-coordinate side of it.
            const std::int64_t j = donor ? model.donor_junction(i) : model.acceptor_junction(i);
            const bool exon_side_low = donor != model.minus();
            const std::int32_t exon_number = static_cast<std::int32_t>(donor ? i + 1 : i + 2);
            std::int64_t distance = 0;
            if (lo <= j && hi >= j + 1)
                distance = 0;
            else if (hi <= j)
                distance = j - hi + 1;
            else
                distance = lo - j;
            if (insertion && lo == j) distance = 0;  // inserted right at the junction
            if (best_distance < 0 || distance < best_distance) best_distance = distance;
            const std::int64_t intron_lo = exon_side_low ? j + 1 : j - kSpliceRegionIntronic + 1;
            const std::int64_t intron_hi = exon_side_low ? j + kSpliceRegionIntronic : j;
            const std::int64_t exon_lo = exon_side_low ? j - kSpliceRegionExonic + 1 : j + 1;
            const std::int64_t exon_hi = exon_side_low ? j : j + kSpliceRegionExonic;
            const std::int64_t site_lo = exon_side_low ? j + 1 : j - kSpliceSiteBases + 1;
            const std::int64_t site_hi = exon_side_low ? j + kSpliceSiteBases : j;
            const bool spans = !insertion && lo <= j && hi >= j + 1;
            if (touches(site_lo, site_hi) || spans) {
                if (!f.splice_site) f.splice_exon = exon_number;
                f.splice_site = true;
            }
            if (spans || touches(std::min(intron_lo, exon_lo), std::max(intron_hi, exon_hi))) f.splice_region = true;
        }
    }
    f.splice_distance = static_cast<std::int32_t>(best_distance);
    if (f.region == TranscriptRegion::intron) {
        // HGVS offset of the touched base nearest to an exon.
        const std::size_t i = static_cast<std::size_t>(f.intron - 1);
        std::int64_t best = 0;
        for (const std::int64_t g : {lo, hi}) {
            const std::int64_t d = model.minus() ? model.exon_start(i) - g : g - model.exon_end(i);
            const std::int64_t a = model.minus() ? g - model.exon_end(i + 1) : model.exon_start(i + 1) - g;
            const std::int64_t offset = d <= a ? d : -a;
            if (best == 0 || std::llabs(offset) < std::llabs(best)) best = offset;
        }
        f.intron_offset = static_cast<std::int32_t>(best);
    }

    // Frame and class.
    if (f.indel_length != 0)
        f.frame = !f.in_cds || f.splice_site ? IndelFrame::not_coding
                  : f.indel_length % 3 == 0  ? IndelFrame::inframe
                                             : IndelFrame::frameshift;
    const bool touches_start_codon = coding_bases > 0 && c_min <= 3;
    if (f.splice_site) {
        f.variant_class = VariantClass::splice;
    } else if (f.in_cds && f.indel_length != 0) {
        if (f.frame == IndelFrame::frameshift)
            f.variant_class = VariantClass::frameshift;
        else if (touches_start_codon)
            f.variant_class = VariantClass::start_lost;
        else
            f.variant_class = f.indel_length > 0 ? VariantClass::inframe_insertion : VariantClass::inframe_deletion;
    } else if (f.in_cds) {
        f.variant_class = VariantClass::other;  // a substitution: its effect needs the reference
    } else if (coding_bases == 0 && exonic_bases == touched && model.coding()) {
        f.variant_class = VariantClass::utr;
    } else if (exonic_bases == 0 && f.region == TranscriptRegion::intron) {
        f.variant_class = VariantClass::intronic;
    }

    // c. notation in transcript order (no 3' shift, no dup detection: that needs the reference).
    const std::string first = model.position_text(model.minus() ? hi : lo);
    const std::string last = model.position_text(model.minus() ? lo : hi);
    const std::string inserted = transcript_strand(alt, model.minus());
    if (insertion) {
        f.hgvsc = "c." + first + "_" + last + "ins" + inserted;
    } else if (alt.empty()) {
        f.hgvsc = "c." + first + (lo == hi ? "" : "_" + last) + "del";
    } else if (ref.size() == 1 && alt.size() == 1) {
        f.hgvsc = "c." + first + transcript_strand(ref, model.minus()) + ">" + inserted;
    } else {
        f.hgvsc = "c." + first + (lo == hi ? "" : "_" + last) + "delins" + inserted;
    }
    return f;
}

}  // namespace pedtx
