#include "src/query/searcher.h"

#include <xapian.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <exception>
#include <filesystem>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include "index/index_schema.h"
#include "index/indexer.h"
#include "index/shard_stub.h"
#include "index/text_decoder.h"
#include "index/text_vector.h"
#include "index/xapian_writer.h"
#include "src/query/facet_columns.h"
#include "src/query/facet_spy.h"
#include "src/query/filters.h"
#include "src/query/query_language.h"
#include "stemmers/query_expansion.h"
#include "stemmers/russian_analyzer.h"
#include "stemmers/unicode_text.h"

namespace karta::query {
namespace {

// The facet value an agency item counts under: its key, when it is on the side asked.
std::string_view AgencyItemKey(std::string_view item, std::optional<Side> side) {
  schema::AgencyItem a;
  if (!schema::ParseAgencyItem(item, &a)) return {};
  if (side && (a.side == 's') != (*side == Side::kSpb)) return {};
  return a.key;
}

}  // namespace

struct Searcher::Impl {
  ShardStub stub;       // when the index is a shard list
  bool remote = false;  // some shard is remote
  Xapian::Database db;
  // A second handle on the revision of `db`, for counting on another core while `db` ranks
  // (Xapian handles are not shared between threads); `parallel` is false when the two could
  // not be opened on one revision (a writer committing meanwhile): then `db` does both.
  Xapian::Database second;
  bool parallel = false;
  // The spelling table: a shard list's lexicon alone, which holds the whole index's (Xapian
  // suggests nothing over several databases that each hold one, as a join's members do).
  std::optional<Xapian::Database> lexicon;
  const Xapian::Database& Spellings() const { return lexicon ? *lexicon : db; }
  bool resident_facets = false;
  std::shared_ptr<const FacetColumns> columns;  // with resident_facets, from the first use
  // The registry is read on first use: at hundreds of thousands of measures it is the larger
  // part of opening an index, and most searches do not need it.
  const AgencyRegistry& Agencies() {
    std::call_once(agencies_read, [this] {
      agencies = AgencyRegistry::Deserialize(db.get_metadata(schema::kMetaAgencies));
    });
    return agencies;
  }
  std::once_flag agencies_read;
  AgencyRegistry agencies;
  // Plan ↔ report links, read on first use.
  const ExecutionLinks& Execution() {
    std::call_once(execution_read, [this] {
      const std::string stored = db.get_metadata(schema::kMetaExecution);
      // An index written before the links were kept: computed now, read-only.
      execution = stored.empty() ? LinkReports(db) : ExecutionLinks::Deserialize(stored);
      for (const ExecutionLink& l : execution.links) {
        if (!l.plan_id.empty()) reported[l.plan_id].push_back(&l);
      }
    });
    return execution;
  }
  std::once_flag execution_read;
  ExecutionLinks execution;
  // The links of one plan measure: from its own metadata key, without reading every link of
  // the index (which costs a CLI query ~100 ms at 200,000 measures); from the whole set for an
  // index that keeps no links per measure.
  std::vector<ExecutionLink> ReportedOn(const std::string& plan_id) {
    if (auto stored = StoredLinksOf(db, plan_id)) return std::move(*stored);
    Execution();
    std::vector<ExecutionLink> out;
    if (auto r = reported.find(plan_id); r != reported.end()) {
      for (const ExecutionLink* l : r->second) out.push_back(*l);
    }
    return out;
  }
  std::unordered_map<std::string, std::vector<const ExecutionLink*>> reported;  // plan id →
  // Agency key → display name, for facets.
  const std::string* AgencyName(const std::string& key) {
    std::call_once(names_read, [this] {
      for (const std::string& item :
           schema::SplitItems(db.get_metadata(schema::kMetaAgencyNames))) {
        const size_t sep = item.find(schema::kFieldSep);
        if (sep != std::string::npos) names.emplace(item.substr(0, sep), item.substr(sep + 1));
      }
    });
    if (auto it = names.find(key); it != names.end()) return &it->second;
    if (!names.empty()) return nullptr;
    const AgencyRegistry::Entry* e = Agencies().Find(key);  // an index written before the names
    return e ? &e->name : nullptr;
  }
  std::once_flag names_read;
  std::unordered_map<std::string, std::string> names;
  std::unique_ptr<QueryExpansion> expansion;  // the curated data plus what the index learned

