#include "stemmers/word_formation.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace karta {
namespace {

bool Meet(const std::string& a, const std::string& b) {
  const RussianAnalyzer& analyzer = RussianAnalyzer::Default();
  const std::string sa = analyzer.Term(analyzer.Normalize(a));
  const std::string sb = analyzer.Term(analyzer.Normalize(b));
  if (sa == sb) return true;
  const auto ra = WordFormation::Default().Relatives(analyzer.Normalize(a));
  const auto rb = WordFormation::Default().Relatives(analyzer.Normalize(b));
  const bool forward = std::find(ra.begin(), ra.end(), sb) != ra.end();
  const bool back = std::find(rb.begin(), rb.end(), sa) != rb.end();
  return forward || back;
}

// Nouns and their relational adjectives, none of them in word_families_ru.txt: the rules alone
// join them, in both directions, whatever the inflection.
TEST(WordFormation, NounsMeetTheirRelationalAdjectives) {
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"медицина", "медицинских"},
      {"телемедицина", "телемедицинских"},
      {"экономика", "экономический"},
      {"статистика", "статистическими"},
      {"аналитика", "аналитических"},
      {"политика", "политической"},
      {"демография", "демографической"},
      {"технология", "технологических"},
      {"история", "исторического"},
      {"климат", "климатических"},
      {"миграция", "миграционной"},
      {"информация", "информационных"},
      {"организация", "организационный"},
      {"профессия", "профессиональных"},
      {"регион", "региональных"},
      {"центр", "центральный"},
      {"продовольствие", "продовольственных"},
      {"производство", "производственной"},
      {"хозяйство", "хозяйственных"},
      {"культура", "культурного"},
      {"композиты", "композитный"},
      {"спорт", "спортивных"},
      {"туризм", "туристской"},
      {"туризм", "туристических"},
      {"патриотизм", "патриотического"},
      {"дорога", "дорожной"},
      {"выставка", "выставочных"},
      {"ярмарка", "ярмарочных"},
      {"оценка", "оценочных"},
      {"столица", "столичных"},
      {"гостиница", "гостиничного"},
      {"успех", "успешных"},
      {"воздух", "воздушного"},
      {"город", "городской"},
      {"кадры", "кадровой"},
      {"норматив", "нормативных"},
      {"область", "областной"},
      {"музыка", "музыкальной"},
  };
  for (const auto& [noun, adjective] : pairs) {
    EXPECT_TRUE(Meet(noun, adjective)) << noun << " / " << adjective;
  }
}

// Pairs that look like a noun and its adjective but mean unrelated things. Some are kept apart
// by the minimum root length (short roots resemble each other by chance), the rest by
// word_formation_exceptions_ru.txt. (Not listed: искусство — искусственный, единство —
// единственный, существо — существенный, which no rule joins but repeated Snowball stemming
// gives one term; see RussianAnalyzer.)
TEST(WordFormation, UnrelatedLookalikesDoNotMeet) {
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"часть", "частный"},
      {"среда", "средний"},
      {"место", "местный"},
      {"объект", "объективный"},
      {"точка", "точный"},
      {"глава", "главный"},
      {"форма", "формальный"},
      {"норма", "нормальный"},
      {"орган", "органический"},
      {"класс", "классический"},
      {"экономия", "экономический"},
      {"берег", "бережный"},
      {"пол", "полный"},
      {"край", "крайний"},
      {"вид", "видный"},
      {"ум", "умный"},
      {"том", "томский"},
      {"физ", "физический"},
      {"кур", "курский"},
      {"сто", "стойкий"},
      {"вода", "водка"},
      {"срок", "срочный"},
      {"физика", "физический"},
      {"мир", "мирный"},
  };
  for (const auto& [a, b] : pairs) EXPECT_FALSE(Meet(a, b)) << a << " / " << b;
}

TEST(WordFormation, RulesComeFromTheDataFile) {
  const RussianAnalyzer& analyzer = RussianAnalyzer::Default();
  auto has = [](const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
  };
  const WordFormation only_sk("-\tск\n", "", analyzer);
  EXPECT_TRUE(has(only_sk.Relatives("медицина"), "медицинск"));
  EXPECT_TRUE(has(only_sk.Relatives("медицинских"), "медицин"));
  EXPECT_FALSE(has(only_sk.Relatives("наука"), "научн"));  // needs the к → ч rule
  EXPECT_TRUE(has(WordFormation::Default().Relatives("наука"), "научн"));
  const WordFormation with_exception("-\tск\n", "медицина медицинский\n", analyzer);
  EXPECT_FALSE(has(with_exception.Relatives("медицина"), "медицинск"));
}

}  // namespace
}  // namespace karta

namespace karta {
namespace {

// No word but a function word is stemmed to one: Snowball's repeated rounds would cut
// «военный» to «во» and «АО» to «а», and the word would match every «во» and «а»; nor is a
// function word a relative by word formation («передовой» — «перед»).
TEST(RussianAnalyzer, NoWordIsStemmedToAFunctionWord) {
  const RussianAnalyzer& a = RussianAnalyzer::Default();
  EXPECT_EQ(a.Term("военный"), a.Term("военного"));
  EXPECT_NE(a.Term("военный"), "во");
  EXPECT_NE(a.Term("АО"), "а");
  EXPECT_NE(a.Term("передовых"), "перед");
  EXPECT_EQ(a.Term("спортсмены"), a.Term("спортсменов"));  // the rounds still join inflections
  EXPECT_EQ(a.Term("музеи"), a.Term("музеев"));
  for (const std::string& r : WordFormation::Default().Relatives("передовых")) {
    EXPECT_NE(r, "перед");
  }
  for (const std::string& r : WordFormation::Default().Relatives("наименование")) {
    EXPECT_NE(r, "на");
  }
}

}  // namespace
}  // namespace karta
