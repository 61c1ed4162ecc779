// `karta search [filters] [--facets] [--format table|json|csv] QUERY`: ranked full-text search
// over the indexed measures with canonical filters and exact facet counts.
#ifndef KARTA_SRC_CLI_SEARCH_COMMAND_H_
#define KARTA_SRC_CLI_SEARCH_COMMAND_H_

#include <CLI/CLI.hpp>

namespace karta::cli {

void RegisterSearchCommand(CLI::App& app, int* exit_code);

}  // namespace karta::cli

#endif  // KARTA_SRC_CLI_SEARCH_COMMAND_H_
