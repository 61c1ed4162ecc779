#include "src/cli/execution_command.h"

#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>

#include "src/cli/exit_codes.h"
#include "src/cli/output.h"
#include "src/cli/query_options.h"
#include "src/cli/tabular_output.h"
#include "src/cli/text_table.h"
#include "src/query/execution.h"

namespace karta::cli {
namespace {

struct ExecutionOptions {
  QueryOptions query;
  TabularOptions tabular;
  std::string format = "table";
};

std::string Fixed(double v) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(2) << v;
  return s.str();
}

std::string Share(size_t part, size_t whole) {
  return std::to_string(part) + " of " + std::to_string(whole) +
         (whole ? " (" + std::to_string((part * 100 + whole / 2) / whole) + "%)" : "");
}

std::string Entries(size_t n) { return std::to_string(n) + (n == 1 ? " entry" : " entries"); }

nlohmann::json LinkJson(const ExecutionLink& l) {
  return {{"report_id", l.report_id},
          {"plan_id", l.plan_id},
          {"year", l.year},
          {"entries", l.entries},
          {"method", l.method},
          {"similarity", l.similarity},
          {"confidence", query::LinkConfidence(l)}};
}

std::string ReportLine(const query::ReportSummary& r) {
  std::string line = r.report + " (" + r.region + ", " + std::to_string(r.year) +
                     "): " + std::to_string(r.measures) + " measures, " + Entries(r.entries);
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
  std::unique_ptr<query::Searcher> searcher = OpenIndex(opt.query, &status);
  if (!searcher) return status;
  query::SearchError error;
  const std::optional<query::ExecutionReport> r =
      query::Execution(*searcher, ToRequest(opt.query), &error);
  if (!r) return ReportError(error);
  size_t reported = 0;
  for (const auto& m : r->measures) reported += m.entries() > 0;

  if (opt.format == "json") {
    nlohmann::json out{
        {"plan_measures", r->measures.size()},  {"reported", reported},
        {"measures", nlohmann::json::array()},  {"by_region", nlohmann::json::array()},
        {"by_agency", nlohmann::json::array()}, {"reports", nlohmann::json::array()}};
    for (const auto& m : r->measures) {
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
         {std::pair{"by_region", &r->by_region}, std::pair{"by_agency", &r->by_agency}}) {
      for (const auto& c : *list) {
        out[key].push_back({{"name", c.name}, {"measures", c.measures}, {"reported", c.reported}});
      }
    }
    for (const auto& rep : r->reports) {
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
    std::cout << out.dump(2) << '\n';
    return kExitOk;
  }
  if (opt.format == "csv" || opt.format == "xlsx") {
    std::string message;
    auto out = OpenTabular(opt.format, opt.tabular, "execution", {"similarity"}, &message);
    if (!out) {
      std::cerr << "karta: " << message << '\n';
      return kExitUsageError;
    }
    out->Row({"id", "agreement", "region", "agencies", "reported", "entries", "report_measures",
              "method", "similarity", "confidence", "text"});
    for (const auto& m : r->measures) {
      std::vector<std::string> ids, methods, similarities, confidences;
      for (const auto& l : m.reports) {
        ids.push_back(l.report_id);
        methods.push_back(l.method);
        similarities.push_back(Fixed(l.similarity));
        confidences.push_back(query::LinkConfidence(l));
      }
      out->Row({m.id, m.agreement, m.region, Join(m.agencies, "; "), m.entries() ? "yes" : "no",
                std::to_string(m.entries()), Join(ids, "; "), Join(methods, "; "),
                Join(similarities, "; "), Join(confidences, "; "), m.text});
    }
    if (!out->Finish(&message)) {
      std::cerr << "karta: " << message << '\n';
      return kExitUsageError;
    }
    return kExitOk;
  }

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