  // `what` failed with `e`; over shards, names the shards that do not answer.
  [[nodiscard]] std::string Failure(const std::string& what, const Xapian::Error& e) const {
    // Xapian::Error has no virtual functions: its type is asked by name (NetworkError,
    // NetworkTimeoutError).
    if (!stub.file.empty() && std::string_view(e.get_type()).find("Network") == 0) {
      const std::string down = UnreachableShards(stub);
      if (!down.empty()) return what + ": " + down;
    }
    return what + ": " + e.get_msg();
  }
};

Searcher::Searcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

// Each word not in the index — neither as written nor in another form of it — replaced by the
// nearest indexed spelling (Xapian's spelling table, edit distance up to 2); empty when
// nothing changes. A word found in another form («туризм» for «туризма») is not misspelt:
// nothing matched for another reason (a filter, the other words).
std::string Searcher::Suggest(const std::string& query) const {
  const RussianAnalyzer& analyzer = RussianAnalyzer::Default();
  std::string out;
  bool changed = false;
  size_t i = 0;
  while (i < query.size()) {
    size_t j = query.find(' ', i);
    if (j == std::string::npos) j = query.size();
    std::string word = query.substr(i, j - i);
    std::string folded = analyzer.Normalize(word);
    // Xapian's suggestion costs grow fast with a word's length; no real word is this long.
    constexpr size_t kMaxSpelledBytes = 96;
    if (folded.size() > kMaxSpelledBytes) folded.clear();
    const Xapian::Database& spellings = impl_->Spellings();
    auto known = spellings.spellings_begin();
    if (!folded.empty()) known.skip_to(folded);
    const bool spelt = known != spellings.spellings_end() && *known == folded;
    const std::string term = folded.empty() ? std::string() : analyzer.Term(folded);
    const bool stemmed_known = !term.empty() && impl_->db.term_exists("Z" + term);
    if (!folded.empty() && !spelt && !stemmed_known) {
      const std::string better = spellings.get_spelling_suggestion(folded, 2);
      if (!better.empty()) {
        word = better;
        changed = true;
      }
    }
    if (!word.empty()) out += (out.empty() ? "" : " ") + word;
    i = j + 1;
  }
  // A suggestion that differs from the query only by its punctuation («"в на"» → «в на») is
  // the query again.
  auto letters = [&](const std::string& s) {
    std::string kept;
    for (char32_t c : ToU32(analyzer.Normalize(s))) {
      if (IsLetter(c) || IsDigit(c)) kept += ToUtf8(std::u32string(1, c));
    }
    return kept;
  };
  return changed && letters(out) != letters(query) ? out : std::string();
}
Searcher::~Searcher() = default;

const ExecutionLinks& Searcher::execution() const { return impl_->Execution(); }

const AgencyRegistry& Searcher::agencies() const { return impl_->Agencies(); }
const Xapian::Database& Searcher::database() const { return impl_->db; }
bool Searcher::remote() const { return impl_->remote; }
size_t Searcher::measure_count() const { return impl_->db.get_doccount(); }

namespace {

// An index that has no committed karta data yet: being built now (the writer holds Xapian's
// lock, or a parallel build's directory `DIR.build-PID` of a live process is there), or left
// by a build that did not finish. Empty when neither applies: then it is no karta index.
std::string UnfinishedIndexMessage(const std::string& dir, bool locked) {
  const BuildState build = FindBuild(dir);
  if (build.kind == BuildState::Kind::kRunning) {
    return dir + ": the index is being built (karta index, process " + std::to_string(build.pid) +
           "); search again when it has finished";
  }
  if (locked) {
    return dir +
           ": the index is being written for the first time; search again when "
           "`karta index` has finished";
  }
  std::error_code ec;
  const bool empty = std::filesystem::is_empty(dir, ec);
  // Files, but neither an index's nor a build's: some other directory.
  if (build.kind != BuildState::Kind::kAbandoned && !ec && !empty &&
      !std::filesystem::exists(std::filesystem::path(dir) / "iamglass", ec)) {
    return dir +
           ": not a karta index (no index files in it); choose another --db, or build one "
           "with `karta index --db DIR PATH...`";
  }
  if (build.kind == BuildState::Kind::kAbandoned || (!ec && !empty)) {
    return dir +
           ": the index was never completed (an interrupted first build); run "
           "`karta index --db " +
           dir + " PATH...` again";
  }
  return empty ? dir + ": the index is empty; build it with `karta index --db " + dir + " PATH...`"
               : "";
}

}  // namespace

std::unique_ptr<Searcher> Searcher::Open(const std::string& dir, Status* error,
                                         bool resident_facets) {
  error->code = Status::Code::kUnavailable;
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) {
    error->message =
        FindBuild(dir).kind == BuildState::Kind::kAbandoned
            ? dir +
                  ": a karta index run was killed while putting the index in place; the "
                  "next `karta index --db " +
                  dir + " PATH...` puts it back first"
            : "no index at " + dir + "; build one with `karta index PATH...`";
    return nullptr;
  }
  std::string stub_error;
  ShardStub stub = ReadShardStub(dir, &stub_error);
  if (!stub_error.empty()) {
    error->message = stub_error;
    return nullptr;
  }
  auto impl = std::make_unique<Impl>();
  impl->stub = std::move(stub);
  impl->remote = impl->stub.any_remote();
  try {
    if (!impl->stub.file.empty()) {
      // Xapian gives no revision of a database made of shards, so a second handle could not be
      // shown to see the same one: one handle does both.
      impl->db = Xapian::Database(dir);
      // A lexicon first (karta's shards and joins): a local database without measures.
      const ShardLine& first = impl->stub.shards.front();
      if (!first.remote) {
        const size_t space = first.text.find(' ');
        std::filesystem::path path =
            space == std::string::npos ? first.text : first.text.substr(space + 1);
        if (path.is_relative()) path = std::filesystem::path(impl->stub.file).parent_path() / path;
        Xapian::Database lexicon(path.string());
        if (lexicon.get_doccount() == 0) impl->lexicon = std::move(lexicon);
      }
    } else {
      for (int attempt = 0; attempt < 3 && !impl->parallel; ++attempt) {
        impl->db = Xapian::Database(dir);
        impl->second = Xapian::Database(dir);
        impl->parallel = impl->db.get_revision() == impl->second.get_revision();
      }
    }
    // Columns are kept per index revision, which Xapian gives only for a single database.
    impl->resident_facets = resident_facets && impl->stub.file.empty();
    const std::string version = impl->db.get_metadata(schema::kMetaSchema);
    if (version.empty()) {
      error->message = impl->db.get_doccount() > 0 ? dir + ": not a karta index"
                                                   : UnfinishedIndexMessage(dir, impl->db.locked());
      return nullptr;
    }
    if (version != schema::kMetaSchemaVersion) {
      error->message = dir + ": the index was written by an earlier karta (index format " +
                       version + ", this karta reads format " + schema::kMetaSchemaVersion +
                       "); index the documents again into a new --db";
      return nullptr;
    }
    std::vector<std::pair<std::string, std::string>> learned;
    const nlohmann::json abbreviations = nlohmann::json::parse(
        impl->db.get_metadata(schema::kMetaAbbreviations), nullptr, /*allow_exceptions=*/false);
    if (abbreviations.is_object()) {
      for (const auto& [short_form, long_form] : abbreviations.items()) {
        if (long_form.is_string()) learned.emplace_back(short_form, long_form.get<std::string>());
      }
    }
    impl->expansion = std::make_unique<QueryExpansion>(QueryExpansion::Default().With(learned));
    return std::unique_ptr<Searcher>(new Searcher(std::move(impl)));
  } catch (const Xapian::DatabaseNotFoundError& e) {
    if (!impl->stub.file.empty()) {
      error->message = dir + ": " + UnreachableShards(impl->stub);
      return nullptr;
    }
    error->message = UnfinishedIndexMessage(dir, false);
    if (error->message.empty())
      error->message = dir + ": not a karta index (no Xapian database there)";
  } catch (const Xapian::Error& e) {
    error->message = DamagedIndexMessage(dir, e);
    if (error->message.empty()) error->message = impl->Failure(dir + ": cannot open the index", e);
  }
  return nullptr;
}

