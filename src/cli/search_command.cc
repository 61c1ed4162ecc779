#include "src/cli/search_command.h"

#include <iomanip>
#include <iostream>
#include <limits>
#include <map>
#include <memory>
#include <sstream>

#include "index/index_schema.h"
#include "src/cli/exit_codes.h"
#include "src/cli/output.h"
#include "src/cli/query_options.h"
#include "src/cli/tabular_output.h"
#include "src/cli/text_table.h"
#include "src/cli/validators.h"
#include "src/query/searcher.h"

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
};

std::vector<std::string> Strings(const nlohmann::json& j, const char* field) {
  return schema::RecordStrings(j, field);
}

std::string DeadlineText(const nlohmann::json& m) {
  const auto& d = m["deadline"];
  std::string s = d.value("raw", "");
  if (d["from"].is_number()) {
    const int from = d["from"], to = d["to"];
    s += " [" + std::to_string(from) + (from == to ? "" : "–" + std::to_string(to)) + "]";
  }
  return s;
}

nlohmann::json HitJson(const query::Hit& hit) {
  nlohmann::json j = hit.measure;
  j["score"] = hit.score;
  j["snippet"] = RenderHighlights(hit.snippet, "<b>", "</b>");
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
    j["matched_in"] = {{"field", hit.matched_in},
                       {"snippet", RenderHighlights(hit.matched_snippet, "<b>", "</b>")}};
  }
  return j;
}

void PrintJson(const query::SearchResponse& r, const SearchOptions& opt) {
  nlohmann::json out{
      {"query", r.query},
      {"total", r.total},
      {"offset", opt.offset},
      {"limit", opt.limit == std::numeric_limits<size_t>::max() ? nlohmann::json("all")
                                                                : nlohmann::json(opt.limit)},
      {"sort", opt.sort},
      {"hits", nlohmann::json::array()}};
  if (!r.suggestion.empty()) out["suggestion"] = r.suggestion;
  for (const query::Hit& hit : r.hits) out["hits"].push_back(HitJson(hit));
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
  std::cout << out.dump(2) << '\n';
}

// One JSON object per line, one per hit: for exports too large to hold as one document.
void PrintJsonLines(const query::SearchResponse& r) {
  for (const query::Hit& hit : r.hits) std::cout << HitJson(hit).dump() << '\n';
}

std::string Years(const nlohmann::json& period) {
  if (!period.is_object() || !period.value("from", nlohmann::json()).is_number()) return "";
  const int from = period["from"], to = period.value("to", from);
  return std::to_string(from) + (to == from ? "" : "–" + std::to_string(to));
}

std::string OptionalNumber(const nlohmann::json& v) {
  return v.is_number_integer() ? std::to_string(v.get<int>()) : "";
}

