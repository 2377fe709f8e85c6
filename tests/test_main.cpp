// Catch2 v2 main: quiet htslib's warnings so test output stays readable.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#include <htslib/hts.h>

int main(int argc, char* argv[]) {
    hts_set_log_level(HTS_LOG_ERROR);
    return Catch::Session().run(argc, argv);
}
