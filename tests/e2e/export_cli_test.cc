// End-to-end: exports of search results and analytics — every hit, JSON Lines, CSV with every
// field, Excel-style CSV, .xlsx read back from its zip package — and the sort orders.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "index/formats/zip_archive.h"
#include "tests/test_support.h"

namespace karta {
namespace {

using testing::RunKarta;
using testing::SharedCorpusIndex;

size_t Rows(const std::string& sheet_xml) {
  size_t n = 0;
  for (size_t at = 0; (at = sheet_xml.find("<row ", at)) != std::string::npos; ++at) ++n;
  return n;
}

// A member of the .xlsx package that `karta` wrote with `args` (and `-o FILE`); empty when the
// run or the package failed (the test fails too).
std::string XlsxMember(std::vector<std::string> args, const std::string& member) {
  testing::TempDir tmp;
  const std::string path = (tmp.path() / "out.xlsx").string();
  args.insert(args.end(), {"-f", "xlsx", "-o", path});
  const auto r = RunKarta(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const std::string bytes = testing::ReadFile(path);
  std::string error;
  auto zip = ZipArchive::Open(bytes, &error);
  EXPECT_TRUE(zip) << error;
  if (!zip) return "";
  return zip->Read(member).value_or("");
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// -o writes csv and xlsx; with a format that goes to stdout it would be ignored: refused.
TEST(SearchExport, OutputFileWithAStdoutFormatIsRefused) {
  testing::TempDir dir;
  const std::string file = (dir.path() / "out").string();
  for (const char* format : {"table", "json"}) {
    const auto r =
        RunKarta({"search", "--db", SharedCorpusIndex(), "музей", "-f", format, "-o", file});
    EXPECT_EQ(r.exit_code, 2) << format;
    EXPECT_NE(r.err.find("-f csv or -f xlsx"), std::string::npos) << r.err;
  }
  EXPECT_FALSE(std::filesystem::exists(file));
  EXPECT_EQ(RunKarta({"agencies", "--db", SharedCorpusIndex(), "-o", file}).exit_code, 2);
  // --excel shapes CSV: with another format it was ignored.
  const auto excel_json =
      RunKarta({"search", "--db", SharedCorpusIndex(), "музей", "-f", "json", "--excel"});
  EXPECT_EQ(excel_json.exit_code, 2);
  EXPECT_NE(excel_json.err.find("give -f csv"), std::string::npos) << excel_json.err;
  EXPECT_EQ(
      RunKarta({"search", "--db", SharedCorpusIndex(), "музей", "-f", "csv", "-o", file}).exit_code,
      0);
  EXPECT_TRUE(std::filesystem::exists(file));
}

// A file that cannot be written is named before the search runs (libxlsxwriter said «Usually a
// permissions error» on its own line after building the workbook).
TEST(SearchExport, AnOutputFileThatCannotBeWrittenIsNamedBeforeAnythingRuns) {
  testing::TempDir dir;
  const std::string missing = (dir.path() / "no" / "such" / "x.xlsx").string();
  const auto r =
      RunKarta({"search", "--db", SharedCorpusIndex(), "музей", "-f", "xlsx", "-o", missing});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "karta: -o,--output: the directory " + (dir.path() / "no" / "such").string() +
                       " does not exist (karta search --help)\n");
  const auto onto_dir = RunKarta(
      {"search", "--db", SharedCorpusIndex(), "музей", "-f", "csv", "-o", dir.path().string()});
  EXPECT_EQ(onto_dir.exit_code, 2);
  EXPECT_NE(onto_dir.err.find("is a directory"), std::string::npos) << onto_dir.err;
}

TEST(SearchExport, LimitAllGivesEveryHitAndJsonSaysSo) {
  const auto r = RunKarta(
      {"search", "--db", SharedCorpusIndex(), "-f", "json", "-n", "all", "--kind", "plan"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json out = nlohmann::json::parse(r.out);
  EXPECT_EQ(out["total"], 132);  // 143 measures, 11 of them in the one report
  EXPECT_EQ(out["hits"].size(), 132u);
  EXPECT_EQ(out["limit"], "all");
  EXPECT_EQ(out["offset"], 0);
  const auto paged = nlohmann::json::parse(
      RunKarta({"search", "--db", SharedCorpusIndex(), "-f", "json", "-n", "5", "--offset", "3"})
          .out);
  EXPECT_EQ(paged["limit"], 5);
  EXPECT_EQ(paged["offset"], 3);
  // A limit beyond 32 bits is «all», not a wrapped-around 0 (regression, review).
  const auto huge = nlohmann::json::parse(
      RunKarta({"search", "--db", SharedCorpusIndex(), "-f", "json", "-n", "4294967296"}).out);
  EXPECT_EQ(huge["hits"].size(), 143u);
}

TEST(SearchExport, JsonLinesHoldOneWholeMeasurePerLine) {
  const auto r = RunKarta(
      {"search", "--db", SharedCorpusIndex(), "-f", "jsonl", "-n", "all", "--kind", "report"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 11u);
  size_t progress = 0;
  for (const std::string& line : lines) progress += nlohmann::json::parse(line)["progress"].size();
  EXPECT_EQ(progress, 24u);  // the Smolensk report's entries, every one
}

TEST(SearchExport, CsvCarriesEveryFieldAndExcelStyleIsBomAndSemicolons) {
  const auto r = RunKarta(
      {"search", "--db", SharedCorpusIndex(), "-f", "csv", "-n", "all", "--kind", "report"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string header = Lines(r.out)[0];
  for (const char* field :
       {"agreement", "kind", "period", "report_year", "section", "spheres", "deadline",
        "spb_agencies", "partner_agencies", "text", "progress", "notes", "file", "line"}) {
    EXPECT_NE(header.find(field), std::string::npos) << field;
  }
  // A progress entry of SMO 8.2, inside its quoted multi-line cell.
  EXPECT_NE(r.out.find("«Зерцало. Русский провинциальный портрет XVIII-XIX вв.»"),
            std::string::npos);
  const auto excel =
      RunKarta({"search", "--db", SharedCorpusIndex(), "-f", "csv", "--excel", "-n", "1", "спорт"});
  ASSERT_EQ(excel.exit_code, 0) << excel.err;
  EXPECT_EQ(excel.out.rfind("\xEF\xBB\xBFrank;id;agreement;", 0), 0u) << excel.out.substr(0, 40);
  // A measure number would become a date in Excel: it is written as the formula ="5.1".
  EXPECT_TRUE(std::regex_search(excel.out, std::regex(";\"=\"\"\\d+\\.\\d+\"\"\";"))) << excel.out;
}

// The .xlsx is a real workbook: its sheet has a row per hit plus the header, ids as text and
// counts as numbers.
TEST(SearchExport, XlsxIsAWorkbookWithOneRowPerHit) {
  const std::vector<std::string> args = {"search", "--db",  SharedCorpusIndex(), "-n", "all",
                                         "--kind", "report"};
  const std::string sheet = XlsxMember(args, "xl/worksheets/sheet1.xml");
  EXPECT_EQ(Rows(sheet), 12u);
  EXPECT_NE(XlsxMember(args, "xl/sharedStrings.xml").find("SMO-2021-2023-R2023:8.2"),
            std::string::npos);
  EXPECT_TRUE(std::regex_search(sheet, std::regex("<c r=\"A2\"( s=\"\\d+\")?><v>1</v>")))
      << "the rank is a number";
  const auto missing = RunKarta({"search", "--db", SharedCorpusIndex(), "-f", "xlsx", "спорт"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("-o FILE.xlsx"), std::string::npos) << missing.err;
}

TEST(AnalyticsExport, TheAgencyMatrixGoesToXlsxWithNumericCounts) {
  const std::string sheet = XlsxMember({"agencies", "--db", SharedCorpusIndex(), "--side", "spb"},
                                       "xl/worksheets/sheet1.xml");
  EXPECT_TRUE(std::regex_search(sheet, std::regex("<c r=\"C2\"( s=\"\\d+\")?><v>\\d+</v>")))
      << "the total of the first agency is a number";
  const auto csv =
      RunKarta({"agencies", "--db", SharedCorpusIndex(), "--side", "spb", "-f", "csv"});
  EXPECT_EQ(static_cast<size_t>(std::count(csv.out.begin(), csv.out.end(), '\n')), Rows(sheet));
}

TEST(SearchSort, OrdersByRegionNumberAndDeadline) {
  auto ids = [](const std::string& sort) {
    const auto r = RunKarta({"search", "--db", SharedCorpusIndex(), "-f", "json", "-n", "all",
                             "--sort", sort, "обмен опытом"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out)["hits"];
  };
  const auto by_number = ids("number");
  ASSERT_GT(by_number.size(), 10u);
  EXPECT_EQ(by_number[0]["number"].get<std::string>().rfind("1.", 0), 0u);
  const auto by_deadline = ids("deadline");
  int last = 0;
  for (const auto& h : by_deadline) {
    const int to = h["deadline"]["to"].is_number() ? h["deadline"]["to"].get<int>() : 9999;
    EXPECT_GE(to, last) << h["id"];
    last = to;
  }
  const auto by_region = ids("region");
  std::string previous;
  for (const auto& h : by_region) {
    const std::string code = h["region_code"];
    EXPECT_GE(code, previous) << h["id"];
    previous = code;
  }
}

}  // namespace
}  // namespace karta
