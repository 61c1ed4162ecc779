#include "src/cli/parse_command.h"

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "index/counted.h"
#include "index/document_parser.h"
#include "index/measure_json.h"
#include "src/cli/exit_codes.h"
#include "src/cli/text_table.h"

namespace karta::cli {
namespace {

struct ParseOptions {
  std::vector<std::string> files;
  std::string format = "table";
  bool strict = false;
  bool quiet = false;
};

std::string Join(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : sep) + s;
  return out;
}

std::string YearSpan(const std::optional<int>& from, const std::optional<int>& to) {
  if (!from && !to) return "?";
  if (from == to) return std::to_string(*from);
  return (from ? std::to_string(*from) : "?") + "–" + (to ? std::to_string(*to) : "?");
}

void PrintAgreementTable(const Agreement& a, std::ostream& out) {
  out << a.file << "  " << DocumentKindName(a.kind) << "  "
      << (a.region.empty() ? "(region unknown)" : a.region) << "  "
      << YearSpan(a.period_from, a.period_to);
  if (a.report_year) out << "  report for " << *a.report_year;
  out << "  " << Counted(a.measures.size(), "measure", "measures") << "  [" << a.format << ", "
      << a.layout;
  if (!a.encoding.empty()) out << ", " << a.encoding;
  out << "]\n";
  const size_t width = TerminalWidth(160);
  // Fixed columns take ~70 code points; the measure text gets the rest.
  const size_t text_width = width > 110 ? width - 90 : 30;
  TextTable table({{"ID", 0},
                   {"Sphere", 18},
                   {"Deadline", 14},
                   {"St Petersburg", 28},
                   {"Partner", 28},
                   {"Measure", text_width}});
  for (const Measure& m : a.measures) {
    std::string deadline = m.deadline.raw;
    if (m.deadline.from) deadline += " [" + YearSpan(m.deadline.from, m.deadline.to) + "]";
    std::string text = m.text;
    for (const std::string& p : m.progress) text += " ▸ " + p;
    for (const std::string& n : m.notes) text += " ※ " + n;
    for (const auto& [column, value] : m.extra) text += " ◦ " + column + ": " + value;
    table.AddRow({m.id, Join(m.spheres, "; "), deadline, Join(m.spb_agencies, "; "),
                  Join(m.partner_agencies, "; "), text});
  }
  table.Print(out);
  out << '\n';
}

int RunParse(const ParseOptions& opt) {
  nlohmann::json all = nlohmann::json::array();
  int status = kExitOk;
  for (const std::string& path : opt.files) {
    ParseResult r = ParseDocumentFile(path);
    if (!r.agreement) {
      std::cerr << "karta: " << r.error->ToString() << '\n';
      status = kExitInputError;
      continue;
    }
    const Agreement& a = *r.agreement;
    if (!opt.quiet) {
      for (const Diagnostic& w : a.warnings) std::cerr << "warning: " << w.ToString() << '\n';
    }
    if (opt.strict && !a.warnings.empty()) status = kExitInputError;
    if (opt.format == "json") {
      all.push_back(ToJson(a));
    } else {
      PrintAgreementTable(a, std::cout);
    }
  }
  if (opt.format == "json") std::cout << all.dump(2) << '\n';
  return status;
}

}  // namespace

void RegisterParseCommand(CLI::App& app, int* exit_code) {
  auto opt = std::make_shared<ParseOptions>();
  CLI::App* cmd = app.add_subcommand(
      "parse", "Show what karta understands of roadmap documents: the agreement and every measure");
  cmd->add_option("files", opt->files,
                  "Documents to parse (plans or execution reports): text exports, DOCX, ODT, "
                  "HTML or PDF, told apart by content")
      ->required();
  cmd->add_option("-f,--format", opt->format, "Output format")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  cmd->add_flag("--strict", opt->strict, "Exit with status 1 when a document has warnings");
  cmd->add_flag("-q,--quiet", opt->quiet, "Do not print warnings on stderr");
  cmd->footer(
      "Each document's first line names the format and table layout karta recognised.\n"
      "Exit status: 0 when every file was parsed; 1 when a file was rejected (missing, a format\n"
      "karta does not read, not a roadmap, no measure found) — the other files are still\n"
      "printed; 2 on a usage error.");
  cmd->callback([opt, exit_code] { *exit_code = RunParse(*opt); });
}

}  // namespace karta::cli
