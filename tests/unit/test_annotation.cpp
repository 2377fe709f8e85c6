// VEP CSQ, SnpEff ANN/EFF and bcftools csq BCSQ: layouts, allele matching,
// consequence classes and transcript choice.
#include <catch2/catch.hpp>

#include <vector>

#include "pedtx/io/annotation.hpp"
#include "pedtx/io/transcript_choice.hpp"

using namespace pedtx;

namespace {

const std::string kVepDescription =
    "Consequence annotations from Ensembl VEP. Format: "
    "Allele|Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature|BIOTYPE|EXON|INTRON|HGVSc|HGVSp|"
    "ALLELE_NUM|CANONICAL|MANE_SELECT";

std::vector<TranscriptConsequence> entries(std::string_view value, const AnnotationLayout& layout) {
    std::vector<TranscriptConsequence> out;
    for_each_consequence(value, layout, [&](const TranscriptConsequence& c) { out.push_back(c); });
    return out;
}

}  // namespace

TEST_CASE("the VEP layout is read from the header's Format description, whatever the tag", "[annotation][vep]") {
    const auto layout = detect_annotation_layout({{"ANN", kVepDescription}, {"DP", "Depth"}});
    CHECK(layout.format == AnnotationFormat::vep);
    CHECK(layout.tag == "ANN");
    CHECK(layout.allele == 0);
    CHECK(layout.gene == 3);
    CHECK(layout.hgvsp == 11);
    CHECK(layout.allele_num == 12);
    CHECK(layout.mane_select == 14);

    // VEP v76 put the columns in another order.
    const auto old = vep_layout_from_description(
        "CSQ", "Consequence type as predicted by VEP. Format: Allele|Gene|Feature|Feature_type|Consequence|SYMBOL");
    REQUIRE(old);
    CHECK(old->consequence == 4);
    CHECK(old->gene == 5);
    CHECK(old->transcript == 2);
}

TEST_CASE("annotation priority: VEP, then SnpEff ANN, then BCSQ, then EFF", "[annotation]") {
    const InfoHeaderLine ann{"ANN", "Functional annotations: 'Allele | Annotation | Annotation_Impact | Gene_Name'"};
    const InfoHeaderLine bcsq{"BCSQ", "Local consequence annotation from BCFtools/csq. Format: Consequence|gene"};
    const InfoHeaderLine eff{"EFF", "Predicted effects for this variant.Format: 'Effect ( Effect_Impact | ...)'"};
    CHECK(detect_annotation_layout({bcsq, {"CSQ", kVepDescription}}).format == AnnotationFormat::vep);
    CHECK(detect_annotation_layout({bcsq, ann}).format == AnnotationFormat::snpeff_ann);
    CHECK(detect_annotation_layout({eff, bcsq}).format == AnnotationFormat::bcftools_csq);
    CHECK(detect_annotation_layout({eff}).format == AnnotationFormat::snpeff_eff);
    CHECK(detect_annotation_layout({{"DP", "Total depth"}}).format == AnnotationFormat::none);
}

TEST_CASE("VEP entries: fields, MANE flag and allele matching for indels", "[annotation][vep]") {
    const auto layout = *vep_layout_from_description("CSQ", kVepDescription);
    const auto parsed = entries(
        "T|missense_variant|MODERATE|BRAF|ENSG00000157764|Transcript|ENST00000646891.2|protein_coding|15/18||"
        "ENST00000646891.2:c.1799T>A|ENSP00000493543.1:p.Val600Glu|1|YES|NM_004333.6,"
        "T|missense_variant|MODERATE|BRAF|ENSG00000157764|Transcript|ENST00000288602.11|protein_coding|15/19||"
        "ENST00000288602.11:c.1799T>A|ENSP00000288602.7:p.Val600Glu|1||",
        layout);
    REQUIRE(parsed.size() == 2);
    CHECK(parsed[0].gene == "BRAF");
    CHECK(parsed[0].mane_select);
    CHECK(parsed[0].canonical);
    CHECK_FALSE(parsed[1].mane_select);
    CHECK(parsed[0].allele_num == 1);

    // VEP drops the shared anchor base of indels and writes '-' for a deletion.
    CHECK(vep_allele("AT", {"A"}, 1) == "-");
    CHECK(vep_allele("A", {"AT"}, 1) == "T");
    CHECK(vep_allele("C", {"T"}, 1) == "T");
    CHECK(vep_allele("AT", {"A", "ATT"}, 2) == "TT");
    CHECK(vep_allele("AT", {"A", "GT"}, 2) == "GT");  // not all ALTs share the base: nothing trimmed
    TranscriptConsequence deletion;
    deletion.allele = "-";
    AnnotationLayout no_num = layout;
    no_num.allele_num = -1;
    CHECK(consequence_matches_allele(deletion, no_num, "AT", {"A", "ATT"}, 1));
    CHECK_FALSE(consequence_matches_allele(deletion, no_num, "AT", {"A", "ATT"}, 2));
}

