#include "src/cli/analytics_commands.h"

#include <xapian.h>

#include <algorithm>
#include <iomanip>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "index/gazetteer.h"
#include "src/cli/db_path.h"
#include "src/cli/exit_codes.h"
#include "src/cli/output.h"
#include "src/cli/query_options.h"
#include "src/cli/svg_heatmap.h"
#include "src/cli/tabular_output.h"
#include "src/cli/text_table.h"
#include "src/cli/validators.h"
#include "src/query/analytics.h"
#include "src/query/filters.h"
#include "src/query/timeline.h"

namespace karta::cli {
namespace {

struct AnalyticsOptions {
  QueryOptions query;
  std::string format = "table";
  std::string by = "agency";           // overlap
  bool names = false;                  // overlap: list shared/unique names
  std::vector<std::string> regions;    // compare
  std::string agency;                  // counterparts
  TabularOptions tabular;              // csv and xlsx
  size_t top = 0;                      // agencies: the rows with most measures (0: all)
  std::string timeline_by = "region";  // timeline
};

// The scope of an analysis in words, for titles: «спорт · region Пермский · side spb».
std::string ScopeText(const QueryOptions& q) {
  std::vector<std::string> parts;
  const std::string query = q.query.empty() ? Join(q.query_words, " ") : q.query;
  if (!query.empty()) parts.push_back("«" + query + "»");
  for (const auto& [label, values] :
       {std::pair{"region", &q.regions}, std::pair{"sphere", &q.spheres},
        std::pair{"agency", &q.agencies}}) {
    for (const std::string& v : *values) parts.push_back(std::string(label) + " " + v);
  }
  if (!q.side.empty())
    parts.push_back(q.side == "spb" ? "St Petersburg's agencies" : "partners' agencies");
  if (q.year) parts.push_back("year " + std::to_string(q.year));
  if (!q.kind.empty()) parts.push_back(q.kind + "s");
  return "Scope: " + (parts.empty() ? std::string("every measure") : Join(parts, " · "));
}

// Regions whose measures in scope name no agency (on the side asked): their row or column is
// empty for that reason, not for lack of co-operation.
std::vector<std::string> NoAgencyNotes(const query::AgencyMatrix& m, const QueryOptions& q) {
  std::vector<std::string> notes;
  for (const std::string& r : m.regions) {
    const bool named = std::any_of(m.rows.begin(), m.rows.end(),
                                   [&](const auto& row) { return row.regions.count(r) > 0; });
    if (named) continue;
    notes.push_back(r + ": its " + std::to_string(m.measures.at(r)) + " measures name no " +
                    (q.side == "partner" ? "partner "
                     : q.side == "spb"   ? "St Petersburg "
                                         : "") +
                    "agency");
  }
  return notes;
}

std::optional<Side> SideOf(const QueryOptions& q) {
  if (q.side.empty()) return std::nullopt;
  return q.side == "spb" ? Side::kSpb : Side::kPartner;
}

// Short column header for a region: its code («PER»), with a legend under the table.
std::string RegionCode(const std::string& region) {
  const Region* r = Gazetteer::Default().Resolve(region);
  return r ? r->code : region;
}

void PrintLegend(const std::vector<std::string>& regions) {
  std::cout << '\n';
  for (const std::string& r : regions) std::cout << "  " << RegionCode(r) << " = " << r << '\n';
}

std::string Fixed(double v, int decimals) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(decimals) << v;
  return s.str();
}

// The csv or xlsx sink of a command; null after printing why.
std::unique_ptr<TabularOutput> OpenSink(const AnalyticsOptions& opt, const std::string& sheet) {
  std::string error;
  auto out = OpenTabular(opt.format, opt.tabular, sheet, {"jaccard"}, &error);
  if (!out) std::cerr << "karta: " << error << '\n';
  return out;
}

int Close(TabularOutput* out) {
  std::string error;
  if (out->Finish(&error)) return kExitOk;
  std::cerr << "karta: " << error << '\n';
  return kExitUsageError;
}

// Runs the aggregation for the options' scope; nullopt after printing an error.
std::optional<query::Aggregate> Collect(const QueryOptions& q, const query::Searcher& searcher,
                                        query::AggregateSpy::Parts parts, int* status) {
  const query::SearchRequest req = ToRequest(q);
  if (req.query.empty() && req.regions.empty() && req.spheres.empty() && req.agencies.empty() &&
      !req.year && !req.kind) {
    // The whole index: read its value streams on every core rather than match.
    try {
      const bool large = searcher.measure_count() > 10000;  // else a thread is not worth it
      return query::AggregateAll(ResolveDbPath(q.db), parts,
                                 large ? std::max(1U, std::thread::hardware_concurrency()) : 1);
    } catch (const Xapian::Error& e) {
      *status =
          ReportError({query::SearchError::Kind::kDatabase, "analysis failed: " + e.get_msg()});
      return std::nullopt;
    }
  }
  query::AggregateSpy spy(parts);
  query::SearchError error;
  if (!searcher.ForEachMatch(req, &spy, &error)) {
    *status = ReportError(error);
    return std::nullopt;
  }
  return spy.aggregate();
}

// ---- karta agencies -------------------------------------------------------------------

int RunAgencies(const AnalyticsOptions& opt) {
  int status = kExitOk;
  auto searcher = OpenIndex(opt.query, &status);
  if (!searcher) return status;
  auto agg = Collect(opt.query, *searcher,
                     query::AggregateSpy::Parts{
                         .agencies = true, .spheres = false, .years = false, .pairs = false},
                     &status);
  if (!agg) return status;
  query::AgencyMatrix m = query::BuildAgencyMatrix(*agg, searcher->agencies(), SideOf(opt.query));
  const std::vector<std::string> notes = NoAgencyNotes(m, opt.query);
  // An SVG of every agency is taller than a page: 40 rows unless --top says otherwise.
  const size_t all_rows = m.rows.size();
  const size_t top = opt.top ? opt.top : opt.format == "svg" ? 40 : 0;
  if (top && m.rows.size() > top) m.rows.resize(top);

  if (opt.format == "json") {
    nlohmann::json out{
        {"regions", m.regions}, {"measures", m.measures}, {"agencies", nlohmann::json::array()}};
    for (const auto& row : m.rows) {
      out["agencies"].push_back(
          {{"name", row.name},
           {"side", SideName(row.side)},
           {"total", row.total},
           {"regions", row.regions},
           {"everywhere", row.everywhere},
           {"only_in",
            row.only_one ? nlohmann::json(row.regions.begin()->first) : nlohmann::json(nullptr)}});
    }
    std::cout << out.dump(2) << '\n';
  } else if (opt.format == "csv" || opt.format == "xlsx") {
    auto out = OpenSink(opt, "agencies");
    if (!out) return kExitUsageError;
    std::vector<std::string> header{"agency", "side", "total"};
    header.insert(header.end(), m.regions.begin(), m.regions.end());
    header.insert(header.end(), {"everywhere", "only_one"});
    out->Row(header);
    for (const auto& row : m.rows) {
      std::vector<std::string> f{row.name, SideName(row.side), std::to_string(row.total)};
      for (const std::string& r : m.regions) {
        auto it = row.regions.find(r);
        f.push_back(std::to_string(it == row.regions.end() ? 0 : it->second));
      }
      f.push_back(row.everywhere ? "yes" : "no");
      f.push_back(row.only_one ? "yes" : "no");
      out->Row(f);
    }
    return Close(out.get());
  } else if (opt.format == "svg") {
    Heatmap map;
    map.title = "Agencies × regions: measures";
    map.subtitle = ScopeText(opt.query);
    map.legend = "measures naming the agency";
    map.notes = notes;
    if (m.rows.size() < all_rows) {
      map.title += " (the " + std::to_string(m.rows.size()) + " agencies with most measures of " +
                   std::to_string(all_rows) + ")";
      map.notes.push_back("--top N for more rows, --top 0 for all");
    }
    map.columns = m.regions;
    for (const auto& row : m.rows) {
      map.rows.push_back(row.name);
      std::vector<std::optional<double>> values;
      for (const std::string& r : m.regions) {
        auto it = row.regions.find(r);
        values.push_back(it == row.regions.end()
                             ? std::nullopt
                             : std::optional<double>(static_cast<double>(it->second)));
      }
      map.values.push_back(std::move(values));
    }
    std::cout << RenderSvg(map);
  } else {
    std::vector<TextTable::Column> cols{{"Agency", 60}, {"Side", 0}, {"Total", 0}};
    for (const std::string& r : m.regions) cols.push_back({RegionCode(r), 0});
    cols.push_back({"", 0});
    TextTable table(cols);
    std::vector<std::string> measures{"(measures)", "", ""};
    size_t all = 0;
    for (const std::string& r : m.regions) {
      measures.push_back(std::to_string(m.measures.at(r)));
      all += m.measures.at(r);
    }
    measures[2] = std::to_string(all);
    table.AddRow(measures);
    for (const auto& row : m.rows) {
      std::vector<std::string> f{row.name, SideName(row.side), std::to_string(row.total)};
      for (const std::string& r : m.regions) {
        auto it = row.regions.find(r);
        f.push_back(it == row.regions.end() ? "·" : std::to_string(it->second));
      }
      f.push_back(row.everywhere ? "in all"
                  : row.only_one ? "only " + RegionCode(row.regions.begin()->first)
                                 : "");
      table.AddRow(f);
    }
    table.Print(std::cout);
    PrintLegend(m.regions);
  }
  return kExitOk;
}

// ---- karta overlap --------------------------------------------------------------------

int RunOverlap(const AnalyticsOptions& opt) {
  int status = kExitOk;
  auto searcher = OpenIndex(opt.query, &status);
  if (!searcher) return status;
  auto agg = Collect(opt.query, *searcher,
                     query::AggregateSpy::Parts{.agencies = opt.by != "sphere",
                                                .spheres = opt.by == "sphere",
                                                .years = false,
                                                .pairs = false},
                     &status);
  if (!agg) return status;
  const query::OverlapBy by =
      opt.by == "sphere" ? query::OverlapBy::kSphere : query::OverlapBy::kAgency;
  const auto pairs =
      query::BuildOverlap(*agg, searcher->agencies(), by, SideOf(opt.query), opt.names);

  if (opt.format == "json") {
    nlohmann::json out{{"by", opt.by},
                       {"regions", query::SortedRegions(*agg)},
                       {"pairs", nlohmann::json::array()}};
    for (const auto& p : pairs) {
      nlohmann::json j{{"a", p.a},           {"b", p.b},
                       {"shared", p.shared}, {"only_a", p.only_a},
                       {"only_b", p.only_b}, {"jaccard", std::round(p.jaccard * 1000) / 1000}};
      if (opt.names) {
        j["shared_names"] = p.shared_names;
        j["only_a_names"] = p.only_a_names;
        j["only_b_names"] = p.only_b_names;
      }
      out["pairs"].push_back(std::move(j));
    }
    std::cout << out.dump(2) << '\n';
  } else if (opt.format == "csv" || opt.format == "xlsx") {
    auto out = OpenSink(opt, "overlap");
    if (!out) return kExitUsageError;
    std::vector<std::string> header{"a", "b", "shared", "only_a", "only_b", "jaccard"};
    if (opt.names) header.insert(header.end(), {"shared_names", "only_a_names", "only_b_names"});
    out->Row(header);
    for (const auto& p : pairs) {
      std::vector<std::string> f{p.a,
                                 p.b,
                                 std::to_string(p.shared),
                                 std::to_string(p.only_a),
                                 std::to_string(p.only_b),
                                 Fixed(p.jaccard, 3)};
      if (opt.names) {
        f.insert(f.end(), {Join(p.shared_names, "; "), Join(p.only_a_names, "; "),
                           Join(p.only_b_names, "; ")});
      }
      out->Row(f);
    }
    return Close(out.get());
  } else if (opt.format == "svg") {
    const std::vector<std::string> regions = query::SortedRegions(*agg);
    Heatmap map;
    map.title = std::string("Jaccard similarity of agreements by ") +
                (by == query::OverlapBy::kSphere ? "sphere" : "agency");
    map.subtitle = ScopeText(opt.query);
    map.legend = "Jaccard similarity (shared / either)";
    map.neutral_diagonal = true;
    if (by == query::OverlapBy::kAgency) {
      map.notes = NoAgencyNotes(
          query::BuildAgencyMatrix(*agg, searcher->agencies(), SideOf(opt.query)), opt.query);
    }
    map.rows = map.columns = regions;
    map.decimals = 2;
    map.values.assign(regions.size(), std::vector<std::optional<double>>(regions.size()));
    for (size_t i = 0; i < regions.size(); ++i) map.values[i][i] = 1.0;
    for (const auto& p : pairs) {
      const size_t i = std::find(regions.begin(), regions.end(), p.a) - regions.begin();
      const size_t j = std::find(regions.begin(), regions.end(), p.b) - regions.begin();
      map.values[i][j] = map.values[j][i] = p.jaccard;
    }
    std::cout << RenderSvg(map);
  } else {
    TextTable table(
        {{"A", 32}, {"B", 32}, {"Shared", 0}, {"Only A", 0}, {"Only B", 0}, {"Jaccard", 0}});
    for (const auto& p : pairs) {
      table.AddRow({p.a, p.b, std::to_string(p.shared), std::to_string(p.only_a),
                    std::to_string(p.only_b), Fixed(p.jaccard, 3)});
    }
    table.Print(std::cout);
    if (opt.names) {
      for (const auto& p : pairs) {
        std::cout << "\n" << p.a << " ∩ " << p.b << ":\n";
        for (const auto& n : p.shared_names) std::cout << "  = " << n << '\n';
        for (const auto& n : p.only_a_names) std::cout << "  < " << n << '\n';
        for (const auto& n : p.only_b_names) std::cout << "  > " << n << '\n';
      }
    }
  }
  return kExitOk;
}

// ---- karta compare --------------------------------------------------------------------

int RunCompare(const AnalyticsOptions& opt) {
  int status = kExitOk;
  auto searcher = OpenIndex(opt.query, &status);
  if (!searcher) return status;
  auto agg = Collect(
      opt.query, *searcher,
      query::AggregateSpy::Parts{.agencies = true, .spheres = true, .years = true, .pairs = false},
      &status);
  if (!agg) return status;
  std::vector<std::string> regions;
  for (const std::string& given : opt.regions) {
    const Region* r = Gazetteer::Default().ResolveAnyForm(given);
    if (!r) {
      std::cerr << "karta: unknown region «" << given << "»";
      auto near = Gazetteer::Default().Near(given, 3);
      if (!near.empty()) std::cerr << "; did you mean: «" << Join(near, "», «") << "»?";
      std::cerr << '\n';
      return kExitUsageError;
    }
    if (!agg->measures.count(r->name)) {
      std::cerr << "karta: no measures of «" << r->name
                << "» in this scope; regions present: " << Join(query::SortedRegions(*agg), ", ")
                << '\n';
      return kExitUsageError;
    }
    regions.push_back(r->name);
  }
  const query::Comparison c = query::BuildComparison(*agg, searcher->agencies(), regions);

  if (opt.format == "json") {
    nlohmann::json out{
        {"regions", regions}, {"spheres", c.spheres}, {"columns", nlohmann::json::array()}};
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
    std::cout << out.dump(2) << '\n';
    return kExitOk;
  }
  if (opt.format == "csv" || opt.format == "xlsx") {
    auto out = OpenSink(opt, "compare");
    if (!out) return kExitUsageError;
    std::vector<std::string> header{"row"};
    header.insert(header.end(), regions.begin(), regions.end());
    out->Row(header);
    std::vector<std::string> measures{"measures"};
    for (const auto& col : c.columns) measures.push_back(std::to_string(col.measures));
    out->Row(measures);
    for (const std::string& sphere : c.spheres) {
      std::vector<std::string> f{sphere};
      for (const auto& col : c.columns) {
        auto it = col.spheres.find(sphere);
        f.push_back(std::to_string(it == col.spheres.end() ? 0 : it->second));
      }
      out->Row(f);
    }
    return Close(out.get());
  }
  std::vector<TextTable::Column> cols{{"", 34}};
  for (const std::string& r : regions) cols.push_back({r, 30});
  TextTable table(cols);
  std::vector<std::string> measures{"Measures"}, years{"Years"}, spb{"St Petersburg agencies"},
      partner{"Partner agencies"};
  for (const auto& col : c.columns) {
    measures.push_back(std::to_string(col.measures));
    years.push_back(col.years.empty() ? ""
                                      : std::to_string(col.years.front()) + "–" +
                                            std::to_string(col.years.back()));
    spb.push_back(std::to_string(col.spb_agencies.size()));
    partner.push_back(std::to_string(col.partner_agencies.size()));
  }
  for (auto* row : {&measures, &years, &spb, &partner}) table.AddRow(*row);
  for (const std::string& sphere : c.spheres) {
    std::vector<std::string> f{sphere};
    for (const auto& col : c.columns) {
      auto it = col.spheres.find(sphere);
      f.push_back(it == col.spheres.end() ? "·" : std::to_string(it->second));
    }
    table.AddRow(f);
  }
  std::vector<std::string> unique_s{"Spheres only here"},
      unique_a{"St Petersburg agencies only here"};
  for (const auto& col : c.columns) {
    unique_s.push_back(Join(col.unique_spheres, "; "));
    unique_a.push_back(Join(col.unique_spb_agencies, "; "));
  }
  table.AddRow(unique_s);
  table.AddRow(unique_a);
  table.Print(std::cout);
  return kExitOk;
}

// ---- karta counterparts ---------------------------------------------------------------

int RunCounterparts(const AnalyticsOptions& opt) {
  int status = kExitOk;
  auto searcher = OpenIndex(opt.query, &status);
  if (!searcher) return status;
  std::optional<std::string> only_key;
  if (!opt.agency.empty()) {
    try {
      only_key =
          query::Filters(searcher->agencies()).ResolveAgency(opt.agency, SideOf(opt.query)).key;
    } catch (const query::FilterError& e) {
      std::cerr << "karta: " << e.what() << '\n';
      return kExitUsageError;
    }
  }
  auto agg = Collect(opt.query, *searcher,
                     query::AggregateSpy::Parts{
                         .agencies = false, .spheres = false, .years = false, .pairs = true},
                     &status);
  if (!agg) return status;
  const query::Counterparts cp = query::BuildCounterparts(*agg, searcher->agencies(), only_key);

  if (opt.format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& e : cp.entries) {
      nlohmann::json regions = nlohmann::json::object();
      for (const auto& [region, partners] : e.by_region) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& p : partners)
          list.push_back({{"name", p.name}, {"roles", p.roles}, {"measures", p.measures}});
        regions[region] = std::move(list);
      }
      out.push_back({{"agency", e.agency},
                     {"side", SideName(e.side)},
                     {"roles", e.roles},
                     {"regions", regions}});
    }
    std::cout << out.dump(2) << '\n';
  } else if (opt.format == "csv" || opt.format == "xlsx") {
    auto out = OpenSink(opt, "counterparts");
    if (!out) return kExitUsageError;
    out->Row({"agency", "side", "region", "counterpart", "counterpart_roles", "measures"});
    for (const auto& e : cp.entries) {
      for (const auto& [region, partners] : e.by_region) {
        for (const auto& p : partners) {
          out->Row({e.agency, SideName(e.side), region, p.name, Join(p.roles, "; "),
                    std::to_string(p.measures)});
        }
      }
    }
    return Close(out.get());
  } else {
    for (const auto& e : cp.entries) {
      std::cout << e.agency;
      std::cout << "  [" << (e.roles.empty() ? "role unassigned" : Join(e.roles, ", ")) << "]";
      std::cout << '\n';
      TextTable table({{"Region", 30}, {"Counterpart", 70}, {"Role", 30}, {"Measures", 0}});
      for (const auto& [region, partners] : e.by_region) {
        for (const auto& p : partners) {
          table.AddRow({region, p.name, p.roles.empty() ? "(unassigned)" : Join(p.roles, ", "),
                        std::to_string(p.measures)});
        }
      }
      table.Print(std::cout);
      std::cout << '\n';
    }
    if (cp.entries.empty()) std::cout << "No pairs of agencies share a measure in this scope.\n";
  }
  return kExitOk;
}

