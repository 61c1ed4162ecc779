// The indexing pipeline in-process (index/indexer.h): the loss cases found when karta was
// tried as a new user would, each a regression test named after it.
#include "index/indexer.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <xapian.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "index/document_parser.h"
#include "index/index_schema.h"
#include "index/xapian_writer.h"
#include "src/query/searcher.h"
#include "tests/test_support.h"

namespace karta {
namespace {

namespace fs = std::filesystem;
using testing::CorpusPath;
using testing::ReadFile;
using testing::TempDir;

constexpr char kTomsk[] = "003_e5380288b67955c6.txt";  // 23 measures
constexpr char kPerm[] = "001_30d1422bfb731976.txt";   // 36 measures

class RecordingObserver : public IndexObserver {
 public:
  void OnWarning(const Diagnostic& w) override { warnings.push_back(w.ToString()); }
  void OnSkipped(const Diagnostic& e) override { skipped.push_back(e.ToString()); }
  void OnNote(const std::string& m) override { notes.push_back(m); }
  void OnIndexed(const std::string& file, const Agreement&, size_t added, size_t) override {
    if (stop_after && --stop_after == 0) stop = true;
    written += added;
    indexed.push_back(file);
  }
  bool Interrupted() override { return stop; }

  std::vector<std::string> warnings, skipped, notes, indexed;
  size_t written = 0;
  int stop_after = 0;  // interrupt after this many indexed files (0: never)
  bool stop = false;
};

IndexerResult Index(const std::string& db, std::vector<std::string> paths,
                    IndexObserver* observer = nullptr, unsigned jobs = 1) {
  IndexerOptions options;
  options.db = db;
  options.paths = std::move(paths);
  options.jobs = jobs;
  RecordingObserver quiet;
  return RunIndexer(options, observer != nullptr ? observer : &quiet);
}

size_t Count(const std::string& db, const std::string& region) {
  Status error;
  std::unique_ptr<query::Searcher> s = query::Searcher::Open(db, &error);
  EXPECT_NE(s, nullptr) << error.message;
  if (!s) return 0;
  query::SearchRequest request;
  if (!region.empty()) request.regions = {region};
  request.limit = 0;
  std::optional<query::SearchResponse> response = s->Search(request, &error);
  EXPECT_TRUE(response) << error.message;
  return response ? response->total : 0;
}

bool Contains(const std::vector<std::string>& lines, const std::string& part) {
  for (const std::string& l : lines) {
    if (l.find(part) != std::string::npos) return true;
  }
  return false;
}

// Loss case 1: a copy of a plan indexed from B, then deleted from B, took A's measures along;
// A then said «unchanged» and the region found nothing.
TEST(IndexerLoss, AnAgreementVanishesAfterItsCopyIsDeleted) {
  TempDir tmp;
  const std::string a = tmp.Write("A/tomsk.txt", ReadFile(CorpusPath(kTomsk)));
  const std::string b = tmp.Write("B/tomsk-copy.txt", ReadFile(CorpusPath(kTomsk)));
  const std::string db = (tmp.path() / "db").string();
  const std::string dir_a = (tmp.path() / "A").string(), dir_b = (tmp.path() / "B").string();
  ASSERT_EQ(Index(db, {dir_a}).status, IndexStatus::kOk);
  RecordingObserver seen;
  const IndexerResult copy = Index(db, {dir_b}, &seen);
  EXPECT_EQ(copy.summary.duplicates, 1u);
  EXPECT_TRUE(Contains(seen.notes, "holds the same document as")) << seen.notes.size();
  EXPECT_EQ(Count(db, "Томская область"), 23u);
  fs::remove(b);
  ASSERT_EQ(Index(db, {dir_b}).status, IndexStatus::kOk);
  EXPECT_EQ(Count(db, "Томская область"), 23u);
  const IndexerResult again = Index(db, {dir_a});
  EXPECT_EQ(again.summary.unchanged, 1u);
  EXPECT_EQ(Count(db, "Томская область"), 23u);
  // And the other way round: the kept file goes, the copy takes its place.
  ASSERT_EQ(Index(db, {dir_b}).status, IndexStatus::kOk);  // (B is empty now)
  tmp.Write("B/tomsk-copy.txt", ReadFile(CorpusPath(kTomsk)));
  ASSERT_EQ(Index(db, {dir_b}).status, IndexStatus::kOk);
  fs::remove(a);
  RecordingObserver promoted;
  ASSERT_EQ(Index(db, {dir_a}, &promoted).status, IndexStatus::kOk);
  EXPECT_TRUE(Contains(promoted.notes, "now holds its document"));
  EXPECT_EQ(Count(db, "Томская область"), 23u);
}

IndexerResult IndexForce(const std::string& db, std::vector<std::string> paths,
                         RecordingObserver* observer, unsigned jobs) {
  IndexerOptions options;
  options.db = db;
  options.paths = std::move(paths);
  options.jobs = jobs;
  options.force = true;
  return RunIndexer(options, observer);
}

// The bundled documents copied to `dir` under `tmp`; returns the directory.
std::string CopyCorpus(const TempDir& tmp, const std::string& dir) {
  for (const std::string& file : testing::CorpusFiles()) {
    tmp.Write(dir + "/" + fs::path(file).filename().string(), ReadFile(file));
  }
  return (tmp.path() / dir).string();
}

constexpr char kRebuiltNote[] = "it is built anew with 2 writers";

// --force over every file of an index (dictionaries changed): the index is built anew in
// parallel and put in its place, with what an update in place would have given.
TEST(IndexerIncremental, ForceOverEveryFileRebuildsTheIndexInParallel) {
  TempDir tmp;
  const std::string docs = CopyCorpus(tmp, "docs");
  const std::string db = (tmp.path() / "db").string();
  ASSERT_EQ(Index(db, {docs}, nullptr, 2).summary.total, 143u);
  fs::remove(fs::path(docs) / kTomsk);  // gone from the directory: its measures go too
  for (unsigned jobs : {2u, 1u}) {
    const std::string target = jobs == 2 ? db : (tmp.path() / "in-place").string();
    if (jobs == 1) {
      ASSERT_EQ(Index(target, {docs}, nullptr, 2).summary.total, 120u);
      tmp.Write("docs/" + std::string(kTomsk), ReadFile(CorpusPath(kTomsk)));
      ASSERT_EQ(Index(target, {docs}, nullptr, 2).summary.total, 143u);
      fs::remove(fs::path(docs) / kTomsk);
    }
    RecordingObserver seen;
    const IndexerResult r = IndexForce(target, {docs}, &seen, jobs);
    EXPECT_EQ(r.status, IndexStatus::kOk) << r.error;
    EXPECT_EQ(Contains(seen.notes, kRebuiltNote), jobs == 2);
    EXPECT_EQ(r.summary.changed, 4u) << jobs;
    EXPECT_EQ(r.summary.fresh, 0u) << jobs;
    EXPECT_EQ(r.summary.deleted, 1u) << jobs;
    EXPECT_EQ(r.summary.added, 120u) << jobs;
    EXPECT_EQ(r.summary.removed, 143u) << jobs;
    EXPECT_EQ(r.summary.total, 120u) << jobs;
    EXPECT_TRUE(Contains(seen.notes, "(file deleted)")) << jobs;
    EXPECT_EQ(Count(target, "Томская область"), 0u);
    EXPECT_EQ(Count(target, "Пермский край"), 36u);
  }
  // Both ways give the same index: the same measures, records and derived data.
  Xapian::Database rebuilt(db), in_place((tmp.path() / "in-place").string());
  ASSERT_EQ(rebuilt.get_doccount(), in_place.get_doccount());
  auto metadata = [](const Xapian::Database& index, const std::string& prefix) {
    std::vector<std::pair<std::string, std::string>> items;
    for (auto k = index.metadata_keys_begin(prefix); k != index.metadata_keys_end(prefix); ++k) {
      std::string value = index.get_metadata(*k);
      // A file record's stamp (its fourth field) says when the file was read.
      if (prefix == "karta:file:") value = value.substr(0, value.rfind('\t'));
      items.emplace_back(*k, value);
    }
    return items;
  };
  for (const char* prefix :
       {"karta:file:", "karta:agenc", "karta:abbreviations", "karta:execution", "karta:reported"}) {
    EXPECT_EQ(metadata(rebuilt, prefix), metadata(in_place, prefix)) << prefix;
  }
  EXPECT_FALSE(metadata(rebuilt, "karta:file:").empty());
  // And the next plain run finds every file unchanged.
  const IndexerResult next = Index(db, {docs}, nullptr, 2);
  EXPECT_EQ(next.summary.unchanged, 4u);
  EXPECT_EQ(next.summary.total, 120u);
}

// --force over some of the index's files: the others must stay, so the files are updated in
// place.
TEST(IndexerIncremental, ForceOverSomeFilesOfTheIndexUpdatesThemInPlace) {
  TempDir tmp;
  const std::string docs = CopyCorpus(tmp, "docs");
  const std::string db = (tmp.path() / "db").string();
  ASSERT_EQ(Index(db, {docs}, nullptr, 2).summary.total, 143u);
  const std::string tomsk = tmp.Write("other/tomsk.txt", ReadFile(CorpusPath(kTomsk)));
  fs::remove(fs::path(docs) / kTomsk);
  ASSERT_EQ(Index(db, {tomsk}, nullptr, 2).summary.total, 143u);  // Tomsk now held from other/
  RecordingObserver seen;
  const IndexerResult r = IndexForce(db, {docs}, &seen, 2);
  EXPECT_EQ(r.status, IndexStatus::kOk) << r.error;
  EXPECT_FALSE(Contains(seen.notes, kRebuiltNote));
  EXPECT_EQ(r.summary.changed, 4u);
  EXPECT_EQ(r.summary.total, 143u);
  EXPECT_EQ(Count(db, "Томская область"), 23u);
}

// A rewrite that meets a file it can no longer read keeps that file's measures: the files are
// updated in place, as without the rebuild.
TEST(IndexerIncremental, ARebuildThatCannotReadAnIndexedFileKeepsItsMeasures) {
  TempDir tmp;
  const std::string docs = CopyCorpus(tmp, "docs");
  const std::string db = (tmp.path() / "db").string();
  ASSERT_EQ(Index(db, {docs}, nullptr, 2).summary.total, 143u);
  fs::copy_file(testing::FixturePath("layouts/garbage.txt"), fs::path(docs) / kPerm,
                fs::copy_options::overwrite_existing);
  RecordingObserver seen;
  const IndexerResult r = IndexForce(db, {docs}, &seen, 2);
  EXPECT_EQ(r.status, IndexStatus::kFilesSkipped) << r.error;
  EXPECT_TRUE(Contains(seen.notes, kRebuiltNote));
  EXPECT_TRUE(Contains(seen.notes, "updated in place instead of rebuilt"));
  EXPECT_EQ(r.summary.skipped, 1u);
  EXPECT_EQ(r.summary.changed, 4u);
  EXPECT_EQ(r.summary.total, 143u);
  EXPECT_EQ(Count(db, "Пермский край"), 36u);
  // Each file is named once: what the abandoned rebuild had done is not told twice.
  EXPECT_EQ(seen.indexed.size(), 4u);
  EXPECT_EQ(std::set<std::string>(seen.indexed.begin(), seen.indexed.end()).size(), 4u);
  EXPECT_EQ(seen.skipped.size(), 1u);
  for (const auto& entry : fs::directory_iterator(tmp.path())) {
    EXPECT_EQ(entry.path().filename().string().find(".build-"), std::string::npos);
  }
}

// Which of two files keeps a document held twice is the index's past, which a build from the
// files alone cannot know: such a rewrite is made in place, and the file that kept the measures
// keeps them.
TEST(IndexerIncremental, ARebuildMeetingADocumentHeldTwiceUpdatesInPlace) {
  TempDir tmp;
  const std::string docs = CopyCorpus(tmp, "docs");
  const std::string db = (tmp.path() / "db").string();
  ASSERT_EQ(Index(db, {docs}, nullptr, 2).summary.total, 143u);
  // The copy sorts before the original: a new build would give it the measures.
  tmp.Write("docs/000_perm_copy.txt", ReadFile(CorpusPath(kPerm)));
  ASSERT_EQ(Index(db, {docs}, nullptr, 2).summary.duplicates, 1u);
  const std::string perm_term =
      schema::Term(schema::kFilePrefix, schema::FileKey((fs::path(docs) / kPerm).string()));
  ASSERT_EQ(Xapian::Database(db).get_termfreq(perm_term), 36u);
  RecordingObserver seen;
  const IndexerResult r = IndexForce(db, {docs}, &seen, 2);
  EXPECT_EQ(r.status, IndexStatus::kOk) << r.error;
  EXPECT_TRUE(Contains(seen.notes,
                       "holds the same document as another file: the files are "
                       "updated in place instead of rebuilt"));
  EXPECT_EQ(r.summary.total, 143u);
  EXPECT_EQ(Xapian::Database(db).get_termfreq(perm_term), 36u);
}

// Loss case 2: documents without a recognisable partner region all got the key «UNK» and
// replaced each other.
TEST(IndexerLoss, DocumentsWithoutARegionDoNotOverwriteEachOther) {
  TempDir tmp;
  const std::string plan =
      "План мероприятий на 2024-2026 годы\n\n"
      "№ п/п\tНаименование мероприятия\tОтветственный исполнитель\t\tСрок исполнения\n"
      "1.1\tОбмен опытом\tКомитет по культуре\t\t2024 г.\n"
      "1.2\tПроведение выставок\tКомитет по культуре\t\t2025 г.\n";
  std::string other = plan;
  other.replace(other.find("Обмен опытом"), std::string("Обмен опытом").size(),
                "Обмен делегациями");
  tmp.Write("docs/first.txt", plan);
  tmp.Write("docs/second.txt", other);
  const std::string db = (tmp.path() / "db").string();
  RecordingObserver seen;
  const IndexerResult r = Index(db, {(tmp.path() / "docs").string()}, &seen);
  EXPECT_EQ(r.status, IndexStatus::kOk);
  EXPECT_EQ(r.summary.total, 4u);
  EXPECT_EQ(r.summary.removed, 0u);
  EXPECT_TRUE(Contains(seen.warnings, "no partner region"));
  // A copy of one of them under another name is still the same document: kept once.
  tmp.Write("docs/first-copy.txt", plan);
  const IndexerResult copy = Index(db, {(tmp.path() / "docs").string()});
  EXPECT_EQ(copy.summary.duplicates, 1u);
  EXPECT_EQ(copy.summary.total, 4u);
}

// Loss case 3: a file of random tab-separated words was indexed as thousands of measures.
TEST(IndexerLoss, GarbageIsNotIndexedAsAPlan) {
  TempDir tmp;
  const std::string db = (tmp.path() / "db").string();
  tmp.Write("docs/plan.txt", ReadFile(CorpusPath(kPerm)));
  fs::copy_file(testing::FixturePath("layouts/garbage.txt"), tmp.path() / "docs/garbage.txt");
  fs::copy_file(testing::FixturePath("layouts/not_a_roadmap.txt"), tmp.path() / "docs/prices.txt");
  RecordingObserver seen;
  const IndexerResult r = Index(db, {(tmp.path() / "docs").string()}, &seen);
  EXPECT_EQ(r.status, IndexStatus::kFilesSkipped);
  EXPECT_EQ(r.summary.skipped, 2u);
  EXPECT_EQ(r.summary.total, 36u);
  EXPECT_TRUE(Contains(seen.skipped, "prices.txt: does not look like a roadmap"));
  EXPECT_TRUE(Contains(seen.skipped, "garbage.txt"));
}

// Loss case 4 (in-process; the CLI's Ctrl-C is tested in e2e/index_cli_test.cc).
TEST(IndexerLoss, InterruptedRunLeavesTheIndexUnchanged) {
  TempDir tmp;
  const std::string db = (tmp.path() / "db").string();
  ASSERT_EQ(Index(db, {CorpusPath(kPerm)}).status, IndexStatus::kOk);
  for (unsigned jobs : {1u, 2u}) {
    const std::string target = jobs == 1 ? db : (tmp.path() / "fresh").string();
    RecordingObserver stopping;
    stopping.stop_after = 1;
    const IndexerResult r = Index(target, {KARTA_CORPUS_DIR}, &stopping, jobs);
    EXPECT_EQ(r.status, IndexStatus::kInterrupted) << jobs;
  }
  EXPECT_EQ(Count(db, ""), 36u);
  size_t fresh = 0;
  std::string error;
  EXPECT_TRUE(IndexWriter::CountMeasures((tmp.path() / "fresh").string(), &fresh, &error));
  EXPECT_EQ(fresh, 0u);
}

// Loss case 5: a search during a first build said «not a karta index».
TEST(IndexerLoss, SearchOfAnIndexBeingWrittenSaysSo) {
  TempDir tmp;
  const std::string db = (tmp.path() / "db").string();
  std::string error;
  {
    std::unique_ptr<IndexWriter> writer = IndexWriter::Open(db, &error);
    ASSERT_NE(writer, nullptr) << error;
    Status search_error;
    EXPECT_EQ(query::Searcher::Open(db, &search_error), nullptr);
    EXPECT_NE(search_error.message.find("being written for the first time"), std::string::npos)
        << search_error.message;
  }
  // The writer went without committing: an interrupted first build.
  fs::create_directories(db + ".build-999999999");
  Status search_error;
  EXPECT_EQ(query::Searcher::Open(db, &search_error), nullptr);
  EXPECT_NE(search_error.message.find("never completed"), std::string::npos)
      << search_error.message;
}

// Loss case 6: two different plans of one partner and period replaced each other.
TEST(IndexerLoss, DifferentDocumentsOfOnePartnerAndPeriodAreBothKept) {
  for (unsigned jobs : {1u, 2u}) {
    TempDir tmp;
    const std::string general = ReadFile(CorpusPath(kTomsk));
    // A sectoral roadmap beside the general one: the same partner and years, other measures.
    const std::string sectoral = ReadFile(testing::FixturePath("plan_defines_abbreviation.txt"));
    tmp.Write("docs/general.txt", general);
    tmp.Write("docs/sectoral.txt", sectoral);
    tmp.Write("docs/general-copy.txt", general);
    tmp.Write("docs/sectoral-copy.txt", sectoral);  // a copy of the document with a suffixed key
    const std::string db = (tmp.path() / "db").string();
    RecordingObserver seen;
    const IndexerResult r = Index(db, {(tmp.path() / "docs").string()}, &seen, jobs);
    ASSERT_EQ(r.status, IndexStatus::kOk) << jobs;
    EXPECT_EQ(r.summary.total, 23u + 2u) << jobs;
    EXPECT_EQ(r.summary.duplicates, 2u) << jobs;
    EXPECT_TRUE(Contains(seen.warnings, "claims the same agreement TOM-2020-2022")) << jobs;
    // Ids stay distinct, and stable across runs.
    Xapian::Database x(db);
    EXPECT_EQ(x.get_termfreq("Q" + std::string("TOM-2020-2022:1.1")), 1u);
    const IndexerResult again = Index(db, {(tmp.path() / "docs").string()});
    EXPECT_EQ(again.summary.unchanged, 4u);
    EXPECT_EQ(Count(db, "Томская область"), 25u);
  }
}

}  // namespace
}  // namespace karta

