#include "stemmers/query_expansion.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace karta {
namespace {

// A tiny in-memory index of texts, indexed as karta does, searched with expansion.
class TinyIndex {
 public:
  explicit TinyIndex(const std::vector<std::string>& texts)
      : db_(std::string(), Xapian::DB_BACKEND_INMEMORY) {
    Xapian::TermGenerator tg;
    RussianAnalyzer::Default().Configure(&tg);
    for (const std::string& t : texts) {
      Xapian::Document doc;
      tg.set_document(doc);
      const std::string folded = RussianAnalyzer::Default().Normalize(t);
      tg.index_text(folded);
      RussianAnalyzer::Default().AddCompoundTerms(folded, &doc);  // as the index writer does
      doc.set_data(t);
      db_.add_document(doc);
    }
  }
  // Texts matching, best first.
  std::vector<std::string> Search(const std::string& q) {
    Xapian::Enquire e(db_);
    e.set_query(QueryExpansion::Default().Build(q, Xapian::Query::OP_AND));
    std::vector<std::string> out;
    for (const auto& it : e.get_mset(0, 10)) out.push_back(db_.get_document(it).get_data());
    return out;
  }

 private:
  Xapian::WritableDatabase db_;
};

TEST(QueryExpansion, FamiliesJoinDerivationsButRankTheExactWordFirst) {
  TinyIndex index(
      {"развитие спортивной инфраструктуры", "участие спортсменов", "поддержка спорта"});
  const auto hits = index.Search("спорт");
  ASSERT_EQ(hits.size(), 3u);
  EXPECT_EQ(hits[0], "поддержка спорта");
}

TEST(QueryExpansion, VowelDroppingFormsAreListedTogether) {
  TinyIndex index({"форум добровольцев", "развитие волонтерства"});
  EXPECT_EQ(index.Search("волонтеры").size(), 2u);
  EXPECT_EQ(index.Search("доброволец").size(), 2u);
}

TEST(QueryExpansion, AbbreviationsMeetTheirExpansionBothWays) {
  TinyIndex index({"поддержка НКО", "работа с некоммерческими организациями", "поддержка СМИ"});
  auto nko = index.Search("НКО");
  EXPECT_EQ(nko.size(), 2u);
  auto full = index.Search("некоммерческие организации");
  EXPECT_EQ(full.size(), 2u);
  EXPECT_EQ(full[0], "работа с некоммерческими организациями");
  EXPECT_EQ(index.Search("средства массовой информации").size(), 1u);
}

TEST(QueryExpansion, WordsCloseTogetherRankAboveScatteredOnes) {
  TinyIndex index({"малого бизнеса в сфере услуг, среднего звена и прочего предпринимательства",
                   "развитие малого и среднего предпринимательства"});
  const auto hits = index.Search("малого среднего предпринимательства");
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0], "развитие малого и среднего предпринимательства");
}

TEST(QueryExpansion, OneWordCompoundsMeetTheirParts) {
  TinyIndex index({"развитие агропромышленного комплекса", "промышленное производство",
                   "сельскохозяйственная продукция"});
  EXPECT_EQ(index.Search("промышленность").size(), 2u);  // finds «агропромышленного» too
  auto agro = index.Search("агропромышленный");
  ASSERT_EQ(agro.size(), 2u);                                  // and the other way round,
  EXPECT_EQ(agro[0], "развитие агропромышленного комплекса");  // the compound itself first
  EXPECT_EQ(index.Search("хозяйственная").size(), 1u);
  EXPECT_EQ(RussianAnalyzer::Default().CompoundRemainder("экология"), "");
  EXPECT_EQ(RussianAnalyzer::Default().CompoundRemainder("автоматизированных"), "");
  EXPECT_EQ(RussianAnalyzer::Default().CompoundRemainder("гидротехнических"), "технических");
}

