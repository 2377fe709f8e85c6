// refGene / genePred and GTF readers for --gene-annotation.
#include "pedtx/io/gene_annotation.hpp"

#include <algorithm>
#include <charconv>
#include <map>

#include <htslib/hts.h>
#include <htslib/kstring.h>

#include "pedtx/core/error.hpp"
#include "pedtx/util/text.hpp"

namespace pedtx {

namespace {

bool to_int(std::string_view text, std::int64_t& value) {
    const auto r = std::from_chars(text.data(), text.data() + text.size(), value);
    return r.ec == std::errc() && r.ptr == text.data() + text.size();
}

struct Transcript {
    std::string gene;
    ChromIndex chrom = kNoChrom;
    char strand = '+';
    std::int64_t start = 0;
    std::int64_t end = 0;
    std::int64_t coding_length = 0;
    std::vector<std::pair<std::int64_t, std::int64_t>> exons;  // genomic order, 1-based closed
};

std::string gtf_attribute(std::string_view attributes, std::string_view key) {
    const std::string needle = std::string(key) + " \"";
    const auto at = attributes.find(needle);
    if (at == std::string_view::npos) return {};
    const auto begin = at + needle.size();
    const auto end = attributes.find('"', begin);
    return end == std::string_view::npos ? std::string{} : std::string(attributes.substr(begin, end - begin));
}

}  // namespace

std::vector<GeneLocus> read_gene_annotation(const std::filesystem::path& path) {
    const std::string file = path.string();
    htsFile* fp = hts_open(file.c_str(), "r");
    if (!fp) throw InputError(file + ": cannot open the gene annotation");
    kstring_t line = {0, 0, nullptr};
    std::map<std::string, Transcript> transcripts;  // by transcript id (GTF) or row (refGene)
    long line_number = 0;
    bool is_gtf = false, decided = false;
    while (hts_getline(fp, 2 /* KS_SEP_LINE: whole lines */, &line) >= 0) {
        ++line_number;
        std::string_view text(line.s, line.l);
        if (text.empty() || text[0] == '#') continue;
        const auto fields = split_view(text, '\t');
        if (!decided) {
            is_gtf = fields.size() == 9 && fields[8].find("gene_id") != std::string_view::npos;
            decided = true;
        }
        if (is_gtf) {
            if (fields.size() != 9 || fields[2] != "exon") continue;
            std::int64_t start = 0, end = 0;
            if (!to_int(fields[3], start) || !to_int(fields[4], end)) {
                free(line.s);
                hts_close(fp);
                throw InputError(at_line(file, line_number, "GTF start/end are not numbers"));
            }
            std::string gene = gtf_attribute(fields[8], "gene_name");
            if (gene.empty()) gene = gtf_attribute(fields[8], "gene_id");
            const std::string id = gtf_attribute(fields[8], "transcript_id");
            auto& t = transcripts[id.empty() ? gene : id];
            t.gene = gene;
            t.chrom = chrom_index(fields[0]);
            t.strand = fields[6].empty() ? '+' : fields[6][0];
            t.exons.emplace_back(start, end);
            t.start = t.start == 0 ? start : std::min(t.start, start);
            t.end = std::max(t.end, end);
            if (gtf_attribute(fields[8], "transcript_type") == "protein_coding" ||
                gtf_attribute(fields[8], "transcript_biotype") == "protein_coding")
                t.coding_length += end - start + 1;
            continue;
        }
        // refGene: [bin] name chrom strand txStart txEnd cdsStart cdsEnd exonCount exonStarts exonEnds score name2 ...
        const std::size_t o = fields.size() >= 16 ? 1 : 0;  // optional leading bin column
        if (fields.size() < 10 + o) {
            free(line.s);
            hts_close(fp);
            throw InputError(at_line(file, line_number, "expected a refGene/genePred row or a GTF line"));
        }
        Transcript t;
        t.gene = std::string(fields.size() > 11 + o ? fields[11 + o] : fields[o]);
        t.chrom = chrom_index(fields[1 + o]);
        t.strand = fields[2 + o].empty() ? '+' : fields[2 + o][0];
        std::int64_t tx_start = 0, tx_end = 0, cds_start = 0, cds_end = 0;
        if (!to_int(fields[3 + o], tx_start) || !to_int(fields[4 + o], tx_end) || !to_int(fields[5 + o], cds_start) ||
            !to_int(fields[6 + o], cds_end)) {
            free(line.s);
            hts_close(fp);
            throw InputError(at_line(file, line_number, "refGene coordinates are not numbers"));
        }
        t.start = tx_start + 1;  // 0-based half-open -> 1-based closed
        t.end = tx_end;
        t.coding_length = cds_end - cds_start;
        auto starts = split_view(fields[8 + o], ',');
        auto ends = split_view(fields[9 + o], ',');
        for (std::size_t i = 0; i < starts.size() && i < ends.size(); ++i) {
            std::int64_t s = 0, e = 0;
            if (to_int(starts[i], s) && to_int(ends[i], e)) t.exons.emplace_back(s + 1, e);
        }
        transcripts.emplace(file + ":" + std::to_string(line_number), std::move(t));
    }
    free(line.s);
    hts_close(fp);

    // Per gene and chromosome: union span, exons of the longest coding transcript.
    std::map<std::pair<std::string, ChromIndex>, std::pair<GeneLocus, std::int64_t>> genes;
    for (auto& [id, t] : transcripts) {
        if (t.gene.empty() || t.chrom == kNoChrom || t.exons.empty()) continue;
        std::sort(t.exons.begin(), t.exons.end());
        if (t.strand == '-') std::reverse(t.exons.begin(), t.exons.end());
        auto [it, fresh] = genes.try_emplace({t.gene, t.chrom});
        GeneLocus& locus = it->second.first;
        if (fresh) {
            locus.symbol = t.gene;
            locus.chrom = t.chrom;
            locus.strand = t.strand;
            locus.span_start = t.start;
            locus.span_end = t.end;
        }
        locus.span_start = std::min(locus.span_start, t.start);
        locus.span_end = std::max(locus.span_end, t.end);
        const std::int64_t score = t.coding_length * 4 + (t.end - t.start);
        if (fresh || score > it->second.second) {
            it->second.second = score;
            locus.exons = t.exons;
            locus.tx_start = t.start;
            locus.tx_end = t.end;
            locus.strand = t.strand;
        }
    }
    if (genes.empty()) throw InputError(file + ": no genes found in the gene annotation");
    std::vector<GeneLocus> loci;
    for (auto& [key, value] : genes) loci.push_back(std::move(value.first));
    std::sort(loci.begin(), loci.end(), [](const GeneLocus& a, const GeneLocus& b) {
        return std::tie(a.chrom, a.span_start, a.symbol) < std::tie(b.chrom, b.span_start, b.symbol);
    });
    return loci;
}

}  // namespace pedtx
