#!/usr/bin/env python3
"""Write the example tumor VCFs in examples/ from the knowledge base's derived genomic keys.

Every coordinate in the examples comes from knowledgebase/genomic_keys.json (itself derived
from MANE Select transcripts and cross-checked against published coordinates) and every contig
length from refdata contigs/derived/primary_contigs.tsv: nothing is typed by hand. The
annotation strings imitate what each annotator writes (VEP CSQ, SnpEff ANN, bcftools csq BCSQ)
for the MANE Select transcripts listed in knowledgebase/gene_table.<build>.tsv.

Makes:
  examples/neuroblastoma_alk_f1174l.vep.vcf     GRCh38, Mutect2-style tumor/normal, VEP CSQ
  examples/plgg_braf_v600e.snpeff.vcf            GRCh37, single sample, SnpEff ANN
  examples/cml_abl1_t315i.bcsq.vcf               GRCh38, Strelka2-style (no GT), bcftools csq BCSQ
  examples/dmg_h3k27m.unannotated.vcf            GRCh37 (b37 names), no annotation: genomic keys only
  examples/ph_all_bcr_abl1.manta.vcf             GRCh38, Manta-style BND pair with MATEID: BCR::ABL1
  examples/alcl_npm1_alk.bnd.vcf                 GRCh37, BND pair without MATEID: NPM1::ALK
  examples/ifs_etv6_ntrk3.vcf + .arriba.tsv      GRCh38, no DNA variant; ETV6::NTRK3 from an Arriba table
  examples/past_kiaa1549_braf.dup.vcf            GRCh38, tandem duplication <DUP>: KIAA1549::BRAF
  examples/nbl_mycn_alk_amp.cnv.vcf              GRCh38, CNVkit-style <CNV> records with CN: MYCN and ALK amplification
  examples/hgg_cmmrd.vcf                         GRCh38, no variant in a KB gene; TMB 180 mut/Mb and dMMR from the sheet
  examples/all_nudt15.vcf                        GRCh38, Ph+ B-ALL tumor-only VCF (BCR::ABL1 Manta BND pair)
  examples/all_nudt15.germline.g.vcf             GRCh38 GATK-style gVCF of the same patient: NUDT15 c.415C>T
                                                 homozygous (*3/*3), every other tested pharmacogenomic
                                                 position in a reference block (knowledgebase/pharmacogenomics/positions.tsv)
  examples/samples.tsv                           the sample sheet (tumor type, age, fusions, tmb, msi, germline, sex) for all of them

Fusion breakpoints are placed in the middle of a named intron of each partner's MANE Select
transcript (the exon structure in knowledgebase/gene_table.<build>.tsv), e.g. BCR intron 13 and
ABL1 intron 1 for the p210 BCR::ABL1; copy-number segments span the gene with 200 kb margins.

Regenerate:  python3 scripts/make_examples.py            (--check: exit 1 if examples differ)
"""
import argparse
import json
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_REFDATA = os.path.normpath(os.path.join(REPO, "..", "shared", "refdata"))
KB = os.path.join(REPO, "knowledgebase")
EXAMPLES = os.path.join(REPO, "examples")


def load_keys():
    with open(os.path.join(KB, "genomic_keys.json")) as f:
        keys = json.load(f)["keys"]
    return {(k["gene"], k["change"], k["hgvsc"]): k for k in keys}


def load_transcripts(build):
    rows = {}
    with open(os.path.join(KB, "gene_table.%s.tsv" % build)) as f:
        header = None
        for line in f:
            if line.startswith("#"):
                continue
            fields = line.rstrip("\n").split("\t")
            if header is None:
                header = fields
                continue
            row = dict(zip(header, fields))
            rows[row["symbol"]] = row
    return rows


def contig_lines(refdata, build, with_chr):
    lines = []
    with open(os.path.join(refdata, "contigs", "derived", "primary_contigs.tsv")) as f:
        next(f)
        for line in f:
            b, style, contig, length, _ = line.rstrip("\n").split("\t")
            if b != build or contig.startswith("chr") != with_chr:
                continue
            lines.append("##contig=<ID=%s,length=%s,assembly=%s>" % (contig, length, build))
    return lines


def chrom(name, with_chr):
    return ("chr" + name) if with_chr else name


