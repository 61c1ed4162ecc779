// Each layout quirk on a small hand-made fixture (tests/fixtures/).
#include "index/document_parser.h"

#include <gtest/gtest.h>

#include <boost/locale/encoding.hpp>

#include "index/agreement_header.h"
#include "tests/test_support.h"

namespace karta {
namespace {

using testing::FindMeasure;
using testing::FixturePath;
using testing::ParseBytesOrDie;
using testing::ParseOrDie;
using Names = std::vector<std::string>;

TEST(PlanParser, ReadsAgreementMetadataFromTitle) {
  Agreement a = ParseOrDie(FixturePath("plan_page_break.txt"));
  EXPECT_EQ(a.kind, DocumentKind::kPlan);
  EXPECT_EQ(a.region, "Пермский край");
  EXPECT_EQ(a.period_from, 2024);
  EXPECT_EQ(a.period_to, 2026);
  EXPECT_FALSE(a.report_year);
  EXPECT_EQ(a.measures.size(), 3u);
}

TEST(PlanParser, JoinsPageBreakContinuation) {
  Agreement a = ParseOrDie(FixturePath("plan_page_break.txt"));
  const Measure* m = FindMeasure(a, "1.1");
  ASSERT_NE(m, nullptr);
  // Two page breaks; the word hyphenated at the first one is joined without a space.
  EXPECT_EQ(m->text,
            "Содействие участию спортсменов в конгрессно-выставочных мероприятиях Пермского края "
            "и проводимых на территориях регионов");
  EXPECT_EQ(m->deadline.raw, "2024-2026 гг.");
}

// «Санкт-» at the end of a page and «Петербурге» on the next is one name: a hyphen closing a
// word is followed by the rest of it, capital or not.
TEST(PlanParser, ANameHyphenatedAcrossAPageBreakIsOneName) {
  const std::string doc =
      "ПЛАН МЕРОПРИЯТИЙ по развитию сотрудничества между Правительством Санкт-Петербурга и "
      "Правительством Новгородской области на 2025-2027 годы\n\n"
      "№ п/п\tНаименование мероприятия\tот Санкт-Петербурга\tот Новгородской области\t"
      "Срок исполнения\n"
      "1.1.\tПроведение Дней Новгородской области в Санкт-\tКомитет по внешним связям "
      "Санкт-Петербурга\tМинистерство культуры Новгородской области\t2025 г.\n"
      "\tПетербурге\t\t\t\n";
  const Agreement a = ParseBytesOrDie(doc, "hyphen.txt");
  ASSERT_EQ(a.measures.size(), 1u);
  EXPECT_EQ(a.measures[0].text, "Проведение Дней Новгородской области в Санкт-Петербурге");
}

// A header hyphenated by hand to fit its column names it as the whole word: «Приме-чание» is
// the notes column, not an unknown one.
TEST(PlanParser, AHeaderHyphenatedByHandNamesItsColumn) {
  for (const char* header : {"Приме-чание", "Приме -чание"}) {
    SCOPED_TRACE(header);
    const std::string doc =
        "ПЛАН МЕРОПРИЯТИЙ по развитию сотрудничества между Правительством Санкт-Петербурга и "
        "Правительством Ямало-Ненецкого автономного округа на 2025-2027 годы\n\n"
        "№ п/п\tНаименование мероприятия\tот Санкт-Петербурга\tСрок исполнения\t" +
        std::string(header) +
        "\n1.1.\tОбмен опытом\tКомитет по внешним связям Санкт-Петербурга\t2025 г.\t"
        "По заявкам\n";
    const Agreement a = ParseBytesOrDie(doc, "yanao.txt");
    ASSERT_EQ(a.measures.size(), 1u);
    EXPECT_EQ(a.measures[0].notes, std::vector<std::string>{"По заявкам"});
    EXPECT_TRUE(a.measures[0].extra.empty());
  }
}

TEST(PlanParser, JoinsAgencySplitAcrossPageBreaks) {
  Agreement a = ParseOrDie(FixturePath("plan_page_break.txt"));
  const Measure* m = FindMeasure(a, "1.1");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->partner_agencies, (Names{"Министерство физической культуры и спорта Пермского края",
                                        "Министерство образования и науки Пермского края"}));
  EXPECT_EQ(m->spb_agencies, Names{"Комитет по физической культуре и спорту Санкт-Петербурга"});
}

TEST(PlanParser, ContinuationAfterSemicolonStartsNewAgency) {
  Agreement a = ParseOrDie(FixturePath("plan_page_break.txt"));
  const Measure* m = FindMeasure(a, "1.2");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->spb_agencies, (Names{"Комитет по физической культуре и спорту Санкт-Петербурга",
                                    "Комитет по внешним связям Санкт-Петербурга"}));
  EXPECT_TRUE(m->deadline.annual);
  EXPECT_EQ(m->deadline.from, 2024);
  EXPECT_EQ(m->deadline.to, 2026);
}

