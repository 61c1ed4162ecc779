#include "index/cell_markup.h"

#include <gtest/gtest.h>

namespace karta {
namespace {

using Paragraphs = std::vector<std::string>;

TEST(CellParagraphs, SplitsHtmlParagraphs) {
  EXPECT_EQ(CellParagraphs("<p>Комитет по культуре;</p> <p>Комитет по внешним связям</p>"),
            (Paragraphs{"Комитет по культуре;", "Комитет по внешним связям"}));
}

TEST(CellParagraphs, DropsBoldTagsAndMarkdownMarkers) {
  EXPECT_EQ(CleanCellText("<b>1. В области культуры</b>"), "1. В области культуры");
  EXPECT_EQ(CleanCellText("**Губернатор Санкт-Петербурга**"), "Губернатор Санкт-Петербурга");
}

TEST(CellParagraphs, KeepsSingleAsteriskFootnoteMarker) {
  EXPECT_EQ(CleanCellText("«Смоленский терем» *"), "«Смоленский терем» *");
}

TEST(CellParagraphs, RemovesEditorBookmarks) {
  EXPECT_EQ(CleanCellText("[bookmark: _GoBack]28 февраля 2023 года"), "28 февраля 2023 года");
}

TEST(CellParagraphs, DecodesEntitiesAndKeepsLiteralLessThan) {
  EXPECT_EQ(CleanCellText("&laquo;Доброфорум&raquo; &amp; доля < 5 %"),
            "«Доброфорум» & доля < 5 %");
}

TEST(CellParagraphs, CollapsesWhitespace) {
  EXPECT_EQ(CleanCellText("  проводимых                      на   территориях "),
            "проводимых на территориях");
  EXPECT_TRUE(CellParagraphs("   ").empty());
}

}  // namespace
}  // namespace karta

namespace karta {
namespace {

TEST(CellMarkup, DecodesNumericEntities) {
  EXPECT_EQ(CleanCellText("Санкт-Петербург &#8211; Пермь, &#xAB;Точка кипения&#xBB;"),
            "Санкт-Петербург – Пермь, «Точка кипения»");
  EXPECT_EQ(CleanCellText("&#123456789; &#;"), "&#123456789; &#;");  // not a character
}

}  // namespace
}  // namespace karta
