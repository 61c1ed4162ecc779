// Small output helpers shared by the commands: CSV quoting, highlight rendering, joining.
#ifndef KARTA_SRC_CLI_OUTPUT_H_
#define KARTA_SRC_CLI_OUTPUT_H_

#include <string>
#include <vector>

namespace karta::cli {

// RFC 4180: quotes a field when it holds a comma, quote or line break.
[[nodiscard]] std::string CsvField(const std::string& value);
[[nodiscard]] std::string CsvRow(const std::vector<std::string>& fields);

// Replaces the engine's highlight markers by `start`/`end`.
[[nodiscard]] std::string RenderHighlights(const std::string& snippet, const std::string& start,
                                           const std::string& end);

[[nodiscard]] std::string Join(const std::vector<std::string>& items, const std::string& sep);

// True when stdout is a terminal and NO_COLOR is not set.
[[nodiscard]] bool UseColor();

}  // namespace karta::cli

#endif  // KARTA_SRC_CLI_OUTPUT_H_