namespace karta {
namespace {

// The corpus as text, DOCX, ODT, HTML and PDF in one folder: five agreements, each measure
// once; the other formats are recorded as copies of the same documents.
TEST(IndexerFormats, AFolderMixingAllFormatsIndexesEachAgreementOnce) {
  for (unsigned jobs : {1u, 2u}) {
    TempDir tmp;
    const fs::path docs = tmp.path() / "docs";
    fs::create_directories(docs);
    for (const std::string& f : testing::CorpusFiles()) {
      fs::copy_file(f, docs / fs::path(f).filename());
    }
    for (const char* ext : {"docx", "odt", "html", "pdf"}) {
      for (int i = 0; i < 5; ++i) {
        const std::string name = "corpus_00" + std::to_string(i) + "." + ext;
        fs::copy_file(testing::FixturePath("formats/" + name), docs / name);
      }
    }
    const std::string db = (tmp.path() / "db").string();
    const IndexerResult r = Index(db, {docs.string()}, nullptr, jobs);
    ASSERT_EQ(r.status, IndexStatus::kOk) << jobs;
    EXPECT_EQ(r.summary.files, 25u);
    EXPECT_EQ(r.summary.duplicates, 20u) << jobs;
    EXPECT_EQ(r.summary.total, 143u) << jobs;
    for (const auto& [region, measures] :
         std::vector<std::pair<std::string, size_t>>{{"Кемеровская область – Кузбасс", 32},
                                                     {"Пермский край", 36},
                                                     {"Калининградская область", 41},
                                                     {"Томская область", 23},
                                                     {"Смоленская область", 11}}) {
      EXPECT_EQ(Count(db, region), measures) << region << " " << jobs;
    }
  }
}

}  // namespace
}  // namespace karta

