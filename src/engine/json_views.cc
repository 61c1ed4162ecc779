#include "src/engine/json_views.h"

#include <cmath>
#include <limits>

#include "src/engine/svg_heatmap.h"

namespace karta::engine {
namespace {

// A snippet as HTML: the text escaped, the matches in <b>…</b>.
std::string SnippetHtml(const std::string& snippet) {
  return query::RenderHighlights(XmlEscape(snippet), "<b>", "</b>");
}

double Round3(double v) { return std::round(v * 1000) / 1000; }

nlohmann::json OptionalInt(const std::optional<int>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json LinkJson(const ExecutionLink& l) {
  return {{"report_id", l.report_id},
          {"plan_id", l.plan_id},
          {"year", l.year},
          {"entries", l.entries},
          {"method", l.method},
          {"similarity", l.similarity},
          {"confidence", query::LinkConfidence(l)}};
}

}  // namespace

const char* SortName(SearchRequest::Sort sort) {
  switch (sort) {
    case SearchRequest::Sort::kRegion:
      return "region";
    case SearchRequest::Sort::kNumber:
      return "number";
    case SearchRequest::Sort::kDeadline:
      return "deadline";
    case SearchRequest::Sort::kScore:
      break;
  }
  return "score";
}

// A measure's stored record as the views show it: without the agreement's indexing warnings,
// which the first measure of each agreement carries for `karta agreements` (a search showed
// them on that measure only).
nlohmann::json MeasureRecordJson(const StoredRecord& record) {
  nlohmann::json j = RecordJson(record);
  j.erase("agreement_warnings");
  return j;
}

nlohmann::json HitJson(const query::Hit& hit) {
  nlohmann::json j = MeasureRecordJson(hit.record);
  j["score"] = hit.score;
  j["snippet"] = SnippetHtml(hit.snippet);
  if (!hit.reported.empty()) {
    j["reported"] = nlohmann::json::array();
    for (const ExecutionLink& l : hit.reported) {
      j["reported"].push_back({{"year", l.year},
                               {"entries", l.entries},
                               {"report_id", l.report_id},
                               {"method", l.method},
                               {"similarity", l.similarity}});
    }
  }
  if (!hit.matched_in.empty()) {
    j["matched_in"] = {{"field", hit.matched_in}, {"snippet", SnippetHtml(hit.matched_snippet)}};
  }
  // A related measure: its nearest match; score is the cosine to the best matches' centroid.
  if (!hit.like.empty()) j["like"] = hit.like;
  return j;
}

nlohmann::json SearchJson(const query::SearchResponse& r, const SearchRequest& request) {
  nlohmann::json out{{"query", r.query},
                     {"total", r.total},
                     {"offset", request.offset},
                     {"limit", request.limit == std::numeric_limits<size_t>::max()
                                   ? nlohmann::json("all")
                                   : nlohmann::json(request.limit)},
                     {"sort", SortName(request.sort)},
                     {"hits", nlohmann::json::array()}};
  if (!r.suggestion.empty()) out["suggestion"] = r.suggestion;
  for (const query::Hit& hit : r.hits) out["hits"].push_back(HitJson(hit));
  if (request.related > 0) {
    out["related"] = nlohmann::json::array();
    for (const query::Hit& hit : r.related) out["related"].push_back(HitJson(hit));
  }
  if (!r.facets.empty()) {
    out["facets"] = nlohmann::json::object();
    for (const auto& [name, values] : r.facets) {
      nlohmann::json list = nlohmann::json::array();
      for (const auto& v : values) {
        list.push_back({{"value", name == "year" ? nlohmann::json(std::stoi(v.value))
                                                 : nlohmann::json(v.value)},
                        {"count", v.count}});
      }
      out["facets"][name] = std::move(list);
    }
    out["facet_values"] = r.facet_values;  // distinct values of each facet, shown or not
  }
  return out;
}

nlohmann::json MeasureJson(const query::MeasureView& view) {
  nlohmann::json j = MeasureRecordJson(view.record);
  j["spb_agencies_canonical"] = view.spb_agencies_canonical;
  j["partner_agencies_canonical"] = view.partner_agencies_canonical;
  return j;
}

nlohmann::json ShowJson(const ShowView& view) {
  nlohmann::json measures = nlohmann::json::array();
  for (const auto& m : view.measures) measures.push_back(MeasureJson(m));
  return {{"measures", std::move(measures)}, {"not_found", view.not_found}};
}

nlohmann::json AgreementsJson(const AgreementsView& view) {
  nlohmann::json rows = nlohmann::json::array();
  for (const query::AgreementSummary& a : view.agreements) {
    rows.push_back(
        {{"agreement", a.key},
         {"region", a.region},
         {"region_code", a.region_code},
         {"kind", a.kind},
         {"title", a.title},
         {"period", {{"from", OptionalInt(a.period_from)}, {"to", OptionalInt(a.period_to)}}},
         {"report_year", OptionalInt(a.report_year)},
         {"file", a.file},
         {"path", a.path},
         {"format", a.format},
         {"measures", a.measures},
         {"sections", a.sections},
         {"progress_entries", a.progress_entries},
         {"warnings", a.warnings}});
  }
  return {{"agreements", rows},
          {"measures", view.measures},
          {"totals", {{"kind", view.by_kind}, {"region", view.by_region}, {"year", view.by_year}}}};
}

nlohmann::json AgenciesJson(const AgenciesView& view) {
  const query::AgencyMatrix& m = view.matrix;
  nlohmann::json out{
      {"regions", m.regions}, {"measures", m.measures}, {"agencies", nlohmann::json::array()}};
  for (const auto& row : m.rows) {
    out["agencies"].push_back({{"name", row.name},
                               {"side", SideName(row.side)},
                               {"total", row.total},
                               {"regions", row.regions},
                               {"everywhere", row.everywhere},
                               {"only_in", row.only_one ? nlohmann::json(row.regions.begin()->first)
                                                        : nlohmann::json(nullptr)}});
  }
  return out;
}

nlohmann::json OverlapJson(const OverlapView& view) {
  nlohmann::json out{{"by", view.by == query::OverlapBy::kSphere ? "sphere" : "agency"},
                     {"regions", view.regions},
                     {"pairs", nlohmann::json::array()}};
  for (const auto& p : view.pairs) {
    nlohmann::json j{{"a", p.a},           {"b", p.b},           {"shared", p.shared},
                     {"only_a", p.only_a}, {"only_b", p.only_b}, {"jaccard", Round3(p.jaccard)}};
    if (view.names) {
      j["shared_names"] = p.shared_names;
      j["only_a_names"] = p.only_a_names;
      j["only_b_names"] = p.only_b_names;
    }
    out["pairs"].push_back(std::move(j));
  }
  return out;
}

nlohmann::json CompareJson(const CompareView& view) {
  const query::Comparison& c = view.comparison;
  nlohmann::json out{
      {"regions", view.regions}, {"spheres", c.spheres}, {"columns", nlohmann::json::array()}};
  for (const auto& col : c.columns) {
    out["columns"].push_back({{"region", col.region},
                              {"measures", col.measures},
                              {"years", col.years},
                              {"spheres", col.spheres},
                              {"spb_agencies", col.spb_agencies},
                              {"partner_agencies", col.partner_agencies},
                              {"unique_spheres", col.unique_spheres},
                              {"unique_spb_agencies", col.unique_spb_agencies}});
  }
  return out;
}

nlohmann::json CounterpartsJson(const query::Counterparts& cp) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : cp.entries) {
    nlohmann::json regions = nlohmann::json::object();
    for (const auto& [region, partners] : e.by_region) {
      nlohmann::json list = nlohmann::json::array();
      for (const auto& p : partners) {
        list.push_back({{"name", p.name}, {"roles", p.roles}, {"measures", p.measures}});
      }
      regions[region] = std::move(list);
    }
    out.push_back({{"agency", e.agency},
                   {"side", SideName(e.side)},
                   {"roles", e.roles},
                   {"regions", regions}});
  }
  return out;
}

