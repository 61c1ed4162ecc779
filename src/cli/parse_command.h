// `karta parse FILE... [--format table|json]`: what karta understood of each document — the
// agreement and every measure — for checking a document before indexing and for export.
#ifndef KARTA_SRC_CLI_PARSE_COMMAND_H_
#define KARTA_SRC_CLI_PARSE_COMMAND_H_

#include <CLI/CLI.hpp>

namespace karta::cli {

// Adds the subcommand to `app`; it runs when selected and stores its exit code in
// *exit_code.
void RegisterParseCommand(CLI::App& app, int* exit_code);

}  // namespace karta::cli

#endif  // KARTA_SRC_CLI_PARSE_COMMAND_H_