TEST_CASE("SnpEff ANN and old EFF entries", "[annotation][snpeff]") {
    const auto ann = detect_annotation_layout({{"ANN", "Functional annotations: 'Allele | Annotation | ...'"}});
    const auto parsed = entries(
        "T|missense_variant|MODERATE|BRAF|BRAF|transcript|NM_004333.4|protein_coding|15/18|c.1799T>A|p.Val600Glu|"
        "1860/2949|1799/2301|600/766||",
        ann);
    REQUIRE(parsed.size() == 1);
    CHECK(parsed[0].transcript == "NM_004333.4");
    CHECK(parse_exon_number(parsed[0].exon) == 15);
    CHECK(parsed[0].hgvsp == "p.Val600Glu");

    const auto eff = detect_annotation_layout({{"EFF", "Predicted effects. Format: 'Effect ( Effect_Impact | ... )'"}});
    const auto old = entries(
        "NON_SYNONYMOUS_CODING(MODERATE|MISSENSE|gTg/gAg|V600E|766|BRAF|protein_coding|CODING|NM_004333|15|T)", eff);
    REQUIRE(old.size() == 1);
    CHECK(old[0].gene == "BRAF");
    CHECK(old[0].hgvsp == "V600E");
    CHECK(old[0].transcript == "NM_004333");
    CHECK(classify_consequence(old[0].consequence) == VariantClass::missense);
}

TEST_CASE("bcftools csq entries match their allele through the dna change", "[annotation][bcsq]") {
    const auto layout = detect_annotation_layout({{"BCSQ", "Local consequence annotation from BCFtools/csq"}});
    const auto parsed = entries(
        "missense|ABL1|ENST00000318560|protein_coding|+|315T>315I|130872896C>T,"
        "synonymous|ABL1|ENST00000318560|protein_coding|+|315T|130872896C>A",
        layout);
    REQUIRE(parsed.size() == 2);
    CHECK(consequence_matches_allele(parsed[0], layout, "C", {"T", "A"}, 1));
    CHECK_FALSE(consequence_matches_allele(parsed[0], layout, "C", {"T", "A"}, 2));
    CHECK(consequence_matches_allele(parsed[1], layout, "C", {"T", "A"}, 2));
    Variant variant;
    apply_consequence(parsed[0], layout, TranscriptRank::canonical, variant);
    CHECK(variant.protein.normalized == "T315I");
    CHECK(variant.hgvsp == "p.T315I");
    CHECK(variant.variant_class == VariantClass::missense);
}

TEST_CASE("consequence terms from every annotator map to one class, most severe first", "[annotation]") {
    CHECK(classify_consequence("missense_variant&splice_region_variant") == VariantClass::missense);
    CHECK(classify_consequence("splice_region_variant&intron_variant") == VariantClass::intronic);
    CHECK(classify_consequence("stop_gained&frameshift_variant") == VariantClass::stop_gained);
    CHECK(classify_consequence("frameshift") == VariantClass::frameshift);
    CHECK(classify_consequence("*missense") == VariantClass::missense);
    CHECK(classify_consequence("disruptive_inframe_deletion") == VariantClass::inframe_deletion);
    CHECK(classify_consequence("inframe_insertion") == VariantClass::inframe_insertion);
    CHECK(classify_consequence("splice_acceptor_variant") == VariantClass::splice);
    CHECK(classify_consequence("SPLICE_SITE_DONOR") == VariantClass::splice);
    CHECK(classify_consequence("synonymous_variant") == VariantClass::synonymous);
    CHECK(classify_consequence("5_prime_UTR_variant") == VariantClass::utr);
    CHECK(classify_consequence("upstream_gene_variant") == VariantClass::other);
    CHECK(classify_consequence("start_lost+missense") == VariantClass::start_lost);
}

