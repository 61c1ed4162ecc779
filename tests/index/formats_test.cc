// The corpus in every format a government publishes (DOCX, ODT, HTML, PDF: made by
// tests/fixtures/formats/make_fixtures.py) parses to the measures of its text export, every
// field; and each format's own features (merged cells, tracked changes, footnotes, nested
// and continued tables, covered cells, legal-database paragraphs) read as the table means.
#include <gtest/gtest.h>
#include <libxml/parser.h>

#include <boost/locale/encoding.hpp>

#include "index/document_parser.h"
#include "index/formats/cut_words.h"
#include "index/formats/docx_numbering.h"
#include "index/measure_json.h"
#include "tests/test_support.h"

namespace karta {
namespace {

using testing::CorpusFiles;
using testing::FindMeasure;
using testing::FixturePath;
using testing::ParseBytesOrDie;
using testing::ParseOrDie;
using testing::ReadFile;
using Names = std::vector<std::string>;

std::string FormatFixture(const std::string& name) { return FixturePath("formats/" + name); }

// An HTML page of a plan: `preamble` (the title's paragraphs), a table with the usual header
// (№, measure, the parties — the partner's as «от <partner>» —, deadline) and `rows`, then
// `after` (notes under the table, further tables).
std::string PlanPage(const std::string& preamble, const std::string& partner,
                     const std::string& rows, const std::string& after = "") {
  return "<html><head><meta charset=\"utf-8\"></head><body>" + preamble +
         "<table><tr><td>№ п/п</td><td>Наименование мероприятия</td><td>от Санкт-Петербурга</td>"
         "<td>от " +
         partner + "</td><td>Срок исполнения</td></tr>" + rows + "</table>" + after +
         "</body></html>";
}

// Everything the document says, without where it said it (lines, file, encoding, format).
nlohmann::json Content(const Agreement& a) {
  nlohmann::json j = ToJson(a);
  for (const char* key : {"file", "encoding", "format", "layout", "warnings"}) j.erase(key);
  for (nlohmann::json& m : j["measures"]) m.erase("line");
  return j;
}

void ExpectSameMeasures(const std::string& format) {
  const std::vector<std::string> corpus = CorpusFiles();
  ASSERT_EQ(corpus.size(), 5u);
  for (size_t i = 0; i < corpus.size(); ++i) {
    const std::string name = "corpus_00" + std::to_string(i) + "." + format;
    SCOPED_TRACE(name);
    const Agreement text = ParseOrDie(corpus[i]);
    const Agreement other = ParseOrDie(FormatFixture(name));
    const nlohmann::json a = Content(text), b = Content(other);
    EXPECT_EQ(a.size(), b.size());
    for (auto it = a.begin(); it != a.end(); ++it) {
      if (it.key() == "measures") continue;
      EXPECT_EQ(it.value(), b[it.key()]) << it.key();
    }
    ASSERT_EQ(a["measures"].size(), b["measures"].size());
    for (size_t k = 0; k < a["measures"].size(); ++k) {
      EXPECT_EQ(a["measures"][k].dump(1), b["measures"][k].dump(1));
    }
    EXPECT_TRUE(other.warnings.empty()) << other.warnings.front().ToString();
  }
}

TEST(FormatReaders, DocxCorpusParsesToTheTextExportsMeasures) { ExpectSameMeasures("docx"); }
TEST(FormatReaders, OdtCorpusParsesToTheTextExportsMeasures) { ExpectSameMeasures("odt"); }
TEST(FormatReaders, HtmlCorpusParsesToTheTextExportsMeasures) { ExpectSameMeasures("html"); }
TEST(FormatReaders, PdfCorpusParsesToTheTextExportsMeasures) { ExpectSameMeasures("pdf"); }

TEST(FormatReaders, SaysWhichFormatAndLayoutItRead) {
  EXPECT_EQ(ParseOrDie(FormatFixture("corpus_001.docx")).format, "DOCX");
  EXPECT_EQ(ParseOrDie(FormatFixture("corpus_001.odt")).format, "ODT");
  EXPECT_EQ(ParseOrDie(FormatFixture("corpus_001.html")).format, "HTML");
  const Agreement pdf = ParseOrDie(FormatFixture("corpus_001.pdf"));
  EXPECT_EQ(pdf.format, "PDF");
  EXPECT_EQ(pdf.layout, "table from word positions");
  const Agreement text = ParseOrDie(testing::CorpusPath("004_63e2d36a9137870e.txt"));
  EXPECT_EQ(text.format, "text");
  EXPECT_EQ(text.layout, "one cell per line");
}

TEST(FormatReaders, DetectsByContentNotByExtension) {
  testing::TempDir dir;
  const std::string renamed = dir.Write("plan.txt", ReadFile(FormatFixture("corpus_001.docx")));
  const Agreement a = ParseOrDie(renamed);
  EXPECT_EQ(a.format, "DOCX");
  EXPECT_EQ(a.measures.size(), 36u);
}

TEST(DocxReader, VerticallyMergedAgencyBelongsToEveryMeasureItSpans) {
  const Agreement a = ParseOrDie(FormatFixture("docx_vmerge_agency.docx"));
  ASSERT_EQ(a.measures.size(), 3u);
  for (const Measure& m : a.measures) {
    EXPECT_EQ(m.spb_agencies, Names{"Комитет по культуре Санкт-Петербурга"}) << m.number;
    EXPECT_FALSE(m.partner_agencies.empty()) << m.number;
  }
  EXPECT_EQ(a.measures[1].partner_agencies,
            (Names{"Министерство культуры Пермского края", "ГАУК «Пермская краевая филармония»"}));
  EXPECT_TRUE(a.warnings.empty()) << a.warnings.front().ToString();
}

// Word's automatic numbering is not in the text: without it the number cells are empty and
// the table has no measure. Both fixtures also name the parties' columns without «от» and
// merge «Ожидаемый результат» down the two header rows; the second skips a grid column at the
// start of every row (w:gridBefore) and writes its numbers as text.
TEST(DocxReader, AutomaticNumbersAndSkippedGridColumnsNumberTheMeasures) {
  for (const char* file : {"docx_auto_numbering.docx", "docx_grid_before.docx"}) {
    SCOPED_TRACE(file);
    const Agreement a = ParseOrDie(FormatFixture(file));
    ASSERT_EQ(a.measures.size(), 3u);
    EXPECT_EQ(a.measures[0].number, "1.1");
    EXPECT_EQ(a.measures[1].number, "1.2");
    EXPECT_EQ(a.measures[2].number, "2.1");
    EXPECT_EQ(a.measures[0].section.number, "1");
    EXPECT_EQ(a.measures[0].section.heading, "В сфере культуры");
    EXPECT_EQ(a.measures[2].section.heading, "В сфере туризма");
    EXPECT_EQ(a.measures[0].spb_agencies, Names{"Комитет по культуре Санкт-Петербурга"});
    EXPECT_EQ(a.measures[0].partner_agencies, Names{"Министерство культуры Пермского края"});
    ASSERT_EQ(a.measures[0].extra.size(), 1u);
    EXPECT_EQ(a.measures[0].extra[0].first, "Ожидаемый результат");
    EXPECT_EQ(a.measures[0].extra[0].second, "Информационные материалы");
    EXPECT_TRUE(a.measures[1].extra.empty());
    EXPECT_TRUE(a.warnings.empty()) << a.warnings.front().ToString();
  }
}

// LibreOffice cuts a word wider than a narrow column where the line is full, without a
// hyphen; the dictionary joins the pieces back. A text line reaching further right than the
// others («… в выставочно-») made a column of its own, and the word was lost.
// A PDF poppler opens but cannot read (its page streams overwritten) says that poppler found it
// broken, with its first complaint: it said only «no table found», or «a scan? it needs OCR».
TEST(PdfReader, ADamagedPdfIsNamedAsDamaged) {
  std::string bytes = testing::ReadFile(FormatFixture("corpus_000.pdf"));
  // The data of the first 40 streams (not the objects between them, nor the cross-reference
  // table: poppler then opens the file).
  for (size_t at = 0, streams = 0; streams < 40;) {
    at = bytes.find("stream\n", at);
    if (at == std::string::npos) break;
    at += 7;
    if (at >= 10 && bytes.compare(at - 10, 3, "end") == 0) continue;
    ++streams;
    const size_t end = std::min(bytes.find("endstream", at), at + 2000);
    for (size_t i = at; i < end; ++i) bytes[i] = 'x';
  }
  testing::TempDir dir;
  const ParseResult r = ParseDocumentFile(dir.Write("damaged.pdf", bytes));
  ASSERT_FALSE(r.agreement);
  ASSERT_TRUE(r.error);
  EXPECT_NE(r.error->message.find("; poppler reported "), std::string::npos) << r.error->message;
  EXPECT_NE(r.error->message.find("): it may be damaged"), std::string::npos) << r.error->message;
}

TEST(PdfReader, WordsCutInNarrowColumnsAreWhole) {
  const Agreement a = ParseOrDie(FormatFixture("pdf_narrow_columns.pdf"));
  ASSERT_EQ(a.measures.size(), 2u);
  const Names spb{
      "Комитет по развитию предпринимательства и потребительского рынка "
      "Санкт-Петербурга"};
  EXPECT_EQ(a.measures[0].spb_agencies, spb);
  EXPECT_EQ(a.measures[0].partner_agencies,
            Names{"Министерство экономического развития и инвестиций Пермского края"});
  EXPECT_EQ(a.measures[0].deadline.raw, "по мере необходимости");
  EXPECT_EQ(a.measures[1].text,
            "Содействие участию предпринимателей в выставочно-ярмарочных мероприятиях");
  EXPECT_EQ(a.measures[1].spb_agencies, spb);
  EXPECT_EQ(a.measures[1].deadline.raw, "2025–2027 гг.");
}

// On portrait A4 with very narrow columns a long word is cut twice, its middle piece alone on
// its line: «предпри» / «нимател» / «ьства и». Rows run over five pages under the repeated
// header.
TEST(PdfReader, AWordCutTwiceInANarrowColumnIsWhole) {
  const Agreement a = ParseOrDie(FormatFixture("pdf_narrow_portrait.pdf"));
  ASSERT_EQ(a.measures.size(), 14u);
  const std::string long_text =
      "Обмен опытом и информацией по вопросам развития сотрудничества в сфере культуры, "
      "туризма и молодежной политики, включая проведение совместных мероприятий, семинаров и "
      "конференций.";
  for (const Measure& m : a.measures) {
    SCOPED_TRACE(m.number);
    EXPECT_EQ(m.spb_agencies, Names{"Комитет по развитию предпринимательства и "
                                    "потребительского рынка Санкт-Петербурга"});
    EXPECT_EQ(m.partner_agencies,
              Names{"Министерство экономического развития и инвестиций Пермского края"});
    EXPECT_EQ(m.deadline.raw, "2025–2026 гг.");
    const int i = m.number.back() - '0';
    const std::string sphere = m.section.number == "1" ? "культуры" : "туризма";
    EXPECT_EQ(m.text, i % 3 == 0 ? long_text + " " + long_text + " " + long_text
                                 : "Мероприятие номер " + std::to_string(i) +
                                       " по развитию сотрудничества в сфере " + sphere);
  }
  EXPECT_EQ(a.measures[13].number, "2.7");
}

// Without a numbering row, signatures printed under the table in full-width lines crossed
// every gap between the columns: no column was found, and every measure was garbled. The
// header's cells give the columns; a section heading centred in its row ends the header.
TEST(PdfReader, SignaturesUnderATableWithoutANumberingRowKeepItsColumns) {
  const Agreement a = ParseOrDie(FormatFixture("pdf_signed_no_numbering.pdf"));
  ASSERT_EQ(a.measures.size(), 3u);
  const Measure& m = a.measures[0];
  EXPECT_EQ(m.number, "1.1");
  EXPECT_EQ(m.section.number, "1");
  EXPECT_EQ(m.section.heading, "В сфере экономического развития и инвестиционной деятельности");
  EXPECT_EQ(m.text,
            "Обмен информацией о мерах государственной поддержки инвестиционной деятельности");
  EXPECT_EQ(m.spb_agencies, Names{"Комитет по инвестициям Санкт-Петербурга"});
  EXPECT_EQ(m.partner_agencies,
            Names{"Министерство экономического развития Республики Башкортостан"});
  EXPECT_EQ(m.deadline.raw, "2025–2027 гг.");
  ASSERT_EQ(m.extra.size(), 1u);
  EXPECT_EQ(m.extra[0].second, "Повышение информированности инвесторов");
  EXPECT_EQ(a.measures[1].deadline.raw, "ежегодно, II квартал");
  EXPECT_EQ(a.measures[2].section.heading, "В сфере культуры и туризма");
  EXPECT_EQ(a.measures[2].partner_agencies, Names{"Министерство культуры Республики Башкортостан"});
  EXPECT_TRUE(a.warnings.empty()) << a.warnings[0].message;
}

// Report rows start with a row count («3») beside the plan item they cite: such a line was
// taken for a section heading «3 …» where the column borders were sought, and a progress line
// ending close to the next column then made the whole row one heading — the measure was lost.
TEST(PdfReader, ReportRowsStartingWithARowCountAreRows) {
  const Agreement a = ParseOrDie(FormatFixture("pdf_report_row_count.pdf"));
  ASSERT_EQ(a.measures.size(), 3u);
  EXPECT_EQ(a.measures[2].number, "4.1");
  EXPECT_EQ(a.measures[2].text, "Обмен опытом в сфере архивного дела");
  EXPECT_EQ(a.measures[2].spb_agencies, Names{"Архивный комитет Санкт-Петербурга"});
  EXPECT_EQ(a.measures[2].partner_agencies, Names{"Архивное агентство Пермского края"});
  EXPECT_EQ(a.measures[2].progress,
            Names{"В июне 2025 года проведена совместная выставка архивных документов."});
  EXPECT_EQ(a.measures[0].notes, Names{"Выполнено"});
}

// Legal databases mark footnotes with <sup>1</sup> and print them under the table, each after
// its marker: the marker was glued to the name («…Тульской области2») and the note lost.
TEST(HtmlReader, SuperscriptFootnotesBecomeNotesOfTheirMeasure) {
  const std::string page = PlanPage(
      "<p>ПЛАН МЕРОПРИЯТИЙ по развитию сотрудничества между Правительством Санкт-Петербурга и "
      "Правительством Тульской области на 2025-2027 годы</p>",
      "Тульской области",
      "<tr><td>1.1</td><td><p>Участие в форуме<sup>1</sup></p></td>"
      "<td>Комитет по внешним связям Санкт-Петербурга</td>"
      "<td>Министерство культуры Тульской области<sup>2</sup></td><td>2025 г.</td></tr>"
      "<tr><td>1.2</td><td>Обмен опытом</td><td>Комитет по культуре Санкт-Петербурга</td>"
      "<td>Министерство культуры Тульской области</td><td>2026 г.</td></tr>",
      "<div><p>--------------------------------</p>"
      "<div><p><sup>1</sup>&nbsp;При условии проведения форума.</p></div>"
      "<div><p><sup>2</sup>&nbsp;Реорганизовано в министерство культуры и "
      "туризма.</p></div></div>");
  const Agreement a = ParseBytesOrDie(page, "tula.html");
  ASSERT_EQ(a.measures.size(), 2u);
  EXPECT_EQ(a.measures[0].text, "Участие в форуме");
  EXPECT_EQ(a.measures[0].partner_agencies, Names{"Министерство культуры Тульской области"});
  EXPECT_EQ(a.measures[0].notes, (Names{"При условии проведения форума.",
                                        "Реорганизовано в министерство культуры и туризма."}));
  EXPECT_TRUE(a.measures[1].notes.empty());
}

TEST(HtmlReader, TheTitleIsThePlansOwnNotTheDecreeApprovingIt) {
  // A legal database prints the decree that approves a plan above the plan: its name and its
  // first clause name the plan too, but the plan's own heading is the title.
  const std::string page = PlanPage(
      "<p>Документ предоставлен КонсультантПлюс</p>"
      "<p>ПРАВИТЕЛЬСТВО САНКТ-ПЕТЕРБУРГА</p><p>РАСПОРЯЖЕНИЕ</p>"
      "<p>от 12 марта 2024 г. N 45-рп</p>"
      "<p>ОБ УТВЕРЖДЕНИИ ПЛАНА МЕРОПРИЯТИЙ («ДОРОЖНОЙ КАРТЫ») ПО РАЗВИТИЮ СОТРУДНИЧЕСТВА "
      "МЕЖДУ САНКТ-ПЕТЕРБУРГОМ И ВОЛОГОДСКОЙ ОБЛАСТЬЮ НА 2024 - 2026 ГОДЫ</p>"
      "<p>1. Утвердить План мероприятий («дорожную карту») по развитию сотрудничества между "
      "Санкт-Петербургом и Вологодской областью на 2024-2026 годы согласно приложению.</p>"
      "<p>2. Контроль за выполнением распоряжения возложить на вице-губернатора.</p>"
      "<p>Губернатор Санкт-Петербурга</p><p>А.Д.Беглов</p>"
      "<p>ПРИЛОЖЕНИЕ</p><p>к распоряжению Правительства Санкт-Петербурга</p>"
      "<p>от 12.03.2024 N 45-рп</p>"
      "<p>ПЛАН</p><p>МЕРОПРИЯТИЙ («ДОРОЖНАЯ КАРТА») ПО РАЗВИТИЮ СОТРУДНИЧЕСТВА МЕЖДУ "
      "САНКТ-ПЕТЕРБУРГОМ И ВОЛОГОДСКОЙ ОБЛАСТЬЮ НА 2024 - 2026 ГОДЫ</p>",
      "Вологодской области",
      "<tr><td>1.1</td><td>Обмен опытом</td><td>Комитет по культуре Санкт-Петербурга</td>"
      "<td>Министерство культуры Вологодской области</td><td>2025 г.</td></tr>");
  const Agreement a = ParseBytesOrDie(page, "vologda.html");
  EXPECT_EQ(a.title,
            "ПЛАН МЕРОПРИЯТИЙ («ДОРОЖНАЯ КАРТА») ПО РАЗВИТИЮ СОТРУДНИЧЕСТВА МЕЖДУ "
            "САНКТ-ПЕТЕРБУРГОМ И ВОЛОГОДСКОЙ ОБЛАСТЬЮ НА 2024 - 2026 ГОДЫ");
  EXPECT_EQ(a.region, "Вологодская область");
  EXPECT_EQ(a.period_from, 2024);
  EXPECT_EQ(a.period_to, 2026);
  ASSERT_EQ(a.measures.size(), 1u);
}

// Black-box documents, round 3: a report titled «Информация о ходе выполнения …» with its
// progress column «Информация о выполнении»; numbers «1)»; a dash for «no agency»; a deadline
// range broken by a line break; an annex table of contacts after the plan.
TEST(HtmlReader, ReportsNamedInformationAndPlansWithAnAnnexTable) {
  const std::string report =
      "<html><head><meta charset=\"utf-8\"></head><body>"
      "<p>ИНФОРМАЦИЯ о ходе выполнения в 2025 году Плана мероприятий по развитию "
      "сотрудничества между Санкт-Петербургом и Республикой Башкортостан на 2024-2026 годы</p>"
      "<table><tr><td>№ п/п</td><td>Наименование мероприятия</td>"
      "<td>Информация о выполнении</td><td>Исполнитель</td></tr>"
      "<tr><td>1)</td><td>Обмен опытом</td><td><p>В марте 2025 года проведен семинар.</p>"
      "<p>В мае 2025 года проведена конференция.</p></td>"
      "<td>Комитет по культуре Санкт-Петербурга</td></tr></table></body></html>";
  const Agreement r = ParseBytesOrDie(report, "bashkortostan.html");
  EXPECT_EQ(r.kind, DocumentKind::kReport);
  EXPECT_EQ(r.report_year, 2025);
  ASSERT_EQ(r.measures.size(), 1u);
  EXPECT_EQ(r.measures[0].number, "1");
  EXPECT_EQ(r.measures[0].progress, (Names{"В марте 2025 года проведен семинар.",
                                           "В мае 2025 года проведена конференция."}));
  // No deadline column: said once for the table, not once per measure.
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].message,
            "no measure has a deadline; the agreement period is assumed for every one");

