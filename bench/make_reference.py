#!/usr/bin/env python3
"""A made-up reference FASTA for the benchmark's VCFs (bench/, not tests): every contig of the
VCF header at its full length, all N except each record's REF bases, so that
`pedtx annotate --reference` finds every REF where the VCF says (a real genome's cost of reading
the sequence, without shipping one). Writes plain FASTA (60 bases per line) and its .fai.

  python3 bench/make_reference.py --vcf bench/data/big.vcf.gz --out bench/data/reference.fa
"""
import argparse
import gzip
import sys

LINE = 60


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--vcf", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    lengths, order, refs = {}, [], {}
    opener = gzip.open if a.vcf.endswith(".gz") else open
    with opener(a.vcf, "rt") as f:
        for line in f:
            if line.startswith("##contig=<ID="):
                body = line.strip()[len("##contig=<"):-1]
                fields = dict(kv.split("=", 1) for kv in body.split(","))
                lengths[fields["ID"]] = int(fields["length"])
                order.append(fields["ID"])
            elif not line.startswith("#"):
                chrom, pos, _, ref = line.split("\t", 4)[:4]
                refs.setdefault(chrom, []).append((int(pos), ref))
    offset = 0
    with open(a.out, "wb") as out, open(a.out + ".fai", "w") as fai:
        for name in order:
            n = lengths[name]
            seq = bytearray(b"N") * n
            for pos, ref in refs.get(name, []):
                seq[pos - 1:pos - 1 + len(ref)] = ref.encode()
            head = (">%s\n" % name).encode()
            out.write(head)
            offset += len(head)
            fai.write("%s\t%d\t%d\t%d\t%d\n" % (name, n, offset, LINE, LINE + 1))
            view = memoryview(seq)
            out.write(b"\n".join(view[i:i + LINE] for i in range(0, n, LINE)))
            out.write(b"\n")
            offset += n + (n + LINE - 1) // LINE
    return 0


if __name__ == "__main__":
    sys.exit(main())
