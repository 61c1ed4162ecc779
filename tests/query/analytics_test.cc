// Analytics over the five real documents. Expected values computed by hand from the
// documents: which St Petersburg committees take part in each plan, and the Jaccard
// similarity of the plans' sets of St Petersburg committees.
#include "src/query/analytics.h"

#include <gtest/gtest.h>

#include <set>

#include "src/query/searcher.h"
#include "tests/test_support.h"

namespace karta::query {
namespace {

class AnalyticsCorpus : public ::testing::Test {
 protected:
  static const Searcher& S() { return testing::SharedCorpusSearcher(); }

  static Aggregate Collect(SearchRequest req) {
    AggregateSpy spy;
    Status error;
    EXPECT_TRUE(S().ForEachMatch(req, &spy, &error)) << error.message;
    return spy.aggregate();
  }
  static SearchRequest Plans() {
    SearchRequest req;
    req.kind = DocumentKind::kPlan;
    return req;
  }
};

TEST_F(AnalyticsCorpus, CommitteesInAllFourPlans) {
  AgencyMatrix m = BuildAgencyMatrix(Collect(Plans()), S().agencies(), Side::kSpb);
  EXPECT_EQ(m.regions,
            (std::vector<std::string>{"Калининградская область", "Кемеровская область – Кузбасс",
                                      "Пермский край", "Томская область"}));
  std::set<std::string> everywhere;
  for (const auto& row : m.rows) {
    if (row.everywhere) everywhere.insert(row.name);
  }
  EXPECT_EQ(
      everywhere,
      (std::set<std::string>{
          "Комитет по промышленной политике, инновациям и торговле Санкт-Петербурга",
          "Комитет по культуре Санкт-Петербурга", "Комитет по развитию туризма Санкт-Петербурга",
          "Комитет по молодежной политике и взаимодействию с общественными организациями",
          "Комитет по труду и занятости населения Санкт-Петербурга",
          "Комитет по внешним связям Санкт-Петербурга",
          "Комитет по природопользованию, охране окружающей среды и обеспечению "
          "экологической безопасности",
          "Комитет по физической культуре и спорту Санкт-Петербурга",
          "Комитет по науке и высшей школе"}));
}

TEST_F(AnalyticsCorpus, MatrixCountsAgreeWithTheDocuments) {
  AgencyMatrix m = BuildAgencyMatrix(Collect(Plans()), S().agencies(), Side::kSpb);
  std::map<std::string, const AgencyMatrix::Row*> by_name;
  for (const auto& row : m.rows) by_name[row.name] = &row;
  const AgencyMatrix::Row* culture = by_name["Комитет по культуре Санкт-Петербурга"];
  ASSERT_NE(culture, nullptr);
  EXPECT_EQ(culture->total, 13u);
  EXPECT_EQ(culture->regions, (std::map<std::string, size_t>{{"Калининградская область", 3},
                                                             {"Кемеровская область – Кузбасс", 3},
                                                             {"Пермский край", 3},
                                                             {"Томская область", 4}}));
  const AgencyMatrix::Row* social = by_name["Комитет по социальной политике Санкт-Петербурга"];
  ASSERT_NE(social, nullptr);
  EXPECT_EQ(social->total, 12u);  // five of them spelt «Санкт Петербурга»
  const AgencyMatrix::Row* building = by_name["Комитет по строительству"];
  ASSERT_NE(building, nullptr);
  EXPECT_TRUE(building->only_one);
  EXPECT_EQ(m.measures.at("Пермский край"), 36u);
  // Every measure counts once per agency: totals match the search facet counts.
  for (const auto& row : m.rows) {
    SearchRequest req = Plans();
    req.agencies = {row.name};
    req.side = Side::kSpb;
    Status error;
    auto r = S().Search(req, &error);
    ASSERT_TRUE(r) << error.message;
    EXPECT_EQ(r->total, row.total) << row.name;
  }
}

TEST_F(AnalyticsCorpus, JaccardOfPlansByStPetersburgCommittees) {
  auto pairs = BuildOverlap(Collect(Plans()), S().agencies(), OverlapBy::kAgency, Side::kSpb);
  ASSERT_EQ(pairs.size(), 6u);
  const OverlapPair* kem_per = nullptr;
  for (const auto& p : pairs) {
    if (p.a == "Кемеровская область – Кузбасс" && p.b == "Пермский край") kem_per = &p;
  }
  ASSERT_NE(kem_per, nullptr);
  // 17 committees in each plan, 14 in both: Jaccard 14 / 20.
  EXPECT_EQ(kem_per->shared, 14u);
  EXPECT_EQ(kem_per->only_a, 3u);
  EXPECT_EQ(kem_per->only_b, 3u);
  EXPECT_DOUBLE_EQ(kem_per->jaccard, 0.7);
  EXPECT_EQ(
      kem_per->only_a_names,
      (std::vector<std::string>{"Комитет по образованию",
                                "Комитет по развитию транспортной инфраструктуры Санкт-Петербурга",
                                "Комитет по транспорту"}));
  EXPECT_EQ(kem_per->only_b_names,
            (std::vector<std::string>{"Архивный комитет Санкт-Петербурга", "Жилищный комитет",
                                      "Комитет по строительству"}));
}

TEST_F(AnalyticsCorpus, OverlapBySphere) {
  auto pairs = BuildOverlap(Collect(Plans()), S().agencies(), OverlapBy::kSphere, std::nullopt);
  for (const auto& p : pairs) {
    if (p.a != "Калининградская область" || p.b != "Пермский край") continue;
    // Perm 14 spheres, Kaliningrad 17, 12 shared (see ComparisonShowsWhatIsUnique).
    EXPECT_EQ(p.shared, 12u);
    EXPECT_EQ(p.only_a, 5u);
    EXPECT_EQ(p.only_b, 2u);
    return;
  }
  FAIL() << "pair not found";
}

TEST_F(AnalyticsCorpus, ScopingQueryChangesTheNumbers) {
  SearchRequest sport = Plans();
  sport.query = "спортивных";  // with its family: спорт, спортсмен, физкультурный
  AgencyMatrix m = BuildAgencyMatrix(Collect(sport), S().agencies(), Side::kSpb);
  ASSERT_EQ(m.rows.size(), 2u);
  // The sport committee on every sport measure of the plans (Kuzbass 3, Perm 3, Kaliningrad 1,
  // Tomsk 1); the youth committee on Tomsk 5.1–5.4, whose partner is the «Департамент по
  // молодежной политике, физической культуре и спорту».
  EXPECT_EQ(m.rows[0].name, "Комитет по физической культуре и спорту Санкт-Петербурга");
  EXPECT_EQ(m.rows[0].total, 8u);
  EXPECT_EQ(m.rows[1].name,
            "Комитет по молодежной политике и взаимодействию с общественными организациями");
  EXPECT_EQ(m.rows[1].regions, (std::map<std::string, size_t>{{"Томская область", 4}}));
  EXPECT_EQ(m.measures.at("Кемеровская область – Кузбасс"), 3u);
  SearchRequest narrower = Plans();
  narrower.query = "\"спортивных\"";  // quoted: the word as written
  EXPECT_LT(BuildAgencyMatrix(Collect(narrower), S().agencies(), Side::kSpb).rows[0].total, 8u);
}

TEST_F(AnalyticsCorpus, ComparisonShowsWhatIsUnique) {
  Comparison c = BuildComparison(Collect(SearchRequest{}), S().agencies(),
                                 {"Пермский край", "Калининградская область"});
  ASSERT_EQ(c.columns.size(), 2u);
  EXPECT_EQ(c.columns[0].measures, 36u);
  EXPECT_EQ(c.columns[1].measures, 41u);
  EXPECT_EQ(c.columns[0].years, (std::vector<int>{2024, 2025, 2026}));
  // Perm's section 13 is headed «информатизации и средств массовой информации», but both its
  // measures are about information systems: no mass-media measure (issue 12, case 10).
  EXPECT_EQ(c.columns[0].unique_spheres,
            (std::vector<std::string>{"Здравоохранение", "Информатизация и связь"}));
  EXPECT_EQ(c.columns[1].unique_spheres,
            (std::vector<std::string>{"Государственная служба и кадры", "Межнациональные отношения",
                                      "Образование", "Правопорядок и безопасность", "Транспорт"}));
  EXPECT_EQ(c.columns[0].spheres.at("Архивное дело"), 5u);
  // Issue 12, case 10: Kaliningrad's section 10 is headed «культуры, туризма и архивного
  // дела», and only 10.7 of its seven measures is about archives.
  EXPECT_EQ(c.columns[1].spheres.at("Архивное дело"), 1u);
  EXPECT_EQ(c.columns[1].spheres.at("Туризм"), 3u);    // 10.4–10.6
  EXPECT_EQ(c.columns[1].spheres.at("Культура"), 3u);  // 10.1–10.3
}

TEST_F(AnalyticsCorpus, CounterpartsLineUpByFunctionalRole) {
  const std::string key = AgencyKey("Комитет по культуре");
  Counterparts cp = BuildCounterparts(Collect(SearchRequest{}), S().agencies(), key);
  ASSERT_EQ(cp.entries.size(), 1u);
  const auto& by_region = cp.entries[0].by_region;
  ASSERT_EQ(by_region.size(), 4u);
  EXPECT_EQ(by_region.at("Пермский край")[0].name, "Министерство культуры Пермского края");
  EXPECT_EQ(by_region.at("Пермский край")[0].measures, 3u);
  EXPECT_EQ(by_region.at("Томская область")[0].name, "Департамент по культуре Томской области");
  EXPECT_EQ(by_region.at("Томская область")[0].measures, 4u);
  for (const auto& [region, partners] : by_region) {
    const auto& roles = partners[0].roles;
    EXPECT_NE(std::find(roles.begin(), roles.end(), "Культура"), roles.end()) << region;
  }
  // The reverse: a partner agency's St Petersburg counterparts.
  Counterparts back = BuildCounterparts(Collect(SearchRequest{}), S().agencies(),
                                        AgencyKey("Министерство культуры Пермского края"));
  ASSERT_EQ(back.entries.size(), 1u);
  EXPECT_EQ(back.entries[0].side, Side::kPartner);
  const auto& perm = back.entries[0].by_region.at("Пермский край");
  ASSERT_EQ(perm.size(), 2u);
  EXPECT_EQ(perm[0].name, "Комитет по культуре Санкт-Петербурга");
  EXPECT_EQ(perm[1].name, "Комитет по внешним связям Санкт-Петербурга");  // 7.3 only
}

TEST_F(AnalyticsCorpus, ReadingValueStreamsInParallelEqualsMatching) {
  const Aggregate matched = Collect(SearchRequest{});
  ASSERT_EQ(matched.measures.size(), 5U);
  // Three ranges of document ids cut the five agreements apart; their counts are merged.
  for (unsigned threads : {1U, 3U, 7U}) {
    const Aggregate read =
        AggregateAll(testing::SharedCorpusIndex(), AggregateSpy::Parts{}, threads);
    EXPECT_EQ(read.measures, matched.measures) << threads;
    EXPECT_EQ(read.years, matched.years) << threads;
    EXPECT_EQ(read.agencies, matched.agencies) << threads;
    EXPECT_EQ(read.spheres, matched.spheres) << threads;
    EXPECT_EQ(read.pairs, matched.pairs) << threads;
  }
}

TEST(AgencyRoles, PartnerAgenciesGetTheSphereOfTheirName) {
  EXPECT_EQ(AgencyRoles("Министерство культуры Пермского края"),
            std::vector<std::string>{"Культура"});
  EXPECT_EQ(AgencyRoles("Департамент по культуре Томской области"),
            std::vector<std::string>{"Культура"});
  EXPECT_EQ(AgencyRoles("Главное управление спорта Смоленской области"),
            std::vector<std::string>{"Физическая культура и спорт"});
  EXPECT_EQ(AgencyRoles("Министерство труда и социального развития Пермского края"),
            (std::vector<std::string>{"Труд и занятость", "Социальная защита"}));
}

}  // namespace
}  // namespace karta::query

