// karta's query language, parsed by karta itself so that every word of a structured query gets
// the same expansion as a plain one (word families, abbreviations, compounds, ё):
//
//   words            any of them or all, as the search mode says; runs of words are expanded
//                    together (an abbreviation written out in full, proximity)
//   "a phrase"       the words in this order, any inflection, without expansion («as written»;
//                    also «…» quotes)
//   A AND B, A B     both (juxtaposition takes the default operator: AND, or OR under --any)
//   A OR B           either
//   A NOT B, -B      A without B; NOT B alone: every measure without B
//   +A B             A required, B only adds weight (+A +B: both)
//   ( … )            grouping
//   prefix*          every indexed word that starts with the prefix (3 letters at least, at most
//                    kMaxWildcardWords words)
//   field:value      region:, sphere:, agency:, year:, kind: — a filter; value quoted if it has
//                    spaces (agency:"Комитет по культуре")
//
// Malformed queries are errors that say what is wrong and where (QuerySyntaxError), never a
// silent match of everything or of nothing.
//
// Thread safety: stateless functions; the context's objects are only read.
#ifndef KARTA_SRC_QUERY_QUERY_LANGUAGE_H_
#define KARTA_SRC_QUERY_QUERY_LANGUAGE_H_

#include <xapian.h>

#include <stdexcept>
#include <string>
#include <string_view>

#include "src/query/filters.h"
#include "stemmers/query_expansion.h"

namespace karta::query {

class QuerySyntaxError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct QueryContext {
  const QueryExpansion& expansion;
  const Filters& filters;
  const Xapian::Database& db;  // wildcards expand over its spelling table (the words indexed)
  Xapian::Query::op default_op = Xapian::Query::OP_AND;
  bool proximity = true;  // the optional ranking boost of runs of words (see QueryExpansion)
};

inline constexpr size_t kMinWildcardLetters = 3;
inline constexpr size_t kMaxWildcardWords = 200;

struct ParsedQuery {
  Xapian::Query query;     // empty when the text has nothing to search (only filters or nothing)
  bool has_words = false;  // a word, phrase or wildcard: results are ranked
};

// Whether `text` uses any syntax beyond plain words (operators, quotes, parentheses, fields,
// wildcards, a leading '-' or '+').
[[nodiscard]] bool IsPlainQuery(std::string_view text);

// Parses `text`. Throws QuerySyntaxError (what and at which character) or FilterError (an
// unknown region, sphere or agency in a field).
[[nodiscard]] ParsedQuery ParseQuery(std::string_view text, const QueryContext& context);

// A query matching every measure. Not Xapian::Query::MatchAll: that is one object shared by
// every thread, and a query's reference count is not atomic, so each query takes its own.
inline Xapian::Query MatchEverything() { return Xapian::Query(std::string()); }

// The same query sharing no part with `query`: for a match on another thread (Xapian's query
// objects count their references without atomics, so two threads may not hold one part).
inline Xapian::Query Unshared(const Xapian::Query& query) {
  return Xapian::Query::unserialise(query.serialise());
}

}  // namespace karta::query

#endif  // KARTA_SRC_QUERY_QUERY_LANGUAGE_H_
