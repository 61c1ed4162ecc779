// The tables of every engine result that leaves karta for other tools: the rows of
// `karta … -f csv|xlsx` and of the API's `format=csv`, built in one place. Lists of names are
// joined by «; », progress entries and notes one per line within their cell.
//
// Thread safety: pure functions.
#ifndef KARTA_SRC_ENGINE_TABLE_VIEWS_H_
#define KARTA_SRC_ENGINE_TABLE_VIEWS_H_

#include <set>
#include <string>
#include <vector>

#include "src/engine/engine.h"

namespace karta::engine {

struct TableView {
  std::string sheet;              // a name for the sheet of a workbook
  std::set<std::string> numeric;  // columns (by header) whose decimals are numbers in .xlsx
  std::vector<std::vector<std::string>> rows;  // the first is the header
};

[[nodiscard]] TableView SearchTable(const query::SearchResponse& response,
                                    const SearchRequest& request);
[[nodiscard]] TableView AgreementsTable(const AgreementsView& view);
[[nodiscard]] TableView AgenciesTable(const AgenciesView& view);
[[nodiscard]] TableView OverlapTable(const OverlapView& view);
[[nodiscard]] TableView CompareTable(const CompareView& view);
[[nodiscard]] TableView CounterpartsTable(const query::Counterparts& counterparts);
[[nodiscard]] TableView TimelineTable(const TimelineView& view);
[[nodiscard]] TableView SimilarTable(const SimilarView& view);
[[nodiscard]] TableView TwinsTable(const TwinsView& view);
[[nodiscard]] TableView ExecutionTable(const ExecutionView& view);

// RFC 4180: quotes a field when it holds a comma, quote or line break; rows end in CRLF.
[[nodiscard]] std::string CsvField(const std::string& value);
[[nodiscard]] std::string CsvRow(const std::vector<std::string>& fields);
[[nodiscard]] std::string ToCsv(const TableView& table);

[[nodiscard]] std::string Join(const std::vector<std::string>& items, const std::string& sep);
// `v` with `decimals` digits after the point.
[[nodiscard]] std::string Fixed(double v, int decimals);
// «2024» or «2024–2026»; empty without a first year.
[[nodiscard]] std::string YearRange(const std::optional<int>& from, const std::optional<int>& to);

}  // namespace karta::engine

#endif  // KARTA_SRC_ENGINE_TABLE_VIEWS_H_
