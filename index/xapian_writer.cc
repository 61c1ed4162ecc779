#include "index/xapian_writer.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <tuple>
#include <unordered_map>

#include "index/abbreviation_finder.h"
#include "index/agency_canon.h"
#include "index/execution_links.h"
#include "index/index_schema.h"
#include "index/measure_json.h"
#include "index/stage_times.h"
#include "index/stored_record.h"
#include "stemmers/russian_analyzer.h"
#include "stemmers/unicode_text.h"

namespace karta {
namespace fs = std::filesystem;

namespace {

// Documents changed between two merges of the value changes a transaction holds (see
// IndexWriter::Impl::NoteValueChanges): ~10 MiB of them.
constexpr size_t kValueMergeEvery = 4096;

// Deadlines give the years a measure covers; an absurd span is capped to the agreement.
std::vector<int> CoveredYears(const Agreement& a, const Measure& m) {
  std::optional<int> from = m.deadline.from ? m.deadline.from : a.period_from;
  std::optional<int> to = m.deadline.to ? m.deadline.to : a.period_to;
  std::vector<int> years;
  if (!from || !to || *to < *from || *to - *from > 50) return years;
  for (int y = *from; y <= *to; ++y) years.push_back(y);
  return years;
}

// Total: the measure's id last, so that two agreements of one region, kind and start year
// never leave their measures in document-id order (which a parallel build does not fix).
std::string OrderKey(const Agreement& a, const Measure& m) {
  return a.region_code + "|" + DocumentKindName(a.kind) + "|" +
         std::to_string(a.period_from.value_or(0)) + "|" + schema::NumberSortKey(m.number) + "|" +
         m.id;
}

std::string DamagedMessage(const std::string& dir, const std::string& what) {
  return dir + ": the index is damaged (" + what +
         "); karta did not write to it. Remove the directory and index the documents again";
}

// Whether the file system holding `dir` has (almost) no space left: Xapian does not always
// say why a write failed («Error writing to file»).
bool DiskFull(const std::string& dir) {
  struct statvfs fs_stats {};
  return statvfs(dir.c_str(), &fs_stats) == 0 &&
         static_cast<unsigned long long>(fs_stats.f_bavail) * fs_stats.f_frsize < (1u << 20);
}

// A write to the index at `dir` that failed, said as the user must act on it: a full disk is
// named as such (Xapian says «Error writing block 248 (No space left on device)»), not blamed
// on an input file, and a damaged table as damage.
}  // namespace

std::string DamagedIndexMessage(const std::string& dir, const Xapian::Error& e) {
  const std::string msg = e.get_msg();
  const std::string_view type = e.get_type();  // Xapian::Error has no vtable
  // «EOF reading block»: the table ends before a block it lists. («Error reading block» may be
  // a passing I/O error, not damage.)
  const bool cut_short =
      type == "DatabaseError" && msg.find("EOF reading block") != std::string::npos;
  return type == "DatabaseCorruptError" || cut_short ? DamagedMessage(dir, msg) : "";
}

namespace {

std::string WriteFailure(const Xapian::Error& e, const std::string& what, const std::string& dir) {
  const std::string msg = e.get_msg();
  if (std::string damaged = DamagedIndexMessage(dir, e); !damaged.empty()) return damaged;
  const char* os_error = e.get_error_string();
  if (msg.find("No space left") != std::string::npos ||
      (os_error != nullptr && std::string(os_error).find("No space left") != std::string::npos) ||
      DiskFull(dir)) {
    return "the disk holding the index is full (" + what + ": " + msg +
           "); free space and run karta index again — the index is unchanged";
  }
  return what + ": " + msg;
}

bool IsXapianDirectory(const fs::path& dir) {
  for (const char* marker : {"iamglass", "iamchert", "iamhoneycomb"}) {
    if (fs::exists(dir / marker)) return true;
  }
  return false;
}

// What `dir` holds when it is not a Xapian database.
enum class Leftovers {
  kNone,     // not what an interrupted creation leaves: something else, or nothing
  kCleared,  // what an interrupted creation left, now removed: the database can be created
  kLocked,   // a database another process is creating now (it holds Xapian's lock)
};

// Clears what Xapian leaves when the creation of a new glass database is cut short (by a
// kill): its lock file, the pending version file «v.tmp» and near-empty tables, but no
// «iamglass» — written last, so the database never held anything. A committed index has no
// «v.tmp», so an index that lost its «iamglass» is never taken for one. The files go under
// Xapian's own lock (an open-file-description lock on «flintlock», which conflicts with
// Xapian's however it takes it), and «flintlock» itself stays: another process may open it.
Leftovers ClearUnfinishedCreation(const fs::path& dir) {
  if (IsXapianDirectory(dir)) return Leftovers::kNone;
  static const std::set<std::string> kTables = {"postlist.glass", "position.glass",
                                                "termlist.glass", "docdata.glass",
                                                "spelling.glass", "synonym.glass"};
  constexpr uintmax_t kCreatedTableBytes = 64 * 1024;  // empty, or a block or two
  std::vector<fs::path> clear;
  bool lock_file = false, version_file = false;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!it->is_regular_file(ec) || it->is_symlink(ec)) return Leftovers::kNone;
    if (name == "flintlock") {
      lock_file = true;
    } else if (name == "v.tmp" ||
               (kTables.count(name) && fs::file_size(it->path(), ec) <= kCreatedTableBytes)) {
      version_file |= name == "v.tmp";
      clear.push_back(it->path());
    } else {
      return Leftovers::kNone;
    }
  }
  if (ec || !lock_file || (!clear.empty() && !version_file)) return Leftovers::kNone;
  const int fd = open((dir / "flintlock").c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return Leftovers::kNone;
  struct flock lock {};
  lock.l_type = F_WRLCK;
  lock.l_whence = SEEK_SET;
  if (fcntl(fd, F_OFD_SETLK, &lock) != 0) {
    close(fd);
    return Leftovers::kLocked;
  }
  for (const fs::path& file : clear) fs::remove(file, ec);
  close(fd);  // releases the lock
  return Leftovers::kCleared;
}

// What Xapian's consistency check finds wrong with the index at `dir` ("" when nothing).
// Writing to a damaged table can go wrong in ways Xapian does not catch (a corrupt position
// table once ended in glibc's «double free»), so a writer checks before it starts.
std::string DamageOf(const std::string& dir) {
  std::ostringstream details;
  try {
    const size_t errors = Xapian::Database::check(dir, 0, &details);
    if (errors == 0) return "";
    std::string first = details.str();
    first = first.substr(0, first.find('\n'));
    return std::to_string(errors) + " errors found by Xapian's check" +
           (first.empty() ? "" : ", the first: " + first);
  } catch (const Xapian::DatabaseModifiedError&) {
    return "";  // another process is writing it: opening for writing will say so
  } catch (const Xapian::DatabaseOpeningError& e) {
    return "cannot be opened: " + e.get_msg();
  } catch (const Xapian::Error& e) {
    return e.get_msg();
  }
}

// The state of the table files of the index at `dir` (see schema::kCheckedStateFile), and the
// latest modification time among them.
std::string TableFilesState(const fs::path& dir, struct timespec* latest) {
  std::vector<std::string> lines;
  *latest = {};
  auto ns = [](const struct timespec& t) {
    return std::to_string(static_cast<long long>(t.tv_sec) * 1000000000LL +
                          static_cast<long long>(t.tv_nsec));
  };
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name == "flintlock" || name.rfind(schema::kCheckedStateFile, 0) == 0) continue;
    struct stat st {};
    if (stat(it->path().c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    lines.push_back(name + '\t' + std::to_string(st.st_size) + '\t' + ns(st.st_mtim) + '\t' +
                    ns(st.st_ctim) + '\t' + std::to_string(st.st_ino));
    for (const struct timespec& t : {st.st_mtim, st.st_ctim}) {
      if (std::tie(t.tv_sec, t.tv_nsec) > std::tie(latest->tv_sec, latest->tv_nsec)) *latest = t;
    }
  }
  if (ec) return "";  // not known: the full check
  std::sort(lines.begin(), lines.end());
  std::string out;
  for (const std::string& line : lines) out += line + '\n';
  return out;
}

// Why the tables at `dir` may not be as karta's last commit left them; "" when they are: their
// state is the one recorded, and was recorded after their last change (a write within the
// same clock tick as the record would leave the same time behind).
std::string ChangedSinceChecked(const fs::path& dir) {
  const fs::path file = dir / schema::kCheckedStateFile;
  struct stat st {};
  if (stat(file.c_str(), &st) != 0) {
    return "no record of karta's last commit (written by an older karta, or the last run "
           "ended before committing)";
  }
  std::ifstream in(file, std::ios::binary);
  const std::string recorded((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  struct timespec latest {};
  const std::string now = TableFilesState(dir, &latest);
  if (!now.empty() && now == recorded &&
      std::tie(latest.tv_sec, latest.tv_nsec) < std::tie(st.st_mtim.tv_sec, st.st_mtim.tv_nsec)) {
    return "";
  }
  return "the index files changed since karta's last commit";
}

// Records the state of the tables at `dir` as sound. Best effort: without the record, the next
// writer runs the full check.
void RecordChecked(const fs::path& dir) {
  struct timespec latest {};
  const std::string state = TableFilesState(dir, &latest);
  // File times come from the kernel's coarse clock: wait (a few ms at most) until it has
  // passed the tables' last change, so the record is strictly later than any of them.
  for (int i = 0; i < 200; ++i) {
    struct timespec now {};
    clock_gettime(CLOCK_REALTIME_COARSE, &now);
    if (std::tie(now.tv_sec, now.tv_nsec) > std::tie(latest.tv_sec, latest.tv_nsec)) break;
    usleep(1000);
  }
  const fs::path tmp = dir / (std::string(schema::kCheckedStateFile) + ".tmp");
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << state;
    if (!out.flush()) return;
  }
  std::error_code ec;
  fs::rename(tmp, dir / schema::kCheckedStateFile, ec);
}

void ForgetChecked(const fs::path& dir) {
  std::error_code ec;
  fs::remove(dir / schema::kCheckedStateFile, ec);
}

}  // namespace

struct IndexWriter::Impl {
  Xapian::WritableDatabase db;
  Xapian::TermGenerator generator;
  bool in_transaction = false;
  size_t unmerged_values = 0;  // documents changed since their values were last merged
  bool merge_asked = false;    // the merge was asked once at the last change
  bool scratch = false;        // a shard: merged later, its registry is built after the merge
  std::map<std::string, std::string> abbreviations;  // learned from the documents
  std::string failure;  // the first Xapian error of a lookup; Commit() reports it
  std::string dir;
  bool checked = true;            // false: an existing index, not yet checked for damage
  std::string damage;             // what the check found
  std::set<std::string> changed;  // agreements whose measures were written or removed
  std::function<void(const std::string&)> note;  // progress notes; may be empty

