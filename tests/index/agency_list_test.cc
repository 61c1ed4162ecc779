#include "index/agency_list.h"

#include <gtest/gtest.h>

#include "index/agency_canon.h"
#include "index/agency_side.h"

namespace karta {
namespace {

using Names = std::vector<std::string>;

TEST(AgencyList, ContinuationFinishesAnOpenAgency) {
  const AgencyList& list = AgencyList::Default();
  EXPECT_TRUE(
      list.Continues("Департамент по развитию", "инновационной деятельности Томской области"));
  EXPECT_TRUE(list.Continues("Комитет по охране объектов культурного наследия", "Кузбасса"));
  EXPECT_TRUE(list.Continues("Департамент экономики", "Администрации Томской области"));
}

TEST(AgencyList, SemicolonOrHeadWordStartsANewAgency) {
  const AgencyList& list = AgencyList::Default();
  EXPECT_FALSE(list.Continues("Комитет по культуре;", "Комитет по внешним связям"));
  EXPECT_FALSE(list.Continues("Комитет по культуре", "Министерство культуры"));
  EXPECT_FALSE(list.Continues("Комитет по культуре", "*ликвидировано"));
}

TEST(AgencyList, AppendJoinsOnlyTheFirstContinuedParagraph) {
  std::vector<std::string> paragraphs{"Департамент промышленности; Департамент по развитию"};
  AgencyList::Default().Append(&paragraphs,
                               {"деятельности Томской области;", "Департамент архитектуры"}, true);
  EXPECT_EQ(
      AgencyList::Names(paragraphs),
      (Names{"Департамент промышленности", "Департамент по развитию деятельности Томской области",
             "Департамент архитектуры"}));
}

TEST(AgencyList, NamesSplitsTrimsAndDropsFootnoteMarkers) {
  EXPECT_EQ(
      AgencyList::Names({"Комитет по культуре Санкт-Петербурга;  Комитет по внешним связям;",
                         "СОГБУ «Смоленский терем» *", "Комитет по культуре Санкт-Петербурга"}),
      (Names{"Комитет по культуре Санкт-Петербурга", "Комитет по внешним связям",
             "СОГБУ «Смоленский терем»"}));
}

}  // namespace
}  // namespace karta

namespace karta {
namespace {

// Issue 12, case 13: «СПб» and «г. Санкт-Петербурга» are the city as much as «Санкт-Петербурга».
TEST(AgencyKey, CitySpellingsJoinOneAgency) {
  const std::string key = AgencyKey("Комитет по культуре Санкт-Петербурга");
  EXPECT_EQ(AgencyKey("Комитет по культуре"), key);
  EXPECT_EQ(AgencyKey("Комитет по культуре СПб"), key);
  EXPECT_EQ(AgencyKey("Комитет по культуре г. Санкт-Петербурга"), key);
  EXPECT_EQ(AgencyKey("Комитет по культуре города Санкт Петербурга"), key);
  EXPECT_NE(AgencyKey("Комитет по культуре Томской области"), key);
}

// A St Petersburg body by its initials alone, or with them after its name, is that body («КНВШ»
// was an agency of its own, «… (КНВШ)» a third); a display name is written out.
TEST(AgencyKey, InitialsOfASaintPetersburgBodyAreThatBody) {
  const std::string knvsh = AgencyKey("Комитет по науке и высшей школе");
  EXPECT_EQ(AgencyKey("КНВШ"), knvsh);
  EXPECT_EQ(AgencyKey("Комитет по науке и высшей школе (КНВШ)"), knvsh);
  EXPECT_EQ(AgencyKey("Комитет по науке и высшей школе Санкт-Петербурга"), knvsh);
  EXPECT_EQ(AgencyKey("КФКиС"), AgencyKey("Комитет по физической культуре и спорту"));
  EXPECT_EQ(AgencyKey("КППИТ"),
            AgencyKey("Комитет по промышленной политике, инновациям и торговле Санкт-Петербурга"));
  EXPECT_EQ(AgencyKey("ИОГВ Санкт-Петербурга (по согласованию)"),
            AgencyKey("ИОГВ Санкт-Петербурга"));
  EXPECT_EQ(AgencyKey("Комитет по науке и высшей школе (КНВШ) (по согласованию)"), knvsh);
  // Initials the table does not hold stay a part of the name: two republics' ministries.
  EXPECT_NE(AgencyKey("Министерство культуры (РТ)"), AgencyKey("Министерство культуры (РБ)"));
  // Other initials and other notes stay as written.
  EXPECT_EQ(AgencyKey("ГБУК"), "гбук");
  EXPECT_NE(AgencyKey("Музей (филиал)"), AgencyKey("Музей"));
  AgencyRegistry registry;
  registry.Add(Side::kSpb, "КНВШ");
  registry.Add(Side::kSpb, "КНВШ");
  registry.Add(Side::kSpb, "Комитет по науке и высшей школе (КНВШ)");
  registry.Finish();
  ASSERT_EQ(registry.entries().size(), 1u);
  EXPECT_EQ(registry.entries().begin()->second.name, "Комитет по науке и высшей школе");
  AgencyRegistry initials_only;
  initials_only.Add(Side::kSpb, "КВС (по согласованию)");
  initials_only.Finish();
  EXPECT_EQ(initials_only.entries().begin()->second.name,
            "Комитет по внешним связям Санкт-Петербурга");
}

}  // namespace
}  // namespace karta

