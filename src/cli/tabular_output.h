// Tables leaving karta for other tools: CSV (RFC 4180, or as a Russian-locale Excel reads it:
// UTF-8 BOM and «;») and real .xlsx workbooks (libxlsxwriter). Commands write rows, the first
// being the header; what a row becomes is decided here once.
#ifndef KARTA_SRC_CLI_TABULAR_OUTPUT_H_
#define KARTA_SRC_CLI_TABULAR_OUTPUT_H_

#include <CLI/CLI.hpp>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "src/engine/table_views.h"

namespace karta::cli {

struct TabularOptions {
  bool excel = false;  // CSV: UTF-8 BOM and «;» separators
  std::string output;  // a file instead of stdout (required for xlsx)
};

// Adds --excel and -o/--output to a command that has `-f csv` (and `-f xlsx`).
void AddTabularOptions(CLI::App* cmd, TabularOptions* opt);

class TabularOutput {
 public:
  virtual ~TabularOutput() = default;
  // The first row is the header. In .xlsx, whole numbers (counts, years) become numbers, and
  // so do decimals in the columns named numeric (by header); all other cells are text.
  virtual void Row(const std::vector<std::string>& cells) = 0;
  // Writes what is buffered; false with *error naming the file when it cannot be written.
  [[nodiscard]] virtual bool Finish(std::string* error) = 0;
};

// For `format` "csv" or "xlsx"; null with *error for xlsx without an output file, or a file
// that cannot be created.
[[nodiscard]] std::unique_ptr<TabularOutput> OpenTabular(const std::string& format,
                                                         const TabularOptions& opt,
                                                         const std::string& sheet,
                                                         const std::set<std::string>& numeric,
                                                         std::string* error);

// Writes `table` as `format` ("csv" or "xlsx"); the exit code, after printing why on failure.
[[nodiscard]] int WriteTable(const engine::TableView& table, const std::string& format,
                             const TabularOptions& opt);

}  // namespace karta::cli

#endif  // KARTA_SRC_CLI_TABULAR_OUTPUT_H_