  // After `n` documents were added, replaced or deleted. Xapian holds a transaction's value
  // changes in memory until the commit (~2.5 KiB a measure: 2.5 GiB for a 1,000,000-measure
  // transaction), but merges them into their tables, still uncommitted, whenever a value
  // stream of a modified database is opened (GlassWritableDatabase::open_value_list);
  // cancelling the transaction still discards them. It skips that merge when the last change
  // made it flush its postings, so the merge is asked at the next change too.
  void NoteValueChanges(size_t n) {
    unmerged_values += n;
    if (unmerged_values < kValueMergeEvery) return;
    db.valuestream_begin(schema::kSlotRegion);
    merge_asked = !merge_asked;
    if (!merge_asked) unmerged_values = 0;
  }

  // Notes the agreements of the measures under `term` before they are deleted.
  void NoteAgreementsUnder(const std::string& term) {
    for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
      changed.insert(DecodeRecord(db.get_document(*p).get_data()).agreement);
    }
  }

  // Before the first change to an existing index: Xapian's consistency check, since writing
  // into a damaged table can go wrong in ways Xapian does not catch (a corrupt position table
  // once ended in glibc's «double free»). Done lazily, so a run that changes nothing does not
  // pay for reading the whole index, and skipped while the tables are as karta's last commit
  // left them. The record goes until this write is committed: a run that ends before then
  // leaves the next one a full check.
  bool CheckBeforeWriting(std::string* error) {
    if (checked) return true;
    if (damage.empty()) {
      const std::string why = ChangedSinceChecked(dir);
      ForgetChecked(dir);
      if (why.empty()) return checked = true;
      if (note) note(dir + ": " + why + "; checking the index for damage before writing...");
      StageTimer timer(IngestStage::kCheck);
      const std::string found = DamageOf(dir);
      if (found.empty()) return checked = true;
      damage = DamagedMessage(dir, found);
    }
    *error = damage;
    return false;
  }

