#include "stemmers/query_expansion.h"

#include <algorithm>
#include <iterator>
#include <set>
#include <unordered_set>

#include "stemmers/data_files.h"
#include "stemmers/unicode_text.h"

namespace karta {
namespace {

std::string Z(const std::string& stem) { return "Z" + stem; }

std::vector<std::string_view> Columns(std::string_view line) {
  std::vector<std::string_view> columns;
  size_t start = 0;
  while (start <= line.size()) {
    size_t end = line.find('\t', start);
    if (end == std::string_view::npos) end = line.size();
    if (end > start) columns.push_back(line.substr(start, end - start));
    start = end + 1;
  }
  return columns;
}

template <typename T>
void AddUnique(std::vector<T>* v, T value) {
  if (std::find(v->begin(), v->end(), value) == v->end()) v->push_back(std::move(value));
}

// Whether a folded word in the dictionary form (nominative) is inflected as an adjective:
// «высшая», «физическая», «средние»; not «школа», «образование». Unlike WordFormation's test
// (relational adjectives in any case), it takes soft and hushing stems too («средняя», «высшие»)
// and no oblique endings: it reads the data's names, not running text.
bool AdjectiveForm(std::string_view folded) {
  const std::u32string w = ToU32(folded);
  if (w.size() < 4) return false;
  const std::u32string end = w.substr(w.size() - 2);
  static const std::u32string kEnds[] = {U"ый", U"ий", U"ой", U"ая", U"яя", U"ое", U"ее", U"ые"};
  if (std::find(std::begin(kEnds), std::end(kEnds), end) != std::end(kEnds)) return true;
  // «-ие» is a plural adjective after a velar, a hushing consonant or н («средние»), but a
  // noun's ending in «-ние», «-тие» after a vowel («образование», «развитие»).
  if (end != U"ие") return false;
  const char32_t before = w[w.size() - 3];
  static const std::u32string kAdjectival = U"кгхжшщч";
  if (kAdjectival.find(before) != std::u32string::npos) return true;
  return before == U'н' && w.size() >= 5 &&
         std::u32string(U"аеяо").find(w[w.size() - 4]) == std::u32string::npos;
}

}  // namespace

QueryExpansion::QueryExpansion(const Data& data, const RussianAnalyzer& analyzer,
                               const WordFormation& formation)
    : analyzer_(analyzer), formation_(formation) {
  Xapian::Stem stem = analyzer.MakeStemmer();
  for (std::string_view line : DataLines(data.families)) {
    std::vector<std::string> family;
    for (const std::string& w : SplitWords(analyzer.Normalize(line))) AddUnique(&family, stem(w));
    for (const std::string& s : family) {
      std::vector<std::string>& others = related_[s];
      for (const std::string& o : family) {
        if (o != s) AddUnique(&others, o);
      }
    }
  }
  for (std::string_view line : DataLines(data.truncations)) {
    const std::vector<std::string_view> columns = Columns(line);
    if (columns.size() != 2) continue;
    clipped_.emplace_back(analyzer.Normalize(columns[0]), analyzer.Term(columns[1]));
  }
  // Longest clipping first: «строй» before «стр…» would be tried.
  std::sort(clipped_.begin(), clipped_.end(),
            [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  for (std::string_view line : DataLines(data.narrower)) {
    Narrower n;
    for (std::string_view column : Columns(line)) {
      Expression e = MakeExpression(column);
      if (e.content.empty()) continue;
      if (n.broader.content.empty()) {
        n.broader = std::move(e);
      } else {
        n.narrower.push_back(std::move(e));
      }
    }
    if (!n.narrower.empty()) narrower_.push_back(std::move(n));
  }
  for (std::string_view text : {data.abbreviations, data.synonyms}) {
    for (std::string_view line : DataLines(text)) {
      std::vector<Expression> members;
      for (std::string_view column : Columns(line)) members.push_back(MakeExpression(column));
      AddGroup(std::move(members));
    }
  }
  NoteFixedNames();
}

void QueryExpansion::NoteFixedNames() {
  // Each list of the data is one family of names: a group of names of one thing, or a broader
  // term with its narrower ones.
  std::vector<std::vector<const Expression*>> families;
  for (const std::vector<Expression>& group : groups_) {
    families.emplace_back();
    for (const Expression& e : group) families.back().push_back(&e);
  }
  for (const Narrower& n : narrower_) {
    families.push_back({&n.broader});
    for (const Expression& e : n.narrower) families.back().push_back(&e);
  }
  // A name of several words is fixed when its head word alone names something in the data
  // («высшая школа» among the names of higher education, «школа» among those of general
  // education), unless some family has both («отходы» — «твердые коммунальные отходы»): then
  // it is a kind of that thing.
  std::unordered_set<std::string> words_alone;
  std::set<std::vector<std::string>> kinds;
  for (const auto& family : families) {
    std::unordered_set<std::string> alone;
    for (const Expression* e : family) {
      if (e->content.size() == 1) alone.insert(e->content[0]);
    }
    for (const Expression* e : family) {
      if (alone.count(e->head)) kinds.insert(e->stems);
    }
    words_alone.insert(alone.begin(), alone.end());
  }
  for (const auto& family : families) {
    for (const Expression* e : family) {
      if (e->content.size() < 2 || e->head.empty()) continue;
      AddUnique(&kinds_by_head_[e->head], e->stems);
      if (!words_alone.count(e->head) || kinds.count(e->stems)) continue;
      std::vector<std::vector<std::string>>& known = fixed_names_[e->head];
      if (std::find(known.begin(), known.end(), e->stems) == known.end()) known.push_back(e->stems);
    }
  }
}

Xapian::Query QueryExpansion::Named(const Expression& e) const {
  return e.stems.size() == 1 ? Expanded(e.stems[0]) : Phrase(e.stems, kCoordinationSlack);
}

Xapian::Query QueryExpansion::OwnKind(Xapian::Query word, const std::string& head,
                                      const std::set<std::vector<std::string>>& family,
                                      const std::vector<std::string>& typed) const {
  const auto it = kinds_by_head_.find(head);
  if (it == kinds_by_head_.end()) return word;
  std::vector<Xapian::Query> others;
  auto within = [](const std::vector<std::string>& part, const std::vector<std::string>& whole) {
    return std::all_of(part.begin(), part.end(), [&](const std::string& s) {
      return std::find(whole.begin(), whole.end(), s) != whole.end();
    });
  };
  // A name whose words all stand in a name of the family, or in the words typed, is a broader
  // one («медицинская помощь» for «скорая медицинская помощь»); a name holding every word
  // typed is a narrower one.
  auto kin = [&](const std::vector<std::string>& stems) {
    return family.count(stems) || within(stems, typed) || within(typed, stems) ||
           std::any_of(family.begin(), family.end(),
                       [&](const std::vector<std::string>& f) { return within(stems, f); });
  };
  for (const std::vector<std::string>& stems : it->second) {
    if (!kin(stems)) others.push_back(Phrase(stems));
  }
  if (others.empty()) return word;
  const Xapian::Query another(Xapian::Query::OP_AND_NOT,
                              Xapian::Query(Xapian::Query::OP_OR, others.begin(), others.end()),
                              Phrase(typed, kCoordinationSlack));
  return Xapian::Query(
      Xapian::Query::OP_OR, Xapian::Query(Xapian::Query::OP_AND_NOT, word, another),
      Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                    Xapian::Query(Xapian::Query::OP_FILTER, word, another), kAnotherKindWeight));
}

Xapian::Query QueryExpansion::Expanded(const std::string& stem) const {
  Xapian::Query term(Z(stem));
  const auto it = fixed_names_.find(stem);
  if (it == fixed_names_.end()) return term;
  std::vector<Xapian::Query> names;
  for (const std::vector<std::string>& stems : it->second) names.push_back(Phrase(stems));
  return Xapian::Query(Xapian::Query::OP_AND_NOT, term,
                       Xapian::Query(Xapian::Query::OP_OR, names.begin(), names.end()));
}

QueryExpansion::Expression QueryExpansion::MakeExpression(std::string_view text) const {
  Expression e;
  bool head_found = false;
  for (const Token& t : Tokenize(text)) {
    e.stems.insert(e.stems.end(), t.parts.begin(), t.parts.end());
    if (t.stop) continue;
    e.content.insert(e.content.end(), t.parts.begin(), t.parts.end());
    if (t.parts.size() > 1 && AdjectiveForm(t.part_words.back()))
      e.compound_adjectives.push_back(t.parts);
    if (!head_found && !AdjectiveForm(t.word.empty() ? t.part_words.back() : t.word)) {
      head_found = true;
      if (t.parts.size() == 1) e.head = t.parts[0];
    }
  }
  return e;
}

void QueryExpansion::AddGroup(std::vector<Expression> members) {
  members.erase(std::remove_if(members.begin(), members.end(),
                               [](const Expression& e) { return e.content.empty(); }),
                members.end());
  if (members.size() < 2) return;
  // Names of the same thing are one group however many lines name them: a line sharing a
  // member of two or more words with known groups joins them. A one-word member may be an
  // ambiguous abbreviation (ГИС: «государственная информационная система» and
  // «геоинформационная система»), which must not make its meanings synonyms.
  auto shares = [&](const std::vector<Expression>& group) {
    for (const Expression& a : group) {
      for (const Expression& b : members) {
        if (a.content.size() >= 2 && a.content == b.content) return true;
      }
    }
    return false;
  };
  std::vector<Expression> merged;
  for (auto it = groups_.begin(); it != groups_.end();) {
    if (!shares(*it)) {
      ++it;
      continue;
    }
    std::move(it->begin(), it->end(), std::back_inserter(merged));
    it = groups_.erase(it);
  }
  for (Expression& e : members) {
    const bool known = std::any_of(merged.begin(), merged.end(),
                                   [&](const Expression& m) { return m.stems == e.stems; });
    if (!known) merged.push_back(std::move(e));
  }
  groups_.push_back(std::move(merged));
}

QueryExpansion QueryExpansion::With(
    const std::vector<std::pair<std::string, std::string>>& abbreviations) const {
  QueryExpansion copy = *this;
  for (const auto& [short_form, long_form] : abbreviations) {
    copy.AddGroup({MakeExpression(short_form), MakeExpression(long_form)});
  }
  copy.fixed_names_.clear();
  copy.kinds_by_head_.clear();
  copy.NoteFixedNames();
  return copy;
}

const QueryExpansion& QueryExpansion::Default() {
  static const QueryExpansion kDefault(
      Data{data::WordFamiliesRuTxt(), data::AbbreviationsRuTsv(), data::SynonymsRuTsv(),
           data::TruncationsRuTsv(), data::NarrowerTermsRuTsv()},
      RussianAnalyzer::Default(), WordFormation::Default());
  return kDefault;
}

std::vector<std::string> QueryExpansion::Related(std::string_view folded_word) const {
  Xapian::Stem stem = analyzer_.MakeStemmer();
  const std::string own = stem(std::string(folded_word));
  std::vector<std::string> out;
  if (auto it = related_.find(own); it != related_.end()) out = it->second;
  for (std::string& r : formation_.Relatives(folded_word)) AddUnique(&out, std::move(r));
  return out;
}

std::vector<QueryExpansion::Token> QueryExpansion::Tokenize(std::string_view text) const {
  Xapian::Stem stem = analyzer_.MakeStemmer();
  std::vector<Token> tokens;
  for (const std::string& word : SplitIndexWords(analyzer_.Normalize(text))) {
    Token t;
    t.stop = analyzer_.IsStopword(word);
    size_t start = 0;
    while (start <= word.size()) {  // the index splits hyphenated words into adjacent parts
      size_t end = word.find('-', start);
      if (end == std::string::npos) end = word.size();
      if (end > start) {
        t.part_words.push_back(word.substr(start, end - start));
        t.parts.push_back(stem(t.part_words.back()));
      }
      start = end + 1;
    }
    if (t.parts.size() == 1) {
      t.part_words.clear();
      t.word = word;
      t.compound_rest = analyzer_.CompoundRemainder(word);
      for (const auto& [clipping, adjective] : clipped_) {
        if (word.size() <= clipping.size() || word.compare(0, clipping.size(), clipping) != 0)
          continue;
        const std::string tail = word.substr(clipping.size());
        if (ToU32(tail).size() < 4 || analyzer_.IsStopword(tail)) continue;
        if (word.compare(0, adjective.size(), adjective) == 0) continue;  // «социальная» itself
        t.unclipped = {adjective, stem(tail)};
        break;
      }
    }
    if (!t.parts.empty()) tokens.push_back(std::move(t));
  }
  return tokens;
}

Xapian::Query QueryExpansion::Phrase(const std::vector<std::string>& stems, size_t slack) {
  if (stems.size() == 1) return Xapian::Query(Z(stems[0]));
  std::vector<Xapian::Query> terms;
  for (const std::string& s : stems) terms.emplace_back(Z(s));
  return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                       static_cast<Xapian::termcount>(terms.size() + slack));
}

Xapian::Query QueryExpansion::Word(const Token& token, bool ranking) const {
  Xapian::Query exact = Phrase(token.parts);
  Xapian::Query whole;  // a one-word compound's two parts, each in a word of its own
  std::vector<Xapian::Query> related;
  if (token.parts.size() == 1) {
    std::vector<std::string> stems = Related(token.word);
    if (!token.compound_rest.empty()) {
      Xapian::Stem stem = analyzer_.MakeStemmer();
      stems.push_back(stem(token.compound_rest));
      std::vector<Xapian::Query> rest{Expanded(stems.back())};
      for (const std::string& r : Related(token.compound_rest)) {
        stems.push_back(r);
        rest.push_back(Expanded(r));
      }
      if (ranking) whole = BothParts(stem, token, rest);
    }
    for (const std::string& r : stems) related.push_back(Expanded(r));
    // A measure holding the written-out phrase also holds each of its words; when one of
    // them is itself an alternative, the phrase adds weight but no match, and checking its
    // positions in every measure is the dearest part of counting the matches.
    stems.push_back(token.parts[0]);
    const bool implied =
        std::any_of(token.unclipped.begin(), token.unclipped.end(), [&](const std::string& u) {
          return std::find(stems.begin(), stems.end(), u) != stems.end();
        });
    if (!token.unclipped.empty() && (ranking || !implied)) {
      related.push_back(Phrase(token.unclipped));
    }
  }
  if (token.parts.size() > 1) {
    // A hyphenated compound also names what its parts say written apart, each part in any
    // of its forms: «социально-трудовые» — «социального партнерства … охраны труда».
    std::vector<Xapian::Query> apart;
    for (size_t k = 0; k < token.parts.size(); ++k) {
      if (analyzer_.IsStopword(token.part_words[k])) continue;
      std::vector<Xapian::Query> forms{Xapian::Query(Z(token.parts[k]))};
      for (const std::string& r : Related(token.part_words[k])) forms.push_back(Expanded(r));
      apart.emplace_back(Xapian::Query::OP_SYNONYM, forms.begin(), forms.end());
    }
    if (apart.size() > 1) related.emplace_back(Xapian::Query::OP_AND, apart.begin(), apart.end());
  }
  if (related.empty()) return exact;
  Xapian::Query alternatives(Xapian::Query::OP_SYNONYM, related.begin(), related.end());
  // A measure naming both parts says more than one naming the rest alone: its weight adds to
  // the rest's rather than merging with it as one more form.
  if (!whole.empty()) alternatives = Xapian::Query(Xapian::Query::OP_OR, alternatives, whole);
  return Xapian::Query(Xapian::Query::OP_OR, exact,
                       Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, alternatives, kRelatedWeight));
}

