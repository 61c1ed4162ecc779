// The five real documents of corpus/: counts per document (computed by hand from the files),
// spot-checked fields for every quirk, and a conservation check that no word of any table
// cell is lost.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "index/document_parser.h"
#include "index/table_reader.h"
#include "index/text_decoder.h"
#include "stemmers/unicode_text.h"
#include "tests/test_support.h"

namespace karta {
namespace {

using testing::CorpusPath;
using testing::FindMeasure;
using testing::ParseOrDie;
using Names = std::vector<std::string>;

const char kKuzbass[] = "000_05df430147e04de3.txt";
const char kPerm[] = "001_30d1422bfb731976.txt";
const char kKaliningrad[] = "002_319fc5bf05c90be2.txt";
const char kTomsk[] = "003_e5380288b67955c6.txt";
const char kSmolensk[] = "004_63e2d36a9137870e.txt";

struct Expected {
  const char* file;
  DocumentKind kind;
  const char* region;
  int from, to;
  size_t measures;
};

TEST(Corpus, EveryDocumentYieldsItsAgreementAndMeasureCount) {
  const Expected expected[] = {
      {kKuzbass, DocumentKind::kPlan, "Кемеровская область – Кузбасс", 2025, 2029, 32},
      {kPerm, DocumentKind::kPlan, "Пермский край", 2024, 2026, 36},
      {kKaliningrad, DocumentKind::kPlan, "Калининградская область", 2023, 2026, 41},
      {kTomsk, DocumentKind::kPlan, "Томская область", 2020, 2022, 23},
      {kSmolensk, DocumentKind::kReport, "Смоленская область", 2021, 2023, 11},
  };
  for (const Expected& e : expected) {
    Agreement a = ParseOrDie(CorpusPath(e.file));
    EXPECT_EQ(a.kind, e.kind) << e.file;
    EXPECT_EQ(a.region, e.region) << e.file;
    EXPECT_EQ(a.period_from, e.from) << e.file;
    EXPECT_EQ(a.period_to, e.to) << e.file;
    EXPECT_EQ(a.measures.size(), e.measures) << e.file;
    for (const Diagnostic& w : a.warnings) ADD_FAILURE() << "unexpected warning " << w.ToString();
  }
}

TEST(Corpus, EveryMeasureIsCompleteAndIdsAreUnique) {
  std::set<std::string> ids;
  size_t total = 0;
  for (const std::string& path : testing::CorpusFiles()) {
    Agreement a = ParseOrDie(path);
    for (const Measure& m : a.measures) {
      ++total;
      EXPECT_TRUE(ids.insert(m.id).second) << "duplicate id " << m.id;
      EXPECT_FALSE(m.text.empty()) << m.id;
      EXPECT_FALSE(m.section.spheres.empty()) << m.id;
      EXPECT_FALSE(m.spb_agencies.empty() && m.partner_agencies.empty()) << m.id;
      EXPECT_TRUE(m.deadline.from && m.deadline.to) << m.id;
      EXPECT_EQ(m.number.back() == '.', false) << m.id;
      EXPECT_EQ(m.text.find("<"), std::string::npos) << m.id;
      EXPECT_EQ(m.text.find("**"), std::string::npos) << m.id;
    }
  }
  EXPECT_EQ(total, 143u);
}

TEST(Corpus, RepeatedRowIsKeptOnceAndComplete) {
  Agreement a = ParseOrDie(CorpusPath(kKaliningrad));
  size_t count = 0;
  for (const Measure& m : a.measures) count += m.number == "1.3";
  EXPECT_EQ(count, 1u);
  const Measure* m = FindMeasure(a, "1.3");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->text,
            "Содействие участию представителей хозяйствующих субъектов Калининградской области в "
            "ежегодном Петербургском международном инновационном форуме в случае поступления "
            "соответствующих обращений");
}

TEST(Corpus, AgencySplitAcrossPageBreakIsOneAgency) {
  Agreement kuzbass = ParseOrDie(CorpusPath(kKuzbass));
  const Measure* m = FindMeasure(kuzbass, "5.1");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->partner_agencies,
            (Names{"Министерство культуры и национальной политики Кузбасса",
                   "Комитет по охране объектов культурного наследия Кузбасса"}));
  Agreement tomsk = ParseOrDie(CorpusPath(kTomsk));
  m = FindMeasure(tomsk, "1.1");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->spb_agencies.size(), 3u);
  EXPECT_EQ(m->partner_agencies,
            (Names{"Департамент промышленности и энергетики Администрации Томской области",
                   "Департамент по развитию инновационной и предпринимательской деятельности "
                   "Томской области",
                   "Департамент архитектуры и строительства Томской области",
                   "Департамент транспорта, дорожной деятельности и связи Томской области",
                   "Департамент ЖКХ и государственного жилищного надзора Томской области"}));
}

