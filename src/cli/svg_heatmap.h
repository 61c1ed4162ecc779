// A heatmap as a standalone SVG document: row and column labels (Cyrillic, with a font stack
// that has it), one cell per value shaded from white to dark blue, the value written in the
// cell. Empty cells (no value) are light grey. Opens in any browser.
#ifndef KARTA_SRC_CLI_SVG_HEATMAP_H_
#define KARTA_SRC_CLI_SVG_HEATMAP_H_

#include <optional>
#include <string>
#include <vector>

namespace karta::cli {

struct Heatmap {
  std::string title;
  std::vector<std::string> rows, columns;
  std::vector<std::vector<std::optional<double>>> values;  // [row][column]
  int decimals = 0;                                        // for the numbers in the cells
};

[[nodiscard]] std::string RenderSvg(const Heatmap& map);

[[nodiscard]] std::string XmlEscape(const std::string& text);

}  // namespace karta::cli

#endif  // KARTA_SRC_CLI_SVG_HEATMAP_H_
