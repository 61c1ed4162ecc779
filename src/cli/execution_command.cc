#include "src/cli/execution_command.h"

#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>

#include "index/counted.h"
#include "src/cli/exit_codes.h"
#include "src/cli/output.h"
#include "src/cli/query_options.h"
#include "src/cli/tabular_output.h"
#include "src/cli/text_table.h"
#include "src/engine/json_views.h"

namespace karta::cli {
namespace {

struct ExecutionOptions {
  QueryOptions query;
  TabularOptions tabular;
  std::string format = "table";
};

std::string Fixed(double v) { return engine::Fixed(v, 2); }

std::string Share(size_t part, size_t whole) {
  return std::to_string(part) + " of " + std::to_string(whole) +
         (whole ? " (" + std::to_string((part * 100 + whole / 2) / whole) + "%)" : "");
}

std::string Entries(size_t n) { return Counted(n, "entry", "entries"); }

std::string ReportLine(const query::ReportSummary& r) {
  std::string line = r.report + " (" + r.region + ", " + std::to_string(r.year) +
                     "): " + Counted(r.measures, "measure", "measures") + ", " + Entries(r.entries);
  if (r.plan.empty()) {
    return line + "; no plan of " + r.region + " covering " + std::to_string(r.year) +
           " is in the index: its measures stand alone";
  }
  return line + "; reports on " + r.plan + ", " + std::to_string(r.linked) + " of its measures " +
         "linked" +
         (r.unlinked.empty() ? ""
                             : ", " + std::to_string(r.unlinked.size()) + " match no plan measure");
}

void PrintCounts(const std::string& title, const std::vector<query::ExecutionCount>& counts,
                 size_t width) {
  TextTable t({{title, width > 40 ? width - 34 : 40}, {"measures", 0}, {"with progress", 0}});
  for (const auto& c : counts) {
    t.AddRow({c.name, std::to_string(c.measures), Share(c.reported, c.measures)});
  }
  t.Print(std::cout);
}

int Run(const ExecutionOptions& opt) {
  int status = kExitOk;
  std::unique_ptr<engine::Engine> engine = OpenEngine(opt.query, &status);
  if (!engine) return status;
  Status error;
  const std::optional<engine::ExecutionView> view = engine->Execution(ToRequest(opt.query), &error);
  if (!view) return ReportError(error);
  if (opt.format == "json") return PrintJson(engine::ExecutionJson(*view));
  if (opt.format == "csv" || opt.format == "xlsx") {
    return WriteTable(engine::ExecutionTable(*view), opt.format, opt.tabular);
  }
  const query::ExecutionReport* r = &view->report;
  const size_t reported = view->reported;

  const size_t width = TerminalWidth(120);
  std::cout << "Plan measures in scope: " << r->measures.size()
            << "; with reported progress: " << Share(reported, r->measures.size()) << "\n\n";
  if (r->reports.empty()) std::cout << "No execution report in scope.\n\n";
  for (const auto& rep : r->reports) {
    for (const std::string& line : WrapText("Report " + ReportLine(rep), width)) {
      std::cout << line << '\n';
    }
    for (const auto& l : rep.unlinked) {
      std::cout << "  " << l.report_id << ": matches no measure of " << rep.plan << '\n';
    }
  }
  if (!r->reports.empty()) std::cout << '\n';
  for (const auto& m : r->measures) {
    if (m.reports.empty()) continue;
    std::cout << m.id << "  " << m.region << '\n';
    for (const std::string& line : WrapText(m.text, width - 4)) std::cout << "    " << line << '\n';
    for (const auto& l : m.reports) {
      std::cout << "    reported in " << l.year << ": " << Entries(l.entries) << " (" << l.report_id
                << ", by " << l.method << ", " << query::LinkConfidence(l) << " "
                << Fixed(l.similarity) << ")\n";
    }
  }
  std::vector<std::string> unreported;
  for (const auto& m : r->measures) {
    if (m.entries() == 0) unreported.push_back(m.id);
  }
  if (!unreported.empty()) {
    std::cout << (reported ? "\n" : "") << "No reported progress (" << unreported.size() << "):\n";
    for (const std::string& line : WrapText(Join(unreported, ", "), width - 2)) {
      std::cout << "  " << line << '\n';
    }
  }
  if (r->measures.empty()) return kExitOk;
  std::cout << '\n';
  PrintCounts("region", r->by_region, width);
  std::cout << '\n';
  PrintCounts("agency", r->by_agency, width);
  return kExitOk;
}

}  // namespace

void RegisterExecutionCommand(CLI::App& app, int* exit_code) {
  auto opt = std::make_shared<ExecutionOptions>();
  CLI::App* cmd = app.add_subcommand(
      "execution", "Plan ↔ report execution: which plan measures have reported progress");
  AddQueryOptions(cmd, &opt->query, QueryArgument::kNone);
  cmd->add_option("-f,--format", opt->format, "Output format")
      ->check(CLI::IsMember({"table", "json", "csv", "xlsx"}))
      ->capture_default_str();
  AddTabularOptions(cmd, &opt->tabular);
  cmd->footer(
      "Each execution report is linked, when the index is built, to the plan of its region with\n"
      "its own period (else one covering the report year); each report measure to the plan\n"
      "measure with its number when the texts are alike too (by number), else to the most\n"
      "similar text (by text); the similarity (0…1) says how sure: sure ≥ 0.8, likely ≥ 0.5.\n"
      "--region, --agency and --side scope the plan measures; --year keeps the plan measures\n"
      "active that year and the reports of that year.\n"
      "Exit status: 0 success; 2 unknown region/agency or bad usage; 3 no index.");
  cmd->callback([opt, exit_code] { *exit_code = Run(*opt); });
}

}  // namespace karta::cli