namespace karta::query {
namespace {

// Issue 12, case 11: «Комитет по внешним связям» and «Департамент международных и
// региональных связей» were tagged «Информатизация и связь» (from the one word «связь»);
// «Министерство градостроительной политики» and the wildlife department had no role.
TEST(AgencyRoles, ComeFromTheWholeNameAndCoverEveryAgencyOfTheCorpus) {
  EXPECT_EQ(AgencyRoles("Комитет по внешним связям Санкт-Петербурга"),
            std::vector<std::string>{"Внешние и межрегиональные связи"});
  EXPECT_EQ(AgencyRoles("Департамент международных и региональных связей Администрации Томской "
                        "области"),
            std::vector<std::string>{"Внешние и межрегиональные связи"});
  EXPECT_EQ(AgencyRoles("Министерство цифрового развития и связи Кузбасса"),
            std::vector<std::string>{"Информатизация и связь"});
  EXPECT_EQ(AgencyRoles("Министерство градостроительной политики Калининградской области"),
            std::vector<std::string>{"Строительство и архитектура"});
  EXPECT_EQ(AgencyRoles("Департамент по охране объектов животного мира Томской области"),
            std::vector<std::string>{"Экология и природопользование"});
  std::vector<std::string> unassigned;
  for (const auto& [key, entry] : testing::SharedCorpusSearcher().agencies().entries()) {
    if (AgencyRoles(entry.name).empty()) unassigned.push_back(entry.name);
  }
  // Bodies of general competence have no sectoral role; they are listed, not guessed.
  for (const std::string& name : unassigned) ADD_FAILURE() << "no role: " << name;
}

}  // namespace
}  // namespace karta::query