  // Runs `f`, keeping a Xapian error for Commit() instead of letting it escape.
  template <typename F>
  void Guard(const char* what, F f) {
    try {
      f();
    } catch (const Xapian::Error& e) {
      if (failure.empty()) {
        failure =
            WriteFailure(e, std::string("cannot read the index while writing it: ") + what, dir);
      }
    }
  }
};

IndexWriter::IndexWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

IndexWriter::~IndexWriter() {
  if (!impl_ || !impl_->in_transaction) return;
  try {
    impl_->db.cancel_transaction();
  } catch (const Xapian::Error&) {
    // Nothing to do: the uncommitted transaction is discarded when the database closes.
  }
}

std::unique_ptr<IndexWriter> IndexWriter::Open(const std::string& dir, std::string* error,
                                               bool scratch) {
  std::error_code ec;
  const fs::path path(dir);
  if (fs::exists(path, ec)) {
    if (!fs::is_directory(path, ec)) {
      *error = dir + ": exists and is not a directory; not a karta index";
      return nullptr;
    }
    // Leftovers of an interrupted creation are cleared: Xapian would take a postlist table
    // without a version file for a database it cannot open. One being created now is left
    // to Xapian, whose lock error says so below.
    const Leftovers leftovers = ClearUnfinishedCreation(path);
    if (leftovers == Leftovers::kNone && !fs::is_empty(path, ec) && !IsXapianDirectory(path)) {
      *error = dir +
               ": the directory is not empty and is not a karta index; "
               "choose another --db or remove it";
      return nullptr;
    }
  }
  try {
    auto impl = std::make_unique<Impl>();
    fs::create_directories(path, ec);
    impl->db = Xapian::WritableDatabase(
        dir, Xapian::DB_CREATE_OR_OPEN | (scratch ? Xapian::DB_NO_SYNC : 0));
    const std::string schema_tag = impl->db.get_metadata(schema::kMetaSchema);
    if (schema_tag.empty() && impl->db.get_doccount() > 0) {
      // The schema tag lives in the postlist table: damage there can hide it.
      const std::string found = DamageOf(dir);
      *error = !found.empty()
                   ? DamagedMessage(dir, found)
                   : dir + ": a Xapian database, but not a karta index; it was left untouched";
      return nullptr;
    }
    if (!schema_tag.empty() && schema_tag != schema::kMetaSchemaVersion) {
      *error = dir + ": a karta index of schema " + schema_tag + ", this karta writes schema " +
               schema::kMetaSchemaVersion + "; re-create it with a new --db";
      return nullptr;
    }
    impl->db.begin_transaction();
    impl->in_transaction = true;
    impl->scratch = scratch;
    impl->dir = dir;
    impl->checked = scratch || impl->db.get_doccount() == 0;
    if (schema_tag.empty()) impl->db.set_metadata(schema::kMetaSchema, schema::kMetaSchemaVersion);
    RussianAnalyzer::Default().Configure(&impl->generator);
    // Words go to Xapian's spelling table too, for "did you mean" on queries that find nothing.
    impl->generator.set_database(impl->db);
    impl->generator.set_flags(Xapian::TermGenerator::FLAG_SPELLING);
    return std::unique_ptr<IndexWriter>(new IndexWriter(std::move(impl)));
  } catch (const Xapian::DatabaseLockError&) {
    *error = dir +
             ": the index is locked — another karta process is writing it; try again "
             "when it has finished";
  } catch (const Xapian::DatabaseCorruptError& e) {
    *error = DamagedMessage(dir, e.get_msg());
  } catch (const Xapian::Error& e) {
    *error = WriteFailure(e, dir + ": cannot open the index for writing", dir);
  }
  return nullptr;
}

