// `karta completion bash`: a bash completion script written from the command line definition
// itself (commands, their options, the values an option accepts), so it cannot fall out of
// step with the help. Installed by `cmake --install` as
// share/bash-completion/completions/karta.
#ifndef KARTA_SRC_CLI_COMPLETION_H_
#define KARTA_SRC_CLI_COMPLETION_H_

#include <CLI/CLI.hpp>
#include <string>

namespace karta::cli {

[[nodiscard]] std::string BashCompletion(CLI::App& app);

void RegisterCompletionCommand(CLI::App& app, int* exit_code);

}  // namespace karta::cli

#endif  // KARTA_SRC_CLI_COMPLETION_H_