// Every field of every hit; lists of names joined by «; », progress entries and notes one
// per line within their cell.
bool PrintTabular(const query::SearchResponse& r, const SearchOptions& opt, std::string* error) {
  std::unique_ptr<TabularOutput> out =
      OpenTabular(opt.format, opt.tabular, "search",
                  {"rank", "score", "report_year", "deadline_from", "deadline_to", "line"}, error);
  if (!out) return false;
  out->Row({"rank",          "id",          "agreement",    "region",
            "kind",          "period",      "report_year",  "section_number",
            "section",       "number",      "spheres",      "deadline",
            "deadline_from", "deadline_to", "spb_agencies", "partner_agencies",
            "text",          "progress",    "notes",        "score",
            "file",          "line"});
  size_t rank = opt.offset;
  for (const query::Hit& hit : r.hits) {
    const nlohmann::json& m = hit.measure;
    const nlohmann::json section = m.value("section", nlohmann::json::object());
    const nlohmann::json deadline = m.value("deadline", nlohmann::json::object());
    std::ostringstream score;
    score << std::fixed << std::setprecision(3) << hit.score;
    out->Row({std::to_string(++rank),
              hit.id,
              m.value("agreement", ""),
              m.value("region", ""),
              m.value("kind", ""),
              Years(m.value("period", nlohmann::json())),
              OptionalNumber(m.value("report_year", nlohmann::json())),
              section.is_object() && section.value("number", nlohmann::json()).is_string()
                  ? section["number"].get<std::string>()
                  : "",
              section.is_object() ? section.value("heading", "") : "",
              m.value("number", ""),
              Join(Strings(m, "spheres"), "; "),
              deadline.value("raw", ""),
              OptionalNumber(deadline.value("from", nlohmann::json())),
              OptionalNumber(deadline.value("to", nlohmann::json())),
              Join(Strings(m, "spb_agencies"), "; "),
              Join(Strings(m, "partner_agencies"), "; "),
              m.value("text", ""),
              Join(Strings(m, "progress"), "\n"),
              Join(Strings(m, "notes"), "\n"),
              score.str(),
              m.value("file", ""),
              OptionalNumber(m.value("line", nlohmann::json()))});
  }
  return out->Finish(error);
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
  std::cout << "\n\n";
  if (!r.suggestion.empty()) std::cout << "Did you mean «" << r.suggestion << "»?\n\n";
  size_t rank = offset;
  for (const query::Hit& hit : r.hits) {
    const nlohmann::json& m = hit.measure;
    std::cout << ++rank << ". " << hit.id << "  " << m.value("region", "") << " · "
              << Join(Strings(m, "spheres"), ", ") << " · " << DeadlineText(m);
    if (hit.score > 0) std::cout << "  (" << std::fixed << std::setprecision(2) << hit.score << ")";
    std::cout << '\n';
    for (const std::string& line : WrapText(RenderHighlights(hit.snippet, hs, he), width - 4)) {
      std::cout << "   " << line << '\n';
    }
    if (!hit.matched_in.empty()) {
      const std::string label = "matched in " + hit.matched_in + ": ";
      for (const std::string& line :
           WrapText(label + RenderHighlights(hit.matched_snippet, hs, he), width - 4)) {
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
    const auto spb = Strings(m, "spb_agencies"), partner = Strings(m, "partner_agencies");
    if (!spb.empty()) std::cout << "   St Petersburg: " << Join(spb, "; ") << '\n';
    if (!partner.empty()) std::cout << "   Partner: " << Join(partner, "; ") << '\n';
    std::cout << '\n';
  }
  for (const char* name : {"region", "sphere", "agency", "year"}) {
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
  std::unique_ptr<query::Searcher> searcher = OpenIndex(opt.query, &status);
  if (!searcher) return status;
  query::SearchRequest req = ToRequest(opt.query);
  req.limit = opt.limit;
  req.offset = opt.offset;
  req.facets = opt.facets;
  req.facet_limit = opt.facet_limit;
  req.sort = opt.sort == "region"     ? query::SearchRequest::Sort::kRegion
             : opt.sort == "number"   ? query::SearchRequest::Sort::kNumber
             : opt.sort == "deadline" ? query::SearchRequest::Sort::kDeadline
                                      : query::SearchRequest::Sort::kScore;
  query::SearchError error;
  std::optional<query::SearchResponse> response = searcher->Search(req, &error);
  if (!response) return ReportError(error);
  if (opt.format == "json") {
    PrintJson(*response, opt);
  } else if (opt.format == "jsonl") {
    PrintJsonLines(*response);
  } else if (opt.format == "csv" || opt.format == "xlsx") {
    std::string message;
    if (!PrintTabular(*response, opt, &message)) {
      std::cerr << "karta: " << message << '\n';
      return kExitUsageError;
    }
  } else {
    PrintTable(*response, opt.offset);
  }
  return kExitOk;
}

}  // namespace

void RegisterSearchCommand(CLI::App& app, int* exit_code) {
  auto opt = std::make_shared<SearchOptions>();
  CLI::App* cmd = app.add_subcommand("search", "Ranked full-text search over indexed measures");
  AddQueryOptions(cmd, &opt->query, QueryArgument::kPositional);
  cmd->add_flag("--facets", opt->facets, "Exact counts by region, sphere, agency and year");
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
