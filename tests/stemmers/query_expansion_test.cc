#include "stemmers/query_expansion.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "tests/test_support.h"

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

TEST(QueryExpansion, HyphenatedCompoundsFindTheirPartsWrittenApart) {
  TinyIndex index({"развитие социального партнерства и охраны труда",
                   "регулирование социально-трудовых отношений", "охрана труда",
                   "социальное обслуживание"});
  const auto hits = index.Search("социально-трудовые");
  ASSERT_EQ(hits.size(), 2u);  // both parts, in any form and order; not one of them alone
  EXPECT_EQ(hits[0], "регулирование социально-трудовых отношений");  // the compound first
  EXPECT_EQ(hits[1], "развитие социального партнерства и охраны труда");
  // Quotes mean as written: no parts apart.
  EXPECT_EQ(QueryExpansion::Default().BuildPhrase("социально-трудовые").get_length(), 2u);
}

TEST(QueryExpansion, AOneWordCompoundRanksMeasuresWithBothItsPartsFirst) {
  TinyIndex index({"цифровые технологии и технологии связи, новые технологии",
                   "технологии в отраслях агропромышленного комплекса",
                   "поддержка агропромышленного комплекса", "энергосбережение в регионе",
                   "сбережение ресурсов, сбережение средств", "сбережение ресурсов в энергетике"});
  // The rest alone still matches; the combining form alone does not.
  const auto agro = index.Search("агротехнологии");
  ASSERT_EQ(agro.size(), 2u);
  EXPECT_EQ(agro[0], "технологии в отраслях агропромышленного комплекса");
  // The form in a word of its family: «энергетике» and «сбережение» apart come before
  // «сбережение» alone.
  const auto energy = index.Search("энергосбережение");
  ASSERT_EQ(energy.size(), 3u);
  EXPECT_EQ(energy[0], "энергосбережение в регионе");
  EXPECT_EQ(energy[1], "сбережение ресурсов в энергетике");
}

TEST(QueryExpansion, AWordInsideAFixedNameOfAnotherThingDoesNotStandForItself) {
  TinyIndex index({"сотрудничество в области высшей школы", "работа школ региона",
                   "исполнение федерального закона"});
  // «школа» is a name of general education, «высшая школа» one of higher education: an
  // expansion to «школа» does not find it…
  EXPECT_EQ(index.Search("школьный"), std::vector<std::string>{"работа школ региона"});
  // …but the word typed does, as written.
  EXPECT_EQ(index.Search("школа").size(), 2u);
  // A federal law is a kind of law (narrower_terms_ru.tsv): expanding to «закон» finds it.
  EXPECT_EQ(index.Search("законодательство"),
            std::vector<std::string>{"исполнение федерального закона"});
}

