// The query side of karta behind one API, called by both front ends (the CLI and `karta
// serve`): search, show, agreements, the analytics (agencies, overlap, compare, counterparts,
// timeline), similar, twins and execution. It decides how each question is answered (a scan of
// the whole index or a match, which regions and agencies a request names) and returns typed
// results; how they are printed is the front ends' business (src/engine/json_views.h and
// table_views.h give both the same JSON and tables). Every failure is a karta::Status.
//
// Thread safety: an Engine is used by one thread at a time (Xapian's database handles are not
// thread-safe); a server opens one Engine per worker thread. Distinct Engines on the same index
// are independent.
#ifndef KARTA_SRC_ENGINE_ENGINE_H_
#define KARTA_SRC_ENGINE_ENGINE_H_

#include <sys/types.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/query/analytics.h"
#include "src/query/catalog.h"
#include "src/query/execution.h"
#include "src/query/search_types.h"
#include "src/query/searcher.h"
#include "src/query/similarity.h"
#include "src/query/status.h"
#include "src/query/timeline.h"

namespace karta::engine {

using query::SearchRequest;

// `karta agencies`: the agency × region matrix of a scope.
struct AgenciesView {
  query::AgencyMatrix matrix;      // rows cut to `top` when asked
  size_t all_rows = 0;             // rows before the cut
  std::vector<std::string> notes;  // regions whose measures in scope name no agency
  std::string scope;               // the scope in words, for titles
};

// `karta overlap`: every pair of agreements.
struct OverlapView {
  query::OverlapBy by = query::OverlapBy::kAgency;
  bool names = false;
  std::vector<std::string> regions;
  std::vector<query::OverlapPair> pairs;
  std::vector<std::string> notes;  // by agency: regions whose measures name no agency
  std::string scope;
};

// `karta compare`: regions side by side.
struct CompareView {
  std::vector<std::string> regions;  // canonical names, in the order asked
  query::Comparison comparison;
};

// `karta timeline`: measures active per year.
struct TimelineView {
  query::TimelineBy by = query::TimelineBy::kRegion;
  std::vector<int> years;  // first to last, gaps included
  query::Timeline timeline;
  std::string scope;
};

// `karta show`: measures by id; ids not found are listed with a message naming near ids.
struct ShowView {
  std::vector<query::MeasureView> measures;
  std::vector<std::string> not_found;
  std::vector<std::string> messages;  // one per id not found
};

// `karta agreements`: one row per agreement, and totals.
struct AgreementsView {
  std::vector<query::AgreementSummary> agreements;
  size_t measures = 0;
  // Agreements by kind, by region, and by year (a plan under every year of its period, a
  // report under its report year).
  std::map<std::string, size_t> by_kind, by_region, by_year;
};

// `karta similar`: the measures like one measure (its stored record in `origin`) or a text.
struct SimilarView {
  std::string id;  // empty for a text
  std::optional<query::MeasureView> origin;
  std::vector<query::SimilarHit> hits;
};

struct TwinsView {
  double min_score = 0;
  query::TwinsReport report;
};

struct ExecutionView {
  query::ExecutionReport report;
  size_t reported = 0;  // plan measures in scope with at least one progress entry
};

class Engine {
 public:
  // Opens the index in `dir` (missing, foreign or damaged: kUnavailable). `resident_facets`:
  // facet columns held in memory, shared by the Engines of one process (for a server).
  static std::unique_ptr<Engine> Open(const std::string& dir, Status* status,
                                      bool resident_facets = false);
  ~Engine();

  [[nodiscard]] const std::string& dir() const { return dir_; }
  [[nodiscard]] size_t measure_count() const;
  // True when the index on disk is no longer the one this Engine reads: a `karta index` run
  // committed a new revision or installed a new build. Open a new Engine to see it.
  [[nodiscard]] bool Stale() const;

  [[nodiscard]] std::optional<query::SearchResponse> Search(const SearchRequest& request,
                                                            Status* status) const;
  // Every id is looked up; the view lists those not found. kUnavailable only when the index
  // cannot be read.
  [[nodiscard]] std::optional<ShowView> Show(const std::vector<std::string>& ids,
                                             Status* status) const;
  [[nodiscard]] std::optional<AgreementsView> Agreements(Status* status) const;

  // The analytics over the measures matching `scope` (paging ignored); `top` keeps the agencies
  // with most measures (0: all).
  [[nodiscard]] std::optional<AgenciesView> Agencies(const SearchRequest& scope, size_t top,
                                                     Status* status) const;
  [[nodiscard]] std::optional<OverlapView> Overlap(const SearchRequest& scope, query::OverlapBy by,
                                                   bool names, Status* status) const;
  // `regions`: two or more, any case form; each must have measures in scope (kBadFilter).
  [[nodiscard]] std::optional<CompareView> Compare(const SearchRequest& scope,
                                                   const std::vector<std::string>& regions,
                                                   Status* status) const;
  // `agency`: one agency (any spelling) or empty for every St Petersburg agency.
  [[nodiscard]] std::optional<query::Counterparts> Counterparts(const SearchRequest& scope,
                                                                const std::string& agency,
                                                                Status* status) const;
  [[nodiscard]] std::optional<TimelineView> Timeline(const SearchRequest& scope,
                                                     query::TimelineBy by, Status* status) const;

  // Exactly one of `id` and `text` is non-empty (kBadFilter otherwise).
  [[nodiscard]] std::optional<SimilarView> Similar(const std::string& id, const std::string& text,
                                                   query::SimilarScope scope, size_t limit,
                                                   Status* status) const;
  [[nodiscard]] std::optional<TwinsView> Twins(const SearchRequest& scope, double min_score,
                                               Status* status) const;
  [[nodiscard]] std::optional<ExecutionView> Execution(const SearchRequest& scope,
                                                       Status* status) const;

 private:
  struct Fingerprint {
    ino_t dir = 0, version = 0;
    long long mtime_ns = 0;
    bool operator==(const Fingerprint& o) const {
      return dir == o.dir && version == o.version && mtime_ns == o.mtime_ns;
    }
  };
  static Fingerprint FingerprintOf(const std::string& dir);
  Engine(std::string dir, std::unique_ptr<query::Searcher> searcher);
  [[nodiscard]] std::optional<query::Aggregate> Collect(const SearchRequest& scope,
                                                        query::AggregateSpy::Parts parts,
                                                        Status* status) const;

  std::string dir_;
  Fingerprint fingerprint_;
  std::unique_ptr<query::Searcher> searcher_;
};

// The scope of an analysis in words, for titles: «Scope: «спорт» · region Пермский · year 2025».
[[nodiscard]] std::string ScopeText(const SearchRequest& scope);

}  // namespace karta::engine

#endif  // KARTA_SRC_ENGINE_ENGINE_H_
