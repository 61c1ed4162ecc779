#include "src/engine/engine.h"

#include <sys/stat.h>
#include <xapian.h>

#include <algorithm>
#include <thread>

#include "index/counted.h"
#include "index/gazetteer.h"
#include "src/engine/table_views.h"
#include "src/query/filters.h"

namespace karta::engine {
namespace {

std::optional<Side> SideOf(const SearchRequest& scope) { return scope.side; }

// Regions whose measures in scope name no agency (on the side asked): their row or column is
// empty for that reason, not for lack of co-operation.
std::vector<std::string> NoAgencyNotes(const query::AgencyMatrix& m, std::optional<Side> side) {
  std::vector<std::string> notes;
  for (const std::string& r : m.regions) {
    const bool named = std::any_of(m.rows.begin(), m.rows.end(),
                                   [&](const auto& row) { return row.regions.count(r) > 0; });
    if (named) continue;
    const size_t n = m.measures.at(r);
    notes.push_back(r + ": its " + Counted(n, "measure names", "measures name") + " no " +
                    (!side                     ? ""
                     : *side == Side::kPartner ? "partner "
                                               : "St Petersburg ") +
                    "agency");
  }
  return notes;
}

bool WholeIndex(const SearchRequest& r) {
  return r.query.empty() && r.regions.empty() && r.spheres.empty() && r.agencies.empty() &&
         r.years.empty() && !r.kind;
}

}  // namespace

std::string ScopeText(const SearchRequest& q) {
  std::vector<std::string> parts;
  if (!q.query.empty()) parts.push_back("«" + q.query + "»");
  for (const auto& [label, values] :
       {std::pair{"region", &q.regions}, std::pair{"sphere", &q.spheres},
        std::pair{"agency", &q.agencies}}) {
    for (const std::string& v : *values) parts.push_back(std::string(label) + " " + v);
  }
  if (q.side)
    parts.push_back(*q.side == Side::kSpb ? "St Petersburg's agencies" : "partners' agencies");
  for (int year : q.years) parts.push_back("year " + std::to_string(year));
  if (q.kind) parts.push_back(std::string(DocumentKindName(*q.kind)) + "s");
  return "Scope: " + (parts.empty() ? std::string("every measure") : Join(parts, " · "));
}

Engine::Fingerprint Engine::FingerprintOf(const std::string& dir) {
  // A commit writes a new version file (glass: iamglass, through a rename); a new build is
  // installed by renaming a whole directory. Either changes an inode or a time here.
  // A sharded index: its lexicon is replaced last by every update; a shard list file: itself.
  Fingerprint f;
  struct stat st {};
  if (::stat(dir.c_str(), &st) == 0) f.dir = st.st_ino;
  std::string version = dir + "/iamglass";
  if (S_ISREG(st.st_mode)) {
    version = dir;
  } else if (::stat((dir + "/XAPIANDB").c_str(), &st) == 0) {
    version = dir + "/lexicon/iamglass";
  }
  if (::stat(version.c_str(), &st) == 0) {
    f.version = st.st_ino;
    f.mtime_ns = static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
  }
  return f;
}

Engine::Engine(std::string dir, std::unique_ptr<query::Searcher> searcher)
    : dir_(std::move(dir)), fingerprint_(FingerprintOf(dir_)), searcher_(std::move(searcher)) {}

Engine::~Engine() = default;

std::unique_ptr<Engine> Engine::Open(const std::string& dir, Status* status, bool resident_facets) {
  // The fingerprint is taken before opening: a commit in between makes the Engine stale at
  // once rather than never.
  const Fingerprint before = FingerprintOf(dir);
  std::unique_ptr<query::Searcher> searcher = query::Searcher::Open(dir, status, resident_facets);
  if (!searcher) return nullptr;
  std::unique_ptr<Engine> engine(new Engine(dir, std::move(searcher)));
  engine->fingerprint_ = before;
  return engine;
}

size_t Engine::measure_count() const { return searcher_->measure_count(); }

bool Engine::Stale() const { return !(FingerprintOf(dir_) == fingerprint_); }

std::optional<query::SearchResponse> Engine::Search(const SearchRequest& request,
                                                    Status* status) const {
  return searcher_->Search(request, status);
}

std::optional<ShowView> Engine::Show(const std::vector<std::string>& ids, Status* status) const {
  const query::Catalog catalog(*searcher_);
  ShowView view;
  for (const std::string& id : ids) {
    Status error;
    std::optional<query::MeasureView> m = catalog.Measure(id, &error);
    if (m) {
      view.measures.push_back(std::move(*m));
    } else if (error.code == Status::Code::kUnavailable) {
      *status = error;
      return std::nullopt;
    } else {
      view.not_found.push_back(id);
      view.messages.push_back(error.message);
    }
  }
  return view;
}

std::optional<AgreementsView> Engine::Agreements(Status* status) const {
  auto agreements = query::Catalog(*searcher_).Agreements(status);
  if (!agreements) return std::nullopt;
  AgreementsView view;
  auto add = [](std::map<std::string, size_t>* totals, const std::string& key) {
    if (!key.empty()) ++(*totals)[key];
  };
  for (const query::AgreementSummary& a : *agreements) {
    add(&view.by_kind, a.kind);
    add(&view.by_region, a.region);
    view.measures += a.measures;
    if (a.report_year) {
      add(&view.by_year, std::to_string(*a.report_year));
    } else if (a.period_from) {
      for (int y = *a.period_from; y <= a.period_to.value_or(*a.period_from); ++y) {
        add(&view.by_year, std::to_string(y));
      }
    }
  }
  view.agreements = std::move(*agreements);
  return view;
}

std::optional<query::Aggregate> Engine::Collect(const SearchRequest& scope,
                                                query::AggregateSpy::Parts parts,
                                                Status* status) const {
  if (WholeIndex(scope) && !searcher_->remote()) {
    // The whole index: read its value streams on every core rather than match.
    try {
      const bool large = searcher_->measure_count() > 10000;  // else a thread is not worth it
      return query::AggregateAll(dir_, parts,
                                 large ? std::max(1U, std::thread::hardware_concurrency()) : 1);
    } catch (const Xapian::Error& e) {
      *status = {Status::Code::kUnavailable, "analysis failed: " + e.get_msg()};
      return std::nullopt;
    }
  }
  query::AggregateSpy spy(parts);
  if (!searcher_->ForEachMatch(scope, &spy, status)) return std::nullopt;
  return spy.aggregate();
}

std::optional<AgenciesView> Engine::Agencies(const SearchRequest& scope, size_t top,
                                             Status* status) const {
  auto agg =
      Collect(scope, {.agencies = true, .spheres = false, .years = false, .pairs = false}, status);
  if (!agg) return std::nullopt;
  AgenciesView view;
  view.matrix = query::BuildAgencyMatrix(*agg, searcher_->agencies(), SideOf(scope));
  view.notes = NoAgencyNotes(view.matrix, SideOf(scope));
  view.all_rows = view.matrix.rows.size();
  if (top && view.matrix.rows.size() > top) view.matrix.rows.resize(top);
  view.scope = ScopeText(scope);
  return view;
}

std::optional<OverlapView> Engine::Overlap(const SearchRequest& scope, query::OverlapBy by,
                                           bool names, Status* status) const {
  const bool agencies = by == query::OverlapBy::kAgency;
  auto agg = Collect(
      scope, {.agencies = agencies, .spheres = !agencies, .years = false, .pairs = false}, status);
  if (!agg) return std::nullopt;
  OverlapView view;
  view.by = by;
  view.names = names;
  view.regions = query::SortedRegions(*agg);
  view.pairs = query::BuildOverlap(*agg, searcher_->agencies(), by, SideOf(scope), names);
  if (agencies) {
    view.notes = NoAgencyNotes(query::BuildAgencyMatrix(*agg, searcher_->agencies(), SideOf(scope)),
                               SideOf(scope));
  }
  view.scope = ScopeText(scope);
  return view;
}

std::optional<CompareView> Engine::Compare(const SearchRequest& scope,
                                           const std::vector<std::string>& regions,
                                           Status* status) const {
  if (regions.size() < 2) {
    *status = {Status::Code::kBadFilter, "compare needs two or more regions"};
    return std::nullopt;
  }
  auto agg =
      Collect(scope, {.agencies = true, .spheres = true, .years = true, .pairs = false}, status);
  if (!agg) return std::nullopt;
  CompareView view;
  for (const std::string& given : regions) {
    const Region* r = Gazetteer::Default().ResolveAnyForm(given);
    if (!r) {
      std::string message = "unknown region «" + given + "»";
      auto near = Gazetteer::Default().Near(given, 3);
      if (!near.empty()) message += "; did you mean: «" + Join(near, "», «") + "»?";
      *status = {Status::Code::kBadFilter, message};
      return std::nullopt;
    }
    if (agg->measures.empty()) {
      *status = {Status::Code::kBadFilter,
                 "no measure is in this scope (" + ScopeText(scope) + "); nothing to compare"};
      return std::nullopt;
    }
    if (!agg->measures.count(r->name)) {
      *status = {Status::Code::kBadFilter,
                 "no measures of «" + r->name +
                     "» in this scope; regions present: " + Join(query::SortedRegions(*agg), ", ")};
      return std::nullopt;
    }
    if (std::find(view.regions.begin(), view.regions.end(), r->name) != view.regions.end()) {
      *status = {Status::Code::kBadFilter, "«" + given + "» names «" + r->name +
                                               "» again; compare needs two or more regions"};
      return std::nullopt;
    }
    view.regions.push_back(r->name);
  }
  view.comparison = query::BuildComparison(*agg, searcher_->agencies(), view.regions);
  return view;
}

std::optional<query::Counterparts> Engine::Counterparts(const SearchRequest& scope,
                                                        const std::string& agency,
                                                        Status* status) const {
  std::optional<std::string> only_key;
  if (!agency.empty()) {
    try {
      only_key = query::Filters(searcher_->agencies()).ResolveAgency(agency, SideOf(scope)).key;
    } catch (const query::FilterError& e) {
      *status = {Status::Code::kBadFilter, e.what()};
      return std::nullopt;
    }
  }
  auto agg =
      Collect(scope, {.agencies = false, .spheres = false, .years = false, .pairs = true}, status);
  if (!agg) return std::nullopt;
  return query::BuildCounterparts(*agg, searcher_->agencies(), only_key);
}

std::optional<TimelineView> Engine::Timeline(const SearchRequest& scope, query::TimelineBy by,
                                             Status* status) const {
  SearchRequest request = scope;
  // A scope: every word must match unless the request asks for any.
  if (request.match != SearchRequest::Match::kAny) request.match = SearchRequest::Match::kAll;
  auto t = query::BuildTimeline(*searcher_, request, by, status);
  if (!t) return std::nullopt;
  TimelineView view;
  view.by = by;
  // Gaps between years stay visible as columns of zeros.
  if (!t->total.empty()) {
    for (int y = t->total.begin()->first; y <= t->total.rbegin()->first; ++y) {
      view.years.push_back(y);
    }
  }
  view.timeline = std::move(*t);
  view.scope = ScopeText(scope);
  return view;
}

std::optional<SimilarView> Engine::Similar(const std::string& id, const std::string& text,
                                           query::SimilarScope scope, size_t limit,
                                           Status* status) const {
  if (id.empty() == text.empty()) {
    *status = {Status::Code::kBadFilter, "give a measure id or a text, one of them"};
    return std::nullopt;
  }
  // An id as `show` takes it («PER:10.1», any letter case), named as stored.
  std::string full;
  if (!id.empty()) {
    try {
      std::optional<std::string> one = query::Catalog(*searcher_).ResolveOne(id, status);
      if (!one) return std::nullopt;
      full = std::move(*one);
    } catch (const Xapian::Error& e) {
      *status = {Status::Code::kUnavailable, "similarity failed: " + e.get_msg()};
      return std::nullopt;
    }
  }
  const query::Similarity similarity(*searcher_);
  auto hits = full.empty() ? similarity.LikeText(text, limit, status)
                           : similarity.LikeMeasure(full, scope, limit, status);
  if (!hits) return std::nullopt;
  SimilarView view;
  view.id = full;
  view.hits = std::move(*hits);
  // The measure the search started from, so the reader can compare.
  if (!id.empty()) {
    Status ignored;
    view.origin = query::Catalog(*searcher_).Measure(full, &ignored);
  }
  return view;
}

std::optional<TwinsView> Engine::Twins(const SearchRequest& scope, double min_score,
                                       Status* status) const {
  auto report = query::Similarity(*searcher_).Twins(scope, min_score, status);
  if (!report) return std::nullopt;
  return TwinsView{min_score, std::move(*report)};
}

std::optional<ExecutionView> Engine::Execution(const SearchRequest& scope, Status* status) const {
  auto report = query::Execution(*searcher_, scope, status);
  if (!report) return std::nullopt;
  ExecutionView view;
  for (const auto& m : report->measures) view.reported += m.entries() > 0;
  view.report = std::move(*report);
  return view;
}

}  // namespace karta::engine
