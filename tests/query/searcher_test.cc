// Search over the five real documents, indexed once into a temporary database. Expected counts
// were computed by hand from the documents (see the comments).
#include "src/query/searcher.h"

#include <gtest/gtest.h>

#include <set>

#include "src/query/analytics.h"
#include "tests/test_support.h"

namespace karta::query {
namespace {

using FacetMap = std::map<std::string, size_t>;

class SearchCorpus : public ::testing::Test {
 protected:
  static const Searcher& S() { return testing::SharedCorpusSearcher(); }

  static SearchResponse Run(SearchRequest req) {
    Status error;
    std::optional<SearchResponse> r = S().Search(req, &error);
    EXPECT_TRUE(r) << error.message;
    return r ? *r : SearchResponse{};
  }
  static SearchResponse Query(const std::string& q, size_t limit = 200) {
    SearchRequest req;
    req.query = q;
    req.limit = limit;
    return Run(req);
  }
  static std::set<std::string> Ids(const SearchResponse& r) {
    std::set<std::string> ids;
    for (const Hit& h : r.hits) ids.insert(h.id);
    return ids;
  }
  static FacetMap Facet(const SearchResponse& r, const std::string& name) {
    FacetMap m;
    auto it = r.facets.find(name);
    if (it != r.facets.end()) {
      for (const FacetValue& v : it->second) m[v.value] = v.count;
    }
    return m;
  }
};

TEST_F(SearchCorpus, EmptyQueryListsAllWithMeasuresPerRegion) {
  SearchRequest req;
  req.facets = true;
  SearchResponse r = Run(req);
  EXPECT_EQ(r.total, 143u);
  EXPECT_EQ(Facet(r, "region"), (FacetMap{{"Кемеровская область – Кузбасс", 32},
                                          {"Пермский край", 36},
                                          {"Калининградская область", 41},
                                          {"Томская область", 23},
                                          {"Смоленская область", 11}}));
  // Listings follow the documents: region code, then measure number.
  ASSERT_FALSE(r.hits.empty());
  EXPECT_EQ(r.hits.front().id, "KEM-2025-2029:1.1");
}

TEST_F(SearchCorpus, RegionFilterAcceptsAnyCaseForm) {
  for (const char* region : {"Пермского края", "Пермский край", "пермским краем", "Прикамье"}) {
    SearchRequest req;
    req.regions = {region};
    EXPECT_EQ(Run(req).total, 36u) << region;
  }
  SearchRequest both;
  both.regions = {"Кузбасс", "Томской области"};
  EXPECT_EQ(Run(both).total, 32u + 23u);
}

TEST_F(SearchCorpus, SphereFilterAndCountsPerRegion) {
  SearchRequest req;
  req.spheres = {"спорт"};
  req.facets = true;
  SearchResponse r = Run(req);
  // Kuzbass 7.1–7.3, Perm 10.1–10.3, Kaliningrad 11.1, Tomsk 8.1, Smolensk 9.1.
  EXPECT_EQ(r.total, 9u);
  EXPECT_EQ(Facet(r, "region"), (FacetMap{{"Кемеровская область – Кузбасс", 3},
                                          {"Пермский край", 3},
                                          {"Калининградская область", 1},
                                          {"Томская область", 1},
                                          {"Смоленская область", 1}}));
  EXPECT_EQ(Facet(r, "sphere"), (FacetMap{{"Физическая культура и спорт", 9}}));
}

TEST_F(SearchCorpus, AgencySpellingsAreOneAgency) {
  SearchRequest culture;
  culture.agencies = {"Комитет по культуре"};  // also written «… Санкт-Петербурга»
  EXPECT_EQ(Run(culture).total, 13u);          // Kuzbass 3, Perm 3, Kaliningrad 3, Tomsk 4
  SearchRequest social;
  social.agencies = {"Комитет по социальной политике Санкт Петербурга"};  // misspelt 5 times
  EXPECT_EQ(Run(social).total, 12u);  // Kaliningrad 7.1–7.6, Kuzbass 3.1–3.3, Perm 12.1–12.3
  SearchRequest sport;
  sport.agencies = {"комитет по физической культуре и спорту санкт-петербурга"};
  EXPECT_EQ(Run(sport).total, 8u);
}

TEST_F(SearchCorpus, AgencyFacetInOneRegionCountsEachAgencyOncePerMeasure) {
  SearchRequest req;
  req.regions = {"Пермский край"};
  req.side = Side::kSpb;
  req.facets = true;
  FacetMap agencies = Facet(Run(req), "agency");
  EXPECT_EQ(agencies["Комитет по промышленной политике, инновациям и торговле Санкт-Петербурга"],
            5u);
  EXPECT_EQ(agencies["Архивный комитет Санкт-Петербурга"], 5u);
  EXPECT_EQ(agencies["Комитет по физической культуре и спорту Санкт-Петербурга"], 3u);
  EXPECT_EQ(agencies["Комитет по строительству"], 3u);
  EXPECT_EQ(agencies.size(), 17u);
  for (const auto& [name, count] : agencies) {
    EXPECT_EQ(name.find("Министерство"), std::string::npos) << "partner agency with --side spb";
  }
}

TEST_F(SearchCorpus, MultiValuedAgenciesEachCountOnce) {
  SearchRequest req;
  req.query = "бизнес-миссий";  // only Kaliningrad 1.1: two St Petersburg, three partner agencies
  req.facets = true;
  SearchResponse r = Run(req);
  ASSERT_EQ(r.total, 1u);
  FacetMap agencies = Facet(r, "agency");
  EXPECT_EQ(agencies.size(), 5u);
  for (const auto& [name, count] : agencies) EXPECT_EQ(count, 1u) << name;
}

TEST_F(SearchCorpus, YearFilterKeepsMeasuresWhoseDeadlineCoversIt) {
  SearchRequest y2021;
  y2021.years = {2021};
  EXPECT_EQ(Run(y2021).total, 34u);  // Tomsk 2020–2022 (23) and Smolensk 2021–2023 (11)
  SearchRequest y2024;
  y2024.years = {2024};
  y2024.facets = true;
  SearchResponse r = Run(y2024);
  EXPECT_EQ(r.total, 75u);  // Kaliningrad 40 (8.3 is 2023 only), Perm 35 (10.3 is 2025 only)
  EXPECT_EQ(Facet(r, "region")["Пермский край"], 35u);
}

TEST_F(SearchCorpus, KindFilterSeparatesReports) {
  SearchRequest req;
  req.kind = DocumentKind::kReport;
  EXPECT_EQ(Run(req).total, 11u);
}

TEST_F(SearchCorpus, MorphologicalVariantsFindEachOther) {
  const SearchResponse sportsmen = Query("спортсмены");
  EXPECT_EQ(Ids(sportsmen), Ids(Query("спортсменов")));
  // The five measures about athletes rank first; measures found through the word family
  // (спорт, спортивный, физкультурный) follow at a lower weight.
  ASSERT_GE(sportsmen.hits.size(), 5u);
  std::set<std::string> top5;
  for (size_t i = 0; i < 5; ++i) top5.insert(sportsmen.hits[i].id);
  EXPECT_EQ(top5,
            (std::set<std::string>{"KEM-2025-2029:7.1", "PER-2024-2026:10.1", "KGD-2023-2026:11.1",
                                   "TOM-2020-2022:8.1", "SMO-2021-2023-R2023:9.1"}));
  EXPECT_GT(sportsmen.hits[4].score, 2 * sportsmen.hits[5].score);
  const auto youth = Ids(Query("молодёжь"));
  EXPECT_FALSE(youth.empty());
  EXPECT_EQ(youth, Ids(Query("молодежи")));
  EXPECT_EQ(youth, Ids(Query("Молодёжи")));
}

TEST_F(SearchCorpus, WordFamiliesAndAbbreviationsExpandPlainQueries) {
  // «волонтеры» also finds «добровольчество», «добровольцев».
  const auto volunteers = Ids(Query("волонтеры"));
  EXPECT_TRUE(volunteers.count("TOM-2020-2022:5.3"));   // форум добровольцев
  EXPECT_TRUE(volunteers.count("KGD-2023-2026:12.2"));  // добровольчества
  // «НКО» finds «некоммерческие организации» written out, and the other way round.
  const auto nko = Ids(Query("НКО"));
  EXPECT_TRUE(nko.count("KEM-2025-2029:3.1"));
  EXPECT_TRUE(Ids(Query("некоммерческие организации")).count("SMO-2021-2023-R2023:7.6"));  // «НКО»
  // A quoted word is taken as written: no expansion.
  EXPECT_LT(Query("\"волонтеры\"").total, volunteers.size());
}

// Issue 12, case 10: `--sphere архив` gave 12 measures: Perm's five archive measures and all
// seven of Kaliningrad's section «культуры, туризма и архивного дела». Only 10.7 is about
// archives.
TEST_F(SearchCorpus, ASphereFilterFindsTheMeasuresAboutIt) {
  SearchRequest req;
  req.spheres = {"архив"};
  req.limit = 50;
  EXPECT_EQ(Ids(Run(req)), (std::set<std::string>{"KGD-2023-2026:10.7", "PER-2024-2026:11.1",
                                                  "PER-2024-2026:11.2", "PER-2024-2026:11.3",
                                                  "PER-2024-2026:11.4", "PER-2024-2026:11.5"}));
}

TEST_F(SearchCorpus, HyphenatedWordsAreFoundWholeAndByParts) {
  const auto whole = Ids(Query("конгрессно-выставочных"));
  EXPECT_GE(whole.size(), 4u);
  const auto part = Ids(Query("выставочных"));
  for (const std::string& id : whole) EXPECT_TRUE(part.count(id)) << id;
  EXPECT_TRUE(Ids(Query("Санкт-Петербургском форуме")).count("KGD-2023-2026:5.4"));
}

TEST_F(SearchCorpus, PhrasesBooleanOperatorsAndPrefixes) {
  const auto phrase = Query("\"круглого стола\"");
  EXPECT_TRUE(Ids(phrase).count("PER-2024-2026:10.2"));
  const size_t all_sport = Query("\"спорт\"").total;  // quoted: the word as written
  const size_t not_perm = Query("спорт NOT region:Пермского").total;
  EXPECT_LT(not_perm, all_sport);
  EXPECT_EQ(Query("спорт region:Пермский").total + not_perm, all_sport);
  // Inclusion–exclusion: OR and AND apply the same expansion as a plain word (issue 12).
  EXPECT_EQ(Query("туризм OR архивного").total,
            Query("туризм").total + Query("архивного").total - Query("туризм AND архивного").total);
}

// «NOT спорт AND культура» was refused («AND needs a word before it»): an exclusion before AND
// is its operand, as «(NOT спорт) AND культура».
TEST_F(SearchCorpus, AnExclusionBeforeAndIsItsOperand) {
  const size_t culture = Query("культура").total;
  const size_t both = Query("культура AND спорт").total;
  EXPECT_EQ(Query("NOT спорт AND культура").total, culture - both);
  EXPECT_EQ(Query("-спорт AND культура").total, culture - both);
  EXPECT_EQ(Query("(NOT спорт) AND культура").total, culture - both);
  EXPECT_EQ(Query("NOT туризм AND NOT спорт").total, 143 - Query("туризм OR спорт").total);
}

// Fields side by side are filters as the options are: values of one field are alternatives
// («region:Пермский region:Томская» gave 0), different fields all apply.
TEST_F(SearchCorpus, OneFieldTwiceIsEitherValue) {
  const size_t perm = Query("region:Пермский").total, tomsk = Query("region:Томская").total;
  EXPECT_EQ(Query("region:Пермский region:Томская").total, perm + tomsk);
  EXPECT_EQ(Query("region:Пермский AND region:Томская").total, 0u);  // asked for both
  // An AND before the first of them joins it to the words, not the two values.
  EXPECT_EQ(Query("спорт AND region:Пермский region:Томская").total,
            Query("спорт AND region:Пермский").total + Query("спорт AND region:Томская").total);
  EXPECT_EQ(Query("sphere:спорт sphere:туризм").total,
            Query("sphere:спорт OR sphere:туризм").total);
  EXPECT_LT(Query("region:Пермский sphere:спорт").total, perm);
  SearchRequest options;
  options.regions = {"Пермский", "Томская"};
  options.spheres = {"спорт", "туризм"};
  EXPECT_EQ(Query("region:Пермский region:Томская sphere:спорт sphere:туризм").total,
            Run(options).total);
  EXPECT_GT(Run(options).total, 0u);
}

// A query is read as documents are: a soft hyphen, a stress mark, «й» written decomposed or
// fullwidth Latin split the word, and the pieces were expanded («спо́рт» found СПО).
TEST_F(SearchCorpus, QueriesAreNormalisedAsDocumentsAre) {
  const std::set<std::string> sport = Ids(Query("спорт"));
  EXPECT_EQ(Ids(Query("спо\u0301рт")), sport);
  EXPECT_EQ(Ids(Query("физи\u00ADческой")), Ids(Query("физической")));
  EXPECT_EQ(Ids(Query("Добро\u00ADфорум")), Ids(Query("Доброфорум")));
  EXPECT_EQ(Ids(Query("музеи\u0306")), Ids(Query("музей")));
  EXPECT_EQ(Ids(Query("\uFF33\uFF4D\uFF41\uFF52\uFF54\uFF34\uFF32\uFF21\uFF2E\uFF33\uFF30"
                      "\uFF2F\uFF32\uFF34")),
            Ids(Query("SmartTRANSPORT")));
  EXPECT_FALSE(sport.empty());
}

// Issue 12, case 7: the line under a hit showed whichever field matched (a progress entry for
// SMO 9.1, an agency for TOM 5.1), hiding what the measure is. It shows the measure's text, and
// a match found only elsewhere is labelled with its field.
TEST_F(SearchCorpus, ProgressEntriesAreSearchableAndSnippetsShowTheMeasureText) {
  SearchResponse r = Query("фехтованию");
  ASSERT_EQ(r.total, 1u);
  const Hit& hit = r.hits[0];
  EXPECT_EQ(hit.id, "SMO-2021-2023-R2023:9.1");
  EXPECT_EQ(hit.snippet.rfind("Содействие участию спортсменов", 0), 0u) << hit.snippet;
  EXPECT_EQ(hit.matched_in, "progress");
  EXPECT_NE(hit.matched_snippet.find(std::string(SearchResponse::kHighlightStart) + "фехтованию"),
            std::string::npos)
      << hit.matched_snippet;
  bool tomsk = false;
  for (const Hit& h : Query("спортсмены").hits) {
    if (h.id != "TOM-2020-2022:5.1") continue;
    tomsk = true;
    EXPECT_EQ(h.snippet, h.record.measure.text);
    EXPECT_EQ(h.matched_in, "partner agencies");
  }
  EXPECT_TRUE(tomsk);
  // A match in the text is highlighted there, with no label.
  const SearchResponse archives = Query("архивных");
  const Hit& archive = archives.hits.at(0);
  EXPECT_NE(archive.snippet.find(SearchResponse::kHighlightStart), std::string::npos);
  EXPECT_TRUE(archive.matched_in.empty());
}

TEST_F(SearchCorpus, RankingPutsMeasureTextAboveIncidentalMentions) {
  SearchResponse r = Query("архивных");
  ASSERT_GE(r.hits.size(), 3u);
  EXPECT_EQ(r.hits[0].record.measure.spheres[0], "Архивное дело");
  EXPECT_GT(r.hits[0].score, 0.0);
}

TEST_F(SearchCorpus, UnknownFilterValuesSuggestNearNames) {
  Status error;
  SearchRequest region;
  region.regions = {"Пермкий край"};
  EXPECT_FALSE(S().Search(region, &error));
  EXPECT_EQ(error.code, Status::Code::kBadFilter);
  EXPECT_NE(error.message.find("«Пермский край»"), std::string::npos) << error.message;
  SearchRequest sphere;
  sphere.spheres = {"спрот"};
  EXPECT_FALSE(S().Search(sphere, &error));
  EXPECT_NE(error.message.find("did you mean"), std::string::npos) << error.message;
  SearchRequest agency;
  agency.agencies = {"Комитет по культурре"};
  EXPECT_FALSE(S().Search(agency, &error));
  EXPECT_NE(error.message.find("«Комитет по культуре Санкт-Петербурга»"), std::string::npos)
      << error.message;
  SearchRequest prefix;
  prefix.query = "region:Марс";
  EXPECT_FALSE(S().Search(prefix, &error));
  EXPECT_EQ(error.code, Status::Code::kBadFilter);
}

// «-s кадры» was an unknown sphere though «кадров» was one: any word of a sphere's name, in any
// case form, names it; a word of several names lists them.
TEST_F(SearchCorpus, AWordOfASpheresNameNamesIt) {
  auto sphere = [&](const std::string& value) {
    SearchRequest r;
    r.spheres = {value};
    return Run(r).total;
  };
  EXPECT_GT(sphere("кадры"), 0u);
  EXPECT_EQ(sphere("кадры"), sphere("Государственная служба и кадры"));
  EXPECT_EQ(sphere("высшее"), sphere("Наука и высшее образование"));
  EXPECT_EQ(sphere("защита"), sphere("Социальная защита"));
  Status error;
  SearchRequest politics;
  politics.spheres = {"политика"};
  EXPECT_FALSE(S().Search(politics, &error));
  EXPECT_EQ(error.code, Status::Code::kBadFilter);
  EXPECT_NE(error.message.find("names 2 spheres"), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("«Молодёжная политика»"), std::string::npos) << error.message;
}

TEST_F(SearchCorpus, AmbiguousAgencyWordsListTheCandidates) {
  Status error;
  SearchRequest req;
  req.agencies = {"культур"};
  EXPECT_FALSE(S().Search(req, &error));
  EXPECT_NE(error.message.find("agencies; be more specific"), std::string::npos) << error.message;
}

TEST_F(SearchCorpus, RankedQueriesPutMeasuresWithAllWordsFirst) {
  SearchRequest ranked, all;
  ranked.query = all.query = "спортивные соревнования";
  ranked.limit = all.limit = 200;
  all.match = SearchRequest::Match::kAll;
  SearchResponse r = Run(ranked), a = Run(all);
  // Measures with both words (or their families: спортсмен, спорт …) exist, but fewer than
  // those with either.
  ASSERT_GT(a.total, 0u);
  EXPECT_GT(r.total, a.total);  // measures with one of the words come too
  // Every measure with all the words ranks above every measure with only some of them.
  const std::set<std::string> strict = Ids(a);
  for (size_t i = 0; i < strict.size(); ++i)
    EXPECT_TRUE(strict.count(r.hits[i].id)) << r.hits[i].id;
  // Analytics scopes stay strict.
  AggregateSpy spy;
  Status error;
  ASSERT_TRUE(S().ForEachMatch(ranked, &spy, &error));
  size_t scoped = 0;
  for (const auto& [region, n] : spy.aggregate().measures) scoped += n;
  EXPECT_EQ(scoped, a.total);
}

TEST_F(SearchCorpus, NothingFoundSuggestsTheIndexedSpelling) {
  SearchResponse r = Query("фехтовние");
  EXPECT_EQ(r.total, 0u);
  EXPECT_EQ(r.suggestion, "фехтованию");
  EXPECT_EQ(Query("спортсменв выстовки").suggestion, "спортсмены выставки");
  EXPECT_EQ(Query("фехтованию").suggestion, "");  // found: no suggestion
  // Nothing found, but every word is in the index in another form: not a misspelling.
  SearchRequest filtered;
  filtered.query = "туризм year:2030";
  const SearchResponse none = Run(filtered);
  EXPECT_EQ(none.total, 0u);
  EXPECT_EQ(none.suggestion, "");
}

TEST_F(SearchCorpus, OffsetAndLimitPage) {
  SearchRequest page1, page2;
  page1.limit = page2.limit = 5;
  page2.offset = 5;
  SearchResponse a = Run(page1), b = Run(page2);
  ASSERT_EQ(a.hits.size(), 5u);
  ASSERT_EQ(b.hits.size(), 5u);
  EXPECT_EQ(a.total, b.total);
  EXPECT_NE(a.hits[4].id, b.hits[0].id);
}

TEST_F(SearchCorpus, MeasuresLikeTheBestMatchesFollowTheLastMatchUncounted) {
  SearchRequest req;
  req.query = "ВОВ";  // one measure names the war: PER 11.1, the evacuation portal
  req.limit = 10;
  req.related = 5;
  req.facets = true;
  const SearchResponse r = Run(req);
  ASSERT_EQ(r.total, 1u);
  ASSERT_EQ(r.hits.size(), 1u);
  EXPECT_EQ(Facet(r, "region"), (FacetMap{{"Пермский край", 1}}));  // never counted
  ASSERT_EQ(r.related.size(), 5u);
  // The evacuation project that never names the war is the most like it.
  EXPECT_EQ(r.related[0].id, "PER-2024-2026:11.5");
  EXPECT_EQ(r.related[0].like, "PER-2024-2026:11.1");
  for (size_t i = 0; i < r.related.size(); ++i) {
    EXPECT_NE(r.related[i].id, "PER-2024-2026:11.1");  // none of them matches
    EXPECT_GE(r.related[i].score, 0.05);
    EXPECT_LE(r.related[i].score, 1.0);
    if (i > 0) {
      EXPECT_LE(r.related[i].score, r.related[i - 1].score);  // most alike first
    }
  }

  // With the last match, whatever the page size; not on a page past it; none by default.
  SearchRequest one = req;
  one.limit = 1;
  EXPECT_EQ(Run(one).related.size(), 5u);
  SearchRequest past = req;
  past.offset = 1;
  EXPECT_TRUE(Run(past).related.empty());
  SearchRequest broad = req;
  broad.query = "спорт";
  EXPECT_TRUE(Run(broad).related.empty());
  SearchRequest none = req;
  none.related = 0;
  EXPECT_TRUE(Run(none).related.empty());

  // Within the filters.
  SearchRequest filtered = req;
  filtered.query = "спортсмены";
  filtered.regions = {"Томская область"};
  const SearchResponse tomsk = Run(filtered);
  ASSERT_EQ(tomsk.total, 5u);  // TOM 8.1 and four with «спорт…» in an agency
  EXPECT_FALSE(tomsk.related.empty());
  for (const Hit& h : tomsk.related) EXPECT_EQ(h.record.region, "Томская область");

  // Without any query word even when all words must match: PER 11.5 says «эвакуации».
  SearchRequest all = req;
  all.query = "ВОВ эвакуация";
  all.match = SearchRequest::Match::kAll;
  const SearchResponse both = Run(all);
  ASSERT_EQ(both.total, 1u);
  for (const Hit& h : both.related) EXPECT_NE(h.id, "PER-2024-2026:11.5");
  // A query with operators says exactly what it wants: `-word` must not come back as related.
  SearchRequest exact = req;
  exact.query = "ВОВ -эвакуация";
  EXPECT_TRUE(Run(exact).related.empty());
}

// Regression: the exact count runs on a second thread while this one ranks, and the two once
// held parts of one Xapian query (a filter, MatchAll), whose reference counts are not atomic:
// karta serve crashed after some thousands of requests. Repeated filtered and empty searches
// must give the same answer every time (and under AddressSanitizer, touch nothing freed).
TEST(Searcher, RankingAndCountingThreadsShareNoQueryPart) {
  for (bool resident : {false, true}) {
    Status error;
    auto searcher = Searcher::Open(testing::SharedCorpusIndex(), &error, resident);
    ASSERT_TRUE(searcher) << error.message;
    for (const std::string& query :
         {std::string("спорт"), std::string("обмен опытом"), std::string()}) {
      SearchRequest req;
      req.query = query;
      req.regions = {"Пермский край", "Кузбасс"};
      req.facets = true;
      const auto first = searcher->Search(req, &error);
      ASSERT_TRUE(first) << error.message;
      ASSERT_GT(first->total, 0u) << query;
      for (int i = 0; i < 150; ++i) {
        const auto again = searcher->Search(req, &error);
        ASSERT_TRUE(again) << error.message;
        ASSERT_EQ(again->total, first->total) << query;
        ASSERT_EQ(again->hits.size(), first->hits.size()) << query;
        ASSERT_EQ(again->facets.at("agency").size(), first->facets.at("agency").size()) << query;
      }
    }
  }
}

}  // namespace
}  // namespace karta::query

