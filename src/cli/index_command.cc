#include "src/cli/index_command.h"

#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>

#include "index/counted.h"
#include "index/index_schema.h"
#include "index/indexer.h"
#include "index/stage_times.h"
#include "src/cli/db_path.h"
#include "src/cli/exit_codes.h"
#include "src/cli/progress.h"
#include "src/cli/validators.h"

namespace karta::cli {
namespace {

std::atomic<bool> g_interrupted{false};

void OnSignal(int) { g_interrupted = true; }

// Ctrl-C (and SIGTERM) stop the run between files; the index is left as it was.
class SignalGuard {
 public:
  SignalGuard() {
    struct sigaction sa {};
    sa.sa_handler = OnSignal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int_);
    sigaction(SIGTERM, &sa, &old_term_);
  }
  ~SignalGuard() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
  }

 private:
  struct sigaction old_int_ {
  }, old_term_{};
};

struct IndexFlags {
  IndexerOptions indexer;
  bool quiet = false;
  bool stage_times = false;
};

// The cost budget (index/stage_times.h): seconds per stage, summed over threads, and
// microseconds per measure written.
void PrintStageTimes(size_t measures, double wall_seconds) {
  const auto seconds = StageTimes::Seconds();
  std::fprintf(stderr, "%-14s %10s %12s\n", "stage", "seconds", "us/measure");
  double sum = 0;
  const double per = measures ? 1e6 / static_cast<double>(measures) : 0;
  for (size_t i = 0; i < kIngestStages; ++i) {
    sum += seconds[i];
    std::fprintf(stderr, "%-14s %10.3f %12.1f\n", IngestStageName(static_cast<IngestStage>(i)),
                 seconds[i], seconds[i] * per);
  }
  std::fprintf(stderr, "%-14s %10.3f %12.1f\n", "sum", sum, sum * per);
  std::fprintf(stderr, "%-14s %10.3f %12.1f\n", "wall", wall_seconds, wall_seconds * per);
}

// Prints what the indexer reports: a progress bar on a terminal, else one line per file.
class PrintingObserver : public IndexObserver {
 public:
  explicit PrintingObserver(bool quiet) : quiet_(quiet) {}

  void OnStart(size_t files) override { progress_ = std::make_unique<Progress>(files, !quiet_); }
  void OnProgress(size_t files_done, size_t measures) override {
    if (progress_) progress_->Update(files_done, measures);
  }
  void OnIndexed(const std::string& file, const Agreement& a, size_t added,
                 size_t replaced) override {
    if (quiet_ || (progress_ && progress_->active())) return;
    std::string line = "indexed " + schema::DisplayName(file) + ": " +
                       Counted(added, "measure", "measures") + " (" +
                       (a.region.empty() ? "region unknown" : a.region) + ", " +
                       DocumentKindName(a.kind) + ", " + a.format + ")";
    if (replaced) line += ", replacing " + std::to_string(replaced);
    Message(line);
  }
  void OnWarning(const Diagnostic& w) override {
    if (!quiet_) Message("warning: " + w.ToString());
  }
  void OnSkipped(const Diagnostic& e) override { Message("karta: " + e.ToString() + " (skipped)"); }
  void OnNote(const std::string& message) override {
    if (!quiet_) Message(message);
  }
  void OnFinishing() override {
    if (progress_) progress_->Finish();
  }
  bool Interrupted() override { return g_interrupted; }

 private:
  void Message(const std::string& line) {
    if (progress_) {
      progress_->Message(line);
    } else {
      std::cerr << line << '\n';
    }
  }

  bool quiet_;
  std::unique_ptr<Progress> progress_;
};

