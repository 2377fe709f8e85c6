// Subcommands of the pedtx executable. Each returns the process exit code;
// errors travel as pedtx exceptions up to main, which maps them to codes.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace pedtx::cli {

constexpr int kExitOk = 0;
constexpr int kExitUsage = 1;
constexpr int kExitInput = 2;
constexpr int kExitInternal = 3;

int run_annotate(const std::vector<std::string>& args, const std::string& command_line);
int run_kb(const std::vector<std::string>& args);
int run_cohort(const std::vector<std::string>& args);

// The bundled knowledge base: $PEDTX_KB, else next to the executable (build tree),
// else ../share/pedtx/knowledgebase (installed).
std::filesystem::path default_kb_directory();

void print_error(const std::string& message);

}  // namespace pedtx::cli