// Issue 11's reproductions that concern what reaches the index: each a regression test.
namespace karta {
namespace {

// Case 3: an absolute path of 243+ bytes made the file record's key exceed Xapian's limit.
TEST(IndexerRobustness, AVeryLongPathIsIndexed) {
  TempDir tmp;
  fs::path dir = tmp.path() / "docs";
  for (int i = 0; i < 4; ++i)
    dir /= "очень_длинное_имя_папки_с_дорожными_картами_" + std::to_string(i);
  fs::create_directories(dir);
  ASSERT_GT(dir.string().size(), 300u);
  fs::copy_file(CorpusPath(kPerm), dir / "план.txt");
  const std::string db = (tmp.path() / "db").string();
  const IndexerResult r = Index(db, {(tmp.path() / "docs").string()});
  ASSERT_EQ(r.status, IndexStatus::kOk) << r.error;
  EXPECT_EQ(r.summary.total, 36u);
  EXPECT_EQ(Index(db, {(tmp.path() / "docs").string()}).summary.unchanged, 1u);
  fs::remove(dir / "план.txt");
  const IndexerResult gone = Index(db, {(tmp.path() / "docs").string()});
  EXPECT_EQ(gone.summary.deleted, 1u);
  EXPECT_EQ(gone.summary.total, 0u);
}

// Case 4: a file name that is not valid UTF-8 (a CP1251 name from a Windows archive).
TEST(IndexerRobustness, AFileNameThatIsNotUtf8IsIndexed) {
  for (unsigned jobs : {1u, 2u}) {
    TempDir tmp;
    tmp.Write("docs/\xcf\xeb\xe0\xed.txt", ReadFile(CorpusPath(kTomsk)));
    tmp.Write("docs/other.txt", ReadFile(CorpusPath(kPerm)));
    const std::string db = (tmp.path() / "db").string();
    const IndexerResult r = Index(db, {(tmp.path() / "docs").string()}, nullptr, jobs);
    ASSERT_EQ(r.status, IndexStatus::kOk) << r.error;
    EXPECT_EQ(r.summary.total, 59u);
    const ParseResult parsed =
        ParseDocumentFile((tmp.path() / "docs" / "\xcf\xeb\xe0\xed.txt").string());
    ASSERT_TRUE(parsed.agreement);
    EXPECT_EQ(parsed.agreement->file, "План.txt");  // shown decoded as Windows-1251
  }
}

// Case 5: a bad symlink in an indexed directory aborted the whole run.
TEST(IndexerRobustness, BadSymlinksAreSkippedAndTheRestIndexed) {
  TempDir tmp;
  tmp.Write("docs/plan.txt", ReadFile(CorpusPath(kPerm)));
  const fs::path docs = tmp.path() / "docs";
  fs::create_symlink("loop", docs / "loop");
  fs::create_symlink("nowhere.txt", docs / "dangling.txt");
  fs::create_directory_symlink(docs, docs / "again");  // a link to a directory: not followed
  fs::create_symlink(CorpusPath(kTomsk), docs / "linked.txt");  // a link to a file: followed
  RecordingObserver seen;
  const IndexerResult r = Index((tmp.path() / "db").string(), {docs.string()}, &seen);
  EXPECT_EQ(r.status, IndexStatus::kFilesSkipped);
  EXPECT_EQ(r.summary.skipped, 2u);
  EXPECT_TRUE(Contains(seen.skipped, "loop: a broken symbolic link or a link loop"));
  EXPECT_TRUE(Contains(seen.notes, "again: a link to a directory, not followed"));
  EXPECT_EQ(r.summary.total, 36u + 23u);
}

// Case 6: one over-long term (a measure number of 130 parts) stopped the whole run.
TEST(IndexerRobustness, AnOverLongMeasureNumberDoesNotStopTheRun) {
  TempDir tmp;
  std::string number = "1";
  for (int i = 0; i < 130; ++i) number += ".1";
  const std::string plan =
      "План мероприятий Санкт-Петербурга и Пермского края на 2024-2026 годы\n\n"
      "№ п/п\tНаименование мероприятия\tОтветственный исполнитель\t\tСрок исполнения\n" +
      number +
      "\tОбмен опытом\tКомитет по культуре\t\t2024 г.\n"
      "1.2\tОбмен делегациями\tКомитет по культуре\t\t2025 г.\n" +
      "1.3\tСверх" + std::string(120, 'x') + "вычислительные\tКомитет по культуре\t\t2025 г.\n";
  tmp.Write("docs/long.txt", plan);
  tmp.Write("docs/other.txt", ReadFile(CorpusPath(kTomsk)));
  const IndexerResult r = Index((tmp.path() / "db").string(), {(tmp.path() / "docs").string()});
  ASSERT_EQ(r.status, IndexStatus::kOk) << r.error;
  EXPECT_EQ(r.summary.total, 3u + 23u);
}

}  // namespace
}  // namespace karta