TEST(PlanParser, AssignsSectionsAndSpheres) {
  Agreement a = ParseOrDie(FixturePath("plan_page_break.txt"));
  const Measure* m = FindMeasure(a, "2.1");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->section.number, "2");
  EXPECT_EQ(m->section.heading, "В сфере культуры, туризма и архивного дела");
  EXPECT_EQ(m->section.spheres, (Names{"Культура", "Туризм", "Архивное дело"}));
  EXPECT_EQ(m->deadline.from, 2025);
  EXPECT_EQ(m->deadline.to, 2025);
  EXPECT_EQ(m->id, "PER-2024-2026:2.1");
}

TEST(PlanParser, MergesRowRepeatedAcrossPageBreakKeepingTheCompleteOne) {
  Agreement a = ParseOrDie(FixturePath("plan_repeated_row.txt"));
  ASSERT_EQ(a.measures.size(), 2u);
  const Measure& m = a.measures[0];
  EXPECT_EQ(m.number, "1.1");
  EXPECT_EQ(m.text, "Содействие участию представителей в форуме в случае поступления обращений");
  EXPECT_EQ(m.spb_agencies, Names{"Комитет по внешним связям Санкт-Петербурга"});
  EXPECT_EQ(a.region, "Калининградская область");
  EXPECT_EQ(a.measures[1].deadline.from, 2023);
}

TEST(PlanParser, HandlesHtmlParagraphsBoldSectionsAndTrailingDotNumbers) {
  Agreement a = ParseOrDie(FixturePath("plan_markup.txt"));
  EXPECT_EQ(a.region, "Томская область");  // title comes after a signature block
  EXPECT_EQ(a.period_from, 2020);
  EXPECT_EQ(a.period_to, 2022);
  ASSERT_EQ(a.measures.size(), 2u);
  const Measure& m = a.measures[0];
  EXPECT_EQ(m.number, "1.1");
  EXPECT_EQ(m.section.heading, "Сотрудничество в области образования и науки");
  EXPECT_EQ(m.text, "Обмен информацией о мероприятиях. Содействие участию «в них»");
  EXPECT_EQ(m.spb_agencies, (Names{"Комитет по науке и высшей школе",
                                   "Комитет по внешним связям Санкт-Петербурга"}));
  EXPECT_EQ(m.partner_agencies,
            (Names{"Департамент по развитию инновационной деятельности Томской области",
                   "Департамент науки Томской области"}));
  // A genitive continuation («Администрации …») finishes the agency, «;» separates the next.
  EXPECT_EQ(a.measures[1].partner_agencies,
            (Names{"Департамент экономики Администрации Томской области",
                   "управление культуры администрации Города Томска"}));
}

TEST(ReportParser, ReadsOneCellPerLineLayout) {
  Agreement a = ParseOrDie(FixturePath("report_cells.txt"));
  EXPECT_EQ(a.kind, DocumentKind::kReport);
  EXPECT_EQ(a.region, "Смоленская область");
  EXPECT_EQ(a.report_year, 2023);
  EXPECT_EQ(a.period_from, 2021);
  EXPECT_EQ(a.period_to, 2023);
  ASSERT_EQ(a.measures.size(), 2u);
  EXPECT_EQ(a.measures[0].id, "SMO-2021-2023-R2023:2.1");
  EXPECT_TRUE(a.warnings.empty()) << a.warnings.front().ToString();
}

TEST(ReportParser, JoinsDeadlineSplitAcrossLines) {
  Agreement a = ParseOrDie(FixturePath("report_cells.txt"));
  const Deadline& d = a.measures[0].deadline;
  EXPECT_EQ(d.raw, "2021-2023 годы");
  EXPECT_EQ(d.from, 2021);
  EXPECT_EQ(d.to, 2023);
}

