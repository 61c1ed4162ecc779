// Turns the rows of a document's table into sections and measures. One mechanism serves both
// layouts: column roles come from the header rows («от Санкт-Петербурга», «Срок исполнения»,
// «Информация о ходе исполнения»), page-break index rows («1 2 3 4 5») are skipped,
// continuation rows (empty number cell) extend the open measure cell by cell, a measure row
// repeated across a page break is merged into one complete measure, rows whose first cells
// are empty add progress entries, and footnotes («*…») become notes of their measure.
#ifndef KARTA_INDEX_MEASURE_ASSEMBLER_H_
#define KARTA_INDEX_MEASURE_ASSEMBLER_H_

#include <string>
#include <vector>

#include "index/agency_list.h"
#include "index/measure.h"
#include "index/sphere_taxonomy.h"
#include "index/table_reader.h"

namespace karta {

// Added to a warning of an empty cell read from a PDF, whose text layer does not tell a cell
// left empty from one merged down over several rows and printed on the first of them.
inline constexpr char kMergedInPdf[] =
    "; in a PDF a cell merged over several rows is printed on the first of them only: the "
    "measure above may hold it";

struct AssembledTable {
  std::vector<Measure> measures;  // ids and parsed deadlines are left to the caller
  // Per measure (same order): agencies from a column that lists both sides («Ответственные
  // исполнители»); the caller assigns them a side once it knows the partner region.
  std::vector<std::vector<std::string>> unsided;
  std::string header_text;          // the column headers joined, for metadata fallbacks
  bool headers_recognised = false;  // the header rows named the columns (a measure column)
  std::vector<Diagnostic> warnings;
};

// `report`: the title names an execution report (a «Результат» column is then what was done).
[[nodiscard]] AssembledTable AssembleMeasures(const TableText& table, const std::string& file,
                                              const AgencyList& agencies,
                                              const SphereTaxonomy& taxonomy, bool report = false);

}  // namespace karta

#endif  // KARTA_INDEX_MEASURE_ASSEMBLER_H_
