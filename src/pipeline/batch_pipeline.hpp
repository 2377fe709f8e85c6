// Private to pipeline/: the three-stage oneTBB pipeline both input loops run (VCF records in
// annotate.cpp, MAF rows in annotate_maf.cpp): batches of items read serially, processed in
// parallel, and merged serially in file order, so that findings, counts and errors are those of
// a serial loop at any thread count.
#pragma once

#include <algorithm>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "pedtx/core/error.hpp"
#include "pedtx/pipeline/annotate.hpp"

#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

namespace pedtx {

// Batches read ahead of the merge: enough to keep every thread of a large arena busy, and a
// bound on the memory of one file whatever the thread count.
constexpr std::size_t kMaxBatchesInFlight = 64;

// Batch: default-constructible, with `std::size_t size` (items filled) and `std::string
// read_error` (the file could not be read past this batch; the merge decides what to throw).
// read_item(batch, i): reads item i into the batch (growing its storage when i reaches it);
// false at the end of the input; an InputError ends the input with read_error set.
// process(batch): the parallel stage. merge(batch): the serial stage, in file order.
template <class Batch, class ReadItem, class Process, class Merge>
void run_batch_pipeline(std::size_t batch_items, ReadItem read_item, Process process, Merge merge) {
    const std::size_t tokens = std::min(
        kMaxBatchesInFlight, 2 * static_cast<std::size_t>(std::max(1, tbb::this_task_arena::max_concurrency())));
    // As many batches as tokens, used in turn: items leave the last (in-order) stage in file
    // order and at most `tokens` are in flight, so the batch item k reuses, that of item
    // k - tokens, has left the pipeline. Batches and their storage are made as the file needs
    // them, so that memory follows the work (a small file holds one short batch at any thread count).
    std::vector<std::unique_ptr<Batch>> batches(tokens);
    std::size_t items = 0;
    bool input_done = false;
    const auto read_batch = [&](tbb::flow_control& control) -> Batch* {
        if (input_done) {
            control.stop();
            return nullptr;
        }
        auto& slot = batches[items++ % tokens];
        if (!slot) slot = std::make_unique<Batch>();
        Batch* batch = slot.get();
        batch->size = 0;
        batch->read_error.clear();
        try {
            while (batch->size < batch_items && read_item(*batch, batch->size)) ++batch->size;
        } catch (const InputError& e) {
            batch->read_error = e.what();
        }
        if (batch->size < batch_items) input_done = true;
        return batch;
    };
    const auto process_batch = [&](Batch* batch) {
        process(*batch);
        return batch;
    };
    const auto merge_batch = [&](Batch* batch) { merge(*batch); };
    tbb::parallel_pipeline(tokens, tbb::make_filter<void, Batch*>(tbb::filter_mode::serial_in_order, read_batch) &
                                       tbb::make_filter<Batch*, Batch*>(tbb::filter_mode::parallel, process_batch) &
                                       tbb::make_filter<Batch*, void>(tbb::filter_mode::serial_in_order, merge_batch));
}

// The end of a merge, once the batch's items are in the samples: the read error that ended the
// file, the progress counter, and a requested stop.
inline void end_merge(std::size_t items, const std::string& read_error, const AnnotateHooks& hooks,
                      const std::string& file) {
    if (!read_error.empty()) throw InputError(read_error);
    if (hooks.records_counter)
        hooks.records_counter->fetch_add(static_cast<std::int64_t>(items), std::memory_order_relaxed);
    if (hooks.stop_requested && hooks.stop_requested->load(std::memory_order_relaxed))
        throw Interrupted(file + ": interrupted");
}

}  // namespace pedtx