struct Searcher::BuiltQuery {
  Xapian::Query query;      // ranks
  Xapian::Query match_set;  // matches the same measures, without ranking boosts: to count them
  Xapian::Query filter;     // the filters alone; empty without filters
  bool ranked = false;      // a free-text part exists: rank by BM25, else list in document order
};

Searcher::BuiltQuery Searcher::Build(const SearchRequest& req) const {
  // Typed as documents are indexed: soft hyphens, stress marks, odd spaces, fullwidth letters.
  const std::string text = NormalizeSpaces(req.query);
  static const AgencyRegistry kNoAgencies;
  // The agency registry is read from the index only when a filter or `agency:` needs it.
  const bool needs_agencies = !req.agencies.empty() || text.find("agency:") != std::string::npos;
  const Filters filters(needs_agencies ? impl_->Agencies() : kNoAgencies);
  // Filters: values of one field are alternatives (OR), fields combine with AND.
  std::vector<Xapian::Query> groups;
  auto group = [&](const auto& values, auto resolve) {
    if (values.empty()) return;
    std::vector<Xapian::Query> alternatives;
    for (const auto& v : values) alternatives.push_back(resolve(v));
    groups.emplace_back(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
  };
  group(req.regions, [&](const std::string& v) { return filters.Region(v); });
  group(req.spheres, [&](const std::string& v) { return filters.Sphere(v); });
  group(req.agencies, [&](const std::string& v) { return filters.Agency(v, req.side); });
  group(req.years,
        [](int year) { return Xapian::Query(schema::kYearPrefix + std::to_string(year)); });
  if (req.kind) {
    groups.emplace_back(std::string(schema::kKindPrefix) + DocumentKindName(*req.kind));
  }

  const bool any = req.match == SearchRequest::Match::kAny;
  BuiltQuery built;
  Xapian::Query text_query, text_match_set;
  bool has_words = false;
  if (!IsPlainQuery(text)) {
    QueryContext context{*impl_->expansion, filters, impl_->db,
                         any ? Xapian::Query::OP_OR : Xapian::Query::OP_AND};
    const ParsedQuery parsed = ParseQuery(text, context);
    context.proximity = false;
    text_query = parsed.query;
    text_match_set = ParseQuery(text, context).query;
    has_words = parsed.has_words;
  } else if (req.match == SearchRequest::Match::kRanked) {
    // Any word may match; measures with all of them get their weight twice, so they lead.
    text_query = impl_->expansion->BuildRanked(text);
    text_match_set = impl_->expansion->Build(text, Xapian::Query::OP_OR, false);
    has_words = !text_match_set.empty();
  } else {
    const Xapian::Query::op op = any ? Xapian::Query::OP_OR : Xapian::Query::OP_AND;
    text_query = impl_->expansion->Build(text, op);
    text_match_set = impl_->expansion->Build(text, op, false);
    has_words = !text_match_set.empty();
  }
  if (text_match_set.empty() && text.find_first_not_of(" \t\n\r") != std::string::npos) {
    throw QuerySyntaxError(
        "no word to search for: only stopwords («и», «в», «на» …) or punctuation");
  }
  built.ranked = has_words;
  built.query = text_query.empty() ? MatchEverything() : text_query;
  built.match_set = text_match_set.empty() ? MatchEverything() : text_match_set;
  if (!groups.empty()) {
    built.filter = Xapian::Query(Xapian::Query::OP_AND, groups.begin(), groups.end());
    built.query = Xapian::Query(Xapian::Query::OP_FILTER, built.query, built.filter);
    built.match_set = Xapian::Query(Xapian::Query::OP_FILTER, built.match_set, built.filter);
  }
  return built;
}

namespace {

// Xapian's snippets escape &, < and > for HTML; karta's snippets are the text as written (each
// output format escapes what it must), so «R&D» does not print as «R&amp;D».
std::string UnescapeXml(const std::string& html) {
  std::string out;
  out.reserve(html.size());
  for (size_t i = 0; i < html.size(); ++i) {
    if (html[i] == '&') {
      bool replaced = false;
      for (const auto& [entity, c] :
           {std::pair{"&amp;", '&'}, std::pair{"&lt;", '<'}, std::pair{"&gt;", '>'}}) {
        if (html.compare(i, std::char_traits<char>::length(entity), entity) == 0) {
          out += c;
          i += std::char_traits<char>::length(entity) - 1;
          replaced = true;
          break;
        }
      }
      if (replaced) continue;
    }
    out += html[i];
  }
  return out;
}

class TimeLimitExceeded : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Xapian's Enquire stops a match at its time limit as if enough were seen; karta's counts must
// be exact, so a match that used the whole limit is refused instead.
class MatchClock {
 public:
  explicit MatchClock(double limit) : limit_(limit), start_(std::chrono::steady_clock::now()) {}
  void Limit(Xapian::Enquire* enquire) const {
    if (limit_ > 0) enquire->set_time_limit(limit_);
  }
  // Seconds left of the limit (0 when none is left), or a negative number without a limit.
  [[nodiscard]] double Remaining() const {
    if (limit_ <= 0) return -1;
    const std::chrono::duration<double> spent = std::chrono::steady_clock::now() - start_;
    return std::max(0.0, limit_ - spent.count());
  }
  // Throws TimeLimitExceeded when the limit was reached.
  void Check() const {
    if (limit_ <= 0) return;
    const std::chrono::duration<double> spent = std::chrono::steady_clock::now() - start_;
    if (spent.count() >= limit_) {
      throw TimeLimitExceeded("the query took longer than the limit of " +
                              std::to_string(static_cast<int>(limit_)) +
                              " s; narrow it with filters or more words");
    }
  }

 private:
  double limit_;
  std::chrono::steady_clock::time_point start_;
};

// Work on a second thread — or on this one, in place, when `parallel` is false. Join()
// rethrows what the work threw; the destructor joins when the caller unwinds past it.
class SecondCore {
 public:
  SecondCore(bool parallel, std::function<void()> work) {
    auto run = [this, work = std::move(work)] {
      try {
        work();
      } catch (...) {
        error_ = std::current_exception();
      }
    };
    if (parallel) {
      thread_ = std::thread(std::move(run));
    } else {
      run();
    }
  }
  SecondCore(const SecondCore&) = delete;
  SecondCore& operator=(const SecondCore&) = delete;
  ~SecondCore() {
    if (thread_.joinable()) thread_.join();
  }
  void Join() {
    if (thread_.joinable()) thread_.join();
    if (error_) std::rethrow_exception(error_);
  }

 private:
  std::exception_ptr error_;
  std::thread thread_;
};

}  // namespace

namespace {

// A match over every measure `query` finds, weighing none: for counting and listing.
Xapian::MSet MatchAll(const Xapian::Database& db, const Xapian::Query& query,
                      const MatchClock& clock, Xapian::MatchSpy* spy, bool keep) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());  // no ranking needed
  // In measure order: document ids differ between one index and its shards.
  if (keep) enquire.set_sort_by_value(schema::kSlotOrder, false);
  if (spy) enquire.add_matchspy(spy);
  clock.Limit(&enquire);
  const Xapian::doccount all = db.get_doccount();
  Xapian::MSet mset = enquire.get_mset(0, keep ? all : 0, all);  // examine every match
  clock.Check();
  return mset;
}