TEST(ReportParser, AttachesFootnoteAndStripsMarkerAndBookmark) {
  Agreement a = ParseOrDie(FixturePath("report_cells.txt"));
  const Measure& m = a.measures[0];
  EXPECT_EQ(m.partner_agencies, (Names{"Департамент инвестиционного развития Смоленской области",
                                       "СОГБУ «Смоленский терем»"}));
  EXPECT_EQ(m.notes, Names{"ликвидировано с 14.03.2022 года"});
  EXPECT_EQ(m.progress, Names{"28 февраля 2023 года представители приняли участие в программе"});
}

TEST(ReportParser, CollectsSeveralProgressEntriesAndBlankLineSeparatedAgencies) {
  Agreement a = ParseOrDie(FixturePath("report_cells.txt"));
  const Measure* m = FindMeasure(a, "9.1");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->partner_agencies, (Names{"Департамент Смоленской области по образованию и науке",
                                        "Главное управление спорта Смоленской области"}));
  EXPECT_EQ(m->progress, (Names{"9 апреля 2023 года прошли соревнования по фехтованию",
                                "9-13 мая 2023 года прошли соревнования по футболу",
                                "2 сентября 2023 года прошел фестиваль по баскетболу"}));
  EXPECT_EQ(m->section.spheres, Names{"Физическая культура и спорт"});
}

TEST(DocumentParser, SameMeasuresFromWindows1251CrlfAndBomCopies) {
  const std::string utf8 = testing::ReadFile(FixturePath("plan_page_break.txt"));
  std::string cp1251_crlf;
  for (char c : boost::locale::conv::from_utf(utf8, "windows-1251")) {
    if (c == '\n') cp1251_crlf += '\r';
    cp1251_crlf += c;
  }
  ParseResult reference = ParseDocumentBytes(utf8, "plan.txt");
  ParseResult converted = ParseDocumentBytes(cp1251_crlf, "plan.txt");
  ParseResult bom = ParseDocumentBytes("\xEF\xBB\xBF" + utf8, "plan.txt");
  ASSERT_TRUE(reference.agreement && converted.agreement && bom.agreement);
  EXPECT_EQ(converted.agreement->encoding, "windows-1251");
  for (const ParseResult* r : {&converted, &bom}) {
    ASSERT_EQ(r->agreement->measures.size(), reference.agreement->measures.size());
    for (size_t i = 0; i < reference.agreement->measures.size(); ++i) {
      const Measure& want = reference.agreement->measures[i];
      const Measure& got = r->agreement->measures[i];
      EXPECT_EQ(got.text, want.text);
      EXPECT_EQ(got.spb_agencies, want.spb_agencies);
      EXPECT_EQ(got.partner_agencies, want.partner_agencies);
      EXPECT_EQ(got.deadline.raw, want.deadline.raw);
      EXPECT_EQ(got.line, want.line);
    }
  }
}

TEST(DocumentParser, RejectsMissingFileNamingIt) {
  ParseResult r = ParseDocumentFile("/nonexistent/plan.txt");
  ASSERT_FALSE(r.agreement);
  EXPECT_EQ(r.error->ToString(), "/nonexistent/plan.txt: no such file");
}

TEST(DocumentParser, RejectsDirectoryBinaryAndEmptyFiles) {
  testing::TempDir tmp;
  EXPECT_NE(ParseDocumentFile(tmp.path().string()).error->message.find("directory"),
            std::string::npos);
  const std::string bin = tmp.Write("scan.pdf", std::string("%PDF\0\x01\x02\x03", 8));
  EXPECT_NE(ParseDocumentFile(bin).error->message.find("binary"), std::string::npos);
  const std::string empty = tmp.Write("empty.txt", "");
  EXPECT_NE(ParseDocumentFile(empty).error->message.find("empty"), std::string::npos);
}

TEST(DocumentParser, RejectsDocumentWithoutMeasures) {
  ParseResult plain = ParseDocumentFile(FixturePath("no_measures.txt"));
  ASSERT_FALSE(plain.agreement);
  EXPECT_NE(plain.error->message.find("no table"), std::string::npos);
  ParseResult headings_only = ParseDocumentFile(FixturePath("no_measure_rows.txt"));
  ASSERT_FALSE(headings_only.agreement);
  EXPECT_NE(headings_only.error->message.find("no measure"), std::string::npos);
}