Xapian::Query QueryExpansion::BothParts(const Xapian::Stem& stem, const Token& token,
                                        const std::vector<Xapian::Query>& rest) {
  const std::string form = token.word.substr(0, token.word.size() - token.compound_rest.size());
  // The combining form stands in other compounds («агропромышленный» for «агротехнологии»).
  // A form whose stem is long enough to be a word's own («энерг», «научн», «социальн») also
  // stands in the words of its family and as a hyphenated compound's first part
  // («энергетики», «научно-технический»); a shorter stem would meet look-alikes («вело» →
  // «вел», «видео» → «виде»). Expanded without a limit: a limit applies to each shard of a
  // set alone, which would rank a sharded set differently from the single index.
  const std::string form_stem = stem(form);
  const std::string& prefix = ToU32(form_stem).size() >= kMinFormStem ? form_stem : form;
  const Xapian::Query form_part(Xapian::Query::OP_WILDCARD, Z(prefix));
  return Xapian::Query(Xapian::Query::OP_AND, form_part,
                       Xapian::Query(Xapian::Query::OP_SYNONYM, rest.begin(), rest.end()));
}

size_t QueryExpansion::MatchAt(const std::vector<Token>& tokens, size_t i,
                               const std::vector<std::string>& content) {
  if (i >= tokens.size() || tokens[i].stop) return 0;
  if (!tokens[i].unclipped.empty() && tokens[i].unclipped == content) return i + 1;  // соцзащита
  std::vector<std::string> have;
  size_t k = i;
  while (k < tokens.size() && have.size() < content.size()) {
    if (!tokens[k].stop) have.insert(have.end(), tokens[k].parts.begin(), tokens[k].parts.end());
    ++k;
  }
  return have == content ? k : 0;
}

