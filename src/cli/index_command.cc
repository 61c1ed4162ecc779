#include "src/cli/index_command.h"

#include <signal.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include "index/document_parser.h"
#include "index/index_schema.h"
#include "index/xapian_writer.h"
#include "src/cli/db_path.h"
#include "src/cli/exit_codes.h"
#include "src/cli/progress.h"

namespace karta::cli {
namespace {

namespace fs = std::filesystem;

struct IndexOptions {
  std::string db;
  std::vector<std::string> paths;
  bool quiet = false;
  bool force = false;
  unsigned jobs = 0;  // 0: one per processor
  // Measures per shard of a parallel build: Xapian's writing slows as its tables grow, and
  // merging many small shards costs less than that.
  size_t shard_size = 25000;
};

struct ParsedFile {
  std::string hash;
  bool unchanged = false;
  ParseResult result;
};

// A bounded single-producer, single-consumer queue between the parsing and writing threads.
class ParsedQueue {
 public:
  explicit ParsedQueue(size_t capacity) : capacity_(capacity) {}
  // Blocks while full; false once the consumer has closed the queue.
  bool Push(ParsedFile item) {
    std::unique_lock lock(mu_);
    not_full_.wait(lock, [&] { return items_.size() < capacity_ || closed_; });
    if (closed_) return false;
    items_.push_back(std::move(item));
    not_empty_.notify_one();
    return true;
  }
  // REQUIRES: the producer pushes an item for every Pop.
  ParsedFile Pop() {
    std::unique_lock lock(mu_);
    not_empty_.wait(lock, [&] { return !items_.empty(); });
    ParsedFile item = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return item;
  }
  void Close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    not_full_.notify_all();
  }

 private:
  size_t capacity_;
  std::mutex mu_;
  std::condition_variable not_full_, not_empty_;
  std::deque<ParsedFile> items_;
  bool closed_ = false;
};

std::optional<std::string> ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return buffer.str();
}

bool IsHidden(const fs::path& p) {
  const std::string name = p.filename().string();
  return !name.empty() && name.front() == '.';
}

