// Damaged, hostile and unusual documents (tests/fixtures/hostile/, binary ones written by
// make_hostile.py): each once crashed karta, exhausted its memory or lost measures silently.
// Now each is either read whole or refused by name, and never costs the other files.
#include <gtest/gtest.h>

#include <filesystem>

#include "index/document_parser.h"
#include "tests/test_support.h"

namespace karta {
namespace {

std::string Hostile(const std::string& name) { return testing::FixturePath("hostile/" + name); }

std::vector<std::string> Numbers(const Agreement& a) {
  std::vector<std::string> out;
  for (const Measure& m : a.measures) out.push_back(m.number);
  return out;
}

TEST(HostileDocuments, HugeSpansAreRefusedNotAllocated) {
  for (const char* name : {"gridspan_many.docx", "span_bomb.html"}) {
    const ParseResult r = ParseDocumentFile(Hostile(name));
    ASSERT_FALSE(r.agreement) << name;
    EXPECT_NE(r.error->message.find("more columns or cells than a roadmap holds"),
              std::string::npos)
        << r.error->message;
  }
}

// Issue 11: a 190 MB title line took 64 s and 2.1 GB, and its text went into every measure.
TEST(HostileDocuments, ARunawayTitleIsCutAndTheMeasuresKept) {
  std::string runaway;
  while (runaway.size() < (2u << 20))
    runaway += "плана мероприятий Санкт-Петербурга и Томской области ";
  // A runaway line in the title, right after its first line (line 23).
  std::string tomsk = testing::ReadFile(testing::CorpusPath("003_e5380288b67955c6.txt"));
  const size_t title_line = tomsk.find("ПЛАН МЕРОПРИЯТИЙ");
  ASSERT_NE(title_line, std::string::npos);
  const size_t next_line = tomsk.find('\n', title_line) + 1;
  tomsk.insert(next_line, runaway + "\n");
  const ParseResult r = ParseDocumentBytes(tomsk, "runaway.txt");
  ASSERT_TRUE(r.agreement) << r.error->message;
  EXPECT_EQ(r.agreement->measures.size(), 23u);
  EXPECT_LE(r.agreement->title.size(), 4096u);
  EXPECT_EQ(r.agreement->region, "Томская область");
  bool warned = false;
  for (const Diagnostic& w : r.agreement->warnings) {
    warned |= w.message.find("longer than a title (2048 KiB)") != std::string::npos && w.line == 23;
  }
  EXPECT_TRUE(warned);
}

TEST(HostileDocuments, TextLargerThanTheLimitIsRefusedByName) {
  const ParseResult r = ParseDocumentBytes(std::string((64u << 20) + 1, 'x'), "big.txt");
  ASSERT_FALSE(r.agreement);
  EXPECT_EQ(r.error->file, "big.txt");
  EXPECT_NE(r.error->message.find("up to 64 MiB"), std::string::npos) << r.error->message;
}

TEST(HostileDocuments, DeepNestingIsRefusedWithoutStackOverflow) {
  const ParseResult r = ParseDocumentFile(Hostile("deep_runs.docx"));
  ASSERT_FALSE(r.agreement);
  EXPECT_NE(r.error->message.find("damaged"), std::string::npos) << r.error->message;
}

TEST(HostileDocuments, EntityExpansionIsRefused) {
  const ParseResult r = ParseDocumentFile(Hostile("laughs.docx"));
  ASSERT_FALSE(r.agreement);
  EXPECT_NE(r.error->message.find("word/document.xml"), std::string::npos) << r.error->message;
}

TEST(HostileDocuments, RowsInContentControlsAndGridBeforeZeroAreRead) {
  const Agreement a = testing::ParseOrDie(Hostile("sdt_rows.docx"));
  EXPECT_EQ(Numbers(a), (std::vector<std::string>{"1.1", "1.2", "1.3", "1.4"}));
  EXPECT_EQ(a.measures.at(3).text, "Семинар");
  EXPECT_EQ(a.measures.at(3).deadline.raw, "2026 г.");
}

TEST(HostileDocuments, ATableContinuedWithAnotherWidthKeepsItsMeasures) {
  const Agreement a = testing::ParseOrDie(Hostile("table_continued_wider.html"));
  EXPECT_EQ(Numbers(a),
            (std::vector<std::string>{"1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3"}));
}

TEST(HostileDocuments, TitleInAnHtmlCaptionIsRead) {
  const Agreement a = testing::ParseOrDie(Hostile("title_in_caption.html"));
  EXPECT_EQ(a.region, "Мурманская область");
  EXPECT_EQ(a.period_from, 2024);
  EXPECT_EQ(a.period_to, 2026);
}

TEST(HostileDocuments, PipeRowWithoutItsClosingBarKeepsTheLastCell) {
  const Agreement a = testing::ParseOrDie(Hostile("pipe_open_last_cell.txt"));
  ASSERT_EQ(a.measures.size(), 3u);
  EXPECT_EQ(a.measures[0].deadline.raw, "2025 г.");
}

// Totals and year words inside cells are text, not rows of their own.
TEST(HostileDocuments, TotalsAndYearWordsInCellsAreKept) {
  const Agreement a = testing::ParseOrDie(Hostile("report_words_in_cells.txt"));
  const Measure* m11 = testing::FindMeasure(a, "1.1");
  ASSERT_NE(m11, nullptr);
  bool kept = false;
  for (const std::string& p : m11->progress) kept |= p.rfind("Всего за 2025 год", 0) == 0;
  EXPECT_TRUE(kept);
  const Measure* m14 = testing::FindMeasure(a, "1.4");
  ASSERT_NE(m14, nullptr);
  EXPECT_EQ(m14->deadline.raw, "2026 год");
  const Measure* m15 = testing::FindMeasure(a, "1.5");
  ASSERT_NE(m15, nullptr);
  EXPECT_TRUE(m15->deadline.raw.empty());
  bool odd_row_kept = false;  // «1.3)» is no measure number, yet its row is kept
  for (const Measure& m : a.measures) odd_row_kept |= m.spb_agencies.size() == 1 && m.text.empty();
  EXPECT_TRUE(odd_row_kept);
}

}  // namespace
}  // namespace karta

namespace karta {
namespace {

// Every input a fuzz harness ever crashed on (tests/fuzz/regressions/) parses or is refused.
TEST(HostileDocuments, FuzzFindingsStayFixed) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(KARTA_TESTS_DIR) / "fuzz" / "regressions";
  size_t replayed = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().filename() == "README.md") continue;
    const ParseResult r = ParseDocumentBytes(testing::ReadFile(entry.path().string()),
                                             entry.path().filename().string());
    EXPECT_TRUE(r.agreement || r.error) << entry.path();
    ++replayed;
  }
  SUCCEED() << replayed << " inputs replayed";
}

}  // namespace
}  // namespace karta