// Hands what a ValueCountMatchSpy on kSlotFacetRow counted to `sink`.
void ShowRows(const Xapian::ValueCountMatchSpy& rows, FacetRowSink* sink) {
  for (auto it = rows.values_begin(); it != rows.values_end(); ++it) {
    const std::string value = *it;  // the row views into it
    schema::FacetRow row;
    if (!schema::DecodeFacetRow(value, &row)) {
      throw Xapian::DatabaseCorruptError("a measure has no facet row (slot " +
                                         std::to_string(schema::kSlotFacetRow) + ")");
    }
    sink->Add(row, it.get_termfreq());
  }
}

// Counts facet rows into the counters of region, sphere, year, kind and agency.
struct FacetsOfRows : FacetRowSink {
  explicit FacetsOfRows(std::array<FacetCounter*, 5> c) : counters(c) {}
  void Add(const schema::FacetRow& row, Xapian::doccount n) override {
    const std::string_view fields[] = {row.region, row.spheres, row.years, row.kind, row.agencies};
    for (size_t i = 0; i < counters.size(); ++i) counters[i]->Count(fields[i], n);
  }
  std::array<FacetCounter*, 5> counters;
};

// A SearchRequest's scope is a set, not a ranking: all words must match unless the caller
// asked for any.
SearchRequest AsScope(const SearchRequest& req) {
  SearchRequest scope = req;
  if (scope.match == SearchRequest::Match::kRanked) scope.match = SearchRequest::Match::kAll;
  return scope;
}

}  // namespace