namespace {

// AgencyKey(name), remembered per thread: a few thousand names recur across every document.
const std::string& CachedAgencyKey(const std::string& name) {
  thread_local std::unordered_map<std::string, std::string> keys;
  if (keys.size() > 200000) keys.clear();  // memory stays bounded
  auto [it, fresh] = keys.try_emplace(name);
  if (fresh) it->second = AgencyKey(name);
  return it->second;
}

}  // namespace

PreparedDocuments PrepareDocuments(const Agreement& a, const std::string& fingerprint) {
  const RussianAnalyzer& analyzer = RussianAnalyzer::Default();
  PreparedDocuments out;
  out.abs_path = schema::FileKey(a.path);
  out.agreement_key = a.Key();
  out.fingerprint = fingerprint.empty() ? ContentFingerprint(a) : fingerprint;
  out.measures.reserve(a.measures.size());
  for (const Measure& m : a.measures) {
    PreparedMeasure& p = out.measures.emplace_back();
    {
      StageTimer timer(IngestStage::kAnalyse);
      p.abbreviations = FindDefinedAbbreviations(m.text);
      p.text = analyzer.Normalize(m.text);
      Xapian::Document compounds;
      analyzer.AddCompoundTerms(p.text, &compounds);
      for (auto t = compounds.termlist_begin(); t != compounds.termlist_end(); ++t) {
        p.compound_terms.emplace_back(*t, t.get_wdf());
      }
    }
    auto field = [&](const std::string& text) {
      StageTimer timer(IngestStage::kAnalyse);
      p.fields.push_back(analyzer.Normalize(text));
    };
    field(m.section.heading);
    field(a.region);
    std::vector<std::string> agency_items;
    auto add_agencies = [&](const std::vector<std::string>& names, Side side) {
      const char* side_prefix =
          side == Side::kSpb ? schema::kSpbAgencyPrefix : schema::kPartnerAgencyPrefix;
      for (const std::string& name : names) {
        field(name);
        StageTimer timer(IngestStage::kCanonical);
        const std::string& key = CachedAgencyKey(name);
        if (key.empty()) continue;
        p.boolean_terms.push_back(schema::Term(schema::kAgencyPrefix, key));
        p.boolean_terms.push_back(schema::Term(side_prefix, key));
        agency_items.push_back(std::string(side == Side::kSpb ? "s" : "p") + schema::kFieldSep +
                               key + schema::kFieldSep + name);
      }
    };
    add_agencies(m.spb_agencies, Side::kSpb);
    add_agencies(m.partner_agencies, Side::kPartner);
    for (const std::vector<std::string>* texts : {&m.progress, &m.notes}) {
      for (const std::string& t : *texts) field(t);
    }
    for (const auto& [column, value] : m.extra) field(value);

    StageTimer document(IngestStage::kDocument);
    p.id_term = schema::Term(schema::kIdPrefix, m.id);
    std::vector<std::string>& terms = p.boolean_terms;
    terms.push_back(p.id_term);
    terms.push_back(schema::Term(schema::kFilePrefix, out.abs_path));
    terms.push_back(schema::Term(schema::kAgreementPrefix, out.agreement_key));
    terms.push_back(schema::Term(schema::kDocumentPrefix, out.fingerprint));
    if (!a.region_code.empty()) terms.push_back(schema::kRegionPrefix + a.region_code);
    terms.push_back(std::string(schema::kKindPrefix) + DocumentKindName(a.kind));
    for (const std::string& sphere : m.spheres) {
      terms.push_back(schema::Term(schema::kSpherePrefix, MatchKey(sphere)));
    }
    std::vector<std::string> years;
    for (int y : CoveredYears(a, m)) {
      terms.push_back(schema::kYearPrefix + std::to_string(y));
      years.push_back(std::to_string(y));
    }

    const std::string spheres = schema::JoinItems(m.spheres);
    const std::string joined_years = schema::JoinItems(years);
    const std::string order = OrderKey(a, m);
    const char* kind = DocumentKindName(a.kind);
    p.values = {{schema::kSlotRegion, a.region},
                {schema::kSlotSpheres, spheres},
                {schema::kSlotAgencies, schema::JoinItems(agency_items)},
                {schema::kSlotYears, joined_years},
                {schema::kSlotKind, kind},
                {schema::kSlotOrder, order},
                {schema::kSlotPath, out.abs_path},
                {schema::kSlotOrderByNumber, schema::NumberOrderKey(order, m.number)},
                {schema::kSlotOrderByDeadline, schema::DeadlineOrderKey(order, years)},
                {schema::kSlotFacetRow,
                 schema::EncodeFacetRow(a.region, kind, spheres, joined_years, agency_items)}};
    p.data = EncodeRecord(MakeStoredRecord(a, m, out.agreement_key, out.abs_path));
  }
  return out;
}

