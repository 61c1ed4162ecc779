// `karta index [--db DIR] PATH...`: parses documents (files, or directories recursively) and
// writes their measures into the index, replacing what was indexed before from the same file
// or agreement.
#ifndef KARTA_SRC_CLI_INDEX_COMMAND_H_
#define KARTA_SRC_CLI_INDEX_COMMAND_H_

#include <CLI/CLI.hpp>

namespace karta::cli {

void RegisterIndexCommand(CLI::App& app, int* exit_code);

}  // namespace karta::cli

#endif  // KARTA_SRC_CLI_INDEX_COMMAND_H_