  const std::string plan = PlanPage(
      "<p>ПЛАН МЕРОПРИЯТИЙ по развитию сотрудничества между Санкт-Петербургом и Мурманской "
      "областью на 2025-2027 годы</p>",
      "Мурманской области",
      "<tr><td>1.1</td><td>Обмен опытом</td><td>Комитет по культуре Санкт-Петербурга</td>"
      "<td>–</td><td>2025-<br>2027 годы</td></tr>",
      "<p>Приложение</p><table>"
      "<tr><td>№ п/п</td><td>Наименование органа</td><td>Ф.И.О. ответственного лица</td>"
      "<td>Контактный телефон</td></tr>"
      "<tr><td>1</td><td>Комитет по внешним связям Санкт-Петербурга</td>"
      "<td>Сидоров Сергей Сергеевич</td><td>(812) 576-00-00</td></tr></table>");
  const Agreement a = ParseBytesOrDie(plan, "murmansk.html");
  ASSERT_EQ(a.measures.size(), 1u);
  EXPECT_TRUE(a.measures[0].partner_agencies.empty());
  EXPECT_EQ(a.measures[0].deadline.raw, "2025-2027 годы");
  bool warned = false;
  for (const Diagnostic& w : a.warnings) {
    warned |= w.message.find("«№ п/п | Наименование органа") != std::string::npos &&
              w.message.find("is not read") != std::string::npos;
  }
  EXPECT_TRUE(warned);
}

