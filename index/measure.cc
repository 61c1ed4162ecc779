#include "index/measure.h"

#include <unordered_map>

#include "index/index_schema.h"

namespace karta {

const char* DocumentKindName(DocumentKind kind) {
  return kind == DocumentKind::kReport ? "report" : "plan";
}

std::string Diagnostic::ToString() const {
  std::string s = schema::DisplayName(file);
  if (line > 0) s += ":" + std::to_string(line);
  s += ": " + message;
  return s;
}

std::string Agreement::Key() const {
  std::string key =
      region_code.empty() ? "UNK-" + schema::ContentHash(file).substr(0, 6) : region_code;
  if (period_from) key += "-" + std::to_string(*period_from);
  if (period_to && period_to != period_from) key += "-" + std::to_string(*period_to);
  if (kind == DocumentKind::kReport) {
    key += "-R";
    if (report_year) key += std::to_string(*report_year);
  }
  return key + key_suffix;
}

void Agreement::AssignIds() {
  const std::string key = Key();
  std::unordered_map<std::string, int> used;
  for (Measure& m : measures) {
    std::string local = m.number.empty() ? "L" + std::to_string(m.line) : m.number;
    const int n = ++used[local];
    if (n > 1) local += "~" + std::to_string(n);
    m.id = key + ":" + local;
  }
}

}  // namespace karta