FORMAT_GT_AD_AF_DP = [
    '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
    '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths for the ref and alt alleles">',
    '##FORMAT=<ID=AF,Number=A,Type=Float,Description="Allele fractions of alternate alleles in the tumor">',
    '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Approximate read depth">',
]

VEP_FORMAT = ("Allele|Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature|BIOTYPE|EXON|INTRON|HGVSc|HGVSp|"
              "CANONICAL|MANE_SELECT")


def neuroblastoma(refdata, keys, tx):
    f1174l = keys[("ALK", "F1174L", "c.3522C>A")]["GRCh38"]
    r1275q = keys[("ALK", "R1275Q", "c.3824G>A")]["GRCh38"]
    alk = tx["ALK"]
    ensg = "ENSG00000171094"

    def csq(allele, hgvsc, hgvsp, exon):
        # A non-MANE transcript first, as VEP often lists it, then the MANE Select one.
        other = "|".join([allele, "missense_variant", "MODERATE", "ALK", ensg, "Transcript", "ENST00000618119.4",
                          "protein_coding", "", "", "", "", "", ""])
        mane = "|".join([allele, "missense_variant", "MODERATE", "ALK", ensg, "Transcript", alk["mane_ensembl"],
                         "protein_coding", exon, "", alk["mane_ensembl"] + ":" + hgvsc,
                         "ENSP00000373700:" + hgvsp, "YES", alk["mane_refseq"]])
        return other + "," + mane

    header = ["##fileformat=VCFv4.2",
              "##source=pedtx example written by scripts/make_examples.py (Mutect2-style layout, VEP-style CSQ)",
              "##reference=GRCh38"] + contig_lines(refdata, "GRCh38", True) + [
        '##FILTER=<ID=PASS,Description="All filters passed">',
        '##FILTER=<ID=germline,Description="Evidence indicates this site is germline, not somatic">',
        '##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Ensembl VEP. Format: %s">'
        % VEP_FORMAT] + FORMAT_GT_AD_AF_DP + [
        "##tumor_sample=NB_01_TUMOR", "##normal_sample=NB_01_NORMAL",
        "\t".join(["#CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO", "FORMAT",
                   "NB_01_NORMAL", "NB_01_TUMOR"])]
    records = [
        [chrom(f1174l["chrom"], True), str(f1174l["pos"]), ".", f1174l["ref"], f1174l["alt"], ".", "PASS",
         "CSQ=" + csq(f1174l["alt"], "c.3522C>A", "p.Phe1174Leu", "23/29"), "GT:AD:AF:DP",
         "0/0:41,0:0.0:41", "0/1:52,31:0.373:83"],
        # A KB hotspot that the caller filtered: skipped, and counted in the QC block.
        [chrom(r1275q["chrom"], True), str(r1275q["pos"]), ".", r1275q["ref"], r1275q["alt"], ".", "germline",
         "CSQ=" + csq(r1275q["alt"], "c.3824G>A", "p.Arg1275Gln", "25/29"), "GT:AD:AF:DP",
         "0/1:20,19:0.487:39", "0/1:30,28:0.483:58"],
    ]
    return header, records


def plgg(refdata, keys, tx):
    v600e = keys[("BRAF", "V600E", "c.1799T>A")]["GRCh37"]
    braf = tx["BRAF"]
    ann = "|".join([v600e["alt"], "missense_variant", "MODERATE", "BRAF", "BRAF", "transcript",
                    braf["mane_refseq"], "protein_coding", "15/18", "c.1799T>A", "p.Val600Glu",
                    "", "1799/2301", "600/766", "", ""])
    header = ["##fileformat=VCFv4.2",
              "##source=pedtx example written by scripts/make_examples.py (single-sample, SnpEff-style ANN)",
              "##reference=GRCh37"] + contig_lines(refdata, "GRCh37", False) + [
        "##SnpEffVersion=\"example\"",
        "##INFO=<ID=ANN,Number=.,Type=String,Description=\"Functional annotations: 'Allele | Annotation | "
        "Annotation_Impact | Gene_Name | Gene_ID | Feature_Type | Feature_ID | Transcript_BioType | Rank | HGVS.c | "
        "HGVS.p | cDNA.pos / cDNA.length | CDS.pos / CDS.length | AA.pos / AA.length | Distance | ERRORS / WARNINGS "
        "/ INFO' \">"] + FORMAT_GT_AD_AF_DP + [
        "\t".join(["#CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO", "FORMAT", "PLGG_02"])]
    records = [[v600e["chrom"], str(v600e["pos"]), ".", v600e["ref"], v600e["alt"], "60", "PASS", "ANN=" + ann,
                "GT:AD:AF:DP", "0/1:88,35:0.285:123"]]
    return header, records