// Footnote markers written out as legal databases print them: «<*>», «<1>» (КонсультантПлюс)
// and «*(1)» (Гарант), the notes under the table; the act's «(утв. …)» is no part of the title.
TEST(HtmlReader, WrittenOutFootnoteMarkersBringTheirNotes) {
  const std::string page = PlanPage(
      "<p>План мероприятий<br>по развитию сотрудничества между Санкт-Петербургом и "
      "Архангельской областью на 2025 - 2027 годы<br>(утв. постановлением Правительства "
      "Архангельской области от 18 февраля 2025 г. N 120-пп)</p>",
      "Архангельской области",
      "<tr><td>1</td><td>Участие в форуме &lt;*&gt;</td><td>Комитет по культуре</td>"
      "<td>Министерство культуры Архангельской области &lt;1&gt;</td><td>2025 год</td></tr>"
      "<tr><td>2</td><td>Обмен опытом санитарной авиации<sup>*(1)</sup></td>"
      "<td>Комитет по здравоохранению</td>"
      "<td>Министерство здравоохранения Архангельской области</td><td>2026 год</td></tr>",
      "<p>--------------------------------</p>"
      "<p>&lt;*&gt; По согласованию с Фондом «Росконгресс».</p>"
      "<p>&lt;1&gt; Реорганизовано.</p>"
      "<p>*(1) В рамках национального проекта.</p>");
  const Agreement a = ParseBytesOrDie(page, "arkhangelsk.html");
  EXPECT_EQ(a.title,
            "План мероприятий по развитию сотрудничества между Санкт-Петербургом и Архангельской "
            "областью на 2025 - 2027 годы");
  ASSERT_EQ(a.measures.size(), 2u);
  EXPECT_EQ(a.measures[0].text, "Участие в форуме");
  EXPECT_EQ(a.measures[0].partner_agencies, Names{"Министерство культуры Архангельской области"});
  EXPECT_EQ(a.measures[0].notes,
            (Names{"По согласованию с Фондом «Росконгресс».", "Реорганизовано."}));
  EXPECT_EQ(a.measures[1].text, "Обмен опытом санитарной авиации");
  EXPECT_EQ(a.measures[1].notes, Names{"В рамках национального проекта."});
  for (const Diagnostic& w : a.warnings) EXPECT_EQ(w.message.find("footnote"), std::string::npos);
}