TEST(Corpus, ContinuationRowsCompleteMeasureText) {
  Agreement perm = ParseOrDie(CorpusPath(kPerm));
  const Measure* m = FindMeasure(perm, "13.2");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->text,
            "Участие специалистов в сфере информатизации Санкт-Петербурга и Пермского края в "
            "работе научно-практических конференций, семинаров, совещаний по вопросам расширения "
            "сфер внедрения цифровых технологий");
  EXPECT_EQ(m->section.spheres, (Names{"Информатизация и связь", "Средства массовой информации"}));
}

TEST(Corpus, DeadlinesOfEveryShape) {
  Agreement perm = ParseOrDie(CorpusPath(kPerm));
  const Measure* annual = FindMeasure(perm, "3.2");
  ASSERT_NE(annual, nullptr);
  EXPECT_EQ(annual->deadline.raw, "Ежегодно в декабре");
  EXPECT_TRUE(annual->deadline.annual);
  EXPECT_EQ(annual->deadline.from, 2024);
  EXPECT_EQ(annual->deadline.to, 2026);
  const Measure* single = FindMeasure(perm, "10.3");
  ASSERT_NE(single, nullptr);
  EXPECT_EQ(single->deadline.raw, "2025 гг.");
  EXPECT_EQ(single->deadline.from, 2025);
  EXPECT_EQ(single->deadline.to, 2025);
  Agreement kaliningrad = ParseOrDie(CorpusPath(kKaliningrad));
  const Measure* one_year = FindMeasure(kaliningrad, "8.3");
  ASSERT_NE(one_year, nullptr);
  EXPECT_EQ(one_year->deadline.from, 2023);
  EXPECT_EQ(one_year->deadline.to, 2023);
}

TEST(Corpus, ReportMeasuresCarryAllTheirProgressEntries) {
  Agreement a = ParseOrDie(CorpusPath(kSmolensk));
  EXPECT_EQ(a.report_year, 2023);
  std::map<std::string, size_t> progress;
  for (const Measure& m : a.measures) progress[m.number] = m.progress.size();
  EXPECT_EQ(progress, (std::map<std::string, size_t>{{"2.1", 1},
                                                     {"4.3", 1},
                                                     {"7.1", 1},
                                                     {"7.2", 1},
                                                     {"7.3", 1},
                                                     {"7.6", 1},
                                                     {"8.2", 7},
                                                     {"9.1", 8},
                                                     {"11.1", 1},
                                                     {"12.3", 1},
                                                     {"12.5", 1}}));
  const Measure* m = FindMeasure(a, "7.6");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->partner_agencies, (Names{"Департамент Смоленской области по социальному развитию",
                                        "Департамент Смоленской области по внутренней политике",
                                        "Главное управление Смоленской области по делам молодежи и "
                                        "гражданско-патриотическому воспитанию"}));
  EXPECT_TRUE(m->spb_agencies.empty());
  const Measure* first = FindMeasure(a, "2.1");
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->notes, Names{"ликвидировано с 14.03.2022 года, создан АНО «Центр развития "
                                "туризма Смоленской области»"});
  EXPECT_EQ(first->progress.front().rfind("28 февраля – 1 марта 2023 года", 0), 0u);
}

// Conservation: every word of every table row after the header appears in the parsed output.
TEST(Corpus, NoWordOfAnyTableCellIsLost) {
  for (const std::string& path : testing::CorpusFiles()) {
    Agreement a = ParseOrDie(path);
    std::set<std::string> out;
    auto add = [&out](const std::string& s) {
      for (std::string& w : SplitWords(FoldCase(s))) out.insert(std::move(w));
    };
    for (const Measure& m : a.measures) {
      add(m.number + " " + m.section.number + " " + m.section.heading + " " + m.text + " " +
          m.deadline.raw);
      for (const auto* list : {&m.spb_agencies, &m.partner_agencies, &m.progress, &m.notes}) {
        for (const std::string& s : *list) add(s);
      }
    }
    DecodeResult decoded = DecodeDocument(testing::ReadFile(path));
    ASSERT_TRUE(decoded.decoded);
    TableText table = ReadTable(decoded.decoded->text);
    std::vector<TextLine> footnotes;
    for (const TextLine& t : table.trailer) {
      if (t.text.front() == '*') footnotes.push_back(t);
    }
    const int first_line = a.measures.front().line;
    size_t checked = 0;
    for (const Row& row : table.rows) {
      if (row.line < first_line - 1) continue;  // header rows
      for (const Cell& cell : row.cells) {
        for (const std::string& w : SplitWords(FoldCase(cell.Text()))) {
          if (w.size() == 1 && std::isdigit(static_cast<unsigned char>(w[0]))) continue;
          ++checked;
          EXPECT_TRUE(out.count(w)) << path << ":" << cell.line << ": lost word «" << w << "»";
        }
      }
    }
    EXPECT_GT(checked, 1000u) << path;
  }
}

}  // namespace
}  // namespace karta