nlohmann::json TimelineJson(const TimelineView& view) {
  auto count = [](const std::map<int, size_t>& row, int y) {
    auto it = row.find(y);
    return it == row.end() ? size_t{0} : it->second;
  };
  const query::Timeline& t = view.timeline;
  nlohmann::json out{{"by", view.by == query::TimelineBy::kSphere ? "sphere" : "region"},
                     {"years", view.years},
                     {"undated", t.undated}};
  nlohmann::json total = nlohmann::json::object(), groups = nlohmann::json::object();
  for (int y : view.years) total[std::to_string(y)] = count(t.total, y);
  for (const auto& [name, row] : t.groups) {
    nlohmann::json r = nlohmann::json::object();
    for (int y : view.years) r[std::to_string(y)] = count(row, y);
    groups[name] = std::move(r);
  }
  out["total"] = std::move(total);
  out["groups"] = std::move(groups);
  return out;
}

nlohmann::json SimilarJson(const SimilarView& view) {
  nlohmann::json out{{"id", view.id.empty() ? nlohmann::json(nullptr) : nlohmann::json(view.id)},
                     {"measure", view.origin ? MeasureJson(*view.origin) : nlohmann::json(nullptr)},
                     {"hits", nlohmann::json::array()}};
  for (const auto& h : view.hits) {
    nlohmann::json j = MeasureRecordJson(h.record);
    j["similarity"] = Round3(h.similarity);
    out["hits"].push_back(std::move(j));
  }
  return out;
}

