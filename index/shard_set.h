// A sharded karta index: one directory, built and updated by `karta index --shards N`,
// searched by every command as one index, and served shard by shard with xapian-tcpsrv.
//
//   DIR/whole      the complete index: every run writes here first (incremental updates,
//                  canonical agencies and plan ↔ report links over all the documents)
//   DIR/shard-K    K = 0 … N-1: the measures of the agreements schema::ShardOf assigns to K
//   DIR/lexicon    no measures: the whole index's metadata and spelling table, which Xapian's
//                  remote backend does not serve; first in the stub, so Xapian reads the
//                  metadata from it and merges its spellings into suggestions
//   DIR/XAPIANDB   the stub (index/shard_stub.h): lexicon, then the shards
//
// Thread safety: one run per directory (the whole index's Xapian lock).
#ifndef KARTA_INDEX_SHARD_SET_H_
#define KARTA_INDEX_SHARD_SET_H_

#include <set>
#include <string>
#include <vector>

namespace karta {

inline constexpr unsigned kMaxShards = 256;

[[nodiscard]] std::string WholeIndexOf(const std::string& dir);
[[nodiscard]] std::string ShardDirOf(const std::string& dir, unsigned shard);

// The shard count of the sharded index at `dir`; 0 when `dir` is not one.
[[nodiscard]] unsigned ShardCountOf(const std::string& dir);

// Brings the shards and the lexicon in line with the whole index: the measures of each
// agreement in `changed` (null: of every agreement, the shards rewritten) are replaced in
// their shard. Each shard is one commit; the lexicon and the stub are replaced last, atomically.
// Returns false and sets *error on failure (the next run then distributes everything again).
bool DistributeShards(const std::string& dir, unsigned shards, const std::set<std::string>* changed,
                      std::string* error);

// Makes shard `shard` of `shards` at `out` (a new directory) by compacting the databases
// `parts`, which hold only measures of agreements the rule assigns to that shard; no parts
// make an empty shard. A new index built in parallel makes its shards so, at the cost of a
// compaction instead of a copy of every measure.
bool MakeShard(const std::vector<std::string>& parts, const std::string& out, unsigned shard,
               unsigned shards, std::string* error);

// Makes `dir` (new or empty, or an earlier join) a set of the existing karta indexes
// `members` (local directories, each searched as one shard), without copying a measure:
// DIR/lexicon holds what karta derives over all of them together (the agency registry, the
// plan ↔ report links, the learned abbreviations, the spellings) and DIR/XAPIANDB lists the
// lexicon, then each member by absolute path (a line may later be replaced by the `remote`
// line of a xapian-tcpsrv serving that member). Refuses, naming them, members that are not
// karta indexes of this schema, and an agreement held by two members (its measures would
// count twice). The lexicon is derived once: join again after re-indexing a member. Holds
// DIR's schema::kShardSetLock while it writes; refuses when another process holds it.
bool JoinIndexes(const std::string& dir, const std::vector<std::string>& members,
                 std::string* error);

// Whether `dir` is a join made by JoinIndexes (which `karta index` must not write into).
[[nodiscard]] bool IsJoin(const std::string& dir);

// Writes the lexicon of `dir` from its whole index, then the stub, once the shards are in
// place (DistributeShards ends so).
bool FinishShards(const std::string& dir, unsigned shards, std::string* error);

}  // namespace karta

#endif  // KARTA_INDEX_SHARD_SET_H_
