#include "src/query/query_language.h"

#include <algorithm>
#include <map>
#include <vector>

#include "index/index_schema.h"
#include "stemmers/russian_analyzer.h"
#include "stemmers/unicode_text.h"

namespace karta::query {
namespace {

enum class Kind {
  kWord,
  kPhrase,
  kField,
  kWildcard,
  kAnd,
  kOr,
  kNot,
  kMinus,
  kPlus,
  kOpen,
  kClose,
  kEnd
};

struct Token {
  Kind kind = Kind::kEnd;
  std::string text;   // the word, phrase, wildcard prefix or field value
  std::string field;  // for kField: region, sphere, agency, year or kind
  size_t at = 0;      // 1-based character position in the query, for messages
};

constexpr const char* kFields[] = {"region", "sphere", "agency", "year", "kind"};

// Quote pairs a phrase may be written with.
constexpr std::pair<std::string_view, std::string_view> kQuotes[] = {
    {"\"", "\""}, {"«", "»"}, {"“", "”"}, {"„", "“"}};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Where the colon of a field («region:…») is: after a Latin name; npos when the word is not a
// field («Примечание:» is a word with punctuation).
size_t FieldColon(std::string_view word) {
  const size_t colon = word.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::string_view::npos;
  const bool latin =
      std::all_of(word.begin(), word.begin() + static_cast<long>(colon),
                  [](char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'); });
  return latin ? colon : std::string_view::npos;
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  std::vector<Token> Tokens() {
    std::vector<Token> tokens;
    while (true) {
      while (pos_ < text_.size() && IsSpace(text_[pos_])) ++pos_;
      Token t;
      t.at = CharAt(pos_);
      if (pos_ >= text_.size()) {
        tokens.push_back(t);
        return tokens;
      }
      const char c = text_[pos_];
      if (c == '(' || c == ')') {
        t.kind = c == '(' ? Kind::kOpen : Kind::kClose;
        ++pos_;
      } else if (std::string_view close = OpeningQuote(); !close.empty()) {
        t.kind = Kind::kPhrase;
        t.text = Quoted(close, t.at);
      } else if ((c == '-' || c == '+') && pos_ + 1 < text_.size() && !IsSpace(text_[pos_ + 1]) &&
                 text_[pos_ + 1] != c) {
        t.kind = c == '-' ? Kind::kMinus : Kind::kPlus;
        ++pos_;
      } else {
        t = Word(t.at);
        if (t.kind == Kind::kEnd) continue;  // punctuation only (a lone dash)
      }
      tokens.push_back(std::move(t));
    }
  }

 private:
  // 1-based character position of a byte offset; offsets only grow, so counting goes on from
  // the last one (counting from the start each time made long queries quadratic).
  size_t CharAt(size_t byte) {
    for (; counted_bytes_ < byte && counted_bytes_ < text_.size(); ++counted_bytes_) {
      if ((static_cast<unsigned char>(text_[counted_bytes_]) & 0xC0) != 0x80) ++counted_chars_;
    }
    return counted_chars_ + 1;
  }

  // The closing quote for an opening quote at pos_ (consumed), or "" when none is there.
  std::string_view OpeningQuote() {
    for (const auto& [open, close] : kQuotes) {
      if (text_.substr(pos_, open.size()) == open) {
        pos_ += open.size();
        return close;
      }
    }
    return "";
  }

  std::string Quoted(std::string_view close, size_t opened_at) {
    const size_t end = text_.find(close, pos_);
    if (end == std::string_view::npos) {
      throw QuerySyntaxError("the phrase opened at character " + std::to_string(opened_at) +
                             " is not closed");
    }
    std::string inner(text_.substr(pos_, end - pos_));
    pos_ = end + close.size();
    return inner;
  }

  Token Word(size_t at) {
    const size_t start = pos_;
    while (pos_ < text_.size() && !IsSpace(text_[pos_]) && text_[pos_] != '(' &&
           text_[pos_] != ')' && text_[pos_] != '"' && text_.substr(pos_, 2) != "«") {
      ++pos_;
    }
    std::string word(text_.substr(start, pos_ - start));
    Token t;
    t.at = at;
    if (word == "AND" || word == "OR" || word == "NOT") {
      t.kind = word == "AND" ? Kind::kAnd : word == "OR" ? Kind::kOr : Kind::kNot;
      return t;
    }
    if (const size_t colon = FieldColon(word); colon != std::string::npos) {
      std::string name = word.substr(0, colon);
      std::transform(name.begin(), name.end(), name.begin(),
                     [](char ch) { return static_cast<char>(ch | 0x20); });
      if (std::find(std::begin(kFields), std::end(kFields), name) == std::end(kFields)) {
        throw QuerySyntaxError("unknown field «" + word.substr(0, colon + 1) + "» at character " +
                               std::to_string(at) +
                               "; the fields are region:, sphere:, agency:, year:, kind:");
      }
      t.kind = Kind::kField;
      t.field = name;
      t.text = word.substr(colon + 1);
      if (t.text.empty() && pos_ < text_.size()) {
        if (std::string_view close = OpeningQuote(); !close.empty()) t.text = Quoted(close, at);
      }
      if (Trimmed(t.text).empty()) {
        throw QuerySyntaxError("«" + name + ":» at character " + std::to_string(at) +
                               " needs a value, e.g. " + name + ":" + Example(name));
      }
      return t;
    }
    const size_t star = word.find('*');
    if (star != std::string::npos) {
      if (word.find_first_not_of('*', star) != std::string::npos) {
        throw QuerySyntaxError("«*» goes at the end of a word (prefix search), not inside «" +
                               word + "» at character " + std::to_string(at));
      }
      t.kind = Kind::kWildcard;
      t.text = word.substr(0, star);
      return t;
    }
    if (SplitIndexWords(word).empty()) return Token{};  // punctuation only
    t.kind = Kind::kWord;
    t.text = std::move(word);
    return t;
  }

  static std::string Trimmed(const std::string& s) {
    const size_t b = s.find_first_not_of(" \t");
    return b == std::string::npos ? "" : s.substr(b);
  }

  static std::string Example(const std::string& field) {
    if (field == "region") return "Пермский";
    if (field == "sphere") return "туризм";
    if (field == "agency") return "\"Комитет по культуре\"";
    if (field == "year") return "2025";
    return "plan";
  }

  std::string_view text_;
  size_t pos_ = 0;
  size_t counted_bytes_ = 0, counted_chars_ = 0;
};

// A parsed part of the query.
struct Node {
  Xapian::Query query;  // empty: nothing to search (stopwords only)
  bool words = false;   // holds a word, phrase or wildcard
  bool filter = false;  // a field: combined as a filter, carrying no weight
  std::string field;    // of a single field filter: its name (values of one are alternatives)
};

class Parser {
 public:
  Parser(std::vector<Token> tokens, const QueryContext& context)
      : tokens_(std::move(tokens)), ctx_(context) {}

  Node Parse() {
    Node node = Or();
    if (Peek().kind == Kind::kClose) {
      throw QuerySyntaxError("«)» at character " + std::to_string(Peek().at) + " closes nothing");
    }
    return node;
  }

 private:
  const Token& Peek() const { return tokens_[pos_]; }
  const Token& Next() { return tokens_[pos_++]; }
  static bool EndsSequence(Kind k) {
    return k == Kind::kEnd || k == Kind::kClose || k == Kind::kOr;
  }

  void NeedOperand(const Token& op, const char* name) const {
    const Kind k = Peek().kind;
    if (EndsSequence(k) || k == Kind::kAnd) {
      throw QuerySyntaxError(std::string("«") + name + "» at character " + std::to_string(op.at) +
                             " needs a word after it");
    }
  }

  Node Or() {
    if (Peek().kind == Kind::kOr) {
      throw QuerySyntaxError("«OR» at character " + std::to_string(Peek().at) +
                             " needs a word before it");
    }
    Node left = Sequence();
    while (Peek().kind == Kind::kOr) {
      const Token& op = Next();
      NeedOperand(op, "OR");
      Node right = Sequence();
      left = Combine(Xapian::Query::OP_OR, left, right);
    }
    return left;
  }

  // Items side by side, joined by the default operator or AND (which binds tighter), with
  // '+' items required (the others then only add weight), NOT / '-' items taken out of the
  // result and fields applied as filters.
  Node Sequence() {
    std::vector<Node> groups;  // joined by the default operator
    std::vector<Xapian::Query> negatives, required;
    // Fields side by side: values of one field are alternatives, as the options' are
    // («region:Пермский region:Томская» — either region); different fields all apply.
    // A combined filter («(region:A OR sphere:B)») is one of its own.
    std::map<std::string, std::vector<Xapian::Query>> filters;
    std::string last_field;  // of the filter added last
    auto filter_key = [&](const Node& node) {
      return node.field.empty() ? "#" + std::to_string(filters.size()) : node.field;
    };
    bool words = false;
    bool pending_and = false;
    std::string run;  // consecutive plain words, expanded together
    auto add = [&](Node node) {
      words |= node.words;
      if (node.filter) {
        // «region:A AND region:B» asks for both: an AND between two values of one field keeps
        // the second apart («спорт AND region:A region:B» is either region).
        const bool both = pending_and && !node.field.empty() && node.field == last_field;
        filters[both ? "#" + std::to_string(filters.size()) : filter_key(node)].push_back(
            node.query);
        last_field = node.field;
      } else if (pending_and && !groups.empty()) {
        groups.back() = Combine(Xapian::Query::OP_AND, groups.back(), node);
      } else {
        groups.push_back(std::move(node));
      }
      pending_and = false;
    };
    auto flush_run = [&] {
      if (run.empty()) return;
      Node node;
      node.query = ctx_.expansion.Build(run, ctx_.default_op, ctx_.proximity);
      node.words = true;
      run.clear();
      add(std::move(node));
    };
    while (!EndsSequence(Peek().kind)) {
      const Token& t = Peek();
      if (t.kind == Kind::kWord && !pending_and) {
        run += (run.empty() ? "" : " ") + t.text;
        Next();
        continue;
      }
      flush_run();
      if (t.kind == Kind::kAnd) {
        const Token& op = Next();
        if (groups.empty() && filters.empty()) {
          throw QuerySyntaxError("«AND» at character " + std::to_string(op.at) +
                                 " needs a word before it");
        }
        NeedOperand(op, "AND");
        pending_and = true;
        continue;
      }
      if (t.kind == Kind::kPlus && !pending_and) {
        Next();
        Node needed = Primary();
        words |= needed.words;
        if (needed.filter) {
          filters[filter_key(needed)].push_back(needed.query);
          last_field = needed.field;
        } else if (!needed.query.empty()) {
          required.push_back(needed.query);
        }
        continue;
      }
      if (t.kind == Kind::kPlus) Next();  // «A AND +B»: B is required anyway
      if (t.kind == Kind::kNot || t.kind == Kind::kMinus) {
        const Token& op = Next();
        if (op.kind == Kind::kNot) NeedOperand(op, "NOT");
        Node negated = op.kind == Kind::kNot ? Unary() : Primary();
        if (Peek().kind == Kind::kAnd && !negated.query.empty()) {
          // «NOT спорт AND культура»: AND binds tighter, so the exclusion is an operand of it.
          Node excluded;
          excluded.query =
              Xapian::Query(Xapian::Query::OP_AND_NOT, MatchEverything(), negated.query);
          add(std::move(excluded));
          continue;
        }
        if (!negated.query.empty()) negatives.push_back(negated.query);
        pending_and = false;
        continue;
      }
      add(Unary());
    }
    flush_run();

    Node out;
    out.words = words;
    std::vector<Xapian::Query> parts;
    for (const Node& g : groups) {
      if (!g.query.empty()) parts.push_back(g.query);
    }
    Xapian::Query text;
    if (!parts.empty()) text = Xapian::Query(ctx_.default_op, parts.begin(), parts.end());
    if (!required.empty()) {
      const Xapian::Query all(Xapian::Query::OP_AND, required.begin(), required.end());
      text = text.empty() ? all : Xapian::Query(Xapian::Query::OP_AND_MAYBE, all, text);
    }
    Xapian::Query filter;
    if (!filters.empty()) {
      std::vector<Xapian::Query> fields;
      for (const auto& [name, values] : filters) {
        fields.emplace_back(Xapian::Query::OP_OR, values.begin(), values.end());
      }
      filter = Xapian::Query(Xapian::Query::OP_AND, fields.begin(), fields.end());
    }
    if (!text.empty()) {
      out.query = filter.empty() ? text : Xapian::Query(Xapian::Query::OP_FILTER, text, filter);
    } else if (!filter.empty()) {
      out.query = NoWeight(filter);
      out.filter = groups.empty();
    }
    if (!negatives.empty()) {
      const Xapian::Query base = out.query.empty() ? MatchEverything() : out.query;
      out.query =
          Xapian::Query(Xapian::Query::OP_AND_NOT, base,
                        Xapian::Query(Xapian::Query::OP_OR, negatives.begin(), negatives.end()));
      out.filter = false;
    }
    return out;
  }

  // Nesting (parentheses, NOT NOT …) is bounded: the parser recurses, and a query of a
  // hundred thousand «(» must be an error, not a stack overflow.
  static constexpr size_t kMaxDepth = 100;
  void Deeper(const Token& t) {
    if (++depth_ > kMaxDepth) {
      throw QuerySyntaxError("the query nests deeper than " + std::to_string(kMaxDepth) +
                             " levels at character " + std::to_string(t.at));
    }
  }

  Node Unary() {
    if (Peek().kind == Kind::kNot) {
      const Token& op = Next();
      NeedOperand(op, "NOT");
      Deeper(op);
      Node negated = Unary();
      --depth_;
      Node out;
      out.query = Xapian::Query(Xapian::Query::OP_AND_NOT, MatchEverything(), negated.query);
      return out;
    }
    return Primary();
  }

  Node Primary() {
    const Token& t = Next();
    Node node;
    switch (t.kind) {
      case Kind::kOpen: {
        Deeper(t);
        if (Peek().kind == Kind::kClose) {
          throw QuerySyntaxError("empty parentheses at character " + std::to_string(t.at));
        }
        node = Or();
        if (Peek().kind != Kind::kClose) {
          throw QuerySyntaxError("«(» at character " + std::to_string(t.at) + " is not closed");
        }
        Next();
        --depth_;
        return node;
      }
      case Kind::kWord:
        node.query = ctx_.expansion.Build(t.text, ctx_.default_op, ctx_.proximity);
        node.words = true;
        return node;
      case Kind::kPhrase:
        node.query = ctx_.expansion.BuildPhrase(t.text);
        node.words = true;
        return node;
      case Kind::kWildcard:
        node.query = Wildcard(t);
        node.words = true;
        return node;
      case Kind::kField:
        node.query = Field(t);
        node.filter = true;
        node.field = t.field;
        return node;
      case Kind::kClose:
        throw QuerySyntaxError("«)» at character " + std::to_string(t.at) + " closes nothing");
      default:
        throw QuerySyntaxError("a word is missing at character " + std::to_string(t.at));
    }
  }

  static Xapian::Query NoWeight(const Xapian::Query& q) {
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, 0.0);
  }

  static Node Combine(Xapian::Query::op op, const Node& a, const Node& b) {
    Node out;
    out.words = a.words || b.words;
    out.filter = a.filter && b.filter;
    if (a.query.empty()) {
      out.query = b.query;
    } else if (b.query.empty()) {
      out.query = a.query;
    } else {
      out.query = Xapian::Query(op, a.query, b.query);
    }
    return out;
  }

  Xapian::Query Field(const Token& t) const {
    if (t.field == "region") return NoWeight(ctx_.filters.Region(t.text));
    if (t.field == "sphere") return NoWeight(ctx_.filters.Sphere(t.text));
    if (t.field == "agency") return NoWeight(ctx_.filters.Agency(t.text, std::nullopt));
    if (t.field == "year") {
      const bool four_digits =
          t.text.size() == 4 &&
          std::all_of(t.text.begin(), t.text.end(), [](char c) { return c >= '0' && c <= '9'; });
      // The range of -y and the API's year=.
      if (!four_digits || t.text < "1900" || t.text > "2100") {
        throw QuerySyntaxError("«year:" + t.text + "» at character " + std::to_string(t.at) +
                               ": a year is four digits from 1900 to 2100, e.g. year:2025");
      }
      return NoWeight(Xapian::Query(schema::kYearPrefix + t.text));
    }
    const std::string kind = FoldCase(t.text);
    if (kind != "plan" && kind != "report") {
      throw QuerySyntaxError("«kind:" + t.text + "» at character " + std::to_string(t.at) +
                             ": kind is plan or report");
    }
    return NoWeight(Xapian::Query(std::string(schema::kKindPrefix) + kind));
  }

  // Every indexed word (the spelling table holds them unstemmed) that starts with the prefix,
  // each searched by its stem as one term (OP_SYNONYM: scored as a single word).
  Xapian::Query Wildcard(const Token& t) const {
    const RussianAnalyzer& analyzer = RussianAnalyzer::Default();
    const std::string prefix = analyzer.Normalize(t.text);
    const std::vector<std::string> parts = SplitIndexWords(prefix);
    if (parts.size() != 1 || parts[0] != prefix || ToU32(prefix).size() < kMinWildcardLetters) {
      throw QuerySyntaxError("«" + t.text + "*» at character " + std::to_string(t.at) +
                             ": a prefix search needs at least " +
                             std::to_string(kMinWildcardLetters) + " letters before «*»");
    }
    Xapian::Stem stem = analyzer.MakeStemmer();
    std::vector<std::string> terms;
    size_t words = 0;
    Xapian::TermIterator it = ctx_.db.spellings_begin();
    it.skip_to(prefix);
    for (; it != ctx_.db.spellings_end(); ++it) {
      const std::string word = *it;
      if (word.compare(0, prefix.size(), prefix) != 0) break;
      if (++words > kMaxWildcardWords) {
        throw QuerySyntaxError("«" + t.text + "*» at character " + std::to_string(t.at) +
                               " stands for more than " + std::to_string(kMaxWildcardWords) +
                               " words; write more letters");
      }
      terms.push_back("Z" + stem(word));
    }
    std::sort(terms.begin(), terms.end());
    terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
    // No such word: a term no measure has (an empty query would mean «no word to search»).
    if (terms.empty()) return Xapian::Query("Z" + prefix);
    return Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end());
  }

  std::vector<Token> tokens_;
  const QueryContext& ctx_;
  size_t pos_ = 0;
  size_t depth_ = 0;
};

}  // namespace

bool IsPlainQuery(std::string_view text) {
  if (text.find_first_of("\"()*") != std::string_view::npos) return false;
  for (const auto& [open, close] : kQuotes) {
    if (text.find(open) != std::string_view::npos) return false;
  }
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && IsSpace(text[i])) ++i;
    size_t j = i;
    while (j < text.size() && !IsSpace(text[j])) ++j;
    const std::string_view word = text.substr(i, j - i);
    if (word == "AND" || word == "OR" || word == "NOT") return false;
    // A field: a Latin name and a colon («region:…»); «Примечание:» is punctuation.
    if (FieldColon(word) != std::string_view::npos) return false;
    if (word.size() > 1 && (word[0] == '-' || word[0] == '+') && word[1] != word[0]) return false;
    i = j;
  }
  return true;
}

ParsedQuery ParseQuery(std::string_view text, const QueryContext& context) {
  Parser parser(Lexer(text).Tokens(), context);
  const Node node = parser.Parse();
  ParsedQuery out;
  out.has_words = node.words && !node.query.empty();
  out.query = node.query;
  return out;
}

}  // namespace karta::query
