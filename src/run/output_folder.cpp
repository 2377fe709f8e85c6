// The output folder's lock, stale temporaries and the outputs-over-inputs check.
#include "pedtx/run/output_folder.hpp"

#include <cerrno>
#include <map>
#include <system_error>
#include <utility>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pedtx/core/error.hpp"
#include "pedtx/report/atomic_file.hpp"
#include "pedtx/report/output_names.hpp"

namespace pedtx {

OutputFolderLock::OutputFolderLock(const std::filesystem::path& dir) {
    const auto path = dir / ".pedtx-run.lock";
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd_ < 0) throw IoError(dir.string() + ": cannot create the lock file .pedtx-run.lock: " + errno_message(errno));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        char buffer[32] = {};
        const ssize_t got = ::pread(fd_, buffer, sizeof buffer - 1, 0);
        ::close(fd_);
        std::string holder(buffer, got > 0 ? static_cast<std::size_t>(got) : 0);
        while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' ')) holder.pop_back();
        if (error == EWOULDBLOCK)
            throw UsageError(dir.string() + ": another pedtx run (pid " + (holder.empty() ? "unknown" : holder) +
                             ") is writing into this folder; wait for it to finish or choose another --out");
        throw IoError(dir.string() + ": cannot lock .pedtx-run.lock: " + errno_message(error));
    }
    const std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, pid.data(), pid.size(), 0) < 0) {
        // The lock holds without the pid; a second run's message just cannot name it.
    }
}

OutputFolderLock::~OutputFolderLock() {
    ::close(fd_);
}

void remove_stale_temporaries(const std::filesystem::path& dir) {
    std::error_code error;
    for (auto it = std::filesystem::directory_iterator(dir, error);
         !error && it != std::filesystem::directory_iterator(); it.increment(error)) {
        if (!is_pedtx_temporary(it->path().filename().string())) continue;
        std::error_code ignored;
        if (it->is_regular_file(ignored)) std::filesystem::remove(it->path(), ignored);
    }
}

void refuse_outputs_over_inputs(const std::vector<std::filesystem::path>& inputs,
                                const std::vector<std::filesystem::path>& outputs) {
    std::map<std::pair<dev_t, ino_t>, std::filesystem::path> by_inode;
    struct stat info {};
    for (const auto& input : inputs)
        if (!input.empty() && ::stat(input.c_str(), &info) == 0)
            by_inode.emplace(std::pair(info.st_dev, info.st_ino), input);
    for (const auto& output : outputs) {
        if (::stat(output.c_str(), &info) != 0) continue;
        const auto it = by_inode.find({info.st_dev, info.st_ino});
        if (it != by_inode.end())
            throw UsageError(output.string() + " is the input " + it->second.string() +
                             ": pedtx would overwrite it; choose another --out (or move the input out of it)");
    }
}

std::vector<std::filesystem::path> sample_output_paths(const std::filesystem::path& dir, const std::string& stem) {
    std::vector<std::filesystem::path> paths;
    for (const auto format : kReportFormats) paths.push_back(dir / report_file_name(stem, format));
    return paths;
}

std::vector<std::filesystem::path> run_level_output_paths(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> paths;
    for (const auto name : kRunLevelFiles) paths.push_back(dir / name);
    return paths;
}

void remove_sample_outputs(const std::filesystem::path& dir, const std::string& stem) {
    if (stem.empty()) return;
    std::error_code ignored;
    for (const auto& path : sample_output_paths(dir, stem)) std::filesystem::remove(path, ignored);
}

}  // namespace pedtx
