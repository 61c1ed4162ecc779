// Command-line value checks with short messages (CLI11's numeric validators print ranges of
// 300 digits and let «-1» through a size_t as a huge number), and the unknown-command check.
#ifndef KARTA_SRC_CLI_VALIDATORS_H_
#define KARTA_SRC_CLI_VALIDATORS_H_

#include <CLI/CLI.hpp>
#include <cstddef>
#include <string>
#include <vector>

namespace karta::cli {

// A whole number of at least `min`, written in decimal digits.
[[nodiscard]] CLI::Validator WholeNumber(size_t min);

// As WholeNumber(0), and «all» for no limit (every hit).
[[nodiscard]] CLI::Validator CountOrAll();

// When argv[1] names no command of `app`, the message to print: «unknown command «serach»;
// did you mean «search»?». Empty when argv[1] is a command or an option.
[[nodiscard]] std::string UnknownCommand(const CLI::App& app, int argc, char** argv);

// The arguments for CLI11, with the query's words after a «--» when one of them is an exclusion:
// CLI11 takes any argument opening with «-» for an option, but «-молодежь» or «-"a phrase"»
// can be none (options are ASCII). Only for a command with a positional QUERY (argv[1]); the
// words keep their order.
[[nodiscard]] std::vector<std::string> WithExclusionsAsWords(const CLI::App& app, int argc,
                                                             char** argv);

}  // namespace karta::cli

#endif  // KARTA_SRC_CLI_VALIDATORS_H_
