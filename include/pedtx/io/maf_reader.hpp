// Mutation Annotation Format (MAF) input: GDC, cBioPortal data_mutations.txt, vcf2maf,
// Oncotator and OncoKB-annotator MAFs, plain or gzipped, with or without the "#version" line,
// columns found by name (any case, any order), many samples (Tumor_Sample_Barcode) per file.
// The reader only reads: one row at a time, checked, and converted to a VCF-style allele on
// request; what a row means for a patient is decided in pipeline/annotate_maf.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pedtx/core/genome.hpp"
#include "pedtx/core/variant.hpp"

namespace pedtx {

// One data row of a MAF, fields as written (trimmed). Numbers are -1 / 0 when the column is
// absent or blank.
struct MafRow {
    long line = 0;               // 1-based line of the file
    std::string sample;          // Tumor_Sample_Barcode
    std::string gene;            // Hugo_Symbol
    std::string protein_change;  // HGVSp_Short, else HGVSp, else Protein_Change / amino_acid_change
    std::string hgvsc;           // HGVSc
    std::string variant_classification;
    std::string consequence;  // vcf2maf / GDC "Consequence" (Sequence Ontology terms), when present
    std::string transcript;   // Transcript_ID, else Annotation_Transcript, else RefSeq
    std::string exon;         // Exon_Number ("15/18")
    std::string chrom;
    std::int64_t start = 0;  // Start_Position (1-based; the base before an insertion)
    std::int64_t end = 0;
    std::string ref;              // Reference_Allele ('-' for an insertion)
    std::string allele1;          // Tumor_Seq_Allele1
    std::string allele2;          // Tumor_Seq_Allele2 ('-' for a deletion)
    std::string build;            // NCBI_Build as written
    std::string filter;           // FILTER, when the MAF has one
    std::int32_t alt_count = -1;  // t_alt_count
    std::int32_t ref_count = -1;  // t_ref_count
    std::int32_t depth = -1;      // t_depth, else t_alt_count + t_ref_count

    bool has_coordinates() const { return !chrom.empty() && start > 0; }
    // The tumor allele: Tumor_Seq_Allele2, or Allele1 when Allele2 is blank or the reference
    // (vcf2maf writes the alternate allele in Allele2; older MAFs sometimes in Allele1 only).
    const std::string& tumor_allele() const;
};

// The genome build an NCBI_Build value names ("GRCh37", "37", "hg19", "GRCh38", "38", "hg38");
// nullopt for a blank or unknown value.
std::optional<GenomeBuild> parse_maf_build(std::string_view text);

// The variant class a MAF Variant_Classification names (Missense_Mutation, Frame_Shift_Del,
// Splice_Site, 5'Flank, ...). Other values go through the Sequence Ontology / ANNOVAR names the
// VCF annotation path knows ("nonsynonymous_SNV"); VariantClass::other when none applies.
VariantClass maf_variant_class(std::string_view classification);

// A MAF allele written the way a VCF writes it. MAF indels carry no shared left base ('-'
// alleles; Start_Position is the first deleted base, or the base before an insertion), VCF
// indels do: a deletion starts one base to the left, an insertion at Start_Position.
struct VcfStyleAllele {
    std::int64_t pos = 0;
    std::string ref;
    std::string alt;
    bool anchored = true;  // false: an indel whose left base was not given (pos/ref/alt stay in MAF form)
};
// Where the left base an indel needs is (1-based), or nullopt when the allele needs none
// (SNV, MNV, a delins with bases on both sides).
std::optional<std::int64_t> maf_anchor_position(const MafRow& row);
// The row's allele in VCF form; anchor: the reference base at maf_anchor_position (from a
// --reference FASTA). Without it an indel stays in MAF form with anchored = false: no base is
// ever invented. Rows without coordinates give pos 0.
VcfStyleAllele maf_to_vcf_allele(const MafRow& row, std::optional<char> anchor);

// Reads a MAF row by row. Lines starting with '#' before the header are skipped ("#version
// 2.4", GDC's "#annotation.spec"); so are blank lines and repeated header lines. The header
// must name Tumor_Sample_Barcode and Hugo_Symbol.
class MafReader {
public:
    // skip_bad_rows: a row that cannot be read is counted (bad_rows) instead of thrown.
    // Throws InputError (a file that cannot be opened, or without a MAF header) naming the file.
    explicit MafReader(const std::filesystem::path& path, bool skip_bad_rows = false);
    // hash_plain_text: also hash the file as it is read, when it is plain text
    // (plain_text_sha256).
    MafReader(const std::filesystem::path& path, bool skip_bad_rows, bool hash_plain_text);
    ~MafReader();
    MafReader(const MafReader&) = delete;
    MafReader& operator=(const MafReader&) = delete;

    // The next data row into `row`; false at the end of the file. A row that cannot be read
    // throws InputError "FILE:LINE: what was wrong" (or, with skip_bad_rows, is counted and
    // skipped). A file cut short in a gzip member throws InputError too.
    bool next(MafRow& row);
    // The next row's sample id only (for a first pass that lists the samples); false at the
    // end. Rows without a barcode are left to next() to report.
    bool next_sample(std::string& sample);

    // The SHA-256 of the whole file once it has been read to its end, when the reader hashes
    // plain text; empty otherwise (compressed, not asked for, or not read to the end).
    std::string plain_text_sha256() const;

    // The text of the row next() returned last, as written (without its line break).
    std::string_view current_line() const;

    const std::filesystem::path& path() const;
    // Header names as written, in file order.
    const std::vector<std::string>& columns() const;
    bool has_column(std::string_view name) const;  // any case
    std::int64_t rows_read() const;                // data rows, bad ones included
    std::int64_t bad_rows() const;                 // rows skipped (skip_bad_rows)
    std::int64_t repeated_headers() const;         // header lines repeated inside the data
    // "FILE:LINE: ..." for the first few bad rows skipped.
    const std::vector<std::string>& bad_row_examples() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Every Tumor_Sample_Barcode of the MAF in order of first appearance (one pass over the file,
// memory: the distinct ids). Rows without a barcode are skipped here.
std::vector<std::string> maf_sample_ids(const std::filesystem::path& path);

// maf_sample_ids, and the file's SHA-256 from the same pass when the file is plain text (its
// bytes are then the text read); empty for a gzip or bgzip file, whose compressed bytes are
// not what is read.
struct MafSampleScan {
    std::vector<std::string> ids;
    std::string plain_text_sha256;
};
MafSampleScan scan_maf_samples(const std::filesystem::path& path);

}  // namespace pedtx
