// Position facts on MANE Select transcripts (exon/intron, splice distance, coding position,
// codon, indel frame) from the bundled gene tables, on both strands and both builds; the
// translation of substitutions against a small made-up FASTA; exon, ITD, splice-site and
// truncating rules matched from these facts alone.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include <unistd.h>

#include "pedtx/core/error.hpp"
#include "pedtx/io/reference_genome.hpp"
#include "pedtx/kb/knowledgebase.hpp"
#include "pedtx/match/matcher.hpp"
#include "pedtx/match/transcript_position.hpp"
#include "pedtx/match/translation.hpp"
#include "pedtx/util/text.hpp"

using namespace pedtx;

namespace {

std::shared_ptr<const Knowledgebase> bundled_kb() {
    static const auto kb = Knowledgebase::load(std::filesystem::path(PEDTX_SOURCE_DIR) / "knowledgebase");
    return kb;
}

const GeneLocus& locus(GenomeBuild build, const std::string& gene) {
    const GeneLocus* l = bundled_kb()->locus(build, gene);
    REQUIRE(l != nullptr);
    return *l;
}

std::int64_t genomic(const GeneLocus& l, std::int64_t c) {
    const auto g = genomic_position_of_coding(l, c);
    REQUIRE(g.has_value());
    return *g;
}

TranscriptFacts facts(const GeneLocus& l, std::int64_t pos, const std::string& ref, const std::string& alt) {
    const auto f = transcript_facts(l, pos, ref, alt);
    REQUIRE(f.has_value());
    return *f;
}

// Exon `number` (transcript order) of a locus: its 5' and 3' genomic ends in transcript direction.
std::pair<std::int64_t, std::int64_t> exon_ends(const GeneLocus& l, int number) {
    const auto [s, e] = l.exons.at(static_cast<std::size_t>(number - 1));
    return l.strand == '-' ? std::make_pair(e, s) : std::make_pair(s, e);
}

}  // namespace

TEST_CASE("NPM1 type A insertion (c.860_863dup) on the plus strand, both builds", "[position]") {
    // Published VCF alleles of NPM1 c.860_863dup (p.W288Cfs*12, COSM17559): GRCh37
    // 5:170837543 C>CTCTG, GRCh38 5:171410539 C>CTCTG. Left-aligned, TCTG is inserted before
    // c.860, i.e. between c.859 and c.860.
    for (const auto& [build, pos] : {std::pair{GenomeBuild::GRCh37, 170837543LL}, {GenomeBuild::GRCh38, 171410539LL}}) {
        const GeneLocus& npm1 = locus(build, "NPM1");
        CHECK(npm1.strand == '+');
        const auto f = facts(npm1, pos, "C", "CTCTG");
        CHECK(f.transcript == "NM_002520.7");
        CHECK(f.region == TranscriptRegion::exon);
        CHECK(f.exon == 11);
        CHECK(f.exon_count == 11);
        CHECK(f.cds_start == 859);
        CHECK(f.cds_end == 860);
        CHECK(f.codon == 287);
        CHECK(f.in_cds);
        CHECK(f.indel_length == 4);
        CHECK(f.frame == IndelFrame::frameshift);
        CHECK(f.variant_class == VariantClass::frameshift);
        CHECK_FALSE(f.splice_site);
        CHECK(f.hgvsc == "c.859_860insTCTG");
        CHECK(genomic(npm1, 860) == pos + 1);
    }
}