TEST_CASE("transcript choice prefers MANE Select, then canonical, then protein-coding", "[annotation]") {
    TranscriptConsequence entry;
    entry.transcript = "NM_004333.4";
    entry.biotype = "protein_coding";
    CHECK(rank_transcript(entry, {"NM_004333.6", "ENST00000646891.2"}) == TranscriptRank::mane_select);
    entry.transcript = "ENST00000288602.11";
    CHECK(rank_transcript(entry, {"NM_004333.6", "ENST00000646891.2"}) == TranscriptRank::protein_coding);
    entry.canonical = true;
    CHECK(rank_transcript(entry, {}) == TranscriptRank::canonical);
    entry.canonical = false;
    entry.biotype = "nonsense_mediated_decay";
    CHECK(rank_transcript(entry, {}) == TranscriptRank::other);
}

TEST_CASE("exon numbers and HGVS prefixes", "[annotation]") {
    CHECK(parse_exon_number("15/18") == 15);
    CHECK(parse_exon_number("3-4/10") == 3);
    CHECK(parse_exon_number("") == 0);
    CHECK(strip_hgvs_prefix("ENST00000288602.11:c.1799T>A") == "c.1799T>A");
    CHECK(strip_hgvs_prefix("ENSP00000288602.7:p.%3D") == "p.=");
}

TEST_CASE("a VEP Format without Allele is read by ALLELE_NUM or for single-ALT records", "[annotation][vep]") {
    // VEP run with --fields leaving Allele out (issue 12, item 9).
    const auto layout = detect_annotation_layout(
        {{"CSQ", "Consequence annotations from Ensembl VEP. Format: Consequence|SYMBOL|Feature|HGVSp|ALLELE_NUM"}});
    REQUIRE(layout.format == AnnotationFormat::vep);
    CHECK(layout.allele == -1);
    CHECK(layout.notes.empty());  // ALLELE_NUM tells the ALTs apart
    const auto found = entries("missense_variant|BRAF|ENST1|p.Val600Gly|1,missense_variant|BRAF|ENST1|p.Val600Glu|2",
                               layout);
    REQUIRE(found.size() == 2);
    const std::vector<std::string_view> alts = {"C", "T"};
    CHECK_FALSE(consequence_matches_allele(found[0], layout, "A", alts, 2));
    CHECK(consequence_matches_allele(found[1], layout, "A", alts, 2));

    const auto bare = detect_annotation_layout(
        {{"CSQ", "Consequence annotations from Ensembl VEP. Format: Consequence|SYMBOL|Feature|HGVSp"}});
    REQUIRE(bare.format == AnnotationFormat::vep);
    REQUIRE(bare.notes.size() == 1);
    CHECK(bare.notes[0].find("no Allele or ALLELE_NUM field") != std::string::npos);
    const auto one = entries("missense_variant|BRAF|ENST1|p.Val600Glu", bare);
    REQUIRE(one.size() == 1);
    const std::vector<std::string_view> single = {"T"};
    CHECK(consequence_matches_allele(one[0], bare, "A", single, 1));
    CHECK_FALSE(consequence_matches_allele(one[0], bare, "A", alts, 2));  // which ALT? cannot tell

    // bcftools csq's "Format: Consequence|gene|transcript|..." stays BCSQ, not VEP.
    CHECK_FALSE(vep_layout_from_description(
        "BCSQ", "Haplotype-aware consequence annotation from BCFtools/csq. Format: "
                "Consequence|gene|transcript|biotype|strand|amino_acid_change|dna_change"));
}

