// OncoTree hierarchy: loading, ancestry and solid/hematologic grouping.
#include "pedtx/kb/tumor_types.hpp"

#include "pedtx/core/error.hpp"
#include "pedtx/util/text.hpp"

namespace pedtx {

TumorTypeTree TumorTypeTree::load(const std::filesystem::path& tsv,
                                  const std::filesystem::path& aliases_tsv) {
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
                throw KnowledgebaseError(at_line(tsv.string(), line_number,
                                                 "expected a header starting with 'code'"));
            continue;
        }
        if (fields.size() < 4)
            throw KnowledgebaseError(at_line(tsv.string(), line_number, "expected at least 4 columns"));
        TumorType type{std::string(fields[0]), std::string(fields[1]), std::string(fields[2]),
                       std::string(fields[3]), fields.size() > 4 ? std::string(fields[4]) : ""};
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
            if (fields.size() >= 2 && !tree.by_code_.count(to_upper(fields[0])))
                tree.aliases_.emplace(to_upper(fields[0]), to_upper(fields[1]));
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