TEST(QueryExpansion, NounsFindTheirRelationalAdjectivesAtALowerWeight) {
  TinyIndex index({"развитие телемедицинских технологий", "телемедицина в регионах",
                   "обмен медицинскими кадрами", "частный сектор"});
  const auto tele = index.Search("телемедицина");  // its adjective, and its part «медицина»
  ASSERT_EQ(tele.size(), 3u);
  EXPECT_EQ(tele[0], "телемедицина в регионах");  // the word typed ranks first
  EXPECT_EQ(index.Search("медицина").size(), 3u);  // and «медицинскими», «телемедицинских»
  EXPECT_TRUE(index.Search("часть").empty());  // «частный» is not «of a part»
}

TEST(QueryExpansion, ClippedCompoundsFindTheWordsWrittenInFull) {
  TinyIndex index({"в сфере социальной защиты населения", "защита прав потребителей",
                   "предоставление государственных услуг", "соцзащита"});
  const auto hits = index.Search("соцзащита");
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0], "соцзащита");
  EXPECT_EQ(hits[1], "в сфере социальной защиты населения");
  EXPECT_EQ(index.Search("госуслуги"),
            std::vector<std::string>{"предоставление государственных услуг"});
  EXPECT_TRUE(index.Search("турнир").empty());  // «тур» + a 3-letter rest is no compound
}

TEST(QueryExpansion, ColloquialNamesFindTheOfficialOnes) {
  TinyIndex index({"сотрудничество образовательных организаций высшего образования",
                   "вопросы дошкольного, общего и среднего профессионального образования",
                   "повышение квалификации медицинских специалистов", "охрана водных объектов",
                   "высшая математика"});
  EXPECT_EQ(
      index.Search("вузы"),
      std::vector<std::string>{"сотрудничество образовательных организаций высшего образования"});
  EXPECT_EQ(index.Search("водоёмы"), std::vector<std::string>{"охрана водных объектов"});
  // «общее образование» is named although coordinated adjectives stand between its words.
  EXPECT_EQ(index.Search("общее образование").front(),
            "вопросы дошкольного, общего и среднего профессионального образования");
  // Lines naming a shared member are one group: ДПО is «дополнительное профессиональное
  // образование», which is given as повышение квалификации.
  EXPECT_EQ(index.Search("ДПО"),
            std::vector<std::string>{"повышение квалификации медицинских специалистов"});
}

// Regression (review): lines sharing only a one-word member — an ambiguous abbreviation — must
// not make its meanings one group.
TEST(QueryExpansion, AnAmbiguousAbbreviationDoesNotJoinItsMeanings) {
  TinyIndex index({"развитие геоинформационных систем", "государственные информационные системы"});
  EXPECT_EQ(index.Search("ГИС").size(), 2u);  // either meaning
  EXPECT_EQ(index.Search("геоинформационная система"),
            std::vector<std::string>{"развитие геоинформационных систем"});
}

TEST(QueryExpansion, NarrowerTermsAreFoundFromTheBroaderOneOnly) {
  TinyIndex index({"турнир по дзюдо", "соревнования по боксу", "развитие единоборств",
                   "меры социальной поддержки"});
  const auto broad = index.Search("единоборства");
  ASSERT_EQ(broad.size(), 3u);
  EXPECT_EQ(broad[0], "развитие единоборств");
  EXPECT_EQ(index.Search("дзюдо"), std::vector<std::string>{"турнир по дзюдо"});  // no siblings
  // A clipped compound names what its full form names: соцзащита → «социальная защита»,
  // whose narrower terms include «социальная поддержка».
  EXPECT_EQ(index.Search("соцзащита"), std::vector<std::string>{"меры социальной поддержки"});
}

TEST(QueryExpansion, StopwordsOnlyGiveAnEmptyQuery) {
  EXPECT_TRUE(QueryExpansion::Default().Build("и в на", Xapian::Query::OP_AND).empty());
}

}  // namespace
}  // namespace karta
