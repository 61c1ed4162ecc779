// Words a renderer cut at a line end without a hyphen. A word wider than a narrow table column
// is broken where the line is full («предпринимательст» / «ва»); a PDF keeps only the two
// pieces. Whether two pieces are one word is a question for a dictionary: Hunspell's Russian
// one (Debian's hunspell-ru, the spell checker of LibreOffice and Firefox), which knows every
// inflection. Pieces are joined when together they are a word and apart they are not both
// words, so two words that happen to form a third («по» + «мере») stay apart.
//
// Without the dictionary installed nothing is joined (the text keeps the renderer's break as a
// space, as before).
//
// Thread safety: Default() is shared; calls are serialised inside (Hunspell is not reentrant).
#ifndef KARTA_INDEX_FORMATS_CUT_WORDS_H_
#define KARTA_INDEX_FORMATS_CUT_WORDS_H_

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

class Hunspell;

namespace karta {

class CutWords {
 public:
  // The dictionary at `aff` and `dic` (Hunspell's two files); none when they cannot be read.
  CutWords(const std::string& aff, const std::string& dic);
  ~CutWords();
  // Debian's Russian dictionary (/usr/share/hunspell/ru_RU.*).
  static const CutWords& Default();

  [[nodiscard]] bool available() const { return speller_ != nullptr; }
  // Whether `head` (the end of a line) and `tail` (the start of the next) are the two pieces
  // of one word: letters only, the tail in lower case, one word together and not two apart —
  // or, when the tail is all its line holds (`tail_alone`) and of one or two letters, even if
  // it is a word by itself («Санкт-Петербург» / «а»: no line holds a lone «а»).
  [[nodiscard]] bool OneWord(std::string_view head, std::string_view tail,
                             bool tail_alone = false) const;
  // Whether the hyphen ending `head` («промышлен-») is a hyphenation point, not a compound's
  // («информационно-»): together without it they are a word, with it they are not.
  [[nodiscard]] bool Hyphenated(std::string_view head, std::string_view tail) const;

 private:
  [[nodiscard]] bool Known(const std::string& word) const;

  std::unique_ptr<Hunspell> speller_;
  mutable std::mutex mutex_;
};

}  // namespace karta

#endif  // KARTA_INDEX_FORMATS_CUT_WORDS_H_