TEST_CASE("FLT3-ITD on the minus strand, both builds", "[position]") {
    // vcf2maf's test MAF (GRCh37, ENST00000241453 = the MANE transcript): a 69-bp insertion
    // after 13:28608242, written by VEP as c.1813_1814ins... in exon 14/24.
    const std::string inserted_plus = "ACTCCCATTTGAGATCATATTCATATTCTCTGAAATCAACGTAGAAGTACTCATTACCCCCTCGGGGGG";
    const std::string inserted_transcript = "CCCCCCGAGGGGGTAATGAGTACTTCTACGTTGATTTCAGAGAATATGAATATGATCTCAAATGGGAGT";
    const GeneLocus& flt3_37 = locus(GenomeBuild::GRCh37, "FLT3");
    CHECK(flt3_37.strand == '-');
    CHECK(genomic(flt3_37, 1814) == 28608242);
    for (const auto build : {GenomeBuild::GRCh37, GenomeBuild::GRCh38}) {
        const GeneLocus& flt3 = locus(build, "FLT3");
        // The anchor base is made up ('A'); the inserted bases are the MAF's.
        const std::int64_t anchor = genomic(flt3, 1814);
        const auto f = facts(flt3, anchor, "A", "A" + inserted_plus);
        CHECK(f.exon == 14);
        CHECK(f.exon_count == 24);
        CHECK(f.cds_start == 1813);
        CHECK(f.cds_end == 1814);
        CHECK(f.codon == 605);
        CHECK(f.frame == IndelFrame::inframe);
        CHECK(f.indel_length == 69);
        CHECK(f.variant_class == VariantClass::inframe_insertion);
        CHECK(f.hgvsc == "c.1813_1814ins" + inserted_transcript);
    }
}

TEST_CASE("coding positions map back and forth on both strands", "[position]") {
    for (const auto build : {GenomeBuild::GRCh37, GenomeBuild::GRCh38}) {
        for (const std::string gene : {"NPM1", "FLT3", "KIT", "BRAF"}) {
            const GeneLocus& l = locus(build, gene);
            const std::int64_t length = coding_length(l);
            REQUIRE(length % 3 == 0);
            CHECK(genomic(l, 1) == (l.strand == '+' ? l.cds_start : l.cds_end));
            CHECK(genomic(l, length) == (l.strand == '+' ? l.cds_end : l.cds_start));
            CHECK_FALSE(genomic_position_of_coding(l, length + 1).has_value());
            for (const std::int64_t c : {std::int64_t{1}, std::int64_t{2}, length / 2, length}) {
                const auto f = facts(l, genomic(l, c), "A", "C");
                CHECK(f.cds_start == c);
                CHECK(f.codon == (c - 1) / 3 + 1);
                CHECK(f.in_cds);
                CHECK(f.frame == IndelFrame::not_indel);
                CHECK(f.variant_class == VariantClass::other);  // a substitution needs the reference
            }
        }
    }
    // BRAF V600 (c.1799) and KIT D816 (c.2447) lie in their well-known exons 15 and 17.
    CHECK(facts(locus(GenomeBuild::GRCh38, "BRAF"), 140753336, "A", "T").exon == 15);
    CHECK(facts(locus(GenomeBuild::GRCh38, "BRAF"), 140753336, "A", "T").cds_start == 1799);
    CHECK(facts(locus(GenomeBuild::GRCh37, "BRAF"), 140453136, "A", "T").cds_start == 1799);
    CHECK(facts(locus(GenomeBuild::GRCh38, "KIT"), genomic(locus(GenomeBuild::GRCh38, "KIT"), 2447), "A", "T").exon ==
          17);
}

