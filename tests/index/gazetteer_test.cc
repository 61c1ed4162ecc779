#include "index/gazetteer.h"

#include <gtest/gtest.h>

#include <set>

namespace karta {
namespace {

const Gazetteer& G() { return Gazetteer::Default(); }

TEST(Gazetteer, HoldsAllEightyNineFederalSubjects) {
  EXPECT_EQ(G().regions().size(), 89u);
  std::set<std::string> codes;
  for (const Region& r : G().regions()) codes.insert(r.code);
  EXPECT_EQ(codes.size(), 89u);
}

TEST(Gazetteer, ResolvesEveryCaseFormToTheNominative) {
  for (const char* form : {"Пермский край", "Пермского края", "Пермскому краю", "Пермским краем",
                           "Пермском крае", "пермского  края", "Прикамье"}) {
    const Region* r = G().Resolve(form);
    ASSERT_NE(r, nullptr) << form;
    EXPECT_EQ(r->name, "Пермский край") << form;
    EXPECT_EQ(r->code, "PER");
  }
}

TEST(Gazetteer, ResolvesKuzbassWhateverTheDash) {
  for (const char* form : {"Кемеровской области – Кузбасса", "Кемеровской области - Кузбасса",
                           "Кемеровской области—Кузбасса", "Кузбасс", "Кемеровская область"}) {
    const Region* r = G().Resolve(form);
    ASSERT_NE(r, nullptr) << form;
    EXPECT_EQ(r->name, "Кемеровская область – Кузбасс") << form;
  }
}

TEST(Gazetteer, FindsPartnerInTitleInstrumentalCase) {
  auto m = G().FindAll("между Санкт-Петербургом и Калининградской областью на 2023-2026 годы");
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].region->code, "SPE");
  EXPECT_EQ(m[1].region->name, "Калининградская область");
}

TEST(Gazetteer, PrefersTheLongestForm) {
  auto m = G().FindAll("Правительством Кемеровской области – Кузбасса");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].region->code, "KEM");
}

TEST(Gazetteer, MatchesWholeWordsOnly) {
  EXPECT_TRUE(G().FindAll("Москворецкий район").empty());
  EXPECT_EQ(G().Resolve("Пермь"), nullptr);
}

TEST(Gazetteer, SuggestsNearNamesForTypos) {
  auto near = G().Near("Пермкий край", 3);
  ASSERT_FALSE(near.empty());
  EXPECT_EQ(near.front(), "Пермский край");
}

}  // namespace
}  // namespace karta

namespace karta {
namespace {

// Issue 12, case 13: filters refused region codes as printed in ids, «обл.» and the capital.
TEST(Gazetteer, ResolvesWhatAnalystsTypeForARegion) {
  const Gazetteer& g = Gazetteer::Default();
  const std::pair<const char*, const char*> cases[] = {
      {"PER", "Пермский край"},
      {"tom", "Томская область"},
      {"Томская обл.", "Томская область"},
      {"Томск", "Томская область"},
      {"в Томске", "Томская область"},
      {"Калининград", "Калининградская область"},
      {"г. Перми", "Пермский край"},
      {"Ростова-на-Дону", "Ростовская область"},
      {"Нижнем Новгороде", "Нижегородская область"},
      {"Респ. Татарстан", "Республика Татарстан"},
      // The abbreviation in the case of the name around it (was unknown).
      {"Смоленской обл.", "Смоленская область"},
      {"Калининградской обл", "Калининградская область"},
      {"Томской обл.", "Томская область"},
      {"Респ. Карелия", "Республика Карелия"},
      {"Ненецкого АО", "Ненецкий автономный округ"},
  };
  for (const auto& [typed, region] : cases) {
    const Region* r = g.ResolveAnyForm(typed);
    ASSERT_NE(r, nullptr) << typed;
    EXPECT_EQ(r->name, region) << typed;
  }
  EXPECT_EQ(g.ResolveAnyForm("Марс"), nullptr);
  EXPECT_EQ(g.ResolveAnyForm("XYZ"), nullptr);
}

}  // namespace
}  // namespace karta

namespace karta {
namespace {

// Autonomous okrugs and the autonomous oblast as documents shorten them: «АО» after the
// adjective in any case, and the initialisms.
TEST(Gazetteer, KnowsTheShortNamesOfAutonomousSubjects) {
  const Gazetteer& g = Gazetteer::Default();
  auto only = [&](const char* text) {
    const auto m = g.FindAll(text);
    return m.size() == 1 ? m[0].region->name : std::string();
  };
  EXPECT_EQ(only("и Администрацией Ненецкого АО на 2024–2026 годы"), "Ненецкий автономный округ");
  EXPECT_EQ(only("ГУП НАО «Ненецкая агропромышленная компания»"), "Ненецкий автономный округ");
  EXPECT_EQ(only("с Ямало-Ненецким АО"), "Ямало-Ненецкий автономный округ");
  EXPECT_EQ(only("Правительство ЯНАО"), "Ямало-Ненецкий автономный округ");
  EXPECT_EQ(only("с Чукотским АО"), "Чукотский автономный округ");
  EXPECT_EQ(only("Правительство ЕАО"), "Еврейская автономная область");
  EXPECT_EQ(only("с Еврейской АО"), "Еврейская автономная область");
  EXPECT_EQ(only("Департамент образования ХМАО"), "Ханты-Мансийский автономный округ – Югра");
}

}  // namespace
}  // namespace karta
