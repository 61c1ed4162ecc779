// `karta serve`: the HTTP JSON API and the web page over an index (src/server/server.h).
#ifndef KARTA_SRC_CLI_SERVE_COMMAND_H_
#define KARTA_SRC_CLI_SERVE_COMMAND_H_

#include <CLI/CLI.hpp>

namespace karta::cli {

void RegisterServeCommand(CLI::App& app, int* exit_code);

}  // namespace karta::cli

#endif  // KARTA_SRC_CLI_SERVE_COMMAND_H_
