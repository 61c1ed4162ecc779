#include "src/cli/index_command.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
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

int RunIndex(const IndexOptions& opt) {
  const auto start = std::chrono::steady_clock::now();
  const std::string db = ResolveDbPath(opt.db);
  int status = kExitOk;
  const std::vector<std::string> files = ExpandPaths(opt.paths, &status);

  std::string error;
  std::unique_ptr<IndexWriter> writer = IndexWriter::Open(db, &error);
  if (!writer) {
    std::cerr << "karta: " << error << '\n';
    return kExitDatabaseError;
  }
  size_t fresh = 0, changed = 0, unchanged = 0, deleted = 0, added = 0, removed = 0;
  Progress progress(files.size(), !opt.quiet);
  // On a terminal the bar shows progress; elsewhere (logs) one line per file, unless --quiet.
  const bool per_file_lines = !opt.quiet && !progress.active();

  // Hashes known to the index, read up front so the parsing thread never touches it.
  std::vector<std::string> keys, known;
  for (const std::string& file : files) {
    keys.push_back(schema::FileKey(file));
    known.push_back(writer->FileHash(keys.back()));
  }
  // A second thread reads, hashes and parses the files in order while this one writes.
  ParsedQueue queue(/*capacity=*/32);
  std::thread parser([&] {
    for (size_t i = 0; i < files.size(); ++i) {
      ParsedFile item;
      std::error_code ec;
      std::optional<std::string> bytes;
      if (fs::is_regular_file(files[i], ec)) bytes = ReadBytes(files[i]);
      if (bytes) {
        item.hash = schema::ContentHash(*bytes);
        item.unchanged = !opt.force && known[i] == item.hash;
        if (!item.unchanged) item.result = ParseDocumentBytes(*bytes, files[i]);
      } else {
        // Unreadable, missing, not a file: ParseDocumentFile says which, naming the file.
        item.result = ParseDocumentFile(files[i]);
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

  for (size_t i = 0; i < files.size(); ++i) {
    progress.Update(i, added);
    ParsedFile item = queue.Pop();
    const std::string& file = files[i];
    if (item.unchanged) {
      ++unchanged;
      continue;
    }
    ParseResult& r = item.result;
    if (!r.agreement) {
      progress.Message("karta: " + r.error->ToString() + " (skipped)");
      status = kExitInputError;
      continue;
    }
    if (!opt.quiet) {
      for (const Diagnostic& w : r.agreement->warnings)
        progress.Message("warning: " + w.ToString());
    }
    IndexWriter::ReplaceStats stats;
    if (!writer->Replace(*r.agreement, &stats, &error)) {
      std::cerr << "karta: " << error << '\n';
      return kExitDatabaseError;  // the transaction is abandoned: the index is unchanged
    }
    writer->SetFileHash(keys[i], item.hash);
    ++(known[i].empty() ? fresh : changed);
    added += stats.added;
    removed += stats.removed;
    if (per_file_lines) {
      std::cerr << "indexed " << file << ": " << stats.added << " measures ("
                << (r.agreement->region.empty() ? "region unknown" : r.agreement->region) << ", "
                << DocumentKindName(r.agreement->kind) << ")";
      if (stats.removed) std::cerr << ", replacing " << stats.removed;
      std::cerr << '\n';
    }
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
      ++deleted;
      removed += n;
      if (!opt.quiet) {
        progress.Message("removed " + gone + ": " + std::to_string(n) + " measures (file deleted)");
      }
    }
  }
  progress.Finish();
  if (!writer->Commit(&error)) {
    std::cerr << "karta: " << error << '\n';
    return kExitDatabaseError;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "Indexed " << fresh + changed << " of " << files.size() << " files (" << fresh
            << " new, " << changed << " changed, " << unchanged << " unchanged), " << deleted
            << " deleted: " << added << " measures written, " << removed
            << " replaced or removed; the index at " << db << " holds " << writer->document_count()
            << " measures (" << std::fixed;
  std::cout.precision(2);
  std::cout << seconds << " s)\n";
  return status;
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
  cmd->footer(
      "Files whose content is unchanged since the last run are skipped; changed files replace\n"
      "their measures; files gone from an indexed directory take theirs along. Exit status: 0 all "
      "indexed; 1 some file was\n"
      "skipped (named on stderr), the others are indexed; 3 the index cannot be written\n"
      "(locked, or not a karta index) — it is left unchanged.");
  cmd->callback([opt, exit_code] { *exit_code = RunIndex(*opt); });
}

}  // namespace karta::cli
