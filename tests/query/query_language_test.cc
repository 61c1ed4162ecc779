// The query language (src/query/query_language.h) over the five real documents: each case of
// issue 12 where a query silently meant something else, as a regression test named after it.
#include "src/query/query_language.h"

#include <gtest/gtest.h>

#include <set>

#include "src/query/searcher.h"
#include "tests/test_support.h"

namespace karta::query {
namespace {

std::optional<SearchResponse> Try(const std::string& q, Status* error) {
  SearchRequest req;
  req.query = q;
  req.limit = 200;
  return testing::SharedCorpusSearcher().Search(req, error);
}

std::set<std::string> Ids(const std::string& q) {
  Status error;
  const std::optional<SearchResponse> r = Try(q, &error);
  EXPECT_TRUE(r) << q << ": " << error.message;
  std::set<std::string> ids;
  if (r) {
    for (const Hit& h : r->hits) ids.insert(h.id);
  }
  return ids;
}

// Case 3: `НКО` found 7 measures, `НКО AND Пермский` 0 although Perm 12.2 and 12.3 say «НКО»;
// `архив OR архив` found 7 where `архив` found 13. Expansion applies wherever a word stands.
TEST(QueryLanguage, OperatorsKeepTheExpansionOfEveryWord) {
  for (const std::string w : {"НКО", "архив", "спорт", "ОВЗ", "ВКС"}) {
    const std::set<std::string> plain = Ids(w);
    EXPECT_FALSE(plain.empty()) << w;
    EXPECT_EQ(Ids(w + " OR " + w), plain) << w;
    EXPECT_EQ(Ids(w + " AND " + w), plain) << w;
    EXPECT_EQ(Ids("(" + w + ")"), plain) << w;
  }
  EXPECT_EQ(Ids("НКО AND Пермский"),
            (std::set<std::string>{"PER-2024-2026:12.2", "PER-2024-2026:12.3"}));
  std::set<std::string> either = Ids("НКО");
  for (const std::string& id : Ids("ОВЗ")) either.insert(id);
  EXPECT_EQ(Ids("НКО OR ОВЗ"), either);
  // NOT and '-' take out what the word with its expansion finds.
  for (const std::string& id : Ids("спорт NOT Пермский")) EXPECT_EQ(Ids(id).count(id), 0u);
  const std::set<std::string> sport = Ids("спорт"), perm = Ids("спорт AND Пермский");
  EXPECT_EQ(Ids("спорт -Пермский").size(), sport.size() - perm.size());
}

// Case 4: `архив*`, `спорт*`, `тур*` found nothing. A prefix stands for every indexed word it
// begins, each with its inflections.
TEST(QueryLanguage, WildcardsFindEveryWordOfThePrefix) {
  const std::set<std::string> tur = Ids("тур*");
  for (const std::string& id : Ids("туризм")) EXPECT_EQ(tur.count(id), 1u) << id;
  for (const std::string& id : Ids("туристский")) EXPECT_EQ(tur.count(id), 1u) << id;
  const std::set<std::string> archive = Ids("архив*");
  for (const std::string& id : Ids("архивный")) EXPECT_EQ(archive.count(id), 1u) << id;
  EXPECT_FALSE(Ids("спорт*").empty());
  EXPECT_TRUE(Ids("зззз*").empty());
  Status error;
  EXPECT_FALSE(Try("т*", &error));
  EXPECT_EQ(error.code, Status::Code::kBadQuery);
  EXPECT_NE(error.message.find("at least 3 letters"), std::string::npos) << error.message;
}

// Case 5: malformed or empty queries matched all 143 measures or nothing, silently. Each is
// now an error that says what is wrong and where.
TEST(QueryLanguage, MalformedQueriesAreErrorsThatSayWhere) {
  const std::pair<const char*, const char*> cases[] = {
      {"(((", "is not closed"},
      {"(спорт", "«(» at character 1 is not closed"},
      {"спорт)", "«)» at character 6 closes nothing"},
      {"()", "empty parentheses at character 1"},
      {"*", "at least 3 letters"},
      {"и в на", "no word to search for"},
      {"\"", "the phrase opened at character 1 is not closed"},
      {"region:", "«region:» at character 1 needs a value"},
      {"foo:bar", "unknown field «foo:» at character 1"},
      {"спорт AND", "«AND» at character 7 needs a word after it"},
      {"OR спорт", "«OR» at character 1 needs a word before it"},
      {"NOT", "«NOT» at character 1 needs a word after it"},
      {"спо*рт", "«*» goes at the end of a word"},
      {"year:20", "a year is four digits"},
      {"year:1800", "a year is four digits from 1900 to 2100"},  // as -y and year=
  };
  // Deep nesting is an error, not a stack overflow.
  Status deep;
  EXPECT_FALSE(Try(std::string(100000, '(') + "спорт", &deep));
  EXPECT_NE(deep.message.find("nests deeper than 100 levels"), std::string::npos) << deep.message;
  std::string nots;
  for (int i = 0; i < 50000; ++i) nots += "NOT ";
  EXPECT_FALSE(Try(nots + "спорт", &deep));
  for (const auto& [query, expected] : cases) {
    Status error;
    EXPECT_FALSE(Try(query, &error)) << query;
    EXPECT_EQ(error.code, Status::Code::kBadQuery) << query;
    EXPECT_NE(error.message.find(expected), std::string::npos) << query << ": " << error.message;
  }
  Status error;
  EXPECT_FALSE(Try("region:Марс", &error));
  EXPECT_EQ(error.code, Status::Code::kBadFilter);
  // Punctuation is not syntax: a Russian word with a colon is a word.
  EXPECT_EQ(Ids("Примечание: спорт"), Ids("Примечание спорт"));
}

// Case 6: unquoted `14.03.2022` did not find SMO 2.1, which contains it; quoted it did.
TEST(QueryLanguage, DatesAndDottedNumbersMatchQuotedOrNot) {
  const std::set<std::string> plain = Ids("14.03.2022");
  EXPECT_EQ(plain, (std::set<std::string>{"SMO-2021-2023-R2023:2.1"}));
  EXPECT_EQ(Ids("\"14.03.2022\""), plain);
  EXPECT_EQ(Ids("14.03.2022 OR 14.03.2022"), plain);
}

// '+word' was taken as punctuation: `+спорт +Кузбасс` found the 42 measures with either word.
// A '+' item is required, as '-' excludes; the other words then only add weight.
TEST(QueryLanguage, APlusMakesAWordRequired) {
  const std::set<std::string> sport = Ids("спорт");
  std::set<std::string> sport_kuzbass;
  for (const std::string& id : Ids("спорт AND Кузбасс")) sport_kuzbass.insert(id);
  ASSERT_FALSE(sport_kuzbass.empty());
  ASSERT_LT(sport_kuzbass.size(), sport.size());
  EXPECT_EQ(Ids("+спорт +Кузбасс"), sport_kuzbass);
  EXPECT_EQ(Ids("+спорт Кузбасс"), sport);  // Кузбасс only weighs
  EXPECT_EQ(Ids("+(спорт OR туризм) -Пермский"), Ids("(спорт OR туризм) -Пермский"));
  EXPECT_EQ(Ids("+region:Томская спорт"), Ids("спорт region:Томская"));
  // A measure with the optional word comes first.
  Status error;
  const std::optional<SearchResponse> r = Try("+спорт Кузбасс", &error);
  ASSERT_TRUE(r) << error.message;
  ASSERT_FALSE(r->hits.empty());
  EXPECT_TRUE(sport_kuzbass.count(r->hits[0].id)) << r->hits[0].id;
  EXPECT_FALSE(IsPlainQuery("+спорт"));
  EXPECT_TRUE(IsPlainQuery("C++ спорт"));
}

TEST(QueryLanguage, FieldsFilterWithoutWeightAndCombineWithWords) {
  EXPECT_EQ(Ids("region:Пермский").size(), 36u);
  EXPECT_EQ(Ids("year:2021").size(), 34u);  // counted by hand: searcher_test.cc
  EXPECT_EQ(Ids("kind:report").size(), 11u);
  std::set<std::string> tomsk;
  for (const std::string& id : Ids("спорт OR туризм")) {
    if (id.rfind("TOM-", 0) == 0) tomsk.insert(id);
  }
  EXPECT_EQ(Ids("(спорт OR туризм) region:Томская"), tomsk);
  EXPECT_EQ(Ids("region:Пермский OR region:Томская").size(), 36u + 23u);
}

}  // namespace
}  // namespace karta::query
