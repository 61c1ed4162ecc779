// `karta show ID...` (every field of measures) and `karta agreements` (what the index holds).
#ifndef KARTA_SRC_CLI_CATALOG_COMMANDS_H_
#define KARTA_SRC_CLI_CATALOG_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <ostream>

#include "src/query/catalog.h"

namespace karta::cli {

void RegisterCatalogCommands(CLI::App& app, int* exit_code);

// A measure's fields as labelled, wrapped lines (the table form of `show`; `similar` prints
// the measure it starts from with it).
void PrintMeasure(const query::MeasureView& measure, std::ostream& out);

}  // namespace karta::cli

#endif  // KARTA_SRC_CLI_CATALOG_COMMANDS_H_
