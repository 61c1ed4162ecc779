// Writes agreements into a karta index (a Xapian database; layout in index/index_schema.h).
// The thin wrapper around Xapian's writing side: Xapian::Error never leaves it, failures come
// back as messages. All changes of one writer are one transaction: until Commit() succeeds the
// index on disk stays exactly as it was, readable and complete.
//
// Thread safety: one writer per index; Xapian's lock makes a second writer fail to open.
#ifndef KARTA_INDEX_XAPIAN_WRITER_H_
#define KARTA_INDEX_XAPIAN_WRITER_H_

#include <xapian.h>

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "index/measure.h"

namespace Xapian {
class Database;
class WritableDatabase;
}  // namespace Xapian

namespace karta {

// A file as it was read: its content hash (schema::ContentHash), and its stamp — size,
// modification and change times — by which a later run knows it unchanged without reading it
// (empty when not to be trusted: the file changed within the last second, where a second
// change would leave the same times behind).
// One measure's Xapian document, all but the analysis into terms: its texts normalised for the
// TermGenerator (the measure's text, then the other fields in order), the compound-word terms,
// the abbreviations its text defines, boolean terms, values and the stored record.
struct PreparedMeasure {
  std::string id_term;
  std::string text;
  std::vector<std::string> fields;
  std::vector<std::pair<std::string, Xapian::termcount>> compound_terms;
  std::vector<std::pair<std::string, std::string>> abbreviations;
  std::vector<std::string> boolean_terms;
  std::vector<std::pair<Xapian::valueno, std::string>> values;
  std::string data;
};

struct PreparedDocuments {
  std::string abs_path, agreement_key, fingerprint;
  std::vector<PreparedMeasure> measures;
};

// What IndexWriter::Replace writes for agreement `a`, made without the index, so that a
// reading thread can take this work off the writing one. Thread safe. `fingerprint`:
// ContentFingerprint(a), computed if empty.
[[nodiscard]] PreparedDocuments PrepareDocuments(const Agreement& a,
                                                 const std::string& fingerprint = "");

struct FileVersion {
  std::string hash;
  std::string stamp;
};

// Writes into `to` the metadata karta derives from every measure of `from` (which may be
// several databases): the agency registry with its display names, and the plan ↔ report
// links. `changed`: the agreements written or removed since the links stored in `to` were
// derived (null: derive them all anew). Throws Xapian::Error.
void WriteDerivedMetadata(const Xapian::Database& from, Xapian::WritableDatabase* to,
                          const std::set<std::string>* changed = nullptr);

// When `e` says a table of the index at `dir` is damaged (Xapian::DatabaseCorruptError, or a
// table cut short: «EOF reading block 33»): «DIR: the index is damaged
// (…); karta did not write to it. Remove the directory and index the documents again». Else
// empty.
[[nodiscard]] std::string DamagedIndexMessage(const std::string& dir, const Xapian::Error& e);

// The abbreviation tables (kMetaAbbreviations JSON) that several indexes learned, united: the
// first definition of a short form stands. A table that is not a JSON object is skipped.
[[nodiscard]] std::string UniteAbbreviations(const std::vector<std::string>& tables);

class IndexWriter {
 public:
  // Opens the index in `dir` for writing, creating it when `dir` does not exist or is empty.
  // Refuses a directory that holds anything else than a karta index, and an index another
  // process is writing. On failure returns nullptr and sets *error. A `scratch` index (a shard
  // of a parallel build, merged and thrown away) is written without syncing to disk, and its
  // commits leave the agency registry to the merged index (MergeShards).
  static std::unique_ptr<IndexWriter> Open(const std::string& dir, std::string* error,
                                           bool scratch = false);

  ~IndexWriter();  // abandons uncommitted changes
  IndexWriter(const IndexWriter&) = delete;
  IndexWriter& operator=(const IndexWriter&) = delete;

