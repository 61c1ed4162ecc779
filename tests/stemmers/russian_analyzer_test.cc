#include "stemmers/russian_analyzer.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace karta {
namespace {

// xapian's voc.txt/output.txt habit: a file of word → expected term, all checked.
TEST(RussianAnalyzer, WordsGiveTheExpectedTerms) {
  std::ifstream in(std::string(KARTA_TESTS_DIR) + "/stemmers/data/russian_terms.tsv");
  ASSERT_TRUE(in) << "missing russian_terms.tsv";
  std::string line;
  size_t checked = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const size_t tab = line.find('\t');
    ASSERT_NE(tab, std::string::npos) << line;
    const std::string word = line.substr(0, tab), expected = line.substr(tab + 1);
    EXPECT_EQ(RussianAnalyzer::Default().Term(word), expected) << word;
    ++checked;
  }
  EXPECT_GE(checked, 50u);
}

TEST(RussianAnalyzer, InflectionsOfOneWordMeet) {
  const RussianAnalyzer& a = RussianAnalyzer::Default();
  EXPECT_EQ(a.Term("спортсмены"), a.Term("спортсменов"));
  EXPECT_EQ(a.Term("молодёжь"), a.Term("молодежи"));
  EXPECT_NE(a.Term("культура"), a.Term("спорт"));
}

TEST(RussianAnalyzer, NormalizeComposesCombiningYoAndFoldsIt) {
  // «е» + U+0308 COMBINING DIAERESIS is «ё» in NFC, then folded to «е».
  EXPECT_EQ(RussianAnalyzer::Default().Normalize("Молоде\xCC\x88жь"), "молодежь");
}

TEST(RussianAnalyzer, IndexAndQuerySidesAgree) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Xapian::TermGenerator tg;
  RussianAnalyzer::Default().Configure(&tg);
  Xapian::Document doc;
  tg.set_document(doc);
  tg.index_text(RussianAnalyzer::Default().Normalize(
      "участие в крупнейших конгрессно-выставочных мероприятиях в Санкт- Петербургском форуме"));
  db.add_document(doc);
  Xapian::QueryParser qp;
  RussianAnalyzer::Default().Configure(&qp);
  qp.set_database(db);
  qp.set_default_op(Xapian::Query::OP_AND);
  for (const char* q : {"конгрессно-выставочных", "выставочные", "конгрессно",
                        "санкт-петербургский", "Петербургскому форуму", "мероприятия"}) {
    Xapian::Enquire e(db);
    e.set_query(qp.parse_query(RussianAnalyzer::Default().Normalize(q)));
    EXPECT_EQ(e.get_mset(0, 10).size(), 1u) << q;
  }
}

}  // namespace
}  // namespace karta