def cml(refdata, keys, tx):
    t315i = keys[("ABL1", "T315I", "c.944C>T")]["GRCh38"]
    abl1 = tx["ABL1"]
    transcript = abl1["mane_ensembl"].split(".")[0]
    bcsq = "|".join(["missense", "ABL1", transcript, "protein_coding", "+", "315T>315I",
                     "%d%s>%s" % (t315i["pos"], t315i["ref"], t315i["alt"])])
    header = ["##fileformat=VCFv4.1",
              "##source=strelka",
              "##pedtx_example=written by scripts/make_examples.py (Strelka2-style tier counts, bcftools csq BCSQ)",
              "##reference=GRCh38"] + contig_lines(refdata, "GRCh38", True) + [
        '##INFO=<ID=BCSQ,Number=.,Type=String,Description="Local consequence annotation from BCFtools/csq. '
        'Format: Consequence|gene|transcript|biotype|strand|amino_acid_change|dna_change">',
        '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Read depth for tier1 (used+filtered)">',
        '##FORMAT=<ID=AU,Number=2,Type=Integer,Description="Number of A alleles used in tiers 1,2">',
        '##FORMAT=<ID=CU,Number=2,Type=Integer,Description="Number of C alleles used in tiers 1,2">',
        '##FORMAT=<ID=GU,Number=2,Type=Integer,Description="Number of G alleles used in tiers 1,2">',
        '##FORMAT=<ID=TU,Number=2,Type=Integer,Description="Number of T alleles used in tiers 1,2">',
        "\t".join(["#CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO", "FORMAT", "NORMAL", "TUMOR"])]
    records = [[chrom(t315i["chrom"], True), str(t315i["pos"]), ".", t315i["ref"], t315i["alt"], ".", "PASS",
                "BCSQ=" + bcsq, "DP:AU:CU:GU:TU", "64:0,0:64,64:0,0:0,0", "96:0,0:51,51:0,0:45,46"]]
    return header, records


def dmg(refdata, keys, tx):
    k28m = keys[("H3-3A", "K28M", "c.83A>T")]["GRCh37"]
    other = {"A": "C", "C": "G", "G": "C", "T": "G"}[k28m["ref"]]
    if other == k28m["alt"]:
        other = "G"
    header = ["##fileformat=VCFv4.2",
              "##source=pedtx example written by scripts/make_examples.py (unannotated: matched by genomic key)",
              "##reference=file:///references/human_g1k_v37.fasta"] + contig_lines(refdata, "GRCh37", False) + [
        '##FILTER=<ID=PASS,Description="All filters passed">'] + FORMAT_GT_AD_AF_DP + [
        "\t".join(["#CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO", "FORMAT", "DMG_04"])]
    # Multi-allelic record: the tumor carries the K28M allele (1) and not the other (2).
    records = [[k28m["chrom"], str(k28m["pos"]), ".", k28m["ref"], k28m["alt"] + "," + other, ".", "PASS", ".",
                "GT:AD:AF:DP", "0/1:40,38,0:0.487,0.0:78"]]
    return header, records


def intron_midpoint(row, intron):
    """Middle of intron N (between exons N and N+1, transcript order) of a gene-table row."""
    starts = [int(x) for x in row["exon_starts"].split(",")]
    ends = [int(x) for x in row["exon_ends"].split(",")]
    if row["strand"] == "+":
        left, right = ends[intron - 1], starts[intron]
    else:
        left, right = ends[intron], starts[intron - 1]
    assert left < right, (row["symbol"], intron)
    return (left + right) // 2


SV_HEADER_38 = None


def sv_header(refdata, build, with_chr, samples, extra):
    return ["##fileformat=VCFv4.2", "##source=pedtx example written by scripts/make_examples.py",
            "##reference=%s" % build] + contig_lines(refdata, build, with_chr) + [
        '##FILTER=<ID=PASS,Description="All filters passed">',
        '##INFO=<ID=SVTYPE,Number=1,Type=String,Description="Type of structural variant">',
        '##INFO=<ID=END,Number=1,Type=Integer,Description="End position of the variant">',
        '##INFO=<ID=MATEID,Number=.,Type=String,Description="ID of mate breakend">',
        '##INFO=<ID=SOMATIC,Number=0,Type=Flag,Description="Somatic variant">'] + extra + [
        "\t".join(["#CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO", "FORMAT"] + samples)]


