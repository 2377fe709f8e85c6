// The progress line of a run.
#include "pedtx/run/progress.hpp"

#include <cstdio>

#include <unistd.h>

namespace pedtx {

std::string format_duration(double seconds) {
    const long s = static_cast<long>(seconds + 0.5);
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%02ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
    return buffer;
}

ProgressReporter::ProgressReporter(std::size_t total, bool quiet, const std::atomic<std::int64_t>& records)
    : total_(total), records_(records), tty_(::isatty(2) == 1), start_(std::chrono::steady_clock::now()) {
    if (!quiet && total > 0) thread_ = std::thread([this] { loop(); });
}
ProgressReporter::~ProgressReporter() {
    finish();
}

void ProgressReporter::finish() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (stopping_) return;
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
        print(true);
    }
}

void ProgressReporter::loop() {
    std::unique_lock<std::mutex> lock(mutex_);
    const auto period = tty_ ? std::chrono::milliseconds(250) : std::chrono::milliseconds(30000);
    while (!wake_.wait_for(lock, period, [this] { return stopping_; })) print(false);
}

void ProgressReporter::print(bool last) {
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const std::size_t done = done_.load();
    const std::int64_t records = records_.load();
    std::string eta = "--:--:--";
    if (done > 0 && done < total_)
        eta = format_duration(elapsed / static_cast<double>(done) * static_cast<double>(total_ - done));
    if (done >= total_) eta = format_duration(0);
    char line[200];
    std::snprintf(line, sizeof line, "pedtx: %zu/%zu samples, %lld records, %.0f records/s, elapsed %s, ETA %s", done,
                  total_, static_cast<long long>(records), elapsed > 0 ? static_cast<double>(records) / elapsed : 0.0,
                  format_duration(elapsed).c_str(), eta.c_str());
    if (tty_)
        std::fprintf(stderr, "\r%s\033[K%s", line, last ? "\n" : "");
    else
        std::fprintf(stderr, "%s\n", line);
    std::fflush(stderr);
}

}  // namespace pedtx
