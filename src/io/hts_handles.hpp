// Owning handles for htslib objects, shared by the reader and the writer (private to src/io:
// htslib types stay out of the public headers).
#pragma once

#include <memory>

#include <htslib/hts.h>
#include <htslib/vcf.h>

namespace pedtx::hts {

struct FileCloser {
    void operator()(htsFile* f) const {
        if (f) hts_close(f);
    }
};
struct HeaderDestroyer {
    void operator()(bcf_hdr_t* h) const {
        if (h) bcf_hdr_destroy(h);
    }
};
struct RecordDestroyer {
    void operator()(bcf1_t* r) const {
        if (r) bcf_destroy(r);
    }
};

using File = std::unique_ptr<htsFile, FileCloser>;
using Header = std::unique_ptr<bcf_hdr_t, HeaderDestroyer>;
using Record = std::unique_ptr<bcf1_t, RecordDestroyer>;

}  // namespace pedtx::hts
