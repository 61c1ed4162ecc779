// Plan ↔ report execution: which plan measure each measure of an execution report reports on.
// A report is matched to a plan of the same partner region — the plan with the report's own
// period, else one whose period covers the report year — and each report measure to a plan
// measure by its number where the numbering agrees (the texts alike too), else by the most
// similar text, the words weighed by their IDF within the two agreements. Derived at every
// commit (anew for the reports or plans that changed) and kept in the index metadata.
//
// Thread safety: the functions are safe to call concurrently on different databases.
#ifndef KARTA_INDEX_EXECUTION_LINKS_H_
#define KARTA_INDEX_EXECUTION_LINKS_H_

#include <xapian.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace karta {

struct ExecutionLink {
  std::string report_id;
  std::string plan_id;    // empty: no plan measure found for this report measure
  int year = 0;           // the report year
  size_t entries = 0;     // progress entries of the report measure
  std::string method;     // "number" (numbers agree, texts alike) or "text" (most similar text)
  double similarity = 0;  // cosine of the TF-IDF vectors of the two texts, 0…1
};

struct ReportPlan {
  std::string report;  // agreement keys
  std::string plan;    // empty: no plan of the region covers the report year
};

struct ExecutionLinks {
  std::vector<ReportPlan> reports;
  std::vector<ExecutionLink> links;  // one per report measure
  // Words weighed by their IDF within the report and its plan (so the links of unchanged
  // agreements can be kept); false for links stored by an older karta, which are re-derived.
  bool weights_within_pair = false;

  // The metadata value: lines (execution_links.cc says their form); an older karta's JSON is
  // read too. Empty on malformed input.
  [[nodiscard]] std::string Serialize() const;
  static ExecutionLinks Deserialize(std::string_view stored);
};

// Thresholds of the cosine of two texts: a measure whose number agrees is linked when its texts
// are at least kNumberAgrees alike; otherwise the most similar plan measure when at least
// kTextAgrees.
inline constexpr double kNumberAgrees = 0.35;
inline constexpr double kTextAgrees = 0.5;

// Throws Xapian::Error; a stored record that cannot be read is skipped.
[[nodiscard]] ExecutionLinks LinkReports(const Xapian::Database& db);

// LinkReports after the agreements `changed` were written or removed, `previous` the links
// before: a report keeps its links when neither it nor its plan changed and the same plan is
// chosen, since a link depends on those two agreements alone. The same result as LinkReports.
[[nodiscard]] ExecutionLinks RelinkReports(const Xapian::Database& db,
                                           const ExecutionLinks& previous,
                                           const std::set<std::string>& changed);

// Keeps `links` in the index metadata: the whole set (for `karta execution`), and each plan
// measure's links under a key of its own, so a search reads the links of its ten hits and not
// every link of the index. Keys of plan measures no longer linked are removed. `stored`: the
// links `db` holds now (their keys are then compared, not all rewritten). Throws Xapian::Error.
void StoreExecutionLinks(Xapian::WritableDatabase* db, const ExecutionLinks& links,
                         const ExecutionLinks* stored = nullptr);

// The links stored for plan measure `plan_id`; nullopt when the index keeps no links per plan
// measure (written before they were kept: read the whole set then). Throws Xapian::Error.
[[nodiscard]] std::optional<std::vector<ExecutionLink>> StoredLinksOf(const Xapian::Database& db,
                                                                      const std::string& plan_id);

}  // namespace karta

#endif  // KARTA_INDEX_EXECUTION_LINKS_H_