namespace karta {
namespace {

// Names written one after another without «;»: a new one begins at a head word or an
// abbreviation where the one before ended on its territory or quoted name; a comma inside a
// name does not split it.
TEST(AgencyList, NamesRunTogetherAreSplitWhereANameEnded) {
  EXPECT_EQ(AgencyList::Names({"Комитет по образованию Санкт-Петербурга Комитет по науке и "
                               "высшей школе Санкт-Петербурга"}),
            (Names{"Комитет по образованию Санкт-Петербурга",
                   "Комитет по науке и высшей школе Санкт-Петербурга"}));
  EXPECT_EQ(AgencyList::Names({"Комитет по промышленной политике, инновациям и торговле "
                               "Санкт-Петербурга, Комитет по внешним связям Санкт-Петербурга"}),
            (Names{"Комитет по промышленной политике, инновациям и торговле Санкт-Петербурга",
                   "Комитет по внешним связям Санкт-Петербурга"}));
  EXPECT_EQ(
      AgencyList::Names({"Министерство культуры Пермского края ГКБУК «Пермская галерея» "
                         "АНО «Центр»"}),
      (Names{"Министерство культуры Пермского края", "ГКБУК «Пермская галерея»", "АНО «Центр»"}));
  // Not ended: the region is not where the name stops, or no head word follows.
  EXPECT_EQ(AgencyList::Names({"Представительство Пермского края в Санкт-Петербурге"}),
            (Names{"Представительство Пермского края в Санкт-Петербурге"}));
  EXPECT_EQ(AgencyList::Names({"Комитет по промышленной политике, инновациям и торговле "
                               "Санкт-Петербурга"}),
            (Names{"Комитет по промышленной политике, инновациям и торговле Санкт-Петербурга"}));
}

}  // namespace
}  // namespace karta

namespace karta {
namespace {

// A body named by its initials alone is of its kind: St Petersburg's committees «К…», a
// ministry «Мин…».
TEST(AgencySides, InitialsNameTheKindOfBody) {
  EXPECT_EQ(AgencyHeadWord("КППИТ"), "комитет");
  EXPECT_EQ(AgencyHeadWord("КФКиС"), "комитет");
  EXPECT_EQ(AgencyHeadWord("Комитет по культуре Санкт-Петербурга"), "комитет");
  EXPECT_EQ(AgencyHeadWord("Минкультуры Карелии"), "министерство");
  EXPECT_EQ(AgencyHeadWord("КГАУ «Центр развития туризма»"), "кгау");
  EXPECT_EQ(AgencyHeadWord("НКО"), "нко");
}

}  // namespace
}  // namespace karta