bool IndexWriter::Replace(const Agreement& a, ReplaceStats* stats, std::string* error,
                          const std::string& known_fingerprint, const PreparedDocuments* prepared) {
  std::optional<PreparedDocuments> here;
  if (!prepared || prepared->agreement_key != a.Key()) {
    here = PrepareDocuments(a, known_fingerprint);
    prepared = &*here;
  }
  return Write(*prepared, stats, error, a.path);
}

bool IndexWriter::Write(const PreparedDocuments& prepared, ReplaceStats* stats, std::string* error,
                        const std::string& path) {
  if (!impl_->CheckBeforeWriting(error)) return false;
  try {
    Xapian::WritableDatabase& db = impl_->db;
    const std::string file_term = schema::Term(schema::kFilePrefix, prepared.abs_path);
    impl_->changed.insert(prepared.agreement_key);
    if (const Xapian::doccount n = db.get_termfreq(file_term)) {
      StageTimer timer(IngestStage::kWrite);
      impl_->NoteAgreementsUnder(file_term);
      db.delete_document(file_term);
      impl_->NoteValueChanges(n);
      stats->removed += n;
    }
    Xapian::TermGenerator& tg = impl_->generator;
    for (const PreparedMeasure& p : prepared.measures) {
      Xapian::Document doc;
      {
        StageTimer timer(IngestStage::kAnalyse);
        for (const auto& [short_form, long_form] : p.abbreviations) {
          impl_->abbreviations.emplace(short_form, long_form);
        }
        tg.set_document(doc);
        tg.index_text(p.text, 3);
        for (const auto& [term, wdf] : p.compound_terms) doc.add_term(term, wdf);
        // Each field's text into terms at the next positions.
        for (const std::string& field : p.fields) {
          tg.increase_termpos();
          tg.index_text(field);
        }
      }
      StageTimer document(IngestStage::kDocument);
      for (const std::string& term : p.boolean_terms) doc.add_boolean_term(term);
      for (const auto& [slot, value] : p.values) doc.add_value(slot, value);
      doc.set_data(p.data);
      document.Stop();

      StageTimer write(IngestStage::kWrite);
      db.replace_document(p.id_term, doc);
      ++stats->added;
      impl_->NoteValueChanges(1);
    }
    return true;
  } catch (const Xapian::Error& e) {
    *error = WriteFailure(e, "cannot write the measures of " + path, impl_->dir);
    return false;
  }
}