TEST_CASE("exon boundaries, splice sites and splice distances", "[position]") {
    for (const auto build : {GenomeBuild::GRCh37, GenomeBuild::GRCh38}) {
        for (const std::string gene : {"NPM1", "FLT3"}) {
            const GeneLocus& l = locus(build, gene);
            const int step = l.strand == '+' ? 1 : -1;  // genomic direction of the transcript
            const auto [exon5_first, exon5_last] = exon_ends(l, 5);
            const auto [exon6_first, exon6_last] = exon_ends(l, 6);
            (void)exon5_first;
            (void)exon6_last;
            // Last base of exon 5: exonic, next to the junction, splice region, not a splice site.
            auto f = facts(l, exon5_last, "A", "C");
            CHECK(f.region == TranscriptRegion::exon);
            CHECK(f.exon == 5);
            CHECK(f.splice_distance == 1);
            CHECK(f.splice_region);
            CHECK_FALSE(f.splice_site);
            // Intron 5, +1 and +2: the donor of exon 5.
            for (const int offset : {1, 2}) {
                f = facts(l, exon5_last + step * offset, "A", "C");
                CHECK(f.region == TranscriptRegion::intron);
                CHECK(f.intron == 5);
                CHECK(f.intron_offset == offset);
                CHECK(f.splice_distance == offset);
                CHECK(f.splice_site);
                CHECK(f.splice_exon == 5);
                CHECK(f.variant_class == VariantClass::splice);
                // "A>C" on the genome is "T>G" on a minus-strand transcript.
                CHECK(f.hgvsc.find("+" + std::to_string(offset) + (step > 0 ? "A>C" : "T>G")) != std::string::npos);
            }
            // +3: splice region only; +9: plain intron.
            f = facts(l, exon5_last + step * 3, "A", "C");
            CHECK_FALSE(f.splice_site);
            CHECK(f.splice_region);
            CHECK(f.variant_class == VariantClass::intronic);
            f = facts(l, exon5_last + step * 9, "A", "C");
            CHECK_FALSE(f.splice_region);
            CHECK(f.splice_distance == 9);
            // -1 and -2 before exon 6: its acceptor.
            for (const int offset : {1, 2}) {
                f = facts(l, exon6_first - step * offset, "A", "C");
                CHECK(f.intron == 5);
                CHECK(f.intron_offset == -offset);
                CHECK(f.splice_site);
                CHECK(f.splice_exon == 6);
            }
            // First base of exon 6.
            f = facts(l, exon6_first, "A", "C");
            CHECK(f.exon == 6);
            CHECK(f.splice_distance == 1);
            // A deletion across the exon 5 / intron 5 junction: splice, distance 0.
            const std::int64_t del_start = step > 0 ? exon5_last - 2 : exon5_last - 3;
            f = facts(l, del_start, "AAAAA", "A");
            CHECK(f.splice_distance == 0);
            CHECK(f.splice_site);
            CHECK(f.splice_exon == 5);
            CHECK(f.exon == 5);
            CHECK(f.variant_class == VariantClass::splice);
            CHECK(f.frame == IndelFrame::not_coding);
        }
    }
}

TEST_CASE("indel frames inside and outside the coding sequence", "[position]") {
    for (const auto build : {GenomeBuild::GRCh37, GenomeBuild::GRCh38}) {
        const GeneLocus& kit = locus(build, "KIT");
        // KIT c.1669_1674del (p.W557_K558del), the common exon 11 deletion; the anchor is
        // c.1668 and the REF bases are made up (only their count matters here).
        const std::int64_t anchor = genomic(kit, 1668);
        auto f = facts(kit, anchor, "CTGGAAG", "C");
        CHECK(f.exon == 11);
        CHECK(f.cds_start == 1669);
        CHECK(f.cds_end == 1674);
        CHECK(f.codon == 557);
        CHECK(f.frame == IndelFrame::inframe);
        CHECK(f.indel_length == -6);
        CHECK(f.variant_class == VariantClass::inframe_deletion);
        CHECK(f.hgvsc == "c.1669_1674del");
        // One base fewer: a frameshift.
        f = facts(kit, anchor, "CTGGAA", "C");
        CHECK(f.frame == IndelFrame::frameshift);
        CHECK(f.variant_class == VariantClass::frameshift);
        // An insertion of 3 bases: in frame.
        f = facts(kit, anchor, "C", "CGGT");
        CHECK(f.variant_class == VariantClass::inframe_insertion);
        // A delins of equal net length 0 is a substitution (needs the reference for its class).
        f = facts(kit, anchor, "CTG", "CAA");
        CHECK(f.frame == IndelFrame::not_indel);
        // Before c.1: 5' UTR; the start codon: start_lost.
        f = facts(kit, genomic(kit, 1) - (kit.strand == '+' ? 1 : -1), "A", "C");
        CHECK(f.variant_class == VariantClass::utr);
        CHECK(f.hgvsc.rfind("c.-1", 0) == 0);
        f = facts(kit, genomic(kit, 1), "AAAA", "A");
        CHECK(f.variant_class == VariantClass::start_lost);
        // Upstream of the transcript.
        f = facts(kit, kit.tx_start - 100, "A", "C");
        CHECK(f.region == TranscriptRegion::upstream);
        CHECK(f.exon == 0);
        CHECK(f.variant_class == VariantClass::other);
    }
    // Same alleles give no facts.
    CHECK_FALSE(transcript_facts(locus(GenomeBuild::GRCh38, "KIT"), 54733155, "A", "A").has_value());
}

