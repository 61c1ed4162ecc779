// End-to-end: the real karta binary on the bundled corpus and on bad input.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/test_support.h"

namespace karta {
namespace {

using testing::CorpusFiles;
using testing::RunKarta;

TEST(ParseCli, JsonForAllFiveDocuments) {
  std::vector<std::string> args{"parse", "--format", "json"};
  for (const std::string& f : CorpusFiles()) args.push_back(f);
  testing::CommandResult r = RunKarta(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");  // the bundled corpus parses without a warning
  const nlohmann::json docs = nlohmann::json::parse(r.out);
  ASSERT_EQ(docs.size(), 5u);
  std::map<std::string, size_t> counts;
  for (const auto& d : docs) counts[d["file"]] = d["measures"].size();
  EXPECT_EQ(counts, (std::map<std::string, size_t>{{"000_05df430147e04de3.txt", 32},
                                                   {"001_30d1422bfb731976.txt", 36},
                                                   {"002_319fc5bf05c90be2.txt", 41},
                                                   {"003_e5380288b67955c6.txt", 23},
                                                   {"004_63e2d36a9137870e.txt", 11}}));
  const auto& perm = docs[1];
  EXPECT_EQ(perm["kind"], "plan");
  EXPECT_EQ(perm["region"], "Пермский край");
  EXPECT_EQ(perm["period"]["from"], 2024);
  EXPECT_EQ(perm["report_year"], nullptr);
  nlohmann::json sport;
  for (const auto& m : perm["measures"]) {
    if (m["number"] == "10.1") sport = m;
  }
  ASSERT_FALSE(sport.is_null());
  EXPECT_EQ(sport["id"], "PER-2024-2026:10.1");
  EXPECT_EQ(sport["section"]["number"], "10");
  EXPECT_EQ(sport["section"]["heading"], "В сфере физической культуры и спорта");
  EXPECT_EQ(sport["spheres"], nlohmann::json::array({"Физическая культура и спорт"}));
  EXPECT_EQ(sport["deadline"]["raw"], "2024-2026 гг.");
  EXPECT_EQ(sport["deadline"]["annual"], false);
  EXPECT_EQ(sport["spb_agencies"],
            nlohmann::json::array({"Комитет по физической культуре и спорту Санкт-Петербурга"}));
  const auto& report = docs[4];
  EXPECT_EQ(report["kind"], "report");
  EXPECT_EQ(report["report_year"], 2023);
  EXPECT_EQ(report["measures"][7]["number"], "9.1");
  EXPECT_EQ(report["measures"][7]["progress"].size(), 8u);
}

TEST(ParseCli, TableFormatShowsAgreementAndMeasures) {
  testing::CommandResult r = RunKarta({"parse", CorpusFiles()[1]});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Пермский край  2024–2026  36 measures"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("PER-2024-2026:14.1"), std::string::npos);
}

TEST(ParseCli, BadFilesAreNamedAndTheOthersStillParsed) {
  testing::TempDir tmp;
  const std::string empty = tmp.Write("empty.txt", "");
  testing::CommandResult r = RunKarta(
      {"parse", "--format", "json", "/no/such.txt", empty, tmp.path().string(), CorpusFiles()[3]});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("karta: /no/such.txt: no such file"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(empty + ": the file is empty"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("is a directory"), std::string::npos) << r.err;
  const nlohmann::json docs = nlohmann::json::parse(r.out);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0]["region"], "Томская область");
}

TEST(ParseCli, WarningsGoToStderrAndStrictFailsOnThem) {
  testing::TempDir tmp;
  const std::string doc = tmp.Write(
      "anon.txt", "План мероприятий на 2024-2026 годы\n\n1.1\tОбмен опытом\tКомитет\t\t2024 г.\n");
  testing::CommandResult lenient = RunKarta({"parse", doc});
  EXPECT_EQ(lenient.exit_code, 0);
  EXPECT_NE(lenient.err.find("warning: anon.txt:1: no partner region"), std::string::npos)
      << lenient.err;
  EXPECT_EQ(RunKarta({"parse", "--strict", doc}).exit_code, 1);
  EXPECT_EQ(RunKarta({"parse", "--quiet", doc}).err, "");
}

TEST(ParseCli, UsageErrorsExitWithTwo) {
  EXPECT_EQ(RunKarta({"parse"}).exit_code, 2);
  EXPECT_EQ(RunKarta({"parse", "--format", "xml", CorpusFiles()[0]}).exit_code, 2);
  EXPECT_EQ(RunKarta({"frobnicate"}).exit_code, 2);
  testing::CommandResult help = RunKarta({"parse", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--format"), std::string::npos);
}

}  // namespace
}  // namespace karta