// Runs `f` (a match for `req`), turning what a query can fail with into *error and nullopt.
template <typename F>
auto Searcher::Guarded(const SearchRequest& req, const char* what, Status* error, F f) const
    -> std::optional<std::decay_t<decltype(*std::optional(f()))>> {
  try {
    return f();
  } catch (const TimeLimitExceeded& e) {
    *error = Status{Status::Code::kUnavailable, e.what()};
  } catch (const FilterError& e) {
    *error = Status{Status::Code::kBadFilter, e.what()};
  } catch (const QuerySyntaxError& e) {
    *error = Status{Status::Code::kBadQuery, "query «" + req.query + "»: " + e.what()};
  } catch (const Xapian::Error& e) {
    *error = Status{Status::Code::kUnavailable, impl_->Failure(what, e)};
  }
  return std::nullopt;
}

bool Searcher::ForEachMatch(const SearchRequest& req, FacetRowSink* sink, Status* error) const {
  return Guarded(req, "analysis failed", error,
                 [&] {
                   const BuiltQuery built = Build(AsScope(req));
                   Xapian::ValueCountMatchSpy rows(schema::kSlotFacetRow);
                   MatchAll(impl_->db, built.match_set, MatchClock(req.time_limit), &rows, false);
                   ShowRows(rows, sink);
                   return true;
                 })
      .value_or(false);
}

