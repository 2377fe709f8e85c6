// Normalisation of protein changes from the forms annotators write:
// p.Val600Glu, p.(V600E), V600E, ENSP..:p.Val600Glu, p.Glu746_Ala750del,
// p.Arg97ProfsTer23, p.Arg213Ter / R213*, p.=, p.Leu858=, p.Met1?,
// bcftools csq "600V>600E", and SnpEff EFF "V600E".
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "pedtx/core/variant.hpp"

namespace pedtx {

// 3-letter amino-acid code (case-insensitive, "Ter" and "*" for stop) to 1-letter; 0 if unknown.
char amino_acid_one_letter(std::string_view three_letter);

// Parses an HGVS protein change (with or without "p.", accession prefix,
// parentheses or %3D escapes). Returns nullopt when the text is not a protein
// change pedtx understands; never throws.
std::optional<ProteinChange> parse_hgvsp(std::string_view text);

// Parses a bcftools csq amino-acid field such as "600V>600E", "746EL>746E" or "12G".
std::optional<ProteinChange> parse_bcsq_protein(std::string_view text);

// Builds a protein change from VEP's Protein_position ("132", "746-750", "2841-2846/2944") and
// Amino_acids ("R/H", "ELREA/-", "-/S", "S/*", "TI/X", "V" when synonymous), for VEP output
// without HGVSp (VEP's default without --hgvs). frameshift: the consequence is a frameshift
// ("X" in Amino_acids is then the unknown new sequence). nullopt when the fields say too little.
std::optional<ProteinChange> protein_change_from_positions(std::string_view protein_position,
                                                          std::string_view amino_acids, bool frameshift);

// Decodes VCF percent-escapes (%3D %3B %2C %3A %25).
std::string percent_decode(std::string_view text);

}  // namespace pedtx
