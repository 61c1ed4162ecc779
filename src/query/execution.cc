#include "src/query/execution.h"

#include <algorithm>
#include <limits>
#include <map>
#include <unordered_map>

#include "index/agency_canon.h"
#include "index/index_schema.h"

namespace karta::query {
namespace {

// Every measure matching the scope with `kind`, in measure order.
std::optional<std::vector<Hit>> AllOfKind(const Searcher& searcher, SearchRequest req,
                                          DocumentKind kind, Status* error) {
  req.query.clear();
  req.kind = kind;
  req.offset = 0;
  req.limit = std::numeric_limits<size_t>::max();
  req.facets = false;
  req.sort = SearchRequest::Sort::kRegion;
  std::optional<SearchResponse> r = searcher.Search(req, error);
  if (!r) return std::nullopt;
  return std::move(r->hits);
}

std::optional<ExecutionReport> Collect(const Searcher& searcher, const SearchRequest& scope,
                                       Status* error);

}  // namespace

size_t PlanMeasureExecution::entries() const {
  size_t n = 0;
  for (const ExecutionLink& l : reports) n += l.entries;
  return n;
}

std::string LinkConfidence(const ExecutionLink& link) {
  if (link.similarity >= 0.8) return "sure";
  if (link.similarity >= 0.5 || (link.method == "number" && link.similarity >= 0.4)) {
    return "likely";
  }
  return "uncertain";
}

std::optional<ExecutionReport> Execution(const Searcher& searcher, const SearchRequest& scope,
                                         Status* error) {
  try {
    return Collect(searcher, scope, error);
  } catch (const Xapian::Error& e) {
    *error = {Status::Code::kUnavailable, "cannot read the index: " + e.get_msg()};
  }
  return std::nullopt;
}

namespace {

// Whether a report year is in the scope's years (any, when it names none).
bool InYears(const SearchRequest& scope, int year) {
  return scope.years.empty() ||
         std::find(scope.years.begin(), scope.years.end(), year) != scope.years.end();
}

std::optional<ExecutionReport> Collect(const Searcher& searcher, const SearchRequest& scope,
                                       Status* error) {
  const ExecutionLinks& links = searcher.execution();
  std::unordered_map<std::string, std::vector<const ExecutionLink*>> by_plan_measure;
  for (const ExecutionLink& l : links.links) {
    if (l.plan_id.empty() || !InYears(scope, l.year)) continue;
    by_plan_measure[l.plan_id].push_back(&l);
  }
  ExecutionReport out;
  std::optional<std::vector<Hit>> plans = AllOfKind(searcher, scope, DocumentKind::kPlan, error);
  if (!plans) return std::nullopt;
  const AgencyRegistry& registry = searcher.agencies();
  std::map<std::string, ExecutionCount> regions, agencies;
  for (const Hit& hit : *plans) {
    PlanMeasureExecution m;
    m.id = hit.id;
    m.agreement = hit.record.agreement;
    m.region = hit.record.region;
    m.text = hit.record.measure.text;
    for (const auto* side :
         {&hit.record.measure.spb_agencies, &hit.record.measure.partner_agencies}) {
      for (const std::string& written : *side) {
        const AgencyRegistry::Entry* e = registry.Find(AgencyKey(written));
        const std::string name = e ? e->name : written;
        if (std::find(m.agencies.begin(), m.agencies.end(), name) == m.agencies.end()) {
          m.agencies.push_back(name);
        }
      }
    }
    if (auto it = by_plan_measure.find(m.id); it != by_plan_measure.end()) {
      for (const ExecutionLink* l : it->second) m.reports.push_back(*l);
    }
    const bool reported = m.entries() > 0;
    ExecutionCount& r = regions[m.region];
    r.name = m.region;
    ++r.measures;
    r.reported += reported;
    for (const std::string& a : m.agencies) {
      ExecutionCount& c = agencies[a];
      c.name = a;
      ++c.measures;
      c.reported += reported;
    }
    out.measures.push_back(std::move(m));
  }
  for (auto& [name, c] : regions) out.by_region.push_back(c);
  for (auto& [name, c] : agencies) out.by_agency.push_back(c);
  std::stable_sort(out.by_agency.begin(), out.by_agency.end(),
                   [](const auto& a, const auto& b) { return a.measures > b.measures; });

  // The reports in scope (their region and year; agency filters do not apply to a report as a
  // whole), with what became of their measures.
  SearchRequest report_scope = scope;
  report_scope.agencies.clear();
  report_scope.side.reset();
  report_scope.years.clear();
  std::optional<std::vector<Hit>> report_measures =
      AllOfKind(searcher, report_scope, DocumentKind::kReport, error);
  if (!report_measures) return std::nullopt;
  std::unordered_map<std::string, const ExecutionLink*> link_of;
  for (const ExecutionLink& l : links.links) link_of[l.report_id] = &l;
  std::unordered_map<std::string, std::string> plan_of;
  for (const ReportPlan& rp : links.reports) plan_of[rp.report] = rp.plan;
  std::map<std::string, ReportSummary> reports;
  for (const Hit& hit : *report_measures) {
    const std::string& key = hit.record.agreement;
    // As the links take it: the report year, else the end of the report's period.
    const std::optional<int> year =
        hit.record.report_year ? hit.record.report_year : hit.record.period_to;
    if (!InYears(scope, year.value_or(0))) continue;
    ReportSummary& r = reports[key];
    if (r.report.empty()) {
      r.report = key;
      r.region = hit.record.region;
      r.year = year.value_or(0);
      r.plan = plan_of.count(key) ? plan_of[key] : "";
    }
    ++r.measures;
    r.entries += hit.record.measure.progress.size();
    auto link = link_of.find(hit.id);
    if (link == link_of.end() || r.plan.empty()) continue;
    if (link->second->plan_id.empty()) {
      r.unlinked.push_back(*link->second);
    } else {
      ++r.linked;
    }
  }
  for (auto& [key, r] : reports) out.reports.push_back(std::move(r));
  return out;
}

}  // namespace

}  // namespace karta::query