namespace karta::query {
namespace {

// The server counts facets from columns in memory; the counts must be the value streams'.
TEST(Searcher, ResidentFacetColumnsCountWhatTheValueStreamsCount) {
  Status error;
  auto streams = Searcher::Open(testing::SharedCorpusIndex(), &error);
  auto resident = Searcher::Open(testing::SharedCorpusIndex(), &error, /*resident_facets=*/true);
  ASSERT_TRUE(streams && resident) << error.message;
  for (const auto& [query, side] : std::vector<std::pair<std::string, std::optional<Side>>>{
           {"", std::nullopt},
           {"спорт", std::nullopt},
           {"обмен опытом", Side::kSpb},
           {"культура OR архив", Side::kPartner},
           {"нет-такого-слова", std::nullopt}}) {
    SearchRequest req;
    req.query = query;
    req.side = side;
    req.facets = true;
    req.limit = 0;
    const auto a = streams->Search(req, &error);
    const auto b = resident->Search(req, &error);
    ASSERT_TRUE(a && b) << error.message;
    EXPECT_EQ(a->total, b->total) << query;
    ASSERT_EQ(a->facets.size(), b->facets.size());
    for (const auto& [name, values] : a->facets) {
      const auto& other = b->facets.at(name);
      ASSERT_EQ(values.size(), other.size()) << query << " " << name;
      for (size_t i = 0; i < values.size(); ++i) {
        EXPECT_EQ(values[i].value, other[i].value) << query << " " << name;
        EXPECT_EQ(values[i].count, other[i].count) << query << " " << name;
      }
    }
    EXPECT_EQ(a->facet_values, b->facet_values) << query;
  }
}

}  // namespace
}  // namespace karta::query

namespace karta::query {
namespace {

// A word is never matched by a function word its stem was cut down to: «наименование» is in
// no measure (it matched every «на»), «военно» in one (not «во взаимном»), «АО» in two (not
// «а также»), «передовых» in one (not «перед»).
// A query that finds nothing is not offered back to the user as its own correction.
TEST_F(SearchCorpus, NoSuggestionRepeatsTheQuery) {
  const SearchResponse r = Query("\"в на\"");
  EXPECT_EQ(r.total, 0u);
  EXPECT_EQ(r.suggestion, "");
  EXPECT_EQ(Query("спортсмны").suggestion, "спортсмены");
}

TEST_F(SearchCorpus, NoWordMatchesTheFunctionWordsItsStemResembles) {
  EXPECT_EQ(Query("наименование").total, 0u);
  EXPECT_EQ(Query("военно").total, 1u);
  EXPECT_EQ(Query("АО").total, 2u);
  EXPECT_EQ(Query("передовых").total, 1u);
}

}  // namespace
}  // namespace karta::query
