#include "src/cli/similar_commands.h"

#include <iomanip>
#include <iostream>
#include <map>
#include <memory>

#include "index/counted.h"
#include "src/cli/catalog_commands.h"
#include "src/cli/exit_codes.h"
#include "src/cli/output.h"
#include "src/cli/query_options.h"
#include "src/cli/tabular_output.h"
#include "src/cli/text_table.h"
#include "src/cli/validators.h"
#include "src/engine/json_views.h"

namespace karta::cli {
namespace {

struct SimilarOptions {
  QueryOptions query;  // only --db is used by `similar`; `twins` takes the whole scope
  std::string id, text, format = "table";
  bool other_regions = false, everywhere = false, list_unique = false;
  size_t limit = 10;
  double min_score = 0.8;
};

std::string Fixed(double v) { return engine::Fixed(v, 3); }

int RunSimilar(const SimilarOptions& opt) {
  int status = kExitOk;
  auto engine = OpenEngine(opt.query, &status);
  if (!engine) return status;
  Status error;
  const query::SimilarScope scope = opt.everywhere      ? query::SimilarScope::kEverywhere
                                    : opt.other_regions ? query::SimilarScope::kOtherRegions
                                                        : query::SimilarScope::kOtherAgreements;
  auto view = engine->Similar(opt.id, opt.text, scope, opt.limit, &error);
  if (!view) return ReportError(error);
  const auto& origin = view->origin;
  const auto& hits = view->hits;
  if (opt.format == "json") {
    PrintJson(engine::SimilarJson(*view));
  } else if (opt.format == "csv") {
    return WriteTable(engine::SimilarTable(*view), opt.format, {});
  } else {
    if (origin) {
      std::cout << "Measures like this one:\n\n";
      PrintMeasure(*origin, std::cout);
      std::cout << '\n';
    }
    // Grouped by region, best first within each; regions ordered by their best match.
    std::vector<std::string> order;
    std::map<std::string, std::vector<const query::SimilarHit*>> by_region;
    for (const auto& h : hits) {
      const std::string& region = h.record.region;
      if (!by_region.count(region)) order.push_back(region);
      by_region[region].push_back(&h);
    }
    const size_t width = TerminalWidth(120);
    for (const std::string& region : order) {
      std::cout << region << '\n';
      for (const auto* h : by_region[region]) {
        std::cout << "  " << Fixed(h->similarity) << "  " << h->id << '\n';
        for (const std::string& line : WrapText(h->record.measure.text, width - 9)) {
          std::cout << "         " << line << '\n';
        }
      }
      std::cout << '\n';
    }
    if (hits.empty()) {
      std::cout << (opt.text.empty() ? "No similar measure in the agreements compared.\n"
                                     : "No measure shares a word with the text.\n");
    }
  }
  return kExitOk;
}

int RunTwins(const SimilarOptions& opt) {
  int status = kExitOk;
  auto engine = OpenEngine(opt.query, &status);
  if (!engine) return status;
  Status error;
  auto view = engine->Twins(ToRequest(opt.query), opt.min_score, &error);
  if (!view) return ReportError(error);
  const query::TwinsReport* report = &view->report;
  if (opt.format == "json") {
    PrintJson(engine::TwinsJson(*view));
  } else if (opt.format == "csv") {
    return WriteTable(engine::TwinsTable(*view), opt.format, {});
  } else {
    size_t in_clusters = 0;
    for (const auto& c : report->clusters) in_clusters += c.ids.size();
    const size_t clusters = report->clusters.size(), unique = report->unique.size();
    std::cout << Counted(clusters, "cluster", "clusters")
              << " of near-identical measures (similarity ≥ " << opt.min_score
              << (clusters == 1 ? ") holds " : ") hold ") << in_clusters << " of "
              << Counted(report->measures, "measure", "measures") << "; " << unique
              << (unique == 1 ? " is" : " are") << " unique to one agreement.\n\n";
    const size_t width = TerminalWidth(120);
    size_t n = 0;
    for (const auto& c : report->clusters) {
      std::cout << ++n << ". " << c.regions.size() << " regions (" << Join(c.regions, ", ")
                << "), each linked at ≥ " << Fixed(c.min_similarity);
      if (c.ids.size() > 2) std::cout << ", every two ≥ " << Fixed(c.min_pair_similarity);
      std::cout << '\n';
      for (const std::string& line : WrapText(c.text, width - 4))
        std::cout << "   " << line << '\n';
      std::cout << "   " << Join(c.ids, "  ") << "\n\n";
    }
    if (opt.list_unique) {
      std::cout << "Unique to one agreement:\n";
      for (const std::string& id : report->unique) std::cout << "  " << id << '\n';
    }
  }
  return kExitOk;
}

}  // namespace

void RegisterSimilarCommands(CLI::App& app, int* exit_code) {
  auto similar = std::make_shared<SimilarOptions>();
  CLI::App* s = app.add_subcommand(
      "similar", "The measures most like a given one (by id) or like a drafted text, by region");
  s->add_option("id", similar->id, "Measure id as printed by search, e.g. PER-2024-2026:10.1");
  s->add_option("--text", similar->text, "Find measures like this text instead");
  s->add_option("--db", similar->query.db, "Index directory (see `karta search --help`)");
  s->add_flag(
      "--other-regions", similar->other_regions,
      "Leave out every agreement of the measure's region (default: only its own agreement)");
  s->add_flag("--everywhere", similar->everywhere, "Include the measure's own agreement")
      ->excludes("--other-regions");
  s->add_option("-n,--limit", similar->limit, "Number of measures")
      ->check(WholeNumber(1))
      ->capture_default_str();
  s->add_option("-f,--format", similar->format, "Output format")
      ->check(CLI::IsMember({"table", "json", "csv"}))
      ->capture_default_str();
  s->footer(
      "Similarity is the cosine of TF-IDF vectors of the stemmed words (0…1).\n"
      "Exit status: 0 success; 2 the id is not in the index (near ids are suggested), neither\n"
      "or both of ID and --text, or bad usage; 3 no index.");
  s->callback([similar, exit_code] { *exit_code = RunSimilar(*similar); });

  auto twins = std::make_shared<SimilarOptions>();
  CLI::App* t = app.add_subcommand(
      "twins", "Clusters of near-identical measures across agreements, and the unique ones");
  AddQueryOptions(t, &twins->query, QueryArgument::kPositional);
  t->add_option("--min-score", twins->min_score, "Similarity (0…1) that makes two measures twins")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  t->add_flag("--unique", twins->list_unique, "Also list the measures unique to one agreement");
  t->add_option("-f,--format", twins->format, "Output format")
      ->check(CLI::IsMember({"table", "json", "csv"}))
      ->capture_default_str();
  t->footer(
      "Filters and the query scope the measures compared.\n"
      "Exit status: 0 success; 2 unknown region/agency or bad query; 3 no index.");
  t->callback([twins, exit_code] { *exit_code = RunTwins(*twins); });
}

}  // namespace karta::cli
