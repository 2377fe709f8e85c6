#!/usr/bin/env python3
"""The Snakemake workflow run for real on the bundled examples, on this machine (profile local,
2 cores, chunks of 3 samples): its cohort equals one `pedtx annotate --samples` run over the
same sheet, every job has its log, the flat reports/ folder holds every report, a second run
has nothing to do, and with a reference FASTA bcftools left-aligns indels and stops on a REF
that disagrees with it. Prints 'N passed, M failed'; exits 77 without snakemake."""
import gzip
import json
import os
import sys

from workflow_common import (CTX, EXAMPLES, N_EXAMPLES, PROFILES, case, direct_run, expect, expect_same_cohort,
                             expected_jobs, finish, job_counts, read, setup, snakemake, tail, write_config)

STATE = {}


@case
def local_profile_run_matches_direct_run():
    config, out = write_config("local")
    r = snakemake("local", config, "--profile", os.path.join(PROFILES, "local"))
    expect(r.returncode == 0, tail(r))
    counts = job_counts(r.stdout + r.stderr)
    expect(counts == expected_jobs(3, CTX.bcftools), counts)
    expect(sorted(os.listdir(os.path.join(out, "chunks"))) == ["chunk000", "chunk001", "chunk002"],
           os.listdir(os.path.join(out, "chunks")))
    expect_same_cohort(os.path.join(out, "cohort"), direct_run())
    expect("%d of %d samples reported" % (N_EXAMPLES, N_EXAMPLES) in r.stdout + r.stderr, "no summary line")
    STATE["config"], STATE["out"] = config, out


@case
def chunks_are_slices_of_the_sheet_in_order():
    out = STATE["out"]
    ids = []
    for chunk in ("chunk000", "chunk001", "chunk002"):
        rows = read(os.path.join(out, "sheets", chunk + ".tsv")).splitlines()
        expect(rows[0] == "sample_id\tvcf\ttumor_type\tage_years\tfusions\ttmb\tmsi\tgermline\tsex", rows[0])
        expect(len(rows) == 1 + min(4, N_EXAMPLES - 4 * int(chunk[-3:])), rows)
        ids += [row.split("\t")[0] for row in rows[1:]]
        expect(os.path.isabs(rows[1].split("\t")[1]), "chunk sheet paths are absolute: " + rows[1])
    sheet = read(os.path.join(EXAMPLES, "samples.tsv"))
    expect(ids == [row.split("\t")[0] for row in sheet.splitlines()[1:]], ids)
    if CTX.bcftools:
        rows = read(os.path.join(out, "normalised", "chunk001.tsv")).splitlines()
        expect(rows[3].split("\t")[1] == "chunk001/IFS_07.vcf.gz", rows[3])
        expect(rows[3].split("\t")[4].endswith("examples/ifs_etv6_ntrk3.arriba.tsv"), rows[3])
        expect(os.path.isfile(os.path.join(out, "normalised", "chunk001", "IFS_07.vcf.gz")), "no normalised VCF")


@case
def every_job_has_its_log_and_no_sample_failed():
    logs = os.path.join(STATE["out"], "logs")
    wanted = ["annotate/chunk000.log", "annotate/chunk001.log", "annotate/chunk002.log", "cohort.log",
              "failures.log", "reports.log"]
    if CTX.bcftools:
        wanted += ["normalise/chunk000.log", "normalise/chunk001.log", "normalise/chunk002.log"]
    for name in wanted:
        expect(os.path.isfile(os.path.join(logs, name)), "no log " + name)
    expect("4 of 4 samples reported" in read(os.path.join(logs, "annotate", "chunk001.log")), "pedtx output not logged")
    failed = read(os.path.join(STATE["out"], "cohort", "failed_samples.tsv")).splitlines()
    expect(failed == ["sample_id\tchunk\tinput\terror"], failed)