namespace karta {
namespace {

// Issue 11, case 9: housekeeping touched what karta had not made.
TEST(IndexerRobustness, OnlyItsOwnBuildDirectoriesAreRemovedAndASymlinkedDbStaysALink) {
  TempDir tmp;
  const fs::path real = tmp.path() / "real-index";
  fs::create_directories(real);
  const fs::path link = tmp.path() / "db";
  fs::create_directory_symlink(real, link);
  // A user's directory that merely looks like a dead build's.
  const fs::path users = tmp.path() / "db.build-999999999";
  fs::create_directories(users);
  std::ofstream(users / "notes.txt") << "мои заметки";
  const IndexerResult r = Index(link.string(), {KARTA_CORPUS_DIR}, nullptr, 2);
  ASSERT_EQ(r.status, IndexStatus::kOk) << r.error;
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_EQ(Count(link.string(), ""), 143u);
  EXPECT_EQ(Count(real.string(), ""), 143u);
  EXPECT_TRUE(fs::exists(users / "notes.txt"));
}

// Issue 11, case 10: valid UTF-8 with a few stray bytes was read as KOI8-R and garbled.
TEST(IndexerRobustness, AFewStrayBytesInUtf8AreReportedNotMisdecoded) {
  std::string text = ReadFile(CorpusPath(kPerm));
  const size_t at = text.find("1.1\t");
  ASSERT_NE(at, std::string::npos);
  text.insert(at + 4, "\xff");
  const ParseResult r = ParseDocumentBytes(text, "stray.txt");
  ASSERT_TRUE(r.agreement);
  EXPECT_EQ(r.agreement->encoding, "UTF-8");
  EXPECT_EQ(r.agreement->region, "Пермский край");
  EXPECT_EQ(r.agreement->measures.size(), 36u);
  bool reported = false;
  for (const Diagnostic& w : r.agreement->warnings) {
    reported |= w.message.find("not UTF-8") != std::string::npos && w.line > 0;
  }
  EXPECT_TRUE(reported);
}

}  // namespace
}  // namespace karta

