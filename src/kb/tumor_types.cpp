// OncoTree hierarchy: loading, ancestry and solid/hematologic grouping.
#include "pedtx/kb/tumor_types.hpp"

#include <algorithm>

#include "pedtx/core/error.hpp"
#include "pedtx/util/text.hpp"

namespace pedtx {

TumorTypeTree TumorTypeTree::load(const std::filesystem::path& tsv, const std::filesystem::path& aliases_tsv) {
    TumorTypeTree tree;
    const std::string text = read_text_file(tsv);
    long line_number = 0;
    bool header_seen = false;
    for (const auto line : split_view(text, '\n')) {
        ++line_number;
        if (line.empty() || line[0] == '#') continue;
        const auto fields = split_view(line, '\t');
        if (!header_seen) {
            header_seen = true;
            if (fields.size() < 4 || fields[0] != "code")
                throw KnowledgebaseError(at_line(tsv.string(), line_number, "expected a header starting with 'code'"));
            continue;
        }
        if (fields.size() < 4)
            throw KnowledgebaseError(at_line(tsv.string(), line_number, "expected at least 4 columns"));
        TumorType type{std::string(fields[0]), std::string(fields[1]), std::string(fields[2]), std::string(fields[3]),
                       fields.size() > 4 ? std::string(fields[4]) : ""};
        tree.by_code_.emplace(to_upper(type.code), std::move(type));
    }
    if (std::filesystem::exists(aliases_tsv)) {
        const std::string aliases = read_text_file(aliases_tsv);
        header_seen = false;
        for (const auto line : split_view(aliases, '\n')) {
            if (line.empty() || line[0] == '#') continue;
            const auto fields = split_view(line, '\t');
            if (!header_seen) {
                header_seen = true;
                continue;
            }
            if (fields.size() < 2 || tree.by_code_.count(to_upper(fields[0]))) continue;
            auto& successors = tree.split_codes_[to_upper(fields[0])];
            const std::string successor = to_upper(fields[1]);
            if (std::find(successors.begin(), successors.end(), successor) == successors.end())
                successors.push_back(successor);
        }
        // A retired code with one successor is an alias; one with several stays refused.
        for (auto it = tree.split_codes_.begin(); it != tree.split_codes_.end();) {
            if (it->second.size() == 1) {
                tree.aliases_.emplace(it->first, it->second.front());
                it = tree.split_codes_.erase(it);
            } else {
                std::sort(it->second.begin(), it->second.end());
                ++it;
            }
        }
    }
    return tree;
}

const TumorType* TumorTypeTree::find(std::string_view code) const {
    std::string key = to_upper(code);
    if (auto it = by_code_.find(key); it != by_code_.end()) return &it->second;
    if (auto alias = aliases_.find(key); alias != aliases_.end())
        if (auto it = by_code_.find(alias->second); it != by_code_.end()) return &it->second;
    return nullptr;
}

std::string TumorTypeTree::why_unusable(std::string_view code) const {
    if (find(code)) return "";
    const std::string key = to_upper(code);
    if (auto split = split_codes_.find(key); split != split_codes_.end()) {
        std::string choices;
        for (const auto& successor : split->second) choices += (choices.empty() ? "" : " or ") + successor;
        return "\"" + std::string(code) + "\" is a retired OncoTree code that was split into " + choices +
               ": give one of them (pedtx does not guess the lineage)";
    }
    return "unknown OncoTree code \"" + std::string(code) + "\"";
}

bool TumorTypeTree::is_same_or_descendant(std::string_view code, std::string_view ancestor) const {
    const TumorType* node = find(code);
    const TumorType* target = find(ancestor);
    if (!node || !target) return false;
    for (int depth = 0; node && depth < 32; ++depth) {
        if (node == target) return true;
        if (node->parent.empty()) return false;
        node = find(node->parent);
    }
    return false;
}

bool TumorTypeTree::is_hematologic(std::string_view code) const {
    const TumorType* node = find(code);
    return node && (node->tissue == "Myeloid" || node->tissue == "Lymphoid");
}

}  // namespace pedtx
