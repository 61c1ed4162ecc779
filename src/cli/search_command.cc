#include "src/cli/search_command.h"

#include <iomanip>
#include <iostream>
#include <limits>
#include <map>
#include <memory>
#include <sstream>

#include "src/cli/exit_codes.h"
#include "src/cli/output.h"
#include "src/cli/query_options.h"
#include "src/cli/tabular_output.h"
#include "src/cli/text_table.h"
#include "src/cli/validators.h"
#include "src/engine/json_views.h"
#include "src/engine/table_views.h"

namespace karta::cli {
namespace {

struct SearchOptions {
  QueryOptions query;
  TabularOptions tabular;
  std::string format = "table";
  std::string sort = "score";
  size_t limit = 10, offset = 0;
  bool facets = false;
  size_t facet_limit = 20;
  size_t related = query::SearchRequest::kDefaultRelated;
};

std::string DeadlineText(const Deadline& d) {
  std::string s = d.raw;
  if (d.from) s += " [" + engine::YearRange(d.from, d.to) + "]";
  return s;
}

void PrintTable(const query::SearchResponse& r, size_t offset) {
  const bool color = UseColor();
  const std::string hs = color ? "\033[1m" : "[", he = color ? "\033[0m" : "]";
  const size_t width = TerminalWidth(120);
  std::cout << r.total << (r.total == 1 ? " measure" : " measures");
  if (!r.query.empty()) std::cout << (r.total == 1 ? " matches «" : " match «") << r.query << "»";
  if (!r.hits.empty()) {
    std::cout << "; showing " << offset + 1 << "–" << offset + r.hits.size();
  }
  if (!r.related.empty()) {
    std::cout << (r.hits.empty() ? "; showing " : " and ") << r.related.size() << " more like them";
  }
  std::cout << "\n\n";
  if (!r.suggestion.empty()) std::cout << "Did you mean «" << r.suggestion << "»?\n\n";
  size_t rank = offset;
  auto print = [&](const query::Hit& hit) {
    const Measure& m = hit.record.measure;
    // A match has its rank; a related measure, which is no match, a mark instead.
    if (hit.like.empty()) {
      std::cout << ++rank << ". ";
    } else {
      std::cout << "~ ";
    }
    std::cout << hit.id << "  " << hit.record.region << " · " << Join(m.spheres, ", ") << " · "
              << DeadlineText(m.deadline);
    if (!hit.like.empty()) {
      std::cout << "  (like " << hit.like << "; " << std::fixed << std::setprecision(2) << hit.score
                << " to the best matches)";
    } else if (hit.score > 0) {
      std::cout << "  (" << std::fixed << std::setprecision(2) << hit.score << ")";
    }
    std::cout << '\n';
    for (const std::string& line :
         WrapText(query::RenderHighlights(hit.snippet, hs, he), width - 4)) {
      std::cout << "   " << line << '\n';
    }
    if (!hit.matched_in.empty()) {
      const std::string label = "matched in " + hit.matched_in + ": ";
      for (const std::string& line :
           WrapText(label + query::RenderHighlights(hit.matched_snippet, hs, he), width - 4)) {
        std::cout << "   " << line << '\n';
      }
    }
    // «reported in 2023: 2 entries», per report year.
    std::map<int, size_t> entries;
    for (const ExecutionLink& l : hit.reported) entries[l.year] += l.entries;
    for (const auto& [year, n] : entries) {
      std::cout << "   reported in " << year << ": " << n << (n == 1 ? " entry" : " entries")
                << '\n';
    }
    if (!m.spb_agencies.empty()) {
      std::cout << "   St Petersburg: " << Join(m.spb_agencies, "; ") << '\n';
    }
    if (!m.partner_agencies.empty()) {
      std::cout << "   Partner: " << Join(m.partner_agencies, "; ") << '\n';
    }
    std::cout << '\n';
  };
  for (const query::Hit& hit : r.hits) print(hit);
  if (!r.related.empty()) {
    std::cout << "Without the query's words, but like the best matches (--related 0 hides "
                 "them):\n\n";
    for (const query::Hit& hit : r.related) print(hit);
  }
  for (const char* name : {"region", "sphere", "agency", "year", "kind"}) {
    auto it = r.facets.find(name);
    if (it == r.facets.end()) continue;
    TextTable table({{name, width > 60 ? width - 12 : 48}, {"measures", 0}});
    for (const auto& v : it->second) table.AddRow({v.value, std::to_string(v.count)});
    table.Print(std::cout);
    const size_t all = r.facet_values.count(name) ? r.facet_values.at(name) : 0;
    if (all > it->second.size()) {
      std::cout << "  … and " << all - it->second.size() << " more (--facet-limit 0 shows all)\n";
    }
    std::cout << '\n';
  }
}

int RunSearch(const SearchOptions& opt) {
  int status = kExitOk;
  std::unique_ptr<engine::Engine> engine = OpenEngine(opt.query, &status);
  if (!engine) return status;
  query::SearchRequest req = ToRequest(opt.query);
  req.limit = opt.limit;
  req.offset = opt.offset;
  req.facets = opt.facets;
  req.facet_limit = opt.facet_limit;
  // Exports hold the matches only.
  req.related = opt.format == "table" || opt.format == "json" ? opt.related : 0;
  req.sort = opt.sort == "region"     ? query::SearchRequest::Sort::kRegion
             : opt.sort == "number"   ? query::SearchRequest::Sort::kNumber
             : opt.sort == "deadline" ? query::SearchRequest::Sort::kDeadline
                                      : query::SearchRequest::Sort::kScore;
  Status error;
  std::optional<query::SearchResponse> response = engine->Search(req, &error);
  if (!response) return ReportError(error);
  if (opt.format == "json") return PrintJson(engine::SearchJson(*response, req));
  if (opt.format == "jsonl") {
    // One JSON object per line, one per hit: for exports too large to hold as one document.
    for (const query::Hit& hit : response->hits) std::cout << engine::HitJson(hit).dump() << '\n';
    return kExitOk;
  }
  if (opt.format == "csv" || opt.format == "xlsx") {
    return WriteTable(engine::SearchTable(*response, req), opt.format, opt.tabular);
  }
  PrintTable(*response, opt.offset);
  return kExitOk;
}

}  // namespace

void RegisterSearchCommand(CLI::App& app, int* exit_code) {
  auto opt = std::make_shared<SearchOptions>();
  CLI::App* cmd = app.add_subcommand("search", "Ranked full-text search over indexed measures");
  AddQueryOptions(cmd, &opt->query, QueryArgument::kPositional);
  cmd->add_flag("--facets", opt->facets, "Exact counts by region, sphere, agency, year and kind");
  cmd->add_option("--facet-limit", opt->facet_limit,
                  "Most frequent values shown per facet, 0 for all (years: always all)")
      ->check(WholeNumber(0))
      ->capture_default_str();
  cmd->add_option("-n,--limit", opt->limit, "Number of measures to show; «all» for every one")
      ->transform(CountOrAll())
      ->capture_default_str();
  cmd->add_option("--offset", opt->offset, "Skip this many measures first")
      ->check(WholeNumber(0))
      ->capture_default_str();
  cmd->add_option(
         "--related", opt->related,
         "With the last match, up to this many measures without any query word that are "
         "most like what the best three share (labelled, never counted; plain queries; table and "
         "json only), 0 for none")
      ->check(CLI::Range(size_t{0}, query::SearchRequest::kMaxRelated))
      ->capture_default_str();
  cmd->add_option("-f,--format", opt->format, "Output format")
      ->check(CLI::IsMember({"table", "json", "jsonl", "csv", "xlsx"}))
      ->capture_default_str();
  cmd->add_option("--sort", opt->sort,
                  "Order of hits: score (equal scores by measure), region (code, kind, period, "
                  "number), number, deadline (the last year it covers)")
      ->check(CLI::IsMember({"score", "region", "number", "deadline"}))
      ->capture_default_str();
  AddTabularOptions(cmd, &opt->tabular);
  cmd->footer(
      "Values of one filter are alternatives; different filters must all hold.\n"
      "Exit status: 0 success (also with no match); 2 bad query, unknown filter value or usage;\n"
      "3 no index or not a karta index.");
  cmd->callback([opt, exit_code] { *exit_code = RunSearch(*opt); });
}

}  // namespace karta::cli