namespace karta {
namespace {

// A file whose size, modification and change times are those recorded is not read again; a
// changed file is seen even when its size and modification time were put back as they were.
TEST(IndexerIncremental, AFileIsKnownUnchangedByItsStampAndChangedDespiteARestoredTime) {
  TempDir tmp;
  const std::string plan = ReadFile(CorpusPath(kPerm));
  const std::string path = tmp.Write("docs/plan.txt", plan);
  const auto an_hour_ago = fs::last_write_time(path) - std::chrono::hours(1);
  fs::last_write_time(path, an_hour_ago);
  // Setting the time is a change too (of the change time): a stamp is kept of files settled
  // for a second.
  const auto settle = [] { std::this_thread::sleep_for(std::chrono::milliseconds(1100)); };
  settle();
  const std::string db = (tmp.path() / "db").string();
  const std::string docs = (tmp.path() / "docs").string();
  ASSERT_EQ(Index(db, {docs}).status, IndexStatus::kOk);
  auto stamp = [&] {
    std::string error;
    const std::unique_ptr<IndexWriter> w = IndexWriter::Open(db, &error);
    EXPECT_TRUE(w) << error;
    return w ? w->KnownVersion(schema::FileKey(path)).stamp : "";
  };
  const std::string first = stamp();
  EXPECT_NE(first, "");
  EXPECT_EQ(Index(db, {docs}).summary.unchanged, 1u);

  // The same bytes touched: unchanged, and the new stamp recorded.
  fs::last_write_time(path, an_hour_ago + std::chrono::minutes(1));
  settle();
  EXPECT_EQ(Index(db, {docs}).summary.unchanged, 1u);
  const std::string second = stamp();
  EXPECT_NE(second, "");
  EXPECT_NE(second, first);

  // One letter for another of the same length, the time put back: still a change.
  std::string changed = plan;
  const std::string word = "Пермского";
  ASSERT_NE(changed.find(word), std::string::npos);
  changed.replace(changed.find(word), word.size(), "Пермсково");
  { std::ofstream(path, std::ios::binary | std::ios::trunc) << changed; }
  fs::last_write_time(path, an_hour_ago + std::chrono::minutes(1));
  const IndexerResult r = Index(db, {docs});
  EXPECT_EQ(r.summary.changed, 1u);
  EXPECT_EQ(r.summary.unchanged, 0u);
  // Written within the last second: no stamp, the next run reads it.
  EXPECT_EQ(stamp(), "");
}

// Issue 11, case 10: a damaged table ended in glibc's «double free» once karta wrote to it.
TEST(IndexerRobustness, ADamagedIndexIsRefusedBeforeAnythingIsWritten) {
  // A few bytes in one block (Xapian opens the index, its check finds the damage), and half
  // the table (opening for writing fails already).
  for (const bool half : {false, true}) {
    TempDir tmp;
    const std::string db = (tmp.path() / "db").string();
    ASSERT_EQ(Index(db, {KARTA_CORPUS_DIR}).status, IndexStatus::kOk);
    const fs::path table = fs::path(db) / "position.glass";
    const auto size = fs::file_size(table);
    {
      std::fstream f(table, std::ios::in | std::ios::out | std::ios::binary);
      f.seekp(static_cast<std::streamoff>(size / 2));
      f << std::string(half ? size - size / 2 : 200, '\xa5');
    }
    const std::string before = ReadFile(table.string());
    tmp.Write("docs/other.txt", ReadFile(CorpusPath(kPerm)) + "\n");
    const IndexerResult r = Index(db, {(tmp.path() / "docs").string()});
    EXPECT_EQ(r.status, IndexStatus::kDatabaseError);
    EXPECT_NE(r.error.find("the index is damaged"), std::string::npos) << r.error;
    EXPECT_EQ(ReadFile(table.string()), before);
  }
}

// A table cut short said «cannot open the index: EOF reading block 33» to a search and
// «… for writing: EOF reading block 2» to an update: it is damage, and said so to both.
TEST(IndexerRobustness, ATableCutShortIsNamedAsDamage) {
  TempDir tmp;
  const std::string db = (tmp.path() / "db").string();
  ASSERT_EQ(Index(db, {KARTA_CORPUS_DIR}).status, IndexStatus::kOk);
  fs::resize_file(fs::path(db) / "postlist.glass", 8192);
  Status error;
  EXPECT_FALSE(query::Searcher::Open(db, &error));
  EXPECT_NE(error.message.find("the index is damaged (EOF reading block"), std::string::npos)
      << error.message;
  const IndexerResult r = Index(db, {KARTA_CORPUS_DIR});
  EXPECT_EQ(r.status, IndexStatus::kDatabaseError);
  EXPECT_NE(r.error.find("the index is damaged"), std::string::npos) << r.error;
}

// A dead run's build directory whose process id now belongs to a live process (here: this
// test's parent) was kept forever; liveness is the lock the run holds on its marker file.
TEST(IndexerRobustness, ADeadRunsBuildDirectoryGoesEvenWhenItsPidWasReused) {
  TempDir tmp;
  const fs::path build = tmp.path() / ("db.build-" + std::to_string(getppid()));
  fs::create_directories(build / "shard-0");
  std::ofstream(build / "karta-build-directory").put('\n');
  const IndexerResult r = Index((tmp.path() / "db").string(), {CorpusPath(kTomsk)});
  ASSERT_EQ(r.status, IndexStatus::kOk) << r.error;
  EXPECT_FALSE(fs::exists(build));
}

// Issue 11, case 9: a run killed between the renames of its install left `db` missing and
// the indexes beside it forever. The next run puts the right one back.
TEST(IndexerRobustness, AnInstallKilledMidwayIsFinishedByTheNextRun) {
  for (const bool merge_completed : {false, true}) {
    TempDir tmp;
    const fs::path db = tmp.path() / "db";
    const fs::path build = tmp.path() / "db.build-999999999";  // no such process
    fs::create_directories(build);
    std::ofstream(build / "karta-build-directory").put('\n');
    tmp.Write("tomsk/plan.txt", ReadFile(CorpusPath(kTomsk)));
    tmp.Write("both/tomsk.txt", ReadFile(CorpusPath(kTomsk)));
    tmp.Write("both/perm.txt", ReadFile(CorpusPath(kPerm)));
    ASSERT_EQ(Index((build / "previous").string(), {(tmp.path() / "tomsk").string()}).status,
              IndexStatus::kOk);
    ASSERT_EQ(Index((build / "merged").string(), {(tmp.path() / "both").string()}).status,
              IndexStatus::kOk);
    if (merge_completed) std::ofstream(build / "merged-complete").put('\n');
    fs::create_directories(tmp.path() / "nothing");
    RecordingObserver seen;
    const IndexerResult r = Index(db.string(), {(tmp.path() / "nothing").string()}, &seen);
    ASSERT_EQ(r.status, IndexStatus::kOk) << r.error;
    EXPECT_EQ(r.summary.total, merge_completed ? 59u : 23u);
    EXPECT_TRUE(Contains(seen.notes, "killed while installing")) << merge_completed;
    EXPECT_FALSE(fs::exists(build));
  }
}

}  // namespace
}  // namespace karta