  struct ReplaceStats {
    size_t added = 0;    // measures written
    size_t removed = 0;  // measures of an earlier version of this file or agreement
  };
  // Indexes every measure of `a`, first removing the measures indexed before from the same
  // file (`a.path`, made absolute).
  // `fingerprint` is ContentFingerprint(a) when the caller has it already (computed if empty);
  // `prepared`, PrepareDocuments(a) when the caller made it on another thread (used when its
  // agreement key is still a's).
  // REQUIRES: Open() succeeded. Returns false and sets *error on a Xapian failure.
  bool Replace(const Agreement& a, ReplaceStats* stats, std::string* error,
               const std::string& fingerprint = "", const PreparedDocuments* prepared = nullptr);

  // Incremental indexing: the version recorded for a file (absolute path; empty fields when
  // none), and the fingerprint of the document read from it (ContentFingerprint).
  [[nodiscard]] FileVersion KnownVersion(const std::string& abs_path) const;
  [[nodiscard]] std::string FileFingerprint(const std::string& abs_path) const;
  void SetFileRecord(const std::string& abs_path, const FileVersion& version,
                     const std::string& fingerprint);
  // The files (absolute paths) whose measures carry agreement key `key`.
  [[nodiscard]] std::vector<std::string> FilesOfAgreement(const std::string& key) const;
  // The files whose measures are those of the document with this fingerprint.
  [[nodiscard]] std::vector<std::string> FilesHoldingDocument(const std::string& fingerprint) const;
  // Indexed files whose document has this fingerprint (a scan of the file records).
  [[nodiscard]] std::vector<std::string> FilesWithFingerprint(const std::string& fingerprint) const;
  // How many measures of this file the index holds.
  [[nodiscard]] size_t MeasuresOfFile(const std::string& abs_path) const;
  // Files indexed before whose path lies under `abs_dir`.
  [[nodiscard]] std::vector<std::string> IndexedFilesUnder(const std::string& abs_dir) const;
  // Removes the measures of a file (and its hash); returns how many measures went.
  bool RemoveFile(const std::string& abs_path, size_t* removed, std::string* error);

  // The lookups above return nothing when Xapian fails (a damaged table, a full disk); the
  // failure is kept, and Commit() then fails with it, so the index stays as it was.
  // True once a lookup has failed so: what the lookups returned may be incomplete.
  [[nodiscard]] bool lookups_failed() const;
  // Makes all changes durable and rebuilds the agency registry. On failure nothing of this
  // writer's changes reaches the disk.
  bool Commit(std::string* error);

  [[nodiscard]] size_t document_count() const;
  // The agreements whose measures this writer wrote or removed (for a sharded index).
  [[nodiscard]] const std::set<std::string>& changed_agreements() const;

  // Where the writer says what it is doing when that takes long (the consistency check of an
  // index whose files changed since karta's last commit).
  void set_note_sink(std::function<void(const std::string&)> sink);

  // The number of measures in the index at `dir`, read as a reader would; false and *error
  // when it cannot be read.
  static bool CountMeasures(const std::string& dir, size_t* count, std::string* error);

  // Merges indexes written in parallel, each committed by its own writer, into a new index
  // at `out_dir` (which must not exist) with Xapian's compaction, and rebuilds the agency
  // registry over all of them. Learned abbreviations are united; other metadata (file hashes)
  // is per file, so no key is in two shards. Returns false and sets *error on failure, leaving
  // the shards as they were.
  static bool MergeShards(const std::vector<std::string>& shard_dirs, const std::string& out_dir,
                          std::string* error);

  // Puts the index at `merged` in place of the one at `db` (empty, or the index a rebuild
  // replaces): the two directories are exchanged atomically (Linux
  // `renameat2(RENAME_EXCHANGE)`), so the caller may keep holding the old index's lock until
  // it is done; where the file system cannot, by two renames
  // (`db` to `stash`, a path on the same file system that must not exist, then `merged` to
  // `db`), or (`db` a mount point) file by file, Xapian's version file last.
  static bool Install(const std::string& merged, const std::string& db, const std::string& stash,
                      std::string* error);

 private:
  struct Impl;
  explicit IndexWriter(std::unique_ptr<Impl> impl);
  bool Write(const PreparedDocuments& prepared, ReplaceStats* stats, std::string* error,
             const std::string& path);
  std::unique_ptr<Impl> impl_;
};

}  // namespace karta

#endif  // KARTA_INDEX_XAPIAN_WRITER_H_
