// Exit codes of the karta CLI, one per kind of failure so scripts can tell them apart.
#ifndef KARTA_SRC_CLI_EXIT_CODES_H_
#define KARTA_SRC_CLI_EXIT_CODES_H_

namespace karta::cli {

enum ExitCode : int {
  kExitOk = 0,
  kExitInputError = 1,     // some input could not be used (named on stderr); others were
  kExitUsageError = 2,     // bad command line
  kExitDatabaseError = 3,  // the index is missing, locked or not a karta index
  kExitInternalError = 4,  // a bug: please report with the message
  kExitInterrupted = 130,  // stopped by Ctrl-C (128 + SIGINT); nothing was changed
};

}  // namespace karta::cli

#endif  // KARTA_SRC_CLI_EXIT_CODES_H_