def ph_all(refdata, keys, tx):
    bcr, abl1 = tx["BCR"], tx["ABL1"]
    p1 = intron_midpoint(bcr, 13)
    p2 = intron_midpoint(abl1, 1)
    c1, c2 = "chr" + bcr["chrom"], "chr" + abl1["chrom"]
    header = sv_header(refdata, "GRCh38", True, ["NORMAL", "TUMOR"], [
        '##FORMAT=<ID=PR,Number=.,Type=Integer,Description="Spanning paired-read support for the ref and alt alleles">',
        '##FORMAT=<ID=SR,Number=.,Type=Integer,Description="Split reads for the ref and alt alleles">'])
    # BCR (+) keeps its 5' part (left of p1), joined to ABL1 (+) from p2 rightwards: t[p[ and its mate ]p]t.
    records = [[c1, str(p1), "MantaBND:1:0:1:0:0:0:0", "N", "N[%s:%d[" % (c2, p2), ".", "PASS",
                "SVTYPE=BND;MATEID=MantaBND:1:0:1:0:0:0:1;SOMATIC", "PR:SR", "30,0:28,0", "41,17:36,22"],
               [c2, str(p2), "MantaBND:1:0:1:0:0:0:1", "N", "]%s:%d]N" % (c1, p1), ".", "PASS",
                "SVTYPE=BND;MATEID=MantaBND:1:0:1:0:0:0:0;SOMATIC", "PR:SR", "30,0:28,0", "41,17:36,22"]]
    records.sort(key=lambda r: (int(r[0][3:]) if r[0][3:].isdigit() else 99, int(r[1])))
    return header, records


def alcl(refdata, keys, tx):
    npm1, alk = tx["NPM1"], tx["ALK"]
    p1 = intron_midpoint(npm1, 4)
    p2 = intron_midpoint(alk, 19)
    header = sv_header(refdata, "GRCh37", False, ["ALCL_06"], [
        '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">'])
    # NPM1 (+) keeps its left (5') part; ALK (-) keeps its left (3') part, reverse-complemented: t]p].
    records = [[alk["chrom"], str(p2), "bnd_2", "N", "N]%s:%d]" % (npm1["chrom"], p1), ".", "PASS", "SVTYPE=BND",
                "GT", "0/1"],
               [npm1["chrom"], str(p1), "bnd_1", "N", "N]%s:%d]" % (alk["chrom"], p2), ".", "PASS", "SVTYPE=BND",
                "GT", "0/1"]]
    return header, records


def ifs(refdata, keys, tx):
    header = sv_header(refdata, "GRCh38", True, ["IFS_07"], [
        '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">'])
    return header, []


def hgg_cmmrd(refdata, keys, tx):
    # No variant in a knowledge-base gene: the sheet gives the lab's TMB and MMR status.
    header = sv_header(refdata, "GRCh38", True, ["HGG_10"], [
        '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">'])
    return header, []


def all_tumor(refdata, keys, tx):
    # A Ph+ B-ALL, tumor only: the BCR::ABL1 junction of PHALL_05 (Manta BND pair), tumor column only.
    header = sv_header(refdata, "GRCh38", True, ["ALL_11_TUMOR"], [
        '##FORMAT=<ID=PR,Number=.,Type=Integer,Description="Spanning paired-read support for the ref and alt alleles">',
        '##FORMAT=<ID=SR,Number=.,Type=Integer,Description="Split reads for the ref and alt alleles">'])
    return header, [r[:9] + [r[10]] for r in ph_all(refdata, keys, tx)[1]]


def pgx_positions(build):
    rows = []
    with open(os.path.join(KB, "pharmacogenomics", "positions.tsv")) as f:
        lines = [l.rstrip("\n") for l in f if not l.startswith("#")]
    header = lines[0].split("\t")
    for line in lines[1:]:
        row = dict(zip(header, line.split("\t")))
        if row["build"] == build:
            rows.append(row)
    return rows


