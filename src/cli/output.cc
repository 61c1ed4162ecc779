#include "src/cli/output.h"

#include <unistd.h>

#include <cstdlib>

#include "src/query/search_types.h"

namespace karta::cli {

std::string CsvField(const std::string& value) {
  if (value.find_first_of(",\"\n\r") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string CsvRow(const std::vector<std::string>& fields) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) out += (i ? "," : "") + CsvField(fields[i]);
  return out + "\r\n";
}

std::string RenderHighlights(const std::string& snippet, const std::string& start,
                             const std::string& end) {
  std::string out;
  for (char c : snippet) {
    if (c == query::SearchResponse::kHighlightStart[0]) {
      out += start;
    } else if (c == query::SearchResponse::kHighlightEnd[0]) {
      out += end;
    } else {
      out += c;
    }
  }
  return out;
}

std::string Join(const std::vector<std::string>& items, const std::string& sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? sep : "") + items[i];
  return out;
}

bool UseColor() {
  const char* no_color = std::getenv("NO_COLOR");
  return isatty(STDOUT_FILENO) && !(no_color && *no_color);
}

}  // namespace karta::cli
