// The indexing pipeline: paths in, an index out. Expands directories, hashes every file and
// skips those unchanged since the last run, parses the rest (any format document_parser
// reads), removes the measures of files that are gone, writes the measures — a new index by
// parallel shard writers merged at the end, an existing one in place in one transaction —
// and reports through an observer, as Sphinx/Manticore's indexer hands its engine a progress
// callback. The CLI only parses flags and prints what the observer hears.
//
// Agreement identity: a file re-indexed replaces its own measures; a file holding the same
// document as one already indexed (the same title and measures, in any format) is recorded
// but its measures are kept once; a different document that claims the same agreement (the
// same partner, kind and period) keeps its measures under a key of its own
// («PER-2024-2026~3fa2»), with a warning. The index always holds the measures of every indexed
// file that still exists: when the file kept for a duplicated document goes, a copy takes its
// place.
//
// Crash safety: an update is one transaction; a parallel build installs nothing until it is
// whole. An interrupted run (Interrupted() true, a signal, a crash) leaves the index as it was.
//
// Thread safety: Run() calls the observer from several threads, one call at a time.
#ifndef KARTA_INDEX_INDEXER_H_
#define KARTA_INDEX_INDEXER_H_

#include <cstddef>
#include <string>
#include <vector>

#include "index/measure.h"

namespace karta {

struct IndexerOptions {
  std::string db;                  // the index directory (created when missing)
  std::vector<std::string> paths;  // files, or directories searched recursively
  bool force = false;              // re-index unchanged files too
  unsigned jobs = 0;               // threads for a new index; 0: one per processor
  // Measures per shard of a parallel build: Xapian's writing slows as its tables grow, and
  // merging many small shards costs less than that.
  size_t shard_size = 25000;
  // Build (or update) a sharded index of this many shards (index/shard_set.h); 0: a sharded
  // `db` keeps its count, any other is one index.
  unsigned shards = 0;
};

class IndexObserver {
 public:
  virtual ~IndexObserver() = default;
  virtual void OnStart(size_t /*files*/) {}
  virtual void OnProgress(size_t /*files_done*/, size_t /*measures*/) {}
  // A file whose measures were written; `replaced` measures of an earlier version went.
  virtual void OnIndexed(const std::string& /*file*/, const Agreement& /*a*/, size_t /*added*/,
                         size_t /*replaced*/) {}
  virtual void OnWarning(const Diagnostic& /*warning*/) {}  // a usable document's problem
  virtual void OnSkipped(const Diagnostic& /*error*/) {}    // a file that cannot be used
  virtual void OnNote(const std::string& /*message*/) {}    // duplicates, removals, merging
  virtual void OnFinishing() {}  // the files are done; committing or merging follows
  // Polled between files: true stops the run, leaving the index as it was.
  virtual bool Interrupted() { return false; }
};

struct IndexerSummary {
  size_t files = 0;       // files considered
  size_t fresh = 0;       // indexed for the first time
  size_t changed = 0;     // indexed again because their content changed
  size_t unchanged = 0;   // skipped: the same content as last time
  size_t duplicates = 0;  // the same document as another file: kept once
  size_t skipped = 0;     // rejected (named through OnSkipped)
  size_t deleted = 0;     // files gone from an indexed directory
  size_t added = 0;       // measures written
  size_t removed = 0;     // measures replaced or removed
  size_t total = 0;       // measures in the index afterwards
};

enum class IndexStatus {
  kOk,             // every file indexed
  kFilesSkipped,   // some file could not be used; the others are indexed
  kDatabaseError,  // the index cannot be written; it is left as it was
  kInterrupted,    // stopped by Interrupted(); the index is as it was
};

struct IndexerResult {
  IndexStatus status = IndexStatus::kOk;
  std::string error;  // for kDatabaseError
  IndexerSummary summary;
};

// REQUIRES: `observer` outlives the call (may be null).
[[nodiscard]] IndexerResult RunIndexer(const IndexerOptions& options, IndexObserver* observer);
// (A sharded index: the run writes its whole index, then the changed agreements go to their
// shards.)

// A parallel build of the index at `db` writes its shards in `DB.build-PID` beside it: a
// reader finding the index empty can tell a build that is running from one that died.
struct BuildState {
  enum class Kind { kNone, kRunning, kAbandoned };
  Kind kind = Kind::kNone;
  long pid = 0;  // of the running build
};
[[nodiscard]] BuildState FindBuild(const std::string& db);

}  // namespace karta

#endif  // KARTA_INDEX_INDEXER_H_