// Files named on the command line are always tried; directories contribute their regular,
// non-hidden files, recursively, in a stable order.
std::vector<std::string> ExpandPaths(const std::vector<std::string>& paths, int* status) {
  std::vector<std::string> files;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (!fs::is_directory(p, ec)) {
      files.push_back(p);
      continue;
    }
    std::vector<std::string> found;
    auto it =
        fs::recursive_directory_iterator(p, fs::directory_options::skip_permission_denied, ec);
    if (ec) {
      std::cerr << "karta: " << p << ": cannot read the directory: " << ec.message() << '\n';
      *status = kExitInputError;
      continue;
    }
    for (auto end = fs::recursive_directory_iterator(); it != end; it.increment(ec)) {
      if (ec) break;
      if (IsHidden(it->path())) {
        if (it->is_directory()) it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file()) found.push_back(it->path().string());
    }
    std::sort(found.begin(), found.end());
    if (found.empty()) std::cerr << "karta: " << p << ": no files in this directory\n";
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

// Reads, hashes and (unless its content is the one indexed before) parses one file.
ParsedFile LoadFile(const std::string& file, const std::string& known_hash, bool force) {
  ParsedFile item;
  std::error_code ec;
  std::optional<std::string> bytes;
  if (fs::is_regular_file(file, ec)) bytes = ReadBytes(file);
  if (bytes) {
    item.hash = schema::ContentHash(*bytes);
    item.unchanged = !force && !known_hash.empty() && known_hash == item.hash;
    if (!item.unchanged) item.result = ParseDocumentBytes(*bytes, file);
  } else {
    // Unreadable, missing, not a file: ParseDocumentFile says which, naming the file.
    item.result = ParseDocumentFile(file);
  }
  return item;
}

std::string IndexedLine(const std::string& file, const Agreement& a,
                        const IndexWriter::ReplaceStats& stats) {
  std::string line = "indexed " + file + ": " + std::to_string(stats.added) + " measures (" +
                     (a.region.empty() ? "region unknown" : a.region) + ", " +
                     DocumentKindName(a.kind) + ")";
  if (stats.removed) line += ", replacing " + std::to_string(stats.removed);
  return line;
}

struct Tally {
  size_t fresh = 0, changed = 0, unchanged = 0, deleted = 0, added = 0, removed = 0;
  int status = kExitOk;
};

// Updates an existing index in one transaction: a second thread reads, hashes and parses the
// files in order while this one writes.
int IndexSerially(const IndexOptions& opt, const std::vector<std::string>& files,
                  IndexWriter* writer, Progress* progress, Tally* tally) {
  const bool per_file_lines = !opt.quiet && !progress->active();
  // Hashes known to the index, read up front so the parsing thread never touches it.
  std::vector<std::string> keys, known;
  for (const std::string& file : files) {
    keys.push_back(schema::FileKey(file));
    known.push_back(writer->FileHash(keys.back()));
  }
  ParsedQueue queue(/*capacity=*/32);
  std::thread parser([&] {
    for (size_t i = 0; i < files.size(); ++i) {
      if (!queue.Push(LoadFile(files[i], known[i], opt.force))) return;  // the writer gave up
    }
  });
  struct JoinOnExit {
    std::thread& t;
    ParsedQueue& q;
    ~JoinOnExit() {
      q.Close();
      t.join();
    }
  } join_on_exit{parser, queue};

  std::string error;
  for (size_t i = 0; i < files.size(); ++i) {
    progress->Update(i, tally->added);
    ParsedFile item = queue.Pop();
    if (item.unchanged) {
      ++tally->unchanged;
      continue;
    }
    ParseResult& r = item.result;
    if (!r.agreement) {
      progress->Message("karta: " + r.error->ToString() + " (skipped)");
      tally->status = kExitInputError;
      continue;
    }
    if (!opt.quiet) {
      for (const Diagnostic& w : r.agreement->warnings)
        progress->Message("warning: " + w.ToString());
    }
    IndexWriter::ReplaceStats stats;
    if (!writer->Replace(*r.agreement, &stats, &error)) {
      std::cerr << "karta: " << error << '\n';
      return kExitDatabaseError;  // the transaction is abandoned: the index is unchanged
    }
    writer->SetFileHash(keys[i], item.hash);
    ++(known[i].empty() ? tally->fresh : tally->changed);
    tally->added += stats.added;
    tally->removed += stats.removed;
    if (per_file_lines) std::cerr << IndexedLine(files[i], *r.agreement, stats) << '\n';
  }
  // Files indexed from a directory given now, and gone from it, take their measures along.
  for (const std::string& p : opt.paths) {
    std::error_code ec;
    if (!fs::is_directory(p, ec)) continue;
    for (const std::string& gone : writer->IndexedFilesUnder(schema::FileKey(p))) {
      if (fs::exists(gone, ec)) continue;
      size_t n = 0;
      if (!writer->RemoveFile(gone, &n, &error)) {
        std::cerr << "karta: " << error << '\n';
        return kExitDatabaseError;
      }
      ++tally->deleted;
      tally->removed += n;
      if (!opt.quiet) {
        progress->Message("removed " + gone + ": " + std::to_string(n) +
                          " measures (file deleted)");
      }
    }
  }
  progress->Finish();
  if (!writer->Commit(&error)) {
    std::cerr << "karta: " << error << '\n';
    return kExitDatabaseError;
  }
  return kExitOk;
}

// A directory next to the index for a parallel build, removed with everything in it unless
// released.
class BuildDir {
 public:
  explicit BuildDir(const fs::path& db)
      : path_(db.string() + ".build-" + std::to_string(getpid())) {
    RemoveStale(db);
    std::error_code ec;
    fs::remove_all(path_, ec);
    fs::create_directories(path_, ec);
    ok_ = !ec;
  }
  ~BuildDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  BuildDir(const BuildDir&) = delete;
  BuildDir& operator=(const BuildDir&) = delete;
  [[nodiscard]] bool ok() const { return ok_; }
  [[nodiscard]] const fs::path& path() const { return path_; }

 private:
  // Build directories of runs that were killed (their process is gone) are garbage.
  static void RemoveStale(const fs::path& db) {
    std::error_code ec;
    const std::string stem = db.filename().string() + ".build-";
    const fs::path parent = db.parent_path().empty() ? fs::path(".") : db.parent_path();
    for (const auto& entry : fs::directory_iterator(parent, ec)) {
      const std::string name = entry.path().filename().string();
      if (name.rfind(stem, 0) != 0) continue;
      const std::string pid_text = name.substr(stem.size());
      if (pid_text.empty() || pid_text.find_first_not_of("0123456789") != std::string::npos)
        continue;
      const pid_t pid = static_cast<pid_t>(std::stol(pid_text));
      if (kill(pid, 0) == -1 && errno == ESRCH) fs::remove_all(entry.path(), ec);
    }
  }

  fs::path path_;
  bool ok_ = false;
};

// Puts the merged index in place of the empty one at `db`: the directory is swapped by two
// renames; where `db` cannot be renamed (a mount point), its files are replaced one by one,
// the version file last.
bool InstallIndex(const fs::path& merged, const fs::path& db, std::string* error) {
  std::error_code ec;
  const fs::path old = db.string() + ".old-" + std::to_string(getpid());
  fs::rename(db, old, ec);
  if (!ec) {
    fs::rename(merged, db, ec);
    if (ec) {
      fs::rename(old, db);
      *error = db.string() + ": cannot put the new index in place: " + ec.message();
      return false;
    }
    fs::remove_all(old, ec);
    return true;
  }
  for (const auto& entry : fs::directory_iterator(db)) fs::remove_all(entry.path(), ec);
  std::vector<fs::path> names;
  for (const auto& entry : fs::directory_iterator(merged)) names.push_back(entry.path());
  std::stable_partition(names.begin(), names.end(),
                        [](const fs::path& p) { return p.filename() != "iamglass"; });
  for (const fs::path& p : names) {
    fs::rename(p, db / p.filename(), ec);
    if (ec) {
      *error = db.string() + ": cannot put the new index in place: " + ec.message();
      return false;
    }
  }
  return true;
}

constexpr size_t kNoShard = static_cast<size_t>(-1);

// Builds a new index with `jobs` threads: each reads, parses and writes the files it takes
// into a shard of its own; the shards are then merged by Xapian's compaction and the result
// replaces the empty index at `db`. If two files hold the same agreement, the later one (in
// the order of the command line and of sorted directories) wins, as in a serial run.
int IndexInParallel(const IndexOptions& opt, const std::vector<std::string>& files,
                    const std::string& db, unsigned jobs, std::unique_ptr<IndexWriter> db_lock,
                    Progress* progress, Tally* tally) {
  BuildDir build(db);
  if (!build.ok()) {
    std::cerr << "karta: " << build.path().string() << ": cannot create the build directory\n";
    return kExitDatabaseError;
  }
  struct Shard {
    std::string dir;
    std::unique_ptr<IndexWriter> writer;
    bool dirty = true;  // changes since its last commit
  };
  std::deque<Shard> shards;  // grows while the workers run; guarded by `mu` below
  auto open_shard = [&](std::string* error) -> size_t {
    Shard& shard = shards.emplace_back();
    shard.dir = (build.path() / ("shard-" + std::to_string(shards.size() - 1))).string();
    shard.writer = IndexWriter::Open(shard.dir, error, /*scratch=*/true);
    return shard.writer ? shards.size() - 1 : kNoShard;
  };
  // Each shard takes one flush of Xapian's buffered postings, when it is full.
  setenv("XAPIAN_FLUSH_THRESHOLD", std::to_string(opt.shard_size + 1).c_str(), /*overwrite=*/0);
  std::string error;
  std::vector<size_t> first_shards;
  for (unsigned k = 0; k < jobs; ++k) {
    first_shards.push_back(open_shard(&error));
    if (first_shards.back() == kNoShard) {
      std::cerr << "karta: " << error << '\n';
      return kExitDatabaseError;
    }
  }
  const bool per_file_lines = !opt.quiet && !progress->active();
  struct Claim {
    size_t file;
    size_t shard;
  };
  std::mutex mu;  // guards everything below, and `progress`
  std::condition_variable changed;
  std::map<std::string, Claim> claims;  // agreement key → the file that holds it
  std::vector<Claim> superseded;        // files whose agreement a later file holds
  std::vector<std::string> hashes(files.size());
  std::vector<size_t> measure_counts(files.size());
  size_t files_done = 0, running = jobs;
  std::string failure;

  std::atomic<size_t> next{0};
  auto work = [&](unsigned k) {
    size_t shard = first_shards[k];
    IndexWriter* writer = shards[shard].writer.get();  // used by this thread only
    size_t in_shard = 0;
    std::string write_error;
    for (size_t i = next++; i < files.size(); i = next++) {
      if (in_shard >= opt.shard_size) {
        // A full shard is committed and a new one started: Xapian's B-trees stay small.
        bool ok = writer->Commit(&write_error);
        std::lock_guard lock(mu);
        shards[shard].dirty = false;
        if (ok) shard = open_shard(&write_error);
        if (!ok || shard == kNoShard) {
          failure = write_error;
          break;
        }
        writer = shards[shard].writer.get();
        in_shard = 0;
      }
      ParsedFile item = LoadFile(files[i], "", /*force=*/true);
      hashes[i] = item.hash;
      if (item.result.agreement) measure_counts[i] = item.result.agreement->measures.size();
      ParseResult& r = item.result;
      bool write = r.agreement.has_value();
      std::unique_lock lock(mu);
      if (!failure.empty()) break;
      if (!r.agreement) {
        progress->Message("karta: " + r.error->ToString() + " (skipped)");
        tally->status = kExitInputError;
      } else {
        if (!opt.quiet) {
          for (const Diagnostic& w : r.agreement->warnings)
            progress->Message("warning: " + w.ToString());
        }
        auto [it, fresh] = claims.try_emplace(r.agreement->Key(), Claim{i, shard});
        if (!fresh) {
          const size_t earlier = std::min(it->second.file, i), later = std::max(it->second.file, i);
          if (!opt.quiet) {
            progress->Message("note: " + files[later] + " holds the same agreement (" + it->first +
                              ") as " + files[earlier] + "; its measures are kept");
          }
          if (it->second.file < i) {
            superseded.push_back(it->second);
            it->second = Claim{i, shard};
          } else {
            superseded.push_back(Claim{i, shard});
            write = false;
          }
        }
      }
      lock.unlock();
      IndexWriter::ReplaceStats stats;
      if (write) {
        if (!writer->Replace(*r.agreement, &stats, &write_error)) {
          lock.lock();
          failure = write_error;
          break;
        }
      }
      if (r.agreement) writer->SetFileHash(schema::FileKey(files[i]), item.hash);
      in_shard += stats.added;
      lock.lock();
      ++files_done;
      if (r.agreement) {
        ++tally->fresh;
        // Counted as a serial run would: a superseded file's measures are written, then
        // replaced.
        tally->added += write ? stats.added : measure_counts[i];
        if (per_file_lines && write) progress->Message(IndexedLine(files[i], *r.agreement, stats));
      }
      changed.notify_all();
    }
    std::lock_guard lock(mu);
    --running;
    changed.notify_all();
  };
  std::vector<std::thread> workers;
  for (unsigned k = 0; k < jobs; ++k) workers.emplace_back(work, k);
  {
    std::unique_lock lock(mu);
    while (running > 0) {
      changed.wait_for(lock, std::chrono::milliseconds(200));
      progress->Update(files_done, tally->added);
    }
  }
  for (std::thread& t : workers) t.join();
  if (!failure.empty()) {
    progress->Finish();
    std::cerr << "karta: " << failure << '\n';
    return kExitDatabaseError;  // nothing was installed: the index is as it was
  }
  // A superseded file keeps its hash (so the next run skips it) but not its measures.
  for (const Claim& c : superseded) {
    shards[c.shard].dirty = true;
    IndexWriter& writer = *shards[c.shard].writer;
    size_t n = 0;
    const std::string key = schema::FileKey(files[c.file]);
    if (!writer.RemoveFile(key, &n, &error)) {
      std::cerr << "karta: " << error << '\n';
      return kExitDatabaseError;
    }
    writer.SetFileHash(key, hashes[c.file]);
    tally->removed += measure_counts[c.file];
  }
  progress->Finish();
  std::vector<std::string> dirs;
  for (Shard& shard : shards) {
    if (shard.dirty && !shard.writer->Commit(&error)) {
      std::cerr << "karta: " << error << '\n';
      return kExitDatabaseError;
    }
    shard.writer.reset();
    dirs.push_back(shard.dir);
  }
  if (!opt.quiet) std::cerr << "merging " << shards.size() << " shards...\n";
  const fs::path merged = build.path() / "merged";
  if (!IndexWriter::MergeShards(dirs, merged.string(), &error)) {
    std::cerr << "karta: " << error << '\n';
    return kExitDatabaseError;
  }
  db_lock.reset();  // the empty index is replaced as a whole
  if (!InstallIndex(merged, db, &error)) {
    std::cerr << "karta: " << error << '\n';
    return kExitDatabaseError;
  }
  return kExitOk;
}

int RunIndex(const IndexOptions& opt) {
  const auto start = std::chrono::steady_clock::now();
  const std::string db = ResolveDbPath(opt.db);
  Tally tally;
  const std::vector<std::string> files = ExpandPaths(opt.paths, &tally.status);

  std::string error;
  std::unique_ptr<IndexWriter> writer = IndexWriter::Open(db, &error);
  if (!writer) {
    std::cerr << "karta: " << error << '\n';
    return kExitDatabaseError;
  }
  Progress progress(files.size(), !opt.quiet);
  unsigned jobs = opt.jobs ? opt.jobs : std::max(1U, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<size_t>(jobs, files.size()));
  int result = kExitOk;
  if (writer->document_count() == 0 && jobs > 1) {
    result = IndexInParallel(opt, files, db, jobs, std::move(writer), &progress, &tally);
  } else {
    result = IndexSerially(opt, files, writer.get(), &progress, &tally);
  }
  if (result != kExitOk) return result;
  size_t total = 0;
  try {
    total = Xapian::Database(db).get_doccount();
  } catch (const Xapian::Error& e) {
    std::cerr << "karta: " << db << ": the index cannot be read back: " << e.get_msg() << '\n';
    return kExitDatabaseError;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "Indexed " << tally.fresh + tally.changed << " of " << files.size() << " files ("
            << tally.fresh << " new, " << tally.changed << " changed, " << tally.unchanged
            << " unchanged), " << tally.deleted << " deleted: " << tally.added
            << " measures written, " << tally.removed << " replaced or removed; the index at " << db
            << " holds " << total << " measures (" << std::fixed;
  std::cout.precision(2);
  std::cout << seconds << " s)\n";
  return tally.status;
}

}  // namespace

void RegisterIndexCommand(CLI::App& app, int* exit_code) {
  auto opt = std::make_shared<IndexOptions>();
  CLI::App* cmd = app.add_subcommand("index", "Index roadmap documents (files or directories)");
  cmd->add_option("paths", opt->paths, "Documents or directories (searched recursively)")
      ->required();
  cmd->add_option("--db", opt->db, kDbHelp);
  cmd->add_flag("-q,--quiet", opt->quiet, "Print only the summary and errors");
  cmd->add_flag("--force", opt->force, "Re-index files whose content has not changed too");
  cmd->add_option("-j,--jobs", opt->jobs,
                  "Threads for building a new index (default: one per processor)")
      ->check(CLI::Range(1U, 256U));
  cmd->add_option("--shard-size", opt->shard_size,
                  "Measures per shard when building a new index (memory: about 4 KiB each, per "
                  "thread)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->footer(
      "Files whose content is unchanged since the last run are skipped; changed files replace\n"
      "their measures; files gone from an indexed directory take theirs along.\n"
      "A new (empty) index is built by --jobs threads, each writing shards, merged at the end;\n"
      "later runs update the index in place, in one transaction. An interrupted run leaves the\n"
      "index as it was before it.\n"
      "Exit status: 0 all indexed; 1 some file was skipped (named on stderr), the others are\n"
      "indexed; 3 the index cannot be written (locked, or not a karta index) — it is left\n"
      "unchanged.");
  cmd->callback([opt, exit_code] { *exit_code = RunIndex(*opt); });
}

}  // namespace karta::cli
