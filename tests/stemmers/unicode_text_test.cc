#include "stemmers/unicode_text.h"

#include <gtest/gtest.h>

namespace karta {
namespace {

TEST(FoldCase, LowersCyrillicAndFoldsYo) {
  EXPECT_EQ(FoldCase("МОЛОДЁЖНЫЙ Форум"), "молодежный форум");
  EXPECT_EQ(FoldCase("Ёлка"), "елка");
}

TEST(MatchKey, UnifiesDashesSpacesAndQuotes) {
  EXPECT_EQ(MatchKey("Кемеровской области – Кузбасса"), MatchKey("кемеровской  области-Кузбасса"));
  EXPECT_EQ(MatchKey("на 2020 — 2022 годы"), "на 2020-2022 годы");
  EXPECT_EQ(MatchKey("«Смоленский терем»"), "смоленский терем");
}

TEST(SplitWords, KeepsInnerHyphens) {
  const auto words = SplitWords("торгово-экономической и (инвестиционной) сферах");
  ASSERT_EQ(words.size(), 4u);
  EXPECT_EQ(words[0], "торгово-экономической");
  EXPECT_EQ(words[2], "инвестиционной");
}

TEST(IsValidUtf8, RejectsTruncatedAndOverlongSequences) {
  EXPECT_TRUE(IsValidUtf8("Пермский край"));
  EXPECT_FALSE(IsValidUtf8("\xCF\xE5\xF0\xEC\xFC"));  // «Пермь» in Windows-1251
  EXPECT_FALSE(IsValidUtf8("\xD0"));                  // truncated
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));              // overlong '/'
}

TEST(DisplayWidth, CountsCodePoints) { EXPECT_EQ(DisplayWidth("Кузбасс"), 7u); }

}  // namespace
}  // namespace karta
