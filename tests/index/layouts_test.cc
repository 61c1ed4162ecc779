// The table layouts other agreements use (tests/fixtures/layouts/, expectations written from
// the documents in expected.json, explained in EXPECTED.md): every field of every measure.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "index/document_parser.h"
#include "index/measure_json.h"
#include "tests/test_support.h"

namespace karta {
namespace {

struct LayoutCase {
  std::string file;
  nlohmann::json expected;
};

std::vector<LayoutCase> Cases() {
  const nlohmann::json all =
      nlohmann::json::parse(testing::ReadFile(testing::FixturePath("layouts/expected.json")));
  std::vector<LayoutCase> cases;
  for (const nlohmann::json& entry : all) cases.push_back({entry[0], entry[2]});
  return cases;
}

// gtest prints a parameter with this; the fixture's file names it.
void PrintTo(const LayoutCase& c, std::ostream* out) { *out << c.file; }

class LayoutFixture : public ::testing::TestWithParam<LayoutCase> {};

TEST_P(LayoutFixture, ParsesExactly) {
  const LayoutCase& c = GetParam();
  const ParseResult r = ParseDocumentFile(testing::FixturePath("layouts/" + c.file));
  if (c.expected.contains("rejected")) {
    ASSERT_FALSE(r.agreement) << "accepted as " << r.agreement->measures.size() << " measures";
    EXPECT_NE(r.error->file.find(c.file), std::string::npos);
    return;
  }
  ASSERT_TRUE(r.agreement) << r.error->ToString();
  const nlohmann::json got = ToJson(*r.agreement);
  const nlohmann::json& want = c.expected;
  for (const char* key : {"kind", "region", "region_code", "report_year", "layout", "title"}) {
    EXPECT_EQ(got[key], want[key]) << key;
  }
  EXPECT_EQ(got["period"]["from"], want["period"][0]);
  EXPECT_EQ(got["period"]["to"], want["period"][1]);
  ASSERT_EQ(got["measures"].size(), want["measures"].size());
  for (size_t i = 0; i < want["measures"].size(); ++i) {
    const nlohmann::json& m = got["measures"][i];
    const nlohmann::json& e = want["measures"][i];
    SCOPED_TRACE(e["number"].get<std::string>());
    for (const char* key : {"number", "id", "text", "spb_agencies", "partner_agencies", "progress",
                            "notes", "extra", "deadline"}) {
      EXPECT_EQ(m[key], e[key]) << key;
    }
    EXPECT_EQ(m["section"]["number"], e["section"]["number"]);
    EXPECT_EQ(m["section"]["heading"], e["section"]["heading"]);
    if (e.contains("subsection")) {
      EXPECT_EQ(m["subsection"], e["subsection"]);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Layouts, LayoutFixture, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<LayoutCase>& param) {
                           std::string name =
                               param.param.file.substr(0, param.param.file.find('.'));
                           for (char& ch : name) {
                             if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return name;
                         });

// A column listing both sides: a body naming neither party goes by the document's own usage
// of its head word, else by the governments' structure (St Petersburg's executive bodies are
// committees) — and then with a warning, since that is a guess.
TEST(LayoutFixture, OneAgenciesColumnWarnsOnlyWhereTheSideIsAGuess) {
  const std::string doc =
      "ПЛАН МЕРОПРИЯТИЙ по развитию сотрудничества между Правительством Санкт-Петербурга и "
      "Правительством Новгородской области на 2025-2027 годы\n\n"
      "№ п/п\tНаименование мероприятия\tОтветственные исполнители\tСрок исполнения\n"
      "1.1\tОбмен опытом\tКомитет по культуре Санкт-Петербурга; Министерство культуры "
      "Новгородской области\t2025 г.\n"
      "1.2\tОбмен делегациями\tКомитет по образованию; Агентство по туризму\t2026 г.\n";
  const ParseResult r = ParseDocumentBytes(doc, "mixed.txt");
  ASSERT_TRUE(r.agreement) << r.error->ToString();
  const Measure& m = r.agreement->measures.at(1);
  EXPECT_EQ(m.spb_agencies, std::vector<std::string>{"Комитет по образованию"});
  EXPECT_EQ(m.partner_agencies, std::vector<std::string>{"Агентство по туризму"});
  std::vector<std::string> guesses;
  for (const Diagnostic& w : r.agreement->warnings) {
    if (w.message.find("names neither party") != std::string::npos) guesses.push_back(w.message);
  }
  // «Комитет» is how this document names St Petersburg's bodies; «Агентство» it never used.
  ASSERT_EQ(guesses.size(), 1u);
  EXPECT_NE(guesses[0].find("Агентство по туризму"), std::string::npos);
}

// Section and sub-section rows may write their number in the «№» column and the heading in
// the next: «1. | В сфере культуры», «1.2. | Обмен опытом» above «1.2.1». A sub-heading was a
// measure of its own, and the measures under it took the sub-section before it.
TEST(LayoutFixture, SubHeadingsNumberedInTheNumberColumnAreSubSections) {
  const std::string doc =
      "ПЛАН МЕРОПРИЯТИЙ по развитию сотрудничества между Правительством Санкт-Петербурга и "
      "Правительством Новгородской области на 2025-2027 годы\n\n"
      "№ п/п\tНаименование мероприятия\tот Санкт-Петербурга\tот Новгородской области\t"
      "Срок исполнения\n"
      "1.\tВ сфере культуры\t\t\t\n"
      "1.1.\tПроведение совместных мероприятий\t\t\t\n"
      "1.1.1.\tДни культуры\tКомитет по культуре Санкт-Петербурга\t"
      "Министерство культуры Новгородской области\t2025 г.\n"
      "1.2.\tОбмен опытом и информацией\t\t\t\n"
      "1.2.1.\tОбмен опытом в сфере музейного дела\tКомитет по культуре Санкт-Петербурга\t"
      "Министерство культуры Новгородской области\t2026 г.\n";
  const Agreement a = testing::ParseBytesOrDie(doc, "subsections.txt");
  const std::vector<Measure>& ms = a.measures;
  ASSERT_EQ(ms.size(), 2u);
  EXPECT_EQ(ms[0].number, "1.1.1");
  EXPECT_EQ(ms[0].section.heading, "В сфере культуры");
  EXPECT_EQ(ms[0].section.subsection_number, "1.1");
  EXPECT_EQ(ms[0].section.subsection_heading, "Проведение совместных мероприятий");
  EXPECT_EQ(ms[1].number, "1.2.1");
  EXPECT_EQ(ms[1].section.subsection_number, "1.2");
  EXPECT_EQ(ms[1].section.subsection_heading, "Обмен опытом и информацией");
}

// A column without a header (a merged header over two columns, or a strip a PDF's long line
// made) was dropped silently. Its text is kept as a note of the measure, with a warning.
TEST(LayoutFixture, TextInAColumnWithoutAHeaderIsKeptAsANote) {
  const std::string doc =
      "ПЛАН МЕРОПРИЯТИЙ по развитию сотрудничества между Правительством Санкт-Петербурга и "
      "Правительством Новгородской области на 2025-2027 годы\n\n"
      "№ п/п\tНаименование мероприятия\t\tот Санкт-Петербурга\tот Новгородской области\t"
      "Срок исполнения\n"
      "1.1\tОбмен опытом\tв сфере культуры\tКомитет по культуре Санкт-Петербурга\t"
      "Министерство культуры Новгородской области\t2025 г.\n";
  const Agreement a = testing::ParseBytesOrDie(doc, "unnamed.txt");
  ASSERT_EQ(a.measures.size(), 1u);
  EXPECT_EQ(a.measures[0].text, "Обмен опытом");
  EXPECT_EQ(a.measures[0].notes, std::vector<std::string>{"в сфере культуры"});
  bool warned = false;
  for (const Diagnostic& w : a.warnings) {
    warned |= w.message.find("no known role") != std::string::npos;
  }
  EXPECT_TRUE(warned);
}

}  // namespace
}  // namespace karta
