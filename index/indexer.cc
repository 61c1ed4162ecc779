#include "index/indexer.h"

#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include "index/counted.h"
#include "index/document_parser.h"
#include "index/file_lock.h"
#include "index/index_schema.h"
#include "index/measure_json.h"
#include "index/shard_set.h"
#include "index/stage_times.h"
#include "index/xapian_writer.h"

namespace karta {
namespace {

namespace fs = std::filesystem;

// Calls the observer, or nothing without one.
class Events {
 public:
  explicit Events(IndexObserver* o) : o_(o) {}
  IndexObserver* operator->() { return o_ != nullptr ? o_ : &none_; }

 private:
  IndexObserver* o_;
  IndexObserver none_;
};

struct ParsedFile {
  FileVersion version;
  bool unchanged = false;
  ParseResult result;
  std::string fingerprint;  // ContentFingerprint of the agreement read, on the reading thread
  std::optional<PreparedDocuments> prepared;  // its documents, when the reading thread made them
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
// non-hidden files, recursively, in a stable order. Symbolic links to files are followed
// (wherever they point); links to directories are not, so a tree is indexed once and no
// link loop can trap the walk. A broken link, a link loop or an unreadable subdirectory is
// reported and skipped; the rest of the tree is indexed.
std::vector<std::string> ExpandPaths(const std::vector<std::string>& paths, Events& events,
                                     size_t* failures) {
  std::vector<std::string> files;
  auto skip = [&](const std::string& path, const std::string& why) {
    events->OnSkipped(Diagnostic{path, 0, why});
    ++*failures;
  };
  for (const std::string& p : paths) {
    std::error_code ec;
    if (!fs::is_directory(p, ec)) {
      files.push_back(p);
      continue;
    }
    std::vector<std::string> found;
    auto it = fs::recursive_directory_iterator(p, ec);
    if (ec) {
      skip(p, "cannot read the directory: " + ec.message());
      continue;
    }
    for (auto end = fs::recursive_directory_iterator(); it != end;) {
      const fs::path path = it->path();
      if (IsHidden(path)) {
        if (it->is_directory(ec)) it.disable_recursion_pending();
      } else if (it->is_symlink(ec)) {
        std::error_code target;
        const fs::file_status status = fs::status(path, target);
        if (target) {
          skip(path.string(), "a broken symbolic link or a link loop (" + target.message() + ")");
        } else if (fs::is_regular_file(status)) {
          found.push_back(path.string());
        } else if (fs::is_directory(status)) {
          events->OnNote(path.string() + ": a link to a directory, not followed");
        }
      } else if (it->is_directory(ec)) {
        if (access(path.c_str(), R_OK | X_OK) != 0) {
          skip(path.string(), "cannot read the directory (permission denied)");
          it.disable_recursion_pending();
        }
      } else if (it->is_regular_file(ec)) {
        found.push_back(path.string());
      }
      it.increment(ec);
      if (ec) {
        skip(path.string(), "the directory walk stopped here: " + ec.message());
        break;
      }
    }
    std::sort(found.begin(), found.end());
    if (found.empty()) events->OnNote(p + ": no files in this directory");
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

// The stamp of FileVersion: «@size:mtime:ctime:inode:device», times in ns; empty when the file
// changed too recently to be told from a second change by its times (within the last second,
// or three where the file system keeps whole seconds) or cannot be read.
std::string FileStamp(const std::string& file) {
  struct stat st {};
  if (stat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return "";
  auto ns = [](const struct timespec& t) {
    return static_cast<long long>(t.tv_sec) * 1000000000LL + static_cast<long long>(t.tv_nsec);
  };
  struct timespec now {};
  clock_gettime(CLOCK_REALTIME, &now);
  const bool whole_seconds = st.st_mtim.tv_nsec == 0 && st.st_ctim.tv_nsec == 0;
  const long long settled = (whole_seconds ? 3 : 1) * 1000000000LL;
  if (std::max(ns(st.st_mtim), ns(st.st_ctim)) > ns(now) - settled) return "";
  return '@' + std::to_string(st.st_size) + ':' + std::to_string(ns(st.st_mtim)) + ':' +
         std::to_string(ns(st.st_ctim)) + ':' + std::to_string(st.st_ino) + ':' +
         std::to_string(st.st_dev);
}

// Reads, hashes and (unless its content is the one indexed before) parses one file. A file
// whose stamp is the one recorded is not read at all.
ParsedFile LoadFile(const std::string& file, const FileVersion& known, bool force) {
  ParsedFile item;
  std::error_code ec;
  std::optional<std::string> bytes;
  StageTimer read(IngestStage::kRead);
  item.version.stamp = FileStamp(file);
  if (!force && !known.hash.empty() && !known.stamp.empty() && known.stamp == item.version.stamp) {
    item.version.hash = known.hash;
    item.unchanged = true;
    return item;
  }
  if (fs::is_regular_file(file, ec)) bytes = ReadBytes(file);
  if (bytes) {
    item.version.hash = schema::ContentHash(*bytes);
    read.Stop();
    item.unchanged = !force && !known.hash.empty() && known.hash == item.version.hash;
    if (!item.unchanged) item.result = ParseDocumentBytes(*bytes, file);
  } else {
    // Unreadable, missing, not a file: ParseDocumentFile says which, naming the file.
    item.result = ParseDocumentFile(file);
  }
  if (item.result.agreement) {
    read.Stop();
    item.fingerprint = ContentFingerprint(*item.result.agreement);
  }
  return item;
}

// «~3fa2»: a key suffix from the file name, for a document whose agreement key another
// document already holds; `taken` says whether a key is in use.
template <typename Taken>
std::string DistinctSuffix(const Agreement& a, Taken taken) {
  const std::string hash = schema::ContentHash(a.file);
  for (size_t len = 4; len <= 16; len += 4) {
    const std::string suffix = "~" + hash.substr(0, len);
    Agreement probe = a;
    probe.key_suffix = suffix;
    if (!taken(probe.Key())) return suffix;
  }
  return "~" + hash;
}

void Rekey(Agreement* a, const std::string& suffix) {
  a->key_suffix = suffix;
  a->AssignIds();
}

Diagnostic ClaimWarning(const Agreement& a, const std::string& other, const std::string& base) {
  return Diagnostic{a.file, 0,
                    "another document (" + other + ") claims the same agreement " + base +
                        " (partner, kind and period) with other measures; both are kept, this "
                        "one's ids are " +
                        a.Key() + ":…"};
}

bool Fail(IndexerResult* result, std::string error) {
  result->status = IndexStatus::kDatabaseError;
  result->error = std::move(error);
  return false;
}

// Files indexed from a directory given now and gone from it, each once. A file whose existence
// cannot be told (behind a directory this process may not read) is not gone.
std::set<std::string> FilesGoneFromGivenDirectories(const std::vector<std::string>& paths,
                                                    const IndexWriter& writer) {
  std::set<std::string> gone;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (!fs::is_directory(p, ec)) continue;
    for (const std::string& file : writer.IndexedFilesUnder(schema::FileKey(p))) {
      const bool exists = fs::exists(file, ec);
      if (!exists && !ec) gone.insert(file);
    }
  }
  return gone;
}

class SerialRun {
 public:
  SerialRun(const IndexerOptions& opt, const std::vector<std::string>& files, IndexWriter* writer,
            Events& events, IndexerResult* result)
      : opt_(opt), files_(files), writer_(writer), events_(events), result_(result) {}

  // Updates an existing index in one transaction: a second thread reads, hashes and parses
  // the files in order while this one writes.
  bool Run() {
    IndexerSummary& sum = result_->summary;
    writer_->set_note_sink([&events = events_](const std::string& note) { events->OnNote(note); });
    // Versions known to the index, read up front so the parsing thread never touches it.
    std::vector<std::string> keys;
    std::vector<FileVersion> known;
    for (const std::string& file : files_) {
      keys.push_back(schema::FileKey(file));
      known.push_back(writer_->KnownVersion(keys.back()));
    }
    ParsedQueue queue(/*capacity=*/32);
    std::thread parser([&] {
      for (size_t i = 0; i < files_.size(); ++i) {
        ParsedFile item = LoadFile(files_[i], known[i], opt_.force);
        // The documents are made here too: the writing thread only analyses and writes.
        if (item.result.agreement) {
          item.prepared = PrepareDocuments(*item.result.agreement, item.fingerprint);
        }
        if (!queue.Push(std::move(item))) return;  // the writer gave up
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

    for (size_t i = 0; i < files_.size(); ++i) {
      if (events_->Interrupted()) return Interrupt();
      events_->OnProgress(i, sum.added);
      ParsedFile item = queue.Pop();
      if (item.unchanged) {
        ++sum.unchanged;
        if (item.version.stamp != known[i].stamp) {  // the same content: the new stamp kept
          writer_->SetFileRecord(keys[i], item.version, writer_->FileFingerprint(keys[i]));
          ++restamped_;
        }
        continue;
      }
      ParseResult& r = item.result;
      if (!r.agreement) {
        events_->OnSkipped(*r.error);
        ++sum.skipped;
        continue;
      }
      for (const Diagnostic& w : r.agreement->warnings) events_->OnWarning(w);
      if (!Write(keys[i], item.version, &*r.agreement, item.fingerprint,
                 /*fresh=*/known[i].hash.empty(), item.prepared ? &*item.prepared : nullptr)) {
        return false;
      }
    }
    if (!RemoveDeletedFiles()) return false;
    if (!Promote()) return false;
    if (events_->Interrupted()) return Interrupt();
    events_->OnFinishing();
    const IndexerSummary& s = result_->summary;
    std::string error;
    if (s.fresh + s.changed + s.deleted + s.duplicates == 0) {
      if (restamped_ == 0) return true;  // nothing to commit
      // Only new stamps of unchanged files: they save reading the files next time, and a run
      // that changes nothing never fails for want of them (a full disk, say).
      if (!writer_->Commit(&error)) {
        events_->OnNote("the new stamps of " + std::to_string(restamped_) +
                        " unchanged files were not recorded (" + error +
                        "); they will be read again next time");
      }
      return true;
    }
    if (!writer_->Commit(&error)) return Fail(result_, error);
    return true;
  }

 private:
  bool Interrupt() {
    result_->status = IndexStatus::kInterrupted;
    return false;  // the writer abandons the transaction: the index is unchanged
  }

  // Writes one document, deciding its identity (see indexer.h).
  bool Write(const std::string& key, const FileVersion& version, Agreement* a,
             const std::string& fingerprint, bool fresh,
             const PreparedDocuments* prepared = nullptr) {
    IndexerSummary& sum = result_->summary;
    std::string error;
    const std::string old_fingerprint = writer_->FileFingerprint(key);
    if (!old_fingerprint.empty() && old_fingerprint != fingerprint) {
      orphaned_.insert(old_fingerprint);  // its duplicates may need to take its place
    }
    size_t replaced = 0;
    if (!writer_->RemoveFile(key, &replaced, &error)) return Fail(result_, error);
    ++(fresh ? sum.fresh : sum.changed);
    const std::string base = a->Key();
    // The same document (whatever its key became: suffixed, or from a file name) is kept once.
    for (const std::string& holder : writer_->FilesHoldingDocument(fingerprint)) {
      if (holder == key) continue;
      writer_->SetFileRecord(key, version, fingerprint);
      ++sum.duplicates;
      sum.removed += replaced;
      events_->OnNote(key + " holds the same document as " + holder +
                      "; its measures are kept once");
      return true;
    }
    const std::vector<std::string> holders = writer_->FilesOfAgreement(base);
    if (!holders.empty()) {
      Rekey(a, DistinctSuffix(*a, [&](const std::string& k) {
              return !writer_->FilesOfAgreement(k).empty();
            }));
      const Diagnostic w = ClaimWarning(*a, holders.front(), base);
      a->warnings.push_back(w);
      events_->OnWarning(w);
    }
    IndexWriter::ReplaceStats stats;
    if (!writer_->Replace(*a, &stats, &error, fingerprint, prepared)) {
      return Fail(result_, error);
    }
    writer_->SetFileRecord(key, version, fingerprint);
    sum.added += stats.added;
    sum.removed += replaced + stats.removed;
    events_->OnIndexed(key, *a, stats.added, replaced + stats.removed);
    return true;
  }

  // Files indexed from a directory given now, and gone from it, take their measures along.
  bool RemoveDeletedFiles() {
    std::string error;
    for (const std::string& gone : FilesGoneFromGivenDirectories(opt_.paths, *writer_)) {
      const std::string fingerprint = writer_->FileFingerprint(gone);
      size_t n = 0;
      if (!writer_->RemoveFile(gone, &n, &error)) return Fail(result_, error);
      if (!fingerprint.empty()) orphaned_.insert(fingerprint);
      ++result_->summary.deleted;
      result_->summary.removed += n;
      events_->OnNote("removed " + gone + ": " + Counted(n, "measure", "measures") +
                      " (file deleted)");
    }
    return true;
  }

  // A document whose kept file changed or went, and that another indexed file still holds:
  // that file's measures take its place.
  bool Promote() {
    for (const std::string& fingerprint : orphaned_) {
      const std::vector<std::string> holders = writer_->FilesWithFingerprint(fingerprint);
      bool held = false;
      for (const std::string& f : holders) held |= writer_->MeasuresOfFile(f) > 0;
      if (held) continue;
      for (const std::string& f : holders) {
        std::error_code ec;
        if (!fs::is_regular_file(f, ec)) continue;
        ParsedFile item = LoadFile(f, {}, /*force=*/true);
        if (!item.result.agreement) continue;
        if (item.fingerprint != fingerprint) continue;  // changed
        events_->OnNote(f + " now holds its document (the file kept for it changed or went)");
        if (!Write(schema::FileKey(f), item.version, &*item.result.agreement, fingerprint, false)) {
          return false;
        }
        --result_->summary.changed;  // not a change of this file
        break;
      }
    }
    return true;
  }

  const IndexerOptions& opt_;
  const std::vector<std::string>& files_;
  IndexWriter* writer_;
  Events& events_;
  IndexerResult* result_;
  std::set<std::string> orphaned_;  // fingerprints whose kept file changed or went
  size_t restamped_ = 0;            // unchanged files whose record took a new stamp
};

constexpr char kBuildSuffix[] = ".build-";  // DB.build-PID: a parallel build's shards
// Written in every build directory: only a directory holding it is karta's to remove.
constexpr char kBuildMarker[] = "karta-build-directory";

// The build directories beside `db`, with the process that made each.
// With `with_unmarked`, also the empty ones without a marker whose process is gone.
std::vector<std::pair<fs::path, pid_t>> BuildDirsOf(const fs::path& db,
                                                    bool with_unmarked = false) {
  std::vector<std::pair<fs::path, pid_t>> dirs;
  std::error_code ec;
  const fs::path normal = db.lexically_normal();
  const std::string stem = normal.filename().string() + kBuildSuffix;
  const fs::path parent = normal.parent_path().empty() ? fs::path(".") : normal.parent_path();
  for (const auto& entry : fs::directory_iterator(parent, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(stem, 0) != 0) continue;
    const std::string pid_text = name.substr(stem.size());
    if (pid_text.empty() || pid_text.size() > 9 ||
        pid_text.find_first_not_of("0123456789") != std::string::npos) {
      continue;
    }
    const pid_t pid = static_cast<pid_t>(std::stol(pid_text));
    if (!fs::exists(entry.path() / kBuildMarker, ec)) {
      // Not provably karta's, unless empty and its process gone: a run killed before it
      // wrote its marker (an empty directory holds nothing to lose).
      if (with_unmarked && fs::is_empty(entry.path(), ec) && !ec && kill(pid, 0) != 0 &&
          errno == ESRCH) {
        dirs.emplace_back(entry.path(), pid);
      }
      continue;
    }
    dirs.emplace_back(entry.path(), pid);
  }
  return dirs;
}

// Whether the run that made build directory `dir` is still running: it holds an exclusive
// lock on the marker file for as long as it lives (the kernel drops it when the process dies,
// however it dies), which, unlike a process id, cannot be mistaken for a newer process.
bool IsAlive(const fs::path& dir) {
  const int fd = open((dir / kBuildMarker).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool held = flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
  close(fd);
  return held;
}

// In a build directory: the merged index, complete once `kMergedMark` exists beside it, and
// the index it replaces while the two are swapped by renames (see IndexWriter::Install).
constexpr char kMerged[] = "merged";
constexpr char kMergedMark[] = "merged-complete";
constexpr char kPrevious[] = "previous";

// Finishes what a killed run left: a build directory whose process is gone is removed, and if
// the run was killed inside the install (`db` missing), the index is first put back — the new
// one when its merge had completed, else the previous one. Notes what it did.
void RecoverAbandonedBuilds(const fs::path& db, Events& events) {
  std::error_code ec;
  for (const auto& [dir, pid] : BuildDirsOf(db, /*with_unmarked=*/true)) {
    if (IsAlive(dir)) continue;
    if (!fs::exists(fs::symlink_status(db, ec))) {
      const bool merged = fs::exists(dir / kMergedMark, ec) && fs::is_directory(dir / kMerged, ec);
      const fs::path from = merged ? dir / kMerged : dir / kPrevious;
      if (fs::is_directory(from, ec)) {
        fs::rename(from, db, ec);
        if (!ec) {
          events->OnNote(db.string() + ": an earlier run was killed while installing its index; " +
                         (merged ? "its completed index" : "the index it was replacing") +
                         " was put in place");
        }
      }
    }
    fs::remove_all(dir, ec);
  }
}

// A directory next to the index for a parallel build, removed with everything in it.
class BuildDir {
 public:
  explicit BuildDir(const fs::path& db)
      : path_(db.string() + kBuildSuffix + std::to_string(getpid())) {
    std::error_code ec;
    fs::remove_all(path_, ec);
    fs::create_directories(path_, ec);
    if (!ec) marker_.emplace(path_ / kBuildMarker);
  }
  ~BuildDir() {
    // The marker goes last: a run killed half-way through this leaves a directory the next
    // run can still prove is karta's.
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(path_, ec)) {
      if (entry.path().filename() != kBuildMarker) fs::remove_all(entry.path(), ec);
    }
    fs::remove_all(path_, ec);
  }
  BuildDir(const BuildDir&) = delete;
  BuildDir& operator=(const BuildDir&) = delete;
  [[nodiscard]] bool ok() const { return marker_ && marker_->held(); }
  [[nodiscard]] const fs::path& path() const { return path_; }

 private:
  fs::path path_;
  std::optional<FileLock> marker_;  // the marker file, locked while this run lives
};

constexpr size_t kNoShard = static_cast<size_t>(-1);

}  // namespace
}  // namespace karta

// jemalloc's control interface, when the program is linked with jemalloc (the karta binary);
// null otherwise (tests, sanitizer builds).
extern "C" int mallctl(const char* name, void* oldp, size_t* oldlenp, void* newp, size_t newlen)
    __attribute__((weak));

namespace karta {
namespace {

// Gives the memory freed by this process back to the system now. The writers' buffers are
// freed on their own threads, whose arenas keep them: glibc's per-thread arenas grew a
// 1,000,000-measure build by ~120 MiB of fragments, and the thread that merges cannot reuse
// another's arena.
void ReleaseFreeMemory() {
  if (mallctl != nullptr) {
    mallctl("arena.4096.purge", nullptr, nullptr, nullptr, 0);  // 4096: MALLCTL_ARENAS_ALL
  } else {
    malloc_trim(0);
  }
}

// What a new index built in parallel also makes for a sharded index: its shards, each the
// compaction of the scratch shards that hold its agreements (index/shard_set.h).
struct ShardPlan {
  std::string dir;  // the sharded index: the shards go to ShardDirOf(dir, k)
  unsigned shards = 0;
  bool written = false;  // set once the shards are in place
};

// An update that rewrites every file of an existing index (--force over all its files) is
// built as a new index is, in parallel, and installed in its place: the same result as
// rewriting each file in the one writer, in a fraction of the time.
struct Rewrite {
  std::vector<bool> known;  // files[i] was indexed before: counted as changed
  size_t old_measures = 0;  // the measures the index holds, all replaced
  // Files indexed from a directory given now and gone from it, with their measures.
  std::vector<std::pair<std::string, size_t>> gone;
  // A file the index holds could not be read now: its measures must stay, which a new build
  // cannot do, so the update is made in place instead. `why` says which file and why.
  bool abandoned = false;
  std::string why;
};

// What a rebuild tells about each file, held until its files are done (a rebuild is abandoned
// for the update in place only while reading them, and the update tells about the files again:
// each file is named once). Progress and interruption pass at once, and everything after the
// files.
class HeldEvents : public IndexObserver {
 public:
  explicit HeldEvents(IndexObserver* to) : to_(to) {}
  void OnStart(size_t files) override { to_->OnStart(files); }
  void OnProgress(size_t files_done, size_t measures) override {
    to_->OnProgress(files_done, measures);
  }
  void OnIndexed(const std::string& file, const Agreement& a, size_t added,
                 size_t replaced) override {
    if (released_) return to_->OnIndexed(file, a, added, replaced);
    Agreement header = a;  // what is said about a file, not its measures: held for each
    header.measures.clear();
    header.measures.shrink_to_fit();
    held_.push_back([=](IndexObserver* o) { o->OnIndexed(file, header, added, replaced); });
  }
  void OnWarning(const Diagnostic& w) override {
    if (released_) return to_->OnWarning(w);
    held_.push_back([=](IndexObserver* o) { o->OnWarning(w); });
  }
  void OnSkipped(const Diagnostic& e) override {
    if (released_) return to_->OnSkipped(e);
    held_.push_back([=](IndexObserver* o) { o->OnSkipped(e); });
  }
  void OnNote(const std::string& m) override {
    if (released_) return to_->OnNote(m);
    held_.push_back([=](IndexObserver* o) { o->OnNote(m); });
  }
  void OnFinishing() override {
    Release();
    to_->OnFinishing();
  }
  bool Interrupted() override { return to_->Interrupted(); }

  void Release() {
    for (const auto& e : held_) e(to_);
    held_.clear();
    released_ = true;
  }

 private:
  IndexObserver* to_;
  bool released_ = false;
  std::vector<std::function<void(IndexObserver*)>> held_;
};

// The rewrite of `files`, when every file the index records is among them or was indexed from
// a directory in `opt.paths` and is gone from it; nothing otherwise.
std::optional<Rewrite> PlanRewrite(const IndexerOptions& opt, const std::vector<std::string>& files,
                                   const IndexWriter& writer) {
  std::map<std::string, size_t> given;  // absolute path → index in files
  for (size_t i = 0; i < files.size(); ++i) given.emplace(schema::FileKey(files[i]), i);
  Rewrite rewrite;
  rewrite.known.assign(files.size(), false);
  rewrite.old_measures = writer.document_count();
  // The new index is put in place by renaming directories: `db` must be on the file system of
  // its parent, where the build directory is (not a mount point).
  struct stat db_st {};
  struct stat parent_st {};
  fs::path db = fs::absolute(opt.db).lexically_normal();
  if (!db.has_filename()) db = db.parent_path();  // «DIR/»
  if (stat(db.c_str(), &db_st) != 0 || stat(db.parent_path().c_str(), &parent_st) != 0 ||
      db_st.st_dev != parent_st.st_dev) {
    return std::nullopt;
  }
  const std::set<std::string> gone = FilesGoneFromGivenDirectories(opt.paths, writer);
  size_t recorded_measures = 0;
  for (const std::string& file : writer.IndexedFilesUnder("/")) {
    const size_t n = writer.MeasuresOfFile(file);
    recorded_measures += n;
    if (auto it = given.find(file); it != given.end()) {
      rewrite.known[it->second] = true;
      continue;
    }
    if (!gone.count(file)) return std::nullopt;  // it stays: update in place
    rewrite.gone.emplace_back(file, n);
  }
  // Every measure belongs to a recorded file, and every record was read: otherwise a build
  // from the files could lose measures that an update in place keeps.
  if (writer.lookups_failed() || recorded_measures != rewrite.old_measures) return std::nullopt;
  return rewrite;
}

// Builds a new index with `jobs` threads: each reads, parses and writes the files it takes
// into scratch shards of its own; the scratch shards are then merged by Xapian's compaction
// and the result replaces the empty index at `db`. With a `plan`, each thread keeps one
// scratch shard per shard of the plan and writes an agreement to the one the rule assigns it,
// so that each shard is compacted from its own scratch shards, as the whole index is from all.
// Identity is decided as in a serial run, in file order: of two files holding the same
// document the earlier keeps its measures; of two documents claiming one agreement key the
// first to arrive keeps it plain.
// With a `rewrite`, the index at `db` is not empty and the result replaces it.
bool BuildInParallel(const IndexerOptions& opt, const std::vector<std::string>& files,
                     unsigned jobs, std::unique_ptr<IndexWriter>& db_lock, Events& events,
                     ShardPlan* plan, Rewrite* rewrite, IndexerResult* result) {
  IndexerSummary& sum = result->summary;
  BuildDir build(opt.db);
  if (!build.ok())
    return Fail(result, build.path().string() + ": cannot create the build directory");
  const unsigned parts = plan ? std::max(1U, plan->shards) : 1U;
  // A thread buffers one Xapian flush per part at most: memory stays what one part costs.
  const size_t part_size = std::max<size_t>(1, opt.shard_size / parts);
  struct Shard {
    std::string dir;
    unsigned part = 0;  // the plan's shard it belongs to
    std::unique_ptr<IndexWriter> writer;
    bool dirty = true;  // changes since its last commit
  };
  std::deque<Shard> shards;  // grows while the workers run; guarded by `mu` below
  auto open_shard = [&](unsigned part, std::string* error) -> size_t {
    Shard& shard = shards.emplace_back();
    shard.dir = (build.path() / ("shard-" + std::to_string(shards.size() - 1))).string();
    shard.part = part;
    shard.writer = IndexWriter::Open(shard.dir, error, /*scratch=*/true);
    return shard.writer ? shards.size() - 1 : kNoShard;
  };
  // Each scratch shard takes one flush of Xapian's buffered postings, when it is full.
  // (Unless the user set it; unset again when this build ends, before a writer of an update in
  // place reads it.)
  struct FlushThreshold {
    bool ours = getenv("XAPIAN_FLUSH_THRESHOLD") == nullptr;
    explicit FlushThreshold(size_t n) {
      if (ours) setenv("XAPIAN_FLUSH_THRESHOLD", std::to_string(n).c_str(), /*overwrite=*/0);
    }
    ~FlushThreshold() {
      if (ours) unsetenv("XAPIAN_FLUSH_THRESHOLD");
    }
  } flush_threshold(part_size + 1);
  std::string error;
  struct Claim {
    size_t file;
    size_t shard;
    std::string suffix;  // of the key the document's measures carry
  };
  std::mutex mu;  // guards everything below, and the observer
  std::condition_variable changed;
  std::map<std::string, Claim> documents;  // fingerprint → the file whose measures are kept
  // agreement key → the suffixes in use and the file that took each
  std::map<std::string, std::vector<std::pair<std::string, size_t>>> keys;
  std::vector<Claim> superseded;  // files whose document an earlier file holds
  std::vector<FileVersion> versions(files.size());
  std::vector<std::string> fingerprints(files.size());
  std::vector<size_t> measure_counts(files.size());
  size_t files_done = 0, running = jobs;
  std::string failure;
  bool interrupted = false;

  std::atomic<size_t> next{0};
  auto work = [&](unsigned thread) {
    // This thread's open scratch shard per part, opened at first use, and its writer (a
    // pointer taken under the lock: `shards` may grow meanwhile).
    std::vector<size_t> current(parts, kNoShard);
    std::vector<IndexWriter*> writers(parts, nullptr);
    // Xapian buffers a scratch shard's postings in memory until its commit (~5 KiB a
    // measure), so the threads' peaks should not coincide: thread k's first shard is counted
    // as already k/jobs full, so the threads start staggered rather than filling in step.
    std::vector<size_t> filled(parts, part_size * thread / jobs);
    std::string write_error;
    for (size_t i = next++; i < files.size(); i = next++) {
      ParsedFile item = LoadFile(files[i], {}, /*force=*/true);
      versions[i] = item.version;
      ParseResult& r = item.result;
      if (r.agreement) {
        measure_counts[i] = r.agreement->measures.size();
        fingerprints[i] = item.fingerprint;
      }
      bool write = r.agreement.has_value();
      unsigned part = 0;
      std::unique_lock lock(mu);
      if (!failure.empty()) break;
      if (events->Interrupted()) {
        interrupted = true;
        break;
      }
      if (rewrite) {
        // What an update in place decides from the index's past (which file keeps a document
        // held twice, which keeps an agreement's plain key; the measures of a file that cannot
        // be read now stay), a build from the files alone cannot: those are left to it.
        const char* why = nullptr;
        if (!r.agreement && rewrite->known[i]) {
          why = " cannot be used now, and the index keeps its measures until it can";
        } else if (r.agreement && documents.count(fingerprints[i])) {
          why = " holds the same document as another file";
        } else if (r.agreement && keys.count(r.agreement->Key())) {
          why = " claims the agreement key of another document";
        }
        if (why) {
          rewrite->why = files[i] + why + ": the files are updated in place instead of rebuilt";
          rewrite->abandoned = true;
          failure = "abandoned";
          break;
        }
      }
      if (!r.agreement) {
        events->OnSkipped(*r.error);
        ++sum.skipped;
      } else {
        Agreement& a = *r.agreement;
        for (const Diagnostic& w : a.warnings) events->OnWarning(w);
        const std::string base = a.Key();
        auto same = documents.find(fingerprints[i]);
        if (same != documents.end()) {
          const size_t earlier = std::min(same->second.file, i);
          const size_t later = std::max(same->second.file, i);
          events->OnNote(files[later] + " holds the same document as " + files[earlier] +
                         "; its measures are kept once");
          ++sum.duplicates;
          if (same->second.file < i) write = false;
        } else {
          auto& suffixes = keys[base];
          std::string suffix;
          if (!suffixes.empty()) {
            suffix = DistinctSuffix(a, [&](const std::string& key) {
              for (const auto& [used, file] : suffixes) {
                if (key == base + used) return true;
              }
              return false;
            });
            Rekey(&a, suffix);
            const Diagnostic w = ClaimWarning(a, files[suffixes.front().second], base);
            a.warnings.push_back(w);
            events->OnWarning(w);
          }
          suffixes.emplace_back(suffix, i);
        }
        if (same != documents.end() && same->second.file > i) {
          Rekey(&a, same->second.suffix);  // this file comes first: it takes the document's place
        }
        if (parts > 1) part = schema::ShardOf(a.Key(), parts);
        if (current[part] == kNoShard) {
          current[part] = open_shard(part, &write_error);
          if (current[part] == kNoShard) {
            failure = write_error;
            break;
          }
          writers[part] = shards[current[part]].writer.get();
        }
        if (same == documents.end()) {
          documents.emplace(fingerprints[i], Claim{i, current[part], a.key_suffix});
        } else if (same->second.file > i) {
          superseded.push_back(same->second);
          same->second.file = i;
          same->second.shard = current[part];
        }
      }
      lock.unlock();
      IndexWriter::ReplaceStats stats;
      IndexWriter* writer = writers[part];
      if (write && !writer->Replace(*r.agreement, &stats, &write_error, fingerprints[i])) {
        lock.lock();
        failure = write_error;
        break;
      }
      if (r.agreement) {
        writer->SetFileRecord(schema::FileKey(files[i]), item.version, fingerprints[i]);
      }
      if ((filled[part] += stats.added) >= part_size) {
        // A full scratch shard is committed and the next file of its part starts another:
        // Xapian's B-trees stay small.
        const bool ok = writer->Commit(&write_error);
        lock.lock();
        // Closed once full: an open writer keeps its tables' blocks and its analyser, ~2 MiB
        // each, 75 MiB over the 40 scratch shards of 1,000,000 measures. Closed outside the
        // lock, which the other threads wait on.
        std::unique_ptr<IndexWriter> full = std::move(shards[current[part]].writer);
        shards[current[part]].dirty = false;
        writers[part] = nullptr;
        current[part] = kNoShard;
        filled[part] = 0;
        if (!ok) {
          failure = write_error;
          break;
        }
        lock.unlock();
        full.reset();
        ReleaseFreeMemory();  // the shard's buffers, just freed
      }
      lock.lock();
      ++files_done;
      if (r.agreement) {
        ++(rewrite && rewrite->known[i] ? sum.changed : sum.fresh);
        sum.added += stats.added;
        if (write) events->OnIndexed(files[i], *r.agreement, stats.added, 0);
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
      events->OnProgress(files_done, sum.added);
      if (!interrupted && events->Interrupted()) interrupted = true;
    }
  }
  for (std::thread& t : workers) t.join();
  ReleaseFreeMemory();  // the writers' buffers: the merge and derivations run on this thread
  if (!failure.empty()) return Fail(result, failure);  // nothing installed: index as it was
  if (interrupted) {
    result->status = IndexStatus::kInterrupted;
    return false;
  }
  if (rewrite) {
    sum.removed += rewrite->old_measures;
    for (const auto& [gone, n] : rewrite->gone) {
      ++sum.deleted;
      events->OnNote("removed " + gone + ": " + Counted(n, "measure", "measures") +
                     " (file deleted)");
    }
  }
  // A superseded file keeps its record (so the next run skips it) but not its measures.
  for (const Claim& c : superseded) {
    Shard& shard = shards[c.shard];
    shard.dirty = true;
    if (!shard.writer) {  // closed when it was full
      shard.writer = IndexWriter::Open(shard.dir, &error, /*scratch=*/true);
      if (!shard.writer) return Fail(result, error);
    }
    IndexWriter& writer = *shard.writer;
    size_t n = 0;
    const std::string key = schema::FileKey(files[c.file]);
    if (!writer.RemoveFile(key, &n, &error)) return Fail(result, error);
    writer.SetFileRecord(key, versions[c.file], fingerprints[c.file]);
    sum.added -= std::min(sum.added, n);
  }
  events->OnFinishing();
  std::vector<std::string> dirs;
  std::vector<std::vector<std::string>> dirs_of_part(parts);
  for (Shard& shard : shards) {
    if (shard.dirty && !shard.writer->Commit(&error)) return Fail(result, error);
    shard.writer.reset();
    dirs.push_back(shard.dir);
    dirs_of_part[shard.part].push_back(shard.dir);
  }
  if (shards.empty()) {  // no file gave measures: one empty scratch shard to merge
    if (open_shard(0, &error) == kNoShard || !shards.back().writer->Commit(&error)) {
      return Fail(result, error);
    }
    shards.back().writer.reset();
    dirs.push_back(shards.back().dir);
  }
  events->OnNote("merging " + Counted(shards.size(), "shard", "shards") + "...");
  const fs::path merged = build.path() / kMerged;
  if (!IndexWriter::MergeShards(dirs, merged.string(), &error)) return Fail(result, error);
  if (plan) {
    for (unsigned k = 0; k < parts; ++k) {
      const fs::path part = build.path() / ("part-" + std::to_string(k));
      if (!MakeShard(dirs_of_part[k], part.string(), k, parts, &error)) {
        return Fail(result, error);
      }
    }
  }
  if (!std::ofstream(build.path() / kMergedMark).good()) {
    return Fail(result, build.path().string() + ": cannot write in the build directory");
  }
  // Installed under the empty index's lock: no other karta can start writing `db` meanwhile.
  if (!IndexWriter::Install(merged.string(), opt.db, (build.path() / kPrevious).string(), &error)) {
    return Fail(result, error);
  }
  if (plan) {
    std::error_code ec;
    for (unsigned k = 0; k < parts; ++k) {
      const std::string to = ShardDirOf(plan->dir, k);
      fs::remove_all(to, ec);
      fs::rename(build.path() / ("part-" + std::to_string(k)), to, ec);
      if (ec) return Fail(result, to + ": cannot put the shard in place: " + ec.message());
    }
    plan->written = true;
  }
  db_lock.reset();
  return true;
}

}  // namespace

namespace {

// One index at `options.db`. `changed`: the agreements whose measures were written or removed;
// null when every one may have been (a new index built in parallel). A new index built in
// parallel also makes the shards of `plan` (when given).
IndexerResult RunOne(const IndexerOptions& options, IndexObserver* observer,
                     std::optional<std::set<std::string>>* changed, ShardPlan* plan = nullptr) {
  IndexerOptions opt = options;
  std::error_code ec;
  // A --db that is a symbolic link is the directory it points to: the index is built there,
  // and the link stays a link.
  if (fs::is_symlink(opt.db, ec)) {
    const fs::path target = fs::canonical(opt.db, ec);
    if (!ec) opt.db = target.string();
  }
  Events events(observer);
  IndexerResult result;
  RecoverAbandonedBuilds(opt.db, events);
  size_t failures = 0;
  const std::vector<std::string> files = ExpandPaths(opt.paths, events, &failures);
  // Paths that could not be read as files (a broken link, a loop) are files considered too, so
  // «N of M files» adds up with the skipped ones.
  result.summary.files = files.size() + failures;
  result.summary.skipped = failures;

  std::string error;
  std::unique_ptr<IndexWriter> writer = IndexWriter::Open(opt.db, &error);
  if (!writer) {
    Fail(&result, error);
    return result;
  }
  events->OnStart(files.size());
  unsigned jobs = opt.jobs ? opt.jobs : std::max(1U, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<size_t>(jobs, files.size()));
  std::optional<Rewrite> rewrite;
  if (jobs > 1 && opt.force && writer->document_count() > 0) {
    rewrite = PlanRewrite(opt, files, *writer);
    if (rewrite) {
      events->OnNote("every file of the index is rewritten: it is built anew with " +
                     std::to_string(jobs) + " writers and put in place of the old one");
    }
  }
  bool parallel = jobs > 1 && (writer->document_count() == 0 || rewrite);
  bool ok = false;
  if (parallel) {
    const IndexerSummary before = result.summary;
    std::optional<HeldEvents> held;
    std::optional<Events> held_events;
    if (rewrite) {
      held.emplace(events.operator->());
      held_events.emplace(&*held);
    }
    ok = BuildInParallel(opt, files, jobs, writer, held_events ? *held_events : events, plan,
                         rewrite ? &*rewrite : nullptr, &result);
    if (!ok && rewrite && rewrite->abandoned) {  // the index as it was, updated in place
      events->OnNote(rewrite->why);
      result = IndexerResult{};
      result.summary = before;
      parallel = false;  // `writer` still holds the index's lock, its transaction untouched
    } else if (held) {
      held->Release();
    }
  }
  if (!parallel) {
    ok = SerialRun(opt, files, writer.get(), events, &result).Run();
    *changed = writer->changed_agreements();
  }
  writer.reset();
  if (!ok) return result;
  if (!IndexWriter::CountMeasures(opt.db, &result.summary.total, &error)) {
    Fail(&result, error);
    return result;
  }
  if (result.summary.skipped > 0) result.status = IndexStatus::kFilesSkipped;
  return result;
}

// A sharded index: the whole index first, then its changed agreements to their shards. A
// marker file stays while the shards may differ from the whole index, so that a run that
// failed or was killed in between is followed by a full distribution.
IndexerResult RunSharded(const IndexerOptions& options, unsigned shards, IndexObserver* observer) {
  IndexerResult result;
  std::error_code ec;
  fs::create_directories(options.db, ec);
  // The shards and the lexicon are written after the whole index's own lock is let go (and
  // after a rebuild that lock is on the directory it replaced): the whole run holds this one.
  const FileLock lock(fs::path(options.db) / schema::kShardSetLock);
  if (!lock.held()) {
    result.status = IndexStatus::kDatabaseError;
    result.error = options.db + ": the index " + lock.Refusal();
    return result;
  }
  const fs::path pending = fs::path(options.db) / "distributing";
  const bool was_pending = fs::exists(pending, ec);
  { std::ofstream mark(pending); }
  IndexerOptions whole = options;
  whole.db = WholeIndexOf(options.db);
  whole.shards = 0;
  std::optional<std::set<std::string>> changed;
  ShardPlan plan{options.db, shards};
  result = RunOne(whole, observer, &changed, &plan);
  if (result.status == IndexStatus::kDatabaseError || result.status == IndexStatus::kInterrupted) {
    if (!was_pending && changed && changed->empty()) fs::remove(pending, ec);
    return result;
  }
  std::string error;
  if (plan.written) {  // a new index: its shards were compacted from the build's own
    if (!FinishShards(options.db, shards, &error)) {
      result.status = IndexStatus::kDatabaseError;
      result.error = error;
      return result;
    }
    fs::remove(pending, ec);
    return result;
  }
  const bool all = was_pending || !changed || !fs::exists(ShardDirOf(options.db, 0), ec);
  if (!all && changed->empty()) {  // nothing to move: the shards and lexicon stay as they are
    fs::remove(pending, ec);
    return result;
  }
  if (observer) {
    observer->OnNote(all ? "distributing every agreement over " + std::to_string(shards) + " shards"
                         : "distributing " + std::to_string(changed->size()) +
                               " changed agreements over " + std::to_string(shards) + " shards");
  }
  if (!DistributeShards(options.db, shards, all ? nullptr : &*changed, &error)) {
    result.status = IndexStatus::kDatabaseError;
    result.error = error;
    return result;
  }
  fs::remove(pending, ec);
  return result;
}

}  // namespace

IndexerResult RunIndexer(const IndexerOptions& options, IndexObserver* observer) {
  const unsigned existing = ShardCountOf(options.db);
  IndexerResult result;
  if (options.shards > kMaxShards) {
    Fail(&result, "--shards " + std::to_string(options.shards) + ": at most " +
                      std::to_string(kMaxShards) + " shards");
    return result;
  }
  if (IsJoin(options.db)) {
    Fail(&result, options.db +
                      ": a join of karta indexes (karta join); index into one of its indexes, "
                      "then run karta join again");
    return result;
  }
  if (existing && options.shards && existing != options.shards) {
    Fail(&result, options.db + ": the index has " + std::to_string(existing) + " shards, not " +
                      std::to_string(options.shards) +
                      "; build another shard count into a new --db");
    return result;
  }
  std::error_code ec;
  if (options.shards && !existing && fs::exists(options.db, ec) && !fs::is_empty(options.db, ec) &&
      !fs::exists(fs::path(options.db) / "distributing", ec)) {
    Fail(&result, options.db +
                      ": not a sharded karta index (an index of one shard, or other "
                      "files); build the shards into a new --db");
    return result;
  }
  if (existing || options.shards) {
    return RunSharded(options, existing ? existing : options.shards, observer);
  }
  std::optional<std::set<std::string>> changed;
  return RunOne(options, observer, &changed);
}

BuildState FindBuild(const std::string& db) {
  BuildState state;
  for (const auto& [dir, pid] : BuildDirsOf(db)) {
    if (IsAlive(dir)) return BuildState{BuildState::Kind::kRunning, pid};
    state.kind = BuildState::Kind::kAbandoned;
  }
  return state;
}

}  // namespace karta