std::optional<std::vector<Xapian::docid>> Searcher::MatchingIds(const SearchRequest& req,
                                                                Status* error) const {
  return Guarded(req, "analysis failed", error, [&] {
    const BuiltQuery built = Build(AsScope(req));
    const Xapian::MSet mset =
        MatchAll(impl_->db, built.match_set, MatchClock(req.time_limit), nullptr, true);
    std::vector<Xapian::docid> ids;
    ids.reserve(mset.size());
    for (auto it = mset.begin(); it != mset.end(); ++it) ids.push_back(*it);
    return ids;
  });
}

namespace {

constexpr Xapian::doccount kRelatedSources = 3;      // best matches whose likes are listed
constexpr Xapian::doccount kRelatedCandidates = 60;  // "more like this" candidates re-scored
// Below this cosine two measures share little more than a common word or two.
constexpr double kMinRelatedCosine = 0.05;

// The first 240 code points of a measure's text: the line under a hit no word highlights.
std::string Abridged(const std::string& text) {
  const std::u32string t = ToU32(text);
  return t.size() > 240 ? ToUtf8(t.substr(0, 240)) + "…" : text;
}

}  // namespace

std::vector<Hit> Searcher::Related(const SearchRequest& req, const BuiltQuery& built,
                                   double seconds) const {
  // Operators, quotes and fields say exactly what the query wants.
  if (!IsPlainQuery(req.query)) return {};
  const Xapian::Database& db = impl_->db;
  auto limit = [seconds](Xapian::Enquire* e) {
    if (seconds > 0) e->set_time_limit(seconds);
  };
  Xapian::Enquire best(db);
  best.set_query(built.query);
  best.set_sort_by_relevance_then_value(schema::kSlotOrder, /*reverse=*/false);
  limit(&best);
  TextVectorizer vectors(db);
  std::vector<std::pair<std::string, TermVector>> sources;
  std::vector<Xapian::Query> like;
  for (const Xapian::docid did : best.get_mset(0, kRelatedSources)) {
    StoredRecord record = DecodeRecord(db.get_document(did).get_data());
    TermVector v = vectors.Of(record.measure.text);
    if (v.empty()) continue;
    like.push_back(MoreLikeThisQuery(v));
    sources.emplace_back(record.measure.id, std::move(v));
  }
  if (like.empty()) return {};
  // Likeness to what the best matches have in common, not to any one of them: a measure
  // sharing one source's stock phrases («содействие участию представителей») is not on topic.
  std::vector<const TermVector*> source_vectors;
  for (const auto& [id, v] : sources) source_vectors.push_back(&v);
  const TermVector topic = Centroid(source_vectors);
  Xapian::Query query(Xapian::Query::OP_OR, like.begin(), like.end());
  if (!built.filter.empty()) query = Xapian::Query(Xapian::Query::OP_FILTER, query, built.filter);
  // Not a measure with any query word or a name of one, whether or not all were required.
  const Xapian::Query any_word = impl_->expansion->Build(req.query, Xapian::Query::OP_OR, false);
  Xapian::Enquire candidates(db);
  candidates.set_query(Xapian::Query(Xapian::Query::OP_AND_NOT, query, any_word));
  candidates.set_sort_by_relevance_then_value(schema::kSlotOrder, /*reverse=*/false);
  limit(&candidates);
  std::vector<Hit> related;
  for (const Xapian::docid did : candidates.get_mset(0, kRelatedCandidates)) {
    Hit hit;
    hit.record = DecodeRecord(db.get_document(did).get_data());
    const TermVector v = vectors.Of(hit.record.measure.text);
    hit.score = Cosine(topic, v);
    double nearest = -1;
    for (const auto& [id, source] : sources) {
      if (const double cosine = Cosine(source, v); cosine > nearest) {
        nearest = cosine;
        hit.like = id;
      }
    }
    if (hit.score < kMinRelatedCosine) continue;
    hit.id = hit.record.measure.id;
    hit.snippet = Abridged(hit.record.measure.text);
    hit.reported = impl_->ReportedOn(hit.id);
    related.push_back(std::move(hit));
  }
  // Equal cosines keep the candidates' order, which is by measure among equal weights.
  std::stable_sort(related.begin(), related.end(),
                   [](const Hit& a, const Hit& b) { return a.score > b.score; });
  if (related.size() > req.related) related.resize(req.related);
  return related;
}