def all_germline_gvcf(refdata):
    # A GATK HaplotypeCaller -ERC GVCF excerpt: NUDT15 c.415C>T homozygous, reference blocks of
    # 101 bases around every other tested position (a gVCF says reference where a plain VCF is silent).
    header = ["##fileformat=VCFv4.2",
              '##ALT=<ID=NON_REF,Description="Represents any possible alternative allele not already represented at this location by REF and ALT">',
              '##FILTER=<ID=PASS,Description="All filters passed">',
              '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths for the ref and alt alleles in the order listed">',
              '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Approximate read depth">',
              '##FORMAT=<ID=GQ,Number=1,Type=Integer,Description="Genotype Quality">',
              '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
              '##GVCFBlock0-20=minGQ=0(inclusive),maxGQ=20(exclusive)',
              '##INFO=<ID=END,Number=1,Type=Integer,Description="Stop position of the interval">',
              "##source=HaplotypeCaller"] + contig_lines(refdata, "GRCh38", True) + [
              "\t".join(["#CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO", "FORMAT", "ALL_11_GERMLINE"])]
    records = []
    for row in pgx_positions("GRCh38"):
        pos = int(row["pos"])
        if row["gene"] == "NUDT15" and row["hgvsc"] == "c.415C>T":
            records.append(["chr" + row["chrom"], str(pos), row["rsid"], row["ref"], row["alt"] + ",<NON_REF>",
                            "1021.03", ".", ".", "GT:AD:DP:GQ", "1/1:0,31,0:31:93"])
            continue
        # The block starts with the tested base itself: a reference block's REF is its first base.
        records.append(["chr" + row["chrom"], str(pos), ".", row["ref"], "<NON_REF>", ".", ".",
                        "END=%d" % (pos + 100), "GT:DP:GQ", "0/0:32:99"])
    order = {"6": 0, "13": 1, "X": 2}
    records.sort(key=lambda r: (order[r[0][3:]], int(r[1])))
    # Blocks never overlap the next record (as in a real gVCF).
    for this, following in zip(records, records[1:]):
        if this[7].startswith("END=") and this[0] == following[0]:
            this[7] = "END=%d" % min(int(this[7][4:]), int(following[1]) - 1)
    return "\n".join(header + ["\t".join(r) for r in records]) + "\n"


def ifs_arriba(tx):
    etv6, ntrk3 = tx["ETV6"], tx["NTRK3"]
    p1 = intron_midpoint(etv6, 5)
    p2 = intron_midpoint(ntrk3, 14)
    columns = ["#gene1", "gene2", "strand1(gene/fusion)", "strand2(gene/fusion)", "breakpoint1", "breakpoint2",
               "site1", "site2", "type", "split_reads1", "split_reads2", "discordant_mates", "coverage1",
               "coverage2", "confidence", "reading_frame"]
    row = ["ETV6", "NTRK3", "+/+", "-/+", "%s:%d" % (etv6["chrom"], p1), "%s:%d" % (ntrk3["chrom"], p2),
           "splice-site", "splice-site", "translocation", "21", "17", "12", "150", "96", "high", "in-frame"]
    return "\t".join(columns) + "\n" + "\t".join(row) + "\n"


def past(refdata, keys, tx):
    kiaa, braf = tx["KIAA1549"], tx["BRAF"]
    p1 = intron_midpoint(kiaa, 15)
    p2 = intron_midpoint(braf, 9)
    header = sv_header(refdata, "GRCh38", True, ["PAST_08"], [
        '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
        '##ALT=<ID=DUP,Description="Tandem duplication">'])
    # Both genes are on the minus strand; the tandem duplication joins BRAF's 3' part (left of
    # its breakpoint) to KIAA1549's 5' part (right of its breakpoint).
    records = [["chr" + kiaa["chrom"], str(p1), "dup_1", "N", "<DUP>", ".", "PASS", "SVTYPE=DUP;END=%d" % p2, "GT",
                "0/1"]]
    return header, records