// One cell merged across both parties' columns: each body goes to its side by its name.
TEST(HtmlReader, ACellAcrossBothPartiesColumnsIsSplitBySide) {
  const std::string page = PlanPage(
      "<p>ПЛАН МЕРОПРИЯТИЙ по развитию сотрудничества между Санкт-Петербургом и Вологодской "
      "областью на 2024-2026 годы</p>",
      "Вологодской области",
      "<tr><td>3.1</td><td>Обмен опытом</td><td colspan=\"2\"><p>Министерство культуры "
      "Вологодской области</p><p>Комитет по культуре Санкт-Петербурга</p></td>"
      "<td>2025 год</td></tr>");
  const Agreement a = ParseBytesOrDie(page, "vologda.html");
  ASSERT_EQ(a.measures.size(), 1u);
  EXPECT_EQ(a.measures[0].spb_agencies, Names{"Комитет по культуре Санкт-Петербурга"});
  EXPECT_EQ(a.measures[0].partner_agencies, Names{"Министерство культуры Вологодской области"});
}

// A plan whose measures are not numbered: without a «№» column, or with one left empty.
TEST(HtmlReader, UnnumberedMeasuresAreReadRowByRow) {
  for (const char* number_header : {"", "<td>№ п/п</td>"}) {
    SCOPED_TRACE(number_header);
    const std::string number_cell = *number_header ? "<td></td>" : "";
    const std::string page =
        "<html><head><meta charset=\"utf-8\"></head><body>"
        "<p>ПЛАН МЕРОПРИЯТИЙ по развитию сотрудничества между Санкт-Петербургом и Республикой "
        "Татарстан на 2024-2026 годы</p><table><tr>" +
        std::string(number_header) +
        "<td>Наименование мероприятия</td><td>от Санкт-Петербурга</td>"
        "<td>от Республики Татарстан</td><td>Срок исполнения</td></tr>"
        "<tr><td colspan=\"5\">Раздел 1. Культура</td></tr><tr>" +
        number_cell +
        "<td>Проведение Дней Республики Татарстан в Санкт-Петербурге</td>"
        "<td>Комитет по культуре Санкт-Петербурга</td>"
        "<td>Министерство культуры Республики Татарстан</td><td>2025 год</td></tr><tr>" +
        number_cell +
        "<td></td><td>Комитет по внешним связям Санкт-Петербурга</td><td></td><td></td></tr>"
        "<tr><td colspan=\"5\">Раздел 2. Молодежная политика</td></tr><tr>" +
        number_cell +
        "<td>Обмен делегациями молодежи</td><td>Комитет по молодежной политике</td>"
        "<td>Министерство по делам молодежи Республики Татарстан</td><td>2026 год</td></tr>"
        "</table></body></html>";
    const Agreement a = ParseBytesOrDie(page, "tatarstan.html");
    ASSERT_EQ(a.measures.size(), 2u);
    EXPECT_EQ(a.measures[0].number, "");
    EXPECT_EQ(a.measures[0].text, "Проведение Дней Республики Татарстан в Санкт-Петербурге");
    EXPECT_EQ(a.measures[0].section.heading, "Культура");
    EXPECT_EQ(a.measures[0].spb_agencies, (Names{"Комитет по культуре Санкт-Петербурга",
                                                 "Комитет по внешним связям Санкт-Петербурга"}));
    EXPECT_EQ(a.measures[1].text, "Обмен делегациями молодежи");
    EXPECT_EQ(a.measures[1].section.number, "2");
    EXPECT_EQ(a.measures[1].deadline.raw, "2026 год");
  }
}

// A report printed by LibreOffice without a numbering row (reports/, written with its expected
// measures by an independent black-box test): a footnote's lines at the foot of a page crossed
// every gap between the columns, so no column was found and no measure read. Every measure's
// number, section, text, deadline, agencies, progress and notes are as the document has them:
// also a progress entry ending without a full stop on a full line («… на следующий год» /
// «В сентябре …»), and an agency starting with an abbreviation after a full line that ended
// a name («… Новгородской области» / «ГАУ «Туристский информационный центр …»»).
TEST(PdfReader, AReportWithAFootnoteAcrossTheColumnsKeepsItsColumns) {
  const Agreement a = ParseOrDie(FormatFixture("reports/rep_nov_land.pdf"));
  const nlohmann::json expected =
      nlohmann::json::parse(testing::ReadFile(FormatFixture("reports/exp_rep_nov.json")));
  ASSERT_EQ(a.measures.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    const Measure& m = a.measures[i];
    const nlohmann::json& e = expected[i];
    SCOPED_TRACE(e["number"].get<std::string>());
    EXPECT_EQ(m.number, e["number"]);
    EXPECT_EQ(m.section.number, e["section"]["number"]);
    EXPECT_EQ(m.section.heading, e["section"]["heading"]);
    EXPECT_EQ(m.text, e["text"]);
    EXPECT_EQ(m.deadline.raw, e["deadline"]);
    EXPECT_EQ(m.spb_agencies, e["spb_agencies"].get<Names>());
    EXPECT_EQ(m.partner_agencies, e["partner_agencies"].get<Names>());
    EXPECT_EQ(m.progress, e["progress"].get<Names>());
    EXPECT_EQ(m.notes, e["notes"].get<Names>());
  }
}

