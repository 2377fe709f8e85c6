// The OncoTree tumor-type hierarchy shipped with the knowledge base, with the
// groups "solid" and "hematologic" that tumor-agnostic evidence uses.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace pedtx {

struct TumorType {
    std::string code;
    std::string name;
    std::string parent;
    std::string tissue;
    std::string main_type;
};

class TumorTypeTree {
public:
    // Reads knowledgebase/tumor_types.tsv (+ tumor_type_aliases.tsv when present).
    static TumorTypeTree load(const std::filesystem::path& tsv, const std::filesystem::path& aliases_tsv);

    // The node for a code (case-insensitive; a retired code is mapped to its successor). Null for
    // an unknown code and for a retired code with several successors (OncoTree's ALL became BLL
    // and TLL: taking either one silently would give one lineage's drugs to the other).
    const TumorType* find(std::string_view code) const;
    // Why a code a user gave cannot be used ("unknown OncoTree code ..." or "retired OncoTree code
    // ... was split into BLL, TLL: give one of them"); empty when find() resolves it.
    std::string why_unusable(std::string_view code) const;
    // True when ancestor == code or ancestor is above code in the tree.
    bool is_same_or_descendant(std::string_view code, std::string_view ancestor) const;
    bool is_hematologic(std::string_view code) const;
    std::size_t size() const { return by_code_.size(); }

private:
    std::unordered_map<std::string, TumorType> by_code_;
    std::unordered_map<std::string, std::string> aliases_;
    std::unordered_map<std::string, std::vector<std::string>> split_codes_;  // retired code -> successors
};

}  // namespace pedtx
