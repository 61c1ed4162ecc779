// End-to-end: `karta show`, `karta agreements` and the origin `karta similar` prints, against
// hand-counted facts of the bundled corpus.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/test_support.h"

namespace karta {
namespace {

using testing::RunKarta;
using testing::SharedCorpusIndex;

nlohmann::json Json(const testing::CommandResult& r) {
  return nlohmann::json::parse(r.out.empty() ? "{}" : r.out);
}

TEST(ShowCli, ShowsEveryFieldOfAMeasure) {
  const auto r = RunKarta(
      {"show", "--db", SharedCorpusIndex(), "--format", "json", "SMO-2021-2023-R2023:8.2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json m = Json(r)["measures"][0];
  EXPECT_EQ(m["id"], "SMO-2021-2023-R2023:8.2");
  EXPECT_EQ(m["region"], "Смоленская область");
  EXPECT_EQ(m["kind"], "report");
  EXPECT_EQ(m["report_year"], 2023);
  EXPECT_EQ(m["progress"].size(), 7u);  // counted in the document
  EXPECT_EQ(m["section"]["number"], "8");
  EXPECT_GT(m["line"].get<int>(), 0);
  EXPECT_EQ(m["file"], "004_63e2d36a9137870e.txt");
  EXPECT_FALSE(m["title"].get<std::string>().empty());
  EXPECT_EQ(m["partner_agencies_canonical"].size(), m["partner_agencies"].size());
  const auto table = RunKarta({"show", "--db", SharedCorpusIndex(), "SMO-2021-2023-R2023:8.2"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  for (const char* label : {"agreement", "section", "spheres", "deadline", "text", "partner",
                            "progress", "7. ", "file"}) {
    EXPECT_NE(table.out.find(label), std::string::npos) << label;
  }
}

TEST(ShowCli, TakesIdsInAnyCaseAndAsRegionCodeAndNumber) {
  for (const std::string id : {"per-2024-2026:6.1", "PER:6.1", "per:6.1"}) {
    const auto r = RunKarta({"show", "--db", SharedCorpusIndex(), "--format", "json", id});
    ASSERT_EQ(r.exit_code, 0) << id << ": " << r.err;
    EXPECT_EQ(Json(r)["measures"][0]["id"], "PER-2024-2026:6.1") << id;
  }
}

TEST(ShowCli, AnUnknownIdSuggestsNearOnesAndTheOthersAreStillShown) {
  const auto r = RunKarta({"show", "--db", SharedCorpusIndex(), "--format", "json",
                           "PER-2024-2026:6.9", "KGD-2023-2026:9.2"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no measure «PER-2024-2026:6.9»"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("«PER-2024-2026:6.1»"), std::string::npos) << r.err;
  const nlohmann::json out = Json(r);
  ASSERT_EQ(out["measures"].size(), 1u);
  EXPECT_EQ(out["measures"][0]["id"], "KGD-2023-2026:9.2");
  EXPECT_EQ(out["not_found"][0], "PER-2024-2026:6.9");
  // The report's measure of that number, though its id has the report year: it is named first.
  for (const char* id : {"SMO-2021-2023:2.1", "SMO:2.1."}) {
    const auto report = RunKarta({"show", "--db", SharedCorpusIndex(), id});
    EXPECT_EQ(report.exit_code, 2) << id;
    EXPECT_NE(report.err.find("did you mean «SMO-2021-2023-R2023:2.1»"), std::string::npos)
        << report.err;
  }
}

TEST(AgreementsCli, ListsEveryAgreementWithItsCounts) {
  const auto r = RunKarta({"agreements", "--db", SharedCorpusIndex(), "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json out = Json(r);
  ASSERT_EQ(out["agreements"].size(), 5u);
  std::map<std::string, size_t> measures;
  for (const auto& a : out["agreements"]) measures[a["agreement"]] = a["measures"];
  const std::map<std::string, size_t> expected = {{"KEM-2025-2029", 32},
                                                  {"PER-2024-2026", 36},
                                                  {"KGD-2023-2026", 41},
                                                  {"TOM-2020-2022", 23},
                                                  {"SMO-2021-2023-R2023", 11}};
  EXPECT_EQ(measures, expected);
  EXPECT_EQ(out["measures"], 143);
  for (const auto& a : out["agreements"]) {
    if (a["agreement"] != "SMO-2021-2023-R2023") continue;
    EXPECT_EQ(a["kind"], "report");
    EXPECT_EQ(a["report_year"], 2023);
    EXPECT_EQ(a["progress_entries"], 24);
    EXPECT_EQ(a["region"], "Смоленская область");
  }
  EXPECT_EQ(out["totals"]["kind"]["plan"], 4);
  EXPECT_EQ(out["totals"]["kind"]["report"], 1);
  EXPECT_EQ(out["totals"]["year"]["2023"], 2);  // Kaliningrad's plan and Smolensk's report
  const auto csv = RunKarta({"agreements", "--db", SharedCorpusIndex(), "--format", "csv"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(std::count(csv.out.begin(), csv.out.end(), '\n'), 6);  // header and 5 rows
  // The table has what README lists (format and progress entries were in JSON and CSV only).
  const auto table = RunKarta({"agreements", "--db", SharedCorpusIndex()});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  const std::string header = table.out.substr(table.out.find("agreement "));
  EXPECT_NE(header.find("progress"), std::string::npos) << table.out;
  EXPECT_NE(header.find("format"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find(" 24 "), std::string::npos) << table.out;  // Smolensk's entries
}

TEST(SimilarCli, PrintsTheMeasureItStartsFrom) {
  const auto r =
      RunKarta({"similar", "--db", SharedCorpusIndex(), "--format", "json", "TOM-2020-2022:5.1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Json(r)["measure"]["text"], "Организация обмена студенческими отрядами");
  const auto table = RunKarta({"similar", "--db", SharedCorpusIndex(), "TOM-2020-2022:5.1"});
  EXPECT_NE(table.out.find("Организация обмена студенческими отрядами"), std::string::npos);
}

// `similar` takes an id as `show` does («TOM:5.1»: refused before), and a text of stopwords
// only is refused as `search` refuses it (it listed measures at 0.000).
TEST(SimilarCli, TakesIdsAsShowDoesAndRefusesATextWithoutWords) {
  const auto full =
      RunKarta({"similar", "--db", SharedCorpusIndex(), "--format", "json", "TOM-2020-2022:5.1"});
  const auto short_id =
      RunKarta({"similar", "--db", SharedCorpusIndex(), "--format", "json", "tom:5.1"});
  ASSERT_EQ(short_id.exit_code, 0) << short_id.err;
  EXPECT_EQ(Json(short_id), Json(full));
  const auto stopwords = RunKarta({"similar", "--db", SharedCorpusIndex(), "--text", "и в на"});
  EXPECT_EQ(stopwords.exit_code, 2);
  EXPECT_NE(stopwords.err.find("no searchable words"), std::string::npos) << stopwords.err;
  const auto year =
      RunKarta({"similar", "--db", SharedCorpusIndex(), "--format", "json", "--text", "2023"});
  ASSERT_EQ(year.exit_code, 0) << year.err;
  const nlohmann::json hits = Json(year)["hits"];  // a copy: the parsed document is a temporary
  for (const auto& hit : hits) EXPECT_GT(hit["similarity"].get<double>(), 0) << hit;
}

}  // namespace
}  // namespace karta
