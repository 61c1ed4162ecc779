#include "src/engine/heatmap_views.h"

#include <algorithm>

#include "index/counted.h"
#include "src/engine/svg_heatmap.h"

namespace karta::engine {

std::string AgenciesSvg(const AgenciesView& view) {
  const query::AgencyMatrix& m = view.matrix;
  Heatmap map;
  map.title = "Agencies × regions: measures";
  map.subtitle = view.scope;
  map.legend = "measures naming the agency";
  map.notes = view.notes;
  if (m.rows.size() < view.all_rows) {
    map.title += " (the " + std::to_string(m.rows.size()) + " agencies with most measures of " +
                 std::to_string(view.all_rows) + ")";
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
  return RenderSvg(map);
}

std::string OverlapSvg(const OverlapView& view) {
  const std::vector<std::string>& regions = view.regions;
  Heatmap map;
  map.title = std::string("Jaccard similarity of agreements by ") +
              (view.by == query::OverlapBy::kSphere ? "sphere" : "agency");
  map.subtitle = view.scope;
  map.legend = "Jaccard similarity (shared / either)";
  map.neutral_diagonal = true;
  map.notes = view.notes;
  map.rows = map.columns = regions;
  map.decimals = 2;
  map.values.assign(regions.size(), std::vector<std::optional<double>>(regions.size()));
  for (size_t i = 0; i < regions.size(); ++i) map.values[i][i] = 1.0;
  for (const auto& p : view.pairs) {
    const size_t i = std::find(regions.begin(), regions.end(), p.a) - regions.begin();
    const size_t j = std::find(regions.begin(), regions.end(), p.b) - regions.begin();
    if (i < regions.size() && j < regions.size()) map.values[i][j] = map.values[j][i] = p.jaccard;
  }
  return RenderSvg(map);
}

std::string TimelineSvg(const TimelineView& view) {
  const query::Timeline& t = view.timeline;
  Heatmap map;
  map.title = std::string("Measures active each year, by ") +
              (view.by == query::TimelineBy::kSphere ? "sphere" : "region");
  map.subtitle = view.scope;
  map.legend = "measures whose deadline covers the year";
  for (int y : view.years) map.columns.push_back(std::to_string(y));
  for (const auto& [name, row] : t.groups) {
    map.rows.push_back(name);
    std::vector<std::optional<double>> values;
    for (int y : view.years) {
      auto it = row.find(y);
      values.push_back(it == row.end() || it->second == 0
                           ? std::nullopt
                           : std::optional<double>(static_cast<double>(it->second)));
    }
    map.values.push_back(std::move(values));
  }
  if (t.undated) {
    map.notes.push_back(Counted(t.undated, "measure gives", "measures give") +
                        " no year and are not shown");
  }
  return RenderSvg(map);
}

}  // namespace karta::engine
