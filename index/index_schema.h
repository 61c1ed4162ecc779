// The layout of a karta index in Xapian, shared by the writer (index/) and the query engine
// (src/query/). One Xapian document per measure.
//
// Terms (boolean filters, all values folded with MatchKey unless noted):
//   Q<measure id>          unique id, for replace/delete
//   XFILE<path>            the absolute path of the source file
//   XAGR<agreement key>    «PER-2024-2026»; a re-indexed agreement replaces the old one
//   XREG<region code>      «PER»
//   XSPH<sphere key>       one per sphere
//   XAG<agency key>        one per agency, either side
//   XAGS<agency key> / XAGP<agency key>  the same, on St Petersburg's / the partner's side
//   XY<year>               every year the deadline covers
//   XKIND<plan|report>
// Free text (Russian analysis, see stemmers/russian_analyzer.h) is indexed unprefixed, with
// the measure text weighted highest.
#ifndef KARTA_INDEX_INDEX_SCHEMA_H_
#define KARTA_INDEX_INDEX_SCHEMA_H_

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

namespace karta::schema {

inline constexpr char kIdPrefix[] = "Q";
inline constexpr char kFilePrefix[] = "XFILE";
inline constexpr char kAgreementPrefix[] = "XAGR";
inline constexpr char kDocumentPrefix[] = "XDOC";  // + ContentFingerprint: the same document
inline constexpr char kRegionPrefix[] = "XREG";
inline constexpr char kSpherePrefix[] = "XSPH";
inline constexpr char kAgencyPrefix[] = "XAG";
inline constexpr char kSpbAgencyPrefix[] = "XAGS";
inline constexpr char kPartnerAgencyPrefix[] = "XAGP";
inline constexpr char kYearPrefix[] = "XY";
inline constexpr char kKindPrefix[] = "XKIND";

// Value slots. Multi-valued slots hold items joined by kItemSep.
enum Slot : Xapian::valueno {
  kSlotRegion = 0,    // canonical region name
  kSlotSpheres = 1,   // canonical sphere names
  kSlotAgencies = 2,  // "s"|"p" + kFieldSep + agency key, per agency and side
  kSlotYears = 3,     // years covered, as decimal strings
  kSlotKind = 4,      // "plan" / "report"
  kSlotOrder = 5,     // sort key for listings: region code, kind, period, number, id
  kSlotPath = 6,      // the file's absolute path, byte for byte (names need not be UTF-8)
  // Sort keys that Xapian's remote backend can sort by (it takes no KeyMaker): the measure
  // number first, then kSlotOrder; the last year the deadline covers, then the first, then
  // kSlotOrder (undated measures last).
  kSlotOrderByNumber = 7,
  kSlotOrderByDeadline = 8,
  // Every facet of the measure in one value (FacetRow): one ValueCountMatchSpy on it counts
  // every facet and analytics aggregate exactly, also over remote shards, whose stock server
  // runs no spy of karta's own.
  kSlotFacetRow = 9,
};

inline constexpr char kItemSep = '\x1e';
inline constexpr char kFieldSep = '\x1f';

// Metadata keys.
inline constexpr char kMetaSchema[] = "karta:schema";  // identifies a karta index
inline constexpr char kMetaSchemaVersion[] = "4";  // 2: slots 7-9; 3: no word stemmed to a stopword; 4: agency keys of initials
inline constexpr char kMetaAgencies[] = "karta:agencies";  // AgencyRegistry JSON
// The display name of every agency key, items of key + kFieldSep + name: what facets need,
// quicker to read than the whole registry.
inline constexpr char kMetaAgencyNames[] = "karta:agency-names";
inline constexpr char kMetaAbbreviations[] = "karta:abbreviations";  // {acronym: long form}
// Plan ↔ report links (ExecutionLinks::Serialize), derived at every commit.
inline constexpr char kMetaExecution[] = "karta:execution";
// The same links per plan measure: Term(kMetaReportedPrefix, plan id) → its links, one per line
// (year, entries, report id, method, similarity, tab-separated); kMetaReportedKept marks an
// index that keeps them.
inline constexpr char kMetaReportedPrefix[] = "karta:reported:";
inline constexpr char kMetaReportedKept[] = "karta:reported";

// Sharded indexes (index/shard_set.h): the number of shards, in the lexicon; which shard this
// is («2 of 4»), in each shard; and how a measure's shard is chosen, in words (ShardOf).
inline constexpr char kMetaShards[] = "karta:shards";
inline constexpr char kMetaShard[] = "karta:shard";
inline constexpr char kMetaShardRule[] = "karta:shard-rule";
inline constexpr char kShardRule[] =
    "FNV-1a 64 of the agreement key, MurmurHash3 fmix64, modulo the shard count";

// The lexicon of a join of independent karta indexes (karta join) holds this as its rule.
inline constexpr char kJoinedRule[] = "none: independent karta indexes joined (karta join)";

// A file beside Xapian's tables in an index directory, written by karta after each commit: each
// table file's name, size, modification and change times (ns) and inode, one per line,
// tab-separated. While every
// file is as listed, nothing has written the tables since karta last knew them sound, and a
// writer skips Xapian's full consistency check (index/xapian_writer.cc).
inline constexpr char kCheckedStateFile[] = "karta-checked";

// A file in the directory of a sharded index or a join, locked (index/file_lock.h) by the one
// karta process writing the set: `karta index` for its whole run (the whole index, the shards
// and the lexicon), `karta join` while it writes the lexicon and the stub.
inline constexpr char kShardSetLock[] = "writing.lock";

// The shard (0 … shards-1) that holds the measures of the agreement `agreement_key`: stable
// across runs and machines, so an agreement is never split.
[[nodiscard]] unsigned ShardOf(std::string_view agreement_key, unsigned shards);

// A term made of prefix and value, shortened with a hash when it would pass Xapian's limit.
[[nodiscard]] std::string Term(std::string_view prefix, std::string_view value);

[[nodiscard]] std::string JoinItems(const std::vector<std::string>& items);
[[nodiscard]] std::vector<std::string> SplitItems(std::string_view joined);

// Calls fn(std::string_view) for every item of a multi-valued slot, allocating nothing: for
// loops over hundreds of thousands of measures.
template <typename Fn>
void ForEachItem(std::string_view joined, Fn fn) {
  size_t start = 0;
  while (start < joined.size()) {
    size_t end = joined.find(kItemSep, start);
    if (end == std::string_view::npos) end = joined.size();
    fn(joined.substr(start, end - start));
    start = end + 1;
  }
}

// One item of kSlotAgencies: 's' or 'p', the agency key, the name as written.
struct AgencyItem {
  char side = 0;
  std::string_view key, written;
};
// False for an item not of that form.
[[nodiscard]] inline bool ParseAgencyItem(std::string_view item, AgencyItem* out) {
  const size_t first = item.find(kFieldSep);
  if (first == std::string_view::npos) return false;
  const size_t second = item.find(kFieldSep, first + 1);
  if (second == std::string_view::npos) return false;
  *out = AgencyItem{item[0], item.substr(first + 1, second - first - 1), item.substr(second + 1)};
  return true;
}

// The facets of one measure, as kSlotFacetRow holds them: the values of kSlotRegion,
// kSlotKind, kSlotSpheres and kSlotYears, and the agency items without the names as written
// («s» + kFieldSep + key + kFieldSep), each side's keys once, in order. The fields are joined
// by kRowSep. Views into the encoded value.
struct FacetRow {
  std::string_view region, kind, spheres, years, agencies;
};
inline constexpr char kRowSep = '\x1d';
[[nodiscard]] std::string EncodeFacetRow(std::string_view region, std::string_view kind,
                                         std::string_view spheres, std::string_view years,
                                         const std::vector<std::string>& agency_items);
// False for a value not of that form (an index written before slot 9: kMetaSchemaVersion 1).
[[nodiscard]] bool DecodeFacetRow(std::string_view value, FacetRow* out);

// The sort keys of kSlotOrderByNumber and kSlotOrderByDeadline, from kSlotOrder's key, the
// measure number and the years covered.
[[nodiscard]] std::string NumberOrderKey(std::string_view order, std::string_view number);
[[nodiscard]] std::string DeadlineOrderKey(std::string_view order,
                                           const std::vector<std::string>& years);

// A path or file name as text for display and JSON: itself when valid UTF-8; otherwise (a
// name from a Windows archive) decoded as Windows-1251 when that reads as Cyrillic, else with
// each invalid byte shown as «\xNN».
[[nodiscard]] std::string DisplayName(std::string_view name);

// The path a file is known by in the index: absolute and normalised.
[[nodiscard]] std::string FileKey(const std::string& path);

// A content hash for incremental indexing (FNV-1a 64 and the size, in hex).
[[nodiscard]] std::string ContentHash(std::string_view bytes);

// Sortable form of a measure number: «10.2» → «0010.0002».
[[nodiscard]] std::string NumberSortKey(std::string_view number);

// The stored record of a measure (the document data): index/stored_record.h.

}  // namespace karta::schema

#endif  // KARTA_INDEX_INDEX_SCHEMA_H_