namespace {

// The agency registry and the list of display names, from every measure of `from`.
void WriteAgencyRegistry(const Xapian::Database& from, Xapian::WritableDatabase* db) {
  AgencyRegistry registry;
  for (auto it = from.valuestream_begin(schema::kSlotAgencies);
       it != from.valuestream_end(schema::kSlotAgencies); ++it) {
    schema::ForEachItem(*it, [&](std::string_view item) {
      schema::AgencyItem a;
      if (!schema::ParseAgencyItem(item, &a)) return;
      registry.Add(a.side == 's' ? Side::kSpb : Side::kPartner, std::string(a.key),
                   std::string(a.written));
    });
  }
  registry.Finish();
  db->set_metadata(schema::kMetaAgencies, registry.Serialize());
  std::vector<std::string> names;
  for (const auto& [key, entry] : registry.entries())
    names.push_back(key + schema::kFieldSep + entry.name);
  db->set_metadata(schema::kMetaAgencyNames, schema::JoinItems(names));
}

}  // namespace

std::string UniteAbbreviations(const std::vector<std::string>& tables) {
  nlohmann::json united = nlohmann::json::object();
  for (const std::string& table : tables) {
    const nlohmann::json learned = nlohmann::json::parse(table, nullptr, false);
    if (!learned.is_object()) continue;
    for (const auto& [short_form, long_form] : learned.items()) {
      if (!united.contains(short_form)) united[short_form] = long_form;
    }
  }
  return united.dump();
}

void WriteDerivedMetadata(const Xapian::Database& from, Xapian::WritableDatabase* to,
                          const std::set<std::string>* changed) {
  StageTimer registry(IngestStage::kRegistry);
  WriteAgencyRegistry(from, to);
  registry.Stop();
  StageTimer links(IngestStage::kLinks);
  if (!changed) {
    StoreExecutionLinks(to, LinkReports(from));
    return;
  }
  const ExecutionLinks previous =
      ExecutionLinks::Deserialize(to->get_metadata(schema::kMetaExecution));
  StoreExecutionLinks(to, RelinkReports(from, previous, *changed), &previous);
}

bool IndexWriter::Commit(std::string* error) {
  if (!impl_->CheckBeforeWriting(error)) return false;
  if (!impl_->failure.empty()) {
    *error = impl_->failure;
    return false;
  }
  try {
    Xapian::WritableDatabase& db = impl_->db;
    // The registry is rebuilt from every measure so display names follow the whole index; the
    // links of the changed agreements are derived anew.
    if (!impl_->scratch) WriteDerivedMetadata(db, &db, &impl_->changed);
    // Abbreviations accumulate: a definition stays true when its document is re-indexed.
    nlohmann::json learned =
        nlohmann::json::parse(db.get_metadata(schema::kMetaAbbreviations), nullptr, false);
    if (!learned.is_object()) learned = nlohmann::json::object();
    for (const auto& [short_form, long_form] : impl_->abbreviations)
      learned[short_form] = long_form;
    db.set_metadata(schema::kMetaAbbreviations, learned.dump());
    StageTimer timer(IngestStage::kCommit);
    if (impl_->in_transaction) {
      db.commit_transaction();
      impl_->in_transaction = false;
    } else {
      db.commit();  // changes made after an earlier Commit()
    }
    if (!impl_->scratch) RecordChecked(impl_->dir);
    return true;
  } catch (const Xapian::Error& e) {
    *error = WriteFailure(e, "cannot commit the index", impl_->dir);
    return false;
  } catch (const nlohmann::json::exception&) {
    // Only a damaged table gives stored names that are not UTF-8 (Xapian checks no data).
    *error = DamagedMessage(impl_->dir, "a stored value is not valid text");
    return false;
  }
}

size_t IndexWriter::document_count() const { return impl_->db.get_doccount(); }

