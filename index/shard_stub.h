// A set of shards as Xapian's stub database file lists them: one line per shard,
// `remote HOST:PORT` (a xapian-tcpsrv), `remote :PROGRAM ARGS` (a xapian-progsrv, e.g. over
// ssh), or a local database (`auto PATH`, `glass PATH`; relative to the stub's directory).
// Xapian opens such a file, or a directory holding one named XAPIANDB, as one database; karta
// reads it too, to tell local from remote shards and to name the one that fails.
//
// A sharded karta index (`karta index --shards N`) is a directory: the lexicon first (a local
// database without documents that holds the spelling table and the index metadata — what
// Xapian's remote backend does not serve), then the shards, in a XAPIANDB stub.
#ifndef KARTA_INDEX_SHARD_STUB_H_
#define KARTA_INDEX_SHARD_STUB_H_

#include <xapian.h>

#include <string>
#include <vector>

namespace karta {

struct ShardLine {
  int line = 0;      // in the stub file, from 1
  std::string text;  // as written, trimmed
  bool remote = false;
};

struct ShardStub {
  std::string file;  // the stub file; empty when `db` is a single database
  std::vector<ShardLine> shards;
  [[nodiscard]] bool any_remote() const;
};

// The stub at `db` (a file, or a directory with XAPIANDB); an empty ShardStub when `db` is a
// single database or missing. A line Xapian would not read is reported in *error.
[[nodiscard]] ShardStub ReadShardStub(const std::string& db, std::string* error);

// Opens one shard on its own (for its metadata, or to find the one that is down).
// Throws Xapian::Error.
[[nodiscard]] Xapian::Database OpenShard(const ShardStub& stub, const ShardLine& shard);

// «shard 3 of /srv/karta/XAPIANDB (remote 10.0.0.5:7000)».
[[nodiscard]] std::string ShardName(const ShardStub& stub, const ShardLine& shard);

// Which shards of `stub` cannot be opened now, each named with Xapian's reason; empty when all
// answer.
[[nodiscard]] std::string UnreachableShards(const ShardStub& stub);

// Writes a stub listing `lines` at `path` (replacing it atomically). Returns false and sets
// *error on failure.
bool WriteShardStub(const std::string& path, const std::vector<std::string>& lines,
                    std::string* error);

}  // namespace karta

#endif  // KARTA_INDEX_SHARD_STUB_H_
