#include "index/formats/cut_words.h"

#include <filesystem>
#include <hunspell.hxx>

#include "stemmers/unicode_text.h"

namespace karta {
namespace {

// Letters, and hyphens inside («Санкт-П»).
bool AllLetters(const std::u32string& w) {
  if (w.empty() || !IsLetter(w.front()) || !IsLetter(w.back())) return false;
  for (char32_t c : w) {
    if (!IsLetter(c) && c != U'-') return false;
  }
  return true;
}

}  // namespace

CutWords::CutWords(const std::string& aff, const std::string& dic) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(aff, ec) && std::filesystem::is_regular_file(dic, ec)) {
    speller_ = std::make_unique<Hunspell>(aff.c_str(), dic.c_str());
  }
}

CutWords::~CutWords() = default;

const CutWords& CutWords::Default() {
  static const CutWords kDefault("/usr/share/hunspell/ru_RU.aff", "/usr/share/hunspell/ru_RU.dic");
  return kDefault;
}

bool CutWords::Known(const std::string& word) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return speller_->spell(word);
}

bool CutWords::OneWord(std::string_view head_word, std::string_view tail_word,
                       bool tail_alone) const {
  if (!speller_) return false;
  // The letters that touch the break: «(предпринимательст» / «ва),» → «предпринимательст», «ва».
  std::u32string h = ToU32(head_word), t = ToU32(tail_word);
  size_t start = h.size();
  while (start > 0 && (IsLetter(h[start - 1]) || h[start - 1] == U'-')) --start;
  h = h.substr(start);
  size_t end = 0;
  while (end < t.size() && (IsLetter(t[end]) || t[end] == U'-')) ++end;
  t = t.substr(0, end);
  if (!AllLetters(h) || !AllLetters(t) || IsUpper(t[0])) return false;
  const std::string head = ToUtf8(h), tail = ToUtf8(t);
  if (!Known(head + tail)) return false;
  if (tail_alone && t.size() <= 2) return true;
  return !(Known(head) && Known(tail));
}

bool CutWords::Hyphenated(std::string_view head_word, std::string_view tail_word) const {
  if (!speller_ || head_word.empty() || head_word.back() != '-') return false;
  head_word.remove_suffix(1);
  std::u32string h = ToU32(head_word), t = ToU32(tail_word);
  size_t start = h.size();
  while (start > 0 && IsLetter(h[start - 1])) --start;
  h = h.substr(start);
  size_t end = 0;
  while (end < t.size() && IsLetter(t[end])) ++end;
  t = t.substr(0, end);
  if (h.empty() || t.empty() || IsUpper(t[0])) return false;
  const std::string head = ToUtf8(h), tail = ToUtf8(t);
  return Known(head + tail) && !Known(head + "-" + tail);
}

}  // namespace karta