int RunTimeline(const AnalyticsOptions& opt) {
  int status = kExitOk;
  auto searcher = OpenIndex(opt.query, &status);
  if (!searcher) return status;
  query::SearchError error;
  query::SearchRequest req = ToRequest(opt.query);
  req.match = opt.query.any ? query::SearchRequest::Match::kAny : query::SearchRequest::Match::kAll;
  const bool by_sphere = opt.timeline_by == "sphere";
  const auto t = query::BuildTimeline(
      *searcher, req, by_sphere ? query::TimelineBy::kSphere : query::TimelineBy::kRegion, &error);
  if (!t) return ReportError(error);
  std::vector<int> years;
  for (const auto& [y, n] : t->total) years.push_back(y);
  // Gaps between years stay visible as columns of zeros.
  if (!years.empty()) {
    const int first = years.front(), last = years.back();
    years.clear();
    for (int y = first; y <= last; ++y) years.push_back(y);
  }
  auto count = [](const std::map<int, size_t>& row, int y) {
    auto it = row.find(y);
    return it == row.end() ? size_t{0} : it->second;
  };
  const std::string group = by_sphere ? "sphere" : "region";
  if (opt.format == "json") {
    nlohmann::json out{{"by", group}, {"years", years}, {"undated", t->undated}};
    nlohmann::json total = nlohmann::json::object(), groups = nlohmann::json::object();
    for (int y : years) total[std::to_string(y)] = count(t->total, y);
    for (const auto& [name, row] : t->groups) {
      nlohmann::json r = nlohmann::json::object();
      for (int y : years) r[std::to_string(y)] = count(row, y);
      groups[name] = std::move(r);
    }
    out["total"] = std::move(total);
    out["groups"] = std::move(groups);
    std::cout << out.dump(2) << '\n';
    return kExitOk;
  }
  std::vector<std::string> header{group};
  for (int y : years) header.push_back(std::to_string(y));
  std::vector<std::vector<std::string>> rows;
  for (const auto& [name, row] : t->groups) {
    std::vector<std::string> r{name};
    for (int y : years) r.push_back(std::to_string(count(row, y)));
    rows.push_back(std::move(r));
  }
  std::vector<std::string> total{"(all measures)"};
  for (int y : years) total.push_back(std::to_string(count(t->total, y)));
  if (opt.format == "csv" || opt.format == "xlsx") {
    auto out = OpenSink(opt, "timeline");
    if (!out) return kExitUsageError;
    out->Row(header);
    for (const auto& r : rows) out->Row(r);
    out->Row(total);
    return Close(out.get());
  }
  if (opt.format == "svg") {
    Heatmap map;
    map.title = std::string("Measures active each year, by ") + group;
    map.subtitle = ScopeText(opt.query);
    map.legend = "measures whose deadline covers the year";
    for (int y : years) map.columns.push_back(std::to_string(y));
    for (const auto& [name, row] : t->groups) {
      map.rows.push_back(name);
      std::vector<std::optional<double>> values;
      for (int y : years) {
        const size_t n = count(row, y);
        values.push_back(n ? std::optional<double>(static_cast<double>(n)) : std::nullopt);
      }
      map.values.push_back(std::move(values));
    }
    if (t->undated) {
      map.notes.push_back(std::to_string(t->undated) + " measures give no year and are not shown");
    }
    std::cout << RenderSvg(map);
    return kExitOk;
  }
  std::vector<TextTable::Column> cols{{group, 40}};
  for (int y : years) cols.push_back({std::to_string(y), 0});
  TextTable table(cols);
  for (const auto& r : rows) table.AddRow(r);
  table.AddRow(total);
  table.Print(std::cout);
  if (t->undated) std::cout << '\n' << t->undated << " measures give no year and are not counted\n";
  return kExitOk;
}

