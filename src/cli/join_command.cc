#include "src/cli/join_command.h"

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "index/shard_set.h"
#include "src/cli/db_path.h"
#include "src/cli/exit_codes.h"

namespace karta::cli {
namespace {

struct JoinFlags {
  std::string db;
  std::vector<std::string> members;
};

int RunJoin(const JoinFlags& flags) {
  const std::string db = ResolveDbPath(flags.db);
  std::string error;
  if (!JoinIndexes(db, flags.members, &error)) {
    std::cerr << "karta: " << error << "\n";
    return kExitDatabaseError;
  }
  const size_t n = flags.members.size();
  std::cout << "Joined " << n << (n == 1 ? " index" : " indexes") << " in " << db
            << ": search it with --db " << db << "\n";
  return kExitOk;
}

}  // namespace

void RegisterJoinCommand(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<JoinFlags>();
  CLI::App* cmd = app.add_subcommand(
      "join", "Search existing karta indexes as one, each a shard, without copying a measure");
  cmd->add_option("indexes", flags->members, "Karta index directories, each built by karta index")
      ->required();
  cmd->add_option("--db", flags->db,
                  "The directory to write the join into: new, empty, or an earlier join");
  cmd->footer(
      "Writes DIR/lexicon (the agency registry, plan-report links, abbreviations and spellings\n"
      "derived over all the indexes together) and DIR/XAPIANDB, a shard list of the lexicon and\n"
      "each index by absolute path; every command then takes --db DIR. To serve an index from\n"
      "another machine, replace its line by `remote HOST:PORT` of a xapian-tcpsrv serving it.\n"
      "An agreement held by two indexes is refused (its measures would count twice). The\n"
      "lexicon is derived once: run karta join again after re-indexing an index.\n"
      "Exit status: 0 joined; 3 an index cannot be read, is not a karta index, or shares an\n"
      "agreement with another, DIR cannot be written, or another karta is writing DIR\n"
      "(nothing is changed).");
  cmd->callback([flags, exit_code] { *exit_code = RunJoin(*flags); });
}

}  // namespace karta::cli