TEST_CASE("exon, ITD, splice-site and truncating rules match from the facts alone", "[position][match]") {
    const GeneLocus& npm1 = locus(GenomeBuild::GRCh38, "NPM1");
    Variant bare;
    bare.gene = "NPM1";
    bare.pos = 171410539;
    bare.ref = "C";
    bare.alt = "CTCTG";
    std::vector<std::string> notes;
    const Variant v =
        complete_from_facts(bare, facts(npm1, 171410539, "C", "CTCTG"), std::nullopt, VariantClass::other, notes);
    CHECK(v.exon == 11);
    CHECK(v.exon_from_tables);
    CHECK(v.variant_class == VariantClass::frameshift);
    CHECK(v.class_from_tables);
    CHECK(notes.empty());
    AlterationRule exon11{.type = RuleType::exon,
                          .gene = "NPM1",
                          .exon = 11,
                          .classes = {VariantClass::frameshift, VariantClass::inframe_insertion}};
    CHECK(rule_matches(exon11, v));
    CHECK_FALSE(rule_matches(exon11, bare));
    // The last exon: no NMD, so a "before the last exon" loss-of-function rule does not match.
    AlterationRule lof{.type = RuleType::loss_of_function, .gene = "NPM1"};
    CHECK(rule_matches(lof, v));
    lof.before_last_exon = true;
    CHECK_FALSE(rule_matches(lof, v));

    // FLT3-ITD: ITD rules with exons and a minimum length.
    const GeneLocus& flt3 = locus(GenomeBuild::GRCh38, "FLT3");
    Variant itd;
    itd.gene = "FLT3";
    const std::string inserted(30, 'A');
    const Variant itd_done = complete_from_facts(itd, facts(flt3, genomic(flt3, 1814), "C", "C" + inserted),
                                                 std::nullopt, VariantClass::other, notes);
    AlterationRule itd_rule{.type = RuleType::itd, .gene = "FLT3"};
    CHECK(rule_matches(itd_rule, itd_done));
    itd_rule.exons = {14, 15};
    CHECK(rule_matches(itd_rule, itd_done));
    itd_rule.exons = {20};
    CHECK_FALSE(rule_matches(itd_rule, itd_done));
    itd_rule.exons = {14};
    itd_rule.min_length = 31;
    CHECK_FALSE(rule_matches(itd_rule, itd_done));
    itd_rule.min_length = 30;
    CHECK(rule_matches(itd_rule, itd_done));
    // A frameshifting insertion is no ITD.
    const Variant fs = complete_from_facts(itd, facts(flt3, genomic(flt3, 1814), "C", "CAAAA"), std::nullopt,
                                           VariantClass::other, notes);
    CHECK_FALSE(rule_matches(AlterationRule{.type = RuleType::itd, .gene = "FLT3"}, fs));

    // Splice-site rule on an exon (MET exon 14 skipping style, on FLT3 exon 14 here): a VEP
    // splice_donor_variant carries no exon number; the facts name the exon whose donor it hits.
    const auto [first14, last14] = exon_ends(flt3, 14);
    Variant donor;
    donor.gene = "FLT3";
    donor.annotation_source = "VEP";
    donor.variant_class = VariantClass::splice;
    AlterationRule splice14{.type = RuleType::exon, .gene = "FLT3", .exon = 14, .classes = {VariantClass::splice}};
    CHECK_FALSE(rule_matches(splice14, donor));
    const Variant donor_done =
        complete_from_facts(donor, facts(flt3, last14 - 1, "A", "C"), std::nullopt, VariantClass::other, notes);
    CHECK(rule_matches(splice14, donor_done));
    const Variant acceptor_done =
        complete_from_facts(donor, facts(flt3, first14 + 2, "A", "C"), std::nullopt, VariantClass::other, notes);
    CHECK(rule_matches(splice14, acceptor_done));
    const Variant exon13_donor = complete_from_facts(donor, facts(flt3, exon_ends(flt3, 13).second - 1, "A", "C"),
                                                     std::nullopt, VariantClass::other, notes);
    CHECK_FALSE(rule_matches(splice14, exon13_donor));
    const Variant deep =
        complete_from_facts(donor, facts(flt3, last14 - 5, "A", "C"), std::nullopt, VariantClass::other, notes);
    CHECK_FALSE(rule_matches(splice14, deep));
}