TEST_CASE("Funcotator FUNCOTATION: fields from the header, one group per ALT, one [..] per transcript",
          "[annotation][funcotator]") {
    const auto layout = detect_annotation_layout(
        {{"FUNCOTATION", "Functional annotation from the Funcotator tool.  Funcotation fields are: "
                         "Gencode_34_hugoSymbol|Gencode_34_variantClassification|Gencode_34_annotationTranscript|"
                         "Gencode_34_transcriptExon|Gencode_34_cDnaChange|Gencode_34_proteinChange"}});
    REQUIRE(layout.format == AnnotationFormat::funcotator);
    const auto found = entries("[BRAF|MISSENSE|ENST00000288602.6|15|c.1799T>G|p.V600G],"
                               "[BRAF|MISSENSE|ENST00000646891.2|15|c.1799T>A|p.V600E]#"
                               "[BRAF|MISSENSE|ENST00000288602.11|15|c.1799T>A|p.V600E]",
                               layout);
    REQUIRE(found.size() == 3);
    CHECK(found[0].allele_num == 1);
    CHECK(found[1].allele_num == 2);
    CHECK(found[2].allele_num == 2);
    CHECK(found[2].transcript == "ENST00000288602.11");
    const std::vector<std::string_view> alts = {"C", "T"};
    CHECK(consequence_matches_allele(found[1], layout, "A", alts, 2));
    CHECK_FALSE(consequence_matches_allele(found[0], layout, "A", alts, 2));
    Variant variant;
    apply_consequence(found[1], layout, TranscriptRank::canonical, variant);
    CHECK(variant.variant_class == VariantClass::missense);
    CHECK(variant.protein.normalized == "V600E");
    CHECK(classify_consequence("FRAME_SHIFT_DEL") == VariantClass::frameshift);
    CHECK(classify_consequence("IN_FRAME_INS") == VariantClass::inframe_insertion);
    CHECK(classify_consequence("SPLICE_SITE") == VariantClass::splice);
    CHECK(classify_consequence("NONSENSE") == VariantClass::stop_gained);
    CHECK(classify_consequence("SILENT") == VariantClass::synonymous);

    // The tag without its field list is noted, not silently skipped.
    const auto unread = detect_annotation_layout({{"FUNCOTATION", "Functional annotation from the Funcotator tool."}});
    CHECK(unread.format == AnnotationFormat::none);
    REQUIRE(unread.notes.size() == 1);
    CHECK(unread.notes[0].find("fell back to genomic keys") != std::string::npos);
}

TEST_CASE("HMF PAVE IMPACT: the field names come from the description's brackets", "[annotation][pave]") {
    const auto layout = detect_annotation_layout(
        {{"IMPACT", "Variant Impact [Gene, Transcript, CanonicalEffect, CanonicalCodingEffect, SpliceRegion, "
                    "HgvsCodingImpact, HgvsProteinImpact, OtherReportableEffects, WorstCodingEffect, GenesAffected]"}});
    REQUIRE(layout.format == AnnotationFormat::pave);
    const auto found = entries("BRAF,ENST00000646891,missense_variant,MISSENSE,false,c.1799T>A,p.Val600Glu,,MISSENSE,1",
                               layout);
    REQUIRE(found.size() == 1);
    CHECK(found[0].gene == "BRAF");
    CHECK(found[0].hgvsp == "p.Val600Glu");
    Variant variant;
    apply_consequence(found[0], layout, TranscriptRank::canonical, variant);
    CHECK(variant.protein.normalized == "V600E");
    const std::vector<std::string_view> single = {"T"}, two = {"C", "T"};
    CHECK(consequence_matches_allele(found[0], layout, "A", single, 1));
    CHECK_FALSE(consequence_matches_allele(found[0], layout, "A", two, 2));
    // ANNOVAR is noted as not read.
    const auto annovar = detect_annotation_layout({{"Func.refGene", "x"}, {"AAChange.refGene", "y"}});
    REQUIRE(annovar.notes.size() == 1);
    CHECK(annovar.notes[0].find("ANNOVAR") != std::string::npos);
}
