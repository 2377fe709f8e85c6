// Gene fusions from genomic junctions (VCF breakends and symbolic SVs) and from
// RNA fusion callers: partner genes, 5'/3' order from the junction orientation and
// the genes' strands, breakpoint exon/intron, and matching against fusion rules.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pedtx/core/genome.hpp"
#include "pedtx/io/fusion_table.hpp"
#include "pedtx/kb/knowledgebase.hpp"
#include "pedtx/match/finding.hpp"

namespace pedtx {

// One side of a DNA junction. keeps_left: the rearranged molecule keeps the
// sequence at lower coordinates than the breakpoint (VCF "t[p[" keeps the left of t).
struct JunctionEnd {
    std::string chrom;
    std::int64_t pos = 0;
    bool keeps_left = true;
};

struct Junction {
    JunctionEnd first;
    JunctionEnd second;
    std::string source;  // vcf_bnd, vcf_symbolic
    std::string record;  // chrom:pos ID of the record(s)
    std::int32_t supporting_reads = -1;
    std::vector<std::string> caller_genes;  // genes the caller named for this junction (SnpEff, VEP)
};

// Parses a breakend ALT: t[p[, t]p], ]p]t, [p[t. nullopt for anything else
// (including single breakends "t." / ".t").
std::optional<Junction> junction_from_breakend(std::string_view chrom, std::int64_t pos, std::string_view alt);

// Junctions implied by a symbolic SV between pos and end (mate_chrom for translocations).
// svtype: DEL, DUP, INV, TRA, BND; connection: Delly's CT (3to5, 5to3, 3to3, 5to5) or empty.
std::vector<Junction> junctions_from_symbolic(std::string_view svtype, std::string_view chrom, std::int64_t pos,
                                              std::string_view mate_chrom, std::int64_t end,
                                              std::string_view connection);

// "exon 13", "intron 13", "upstream of exon 1", "downstream of the last exon", or "" without exons.
std::string breakpoint_region(const GeneLocus& locus, std::int64_t pos);

// Works out the partners of a DNA junction. nullopt when neither end is in a
// knowledge-base gene.
std::optional<FusionCall> resolve_junction(const Junction& junction, const Knowledgebase& kb, GenomeBuild build);

FusionCall resolve_named_fusion(const NamedFusion& named, const Knowledgebase& kb, GenomeBuild build);

// The findings of an RNA fusion caller's table. A row whose fusion name disagrees with its gene
// columns (STAR-Fusion; symbols compared through the knowledge base's aliases) is not matched:
// it is added to `warnings` in row order with the table's own warnings.
std::vector<Finding> fusion_table_findings(const FusionTable& table, const Knowledgebase& kb, GenomeBuild build,
                                           std::vector<std::string>& warnings);

bool fusion_rule_matches(const AlterationRule& rule, const FusionCall& call);

// A finding for the fusion with its matched evidence (tiers assigned later), or
// nullopt when no partner is a knowledge-base gene.
std::optional<Finding> fusion_finding(const FusionCall& call, const Knowledgebase& kb);

}  // namespace pedtx
