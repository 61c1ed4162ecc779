// The karta command-line tool: full-text search and analytics over inter-regional
// cooperation roadmaps of St Petersburg.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <exception>
#include <iostream>

#include "src/cli/analytics_commands.h"
#include "src/cli/catalog_commands.h"
#include "src/cli/completion.h"
#include "src/cli/execution_command.h"
#include "src/cli/exit_codes.h"
#include "src/cli/index_command.h"
#include "src/cli/join_command.h"
#include "src/cli/parse_command.h"
#include "src/cli/search_command.h"
#include "src/cli/serve_command.h"
#include "src/cli/similar_commands.h"
#include "src/cli/validators.h"

#ifdef KARTA_JEMALLOC
// jemalloc's options, read when it starts: freed pages go back to the system after a second,
// by a background thread, so a build's peak memory is what it holds, not what it once held.
extern "C" {
const char* malloc_conf = "background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0";
}
#endif

int main(int argc, char** argv) {
  CLI::App app{
      "karta — search and analytics for St Petersburg's inter-regional cooperation roadmaps",
      "karta"};
  app.set_version_flag("--version", "karta 0.1.0");
  app.require_subcommand(1);
  int exit_code = karta::cli::kExitOk;
  karta::cli::RegisterParseCommand(app, &exit_code);
  karta::cli::RegisterIndexCommand(app, &exit_code);
  karta::cli::RegisterJoinCommand(app, &exit_code);
  karta::cli::RegisterSearchCommand(app, &exit_code);
  karta::cli::RegisterCatalogCommands(app, &exit_code);
  karta::cli::RegisterExecutionCommand(app, &exit_code);
  karta::cli::RegisterAnalyticsCommands(app, &exit_code);
  karta::cli::RegisterSimilarCommands(app, &exit_code);
  karta::cli::RegisterServeCommand(app, &exit_code);
  karta::cli::RegisterCompletionCommand(app, &exit_code);
  if (const std::string unknown = karta::cli::UnknownCommand(app, argc, argv); !unknown.empty()) {
    std::cerr << "karta: " << unknown << '\n';
    return karta::cli::kExitUsageError;
  }
  app.failure_message([](const CLI::App* failed, const CLI::Error& e) {
    // One line, naming the help to read (CLI11's default adds a second line).
    std::string command = "karta";
    for (const CLI::App* sub : failed->get_subcommands()) command += " " + sub->get_name();
    return "karta: " + std::string(e.what()) + " (" + command + " --help)\n";
  });
  try {
    std::vector<std::string> args = karta::cli::WithExclusionsAsWords(app, argc, argv);
    if (!args.empty()) args.erase(args.begin());  // the program's name
    std::reverse(args.begin(), args.end());       // CLI11 takes its argument vector reversed
    app.parse(args);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return karta::cli::kExitUsageError;
  } catch (const std::exception& e) {
    std::cerr << "karta: internal error: " << e.what() << '\n';
    return karta::cli::kExitInternalError;
  }
  return exit_code;
}
