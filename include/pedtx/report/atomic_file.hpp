// Atomic output: write to a temporary file in the target folder, then rename,
// so a failure or an interrupt never leaves a truncated report behind; several
// files (one sample's reports) staged and renamed together.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace pedtx {

// Temporary files are ".NAME.tmp.PID.N" beside NAME.
inline constexpr const char* kTemporaryInfix = ".tmp.";

// Throws IoError naming the file and the errno (e.g. "No space left on device (ENOSPC)")
// when writing or renaming fails.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

// The same for content a writer puts into the temporary file it is given (e.g. through
// htslib); whatever the writer throws is passed on, and the temporary file removed.
void write_atomically(const std::filesystem::path& path,
                      const std::function<void(const std::filesystem::path& temporary)>& writer);

// Files written as one: add() writes each to its temporary (throwing IoError as above, nothing
// renamed yet); commit() renames them all into place in the order added. The last one added is
// the one a later run trusts: it is removed before the others are renamed and renamed last, so
// that if it exists, so do the others of the same commit. A failed rename removes what the commit
// had renamed (all or none) and throws IoError. Temporaries not committed are removed on
// destruction.
class StagedFiles {
public:
    StagedFiles() = default;
    ~StagedFiles();
    StagedFiles(const StagedFiles&) = delete;
    StagedFiles& operator=(const StagedFiles&) = delete;

    void add(const std::filesystem::path& path, std::string_view content);
    void add(const std::filesystem::path& path,
             const std::function<void(const std::filesystem::path& temporary)>& writer);
    void commit();
    // Removes the final files (after a failure elsewhere, so that none of the set is left).
    void discard_outputs();

private:
    struct File {
        std::filesystem::path path;
        std::filesystem::path temporary;
        bool renamed = false;
    };
    std::vector<File> files_;
};

// Whether a file name is one of the temporaries above (".NAME.tmp.PID.N").
bool is_pedtx_temporary(const std::string& file_name);

}  // namespace pedtx
