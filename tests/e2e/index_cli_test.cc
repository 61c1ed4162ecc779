// `karta index` end to end: a new index built by parallel shard writers equals the one a
// single writer builds, duplicate agreements are kept once, and a run killed half-way leaves
// the index as it was before it.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "index/index_schema.h"
#include "tests/test_support.h"

namespace karta {
namespace {

namespace fs = std::filesystem;
using testing::RunKarta;

nlohmann::json Json(const testing::CommandResult& r) {
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return nlohmann::json::parse(r.out, nullptr, false);
}

std::set<std::string> HitIds(const nlohmann::json& result) {
  std::set<std::string> ids;
  for (const auto& hit : result["hits"]) ids.insert(hit["id"].get<std::string>());
  return ids;
}

TEST(IndexCli, ParallelBuildEqualsASingleWriter) {
  testing::TempDir tmp;
  const std::string serial = (tmp.path() / "serial").string();
  const std::string parallel = (tmp.path() / "parallel").string();
  // The corpus and a fixture that defines an abbreviation, so learned metadata is merged too.
  const fs::path docs = tmp.path() / "docs";
  fs::copy(KARTA_CORPUS_DIR, docs);
  fs::copy_file(testing::FixturePath("plan_defines_abbreviation.txt"), docs / "defines.txt");
  ASSERT_EQ(RunKarta({"index", "--db", serial, "-j", "1", docs.string()}).exit_code, 0);
  // Shards of 10 measures: a shard is full after any one file, so every file after a thread's
  // first starts a new one.
  testing::CommandResult built =
      RunKarta({"index", "--db", parallel, "-j", "2", "--shard-size", "10", docs.string()});
  ASSERT_EQ(built.exit_code, 0) << built.err;
  const size_t merging = built.err.find("merging ");
  ASSERT_NE(merging, std::string::npos) << built.err;
  EXPECT_EQ(std::stoi(built.err.substr(merging + 8)), 6) << built.err;
  EXPECT_FALSE(fs::exists(parallel + ".build-" + std::to_string(getpid())));

  Xapian::Database a(serial), b(parallel);
  EXPECT_EQ(a.get_doccount(), b.get_doccount());
  // The fixture is another document of Томская область for the same period as the Tomsk plan:
  // both keep their measures, the fixture under a key of its own — a claim both shards make.
  EXPECT_EQ(b.get_doccount(), 143U + 2U);
  EXPECT_EQ(a.get_metadata(schema::kMetaAgencies), b.get_metadata(schema::kMetaAgencies));
  EXPECT_EQ(a.get_metadata(schema::kMetaAbbreviations), b.get_metadata(schema::kMetaAbbreviations));
  EXPECT_NE(b.get_metadata(schema::kMetaAbbreviations).find("ИОГВ"), std::string::npos);

  for (const std::vector<std::string>& query : {std::vector<std::string>{"--facets"},
                                                {"спортсмены", "--facets"},
                                                {"--region", "Пермский край", "--year", "2024"},
                                                {"спортсмины"}}) {
    std::vector<std::string> args = {"search", "--format", "json", "-n", "500"};
    args.insert(args.end(), query.begin(), query.end());
    std::vector<std::string> on_serial = args, on_parallel = args;
    on_serial.insert(on_serial.end(), {"--db", serial});
    on_parallel.insert(on_parallel.end(), {"--db", parallel});
    const nlohmann::json x = Json(RunKarta(on_serial)), y = Json(RunKarta(on_parallel));
    EXPECT_EQ(x["total"], y["total"]) << query[0];
    EXPECT_EQ(HitIds(x), HitIds(y)) << query[0];
    EXPECT_EQ(x.value("facets", nlohmann::json()), y.value("facets", nlohmann::json()));
    EXPECT_EQ(x.value("suggestion", ""), y.value("suggestion", ""));
  }
  EXPECT_EQ(RunKarta({"agencies", "--format", "json", "--db", serial}).out,
            RunKarta({"agencies", "--format", "json", "--db", parallel}).out);
}

// The cost budget: every stage named, each a share of the run, and the per-measure column
// the seconds over the measures written.
TEST(IndexCli, StageTimesNameEveryStageAndAddUp) {
  testing::TempDir dir;
  std::vector<std::string> args{
      "index", "-q", "-j", "1", "--stage-times", "--db", (dir.path() / "db").string()};
  for (const std::string& f : testing::CorpusFiles()) args.push_back(f);
  const auto r = RunKarta(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::map<std::string, std::pair<double, double>> table;  // stage → seconds, µs per measure
  std::istringstream lines(r.err);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream cells(line);
    std::string name;
    double seconds = 0, per = 0;
    if (cells >> name >> seconds >> per) table[name] = {seconds, per};
  }
  double sum = 0;
  for (const char* stage : {"read", "decode", "assemble", "canonicalise", "analyse", "document",
                            "xapian-write", "xapian-commit", "merge", "registry", "links"}) {
    ASSERT_TRUE(table.count(stage)) << stage << " missing in:\n" << r.err;
    sum += table[stage].first;
  }
  for (const char* stage : {"decode", "assemble", "analyse", "xapian-write"}) {
    EXPECT_GT(table[stage].first, 0) << stage;
  }
  EXPECT_NEAR(table["sum"].first, sum, 0.01);
  // Seconds are printed to the millisecond: 0.5 ms over 143 measures is 3.5 µs each.
  EXPECT_NEAR(table["analyse"].second, table["analyse"].first * 1e6 / 143, 3.6);
  EXPECT_GT(table["wall"].first, 0);
  // Without the flag, no table.
  args.erase(args.begin() + 4);  // --stage-times
  args.insert(args.begin() + 2, "--force");
  const auto plain = RunKarta(args);
  EXPECT_EQ(plain.err.find("us/measure"), std::string::npos) << plain.err;
}

TEST(IndexCli, TwoFilesWithTheSameAgreementAreIndexedOnceInParallel) {
  testing::TempDir tmp;
  const fs::path docs = tmp.path() / "docs";
  fs::create_directories(docs);
  for (const char* name : {"a.txt", "b.txt"})  // the plan with Пермский край, twice
    fs::copy_file(testing::CorpusPath("001_30d1422bfb731976.txt"), docs / name);
  const std::string db = (tmp.path() / "db").string();
  testing::CommandResult r =
      RunKarta({"index", "--db", db, "-j", "2", "--shard-size", "5", docs.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("1 duplicate kept once), 0 deleted: 36 measures written"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.err.find("b.txt holds the same document as"), std::string::npos) << r.err;
  EXPECT_EQ(Xapian::Database(db).get_doccount(), 36U);
  // Both files are known: the next run has nothing to do.
  testing::CommandResult again = RunKarta({"index", "--db", db, docs.string()});
  EXPECT_NE(again.out.find("(0 new, 0 changed, 2 unchanged)"), std::string::npos) << again.out;
  EXPECT_EQ(Xapian::Database(db).get_doccount(), 36U);
}

struct Stopped {
  pid_t pid = -1;
  int status = 0;   // as waitpid reports it (unless the process was left stopped)
  std::string err;  // what it wrote on stderr
};

// Starts `karta index`, waits until it has written its first file, and sends it `signal`:
// SIGKILL (no chance to clean up), SIGINT (Ctrl-C) — then waits for the end — or SIGSTOP, which
// leaves it frozen mid-run for the caller to inspect and kill.
Stopped SignalAfterFirstFile(const std::vector<std::string>& args, int signal) {
  Stopped out;
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return out;
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(pipe_fds[1], STDERR_FILENO);
    close(pipe_fds[0]);
    std::vector<std::string> copy = args;
    copy.insert(copy.begin(), KARTA_BINARY);
    std::vector<char*> argv;
    for (std::string& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(pipe_fds[1]);
  out.pid = pid;
  char buffer[256];
  ssize_t n = 0;
  while (out.err.find("\nindexed ") == std::string::npos && out.err.rfind("indexed ", 0) != 0 &&
         (n = read(pipe_fds[0], buffer, sizeof buffer)) > 0) {
    out.err.append(buffer, static_cast<size_t>(n));
  }
  kill(pid, signal);
  if (signal == SIGSTOP) {
    // Closed only once the process has stopped: a thread still running would die of SIGPIPE.
    waitpid(pid, &out.status, WUNTRACED);
    close(pipe_fds[0]);  // a stopped writer never blocks on a full pipe: it is not running
    return out;
  }
  while ((n = read(pipe_fds[0], buffer, sizeof buffer)) > 0) out.err.append(buffer, size_t(n));
  waitpid(pid, &out.status, 0);
  close(pipe_fds[0]);
  return out;
}

pid_t KillAfterFirstFile(const std::vector<std::string>& args) {
  const Stopped s = SignalAfterFirstFile(args, SIGKILL);
  EXPECT_TRUE(WIFSIGNALED(s.status)) << "the run ended before it could be interrupted: " << s.err;
  return s.pid;
}

std::string GenerateCorpus(const testing::TempDir& tmp, int measures, int* generated) {
  const std::string gen = (tmp.path() / "gen").string();
  testing::CommandResult made =
      testing::RunCommand({"/usr/bin/python3", testing::SourcePath("bench/generate_corpus.py"),
                           "--measures", std::to_string(measures), "--seed", "11", "--out", gen,
                           "--karta", KARTA_BINARY, "--corpus", KARTA_CORPUS_DIR});
  EXPECT_EQ(made.exit_code, 0) << made.err;
  *generated = nlohmann::json::parse(made.out)["measures"];
  return gen;
}

// Loss case 4: Ctrl-C during `karta index` said changes were made that were rolled back.
TEST(IndexCli, CtrlCDuringIndexSaysTheIndexIsUnchanged) {
  testing::TempDir tmp;
  int generated = 0;
  const std::string gen = GenerateCorpus(tmp, 6000, &generated);
  const std::string db = (tmp.path() / "db").string();
  ASSERT_EQ(RunKarta({"index", "--db", db, KARTA_CORPUS_DIR}).exit_code, 0);
  for (const char* jobs : {"1", "2"}) {
    const std::string target = std::string(jobs) == "1" ? db : (tmp.path() / "new").string();
    const Stopped s = SignalAfterFirstFile({"index", "--db", target, "-j", jobs, gen}, SIGINT);
    ASSERT_TRUE(WIFEXITED(s.status)) << s.err;
    EXPECT_EQ(WEXITSTATUS(s.status), 130) << s.err;
    EXPECT_NE(s.err.find("karta: interrupted; the index at " + target + " is unchanged\n"),
              std::string::npos)
        << s.err;
    EXPECT_EQ(s.err.find("measures written"), std::string::npos) << s.err;
  }
  EXPECT_EQ(Xapian::Database(db).get_doccount(), 143U);
  EXPECT_FALSE(fs::exists(tmp.path() / "new") &&
               Xapian::Database((tmp.path() / "new").string()).get_doccount() > 0);
}

// Loss case 5: a search during a first build (or after one was interrupted) said «not a
// karta index».
TEST(IndexCli, SearchDuringAFirstBuildSaysItIsBeingBuilt) {
  testing::TempDir tmp;
  int generated = 0;
  const std::string gen = GenerateCorpus(tmp, 6000, &generated);
  const std::string db = (tmp.path() / "db").string();
  const Stopped s = SignalAfterFirstFile({"index", "--db", db, "-j", "2", gen}, SIGSTOP);
  testing::CommandResult during = RunKarta({"search", "--db", db, "спорт"});
  kill(s.pid, SIGKILL);
  int status = 0;
  waitpid(s.pid, &status, 0);
  EXPECT_EQ(during.exit_code, 3);
  EXPECT_NE(during.err.find("the index is being built"), std::string::npos) << during.err;
  testing::CommandResult after = RunKarta({"search", "--db", db, "спорт"});
  EXPECT_EQ(after.exit_code, 3);
  EXPECT_NE(after.err.find("never completed"), std::string::npos) << after.err;
  EXPECT_NE(after.err.find("karta index --db " + db), std::string::npos) << after.err;
}

TEST(IndexCli, AKilledRunLeavesThePreviousIndexReadableAndComplete) {
  testing::TempDir tmp;
  int generated = 0;
  const std::string gen = GenerateCorpus(tmp, 6000, &generated);

  // An update of an existing index (one transaction) killed half-way.
  const std::string db = (tmp.path() / "db").string();
  ASSERT_EQ(RunKarta({"index", "--db", db, KARTA_CORPUS_DIR}).exit_code, 0);
  KillAfterFirstFile({"index", "--db", db, gen});
  EXPECT_EQ(Xapian::Database(db).get_doccount(), 143U);
  // A run that ended before its commit leaves the next writer Xapian's full check.
  EXPECT_FALSE(fs::exists(fs::path(db) / schema::kCheckedStateFile));
  const nlohmann::json all = Json(RunKarta({"search", "--db", db, "--format", "json", "-n", "0"}));
  EXPECT_EQ(all["total"], 143);

  // A new index built in parallel, killed half-way: no index is installed, and the next run
  // clears the dead run's build directory and builds it whole.
  const std::string fresh = (tmp.path() / "fresh").string();
  const pid_t killed = KillAfterFirstFile({"index", "--db", fresh, "-j", "2", gen});
  const std::string leftover = fresh + ".build-" + std::to_string(killed);
  EXPECT_TRUE(fs::exists(leftover));
  EXPECT_EQ(Xapian::Database(fresh).get_doccount(), 0U);
  testing::CommandResult rerun = RunKarta({"index", "--db", fresh, "--quiet", gen});
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_FALSE(fs::exists(leftover));
  EXPECT_EQ(Xapian::Database(fresh).get_doccount(), static_cast<unsigned>(generated));
}

// A run killed while Xapian was creating the new index (after its lock file and tables, before
// «iamglass») left a directory the next run refused as «not a karta index». It is an index that
// never held anything: the next run creates it anew. A directory with any other file in it is
// still refused.
TEST(IndexCli, ARunKilledWhileXapianCreatedTheIndexIsBuiltAnewNextTime) {
  testing::TempDir tmp;
  for (const char* name : {"flintlock", "v.tmp", "postlist.glass", "termlist.glass"}) {
    tmp.Write(std::string("db/") + name, std::string(name) == "flintlock" ? "" : "partial");
  }
  const std::string db = (tmp.path() / "db").string();
  testing::CommandResult r = RunKarta({"index", "--db", db, "--quiet", KARTA_CORPUS_DIR});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Xapian::Database(db).get_doccount(), 143U);

  // Not what a cut-short creation leaves, so refused and untouched: another file beside the
  // lock file; an index that lost its «iamglass» (a committed index has no «v.tmp»); tables
  // larger than a new database's.
  const std::map<std::string, std::map<std::string, std::string>> refused = {
      {"other", {{"flintlock", ""}, {"notes.txt", "an analyst's file"}}},
      {"lost", {{"flintlock", ""}, {"postlist.glass", "tables"}, {"termlist.glass", "t"}}},
      {"large", {{"flintlock", ""}, {"v.tmp", "v"}, {"postlist.glass", std::string(1 << 20, 'x')}}},
  };
  for (const auto& [name, files] : refused) {
    for (const auto& [file, bytes] : files) tmp.Write(name + "/" + file, bytes);
    const std::string dir = (tmp.path() / name).string();
    r = RunKarta({"index", "--db", dir, "--quiet", KARTA_CORPUS_DIR});
    EXPECT_EQ(r.exit_code, 3) << name << ": " << r.err;
    EXPECT_NE(r.err.find("is not a karta index"), std::string::npos) << r.err;
    for (const auto& [file, bytes] : files) {
      EXPECT_EQ(testing::ReadFile((fs::path(dir) / file).string()), bytes) << name << "/" << file;
    }
  }
}

// Xapian's full consistency check (27 s at 1,000,000 measures) runs before writing into an index
// only when its files changed since karta's last commit: by another program, or a run that
// ended without committing.
TEST(IndexCli, AnIndexAsKartaLeftItIsNotCheckedAgainBeforeAnUpdate) {
  testing::TempDir tmp;
  const std::string db = (tmp.path() / "db").string();
  const std::string plan = testing::ReadFile(testing::CorpusPath("001_30d1422bfb731976.txt"));
  tmp.Write("docs/plan.txt", plan);
  const std::string docs = (tmp.path() / "docs").string();
  const std::string checking = "checking the index for damage";
  auto update = [&](const std::string& tail) {
    tmp.Write("docs/plan.txt", plan + tail);  // a changed file: its measures are rewritten
    return RunKarta({"index", "--db", db, docs});
  };
  ASSERT_EQ(RunKarta({"index", "--db", db, docs}).exit_code, 0);
  ASSERT_TRUE(fs::exists(fs::path(db) / schema::kCheckedStateFile));
  testing::CommandResult r = update("\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find(checking), std::string::npos) << r.err;
  // A table's time moved on, its bytes the same: another program wrote it.
  const fs::path table = fs::path(db) / "postlist.glass";
  fs::last_write_time(table, fs::last_write_time(table) + std::chrono::seconds(2));
  r = update("\n\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find(checking), std::string::npos) << r.err;
  r = update("\n\n\n");  // checked and committed: known again
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find(checking), std::string::npos) << r.err;
  EXPECT_EQ(Json(RunKarta({"search", "--db", db, "--format", "json", "-n", "0"}))["total"],
            Xapian::Database(db).get_doccount());
}

// Issue 11, case 8: a second `karta index` that started while a parallel build was between
// releasing its lock and installing its index built and installed its own, which the first
// then replaced — both exited 0. Now the first is stopped just as its merge completes (the
// install) and a second run is started: it is refused as locked, or (stopped after the
// install) it adds to the new index; either way nothing a successful run wrote is lost.
// The first run is caught by polling for its mark; on a busy machine it can finish before the
// poll sees it, so the scenario is tried afresh a few times until it is caught once.
TEST(IndexCli, ASecondRunDuringTheInstallLosesNothing) {
  testing::TempDir tmp;
  int generated = 0;
  const std::string gen = GenerateCorpus(tmp, 3000, &generated);
  constexpr int kAttempts = 8;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    const std::string db = (tmp.path() / ("db" + std::to_string(attempt))).string();
    const pid_t first = fork();
    if (first == 0) {
      const int null_fd = open("/dev/null", O_WRONLY);
      dup2(null_fd, STDERR_FILENO);
      dup2(null_fd, STDOUT_FILENO);
      execl(KARTA_BINARY, KARTA_BINARY, "index", "--db", db.c_str(), "-j", "2", gen.c_str(),
            static_cast<char*>(nullptr));
      _exit(127);
    }
    const fs::path mark = db + ".build-" + std::to_string(first) + "/merged-complete";
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    int status = 0;
    pid_t ended = 0;
    while (!fs::exists(mark) && std::chrono::steady_clock::now() < deadline &&
           (ended = waitpid(first, &status, WNOHANG)) == 0) {
      usleep(200);
    }
    if (ended == 0) {
      kill(first, SIGSTOP);
      ASSERT_EQ(waitpid(first, &status, WUNTRACED), first);
    }
    if (!WIFSTOPPED(status)) {  // it ended before the poll saw its mark: try again
      ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "the first run failed";
      continue;
    }
    const testing::CommandResult second = RunKarta({"index", "--db", db, KARTA_CORPUS_DIR});
    kill(first, SIGCONT);
    waitpid(first, &status, 0);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
    const unsigned total = Xapian::Database(db).get_doccount();
    if (second.exit_code == 3) {
      EXPECT_NE(second.err.find("locked"), std::string::npos) << second.err;
      EXPECT_EQ(total, static_cast<unsigned>(generated));
    } else {
      EXPECT_EQ(second.exit_code, 0) << second.err;
      EXPECT_EQ(total, static_cast<unsigned>(generated) + 143U);
    }
    return;
  }
  FAIL() << "the first run ended before its install in all " << kAttempts << " attempts";
}

}  // namespace
}  // namespace karta
