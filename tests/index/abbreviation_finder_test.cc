#include "index/abbreviation_finder.h"

#include <gtest/gtest.h>

#include "tests/test_support.h"

namespace karta {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

TEST(FindDefinedAbbreviations, TakesAcronymsWhoseLettersAreTheInitials) {
  EXPECT_EQ(
      FindDefinedAbbreviations(
          "Обмен опытом работы исполнительных органов государственной власти (далее – ИОГВ) и "
          "учреждений"),
      (Pairs{{"ИОГВ", "исполнительных органов государственной власти"}}));
  EXPECT_EQ(
      FindDefinedAbbreviations("развития малого и среднего предпринимательства (далее - МСП)"),
      (Pairs{{"МСП", "малого и среднего предпринимательства"}}));
}

TEST(FindDefinedAbbreviations, LeavesOtherDefinedTermsAlone) {
  EXPECT_TRUE(
      FindDefinedAbbreviations("Санкт-Петербурга и Калининградской области (далее – Регионы)")
          .empty());
  EXPECT_TRUE(FindDefinedAbbreviations("на официальных сайтах (далее – сеть «Интернет»)").empty());
  EXPECT_TRUE(FindDefinedAbbreviations("органов местного самоуправления (далее – ИОГВ)").empty());
}

TEST(FindDefinedAbbreviations, FindsTheDefinitionInTheKaliningradPlan) {
  Agreement a = testing::ParseOrDie(testing::CorpusPath("002_319fc5bf05c90be2.txt"));
  Pairs all;
  for (const Measure& m : a.measures) {
    for (auto& p : FindDefinedAbbreviations(m.text)) all.push_back(p);
  }
  EXPECT_EQ(all, (Pairs{{"ИОГВ", "исполнительных органов государственной власти"}}));
}

}  // namespace
}  // namespace karta
