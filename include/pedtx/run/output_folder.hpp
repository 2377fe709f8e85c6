// The output folder of a run: held by one run at a time, cleared of temporaries a killed run
// left, and never written over an input.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace pedtx {

// An exclusive flock on OUT/.pedtx-run.lock for the length of a run, so that two runs never
// mix their outputs in one folder. The kernel releases it when the process ends, however it
// ends; the file stays, holding the pid of the last run that took it. Throws UsageError when
// another run holds it, IoError when it cannot be made.
class OutputFolderLock {
public:
    explicit OutputFolderLock(const std::filesystem::path& dir);
    ~OutputFolderLock();
    OutputFolderLock(const OutputFolderLock&) = delete;
    OutputFolderLock& operator=(const OutputFolderLock&) = delete;

private:
    int fd_ = -1;
};

// Removes the temporaries of an earlier run that was killed before it could (kill -9, a second
// Ctrl-C). Call with the folder locked: then every one is stale.
void remove_stale_temporaries(const std::filesystem::path& dir);

// Throws UsageError, before anything is written, when an output would replace one of the
// inputs (the same file: device and inode, so links and other spellings of the path count).
void refuse_outputs_over_inputs(const std::vector<std::filesystem::path>& inputs,
                                const std::vector<std::filesystem::path>& outputs);

// Every report a sample with this stem may have in the folder (SAMPLE.pedtx.json, ...), and
// the run-level files (run.json, cohort views).
std::vector<std::filesystem::path> sample_output_paths(const std::filesystem::path& dir, const std::string& stem);
std::vector<std::filesystem::path> run_level_output_paths(const std::filesystem::path& dir);

// Removes a sample's reports (a failed sample leaves none, not even those of an earlier run).
void remove_sample_outputs(const std::filesystem::path& dir, const std::string& stem);

}  // namespace pedtx
