// `karta similar ID | --text TEXT` (the measures most like one, by region) and `karta twins`
// (clusters of near-identical measures across agreements, and the measures unique to one).
#ifndef KARTA_SRC_CLI_SIMILAR_COMMANDS_H_
#define KARTA_SRC_CLI_SIMILAR_COMMANDS_H_

#include <CLI/CLI.hpp>

namespace karta::cli {

void RegisterSimilarCommands(CLI::App& app, int* exit_code);

}  // namespace karta::cli

#endif  // KARTA_SRC_CLI_SIMILAR_COMMANDS_H_
