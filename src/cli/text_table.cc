#include "src/cli/text_table.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "stemmers/unicode_text.h"

namespace karta::cli {

std::vector<std::string> WrapText(const std::string& text, size_t width) {
  std::vector<std::string> lines;
  const std::u32string t = ToU32(text);
  if (width == 0 || t.size() <= width) {
    lines.push_back(text);
    return lines;
  }
  size_t start = 0;
  while (start < t.size()) {
    if (t.size() - start <= width) {
      lines.push_back(ToUtf8(t.substr(start)));
      break;
    }
    size_t cut = t.rfind(U' ', start + width);
    if (cut == std::u32string::npos || cut <= start) cut = start + width;  // one long word
    lines.push_back(ToUtf8(t.substr(start, cut - start)));
    start = cut;
    while (start < t.size() && t[start] == U' ') ++start;
  }
  return lines;
}

size_t TerminalWidth(size_t fallback) {
  winsize ws{};
  if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20) {
    return ws.ws_col;
  }
  if (const char* env = std::getenv("COLUMNS")) {
    const long n = std::strtol(env, nullptr, 10);
    if (n > 20) return static_cast<size_t>(n);
  }
  return fallback;
}

void TextTable::Print(std::ostream& out) const {
  const size_t n = columns_.size();
  std::vector<size_t> widths(n, 0);
  for (size_t c = 0; c < n; ++c) widths[c] = DisplayWidth(columns_[c].title);
  for (const auto& row : rows_) {
    for (size_t c = 0; c < n && c < row.size(); ++c) {
      size_t w = DisplayWidth(row[c]);
      if (columns_[c].max_width) w = std::min(w, columns_[c].max_width);
      widths[c] = std::max(widths[c], w);
    }
  }
  auto print_line = [&](const std::vector<std::string>& cells) {
    std::vector<std::vector<std::string>> wrapped(n);
    size_t height = 1;
    for (size_t c = 0; c < n; ++c) {
      wrapped[c] = WrapText(c < cells.size() ? cells[c] : std::string(), widths[c]);
      height = std::max(height, wrapped[c].size());
    }
    for (size_t h = 0; h < height; ++h) {
      std::string line;
      for (size_t c = 0; c < n; ++c) {
        const std::string& part = h < wrapped[c].size() ? wrapped[c][h] : std::string();
        line += part;
        if (c + 1 < n) line += std::string(widths[c] - DisplayWidth(part) + 2, ' ');
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out << line << '\n';
    }
  };
  std::vector<std::string> titles;
  for (const Column& c : columns_) titles.push_back(c.title);
  print_line(titles);
  std::vector<std::string> rule;
  for (size_t c = 0; c < n; ++c) {
    std::string dashes;
    for (size_t k = 0; k < widths[c]; ++k) dashes += "─";
    rule.push_back(dashes);
  }
  print_line(rule);
  for (const auto& row : rows_) print_line(row);
}

}  // namespace karta::cli
