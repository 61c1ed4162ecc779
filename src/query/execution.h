// Plan ↔ report execution over the index: for every plan measure in a scope, the report
// measures and progress entries that cover it (links from index/execution_links.h), and how
// many measures of each region and agency have reported progress. The reading side of
// `karta execution`.
//
// Thread safety: uses its Searcher; one thread at a time.
#ifndef KARTA_SRC_QUERY_EXECUTION_H_
#define KARTA_SRC_QUERY_EXECUTION_H_

#include <optional>
#include <string>
#include <vector>

#include "index/execution_links.h"
#include "src/query/search_types.h"
#include "src/query/searcher.h"

namespace karta::query {

struct PlanMeasureExecution {
  std::string id, agreement, region, text;
  std::vector<std::string> agencies;   // canonical, both sides
  std::vector<ExecutionLink> reports;  // the report measures that report on it
  [[nodiscard]] size_t entries() const;
};

struct ExecutionCount {
  std::string name;
  size_t measures = 0;  // plan measures in scope
  size_t reported = 0;  // of them, with at least one progress entry reported
};

struct ReportSummary {
  std::string report, region, plan;  // plan: empty when none in the index covers the report
  int year = 0;
  size_t measures = 0, entries = 0;
  size_t linked = 0;                    // its measures linked to a plan measure
  std::vector<ExecutionLink> unlinked;  // with a plan: measures that match none of its measures
};

struct ExecutionReport {
  std::vector<PlanMeasureExecution> measures;  // plan measures in scope, in measure order
  std::vector<ExecutionCount> by_region;       // by region name
  std::vector<ExecutionCount> by_agency;       // most measures first
  std::vector<ReportSummary> reports;          // the reports in scope
};

// `scope`: regions, agencies (and side), year; the query and kind are ignored. A year keeps the
// plan measures whose deadline covers it and the reports of that year.
[[nodiscard]] std::optional<ExecutionReport> Execution(const Searcher& searcher,
                                                       const SearchRequest& scope, Status* error);

// How sure a link is, from its method and similarity: «sure», «likely» or «uncertain».
[[nodiscard]] std::string LinkConfidence(const ExecutionLink& link);

}  // namespace karta::query

#endif  // KARTA_SRC_QUERY_EXECUTION_H_
