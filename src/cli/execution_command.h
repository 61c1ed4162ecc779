// `karta execution`: which plan measures have reported progress, where and by whom.
#ifndef KARTA_SRC_CLI_EXECUTION_COMMAND_H_
#define KARTA_SRC_CLI_EXECUTION_COMMAND_H_

#include <CLI/CLI.hpp>

namespace karta::cli {

void RegisterExecutionCommand(CLI::App& app, int* exit_code);

}  // namespace karta::cli

#endif  // KARTA_SRC_CLI_EXECUTION_COMMAND_H_
