#include "index/xapian_writer.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <set>

#include "index/index_schema.h"
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

// Thousands of measures in one transaction: Xapian's value changes are merged into their
// tables before the commit (memory), yet cancelling still discards them and committing keeps
// every value.
TEST(IndexWriter, ALargeTransactionKeepsEveryValueAndStillCancels) {
  testing::TempDir tmp;
  const std::string db = (tmp.path() / "db").string();
  const Agreement perm = testing::ParseOrDie(testing::CorpusFiles()[1]);
  constexpr size_t kCopies = 300;  // 10,800 measures: merged twice
  auto write_copies = [&](IndexWriter* writer) {
    std::string error;
    for (size_t k = 0; k < kCopies; ++k) {
      Agreement copy = perm;
      copy.path = (tmp.path() / ("copy-" + std::to_string(k) + ".txt")).string();
      copy.key_suffix = "~c" + std::to_string(k);
      copy.AssignIds();
      IndexWriter::ReplaceStats stats;
      ASSERT_TRUE(writer->Replace(copy, &stats, &error)) << error;
    }
  };
  EXPECT_EQ(IndexCorpusFile(db, testing::CorpusFiles()[0]), 32u);
  {
    std::string error;
    auto writer = IndexWriter::Open(db, &error);
    ASSERT_TRUE(writer) << error;
    write_copies(writer.get());
    // destroyed without Commit()
  }
  {
    Xapian::Database index(db);
    EXPECT_EQ(index.get_doccount(), 32u);
    EXPECT_EQ(index.get_value_freq(schema::kSlotRegion), 32u);
  }
  {
    std::string error;
    auto writer = IndexWriter::Open(db, &error);
    ASSERT_TRUE(writer) << error;
    write_copies(writer.get());
    ASSERT_TRUE(writer->Commit(&error)) << error;
  }
  Xapian::Database index(db);
  const size_t total = 32 + kCopies * perm.measures.size();
  ASSERT_EQ(index.get_doccount(), total);
  for (Xapian::valueno slot : {schema::kSlotRegion, schema::kSlotKind, schema::kSlotOrder,
                               schema::kSlotPath, schema::kSlotFacetRow}) {
    size_t n = 0;
    for (auto v = index.valuestream_begin(slot); v != index.valuestream_end(slot); ++v) ++n;
    EXPECT_EQ(n, total) << "slot " << slot;
  }
  size_t perm_measures = 0;
  for (auto v = index.valuestream_begin(schema::kSlotRegion);
       v != index.valuestream_end(schema::kSlotRegion); ++v) {
    perm_measures += *v == "Пермский край";
  }
  EXPECT_EQ(perm_measures, kCopies * perm.measures.size());
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