TEST_CASE("the annotation wins over the tables and the report says so", "[position][match]") {
    const GeneLocus& npm1 = locus(GenomeBuild::GRCh38, "NPM1");
    Variant vep;
    vep.gene = "NPM1";
    vep.annotation_source = "VEP";
    vep.transcript = "NM_002520.7";
    vep.transcript_selection = "mane_select";
    vep.variant_class = VariantClass::frameshift;
    vep.exon = 12;  // disagrees with the table's exon 11
    std::vector<std::string> notes;
    const Variant v =
        complete_from_facts(vep, facts(npm1, 171410539, "C", "CTCTG"), std::nullopt, VariantClass::other, notes);
    CHECK(v.exon == 12);
    CHECK_FALSE(v.exon_from_tables);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0].find("exon 12") != std::string::npos);
    CHECK(notes[0].find("exon 11") != std::string::npos);
    // On another transcript the numbers may differ: no note.
    vep.transcript_selection = "canonical";
    notes.clear();
    complete_from_facts(vep, facts(npm1, 171410539, "C", "CTCTG"), std::nullopt, VariantClass::other, notes);
    CHECK(notes.empty());
}

TEST_CASE("matcher: bcftools csq and bare alleles reach the NPM1 and FLT3 evidence", "[position][match]") {
    const auto kb = bundled_kb();
    const Matcher matcher(*kb, GenomeBuild::GRCh38);
    Variant allele;
    allele.chrom = "5";
    allele.chrom_index = chrom_index("5");
    allele.pos = 171410539;
    allele.ref = "C";
    allele.alt = "CTCTG";
    // Bare: no annotation at all.
    auto findings = matcher.match_allele(allele, {});
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].gene == "NPM1");
    CHECK(findings[0].matched_by == MatchedBy::transcript_tables);
    CHECK(findings[0].alteration == "c.859_860insTCTG");
    CHECK_FALSE(findings[0].evidence.empty());
    std::vector<std::string> bare_ids;
    for (const auto& e : findings[0].evidence) {
        bare_ids.push_back(e.item->id);
        CHECK(e.matched_by == MatchedBy::transcript_tables);
    }
    // bcftools csq: class and protein, no exon.
    Variant bcsq = allele;
    bcsq.gene = "NPM1";
    bcsq.annotation_source = "bcftools_csq";
    bcsq.transcript = "ENST00000296930";
    bcsq.transcript_selection = "mane_select";
    bcsq.variant_class = VariantClass::frameshift;
    findings = matcher.match_allele(allele, {bcsq});
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].matched_by == MatchedBy::annotation);
    std::vector<std::string> bcsq_ids;
    for (const auto& e : findings[0].evidence) bcsq_ids.push_back(e.item->id);
    CHECK(bcsq_ids == bare_ids);
    CHECK(findings[0].variant.exon == 11);
    // VEP with EXON 11: the same evidence, matched by the annotation.
    Variant vep = bcsq;
    vep.annotation_source = "VEP";
    vep.exon = 11;
    findings = matcher.match_allele(allele, {vep});
    REQUIRE(findings.size() == 1);
    std::vector<std::string> vep_ids;
    for (const auto& e : findings[0].evidence) {
        vep_ids.push_back(e.item->id);
        CHECK(e.matched_by == MatchedBy::annotation);
    }
    CHECK(vep_ids == bare_ids);
}

namespace {

// A made-up two-exon gene on each strand of a made-up 600-base chromosome 1, with a FASTA
// written here: the sequence is made up around the tested codons.
struct MadeUpReference {
    std::filesystem::path dir;
    std::filesystem::path fasta;
    GeneLocus plus;
    GeneLocus minus;
    std::string sequence;