@case
def reports_folder_holds_every_report():
    # Every output the chunks' run.json files list (whatever formats pedtx writes by default).
    listed = []
    for chunk in ("chunk000", "chunk001", "chunk002"):
        run = json.loads(read(os.path.join(STATE["out"], "chunks", chunk, "run.json")))
        listed += [name for sample in run["samples"] for name in sample["outputs"]]
    reports = sorted(n for n in os.listdir(os.path.join(STATE["out"], "reports")) if not n.startswith("."))
    expect(reports == sorted(listed), "reports/ %s, run.json files list %s" % (reports, sorted(listed)))
    expect(len([n for n in reports if n.endswith(".pedtx.json")]) == N_EXAMPLES and "NB_01.pedtx.tsv" in reports, reports)
    same = read(os.path.join(STATE["out"], "reports", "CML_03.pedtx.json")) == \
        read(os.path.join(STATE["out"], "chunks", "chunk000", "CML_03.pedtx.json"))
    expect(same, "reports/CML_03.pedtx.json differs from its chunk's")


@case
def second_run_has_nothing_to_do():
    r = snakemake("local", STATE["config"], "--cores", "2")
    expect(r.returncode == 0 and "Nothing to be done" in r.stdout + r.stderr, tail(r))


def tiny_reference(folder):
    """A one-contig FASTA with its .fai (written by hand: no samtools needed) and a VCF whose
    deletion in an A run is written right-aligned; returns (fasta, vcf, 1-based start of the run)."""
    sequence = "GGGCTCAC" + "AAAAAA" + "GTCGTGGGCATGCAGTCAGGTACCATG"
    fasta = os.path.join(folder, "ref.fa")
    with open(fasta, "w") as f:
        f.write(">chrT\n%s\n" % sequence)
    with open(fasta + ".fai", "w") as f:
        f.write("chrT\t%d\t6\t%d\t%d\n" % (len(sequence), len(sequence), len(sequence) + 1))
    run_start = sequence.index("AAAAAA") + 1
    last_two = run_start + 4  # the run's last two A: AA>A, right-aligned
    vcf = os.path.join(folder, "indel.vcf")
    with open(vcf, "w") as f:
        f.write("##fileformat=VCFv4.2\n##contig=<ID=chrT,length=%d>\n"
                '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n'
                "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tTUMOR\n"
                "chrT\t%d\t.\tAA\tA\t.\tPASS\t.\tGT\t0/1\n" % (len(sequence), last_two))
    return fasta, vcf, run_start


@case
def reference_fasta_left_aligns_and_checks_ref():
    if not CTX.bcftools:
        print("     (bcftools not installed: left-alignment not checked)")
        return
    folder = os.path.join(CTX.tmp, "leftalign")
    os.makedirs(folder)
    fasta, vcf, run_start = tiny_reference(folder)
    with open(os.path.join(folder, "sheet.tsv"), "w") as f:
        f.write("sample_id\tvcf\nT1\tindel.vcf\n")
    config, out = write_config("leftalign", samples=os.path.join(folder, "sheet.tsv"), normalise=True,
                               reference_fasta=fasta)
    target = os.path.join(out, "normalised", "chunk000.tsv")
    r = snakemake("leftalign", config, "--cores", "1", target)
    expect(r.returncode == 0, tail(r))
    with gzip.open(os.path.join(out, "normalised", "chunk000", "T1.vcf.gz"), "rt") as f:
        records = [line.split("\t")[:5] for line in f if not line.startswith("#")]
    expect(records == [["chrT", str(run_start - 1), ".", "CA", "C"]], "not left-aligned: %s" % records)
    # A REF that disagrees with the FASTA stops the job (reference_check: e).
    with open(vcf) as f:
        text = f.read()
    with open(vcf, "w") as f:
        f.write(text.replace("\tAA\tA\t", "\tGG\tG\t"))
    r = snakemake("leftalign", config, "--cores", "1", target)
    log = read(os.path.join(out, "logs", "normalise", "chunk000.log"))
    expect(r.returncode != 0 and "bcftools norm failed on 1 VCF" in r.stdout + r.stderr + log, tail(r))
    expect("Reference allele mismatch" in log and "exit code" in log, log)


