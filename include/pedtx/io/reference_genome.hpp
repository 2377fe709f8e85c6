// The reference genome FASTA given with --reference (plain or bgzipped, indexed with
// `samtools faidx`): bases for the REF check and for translating alleles. htslib's faidx
// stays in the .cpp.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pedtx/core/genome.hpp"

namespace pedtx {

class ReferenceGenome {
public:
    // Opens the FASTA and its index (.fai, and .gzi when bgzipped). Throws InputError naming the
    // file and what to run when the index is missing or unreadable, or when no sequence has a
    // chromosome name pedtx knows (1..22, X, Y, MT with or without `chr`).
    explicit ReferenceGenome(const std::filesystem::path& fasta);
    ~ReferenceGenome();
    ReferenceGenome(const ReferenceGenome&) = delete;
    ReferenceGenome& operator=(const ReferenceGenome&) = delete;

    const std::filesystem::path& path() const;
    // The FASTA has a sequence for this chromosome.
    bool has_chrom(ChromIndex chrom) const;
    // Length of a chromosome's sequence; 0 when absent.
    std::int64_t chrom_length(ChromIndex chrom) const;
    // Upper-cased bases [start, end], 1-based closed; nullopt when the chromosome is absent or the
    // range runs off its end. Safe to call from several threads at once: each thread reads
    // through its own handle and keeps a window of the sequence it read last.
    std::optional<std::string> bases(ChromIndex chrom, std::int64_t start, std::int64_t end) const;

private:
    void open_if_plain();
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace pedtx