namespace {

// Compaction keeps one value per metadata key; the abbreviations each shard learned are
// united instead.
class ShardCompactor : public Xapian::Compactor {
 public:
  std::string resolve_duplicate_metadata(const std::string& key, size_t num_tags,
                                         const std::string tags[]) override {
    // Glass compaction (Xapian 1.4) passes the key as stored, behind its two-byte table
    // prefix "\0\xc0", where the documentation promises the key as set.
    std::string_view name(key);
    if (name.size() >= 2 && name[0] == '\0' && name[1] == '\xc0') name.remove_prefix(2);
    if (name != schema::kMetaAbbreviations) return tags[0];
    return UniteAbbreviations(std::vector<std::string>(tags, tags + num_tags));
  }
};

}  // namespace

bool IndexWriter::MergeShards(const std::vector<std::string>& shard_dirs,
                              const std::string& out_dir, std::string* error) {
  try {
    Xapian::Database all;
    for (const std::string& dir : shard_dirs) all.add_database(Xapian::Database(dir));
    ShardCompactor compactor;
    StageTimer timer(IngestStage::kMerge);
    all.compact(out_dir, Xapian::Compactor::FULL, 0, compactor);
  } catch (const Xapian::Error& e) {
    *error = WriteFailure(e, "cannot merge the shards into " + out_dir, out_dir);
    return false;
  }
  std::unique_ptr<IndexWriter> merged = Open(out_dir, error);
  if (!merged) return false;
  merged->impl_->checked = true;  // Xapian's compaction has just written every table anew
  return merged->Commit(error);
}