std::optional<SearchResponse> Searcher::Search(const SearchRequest& typed, Status* error) const {
  SearchResponse response;
  if (!IsValidUtf8(typed.query)) {
    error->code = Status::Code::kBadQuery;
    error->message = "the query is not valid UTF-8 (check the terminal's encoding)";
    return std::nullopt;
  }
  response.query = typed.query;
  // Read as documents are, for the matches, the related measures and the suggestion alike.
  SearchRequest req = typed;
  req.query = NormalizeSpaces(typed.query);
  return Guarded(req, "search failed", error, [&]() -> std::optional<SearchResponse> {
    const BuiltQuery built = Build(req);
    const bool ranked = built.ranked;
    const Xapian::Query& query = built.query;

    Xapian::Enquire enquire(impl_->db);
    enquire.set_query(query);
    const MatchClock clock(req.time_limit);
    clock.Limit(&enquire);
    // Equal scores are ordered by measure (region, kind, period, number), not by document id,
    // which depends on which indexing thread stored a measure first.
    // Sort keys are slots, not a KeyMaker: the remote backend takes no KeyMaker.
    if (req.sort == SearchRequest::Sort::kNumber) {
      enquire.set_sort_by_value_then_relevance(schema::kSlotOrderByNumber, false);
    } else if (req.sort == SearchRequest::Sort::kDeadline) {
      enquire.set_sort_by_value_then_relevance(schema::kSlotOrderByDeadline, false);
    } else if (req.sort == SearchRequest::Sort::kRegion) {
      enquire.set_sort_by_value_then_relevance(schema::kSlotOrder, false);
    } else if (ranked) {
      enquire.set_sort_by_relevance_then_value(schema::kSlotOrder, /*reverse=*/false);
    } else {
      enquire.set_sort_by_value(schema::kSlotOrder, /*reverse=*/false);
    }
    FacetCounter regions(schema::kSlotRegion), spheres(schema::kSlotSpheres),
        years(schema::kSlotYears), kinds(schema::kSlotKind);
    FacetCounter agencies(
        schema::kSlotAgencies,
        [side = req.side](std::string_view item) { return AgencyItemKey(item, side); },
        !req.side                 ? "agency key"
        : *req.side == Side::kSpb ? "agency key, spb"
                                  : "agency key, partner");
    DocidSpy matches;
    // Over shards, Xapian's own spy counts each distinct facet row (on the servers, for
    // remote ones; the document ids a spy sees are the shard's own); the rows are then split
    // into their facets here.
    Xapian::ValueCountMatchSpy rows(schema::kSlotFacetRow);
    const bool by_rows = req.facets && !impl_->stub.file.empty();
    Xapian::MatchSpy* const facet_spy = by_rows ? static_cast<Xapian::MatchSpy*>(&rows) : &matches;
    const Xapian::doccount all = impl_->db.get_doccount();
    // Paging beyond the index is the same as paging to its end (and a size_t would not fit).
    const auto offset = static_cast<Xapian::doccount>(std::min<size_t>(req.offset, all));
    const auto limit = static_cast<Xapian::doccount>(std::min<size_t>(req.limit, all));
    const bool resident = req.facets && impl_->resident_facets;
    if (resident && !impl_->columns) impl_->columns = FacetColumns::For(impl_->db);
    // Counting goes to a second core through the second handle (on the same revision): with
    // facets in memory it counts them all; otherwise agencies, the largest slot, while this
    // thread reads the others.
    const Xapian::Database& second = impl_->parallel ? impl_->second : impl_->db;
    auto count_there = [&] {
      if (by_rows) {
        FacetsOfRows sink{{&regions, &spheres, &years, &kinds, &agencies}};
        ShowRows(rows, &sink);
      } else if (resident) {
        impl_->columns->Count(matches.docids(), {&regions, &spheres, &years, &kinds, &agencies});
      } else {
        CountFacets(second, matches.docids(), {&agencies});
      }
    };
    std::promise<void> counted;  // total and matches are known
    // The helper's own copy of the match set (declared before the helper, so that it
    // outlives it).
    const Xapian::Query match_set =
        impl_->parallel && ranked ? Unshared(built.match_set) : built.match_set;
    std::optional<SecondCore> helper;  // last: joined before anything it uses goes
    Xapian::MSet mset;
    // Xapian 1.4 over remote shards: a spy on a match sorted by value that also fetches a page
    // counts some measures twice (132 plan measures counted 151). Over shards the counting is
    // therefore always a match of its own, which fetches nothing.
    if (ranked || by_rows) {
      // The page of best hits here, and the exact count (and facets) over the same set of
      // measures without the ranking there: weighing and checking word positions for every
      // match only to count them would cost most of the time of a broad query.
      helper.emplace(impl_->parallel, [&] {
        try {
          Xapian::Enquire counter(second);
          counter.set_query(match_set);
          counter.set_weighting_scheme(Xapian::BoolWeight());
          clock.Limit(&counter);
          if (req.facets) counter.add_matchspy(facet_spy);
          response.total = counter.get_mset(0, 0, all).get_matches_estimated();
          matches.Sort();
        } catch (...) {
          counted.set_exception(std::current_exception());
          return;
        }
        counted.set_value();
        if (req.facets) count_there();
      });
      mset = enquire.get_mset(offset, limit);
    } else {
      // Examining every document makes the total and the facet counts exact.
      if (req.facets) enquire.add_matchspy(facet_spy);
      mset = enquire.get_mset(offset, limit, all);
      response.total = mset.get_matches_estimated();
      matches.Sort();
      counted.set_value();
      if (req.facets) helper.emplace(impl_->parallel, count_there);
    }
    Xapian::Stem stemmer = RussianAnalyzer::Default().MakeStemmer();
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      Hit hit;
      hit.record = DecodeRecord(it.get_document().get_data());
      const Measure& measure = hit.record.measure;
      hit.reported = impl_->ReportedOn(measure.id);
      hit.id = measure.id;
      hit.score = ranked ? it.get_weight() : 0.0;
      const std::string& text = measure.text;
      const unsigned snippet_flags = Xapian::MSet::SNIPPET_BACKGROUND_MODEL |
                                     Xapian::MSet::SNIPPET_EXHAUSTIVE |
                                     Xapian::MSet::SNIPPET_EMPTY_WITHOUT_MATCH;
      if (ranked) {
        auto snippet = [&](const std::string& field_text) {
          return UnescapeXml(mset.snippet(field_text, 480, stemmer, snippet_flags,
                                          SearchResponse::kHighlightStart,
                                          SearchResponse::kHighlightEnd, "…"));
        };
        hit.snippet = snippet(text);
        // The match may be only in a progress entry, a note, an agency, the section heading or
        // the region: the line under the hit still shows the measure's text, and says where.
        if (hit.snippet.empty()) {
          std::vector<std::pair<const char*, std::string>> others;
          const std::pair<const char*, const std::vector<std::string>*> lists[] = {
              {"progress", &measure.progress},
              {"notes", &measure.notes},
              {"St Petersburg agencies", &measure.spb_agencies},
              {"partner agencies", &measure.partner_agencies}};
          for (const auto& [label, values] : lists) {
            for (const std::string& v : *values) others.emplace_back(label, v);
          }
          others.emplace_back("section", measure.section.heading);
          others.emplace_back("region", hit.record.region);
          for (const auto& [label, field_text] : others) {
            std::string found = snippet(field_text);
            if (found.empty()) continue;
            hit.matched_in = label;
            hit.matched_snippet = std::move(found);
            break;
          }
        }
      }
      if (hit.snippet.empty()) hit.snippet = Abridged(text);
      response.hits.push_back(std::move(hit));
    }

    counted.get_future().get();
    if (req.facets && !resident && !by_rows) {
      CountFacets(impl_->db, matches.docids(), {&regions, &spheres, &years, &kinds});
    }
    if (helper) helper->Join();
    clock.Check();
    if (response.total == 0 && !req.query.empty()) response.suggestion = Suggest(req.query);
    // On the page that shows the last match, the related measures follow it. They are an
    // extra: out of time, or a shard failing, leaves them out rather than fail the search.
    const bool last_match_shown =
        offset < response.total && static_cast<size_t>(offset) + mset.size() >= response.total;
    const double left = clock.Remaining();
    if (ranked && req.related > 0 && last_match_shown && left != 0) {
      try {
        response.related = Related(req, built, left / 2);  // two matches share what is left
        if (clock.Remaining() == 0) response.related.clear();
      } catch (const Xapian::Error&) {
        response.related.clear();
      }
    }

    if (req.facets) {
      auto keep = [&](const char* name, const FacetCounter& counter, bool by_value, bool limited) {
        response.facet_values[name] = counter.distinct();
        response.facets[name] = counter.Sorted(by_value, limited ? req.facet_limit : 0);
      };
      keep("region", regions, false, true);
      keep("sphere", spheres, false, true);
      keep("agency", agencies, false, true);
      for (FacetValue& v : response.facets["agency"]) {
        if (const std::string* name = impl_->AgencyName(v.value)) v.value = *name;
      }
      keep("year", years, true, false);
      keep("kind", kinds, false, false);
    }
    return response;
  });
}

}  // namespace karta::query