int RunIndex(IndexFlags flags) {
  const auto start = std::chrono::steady_clock::now();
  flags.indexer.db = ResolveDbPath(flags.indexer.db);
  const std::string& db = flags.indexer.db;
  SignalGuard signals;
  PrintingObserver observer(flags.quiet);
  if (flags.stage_times) StageTimes::Enable();
  const IndexerResult result = RunIndexer(flags.indexer, &observer);
  observer.OnFinishing();
  const IndexerSummary& s = result.summary;
  switch (result.status) {
    case IndexStatus::kDatabaseError:
      std::cerr << "karta: " << result.error << "\nkarta: the index at " << db << " is unchanged\n";
      return kExitDatabaseError;
    case IndexStatus::kInterrupted:
      std::cerr << "karta: interrupted; the index at " << db << " is unchanged\n";
      return kExitInterrupted;
    case IndexStatus::kOk:
    case IndexStatus::kFilesSkipped:
      break;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "Indexed " << s.fresh + s.changed << " of " << Counted(s.files, "file", "files")
            << " (" << s.fresh << " new, " << s.changed << " changed, " << s.unchanged
            << " unchanged";
  if (s.duplicates) {
    std::cout << ", " << Counted(s.duplicates, "duplicate", "duplicates") << " kept once";
  }
  if (s.skipped) std::cout << ", " << s.skipped << " skipped";
  std::cout << "), " << s.deleted << " deleted: " << Counted(s.added, "measure", "measures")
            << " written, " << s.removed << " replaced or removed; the index at " << db << " holds "
            << Counted(s.total, "measure", "measures") << " (" << std::fixed;
  std::cout.precision(2);
  std::cout << seconds << " s)\n";
  if (flags.stage_times) PrintStageTimes(s.added, seconds);
  return result.status == IndexStatus::kOk ? kExitOk : kExitInputError;
}

}  // namespace

void RegisterIndexCommand(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<IndexFlags>();
  CLI::App* cmd = app.add_subcommand("index", "Index roadmap documents (files or directories)");
  cmd->add_option("paths", flags->indexer.paths,
                  "Documents (text, DOCX, ODT, HTML, PDF) or directories (searched recursively)")
      ->required();
  cmd->add_option("--db", flags->indexer.db, kDbHelp);
  cmd->add_flag("-q,--quiet", flags->quiet, "Print only the summary and errors");
  cmd->add_flag("--force", flags->indexer.force,
                "Re-index files whose content has not changed too (over every file of the "
                "index, with more than one job: the index is built anew in parallel)");
  cmd->add_option("-j,--jobs", flags->indexer.jobs,
                  "Threads for building a new index, or rebuilding one with --force (default: "
                  "one per processor)")
      ->check(WholeNumber(1))
      ->check(CLI::Range(1U, 256U));
  cmd->add_option("--shard-size", flags->indexer.shard_size,
                  "Measures per shard when building a new index (memory: about 5 KiB each, per "
                  "thread)")
      ->check(WholeNumber(1))
      ->capture_default_str();
  cmd->add_flag("--stage-times", flags->stage_times,
                "Print where the time went: seconds per ingestion stage (summed over threads) "
                "and microseconds per measure written, on stderr");
  cmd->add_option("--shards", flags->indexer.shards,
                  "Build a sharded index of N shards in --db, to serve with xapian-tcpsrv (see "
                  "the README's deployment section); later runs keep its count")
      ->check(WholeNumber(1))
      ->check(CLI::Range(1U, 256U));
  cmd->footer(
      "Files whose content is unchanged since the last run are skipped; changed files replace\n"
      "their measures; files gone from an indexed directory take theirs along. A file holding\n"
      "the same document as another is kept once; a different document claiming the same\n"
      "agreement (partner, kind, period) keeps its measures under a key of its own.\n"
      "A new (empty) index is built by --jobs threads, each writing shards, merged at the end;\n"
      "later runs update the index in place, in one transaction. An interrupted run (Ctrl-C)\n"
      "leaves the index as it was before it.\n"
      "With --shards N, --db holds the whole index (written as above), N shards (each\n"
      "agreement in the shard its key's hash names), a lexicon (metadata and spellings) and a\n"
      "XAPIANDB list of them, which every command opens as one index.\n"
      "Exit status: 0 all indexed; 1 some file was skipped (named on stderr), the others are\n"
      "indexed; 3 the index cannot be written (locked, or not a karta index) — it is left\n"
      "unchanged; 130 interrupted — the index is unchanged.");
  cmd->callback([flags, exit_code] { *exit_code = RunIndex(*flags); });
}

}  // namespace karta::cli