TEST(QueryExpansion, ATypedWordOfANamedKindWeighsLittleInsideTheNameOfAnotherKind) {
  TinyIndex index({"социальная помощь медицинским работникам",
                   "медицинские работники оказывают помощь", "скорая медицинская помощь",
                   "медицинская и социальная помощь семьям", "развитие туризма", "поддержка спорта",
                   "культурный обмен", "охрана природы", "цифровые технологии", "обмен опытом",
                   "молодежная политика"});
  // «помощь» in «медицинская помощь» is not the help of «социальная помощь», another kind
  // of help the data names: measures with the words typed come before it, even apart or
  // with another kind coordinated («медицинская и социальная помощь»).
  const auto medical = index.Search("медицинская помощь");
  ASSERT_EQ(medical.size(), 4u);
  EXPECT_EQ(medical[0], "скорая медицинская помощь");  // a narrower name holds the broader
  EXPECT_EQ(medical[3], "социальная помощь медицинским работникам");  // still matches
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

TEST(QueryExpansion, AClippedCompoundsFullFormWeighsOnceBelowTheWordTyped) {
  // «физическая культура» is both the clipped word's full form and another name in its
  // group: it counts once, at the lower weight, not twice above the word typed.
  TinyIndex index({"развитие физической культуры", "развитие физкультуры", "поддержка спорта"});
  const auto hits = index.Search("физкультура");
  ASSERT_EQ(hits.size(), 3u);
  EXPECT_EQ(hits[0], "развитие физкультуры");
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
TEST(QueryExpansion, ANameFindsItsCompoundAdjectiveWithAnotherNoun) {
  TinyIndex index({"реализация научно-исследовательских программ", "научные программы",
                   "опытно-конструкторские работы предприятий", "исследовательские работы"});
  // НИОКР: «научно-исследовательские и опытно-конструкторские работы».
  // Either compound adjective with any noun; not the adjectives' parts without the compound.
  const auto hits = index.Search("НИОКР");
  EXPECT_EQ(std::set<std::string>(hits.begin(), hits.end()),
            (std::set<std::string>{"реализация научно-исследовательских программ",
                                   "опытно-конструкторские работы предприятий"}));
}

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

// Queries of every shape the expansion builds: one word (with family, relatives, a clipped
// compound), words of a named expression, an abbreviation, a hyphenated word, stopwords.
const char* const kShapes[] = {"спортсмены",
                               "культурное наследие",
                               "НКО",
                               "соцзащита",
                               "молодежная политика",
                               "вуз",
                               "Санкт-Петербург",
                               "обмен опытом",
                               "агропромышленный",
                               "физическая культура и спорт",
                               "туризм в регионе"};

std::map<Xapian::docid, double> Weights(const Xapian::Database& db, const Xapian::Query& q) {
  Xapian::Enquire enquire(db);
  enquire.set_query(q);
  std::map<Xapian::docid, double> out;
  const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
  for (auto it = mset.begin(); it != mset.end(); ++it) out[*it] = it.get_weight();
  return out;
}

// BuildRanked reads each posting list fewer times than the two queries it stands for, and
// must weigh every measure exactly as they do.
TEST(QueryExpansion, RankedQueryWeighsAsAnyWordPlusAllWords) {
  const Xapian::Database db(testing::SharedCorpusIndex());
  const QueryExpansion& x = QueryExpansion::Default();
  for (const char* q : kShapes) {
    const auto expected =
        Weights(db, Xapian::Query(Xapian::Query::OP_AND_MAYBE, x.Build(q, Xapian::Query::OP_OR),
                                  x.Build(q, Xapian::Query::OP_AND)));
    const auto got = Weights(db, x.BuildRanked(q));
    ASSERT_FALSE(expected.empty()) << q;
    ASSERT_EQ(got.size(), expected.size()) << q;
    for (const auto& [docid, weight] : expected) {
      ASSERT_TRUE(got.count(docid)) << q << " " << docid;
      EXPECT_NEAR(got.at(docid), weight, 1e-9 * weight) << q << " " << docid;
    }
  }
}

// Without the ranking parts (proximity, phrases implied by one of their own words) the query
// matches exactly the same measures.
TEST(QueryExpansion, TheMatchSetWithoutRankingPartsMatchesTheSameMeasures) {
  const Xapian::Database db(testing::SharedCorpusIndex());
  const QueryExpansion& x = QueryExpansion::Default();
  for (const char* q : kShapes) {
    for (Xapian::Query::op op : {Xapian::Query::OP_OR, Xapian::Query::OP_AND}) {
      std::set<Xapian::docid> ranking, matching;
      for (const auto& [docid, weight] : Weights(db, x.Build(q, op, true))) ranking.insert(docid);
      for (const auto& [docid, weight] : Weights(db, x.Build(q, op, false))) matching.insert(docid);
      EXPECT_EQ(ranking, matching) << q;
    }
  }
  // «спортсмены» also finds the phrase «спортивная смена», which its family word «спортивный»
  // already finds: the match set has no phrase to check.
  EXPECT_NE(x.Build("спортсмены", Xapian::Query::OP_OR, true).get_description().find("PHRASE"),
            std::string::npos);
  EXPECT_EQ(x.Build("спортсмены", Xapian::Query::OP_OR, false).get_description().find("PHRASE"),
            std::string::npos);
}

}  // namespace
}  // namespace karta
