// The options every query-driven command shares (search and the analytics): the index, the
// free-text scope and the canonical filters.
#ifndef KARTA_SRC_CLI_QUERY_OPTIONS_H_
#define KARTA_SRC_CLI_QUERY_OPTIONS_H_

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "src/engine/engine.h"

namespace karta::cli {

struct QueryOptions {
  std::string db;
  std::vector<std::string> query_words;  // positional QUERY, where the command takes one
  std::string query;                     // --query, for commands whose positionals are other
  std::vector<std::string> regions, spheres, agencies;
  std::string side, kind;
  std::vector<int> years;
  bool any = false;
  bool all = false;  // search only: every word must match
};

// kNone: filters only (no query, no --kind, no --any), for commands that scope by filters.
enum class QueryArgument { kPositional, kOption, kNone };

// Adds --db, the filters and the query (as positional words or as --query TEXT).
void AddQueryOptions(CLI::App* cmd, QueryOptions* opt, QueryArgument query_argument);

[[nodiscard]] query::SearchRequest ToRequest(const QueryOptions& opt);

// Opens the index named by the options; on failure prints the error and sets *exit_code.
[[nodiscard]] std::unique_ptr<engine::Engine> OpenEngine(const QueryOptions& opt, int* exit_code);

// The exit code of a failure (the one mapping of karta::Status to exit codes).
[[nodiscard]] int ExitCodeOf(const Status& status);

// Prints a failure's message; its exit code.
[[nodiscard]] int ReportError(const Status& error);

// Prints `json` indented, as every -f json does; kExitOk.
int PrintJson(const nlohmann::json& json);

}  // namespace karta::cli

#endif  // KARTA_SRC_CLI_QUERY_OPTIONS_H_
