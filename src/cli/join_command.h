// `karta join --db DIR INDEX...`: makes DIR one searchable set of existing karta indexes, each
// a shard, without copying a measure (index/shard_set.h, JoinIndexes).
#ifndef KARTA_SRC_CLI_JOIN_COMMAND_H_
#define KARTA_SRC_CLI_JOIN_COMMAND_H_

#include <CLI/CLI.hpp>

namespace karta::cli {

void RegisterJoinCommand(CLI::App& app, int* exit_code);

}  // namespace karta::cli

#endif  // KARTA_SRC_CLI_JOIN_COMMAND_H_