@case
def consequence_step_runs_bcftools_csq_when_configured():
    """Optional step (off by default): consequence_gff3 + reference_fasta run bcftools csq on each
    VCF before pedtx. The GFF3 (bcftools csq's documented layout: gene, mRNA, exon, CDS with
    ID/Parent/biotype) and the FASTA are made up: one coding gene TESTG on a 59-base contig."""
    if not CTX.bcftools:
        print("     (bcftools not installed: consequence step not checked)")
        return
    folder = os.path.join(CTX.tmp, "consequence")
    os.makedirs(folder)
    sequence = "GGGCTCAC" + "ATGGCTGTGCGATGGAAGTTCTGA" + "GTCGTGGGCATGCAGTCAGGTACCATG"
    fasta = os.path.join(folder, "ref.fa")
    with open(fasta, "w") as f:
        f.write(">chrT\n%s\n" % sequence)
    with open(fasta + ".fai", "w") as f:
        f.write("chrT\t%d\t6\t%d\t%d\n" % (len(sequence), len(sequence), len(sequence) + 1))
    gff3 = os.path.join(folder, "genes.gff3")
    n = len(sequence)
    with open(gff3, "w") as f:
        f.write("##gff-version 3\n"
                "chrT\ttest\tgene\t1\t%d\t.\t+\t.\tID=gene:GTEST1;Name=TESTG;biotype=protein_coding\n"
                "chrT\ttest\tmRNA\t1\t%d\t.\t+\t.\tID=transcript:TTEST1;Parent=gene:GTEST1;biotype=protein_coding\n"
                "chrT\ttest\texon\t1\t%d\t.\t+\t.\tParent=transcript:TTEST1\n"
                "chrT\ttest\tCDS\t9\t32\t.\t+\t0\tID=CDS:PTEST1;Parent=transcript:TTEST1\n" % (n, n, n))
    vcf = os.path.join(folder, "snv.vcf")
    with open(vcf, "w") as f:  # c.8T>A in codon 3 (GTG -> GAG): V3E
        f.write("##fileformat=VCFv4.2\n##contig=<ID=chrT,length=%d>\n"
                '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n'
                "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tTUMOR\n"
                "chrT\t16\t.\tT\tA\t.\tPASS\t.\tGT\t0/1\n" % n)
    with open(os.path.join(folder, "sheet.tsv"), "w") as f:
        f.write("sample_id\tvcf\nT1\tsnv.vcf\n")
    config, out = write_config("consequence", samples=os.path.join(folder, "sheet.tsv"), normalise=True,
                               reference_fasta=fasta, consequence_gff3=gff3)
    target = os.path.join(out, "consequence", "chunk000.tsv")
    r = snakemake("consequence", config, "--cores", "1", target)
    expect(r.returncode == 0, tail(r))
    with gzip.open(os.path.join(out, "consequence", "chunk000", "T1.vcf.gz"), "rt") as f:
        records = [line.rstrip("\n").split("\t") for line in f if not line.startswith("#")]
    expect(len(records) == 1 and "BCSQ=missense|TESTG|TTEST1|protein_coding|+|3V>3E|16T>A" in records[0][7],
           "no BCSQ: %s" % records)
    expect("consequence/chunk000/T1.vcf.gz" in read(target).replace(os.sep, "/") or "T1.vcf.gz" in read(target),
           read(target))
    # A GFF3 without the FASTA is a configuration error before any job runs.
    config, out = write_config("consequence_bad", samples=os.path.join(folder, "sheet.tsv"), consequence_gff3=gff3)
    r = snakemake("consequence_bad", config, "--cores", "1", "-n")
    expect(r.returncode != 0 and "consequence_gff3 needs reference_fasta" in r.stdout + r.stderr, tail(r))


if __name__ == "__main__":
    sys.exit(finish(setup(__doc__)))