def nbl_amp(refdata, keys, tx):
    mycn, alk = tx["MYCN"], tx["ALK"]
    header = sv_header(refdata, "GRCh38", True, ["NBL_09"], [
        '##ALT=<ID=CNV,Description="Copy number variable region">',
        '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
        '##FORMAT=<ID=CN,Number=1,Type=Integer,Description="Copy number">'])
    margin = 200000
    records = []
    for row, cn in ((mycn, 48), (alk, 9)):
        start = int(row["span_start"]) - margin
        end = int(row["span_end"]) + margin
        records.append(["chr" + row["chrom"], str(start), "cnv_" + row["symbol"], "N", "<CNV>", ".", "PASS",
                        "SVTYPE=CNV;END=%d" % end, "GT:CN", "./.:%d" % cn])
    records.sort(key=lambda r: int(r[1]))
    return header, records


EXAMPLES_SPEC = [
    ("neuroblastoma_alk_f1174l.vep.vcf", neuroblastoma, "GRCh38", "NB_01", "NBL", "3"),
    ("plgg_braf_v600e.snpeff.vcf", plgg, "GRCh37", "PLGG_02", "PAST", "8"),
    ("cml_abl1_t315i.bcsq.vcf", cml, "GRCh38", "CML_03", "CML", "14"),
    ("dmg_h3k27m.unannotated.vcf", dmg, "GRCh37", "DMG_04", "DMG", "7"),
    ("ph_all_bcr_abl1.manta.vcf", ph_all, "GRCh38", "PHALL_05", "BLL", "9"),
    ("alcl_npm1_alk.bnd.vcf", alcl, "GRCh37", "ALCL_06", "ALCL", "12"),
    ("ifs_etv6_ntrk3.vcf", ifs, "GRCh38", "IFS_07", "IFS", "0.5"),
    ("past_kiaa1549_braf.dup.vcf", past, "GRCh38", "PAST_08", "PAST", "6"),
    ("nbl_mycn_alk_amp.cnv.vcf", nbl_amp, "GRCh38", "NBL_09", "NBL", "2"),
    ("hgg_cmmrd.vcf", hgg_cmmrd, "GRCh38", "HGG_10", "HGGNOS", "9"),
    ("all_nudt15.vcf", all_tumor, "GRCh38", "ALL_11", "BLL", "5"),
]
# Germline genotypes of the patient (sheet columns germline, sex): a B-ALL in a NUDT15 *3/*3 child.
GERMLINE = {"ALL_11": ("all_nudt15.germline.g.vcf", "female")}
# Sample-level biomarkers a lab reports beside the VCF (sheet columns tmb, msi): a
# hypermutant high-grade glioma in constitutional mismatch-repair deficiency.
BIOMARKERS = {"HGG_10": ("180", "dMMR")}
FUSION_TABLES = {"IFS_07": "ifs_etv6_ntrk3.arriba.tsv"}


def render(refdata):
    keys = load_keys()
    outputs = {}
    sheet = ["sample_id\tvcf\ttumor_type\tage_years\tfusions\ttmb\tmsi\tgermline\tsex"]
    for name, make, build, sample_id, tumor_type, age in EXAMPLES_SPEC:
        header, records = make(refdata, keys, load_transcripts(build))
        outputs[name] = "\n".join(header + ["\t".join(r) for r in records]) + "\n"
        sheet.append("\t".join([sample_id, name, tumor_type, age, FUSION_TABLES.get(sample_id, "")] +
                                list(BIOMARKERS.get(sample_id, ("", ""))) + list(GERMLINE.get(sample_id, ("", "")))))
    outputs["ifs_etv6_ntrk3.arriba.tsv"] = ifs_arriba(load_transcripts("GRCh38"))
    outputs["all_nudt15.germline.g.vcf"] = all_germline_gvcf(refdata)
    outputs["samples.tsv"] = "\n".join(sheet) + "\n"
    return outputs


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--refdata", default=DEFAULT_REFDATA)
    ap.add_argument("--check", action="store_true", help="exit 1 if a committed example differs")
    a = ap.parse_args(argv)
    if not os.path.isdir(a.refdata):
        print("SKIPPED: reference data folder %s not found" % a.refdata)
        return 77
    outputs = render(a.refdata)
    differ = []
    for name, text in sorted(outputs.items()):
        path = os.path.join(EXAMPLES, name)
        if a.check:
            current = open(path).read() if os.path.exists(path) else None
            if current != text:
                differ.append(name)
        else:
            os.makedirs(EXAMPLES, exist_ok=True)
            with open(path, "w") as f:
                f.write(text)
            print("wrote examples/%s" % name)
    if differ:
        print("make_examples: out of date: %s (run python3 scripts/make_examples.py)" % ", ".join(differ))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