bool IndexWriter::Install(const std::string& merged_dir, const std::string& db_dir,
                          const std::string& stash, std::string* error) {
  const fs::path merged(merged_dir), db(db_dir);
  std::error_code ec;
  // One atomic step where the file system allows it: the two directories trade places, so
  // `db` is never missing and the caller can still hold the empty index's lock meanwhile.
  if (renameat2(AT_FDCWD, merged.c_str(), AT_FDCWD, db.c_str(), RENAME_EXCHANGE) == 0) {
    fs::remove_all(merged, ec);  // now the empty index
    return true;
  }
  const fs::path old(stash);
  fs::rename(db, old, ec);
  if (!ec) {
    fs::rename(merged, db, ec);
    if (ec) {
      fs::rename(old, db, ec);
      *error = db.string() + ": cannot put the new index in place: " + ec.message();
      return false;
    }
    fs::remove_all(old, ec);
    return true;
  }
  for (const auto& entry : fs::directory_iterator(db, ec)) fs::remove_all(entry.path(), ec);
  std::vector<fs::path> names;
  for (const auto& entry : fs::directory_iterator(merged, ec)) names.push_back(entry.path());
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

namespace {
constexpr char kFileHashPrefix[] = "karta:file:";  // metadata: absolute path → content hash
}  // namespace

// A file record: metadata under a key bounded as terms are (a long path ends in a hash), the
// value «content hash» TAB «document fingerprint» TAB «absolute path» TAB «stamp» (FileVersion;
// it starts with «@», so a path with a tab is not read as one; records written before stamps
// have three fields).
namespace {

std::string RecordKey(const std::string& abs_path) {
  return schema::Term(kFileHashPrefix, abs_path);
}

std::string RecordField(const std::string& record, int field) {
  size_t start = 0;
  for (int i = 0; i < field; ++i) {
    start = record.find('\t', start);
    if (start == std::string::npos) return "";
    ++start;
  }
  const size_t end = record.find('\t', start);
  return record.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// Calls `f(path, record)` for every file record whose path starts with `path_prefix`.
template <typename F>
void ForEachRecord(Xapian::Database& db, const std::string& path_prefix, F f) {
  // Keys of long paths are cut: look up by the part of the prefix every key keeps.
  std::string key_prefix = kFileHashPrefix + path_prefix.substr(0, 160);
  while (!key_prefix.empty() && (static_cast<unsigned char>(key_prefix.back()) & 0xC0) == 0x80) {
    key_prefix.pop_back();
  }
  for (auto it = db.metadata_keys_begin(key_prefix); it != db.metadata_keys_end(key_prefix); ++it) {
    const std::string record = db.get_metadata(*it);
    std::string path = RecordField(record, 2);
    if (path.empty()) path = (*it).substr(std::string(kFileHashPrefix).size());  // older records
    if (path.compare(0, path_prefix.size(), path_prefix) == 0) f(path, record);
  }
}

}  // namespace

FileVersion IndexWriter::KnownVersion(const std::string& abs_path) const {
  FileVersion known;
  impl_->Guard("reading a file record", [&] {
    const std::string record = impl_->db.get_metadata(RecordKey(abs_path));
    known.hash = RecordField(record, 0);
    const size_t last = record.rfind('\t');
    if (last != std::string::npos && record.compare(last + 1, 1, "@") == 0) {
      known.stamp = record.substr(last + 1);
    }
  });
  return known;
}

std::string IndexWriter::FileFingerprint(const std::string& abs_path) const {
  std::string fingerprint;
  impl_->Guard("reading a file record",
               [&] { fingerprint = RecordField(impl_->db.get_metadata(RecordKey(abs_path)), 1); });
  return fingerprint;
}

void IndexWriter::SetFileRecord(const std::string& abs_path, const FileVersion& version,
                                const std::string& fingerprint) {
  std::string damage;
  if (!impl_->CheckBeforeWriting(&damage)) return;  // Commit() reports the damage
  impl_->Guard("writing a file record", [&] {
    impl_->db.set_metadata(RecordKey(abs_path), version.hash + "\t" + fingerprint + "\t" +
                                                    abs_path + "\t" + version.stamp);
  });
}

namespace {

// The files of the measures indexed under `term` (their paths, from the value slot).
std::vector<std::string> FilesUnderTerm(Xapian::Database& db, const std::string& term) {
  std::vector<std::string> files;
  for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
    const std::string path = db.get_document(*it).get_value(schema::kSlotPath);
    if (std::find(files.begin(), files.end(), path) == files.end()) files.push_back(path);
  }
  return files;
}

}  // namespace

std::vector<std::string> IndexWriter::FilesOfAgreement(const std::string& key) const {
  std::vector<std::string> files;
  impl_->Guard("reading an agreement", [&] {
    files = FilesUnderTerm(impl_->db, schema::Term(schema::kAgreementPrefix, key));
  });
  return files;
}

std::vector<std::string> IndexWriter::FilesHoldingDocument(const std::string& fingerprint) const {
  std::vector<std::string> files;
  impl_->Guard("reading a document", [&] {
    files = FilesUnderTerm(impl_->db, schema::Term(schema::kDocumentPrefix, fingerprint));
  });
  return files;
}

std::vector<std::string> IndexWriter::FilesWithFingerprint(const std::string& fingerprint) const {
  std::vector<std::string> files;
  if (fingerprint.empty()) return files;
  impl_->Guard("reading the file records", [&] {
    ForEachRecord(impl_->db, "", [&](const std::string& path, const std::string& record) {
      if (RecordField(record, 1) == fingerprint) files.push_back(path);
    });
  });
  return files;
}

size_t IndexWriter::MeasuresOfFile(const std::string& abs_path) const {
  size_t n = 0;
  impl_->Guard("reading a file's measures",
               [&] { n = impl_->db.get_termfreq(schema::Term(schema::kFilePrefix, abs_path)); });
  return n;
}

bool IndexWriter::CountMeasures(const std::string& dir, size_t* count, std::string* error) {
  try {
    *count = Xapian::Database(dir).get_doccount();
    return true;
  } catch (const Xapian::Error& e) {
    *error = dir + ": the index cannot be read back: " + e.get_msg();
    return false;
  }
}

std::vector<std::string> IndexWriter::IndexedFilesUnder(const std::string& abs_dir) const {
  std::string prefix = abs_dir;
  if (prefix.empty() || prefix.back() != '/') prefix += '/';
  std::vector<std::string> files;
  impl_->Guard("reading the file records", [&] {
    ForEachRecord(impl_->db, prefix,
                  [&](const std::string& path, const std::string&) { files.push_back(path); });
  });
  return files;
}

bool IndexWriter::RemoveFile(const std::string& abs_path, size_t* removed, std::string* error) {
  if (!impl_->CheckBeforeWriting(error)) return false;
  try {
    const std::string term = schema::Term(schema::kFilePrefix, abs_path);
    *removed = impl_->db.get_termfreq(term);
    if (*removed) {
      impl_->NoteAgreementsUnder(term);
      impl_->db.delete_document(term);
      impl_->NoteValueChanges(*removed);
    }
    impl_->db.set_metadata(RecordKey(abs_path), "");
    return true;
  } catch (const Xapian::Error& e) {
    *error = WriteFailure(e, "cannot remove the measures of " + abs_path, impl_->dir);
    return false;
  }
}

bool IndexWriter::lookups_failed() const { return !impl_->failure.empty(); }

const std::set<std::string>& IndexWriter::changed_agreements() const { return impl_->changed; }

void IndexWriter::set_note_sink(std::function<void(const std::string&)> sink) {
  impl_->note = std::move(sink);
}

}  // namespace karta
