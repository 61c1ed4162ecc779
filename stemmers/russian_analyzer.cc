#include "stemmers/russian_analyzer.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "stemmers/data_files.h"
#include "stemmers/unicode_text.h"

namespace karta {
namespace {

// ё (D1 91) → е (D0 B5) and Ё (D0 81) → Е (D0 95), in place: both sequences have two bytes.
void FoldYo(std::string* word) {
  for (size_t i = 0; i + 1 < word->size(); ++i) {
    auto& a = (*word)[i];
    auto& b = (*word)[i + 1];
    if (a == '\xD1' && b == '\x91') {
      a = '\xD0';
      b = '\xB5';
    } else if (a == '\xD0' && b == '\x81') {
      b = '\x95';
    }
  }
}

// Folds ё before Snowball sees the word, then applies Snowball Russian until the term stops
// changing. Snowball is not idempotent: «спортсменов» → «спортсмен» but «спортсмены» →
// «спортсм» (it strips «ены» as a verb ending), and «спортсмен» → «спортсм»; iterating makes
// all inflections of a word meet. Three rounds always reach the fixed point in practice. No
// word but a stopword ends on a stopword or its stem: the rounds would cut «военн» to «во»
// and Snowball «ао» to «а», and the word would match every «во» and «а».
// Words arrive lower-cased (TermGenerator, QueryParser, snippets lower-case first); results
// are memoised because a vocabulary is small next to the number of words indexed.
class FoldingRussianStem : public Xapian::StemImplementation {
 public:
  // `stops`: the stopwords and their Snowball stems.
  explicit FoldingRussianStem(std::shared_ptr<const std::unordered_set<std::string>> stops)
      : stops_(std::move(stops)) {}

  std::string operator()(const std::string& word) override {
    if (auto it = memo_.find(word); it != memo_.end()) return it->second;
    std::string folded = word;
    FoldYo(&folded);
    std::string term = russian_(folded);
    // A word is never cut down to a function word: «ао» is not «а», «военн…» not «во».
    const bool stop = stops_->count(folded) > 0;
    if (!stop && stops_->count(term)) term = folded;
    for (int round = 0; round < 3; ++round) {
      std::string again = russian_(term);
      if (again == term || (!stop && stops_->count(again))) break;
      term = std::move(again);
    }
    if (memo_.size() < kMaxMemo) memo_.emplace(word, term);
    return term;
  }
  std::string get_description() const override { return "russian+yo-folding"; }

 private:
  static constexpr size_t kMaxMemo = 1 << 20;
  Xapian::Stem russian_{"russian"};
  std::shared_ptr<const std::unordered_set<std::string>> stops_;
  std::unordered_map<std::string, std::string> memo_;
};

// Combining marks (U+0300–U+036F) are encoded with lead bytes 0xCC/0xCD; without them the
// text is already NFC for our purposes and normalisation can be skipped.
bool MayNeedNfc(std::string_view s) {
  for (char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if (b == 0xCC || b == 0xCD) return true;
  }
  return false;
}

}  // namespace

RussianAnalyzer::RussianAnalyzer(std::string_view stopwords_text,
                                 std::string_view compound_prefixes_text)
    : stopper_(std::make_shared<Xapian::SimpleStopper>()) {
  for (size_t pos = 0; pos < compound_prefixes_text.size();) {  // one form a line; '#' comments
    size_t end = compound_prefixes_text.find('\n', pos);
    if (end == std::string_view::npos) end = compound_prefixes_text.size();
    const std::string_view line = compound_prefixes_text.substr(pos, end - pos);
    if (!line.empty() && line.front() != '#') {
      for (const std::string& w : SplitWords(FoldCase(line))) compound_prefixes_.push_back(w);
    }
    pos = end + 1;
  }
  std::sort(compound_prefixes_.begin(), compound_prefixes_.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  auto stops = std::make_shared<std::unordered_set<std::string>>();
  Xapian::Stem snowball("russian");
  size_t start = 0;
  while (start < stopwords_text.size()) {
    size_t end = stopwords_text.find('\n', start);
    if (end == std::string_view::npos) end = stopwords_text.size();
    std::string_view line = stopwords_text.substr(start, end - start);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
    if (!line.empty() && line.front() != '#') {
      const std::string word = FoldCase(line);
      stopper_->add(word);
      stops->insert(word);
      stops->insert(snowball(word));
    }
    start = end + 1;
  }
  stop_stems_ = std::move(stops);
}

const RussianAnalyzer& RussianAnalyzer::Default() {
  static const RussianAnalyzer kDefault(data::StopwordsRuTxt(), data::CompoundPrefixesRuTxt());
  return kDefault;
}

std::string RussianAnalyzer::Normalize(std::string_view text) const {
  if (!MayNeedNfc(text)) return FoldCase(text);
  return FoldCase(ToNfc(text));
}

std::string RussianAnalyzer::CompoundRemainder(std::string_view word) const {
  constexpr size_t kMinRest = 12;  // bytes: six Cyrillic letters («экотуризм» stays whole)
  for (const std::string& prefix : compound_prefixes_) {
    if (word.size() >= prefix.size() + kMinRest && word.substr(0, prefix.size()) == prefix) {
      return std::string(word.substr(prefix.size()));
    }
  }
  return "";
}

void RussianAnalyzer::AddCompoundTerms(std::string_view folded_text, Xapian::Document* doc) const {
  Xapian::Stem stem = MakeStemmer();
  for (const std::string& word : SplitWords(folded_text)) {
    if (word.find('-') != std::string::npos) continue;  // hyphenated: parts are indexed already
    // Words longer than the TermGenerator indexes (64 characters) are no compounds to split;
    // a term must also stay under Xapian's 245-byte limit.
    if (word.size() > 128) continue;
    const std::string rest = CompoundRemainder(word);
    if (!rest.empty()) doc->add_term("Z" + stem(rest));
  }
}

Xapian::Stem RussianAnalyzer::MakeStemmer() const {
  return Xapian::Stem(new FoldingRussianStem(stop_stems_));
}

bool RussianAnalyzer::IsStopword(std::string_view folded_word) const {
  return (*stopper_)(std::string(folded_word));
}

std::string RussianAnalyzer::Term(std::string_view word) const {
  const std::string folded = Normalize(word);
  if (IsStopword(folded)) return "";
  Xapian::Stem stem = MakeStemmer();
  return stem(folded);
}

// Only stemmed terms, with positions (STEM_ALL_Z), on both sides: phrases and hyphenated
// words then match across inflections («санкт-петербургский» finds «Санкт- Петербургском»),
// which STEM_SOME cannot do because it keeps positions for unstemmed forms only. Every word is
// indexed so quoted phrases with stopwords still match; the stopper applies to queries.
void RussianAnalyzer::Configure(Xapian::TermGenerator* generator) const {
  generator->set_stemmer(MakeStemmer());
  generator->set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
}

void RussianAnalyzer::Configure(Xapian::QueryParser* parser) const {
  parser->set_stemmer(MakeStemmer());
  parser->set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
  parser->set_stopper(stopper_.get());
}

}  // namespace karta
