// A plain-text table for terminals: columns with maximum widths, cells wrapped at word
// boundaries (UTF-8 aware) so no text is cut off.
#ifndef KARTA_SRC_CLI_TEXT_TABLE_H_
#define KARTA_SRC_CLI_TEXT_TABLE_H_

#include <ostream>
#include <string>
#include <vector>

namespace karta::cli {

class TextTable {
 public:
  struct Column {
    std::string title;
    size_t max_width;  // wrap width; 0 = as wide as the widest cell
  };

  explicit TextTable(std::vector<Column> columns) : columns_(std::move(columns)) {}

  void AddRow(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  void Print(std::ostream& out) const;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

// Lines of at most `width` code points, broken at spaces where possible.
[[nodiscard]] std::vector<std::string> WrapText(const std::string& text, size_t width);

// Columns of the terminal on stdout, or $COLUMNS, or `fallback`.
[[nodiscard]] size_t TerminalWidth(size_t fallback);

}  // namespace karta::cli

#endif  // KARTA_SRC_CLI_TEXT_TABLE_H_
