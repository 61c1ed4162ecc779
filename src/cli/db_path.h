// Where the index lives: --db, else $KARTA_DB, else $XDG_DATA_HOME/karta/index (by default
// ~/.local/share/karta/index).
#ifndef KARTA_SRC_CLI_DB_PATH_H_
#define KARTA_SRC_CLI_DB_PATH_H_

#include <string>

namespace karta::cli {

[[nodiscard]] std::string ResolveDbPath(const std::string& flag_value);

// Help text describing the rule above.
inline constexpr char kDbHelp[] =
    "Index directory, or a shard list (a Xapian stub file: `remote HOST:PORT` / `auto PATH` "
    "lines) (default: $KARTA_DB, else $XDG_DATA_HOME/karta/index, "
    "i.e. ~/.local/share/karta/index)";

}  // namespace karta::cli

#endif  // KARTA_SRC_CLI_DB_PATH_H_
