// Plain-text data files of stemmers/data/, compiled into the binary.
#ifndef KARTA_STEMMERS_DATA_FILES_H_
#define KARTA_STEMMERS_DATA_FILES_H_

#include <string_view>

namespace karta::data {

[[nodiscard]] std::string_view StopwordsRuTxt();         // stemmers/data/stopwords_ru.txt
[[nodiscard]] std::string_view WordFamiliesRuTxt();      // stemmers/data/word_families_ru.txt
[[nodiscard]] std::string_view AbbreviationsRuTsv();     // stemmers/data/abbreviations_ru.tsv
[[nodiscard]] std::string_view CompoundPrefixesRuTxt();  // stemmers/data/compound_prefixes_ru.txt
[[nodiscard]] std::string_view WordFormationRuTsv();     // stemmers/data/word_formation_ru.tsv
[[nodiscard]] std::string_view
WordFormationExceptionsRuTxt();                       // …/word_formation_exceptions_ru.txt
[[nodiscard]] std::string_view SynonymsRuTsv();       // stemmers/data/synonyms_ru.tsv
[[nodiscard]] std::string_view TruncationsRuTsv();    // stemmers/data/truncations_ru.tsv
[[nodiscard]] std::string_view NarrowerTermsRuTsv();  // stemmers/data/narrower_terms_ru.tsv

}  // namespace karta::data

#endif  // KARTA_STEMMERS_DATA_FILES_H_