CLI::App* AddCommand(CLI::App& app, const char* name, const char* help,
                     const std::shared_ptr<AnalyticsOptions>& opt, QueryArgument query_argument,
                     std::vector<std::string> formats) {
  CLI::App* cmd = app.add_subcommand(name, help);
  AddQueryOptions(cmd, &opt->query, query_argument);
  cmd->add_option("-f,--format", opt->format, "Output format")
      ->check(CLI::IsMember(formats))
      ->capture_default_str();
  AddTabularOptions(cmd, &opt->tabular);
  cmd->footer(
      "Filters and the query scope the analysis to the matching measures.\n"
      "Exit status: 0 success; 2 unknown region/agency or bad query; 3 no index.");
  return cmd;
}

}  // namespace

void RegisterAnalyticsCommands(CLI::App& app, int* exit_code) {
  auto agencies = std::make_shared<AnalyticsOptions>();
  AddCommand(app, "agencies", "Agency × region matrix: measures per canonical agency and region",
             agencies, QueryArgument::kPositional, {"table", "json", "csv", "xlsx", "svg"})
      ->callback([agencies, exit_code] { *exit_code = RunAgencies(*agencies); })
      ->add_option("--top", agencies->top,
                   "Only the N agencies with most measures (0: all; svg default: 40)")
      ->check(WholeNumber(0));

  auto overlap = std::make_shared<AnalyticsOptions>();
  CLI::App* overlap_cmd = AddCommand(
      app, "overlap", "Every pair of agreements: shared and unique agencies or spheres, Jaccard",
      overlap, QueryArgument::kPositional, {"table", "json", "csv", "xlsx", "svg"});
  overlap_cmd->add_option("--by", overlap->by, "Compare agencies or spheres")
      ->check(CLI::IsMember({"agency", "sphere"}))
      ->capture_default_str();
  overlap_cmd->add_flag("--names", overlap->names, "List the shared and unique names of each pair");
  overlap_cmd->callback([overlap, exit_code] { *exit_code = RunOverlap(*overlap); });

  auto compare = std::make_shared<AnalyticsOptions>();
  CLI::App* compare_cmd = AddCommand(
      app, "compare", "Agreements side by side: spheres, agencies, counts, what is unique", compare,
      QueryArgument::kOption, {"table", "json", "csv", "xlsx"});
  compare_cmd
      ->add_option("regions", compare->regions, "Two or more partner regions (any case form)")
      ->required()
      ->expected(2, -1);
  compare_cmd->callback([compare, exit_code] { *exit_code = RunCompare(*compare); });

  auto timeline = std::make_shared<AnalyticsOptions>();
  CLI::App* timeline_cmd = AddCommand(
      app, "timeline", "Measures per year (active by deadline) by partner region or by sphere",
      timeline, QueryArgument::kPositional, {"table", "json", "csv", "xlsx", "svg"});
  timeline_cmd->add_option("--by", timeline->timeline_by, "Rows: partner regions or spheres")
      ->check(CLI::IsMember({"region", "sphere"}))
      ->capture_default_str();
  timeline_cmd->callback([timeline, exit_code] { *exit_code = RunTimeline(*timeline); });

  auto counterparts = std::make_shared<AnalyticsOptions>();
  CLI::App* counterparts_cmd = AddCommand(
      app, "counterparts",
      "Partner agencies each St Petersburg agency works with, per region (or the reverse)",
      counterparts, QueryArgument::kOption, {"table", "json", "csv", "xlsx"});
  counterparts_cmd->add_option("agency", counterparts->agency,
                               "One agency (any spelling); default: every St Petersburg agency");
  counterparts_cmd->callback(
      [counterparts, exit_code] { *exit_code = RunCounterparts(*counterparts); });
}

}  // namespace karta::cli
