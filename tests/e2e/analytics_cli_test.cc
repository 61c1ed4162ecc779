// End-to-end: the analytics commands of the real binary on the shared corpus index.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/test_support.h"

namespace karta {
namespace {

using testing::RunKarta;

nlohmann::json Json(std::vector<std::string> args) {
  args.insert(args.begin() + 1, {"--db", testing::SharedCorpusIndex(), "--format", "json"});
  testing::CommandResult r = RunKarta(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return nlohmann::json::parse(r.out.empty() ? "null" : r.out);
}

TEST(AnalyticsCli, AgenciesJsonMatrix) {
  nlohmann::json m = Json({"agencies", "--side", "spb", "--kind", "plan"});
  EXPECT_EQ(m["regions"].size(), 4u);
  const nlohmann::json* culture = nullptr;
  for (const auto& a : m["agencies"]) {
    if (a["name"] == "Комитет по культуре Санкт-Петербурга") culture = &a;
  }
  ASSERT_NE(culture, nullptr);
  EXPECT_EQ((*culture)["side"], "spb");
  EXPECT_EQ((*culture)["total"], 13);
  EXPECT_EQ((*culture)["regions"]["Томская область"], 4);
  EXPECT_EQ((*culture)["everywhere"], true);
}

TEST(AnalyticsCli, OverlapJsonWithNames) {
  nlohmann::json o = Json({"overlap", "--side", "spb", "--kind", "plan", "--names"});
  ASSERT_EQ(o["pairs"].size(), 6u);
  for (const auto& p : o["pairs"]) {
    if (p["a"] == "Кемеровская область – Кузбасс" && p["b"] == "Пермский край") {
      EXPECT_EQ(p["shared"], 14);
      EXPECT_DOUBLE_EQ(p["jaccard"].get<double>(), 0.7);
      EXPECT_EQ(p["shared_names"].size(), 14u);
    }
  }
}

TEST(AnalyticsCli, CsvAndSvgOutputs) {
  testing::CommandResult csv = RunKarta(
      {"overlap", "--db", testing::SharedCorpusIndex(), "--by", "sphere", "--format", "csv"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out.rfind("a,b,shared,only_a,only_b,jaccard\r\n", 0), 0u);
  size_t rows = 0;
  for (size_t pos = 0; (pos = csv.out.find("\r\n", pos)) != std::string::npos; pos += 2) ++rows;
  EXPECT_EQ(rows, 1u + 10u);  // header + every pair of the five agreements

  testing::CommandResult svg = RunKarta(
      {"agencies", "--db", testing::SharedCorpusIndex(), "--side", "spb", "--format", "svg"});
  ASSERT_EQ(svg.exit_code, 0) << svg.err;
  EXPECT_EQ(svg.out.rfind("<?xml", 0), 0u);
  EXPECT_NE(svg.out.find("</svg>"), std::string::npos);
  EXPECT_NE(svg.out.find(">Комитет по культуре Санкт-Петербурга</text>"), std::string::npos);
  size_t cells = 0;
  for (size_t pos = 0; (pos = svg.out.find("class=\"cell\"", pos)) != std::string::npos; ++pos) {
    ++cells;
  }
  size_t row_labels = 0;
  for (size_t pos = 0; (pos = svg.out.find("class=\"row\"", pos)) != std::string::npos; ++pos) {
    ++row_labels;
  }
  EXPECT_EQ(cells, row_labels * 5u);  // one cell per agency and region
}

TEST(AnalyticsCli, CompareAndCounterparts) {
  nlohmann::json c = Json({"compare", "Пермского края", "Томская область"});
  EXPECT_EQ(c["columns"][0]["region"], "Пермский край");
  EXPECT_EQ(c["columns"][1]["measures"], 23);
  nlohmann::json cp = Json({"counterparts", "Комитет по физической культуре и спорту"});
  ASSERT_EQ(cp.size(), 1u);
  EXPECT_EQ(cp[0]["regions"]["Томская область"][0]["name"],
            "Департамент по молодежной политике, физической культуре и спорту Томской области");
}

TEST(AnalyticsCli, UnknownRegionOrAgencyListsNearNames) {
  testing::CommandResult region = RunKarta(
      {"compare", "--db", testing::SharedCorpusIndex(), "Пермский край", "Томсская область"});
  EXPECT_EQ(region.exit_code, 2);
  EXPECT_NE(region.err.find("«Томская область»"), std::string::npos) << region.err;
  testing::CommandResult absent =
      RunKarta({"compare", "--db", testing::SharedCorpusIndex(), "Пермский край", "Москва"});
  EXPECT_EQ(absent.exit_code, 2);
  EXPECT_NE(absent.err.find("no measures of «Москва»"), std::string::npos) << absent.err;
  testing::CommandResult agency =
      RunKarta({"counterparts", "--db", testing::SharedCorpusIndex(), "Комитет по туризму"});
  EXPECT_EQ(agency.exit_code, 2);
  EXPECT_NE(agency.err.find("Комитет по развитию туризма Санкт-Петербурга"), std::string::npos)
      << agency.err;
}

}  // namespace
}  // namespace karta

namespace karta {
namespace {

TEST(SimilarCli, JsonHitsWithSimilarityAndErrors) {
  nlohmann::json r = Json({"similar", "KGD-2023-2026:11.1", "-n", "3"});
  ASSERT_EQ(r["hits"].size(), 3u);
  EXPECT_EQ(r["hits"][0]["id"], "TOM-2020-2022:8.1");
  EXPECT_GT(r["hits"][0]["similarity"].get<double>(), 0.8);
  testing::CommandResult both =
      testing::RunKarta({"similar", "--db", testing::SharedCorpusIndex(), "X", "--text", "спорт"});
  EXPECT_EQ(both.exit_code, 2);
  testing::CommandResult unknown =
      testing::RunKarta({"similar", "--db", testing::SharedCorpusIndex(), "NOPE:1.1"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("no measure «NOPE:1.1» in the index"), std::string::npos)
      << unknown.err;
}

TEST(SimilarCli, TwinsJsonListsClustersAndUniqueMeasures) {
  nlohmann::json r = Json({"twins", "--kind", "plan", "--min-score", "0.85"});
  EXPECT_EQ(r["measures"], 132);
  EXPECT_FALSE(r["clusters"].empty());
  EXPECT_FALSE(r["unique"].empty());
}

}  // namespace
}  // namespace karta

namespace karta {
namespace {

// --other-regions and --everywhere are alternatives: both at once is a usage error.
TEST(SimilarCli, OtherRegionsAndEverywhereAreAlternatives) {
  const auto r = testing::RunKarta({"similar", "--db", testing::SharedCorpusIndex(),
                                    "PER-2024-2026:1.1", "--other-regions", "--everywhere"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("excludes"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace karta

namespace karta {
namespace {

// One region named twice in two forms is one region: compare refuses it, as with one name.
TEST(AnalyticsCli, CompareRefusesOneRegionNamedTwice) {
  const auto r =
      testing::RunKarta({"compare", "--db", testing::SharedCorpusIndex(), "Пермский", "Пермского"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("again"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace karta