TEST(DocumentParser, WarnsWithLineWhenTitleNamesNoRegion) {
  ParseResult r = ParseDocumentBytes(
      "План мероприятий на 2024-2026 годы\n\n1.1\tОбмен опытом\tКомитет по культуре\t\t2024 г.\n",
      "anon.txt");
  ASSERT_TRUE(r.agreement);
  EXPECT_TRUE(r.agreement->region.empty());
  bool warned = false;
  for (const Diagnostic& w : r.agreement->warnings) {
    if (w.message.find("no partner region") != std::string::npos) warned = w.line == 1;
  }
  EXPECT_TRUE(warned);
  // Without a region the key comes from the file name, so two such documents never collide.
  const std::string id = r.agreement->measures.front().id;
  EXPECT_EQ(id.rfind("UNK-", 0), 0u) << id;
  EXPECT_NE(id.find("-2024-2026:1.1"), std::string::npos) << id;
  ParseResult other = ParseDocumentBytes(
      "План мероприятий на 2024-2026 годы\n\n1.1\tОбмен опытом\tКомитет по культуре\t\t2024 г.\n",
      "other.txt");
  ASSERT_TRUE(other.agreement);
  EXPECT_NE(other.agreement->measures.front().id, id);
}

}  // namespace
}  // namespace karta

namespace karta {
namespace {

// The execution report's one-cell-per-line layout with «Раздел II.» sections and both sides'
// agencies in one cell (the Smolensk report, renumbered, with a St Petersburg committee added).
TEST(ReportParser, CellPerLineWithRomanSectionsAndBothSidesInOneCell) {
  const Agreement a = testing::ParseOrDie(testing::FixturePath("report_roman_sections.txt"));
  const Agreement b = testing::ParseOrDie(testing::CorpusPath("004_63e2d36a9137870e.txt"));
  ASSERT_EQ(a.measures.size(), b.measures.size());
  for (size_t i = 0; i < a.measures.size(); ++i) {
    const Measure& x = a.measures[i];
    const Measure& y = b.measures[i];
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.section.number, y.section.number);  // «Раздел II» is section 2
    EXPECT_EQ(x.section.heading, y.section.heading);
    EXPECT_EQ(x.text, y.text);
    EXPECT_EQ(x.progress, y.progress);
    EXPECT_EQ(x.notes, y.notes);
    EXPECT_EQ(x.partner_agencies, y.partner_agencies);
    if (x.number != "2.1") {
      EXPECT_EQ(x.spb_agencies, y.spb_agencies);
    }
  }
  EXPECT_EQ(a.measures[0].spb_agencies,
            std::vector<std::string>{"Комитет по развитию туризма Санкт-Петербурга"});
}

}  // namespace
}  // namespace karta

namespace karta {
namespace {

// Issue 11, case 2: a cell paragraph of only «*» threw out_of_range in the assembler.
TEST(DocumentParser, ACellOfOnlyAStarIsAMarkerNotACrash) {
  const ParseResult r = ParseDocumentBytes("1\t*\n", "star.txt");
  EXPECT_FALSE(r.agreement);  // not a roadmap — but a clear rejection, no exception
  ASSERT_TRUE(r.error);
  const ParseResult plan = ParseDocumentBytes(
      "План мероприятий Санкт-Петербурга и Пермского края на 2024-2026 годы\n\n"
      "№ п/п\tНаименование мероприятия\tОтветственный исполнитель\t\tСрок исполнения\n"
      "1.1\tОбмен опытом\t*\t\t2024 г.\n",
      "star-plan.txt");
  ASSERT_TRUE(plan.agreement) << plan.error->ToString();
  EXPECT_EQ(plan.agreement->measures.at(0).text, "Обмен опытом");
}

}  // namespace
}  // namespace karta

