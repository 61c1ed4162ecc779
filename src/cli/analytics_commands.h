// The analysts' comparison commands over the index: `karta agencies` (agency × region matrix),
// `karta overlap` (pairwise likeness of agreements), `karta compare` (agreements side by side)
// and `karta counterparts` (who works with whom, per region).
#ifndef KARTA_SRC_CLI_ANALYTICS_COMMANDS_H_
#define KARTA_SRC_CLI_ANALYTICS_COMMANDS_H_

#include <CLI/CLI.hpp>

namespace karta::cli {

void RegisterAnalyticsCommands(CLI::App& app, int* exit_code);

}  // namespace karta::cli

#endif  // KARTA_SRC_CLI_ANALYTICS_COMMANDS_H_
