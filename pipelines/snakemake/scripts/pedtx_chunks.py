#!/usr/bin/env python3
"""Glue of the pedtx Snakemake workflow: the sample sheet split into chunks, and the small
steps around the pedtx and bcftools calls. The Snakefile imports it to plan the jobs, and its
jobs run it as a command (no Snakemake start-up per job):

  pedtx_chunks.py sheet --samples SHEET --chunk-size N --chunk chunkNNN --out FILE
  pedtx_chunks.py normalise --sheet CHUNK.tsv --out-dir DIR --out-sheet FILE [--reference FA] ...
  pedtx_chunks.py consequence --sheet CHUNK.tsv --out-dir DIR --out-sheet FILE --reference FA --gff3 GFF ...
  pedtx_chunks.py failures CHUNK_DIR... --sheets DIR --out FILE
  pedtx_chunks.py reports CHUNK_DIR... --out DIR

Standard library only.
"""
import argparse
import hashlib
import json
import os
import shlex
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

# Sheet columns holding file paths: relative ones resolve against the sheet's folder.
PATH_COLUMNS = ("vcf", "fusions", "cna", "germline")


class SheetError(ValueError):
    pass


def safe_file_stem(sample_id):
    """The report file name pedtx gives a sample id (src/report/report.cpp, safe_file_stem)."""
    stem = "".join(c if (c.isascii() and (c.isalnum() or c in "-_.")) else "_" for c in sample_id)
    return "_" + stem if not stem or stem.startswith(".") else stem


def read_sheet(path):
    """The sample sheet of `pedtx annotate --samples`, read by its rules: tab-separated, '#'
    comment and blank lines skipped, CRLF accepted, a header with sample_id and vcf, as many
    fields per row as header columns, unique non-empty ids, a vcf per row. Paths come back
    absolute; other columns untouched (pedtx checks tumor types and ages itself).
    Returns (header, samples): samples are dicts with id, stem, line and row (column -> value)."""
    def fail(line_number, message):
        raise SheetError("%s:%d: %s" % (path, line_number, message))

    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
    except OSError as e:
        raise SheetError("%s: cannot read the sample sheet: %s" % (path, e.strerror))
    base = os.path.dirname(os.path.abspath(path))
    header, samples, ids, stems = None, [], set(), {}
    for number, line in enumerate(lines, 1):
        line = line[:-1] if line.endswith("\r") else line
        if not line.strip() or line.startswith("#"):
            continue
        fields = [field.strip() for field in line.split("\t")]
        if header is None:
            header = fields
            for required in ("sample_id", "vcf"):
                if required not in header:
                    fail(number, 'missing required column "%s" in the header (tab-separated)' % required)
            if len(set(header)) != len(header):
                fail(number, "a column name appears twice in the header")
            continue
        if len(fields) != len(header):
            fail(number, "expected %d tab-separated columns, found %d" % (len(header), len(fields)))
        row = dict(zip(header, fields))
        sample_id = row["sample_id"]
        if not sample_id:
            fail(number, "column sample_id is empty")
        if sample_id in ids:
            fail(number, 'column sample_id: duplicate "%s"' % sample_id)
        if not row["vcf"]:
            fail(number, "column vcf is empty")
        stem = safe_file_stem(sample_id)
        if stem in stems:
            # One run would report the second as failed; across chunks both would be written and
            # collide in reports/. Better said before any work.
            fail(number, 'sample ids "%s" and "%s" (line %d) give the same report name %s.pedtx.json'
                 % (sample_id, stems[stem][0], stems[stem][1], stem))
        ids.add(sample_id)
        stems[stem] = (sample_id, number)
        for column in PATH_COLUMNS:
            if row.get(column):
                row[column] = os.path.normpath(os.path.join(base, row[column]))
        samples.append({"id": sample_id, "stem": stem, "line": number, "row": row})
    if header is None:
        fail(1, "empty sample sheet (needs a header and one row per sample)")
    return header, samples


