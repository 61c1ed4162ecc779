#include "index/table_reader.h"

#include <gtest/gtest.h>

#include "index/numbering.h"

namespace karta {
namespace {

TEST(DetectLayout, TellsTabRowsFromCellPerLine) {
  EXPECT_EQ(DetectLayout("a\tb\tc\n1.1\tx\ty\n"), TableLayout::kTabRows);
  EXPECT_EQ(DetectLayout("\tа\n\tб\n\tв\n"), TableLayout::kCellPerLine);
}

TEST(ReadTable, TabRowsKeepPreambleRowsAndTrailer) {
  TableText t = ReadTable("Заголовок\n\n1.1\tТекст\tКомитет\n\nГубернатор\n");
  ASSERT_EQ(t.preamble.size(), 1u);
  EXPECT_EQ(t.preamble[0].text, "Заголовок");
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(t.rows[0].line, 3);
  ASSERT_EQ(t.rows[0].cells.size(), 3u);
  EXPECT_EQ(t.rows[0].cells[2].Text(), "Комитет");
  ASSERT_EQ(t.trailer.size(), 1u);
  EXPECT_EQ(t.trailer[0].text, "Губернатор");
}

TEST(ReadTable, CellPerLineGroupsCellsByHeaderWidth) {
  TableText t = ReadTable(
      "Отчет\n\n\t№\n\tНаименование\n\tСрок\n\n\t1. В области "
      "спорта\n\n\t1.1.\n\tТекст\n\t2021-2023 \nгоды\n"
      "\n\t\n\t\n\tвторая запись\n");
  ASSERT_EQ(t.layout, TableLayout::kCellPerLine);
  ASSERT_EQ(t.rows.size(), 4u);  // header, heading, measure, continuation row
  EXPECT_EQ(t.rows[0].cells.size(), 3u);
  EXPECT_EQ(t.rows[1].cells.size(), 1u);
  EXPECT_EQ(t.rows[2].cells[2].Text(), "2021-2023 годы");
  ASSERT_EQ(t.rows[3].cells.size(), 3u);  // tab-only lines are empty cells, not blank lines
  EXPECT_TRUE(t.rows[3].cells[0].empty());
  EXPECT_TRUE(t.rows[3].cells[1].empty());
  EXPECT_EQ(t.rows[3].cells[2].Text(), "вторая запись");
}

TEST(ReadTable, CellPerLineBlankLinesSeparateParagraphs) {
  TableText t = ReadTable(
      "\t№\n\tИсполнитель\n\n\t1.1.\n\tДепартамент по образованию \nи науке\n\nГлавное управление "
      "спорта\n");
  ASSERT_EQ(t.rows.size(), 2u);
  const Cell& agencies = t.rows[1].cells[1];
  ASSERT_EQ(agencies.paragraphs.size(), 1u);
  EXPECT_EQ(agencies.paragraphs[0], "Департамент по образованию и науке");
  // Text after a blank line with no cell following is the trailer, not a paragraph.
  ASSERT_EQ(t.trailer.size(), 1u);
  EXPECT_EQ(t.trailer[0].text, "Главное управление спорта");
}

}  // namespace
}  // namespace karta

namespace karta {
namespace {

// What a number cut by a narrow column is checked against (the PDF reader joins «1.1» + «0»
// when the whole follows the measure before and the first part does not).
TEST(Numbering, FollowsInSequenceKnowsTheNextNumberAtEachLevel) {
  EXPECT_TRUE(FollowsInSequence("1.9", "1.10"));
  EXPECT_TRUE(FollowsInSequence("1.2", "1.2.1"));
  EXPECT_TRUE(FollowsInSequence("1.12", "2"));
  EXPECT_TRUE(FollowsInSequence("1.12", "2.1"));
  EXPECT_TRUE(FollowsInSequence("7", "8"));
  EXPECT_FALSE(FollowsInSequence("1.9", "1.1"));
  EXPECT_FALSE(FollowsInSequence("1.10", "1.1"));
  EXPECT_FALSE(FollowsInSequence("1.12", "2.2"));
  EXPECT_FALSE(FollowsInSequence("1", "1"));
  EXPECT_FALSE(FollowsInSequence("1", "3"));
  EXPECT_FALSE(FollowsInSequence("", "1"));
  EXPECT_FALSE(FollowsInSequence("1.a", "1.2"));
}

// A news page's «Дата | Событие» table was read as a plan whose measure «01.02.2025» was a date.
TEST(Numbering, ADateOrAYearIsNoMeasureNumber) {
  EXPECT_EQ(ParseMeasureNumber("1.2.3"), "1.2.3");
  EXPECT_EQ(ParseMeasureNumber("12.105."), "12.105");
  EXPECT_FALSE(ParseMeasureNumber("01.02.2025"));
  EXPECT_FALSE(ParseMeasureNumber("2025"));
  EXPECT_FALSE(ParseMeasureNumber("1.2025"));
}

}  // namespace
}  // namespace karta
