#include "index/measure.h"

namespace karta {

const char* DocumentKindName(DocumentKind kind) {
  return kind == DocumentKind::kReport ? "report" : "plan";
}

std::string Diagnostic::ToString() const {
  std::string s = file;
  if (line > 0) s += ":" + std::to_string(line);
  s += ": " + message;
  return s;
}

std::string Agreement::Key() const {
  std::string key = region_code.empty() ? std::string("UNK") : region_code;
  if (period_from) key += "-" + std::to_string(*period_from);
  if (period_to && period_to != period_from) key += "-" + std::to_string(*period_to);
  if (kind == DocumentKind::kReport) {
    key += "-R";
    if (report_year) key += std::to_string(*report_year);
  }
  return key;
}

}  // namespace karta