nlohmann::json TwinsJson(const TwinsView& view) {
  nlohmann::json out{{"min_score", view.min_score},
                     {"measures", view.report.measures},
                     {"clusters", nlohmann::json::array()},
                     {"unique", view.report.unique}};
  for (const auto& c : view.report.clusters) {
    out["clusters"].push_back({{"regions", c.regions},
                               {"ids", c.ids},
                               {"text", c.text},
                               {"min_similarity", Round3(c.min_similarity)},
                               {"min_pair_similarity", Round3(c.min_pair_similarity)}});
  }
  return out;
}

nlohmann::json ExecutionJson(const ExecutionView& view) {
  const query::ExecutionReport& r = view.report;
  nlohmann::json out{{"plan_measures", r.measures.size()},   {"reported", view.reported},
                     {"measures", nlohmann::json::array()},  {"by_region", nlohmann::json::array()},
                     {"by_agency", nlohmann::json::array()}, {"reports", nlohmann::json::array()}};
  for (const auto& m : r.measures) {
    nlohmann::json reports = nlohmann::json::array();
    for (const auto& l : m.reports) reports.push_back(LinkJson(l));
    out["measures"].push_back({{"id", m.id},
                               {"agreement", m.agreement},
                               {"region", m.region},
                               {"agencies", m.agencies},
                               {"entries", m.entries()},
                               {"reports", reports},
                               {"text", m.text}});
  }
  for (const auto& [key, list] :
       {std::pair{"by_region", &r.by_region}, std::pair{"by_agency", &r.by_agency}}) {
    for (const auto& c : *list) {
      out[key].push_back({{"name", c.name}, {"measures", c.measures}, {"reported", c.reported}});
    }
  }
  for (const auto& rep : r.reports) {
    nlohmann::json unlinked = nlohmann::json::array();
    for (const auto& l : rep.unlinked) unlinked.push_back(l.report_id);
    out["reports"].push_back(
        {{"report", rep.report},
         {"region", rep.region},
         {"year", rep.year},
         {"plan", rep.plan.empty() ? nlohmann::json(nullptr) : nlohmann::json(rep.plan)},
         {"measures", rep.measures},
         {"entries", rep.entries},
         {"linked", rep.linked},
         {"unlinked", unlinked}});
  }
  return out;
}

nlohmann::json StatusJson(const Status& status) {
  const char* code = "ok";
  switch (status.code) {
    case Status::Code::kBadQuery:
      code = "bad_query";
      break;
    case Status::Code::kBadFilter:
      code = "bad_filter";
      break;
    case Status::Code::kNotFound:
      code = "not_found";
      break;
    case Status::Code::kUnavailable:
      code = "unavailable";
      break;
    case Status::Code::kOk:
      break;
  }
  return {{"error", {{"code", code}, {"message", status.message}}}};
}

}  // namespace karta::engine
