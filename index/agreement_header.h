// Agreement metadata from the title block of a document: kind (plan or execution report),
// partner region (canonical nominative via the gazetteer), period and report year.
// «…между Правительством Санкт-Петербурга и Правительством Пермского края на 2024-2026 годы»
// → plan, Пермский край, 2024–2026.
#ifndef KARTA_INDEX_AGREEMENT_HEADER_H_
#define KARTA_INDEX_AGREEMENT_HEADER_H_

#include <optional>
#include <string>
#include <vector>

#include "index/gazetteer.h"
#include "index/measure.h"
#include "index/table_reader.h"

namespace karta {

struct AgreementHeader {
  DocumentKind kind = DocumentKind::kPlan;
  std::string title;
  int title_line = 0;
  const Region* region = nullptr;  // partner region; never Санкт-Петербург itself
  std::optional<int> period_from;
  std::optional<int> period_to;
  std::optional<int> report_year;
  std::vector<std::string> problems;  // what could not be determined, for warnings
};

// `preamble` holds the lines before the table; `header_text` the table's column headers
// («от Пермского края»), used when the title names no region.
[[nodiscard]] AgreementHeader ParseAgreementHeader(const std::vector<TextLine>& preamble,
                                                   const std::string& header_text,
                                                   const Gazetteer& gazetteer);

}  // namespace karta

#endif  // KARTA_INDEX_AGREEMENT_HEADER_H_