    MadeUpReference() {
        dir = std::filesystem::temp_directory_path() / ("pedtx_ref_" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir);
        fasta = dir / "made_up.fa";
        sequence.assign(600, 'A');
        // Plus-strand gene: exon 1 = 101..115 (CDS from 104), exon 2 = 201..230 (CDS to 215).
        // Coding: c.1-12 at 104..115, c.13-24 at 201..212 (CDS ends at 212).
        // Codons: ATG GCT GTG CGA | TGG AAG TTC TGA -> M A V R W K F *
        put(104, "ATGGCTGTGCGA");
        put(201, "TGGAAGTTCTGA");
        plus.symbol = "MADEUP1";
        plus.chrom = chrom_index("1");
        plus.strand = '+';
        plus.mane_refseq = "NM_MADEUP1.1";
        plus.tx_start = 101;
        plus.tx_end = 230;
        plus.cds_start = 104;
        plus.cds_end = 212;
        plus.exons = {{101, 115}, {201, 230}};
        // Minus-strand gene: exon 1 = 481..500 (CDS from 490 down: c.1-10 at 490..481), exon 2 =
        // 401..409 (c.11-15 at 409..405). Transcript ATG GAC GTT C | AG TGA: M D V Q *; codon 4
        // straddles the intron.
        put(481, reverse_complement("ATGGACGTTC"));  // 481..490, read backwards from 490
        put(405, reverse_complement("AGTGA"));       // 405..409, read backwards from 409: c.11..c.15
        minus.symbol = "MADEUP2";
        minus.chrom = chrom_index("1");
        minus.strand = '-';
        minus.mane_refseq = "NM_MADEUP2.1";
        minus.tx_start = 401;
        minus.tx_end = 500;
        minus.cds_start = 405;
        minus.cds_end = 490;
        minus.exons = {{481, 500}, {401, 409}};
        std::ofstream out(fasta);
        out << ">chr1 made up\n";  // 14 bytes: the first base is at offset 14
        for (std::size_t i = 0; i < sequence.size(); i += 60) out << sequence.substr(i, 60) << "\n";
        out.close();
        // .fai: name, length, offset of the first base, bases per line, bytes per line.
        std::ofstream fai(fasta.string() + ".fai");
        fai << "chr1\t600\t14\t60\t61\n";
    }
    ~MadeUpReference() { std::filesystem::remove_all(dir); }

    void put(std::int64_t pos, const std::string& bases) { sequence.replace(pos - 1, bases.size(), bases); }
    static std::string reverse_complement(std::string s) {
        std::reverse(s.begin(), s.end());
        for (auto& c : s) c = c == 'A' ? 'T' : c == 'T' ? 'A' : c == 'C' ? 'G' : 'C';
        return s;
    }
};

}  // namespace

TEST_CASE("reference FASTA: bases, REF check and translation on both strands", "[position][reference]") {
    MadeUpReference made_up;
    const ReferenceGenome reference(made_up.fasta);
    CHECK(reference.has_chrom(chrom_index("1")));
    CHECK_FALSE(reference.has_chrom(chrom_index("2")));
    CHECK(reference.chrom_length(chrom_index("chr1")) == 600);
    CHECK(reference.bases(chrom_index("1"), 104, 106) == std::optional<std::string>("ATG"));
    CHECK(reference.bases(chrom_index("1"), 599, 601) == std::nullopt);
    CHECK(reference.bases(chrom_index("2"), 1, 1) == std::nullopt);

    CHECK(translate_codon("ATG") == 'M');
    CHECK(translate_codon("TGA") == '*');
    CHECK(translate_codon("GTG") == 'V');
    CHECK(translate_codon("GAG") == 'E');
    CHECK(translate_codon("NTG") == 'X');

    // Plus strand: V3 (GTG at 110..112) -> E (GAG).
    auto t = translate_substitution(made_up.plus, reference, 111, "T", "A");
    REQUIRE(t);
    CHECK(t->ref_matches);
    CHECK(t->protein.normalized == "V3E");
    CHECK(t->variant_class == VariantClass::missense);
    // Synonymous: GCT -> GCC (A2=).
    t = translate_substitution(made_up.plus, reference, 109, "T", "C");
    REQUIRE(t);
    CHECK(t->protein.normalized == "A2=");
    CHECK(t->variant_class == VariantClass::synonymous);
    // Stop gained: TGG (W5, 201..203) -> TAG.
    t = translate_substitution(made_up.plus, reference, 202, "G", "A");
    REQUIRE(t);
    CHECK(t->protein.normalized == "W5*");
    CHECK(t->variant_class == VariantClass::stop_gained);
    // MNV over two codons: GTG CGA -> GAG CTA (V3E, R4L) as a delins.
    t = translate_substitution(made_up.plus, reference, 111, "TGCG", "AGCT");
    REQUIRE(t);
    CHECK(t->protein.normalized == "V3_R4delinsEL");
    // Start lost.
    t = translate_substitution(made_up.plus, reference, 104, "A", "C");
    REQUIRE(t);
    CHECK(t->variant_class == VariantClass::start_lost);
    // REF that is not the reference: no translation, flagged.
    t = translate_substitution(made_up.plus, reference, 111, "G", "A");
    REQUIRE(t);
    CHECK_FALSE(t->ref_matches);
    // Intronic and indel alleles are not translated.
    CHECK_FALSE(translate_substitution(made_up.plus, reference, 150, "A", "C"));
    CHECK_FALSE(translate_substitution(made_up.plus, reference, 110, "G", "GT"));

    // Minus strand: D2 (GAC: c.4-6 at 487..485) -> V (GTC): c.5A>T, genomic 486 T>A.
    t = translate_substitution(made_up.minus, reference, 486, "T", "A");
    REQUIRE(t);
    CHECK(t->protein.normalized == "D2V");
    // Q4 straddles the intron: C at 481 (c.10), AG at 409..408 (c.11-12). c.10C>T gives TAG (stop).
    t = translate_substitution(made_up.minus, reference, 481, "G", "A");
    REQUIRE(t);
    CHECK(t->protein.normalized == "Q4*");
    const auto f = transcript_facts(made_up.minus, 481, "G", "A");
    REQUIRE(f);
    CHECK(f->cds_start == 10);
    CHECK(f->exon == 1);
    CHECK(f->splice_distance == 1);
}

