// Temp file + rename in the same folder; a sample's outputs staged and renamed together.
#include "pedtx/report/atomic_file.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <string>
#include <string_view>

#include <fcntl.h>
#include <unistd.h>

#include "pedtx/core/error.hpp"

namespace pedtx {

namespace {

std::filesystem::path temporary_for(const std::filesystem::path& path) {
    static std::atomic<unsigned> counter{0};
    return path.parent_path() / ("." + path.filename().string() + kTemporaryInfix + std::to_string(::getpid()) + "." +
                                 std::to_string(counter.fetch_add(1)));
}

// POSIX calls rather than a stream, so that every failure names its errno (ENOSPC, EROFS, ...).
void write_whole_file(const std::filesystem::path& path, const std::filesystem::path& temporary,
                      std::string_view content) {
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) throw IoError(path.string() + ": cannot create a temporary file beside it: " + errno_message(errno));
    std::size_t done = 0;
    while (done < content.size()) {
        const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int error = errno;
            ::close(fd);
            throw IoError(path.string() + ": write failed: " + errno_message(error));
        }
        done += static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0) throw IoError(path.string() + ": write failed: " + errno_message(errno));
}

void remove_quietly(const std::filesystem::path& path) {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
}

}  // namespace

void write_atomically(const std::filesystem::path& path,
                      const std::function<void(const std::filesystem::path& temporary)>& writer) {
    StagedFiles staged;
    staged.add(path, writer);
    staged.commit();
}

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
    StagedFiles staged;
    staged.add(path, content);
    staged.commit();
}

StagedFiles::~StagedFiles() {
    for (const auto& file : files_)
        if (!file.renamed) remove_quietly(file.temporary);
}

void StagedFiles::add(const std::filesystem::path& path, std::string_view content) {
    add(path, [&](const std::filesystem::path& temporary) { write_whole_file(path, temporary, content); });
}

void StagedFiles::add(const std::filesystem::path& path,
                      const std::function<void(const std::filesystem::path& temporary)>& writer) {
    files_.push_back({path, temporary_for(path), false});
    try {
        writer(files_.back().temporary);
    } catch (...) {
        remove_quietly(files_.back().temporary);
        files_.pop_back();
        throw;
    }
}

void StagedFiles::commit() {
    if (files_.empty()) return;
    // The last file is the one a later run trusts (--resume reads the JSON report): it goes
    // first and comes back last, so that its presence says every other file is complete.
    const auto& last = files_.back();
    std::error_code error;
    std::filesystem::remove(last.path, error);
    if (error) throw IoError(last.path.string() + ": cannot replace: " + error.message());
    for (auto& file : files_) {
        std::filesystem::rename(file.temporary, file.path, error);
        if (error) {
            // All or none: what this commit put in place goes again.
            for (auto& done : files_)
                if (done.renamed) remove_quietly(done.path);
            for (auto& other : files_) {
                if (!other.renamed) remove_quietly(other.temporary);
                other.renamed = true;
            }
            throw IoError(file.path.string() + ": cannot rename its temporary file into place: " + error.message());
        }
        file.renamed = true;
    }
}

void StagedFiles::discard_outputs() {
    for (const auto& file : files_) remove_quietly(file.path);
}

// ".NAME.tmp.PID.N": a leading dot, a non-empty name, ".tmp.", then two runs of digits. Written out
// by hand: GCC 12 flags <regex> with bogus maybe-uninitialized warnings under the sanitizer build.
bool is_pedtx_temporary(const std::string& file_name) {
    const auto all_digits = [](std::string_view text) {
        return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    const std::string_view name(file_name);
    const std::size_t last_dot = name.rfind('.');
    if (last_dot == std::string_view::npos || !all_digits(name.substr(last_dot + 1))) return false;
    const std::string_view head = name.substr(0, last_dot);
    const std::size_t pid_dot = head.rfind('.');
    if (pid_dot == std::string_view::npos || !all_digits(head.substr(pid_dot + 1))) return false;
    const std::string_view stem = head.substr(0, pid_dot);
    constexpr std::string_view kTmp = ".tmp";
    if (stem.size() < kTmp.size() + 2 || stem.substr(stem.size() - kTmp.size()) != kTmp) return false;
    return stem.front() == '.';
}

}  // namespace pedtx
