#include "index/xapian_writer.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <set>

#include "src/query/searcher.h"
#include "tests/test_support.h"

namespace karta {
namespace {

size_t IndexCorpusFile(const std::string& db, const std::string& file, size_t* removed = nullptr) {
  std::string error;
  auto writer = IndexWriter::Open(db, &error);
  EXPECT_TRUE(writer) << error;
  if (!writer) return 0;
  IndexWriter::ReplaceStats stats;
  EXPECT_TRUE(writer->Replace(testing::ParseOrDie(file), &stats, &error)) << error;
  EXPECT_TRUE(writer->Commit(&error)) << error;
  if (removed) *removed = stats.removed;
  return writer->document_count();
}

TEST(IndexWriter, ReindexingTheSameFileReplacesItsMeasures) {
  testing::TempDir tmp;
  const std::string db = (tmp.path() / "db").string();
  const std::string perm = testing::CorpusFiles()[1];
  EXPECT_EQ(IndexCorpusFile(db, perm), 36u);
  size_t removed = 0;
  EXPECT_EQ(IndexCorpusFile(db, perm, &removed), 36u);
  EXPECT_EQ(removed, 36u);
  // A copy of the same agreement elsewhere replaces it too (same agreement key).
  const std::string copy = tmp.Write("copy/perm.txt", testing::ReadFile(perm));
  EXPECT_EQ(IndexCorpusFile(db, copy), 36u);
}

TEST(IndexWriter, UncommittedChangesLeaveTheIndexUntouched) {
  testing::TempDir tmp;
  const std::string db = (tmp.path() / "db").string();
  EXPECT_EQ(IndexCorpusFile(db, testing::CorpusFiles()[0]), 32u);
  {
    std::string error;
    auto writer = IndexWriter::Open(db, &error);
    ASSERT_TRUE(writer);
    IndexWriter::ReplaceStats stats;
    ASSERT_TRUE(writer->Replace(testing::ParseOrDie(testing::CorpusFiles()[1]), &stats, &error));
    // destroyed without Commit()
  }
  EXPECT_EQ(Xapian::Database(db).get_doccount(), 32u);
}

TEST(IndexWriter, RefusesADirectoryThatIsNotAKartaIndex) {
  testing::TempDir tmp;
  tmp.Write("notes/readme.txt", "hello");
  std::string error;
  EXPECT_FALSE(IndexWriter::Open((tmp.path() / "notes").string(), &error));
  EXPECT_NE(error.find("not a karta index"), std::string::npos) << error;
  EXPECT_EQ(testing::ReadFile((tmp.path() / "notes/readme.txt").string()), "hello");

  const std::string foreign = (tmp.path() / "foreign").string();
  {
    Xapian::WritableDatabase other(foreign, Xapian::DB_CREATE);
    other.add_document(Xapian::Document());
    other.commit();
  }
  EXPECT_FALSE(IndexWriter::Open(foreign, &error));
  EXPECT_NE(error.find("not a karta index"), std::string::npos) << error;
  EXPECT_EQ(Xapian::Database(foreign).get_doccount(), 1u);
}

TEST(IndexWriter, ASecondWriterIsToldTheIndexIsLocked) {
  testing::TempDir tmp;
  const std::string db = (tmp.path() / "db").string();
  std::string error;
  auto first = IndexWriter::Open(db, &error);
  ASSERT_TRUE(first) << error;
  EXPECT_FALSE(IndexWriter::Open(db, &error));
  EXPECT_NE(error.find("locked"), std::string::npos) << error;
}

TEST(IndexWriter, AbbreviationsDefinedInDocumentsAreLearned) {
  testing::TempDir tmp;
  const std::string db = (tmp.path() / "db").string();
  IndexCorpusFile(db, testing::FixturePath("plan_defines_abbreviation.txt"));
  Status error;
  auto searcher = query::Searcher::Open(db, &error);
  ASSERT_TRUE(searcher) << error.message;
  // 1.2 says only «ЦКР»; the long form finds it through the definition in 1.1.
  query::SearchRequest req;
  req.query = "центр кластерного развития";
  auto r = searcher->Search(req, &error);
  ASSERT_TRUE(r) << error.message;
  std::set<std::string> ids;
  for (const auto& h : r->hits) ids.insert(h.id);
  EXPECT_EQ(ids, (std::set<std::string>{"TOM-2020-2022:1.1", "TOM-2020-2022:1.2"}));
}

}  // namespace
}  // namespace karta