TEST_CASE("reference FASTA: a missing index is a clear error", "[position][reference]") {
    const auto dir = std::filesystem::temp_directory_path() / ("pedtx_noindex_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto fasta = dir / "no_index.fa";
    std::ofstream(fasta) << ">1\nACGT\n";
    try {
        ReferenceGenome reference(fasta);
        FAIL("expected an InputError");
    } catch (const InputError& e) {
        CHECK(std::string(e.what()).find("samtools faidx") != std::string::npos);
        CHECK(std::string(e.what()).find("no_index.fa") != std::string::npos);
    }
    CHECK_THROWS_AS(ReferenceGenome(dir / "absent.fa"), InputError);
    std::filesystem::remove_all(dir);
}

TEST_CASE("reference FASTA: bases across line ends, lower case, and a FASTA shorter than its .fai",
          "[position][reference]") {
    MadeUpReference made_up;
    {
        const ReferenceGenome reference(made_up.fasta);
        // 60 bases per line: 58..63 runs across the first line end.
        CHECK(reference.bases(chrom_index("1"), 58, 63) == std::optional<std::string>(made_up.sequence.substr(57, 6)));
        CHECK(reference.bases(chrom_index("1"), 600, 600) ==
              std::optional<std::string>(made_up.sequence.substr(599, 1)));
    }
    // Soft-masked (lower-case) bases come back upper-cased.
    {
        std::ofstream out(made_up.fasta);
        std::string lower = made_up.sequence;
        for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        out << ">chr1 made up\n";
        for (std::size_t i = 0; i < lower.size(); i += 60) out << lower.substr(i, 60) << "\n";
    }
    CHECK(ReferenceGenome(made_up.fasta).bases(chrom_index("1"), 104, 106) == std::optional<std::string>("ATG"));
    // Cut after indexing: refused when opened (a memory-mapped read past the end would crash).
    std::filesystem::resize_file(made_up.fasta, 300);
    try {
        const ReferenceGenome cut(made_up.fasta);
        FAIL("a FASTA shorter than its .fai was accepted");
    } catch (const InputError& e) {
        const std::string what = e.what();
        CHECK(what.find("made_up.fa") != std::string::npos);
        CHECK(what.find("samtools faidx") != std::string::npos);
        CHECK(what.find("300 bytes") != std::string::npos);
    }
}

TEST_CASE("reference FASTA: dense sweeps, jumps between chromosomes and a file cut while open", "[reference]") {
    // Two made-up chromosomes (random bases, seed fixed) of 150,001 and 90,007 bases, written with
    // different line widths, the second with Windows line ends; every read is compared with the
    // sequence it was written from. Dense sweeps grow the reader's window, jumps shrink it.
    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("pedtx_ref_sweep_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::filesystem::path fasta = dir / "sweep.fa";
    std::mt19937 random(20261202);
    const auto made_up = [&](std::size_t length) {
        std::string s(length, 'A');
        for (auto& c : s) c = "ACGTacgtN"[random() % 9];
        return s;
    };
    const std::string one = made_up(150001), two = made_up(90007);
    {
        std::ofstream out(fasta, std::ios::binary);
        std::ofstream fai(fasta.string() + ".fai");
        out << ">1\n";
        fai << "1\t" << one.size() << "\t3\t60\t61\n";
        for (std::size_t i = 0; i < one.size(); i += 60) out << one.substr(i, 60) << "\n";
        const auto offset = static_cast<std::int64_t>(out.tellp()) + 7;  // after ">chr2\r\n"
        out << ">chr2\r\n";
        fai << "chr2\t" << two.size() << "\t" << offset << "\t70\t72\n";
        for (std::size_t i = 0; i < two.size(); i += 70) out << two.substr(i, 70) << "\r\n";
    }
    const auto upper = [](std::string s) {
        for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return s;
    };
    const auto expect = [&](const std::string& seq, std::int64_t start, std::int64_t end) {
        return std::optional<std::string>(
            upper(seq.substr(static_cast<std::size_t>(start - 1), static_cast<std::size_t>(end - start + 1))));
    };
    const ChromIndex chr1 = chrom_index("1"), chr2 = chrom_index("2");
    {
        const ReferenceGenome reference(fasta);
        REQUIRE(reference.chrom_length(chr2) == 90007);
        int checked = 0, wrong = 0;
        const auto check = [&](ChromIndex chrom, std::int64_t start, std::int64_t end) {
            const std::string& seq = chrom == chr1 ? one : two;
            ++checked;
            if (reference.bases(chrom, start, end) != expect(seq, start, end)) ++wrong;
        };
        for (std::int64_t p = 1; p + 3 <= 150001; p += 37) check(chr1, p, p + 3);  // dense sweep
        for (std::int64_t p = 1; p <= 90007; p += 1009) check(chr2, p, std::min<std::int64_t>(p + 80, 90007));
        for (int i = 0; i < 2000; ++i) {  // jumps, both chromosomes, back and forth
            const bool first = random() % 2 == 0;
            const std::int64_t length = first ? 150001 : 90007;
            const std::int64_t start = 1 + static_cast<std::int64_t>(random() % static_cast<unsigned>(length));
            check(first ? chr1 : chr2, start, std::min(length, start + static_cast<std::int64_t>(random() % 200)));
        }
        check(chr1, 150001, 150001);
        check(chr2, 90001, 90007);
        CHECK(checked == 4054 + 90 + 2000 + 2);
        CHECK(wrong == 0);
        CHECK_FALSE(reference.bases(chr2, 90000, 90008).has_value());  // runs off the end
    }
    {
        // Two readers used in turn by one thread (each keeps its own window per thread), one of
        // them made after the other is gone: each reads its own file.
        const std::filesystem::path other = dir / "other.fa";
        {
            std::ofstream out(other, std::ios::binary);
            out << ">chr1\n" << std::string(100, 'g') << "\n";
            std::ofstream(other.string() + ".fai") << "chr1\t100\t6\t100\t101\n";
        }
        for (int round = 0; round < 2; ++round) {
            const ReferenceGenome a(fasta);
            const ReferenceGenome b(other);
            for (std::int64_t p = 1; p <= 90; p += 7) {
                CHECK(a.bases(chr1, p, p + 9) == expect(one, p, p + 9));
                CHECK(b.bases(chr1, p, p + 9) == std::optional<std::string>(std::string(10, 'G')));
            }
        }
    }
    {
        // Cut after it was opened: the read that reaches past the end is an error naming the file.
        const ReferenceGenome reference(fasta);
        CHECK(reference.bases(chr1, 10, 12) == expect(one, 10, 12));
        std::filesystem::resize_file(fasta, 1000);
        try {
            (void)reference.bases(chr2, 50000, 50002);
            FAIL("a read past the end of a cut FASTA returned");
        } catch (const InputError& e) {
            CHECK(std::string(e.what()).find("sweep.fa") != std::string::npos);
        }
    }
    std::filesystem::remove_all(dir);
}