TEST(CutWords, PiecesAreJoinedOnlyWhenTheyAreOneWordAndNotTwo) {
  const CutWords& words = CutWords::Default();
  ASSERT_TRUE(words.available()) << "hunspell-ru is not installed (scripts/setup.sh)";
  EXPECT_TRUE(words.OneWord("предпринимательст", "ва"));
  EXPECT_TRUE(words.OneWord("(Министерст", "во,"));
  EXPECT_FALSE(words.OneWord("по", "мере"));             // two words
  EXPECT_FALSE(words.OneWord("отдельному", "графику"));  // two words, no third
  EXPECT_FALSE(words.OneWord("СОГБУК", "культуры"));     // not one word together
  EXPECT_FALSE(words.OneWord("Санкт-Петербург", "а"));   // «а» may begin the next line…
  EXPECT_TRUE(words.OneWord("Санкт-Петербург", "а;", /*tail_alone=*/true));  // …not be all of it
}

// Word counts per list definition: two lists of one definition continue each other, and a
// list that overrides a level's start restarts it where it is first used.
TEST(DocxNumbering, ListsOfOneDefinitionContinueUnlessTheyRestart) {
  const std::string lists =
      "<w:numbering xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
      "<w:abstractNum w:abstractNumId=\"7\">"
      "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"upperRoman\"/>"
      "<w:lvlText w:val=\"%1.\"/></w:lvl>"
      "<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/>"
      "<w:lvlText w:val=\"%1.%2.\"/></w:lvl></w:abstractNum>"
      "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"7\"/></w:num>"
      "<w:num w:numId=\"2\"><w:abstractNumId w:val=\"7\"/></w:num>"
      "<w:num w:numId=\"3\"><w:abstractNumId w:val=\"7\"/>"
      "<w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"1\"/></w:lvlOverride></w:num>"
      "</w:numbering>";
  const std::string styles =
      "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
      "<w:style w:styleId=\"Item\"><w:pPr><w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"1\"/>"
      "</w:numPr></w:pPr></w:style></w:styles>";
  DocxNumbering numbering(lists, styles);
  auto label = [&](const std::string& ppr) {
    const std::string xml =
        "<w:p xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
        "<w:pPr>" +
        ppr + "</w:pPr></w:p>";
    xmlDoc* doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), nullptr, nullptr, 0);
    const std::string out = numbering.Label(xmlDocGetRootElement(doc));
    xmlFreeDoc(doc);
    return out;
  };
  auto num = [](int id, int level) {
    return "<w:numPr><w:ilvl w:val=\"" + std::to_string(level) + "\"/><w:numId w:val=\"" +
           std::to_string(id) + "\"/></w:numPr>";
  };
  EXPECT_EQ(label(num(1, 0)), "I.");
  EXPECT_EQ(label("<w:pStyle w:val=\"Item\"/>"), "I.1.");  // numbered by its style
  EXPECT_EQ(label(num(1, 1)), "I.2.");
  EXPECT_EQ(label(num(2, 0)), "II.");    // another list of the same definition continues
  EXPECT_EQ(label(num(2, 1)), "II.1.");  // the deeper level started again
  EXPECT_EQ(label(num(3, 0)), "I.");     // a start override restarts
  EXPECT_EQ(label(num(3, 0)), "II.");
  EXPECT_EQ(label(num(0, 0)), "");  // numId 0: numbering off
  EXPECT_EQ(label(""), "");
}

TEST(DocxNumbering, FormatsListNumbersAsWordDoes) {
  EXPECT_EQ(FormatListNumber(4, "decimal"), "4");
  EXPECT_EQ(FormatListNumber(14, "upperRoman"), "XIV");
  EXPECT_EQ(FormatListNumber(9, "lowerRoman"), "ix");
  EXPECT_EQ(FormatListNumber(3, "russianLower"), "в");
  EXPECT_EQ(FormatListNumber(10, "russianUpper"), "К");  // Й is skipped
  EXPECT_EQ(FormatListNumber(27, "lowerLetter"), "aa");
}

TEST(DocxReader, TrackedChangesReadAsAccepted) {
  const Agreement a = ParseOrDie(FormatFixture("docx_tracked_changes.docx"));
  bool found = false;
  for (const Measure& m : a.measures) {
    EXPECT_EQ(m.text.find("семинаров"), std::string::npos) << m.text;
    if (m.text == "Проведение совместных конференций по вопросам туризма") found = true;
  }
  EXPECT_TRUE(found);
}

TEST(DocxReader, TableContinuedAfterTextIsOneTable) {
  const Agreement a = ParseOrDie(FormatFixture("docx_two_tables.docx"));
  std::vector<std::string> numbers;
  for (const Measure& m : a.measures) numbers.push_back(m.number);
  EXPECT_EQ(numbers, (Names{"1.1", "1.2", "2.1", "2.2"}));
  for (const Measure& m : a.measures) {
    EXPECT_EQ(m.notes, Names{}) << m.number;  // the repeated header is not a continuation
    EXPECT_EQ(m.text.find("Продолжение"), std::string::npos);
  }
}

TEST(DocxReader, NestedTableIsPartOfItsCell) {
  const Agreement a = ParseOrDie(FormatFixture("docx_nested_table.docx"));
  std::vector<std::string> numbers;
  for (const Measure& m : a.measures) numbers.push_back(m.number);
  EXPECT_EQ(numbers, (Names{"1.1", "1.2", "1.3"}));
  const Measure* m = FindMeasure(a, "1.2");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(
      m->text.rfind("Проведение Дней культуры Пермского края в Санкт-Петербурге, в том числе: "
                    "Выставка «Пермская деревянная скульптура»",
                    0),
      0u)
      << m->text;
  EXPECT_NE(m->text.find("октябрь 2025 г."), std::string::npos);
  EXPECT_EQ(m->deadline.raw, "2025 г.");
  EXPECT_EQ(m->partner_agencies, Names{"Министерство культуры Пермского края"});
}

TEST(DocxReader, FootnotesBecomeNotesOfTheirMeasure) {
  const Agreement a = ParseOrDie(FormatFixture("docx_footnotes.docx"));
  ASSERT_EQ(a.measures.size(), 3u);
  EXPECT_EQ(a.measures[0].notes,
            Names{"Мероприятие реализуется в рамках государственной программы Санкт-Петербурга "
                  "«Развитие сферы культуры и туризма в Санкт-Петербурге»"});
  EXPECT_EQ(a.measures[1].notes, Names{"По согласованию"});
  EXPECT_TRUE(a.measures[2].notes.empty());
  for (const Measure& m : a.measures) {
    for (const std::string& agency : m.partner_agencies) {
      EXPECT_EQ(agency.find("согласованию"), std::string::npos);
    }
  }
}

// A flat ODT (.fodt, one XML document) is read as the package it was saved from: it was taken
// for HTML and gave «no table found».
TEST(OdtReader, AFlatOdtIsReadAsThePackage) {
  const Agreement flat = ParseOrDie(FormatFixture("corpus_001.fodt"));
  EXPECT_EQ(flat.format, "ODT");
  EXPECT_EQ(Content(flat), Content(ParseOrDie(FormatFixture("corpus_001.odt"))));
}