Xapian::Query QueryExpansion::BuildPhrase(std::string_view text) const {
  const std::vector<Token> tokens = Tokenize(text);
  std::vector<std::string> stems;  // stopwords too: the index keeps every word's position
  for (const Token& t : tokens) stems.insert(stems.end(), t.parts.begin(), t.parts.end());
  return stems.empty() ? Xapian::Query() : Phrase(stems);
}

std::vector<Xapian::Query> QueryExpansion::Groups(const std::vector<Token>& tokens,
                                                  Xapian::Query::op op, bool ranking) const {
  std::vector<Xapian::Query> groups;
  std::vector<std::string> query_stems;  // the words typed, stopwords left out
  for (const Token& t : tokens) {
    if (!t.stop) query_stems.insert(query_stems.end(), t.parts.begin(), t.parts.end());
  }
  for (size_t i = 0; i < tokens.size();) {
    // The longest run of words that names a member of a group of names of the same thing
    // («некоммерческие организации», «вуз») also finds the group's other members.
    size_t end = 0;
    for (const std::vector<Expression>& group : groups_) {
      for (const Expression& member : group)
        end = std::max(end, MatchAt(tokens, i, member.content));
    }
    for (const Narrower& n : narrower_) end = std::max(end, MatchAt(tokens, i, n.broader.content));
    if (end == 0) {
      if (!tokens[i].stop) {
        Xapian::Query word = Word(tokens[i], ranking);
        if (ranking && query_stems.size() > 1 && tokens[i].parts.size() == 1)
          word = OwnKind(word, tokens[i].parts[0], {}, query_stems);
        groups.push_back(word);
      }
      ++i;
      continue;
    }
    // What the words name: the expression matched and its group's other members; then what
    // each of them covers (narrower terms).
    std::vector<const Expression*> named;
    std::vector<Xapian::Query> others;
    for (const std::vector<Expression>& group : groups_) {
      const auto match = std::find_if(group.begin(), group.end(), [&](const Expression& m) {
        return MatchAt(tokens, i, m.content) == end;
      });
      if (match == group.end()) continue;
      for (const Expression& m : group) {
        named.push_back(&m);
        // Not the words typed, nor a name they already stand for: a clipped compound's full
        // form is one of its own alternatives («физкультура» — «физическая культура»).
        if (MatchAt(tokens, i, m.content) == end) continue;
        others.push_back(Named(m));
        // A name's compound adjective with another noun is a near form of it: «НИОКР» —
        // «научно-исследовательских программ».
        for (const std::vector<std::string>& a : m.compound_adjectives) {
          if (a.size() < m.content.size()) others.push_back(Phrase(a));
        }
      }
    }
    std::set<std::vector<std::string>> family;  // what the words name, and its kin
    for (const Expression* e : named) family.insert(e->stems);
    // Whether the words typed, or another name of what they name, are this expression.
    auto names = [&](const Expression& x) {
      return MatchAt(tokens, i, x.content) == end ||
             std::any_of(named.begin(), named.end(),
                         [&](const Expression* e) { return e->content == x.content; });
    };
    for (const Narrower& n : narrower_) {
      if (std::any_of(n.narrower.begin(), n.narrower.end(), names)) family.insert(n.broader.stems);
      if (!names(n.broader)) continue;
      family.insert(n.broader.stems);
      for (const Expression& m : n.narrower) {
        others.push_back(Named(m));
        family.insert(m.stems);
      }
    }
    std::vector<std::string> typed_stems;
    for (size_t m = i; m < end; ++m) {
      if (!tokens[m].stop)
        typed_stems.insert(typed_stems.end(), tokens[m].parts.begin(), tokens[m].parts.end());
    }
    std::vector<Xapian::Query> words;
    for (size_t m = i; m < end; ++m) {
      if (tokens[m].stop) continue;
      Xapian::Query word = Word(tokens[m], ranking);
      if (ranking && typed_stems.size() > 1 && tokens[m].parts.size() == 1)
        word = OwnKind(word, tokens[m].parts[0], family, typed_stems);
      words.push_back(word);
    }
    // The words typed keep the query's own operator: «скорая помощь» in an any-word query
    // still finds «помощь» alone.
    Xapian::Query typed =
        words.size() == 1 ? words[0] : Xapian::Query(op, words.begin(), words.end());
    groups.emplace_back(
        Xapian::Query::OP_OR, typed,
        Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                      Xapian::Query(Xapian::Query::OP_SYNONYM, others.begin(), others.end()),
                      kRelatedWeight));
    i = end;
  }
  return groups;
}

