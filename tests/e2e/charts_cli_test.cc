// End-to-end: the timeline and the heatmaps that go into reports (legend, scope, --top, the
// overlap diagonal out of the scale, a note for agreements naming no agency on a side).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/test_support.h"

namespace karta {
namespace {

using testing::RunKarta;
using testing::SharedCorpusIndex;

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = 0; (at = text.find(what, at)) != std::string::npos; at += what.size()) ++n;
  return n;
}

TEST(TimelineCli, CountsTheMeasuresActiveEachYearByRegion) {
  const auto r = RunKarta({"timeline", "--db", SharedCorpusIndex(), "-f", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json t = nlohmann::json::parse(r.out);
  const auto& g = t["groups"];
  for (const char* y : {"2020", "2021", "2022"}) EXPECT_EQ(g["Томская область"][y], 23) << y;
  EXPECT_EQ(g["Томская область"]["2023"], 0);
  for (const char* y : {"2025", "2026", "2027", "2028", "2029"}) {
    EXPECT_EQ(g["Кемеровская область – Кузбасс"][y], 32) << y;
  }
  for (const char* y : {"2021", "2022", "2023"}) EXPECT_EQ(g["Смоленская область"][y], 11) << y;
  // Each measure has one region: the regions add up to the total of every year.
  for (const auto& [year, total] : t["total"].items()) {
    size_t sum = 0;
    for (const auto& [region, row] : g.items()) sum += row[year].get<size_t>();
    EXPECT_EQ(sum, total.get<size_t>()) << year;
  }
  const auto csv =
      RunKarta({"timeline", "--db", SharedCorpusIndex(), "--by", "sphere", "-f", "csv"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out.rfind("sphere,2020,", 0), 0u);
  const auto svg = RunKarta({"timeline", "--db", SharedCorpusIndex(), "-f", "svg"});
  EXPECT_EQ(Count(svg.out, "class=\"row\""), 5u);
  EXPECT_EQ(Count(svg.out, "class=\"legend\""), 10u);
}

TEST(HeatmapCli, AgenciesSvgIsReadableAndSaysWhatItLeavesOut) {
  const auto all = RunKarta({"agencies", "--db", SharedCorpusIndex(), "-f", "svg"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_EQ(Count(all.out, "class=\"row\""), 40u);  // the default for a page
  EXPECT_NE(all.out.find("the 40 agencies with most measures of"), std::string::npos);
  EXPECT_NE(all.out.find("Scope: every measure"), std::string::npos);
  EXPECT_EQ(Count(all.out, "class=\"legend\""), 10u);
  const auto top = RunKarta({"agencies", "--db", SharedCorpusIndex(), "--side", "spb", "--top", "5",
                             "-f", "svg", "-r", "Пермский", "обмен"});
  ASSERT_EQ(top.exit_code, 0) << top.err;
  EXPECT_EQ(Count(top.out, "class=\"row\""), 5u);
  EXPECT_NE(top.out.find("Scope: «обмен» · region Пермский · St Petersburg's agencies"),
            std::string::npos);
  // The Smolensk report names only its own agencies: its empty column is explained.
  const auto spb =
      RunKarta({"agencies", "--db", SharedCorpusIndex(), "--side", "spb", "-f", "svg"});
  EXPECT_NE(spb.out.find("Смоленская область: its 11 measures name no St Petersburg agency"),
            std::string::npos);
}

TEST(HeatmapCli, TheOverlapDiagonalIsNeutralAndOutOfTheScale) {
  const auto r = RunKarta({"overlap", "--db", SharedCorpusIndex(), "-f", "svg"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Count(r.out, "fill=\"#d9d9d9\""), 5u);  // five agreements, five diagonal cells
  EXPECT_NE(r.out.find("left out of the scale"), std::string::npos);
  // The darkest colour belongs to the most similar pair, not to the diagonal's 1.00.
  EXPECT_NE(r.out.find("fill=\"#08306b\""), std::string::npos);
}

}  // namespace
}  // namespace karta