namespace karta {
namespace {

// A publication stamp printed under a title («Опубликовано 21.04.2025») is not part of it.
TEST(AgreementHeader, APublicationStampUnderTheTitleIsNotPartOfIt) {
  const std::vector<TextLine> preamble{
      {1,
       "План мероприятий по реализации Соглашения между Правительством Санкт-Петербурга и "
       "администрацией Краснодарского края"},
      {2, "на 2025 – 2027 годы"},
      {3, "Опубликовано 21.04.2025"}};
  const AgreementHeader h = ParseAgreementHeader(preamble, "", Gazetteer::Default());
  EXPECT_EQ(h.title,
            "План мероприятий по реализации Соглашения между Правительством Санкт-Петербурга и "
            "администрацией Краснодарского края на 2025 – 2027 годы");
  EXPECT_EQ(h.period_from, 2025);
}

// A report states its year in many ways; only «за 2023 год» and «в 2024 году» were read.
TEST(AgreementHeader, AReportYearIsReadAsTitlesStateIt) {
  const std::pair<const char*, int> cases[] = {
      {"за 2023 год", 2023},
      {"в 2024 году", 2024},
      {"за 2025 г.", 2025},
      {"в 2025 г.", 2025},
      {"по итогам 2024 года", 2024},
      {"за I полугодие 2025 года", 2025},
      {"за 9 месяцев 2025 г.", 2025},
      {"за III квартал 2026 года", 2026},
      {"(по состоянию на 31.12.2025)", 2025},
      {"(по состоянию на 01.01.2026)", 2025},
      {"по состоянию на 1 января 2026 г.", 2025},
  };
  for (const auto& [said, year] : cases) {
    const std::vector<TextLine> preamble{
        {1, std::string("Отчет об исполнении Плана мероприятий по развитию сотрудничества между "
                        "Санкт-Петербургом и Курской областью на 2024-2026 годы ") +
                said}};
    const AgreementHeader h = ParseAgreementHeader(preamble, "", Gazetteer::Default());
    EXPECT_EQ(h.kind, DocumentKind::kReport) << said;
    EXPECT_EQ(h.report_year, year) << said;
    EXPECT_EQ(h.period_from, 2024) << said;
  }
  // The plan's own period is no report year.
  const AgreementHeader none = ParseAgreementHeader(
      {{1, "Отчет об исполнении Плана мероприятий Курской области на 2024-2026 годы"}}, "",
      Gazetteer::Default());
  EXPECT_FALSE(none.report_year);
}

// Rows «а)», «б)» under measure 3 are its lettered sub-items: measures «3а», «3б», not ids by
// line («KGD-2024-2025:L25») with a warning.
TEST(PlanParser, LetteredRowsAreSubItemsOfTheMeasureAbove) {
  const std::string doc =
      "ПЛАН МЕРОПРИЯТИЙ по развитию сотрудничества между Санкт-Петербургом и Калининградской "
      "областью на 2024-2025 годы\n\n"
      "№ п/п\tНаименование мероприятия\tСрок исполнения\tИсполнитель от Санкт-Петербурга\t"
      "Исполнитель от Калининградской области\n"
      "3.\tПроведение совместных культурных мероприятий:\t2024–2025 годы\tКомитет по культуре "
      "Санкт-Петербурга\tМинистерство культуры и туризма Калининградской области\n"
      "а)\tгастроли драматического театра\tII квартал 2024 г.\tКомитет по культуре "
      "Санкт-Петербурга\tМинистерство культуры и туризма Калининградской области\n"
      "б)\tвыставка «Янтарь в искусстве»\tIII квартал 2025 г.\tКомитет по культуре "
      "Санкт-Петербурга\tМинистерство культуры и туризма Калининградской области\n"
      "4.\tРазработка туристского продукта\t2025 год\tКомитет по развитию туризма "
      "Санкт-Петербурга\tМинистерство культуры и туризма Калининградской области\n";
  const Agreement a = ParseBytesOrDie(doc, "letters.txt");
  ASSERT_EQ(a.measures.size(), 4u);
  EXPECT_EQ(a.measures[1].number, "3а");
  EXPECT_EQ(a.measures[1].id, "KGD-2024-2025:3а");
  EXPECT_EQ(a.measures[1].text, "гастроли драматического театра");
  EXPECT_EQ(a.measures[2].number, "3б");
  EXPECT_EQ(a.measures[3].number, "4");
  EXPECT_TRUE(a.warnings.empty()) << a.warnings.front().ToString();
  // Under a new section heading, «а)» continues no measure of the section before.
  const size_t table = doc.find("№ п/п");
  const Agreement b = ParseBytesOrDie(
      doc.substr(0, doc.find("\n", table) + 1) + "1. В сфере культуры\t\t\t\t\n" +
          doc.substr(doc.find("3.\t"), doc.find("б)\t") - doc.find("3.\t")) +
          "2. В сфере туризма\t\t\t\t\n"
          "а)\tвыставка «Янтарь в искусстве»\t2025 год\tКомитет по культуре Санкт-Петербурга\t"
          "Министерство культуры и туризма Калининградской области\n",
      "letters_sections.txt");
  ASSERT_EQ(b.measures.size(), 3u);
  EXPECT_EQ(b.measures[1].number, "3а");
  EXPECT_NE(b.measures[2].number, "3б");
  EXPECT_EQ(b.measures[2].section.number, "2");
}

}  // namespace
}  // namespace karta