def make_chunks(samples, chunk_size):
    """Consecutive slices of the sheet: {"chunk000": [...], ...} in sheet order."""
    if chunk_size < 1:
        raise ValueError("chunk_size must be >= 1")
    width = max(3, len(str(max(len(samples) - 1, 0) // chunk_size)))
    return {"chunk%0*d" % (width, start // chunk_size): samples[start:start + chunk_size]
            for start in range(0, len(samples), chunk_size)}


def sheet_text(header, samples):
    lines = ["\t".join(header)]
    lines += ["\t".join(s["row"][column] for column in header) for s in samples]
    return "\n".join(lines) + "\n"


def digest(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write_text(path, text):
    """Through a temporary file and a rename: a reader never sees half a file."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def command_sheet(args):
    header, samples = read_sheet(args.samples)
    chunks = make_chunks(samples, args.chunk_size)
    if args.chunk not in chunks:
        raise SheetError("%s: no %s with chunk_size %d (%d samples)" % (args.samples, args.chunk, args.chunk_size, len(samples)))
    write_text(args.out, sheet_text(header, chunks[args.chunk]))
    return 0


def command_normalise(args):
    """bcftools norm -m -any [-f REF] on every VCF of a chunk sheet, in parallel, into DIR/STEM.vcf.gz,
    and the chunk sheet again with those files (paths relative to the new sheet's folder)."""
    header, samples = read_sheet(args.sheet)
    os.makedirs(args.out_dir, exist_ok=True)
    sheet_dir = os.path.dirname(os.path.abspath(args.out_sheet))
    reference = ["-f", args.reference, "--check-ref", args.check_ref] if args.reference else []

    def norm(sample):
        target = os.path.join(args.out_dir, sample["stem"] + ".vcf.gz")
        command = [args.bcftools, "norm", "-m", "-any", "--no-version", *reference, "-Oz", "-o", target,
                   sample["row"]["vcf"]]
        try:
            done = subprocess.run(command, capture_output=True, text=True)
            return sample, target, command, done.returncode, done.stderr
        except OSError as e:
            return sample, target, command, 127, "%s: %s\n" % (args.bcftools, e.strerror)

    with ThreadPoolExecutor(max_workers=max(1, args.threads)) as pool:
        results = list(pool.map(norm, samples))
    failed = []
    for sample, target, command, code, stderr in results:
        print("$ " + shlex.join(command))
        sys.stdout.write(stderr)
        if code != 0:
            print("exit code %d" % code)
            failed.append("%s (%s)" % (sample["id"], sample["row"]["vcf"]))
        sample["row"]["vcf"] = os.path.relpath(target, sheet_dir)
    if failed:
        print("pedtx-workflow: error: bcftools norm failed on %d VCF(s): %s" % (len(failed), "; ".join(failed)),
              file=sys.stderr)
        return 1
    write_text(args.out_sheet, sheet_text(header, samples))
    return 0


def command_consequence(args):
    """bcftools csq -f FASTA -g GFF3 on every VCF of a chunk sheet, in parallel, into DIR/STEM.vcf.gz,
    and the chunk sheet again with those files. The VCFs then carry BCSQ consequences, which pedtx
    reads (exon numbers, missing from BCSQ, come from pedtx's own MANE tables)."""
    header, samples = read_sheet(args.sheet)
    os.makedirs(args.out_dir, exist_ok=True)
    sheet_dir = os.path.dirname(os.path.abspath(args.out_sheet))

    def csq(sample):
        target = os.path.join(args.out_dir, sample["stem"] + ".vcf.gz")
        # --local-csq and --phase a: each record on its own, unphased somatic genotypes taken as
        # they are (the default phase mode stops at the first unphased heterozygous call).
        command = [args.bcftools, "csq", "--no-version", "-f", args.reference, "-g", args.gff3, "--local-csq",
                   "--phase", "a", "-Oz", "-o", target, sample["row"]["vcf"]]
        try:
            done = subprocess.run(command, capture_output=True, text=True)
            return sample, target, command, done.returncode, done.stderr
        except OSError as e:
            return sample, target, command, 127, "%s: %s\n" % (args.bcftools, e.strerror)

    with ThreadPoolExecutor(max_workers=max(1, args.threads)) as pool:
        results = list(pool.map(csq, samples))
    failed = []
    for sample, target, command, code, stderr in results:
        print("$ " + shlex.join(command))
        sys.stdout.write(stderr)
        if code != 0:
            print("exit code %d" % code)
            failed.append("%s (%s)" % (sample["id"], sample["row"]["vcf"]))
        sample["row"]["vcf"] = os.path.relpath(target, sheet_dir)
    if failed:
        print("pedtx-workflow: error: bcftools csq failed on %d VCF(s): %s" % (len(failed), "; ".join(failed)),
              file=sys.stderr)
        return 1
    write_text(args.out_sheet, sheet_text(header, samples))
    return 0


def chunk_runs(chunk_dirs):
    """(chunk name, folder, run.json samples) for each chunk folder, in the order given."""
    for folder in chunk_dirs:
        with open(os.path.join(folder, "run.json"), encoding="utf-8") as f:
            yield os.path.basename(os.path.normpath(folder)), folder, json.load(f)["samples"]


def failed_in_run(entry):
    """A run.json sample entry that has no report: an error, or status failed / interrupted
    (ok and resumed samples have their reports)."""
    return entry.get("error") is not None or entry.get("status") in ("failed", "interrupted")


def tsv_field(value):
    return " ".join(str(value if value is not None else "").split())


def command_failures(args):
    """sample_id, chunk, input (the VCF as the sample sheet names it, not its normalised copy),
    error of every sample the chunks' run.json files list as failed."""
    rows = ["sample_id\tchunk\tinput\terror"]
    for chunk, _, samples in chunk_runs(args.chunks):
        sources = {}
        if args.sheets:
            sources = {s["id"]: s["row"]["vcf"] for s in read_sheet(os.path.join(args.sheets, chunk + ".tsv"))[1]}
        for s in samples:
            if failed_in_run(s):
                source = sources.get(s.get("sample_id")) or (s.get("input") or {}).get("path")
                fields = (s.get("sample_id"), chunk, source, s.get("error"))
                rows.append("\t".join(tsv_field(x) for x in fields))
    write_text(args.out, "\n".join(rows) + "\n")
    print("%d samples failed" % (len(rows) - 1))
    return 0


def command_reports(args):
    """Every report the chunks' run.json files list, hard-linked (copied across file systems) into
    one folder: a link stays valid when its chunk is redone."""
    os.makedirs(args.out, exist_ok=True)
    count = 0
    for _, folder, samples in chunk_runs(args.chunks):
        for s in samples:
            for name in s.get("outputs") or []:
                source, target = os.path.join(folder, name), os.path.join(args.out, name)
                if os.path.lexists(target):
                    os.remove(target)
                try:
                    os.link(source, target)
                except OSError:
                    shutil.copy2(source, target)
                count += 1
    print("%d reports in %s" % (count, args.out))
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("sheet", help="write the sample sheet of one chunk")
    p.add_argument("--samples", required=True)
    p.add_argument("--chunk-size", type=int, required=True)
    p.add_argument("--chunk", required=True)
    p.add_argument("--out", required=True)
    p = sub.add_parser("normalise", help="bcftools norm every VCF of a chunk sheet")
    p.add_argument("--sheet", required=True)
    p.add_argument("--out-dir", required=True)
    p.add_argument("--out-sheet", required=True)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--bcftools", default="bcftools")
    p.add_argument("--reference", default="")
    p.add_argument("--check-ref", default="e", choices=["e", "w", "x", "s"])
    p = sub.add_parser("consequence", help="bcftools csq every VCF of a chunk sheet")
    p.add_argument("--sheet", required=True)
    p.add_argument("--out-dir", required=True)
    p.add_argument("--out-sheet", required=True)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--bcftools", default="bcftools")
    p.add_argument("--reference", required=True)
    p.add_argument("--gff3", required=True)
    p = sub.add_parser("failures", help="list the samples the chunks could not report")
    p.add_argument("chunks", nargs="+")
    p.add_argument("--sheets", default="", help="folder of the chunk sheets (chunkNNN.tsv), to name the original VCFs")
    p.add_argument("--out", required=True)
    p = sub.add_parser("reports", help="gather the chunks' reports into one folder")
    p.add_argument("chunks", nargs="+")
    p.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    commands = {"sheet": command_sheet, "normalise": command_normalise, "consequence": command_consequence,
                "failures": command_failures,
                "reports": command_reports}
    try:
        return commands[args.command](args)
    except SheetError as e:
        print("pedtx-workflow: error: %s" % e, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