Xapian::Query QueryExpansion::Proximity(const std::vector<Token>& tokens) {
  // Measures where the words stand close together («малого и среднего предпринимательства»)
  // rank above those where they are scattered.
  std::vector<Xapian::Query> words;  // OP_NEAR takes single terms: hyphen parts count as words
  for (const Token& t : tokens) {
    if (t.stop) continue;
    for (const std::string& part : t.parts) words.emplace_back(Z(part));
  }
  if (words.size() < 2) return Xapian::Query();
  const auto window = static_cast<Xapian::termcount>(std::max<size_t>(4, 2 * words.size()));
  return Xapian::Query(Xapian::Query::OP_NEAR, words.begin(), words.end(), window);
}

Xapian::Query QueryExpansion::Build(std::string_view text, Xapian::Query::op op,
                                    bool ranking) const {
  const std::vector<Token> tokens = Tokenize(text);
  const std::vector<Xapian::Query> groups = Groups(tokens, op, ranking);
  if (groups.empty()) return Xapian::Query();
  Xapian::Query query(op, groups.begin(), groups.end());
  const Xapian::Query near = ranking ? Proximity(tokens) : Xapian::Query();
  if (near.empty()) return query;
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, near);
}

Xapian::Query QueryExpansion::BuildRanked(std::string_view text) const {
  const std::vector<Token> tokens = Tokenize(text);
  const std::vector<Xapian::Query> groups = Groups(tokens, Xapian::Query::OP_OR, true);
  if (groups.empty()) return Xapian::Query();
  const Xapian::Query near = Proximity(tokens);
  if (groups.size() == 1 && near.empty()) {
    // Any word and all words are the same query: the postings are read once, weighed twice.
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, groups[0], 2.0);
  }
  // A named expression's own words are alternatives in the one, all required in the other.
  const std::vector<Xapian::Query> strict = Groups(tokens, Xapian::Query::OP_AND, true);
  const Xapian::Query any(Xapian::Query::OP_OR, groups.begin(), groups.end());
  const Xapian::Query all(Xapian::Query::OP_AND, strict.begin(), strict.end());
  if (near.empty()) return Xapian::Query(Xapian::Query::OP_AND_MAYBE, any, all);
  const bool hyphenated =
      std::any_of(tokens.begin(), tokens.end(), [](const Token& t) { return t.parts.size() > 1; });
  if (hyphenated) {
    // A hyphenated word is a phrase of its parts, which may stand close together without
    // forming it: the words can be close without all of them matching.
    return Xapian::Query(Xapian::Query::OP_AND_MAYBE,
                         Xapian::Query(Xapian::Query::OP_AND_MAYBE, any, near),
                         Xapian::Query(Xapian::Query::OP_AND_MAYBE, all, near));
  }
  // Otherwise words close together are all the words: their positions are read only where all
  // of them are, and once — checking them in every measure with any word was most of the time
  // of a broad multi-word query.
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, any,
                       Xapian::Query(Xapian::Query::OP_AND_MAYBE, all,
                                     Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, near, 2.0)));
}

}  // namespace karta