TEST(OdtReader, CoveredCellsResolved) {
  const Agreement a = ParseOrDie(FormatFixture("odt_covered_cells.odt"));
  ASSERT_GE(a.measures.size(), 2u);
  EXPECT_EQ(a.measures[0].section.number, "1");
  EXPECT_FALSE(a.measures[0].section.spheres.empty());
  EXPECT_EQ(a.measures[0].partner_agencies, a.measures[1].partner_agencies);
  EXPECT_TRUE(a.warnings.empty()) << a.warnings.front().ToString();
}

TEST(HtmlReader, LegalDatabaseParagraphPerCell) {
  const Agreement a = ParseOrDie(FormatFixture("html_legaldb_paragraphs.html"));
  EXPECT_EQ(a.layout, "one paragraph per cell");
  EXPECT_EQ(a.region, "Пермский край");
  std::vector<std::string> numbers;
  for (const Measure& m : a.measures) {
    numbers.push_back(m.number);
    EXPECT_FALSE(m.text.empty());
    EXPECT_FALSE(m.spb_agencies.empty()) << m.number;
    EXPECT_EQ(m.partner_agencies.empty(), m.number == "2.2") << m.number;
    EXPECT_FALSE(m.deadline.raw.empty()) << m.number;
  }
  EXPECT_EQ(numbers, (Names{"1.1", "1.2", "2.1", "2.2"}));
  EXPECT_EQ(a.measures[1].spb_agencies, (Names{"Комитет по культуре Санкт-Петербурга",
                                               "Комитет по внешним связям Санкт-Петербурга"}));
  EXPECT_EQ(a.measures[2].section.heading, "В сфере туризма");
  // The one empty party cell is named, so a merge lost in print would be noticed.
  ASSERT_EQ(a.warnings.size(), 1u);
  EXPECT_EQ(a.warnings[0].message,
            "measure 2.2 names no agency of the partner region (its cell is empty)");
}

TEST(FormatReaders, LegacyWordIsRefusedWithHowToConvert) {
  const ParseResult r = ParseDocumentFile(FormatFixture("legacy_word97.doc"));
  ASSERT_FALSE(r.agreement);
  EXPECT_NE(r.error->message.find("Word 97"), std::string::npos) << r.error->message;
  EXPECT_NE(r.error->message.find("soffice --headless --convert-to docx"), std::string::npos);
}

TEST(PdfReader, ScanWithoutTextLayerNeedsOcr) {
  const ParseResult r = ParseDocumentFile(FormatFixture("scan_no_text.pdf"));
  ASSERT_FALSE(r.agreement);
  EXPECT_NE(r.error->message.find("OCR"), std::string::npos) << r.error->message;
}

TEST(TextReader, Utf16WithoutBomIsDetected) {
  for (const auto& [fixture, corpus] :
       {std::pair{"corpus_004_utf16le_nobom.txt", "004_63e2d36a9137870e.txt"},
        std::pair{"corpus_001_utf16be_nobom.txt", "001_30d1422bfb731976.txt"}}) {
    const Agreement a = ParseOrDie(FormatFixture(fixture));
    const Agreement b = ParseOrDie(testing::CorpusPath(corpus));
    EXPECT_EQ(Content(a), Content(b)) << fixture;
    EXPECT_EQ(a.encoding.substr(0, 6), "UTF-16");
  }
}

}  // namespace
}  // namespace karta

namespace karta {
namespace {

// Section headings written as paragraphs between the tables of each section (one table per
// section, as many plans are typed) head the measures of the table below them.
TEST(HtmlReader, SectionHeadingsWrittenBetweenTheTablesHeadTheirMeasures) {
  const std::string header =
      "<tr><td>№ п/п</td><td>Наименование мероприятия</td><td>от Санкт-Петербурга</td>"
      "<td>от Республики Карелия</td><td>Срок исполнения</td></tr>"
      "<tr><td>1</td><td>2</td><td>3</td><td>4</td><td>5</td></tr>";
  auto row = [](const char* number, const char* text, const char* year) {
    return std::string("<tr><td>") + number + "</td><td>" + text +
           "</td><td>Комитет по культуре Санкт-Петербурга</td>"
           "<td>Министерство культуры Республики Карелия</td><td>" +
           year + "</td></tr>";
  };
  const std::string page =
      "<html><head><meta charset=\"utf-8\"></head><body>"
      "<p>ПЛАН МЕРОПРИЯТИЙ по развитию сотрудничества в торгово-экономической, научно-технической "
      "и культурной сферах между Санкт-Петербургом и Республикой Карелия на 2025-2027 годы</p>"
      "<p>1. Сотрудничество в сфере экономики</p><table>" +
      header + row("1.1", "Участие в форуме", "2025 г.") +
      "</table><p></p><p>2. Сотрудничество в сфере культуры</p><table>" + header +
      row("2.1", "Обмен выставками", "2026 г.") + row("2.2", "Гастроли театров", "2027 г.") +
      "</table><p>В сфере туризма</p><table>" + header +
      row("3.1", "Обмен турпотоками", "2025 г.") +
      "</table><p>Губернатор Санкт-Петербурга</p></body></html>";
  const Agreement a = ParseBytesOrDie(page, "karelia.html");
  EXPECT_EQ(a.region, "Республика Карелия");
  ASSERT_EQ(a.measures.size(), 4u);
  EXPECT_EQ(a.measures[0].section.heading, "Сотрудничество в сфере экономики");
  EXPECT_EQ(a.measures[0].section.number, "1");
  EXPECT_EQ(a.measures[1].section.heading, "Сотрудничество в сфере культуры");
  EXPECT_EQ(a.measures[1].section.number, "2");
  EXPECT_EQ(a.measures[2].section.heading, "Сотрудничество в сфере культуры");
  EXPECT_EQ(a.measures[2].text, "Гастроли театров");
  EXPECT_EQ(a.measures[3].section.heading, "В сфере туризма");
  EXPECT_EQ(a.measures[3].spheres, std::vector<std::string>{"Туризм"});
  EXPECT_EQ(a.measures[1].spheres, std::vector<std::string>{"Культура"});
  for (const Measure& m : a.measures) EXPECT_NE(m.text.find(' '), std::string::npos) << m.text;
}

}  // namespace
}  // namespace karta

