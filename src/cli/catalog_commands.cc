#include "src/cli/catalog_commands.h"

#include <algorithm>
#include <iostream>
#include <map>
#include <memory>
#include <tuple>

#include "index/counted.h"
#include "src/cli/db_path.h"
#include "src/cli/exit_codes.h"
#include "src/cli/output.h"
#include "src/cli/query_options.h"
#include "src/cli/tabular_output.h"
#include "src/cli/text_table.h"
#include "src/engine/json_views.h"

namespace karta::cli {
namespace {

std::string Period(const std::optional<int>& from, const std::optional<int>& to) {
  return engine::YearRange(from, to);
}

// Labelled lines, the value wrapped under itself.
class Fields {
 public:
  explicit Fields(std::ostream& out) : out_(out), width_(TerminalWidth(120)) {}
  void Add(const std::string& label, const std::string& value) {
    if (value.empty()) return;
    const size_t indent = 16;
    std::string pad = label;
    while (DisplayWidthOf(pad) < indent) pad += ' ';
    bool first = true;
    for (const std::string& line : WrapText(value, width_ > indent + 20 ? width_ - indent : 60)) {
      out_ << (first ? pad : std::string(indent, ' ')) << line << '\n';
      first = false;
    }
  }

 private:
  static size_t DisplayWidthOf(const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
  }
  std::ostream& out_;
  size_t width_;
};

int RunShow(const QueryOptions& qopt, const std::vector<std::string>& ids,
            const std::string& format) {
  int status = kExitOk;
  std::unique_ptr<engine::Engine> engine = OpenEngine(qopt, &status);
  if (!engine) return status;
  Status error;
  const std::optional<engine::ShowView> view = engine->Show(ids, &error);
  if (!view) return ReportError(error);
  for (const std::string& message : view->messages) std::cerr << "karta: " << message << '\n';
  if (format == "json") {
    PrintJson(engine::ShowJson(*view));
  } else {
    for (size_t i = 0; i < view->measures.size(); ++i) {
      if (i) std::cout << '\n';
      PrintMeasure(view->measures[i], std::cout);
    }
  }
  return view->not_found.empty() ? kExitOk : kExitUsageError;
}

int RunAgreements(const QueryOptions& qopt, const std::string& format) {
  int status = kExitOk;
  std::unique_ptr<engine::Engine> engine = OpenEngine(qopt, &status);
  if (!engine) return status;
  Status error;
  const std::optional<engine::AgreementsView> view = engine->Agreements(&error);
  if (!view) return ReportError(error);
  if (format == "json") return PrintJson(engine::AgreementsJson(*view));
  if (format == "csv") return WriteTable(engine::AgreementsTable(*view), format, {});
  const auto& agreements = view->agreements;
  std::cout << agreements.size() << (agreements.size() == 1 ? " agreement, " : " agreements, ")
            << Counted(view->measures, "measure", "measures") << "\n\n";
  TextTable table({{"agreement", 0},
                   {"region", 0},
                   {"kind", 0},
                   {"period", 0},
                   {"report", 0},
                   {"measures", 0},
                   {"sections", 0},
                   {"progress", 0},
                   {"warnings", 0},
                   {"format", 0},
                   {"file", 0}});
  for (const query::AgreementSummary& a : agreements) {
    table.AddRow({a.key, a.region, a.kind, Period(a.period_from, a.period_to),
                  a.report_year ? std::to_string(*a.report_year) : "", std::to_string(a.measures),
                  std::to_string(a.sections), std::to_string(a.progress_entries),
                  std::to_string(a.warnings.size()), a.format, a.file});
  }
  table.Print(std::cout);
  for (const auto& [title, totals] :
       std::vector<std::pair<std::string, const std::map<std::string, size_t>*>>{
           {"kind", &view->by_kind}, {"region", &view->by_region}, {"year", &view->by_year}}) {
    std::cout << '\n';
    TextTable t({{title, 0}, {"agreements", 0}});
    for (const auto& [value, n] : *totals) t.AddRow({value, std::to_string(n)});
    t.Print(std::cout);
  }
  for (const query::AgreementSummary& a : agreements) {
    for (const std::string& w : a.warnings) std::cout << "\nwarning: " << a.key << ": " << w;
  }
  if (std::any_of(agreements.begin(), agreements.end(),
                  [](const auto& a) { return !a.warnings.empty(); })) {
    std::cout << '\n';
  }
  return kExitOk;
}

}  // namespace

void PrintMeasure(const query::MeasureView& view, std::ostream& out) {
  const StoredRecord& r = view.record;
  const Measure& m = r.measure;
  out << m.id << '\n';
  Fields f(out);
  std::string agreement = r.agreement + " · " + DocumentKindName(r.kind) + " · " + r.region;
  const std::string years = Period(r.period_from, r.period_to);
  if (!years.empty()) agreement += " · " + years;
  if (r.report_year) agreement += " · report for " + std::to_string(*r.report_year);
  f.Add("agreement", agreement);
  f.Add("title", r.title);
  f.Add("section", (m.section.number.empty() ? "" : m.section.number + ". ") + m.section.heading);
  f.Add("subsection", m.section.subsection_heading);
  f.Add("number", m.number);
  f.Add("spheres", Join(m.spheres, "; "));
  std::string due = m.deadline.raw;
  const std::string derived = Period(m.deadline.from, m.deadline.to);
  if (!derived.empty()) {
    due += (due.empty() ? "" : "  ") + std::string("[") + derived +
           (m.deadline.annual ? ", annually" : "") +
           (m.deadline.inferred ? ", from the agreement's period" : "") + "]";
  }
  f.Add("deadline", due);
  f.Add("text", m.text);
  for (const auto& [written, canonical, label] :
       {std::tuple{&m.spb_agencies, &view.spb_agencies_canonical, "St Petersburg"},
        std::tuple{&m.partner_agencies, &view.partner_agencies_canonical, "partner"}}) {
    for (size_t i = 0; i < written->size(); ++i) {
      std::string value = (*written)[i];
      if (i < canonical->size() && (*canonical)[i] != value) {
        value += "  (canonical: " + (*canonical)[i] + ")";
      }
      f.Add(i == 0 ? label : "", value);
    }
  }
  for (size_t i = 0; i < m.progress.size(); ++i) {
    f.Add(i == 0 ? "progress" : "", std::to_string(i + 1) + ". " + m.progress[i]);
  }
  for (size_t i = 0; i < m.notes.size(); ++i) f.Add(i == 0 ? "notes" : "", m.notes[i]);
  for (const auto& [column, value] : m.extra) f.Add(column, value);
  std::string where = r.path.empty() ? r.file : r.path;
  if (m.line > 0) where += ":" + std::to_string(m.line);
  f.Add("file", where);
}

void RegisterCatalogCommands(CLI::App& app, int* exit_code) {
  struct ShowOptions {
    QueryOptions query;
    std::vector<std::string> ids;
    std::string format = "table";
  };
  auto show = std::make_shared<ShowOptions>();
  CLI::App* cmd = app.add_subcommand("show", "Every field of one or more measures, by id");
  cmd->add_option("id", show->ids,
                  "Measure ids as search prints them («PER-2024-2026:6.1»), any letter case, "
                  "or a region code and number («PER:6.1») when one measure has them")
      ->required();
  cmd->add_option("--db", show->query.db, kDbHelp);
  cmd->add_option("-f,--format", show->format, "Output format")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  cmd->footer(
      "JSON: {\"measures\": [...], \"not_found\": [...]}, each measure with every stored field\n"
      "and its agencies' canonical names.\n"
      "Exit status: 0 success; 2 an id is not in the index (near ids are suggested; the others\n"
      "are still shown) or bad usage; 3 no index or not a karta index.");
  cmd->callback([show, exit_code] { *exit_code = RunShow(show->query, show->ids, show->format); });

  struct AgreementsOptions {
    QueryOptions query;
    std::string format = "table";
  };
  auto list = std::make_shared<AgreementsOptions>();
  CLI::App* agreements =
      app.add_subcommand("agreements", "What the index holds: one row per agreement, and totals");
  agreements->add_option("--db", list->query.db, kDbHelp);
  agreements->add_option("-f,--format", list->format, "Output format")
      ->check(CLI::IsMember({"table", "json", "csv"}))
      ->capture_default_str();
  agreements->footer(
      "Per agreement: region, kind, period, report year, file, measures, sections, progress\n"
      "entries and the warnings indexing gave. Totals count agreements by kind, region and by\n"
      "year (a plan under every year of its period, a report under its report year).\n"
      "Exit status: 0 success; 2 bad usage; 3 no index or not a karta index.");
  agreements->callback(
      [list, exit_code] { *exit_code = RunAgreements(list->query, list->format); });
}

}  // namespace karta::cli
