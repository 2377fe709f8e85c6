// Progress of a run on stderr: one updating line on a terminal, a log line every 30 s otherwise.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace pedtx {

// "HH:MM:SS".
std::string format_duration(double seconds);

class ProgressReporter {
public:
    // total: units of work (samples, or files with --all-samples); records: read so far, by the
    // record loops. quiet: print nothing.
    ProgressReporter(std::size_t total, bool quiet, const std::atomic<std::int64_t>& records);
    ~ProgressReporter();
    ProgressReporter(const ProgressReporter&) = delete;
    ProgressReporter& operator=(const ProgressReporter&) = delete;

    void sample_done() { done_.fetch_add(1); }
    // Stops the reporting thread and prints the last line; safe to call twice.
    void finish();

private:
    void loop();
    void print(bool last);

    std::size_t total_;
    const std::atomic<std::int64_t>& records_;
    bool tty_;
    std::chrono::steady_clock::time_point start_;
    std::atomic<std::size_t> done_{0};
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace pedtx
