#include "src/cli/analytics_commands.h"

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "index/counted.h"
#include "index/gazetteer.h"
#include "src/cli/exit_codes.h"
#include "src/cli/output.h"
#include "src/cli/query_options.h"
#include "src/cli/tabular_output.h"
#include "src/cli/text_table.h"
#include "src/cli/validators.h"
#include "src/engine/heatmap_views.h"
#include "src/engine/json_views.h"
#include "src/engine/table_views.h"

namespace karta::cli {
namespace {

using engine::Fixed;

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

// Short column header for a region: its code («PER»), with a legend under the table.
std::string RegionCode(const std::string& region) {
  const Region* r = Gazetteer::Default().Resolve(region);
  return r ? r->code : region;
}

void PrintLegend(const std::vector<std::string>& regions) {
  std::cout << '\n';
  for (const std::string& r : regions) std::cout << "  " << RegionCode(r) << " = " << r << '\n';
}

// ---- karta agencies -------------------------------------------------------------------

void PrintAgencies(const engine::AgenciesView& view) {
  const query::AgencyMatrix& m = view.matrix;
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

int RunAgencies(const AnalyticsOptions& opt) {
  int status = kExitOk;
  auto engine = OpenEngine(opt.query, &status);
  if (!engine) return status;
  const size_t top = opt.top ? opt.top : opt.format == "svg" ? engine::kSvgDefaultTop : 0;
  Status error;
  auto view = engine->Agencies(ToRequest(opt.query), top, &error);
  if (!view) return ReportError(error);
  if (opt.format == "json") return PrintJson(engine::AgenciesJson(*view));
  if (opt.format == "csv" || opt.format == "xlsx") {
    return WriteTable(engine::AgenciesTable(*view), opt.format, opt.tabular);
  }
  if (opt.format == "svg") {
    std::cout << engine::AgenciesSvg(*view);
  } else {
    PrintAgencies(*view);
  }
  return kExitOk;
}

// ---- karta overlap --------------------------------------------------------------------

int RunOverlap(const AnalyticsOptions& opt) {
  int status = kExitOk;
  auto engine = OpenEngine(opt.query, &status);
  if (!engine) return status;
  Status error;
  auto view =
      engine->Overlap(ToRequest(opt.query),
                      opt.by == "sphere" ? query::OverlapBy::kSphere : query::OverlapBy::kAgency,
                      opt.names, &error);
  if (!view) return ReportError(error);
  if (opt.format == "json") return PrintJson(engine::OverlapJson(*view));
  if (opt.format == "csv" || opt.format == "xlsx") {
    return WriteTable(engine::OverlapTable(*view), opt.format, opt.tabular);
  }
  if (opt.format == "svg") {
    std::cout << engine::OverlapSvg(*view);
    return kExitOk;
  }
  TextTable table(
      {{"A", 32}, {"B", 32}, {"Shared", 0}, {"Only A", 0}, {"Only B", 0}, {"Jaccard", 0}});
  for (const auto& p : view->pairs) {
    table.AddRow({p.a, p.b, std::to_string(p.shared), std::to_string(p.only_a),
                  std::to_string(p.only_b), Fixed(p.jaccard, 3)});
  }
  table.Print(std::cout);
  if (opt.names) {
    for (const auto& p : view->pairs) {
      std::cout << "\n" << p.a << " ∩ " << p.b << ":\n";
      for (const auto& n : p.shared_names) std::cout << "  = " << n << '\n';
      for (const auto& n : p.only_a_names) std::cout << "  < " << n << '\n';
      for (const auto& n : p.only_b_names) std::cout << "  > " << n << '\n';
    }
  }
  return kExitOk;
}

// ---- karta compare --------------------------------------------------------------------

int RunCompare(const AnalyticsOptions& opt) {
  int status = kExitOk;
  auto engine = OpenEngine(opt.query, &status);
  if (!engine) return status;
  Status error;
  auto view = engine->Compare(ToRequest(opt.query), opt.regions, &error);
  if (!view) return ReportError(error);
  if (opt.format == "json") return PrintJson(engine::CompareJson(*view));
  if (opt.format == "csv" || opt.format == "xlsx") {
    return WriteTable(engine::CompareTable(*view), opt.format, opt.tabular);
  }
  const query::Comparison& c = view->comparison;
  std::vector<TextTable::Column> cols{{"", 34}};
  for (const std::string& r : view->regions) cols.push_back({r, 30});
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
  auto engine = OpenEngine(opt.query, &status);
  if (!engine) return status;
  Status error;
  auto cp = engine->Counterparts(ToRequest(opt.query), opt.agency, &error);
  if (!cp) return ReportError(error);
  if (opt.format == "json") return PrintJson(engine::CounterpartsJson(*cp));
  if (opt.format == "csv" || opt.format == "xlsx") {
    return WriteTable(engine::CounterpartsTable(*cp), opt.format, opt.tabular);
  }
  for (const auto& e : cp->entries) {
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
  if (cp->entries.empty()) std::cout << "No pairs of agencies share a measure in this scope.\n";
  return kExitOk;
}

// ---- karta timeline -------------------------------------------------------------------

int RunTimeline(const AnalyticsOptions& opt) {
  int status = kExitOk;
  auto engine = OpenEngine(opt.query, &status);
  if (!engine) return status;
  Status error;
  auto view = engine->Timeline(
      ToRequest(opt.query),
      opt.timeline_by == "sphere" ? query::TimelineBy::kSphere : query::TimelineBy::kRegion,
      &error);
  if (!view) return ReportError(error);
  if (opt.format == "json") return PrintJson(engine::TimelineJson(*view));
  const engine::TableView rows = engine::TimelineTable(*view);
  if (opt.format == "csv" || opt.format == "xlsx") return WriteTable(rows, opt.format, opt.tabular);
  if (opt.format == "svg") {
    std::cout << engine::TimelineSvg(*view);
    return kExitOk;
  }
  std::vector<TextTable::Column> cols{{rows.rows.front().front(), 40}};
  for (int y : view->years) cols.push_back({std::to_string(y), 0});
  TextTable table(cols);
  for (size_t i = 1; i < rows.rows.size(); ++i) table.AddRow(rows.rows[i]);
  table.Print(std::cout);
  if (view->timeline.undated) {
    std::cout << '\n'
              << Counted(view->timeline.undated, "measure gives", "measures give")
              << " no year and are not counted\n";
  }
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