namespace karta {
namespace {

// Documents written by black-box testers with the measures they expected, written from the
// document before karta read it (tests/fixtures/formats/qa/README.md): `file` against
// `expected`.expected.json. `fields` lists the measure fields compared; the agreement's kind,
// region and period always are.
void ExpectAsWritten(const std::string& file, const std::string& expected,
                     const std::vector<std::string>& fields) {
  SCOPED_TRACE(file);
  const Agreement a = ParseOrDie(FormatFixture("qa/" + file));
  const nlohmann::json e =
      nlohmann::json::parse(testing::ReadFile(FormatFixture("qa/" + expected + ".expected.json")));
  EXPECT_EQ(a.kind == DocumentKind::kReport ? "report" : "plan", e["kind"]);
  EXPECT_EQ(a.region, e["region"]);
  EXPECT_EQ(a.period_from, e["period"][0].get<int>());
  EXPECT_EQ(a.period_to, e["period"][1].get<int>());
  if (e.contains("title")) {
    EXPECT_EQ(a.title, e["title"]);
  }
  ASSERT_EQ(a.measures.size(), e["measures"].size());
  auto want = [&](const char* field) {
    return std::find(fields.begin(), fields.end(), field) != fields.end();
  };
  for (size_t i = 0; i < a.measures.size(); ++i) {
    const Measure& m = a.measures[i];
    const nlohmann::json& x = e["measures"][i];
    SCOPED_TRACE(x["number"].get<std::string>());
    EXPECT_EQ(m.number, x["number"]);
    if (want("text")) {
      EXPECT_EQ(m.text, x["text"]);
    }
    if (want("section") && x.contains("section")) {
      if (x["section"].is_array()) {  // [number, heading]
        EXPECT_EQ(m.section.number, x["section"][0]);
        EXPECT_EQ(m.section.heading, x["section"][1]);
      } else {
        EXPECT_EQ(m.section.heading, x["section"]);
      }
    }
    if (want("section") && x.contains("subsection") && x["subsection"].is_string()) {
      EXPECT_EQ(m.section.subsection_heading, x["subsection"]);
    }
    if (want("deadline") && x["deadline"].is_object()) {  // {raw, from, to, annual}
      const nlohmann::json& d = x["deadline"];
      EXPECT_EQ(m.deadline.raw, d["raw"]);
      if (d.contains("from")) {
        EXPECT_EQ(m.deadline.from, d["from"].get<int>());
      }
      if (d.contains("to")) {
        EXPECT_EQ(m.deadline.to, d["to"].get<int>());
      }
      EXPECT_EQ(m.deadline.annual, d.value("annual", false));
    } else if (want("deadline")) {
      EXPECT_EQ(m.deadline.raw, x["deadline"]);
    }
    if (want("agencies")) {
      EXPECT_EQ(m.spb_agencies, x.value("spb", Names{}));
      EXPECT_EQ(m.partner_agencies, x.value("partner", Names{}));
    }
    if (want("progress") && x.contains("progress")) {
      EXPECT_EQ(m.progress, x["progress"].get<Names>());
    }
    if (want("notes")) {
      EXPECT_EQ(m.notes, x.value("notes", Names{}));
    }
  }
}

const std::vector<std::string> kEveryField{"text",     "section",  "deadline",
                                           "agencies", "progress", "notes"};

// A running header and a page number printed inside the page margins are dropped on every
// page, so rows broken across pages keep their numbers, text and period (p1); a page number
// under a column is no part of its cell (p3).
TEST(PdfReader, BlackBoxDocumentsWithRunningHeadersAndPageNumbers) {
  // Its one agencies column lists an institution after the committee it answers to («ГБНОУ
  // «Академия талантов»» after «Комитет по образованию Санкт-Петербурга»). Progress
  // paragraphs are not compared: where a paragraph ends without room for the next word on
  // its line, the PDF does not say.
  ExpectAsWritten("p1_report_bashkortostan.pdf", "p1_report_bashkortostan",
                  {"text", "section", "deadline", "agencies", "notes"});
  ExpectAsWritten("p3_plan_krasnoyarsk.pdf", "p3_plan_krasnoyarsk", kEveryField);
}

// A «№ п/п» column too narrow for «1.10» wraps it («1.1» / «0», once across a page break after
// the repeated header): 36 measures, not 45 with 9 lost. The «Срок / исполнения» header cell
// over «2026 год» is one column («год» was read as progress, under «исполнения»).
TEST(PdfReader, BlackBoxWrappedMeasureNumbersAndAHeaderOverTwoWords) {
  ExpectAsWritten("r5_samara_long.pdf", "r5_samara_long", kEveryField);
}

// The header typed again mid-table, a second table under «Продолжение таблицы» with its header
// wrapped otherwise («исполнени» / «я»), and a row cut by the page break after that header: the
// header's words leave the rows (1.2 had «Наименование мероприятия» in its text, the tables after
// it were read as an annex and lost). «Продолжение таблицы» at the right margin does not widen
// the last column, whose names wrapped at a capital were cut in two.
TEST(PdfReader, BlackBoxAHeaderRepeatedInsideTheTableAndAContinuedTable) {
  ExpectAsWritten("r5_header_repeated.pdf", "r5_header_repeated", kEveryField);
}

// A partner cell merged over three measures whose long name runs beside all three, cut between
// them: each measure has the whole name (they had «Комитет по культуре, архивному делу и»,
// «охране объектов культурного наследия» and «Псковской области»).
TEST(PdfReader, BlackBoxAMergedCellsTextRunningBesideTheRowsBelow) {
  ExpectAsWritten("r5_merged_overflow.pdf", "r5_merged_overflow", kEveryField);
}

// LibreOffice's footnotes print the marker against the note's first word («1По
// согласованию.»): the note is found and the marker leaves the agency (p2).
TEST(PdfReader, BlackBoxDocumentsWithFootnotesGluedToTheirMarkers) {
  ExpectAsWritten("p2_plan_novosibirsk.pdf", "p2_plan_novosibirsk", kEveryField);
}

// One agencies column: a line opening with an abbreviation after a body's name is the next
// body (h); a legal form alone on its line stays with the quoted name below it (f).
TEST(PdfReader, BlackBoxDocumentsWithAbbreviatedBodies) {
  ExpectAsWritten("h_one_agency_column.pdf", "h_one_agency_column", kEveryField);
  ExpectAsWritten("f_quote_linestart.pdf", "f_quote_linestart", kEveryField);
}

// Word's automatic numbering of the «№» column saved as ODT lists (by LibreOffice, and as
// written by hand): the numbers, sections and the first row come back as in the DOCX.
TEST(OdtReader, BlackBoxListNumberingGivesTheMeasureNumbers) {
  ExpectAsWritten("d13_tula_odt_list_numbering.odt", "d13", kEveryField);
  // A year row's year is given to the deadlines under it («2025 год»), as documented, where
  // the testers kept the cell as written: deadlines are not compared here.
  for (const char* file :
       {"d02_hmao_numpr_years_vmerge.docx", "d02_hmao_numpr_years_vmerge.libreoffice.odt"}) {
    ExpectAsWritten(file, "d02", {"text", "section", "agencies", "progress", "notes"});
  }
}

// Section headings typed between the tables of each section (a bold paragraph in DOCX, <h3>
// in HTML), and two full names in one cell without «;» (d01 1.3).
TEST(FormatReaders, BlackBoxSectionHeadingsBetweenTables) {
  ExpectAsWritten("d01_karelia_sections_between_tables.docx", "d01", kEveryField);
  // A regional site's page: <h3> headings, and a publication stamp under the title.
  ExpectAsWritten("d07_krasnodar_gov_site_h3_between_tables.html", "d07", kEveryField);
}

// An unnumbered plan without section rows and with short measure texts: the first row with
// text under the measure's header is the first measure, not a header row.
TEST(FormatReaders, UnnumberedPlanWithoutSectionsStartsAtItsFirstRow) {
  const std::string text =
      "ПЛАН МЕРОПРИЯТИЙ по развитию сотрудничества между Санкт-Петербургом и Тульской областью "
      "на 2025-2026 годы\n\n"
      "Наименование мероприятия\tОтветственный исполнитель\t\tСрок исполнения\n"
      "\tот Санкт-Петербурга\tот Тульской области\t\n"
      "Проведение Дней Тульской области\tКомитет по культуре Санкт-Петербурга\t"
      "Министерство культуры Тульской области\t2025 г.\n"
      "Обмен выставками\tКомитет по культуре Санкт-Петербурга\t"
      "Министерство культуры Тульской области\t2026 г.\n";
  const Agreement a = ParseBytesOrDie(text, "tula.txt");
  ASSERT_EQ(a.measures.size(), 2u);
  EXPECT_EQ(a.measures[0].text, "Проведение Дней Тульской области");
  EXPECT_EQ(a.measures[0].partner_agencies, Names{"Министерство культуры Тульской области"});
  EXPECT_EQ(a.measures[1].text, "Обмен выставками");
  EXPECT_EQ(a.measures[1].deadline.raw, "2026 г.");
}

// A report of a partner named «Ненецкого АО» in its title, with a status column, content
// controls, and a text box anchored in a measure's text (its words are not glued to the
// anchor's: «… войне» / «в том числе …»).
TEST(DocxReader, BlackBoxReportOfAnAutonomousOkrugWithATextBox) {
  ExpectAsWritten("d03_nao_report_status_sdt.docx", "d03", kEveryField);
}

// Reports in other layouts: «Результат» is what was done in a report (d09, ODT, with headings
// as text:h between its tables); a status column beside the progress («Отметка о
// выполнении»: «Выполнено», «В работе») is kept in `extra`, not read as progress (d14).
TEST(FormatReaders, BlackBoxReportsWithResultAndStatusColumns) {
  ExpectAsWritten("d09_chukotka_report_odt_h_between_tables.odt", "d09", kEveryField);
  ExpectAsWritten("d14_karelia_report_subrows.docx", "d14", kEveryField);
  const Agreement a = ParseOrDie(FormatFixture("qa/d14_karelia_report_subrows.docx"));
  ASSERT_FALSE(a.measures.empty());
  EXPECT_EQ(a.measures[0].extra.begin()->second, "Выполнено Выполнено В работе");
}

// Headers that say only that something was carried out name the progress column.
TEST(MeasureAssembler, ExecutionHeadersAloneNameProgress) {
  for (const char* header : {"Исполнение", "Выполнение", "Состояние исполнения",
                             "Фактическое исполнение", "Отчет о выполнении"}) {
    SCOPED_TRACE(header);
    const std::string page =
        "<html><head><meta charset=\"utf-8\"></head><body><p>Отчет о выполнении в 2025 году "
        "Плана мероприятий по развитию сотрудничества между Санкт-Петербургом и Тульской "
        "областью на 2024-2026 годы</p><table><tr><td>№ п/п</td><td>Наименование "
        "мероприятия</td><td>Срок</td><td>" +
        std::string(header) +
        "</td></tr><tr><td>1.1</td><td>Обмен опытом</td><td>2025 г.</td><td><p>Проведен "
        "семинар.</p><p>Изданы материалы.</p></td></tr></table></body></html>";
    const Agreement a = ParseBytesOrDie(page, "tula.html");
    ASSERT_EQ(a.measures.size(), 1u);
    EXPECT_EQ(a.measures[0].progress, (Names{"Проведен семинар.", "Изданы материалы."}));
  }
}

// One column for both parties: a measure under a heading of several spheres gets the one its
// agencies are for, as with a column for each party.
TEST(MeasureAssembler, OneAgenciesColumnGivesTheSpheresOfItsBodies) {
  const std::string text =
      "ПЛАН МЕРОПРИЯТИЙ по развитию сотрудничества между Санкт-Петербургом и Тульской областью "
      "на 2025-2026 годы\n\n"
      "№ п/п\tНаименование мероприятия\tОтветственные исполнители\tСрок исполнения\n"
      "1.\tКультура и спорт\t\t\n"
      "1.1\tПроведение Дней Тульской области\tКомитет по культуре Санкт-Петербурга; "
      "Министерство культуры Тульской области\t2025 г.\n";
  const Agreement a = ParseBytesOrDie(text, "tula.txt");
  ASSERT_EQ(a.measures.size(), 1u);
  EXPECT_EQ(a.measures[0].spheres, std::vector<std::string>{"Культура"});
}

// A Garant page: the document inside a layout table (a menu cell beside it), notes «*(1)»
// written out under the plan's table inside that layout cell, one agencies column where a
// committee is named by its initials («КППИТ»); a table of events inside a progress cell, one
// entry per row.
TEST(HtmlReader, BlackBoxLegalDatabasePageInsideALayoutTable) {
  ExpectAsWritten("d06_yakutia_garant_report.html", "d06", kEveryField);
}

// A PDF printed with automatic hyphenation: a hyphen where the renderer broke a word goes
// («промышлен-» / «ной», «еже-» / «кварталь-» / «но»), a compound's stays («Санкт-» /
// «Петербурга», «информационно-» / «телекоммуникационной»).
TEST(PdfReader, BlackBoxAutomaticHyphenation) {
  ExpectAsWritten("g2_auto_hyphenation.pdf", "g2_auto_hyphenation", kEveryField);
}

TEST(CutWords, AHyphenIsAHyphenationPointOnlyWhereTheWholeIsOneWord) {
  const CutWords& words = CutWords::Default();
  ASSERT_TRUE(words.available()) << "hunspell-ru is not installed (scripts/setup.sh)";
  EXPECT_TRUE(words.Hyphenated("промышлен-", "ной"));
  EXPECT_TRUE(words.Hyphenated("(сотрудни-", "чества),"));
  EXPECT_FALSE(words.Hyphenated("информационно-", "телекоммуникационной"));
  EXPECT_FALSE(words.Hyphenated("Санкт-", "Петербурга"));
  EXPECT_FALSE(words.Hyphenated("научно-", "технического"));
  EXPECT_FALSE(words.Hyphenated("промышленной", "кооперации"));  // no hyphen at all
}

// Year rows in a PDF («2025 год» in a merged row, centred or at the left) give their year to
// the measures under them, and are no measure and no part of a column.
TEST(PdfReader, BlackBoxYearRows) {
  ExpectAsWritten("c_year_rows.pdf", "c_year_rows", kEveryField);
  ExpectAsWritten("c_year_rows_left.pdf", "c_year_rows", kEveryField);
}

// Sub-section headings in merged rows of a PDF: one running through the columns and wrapped,
// one short and centred; both head the measures numbered under them and are no measure.
TEST(PdfReader, BlackBoxSubsectionRows) {
  ExpectAsWritten("d_subsection_long.pdf", "d_subsection_long", kEveryField);
  ExpectAsWritten("d2_subsection_centred_short.pdf", "d2_subsection_centred_short", kEveryField);
}

// Header cells centred in a tall header row: «Ответственные исполнители … Срок» stand above
// the «№ п/п» line and still name their columns (the deadlines are read).
TEST(PdfReader, BlackBoxHeaderCellsCentredVertically) {
  ExpectAsWritten("a_header_centred.pdf", "a_header_centred", kEveryField);
}

// A plan printed from HTML: notes under the table marked «*» and «**», each brought to the
// measure whose agency carries its marker (not read as a section, not lost).
TEST(PdfReader, BlackBoxStarNotesUnderTheTable) {
  ExpectAsWritten("e_footnote_html.pdf", "e_footnote_html", kEveryField);
}

// Cells centred vertically in their rows («по центру»): a row's text and agencies start above
// its number, yet each line goes to its own row — after a heading, between tall rows, across a
// page break that cuts a row, beside an empty cell.
TEST(PdfReader, BlackBoxCellsCentredVertically) {
  ExpectAsWritten("a_valign_middle.pdf", "a_valign_middle", kEveryField);
  ExpectAsWritten("a_centred_pages.pdf", "a_centred_pages", kEveryField);
}

}  // namespace
}  // namespace karta
