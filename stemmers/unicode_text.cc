#include "stemmers/unicode_text.h"

#include <boost/locale.hpp>

namespace karta {
namespace {

const std::locale& RussianLocale() {
  // Generated once; the ICU backend does not depend on locales installed on the system.
  static const std::locale kLocale = [] {
    boost::locale::generator gen;
    return gen("ru_RU.UTF-8");
  }();
  return kLocale;
}

}  // namespace

std::u32string ToU32(std::string_view utf8) {
  return boost::locale::conv::utf_to_utf<char32_t>(utf8.data(), utf8.data() + utf8.size());
}

std::string ToUtf8(std::u32string_view text) {
  return boost::locale::conv::utf_to_utf<char>(text.data(), text.data() + text.size());
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t extra;
    char32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + extra >= s.size()) return false;  // truncated sequence
    for (size_t k = 1; k <= extra; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Reject overlong encodings and surrogates.
    if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

bool IsLetter(char32_t c) {
  if ((c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z')) return true;
  if (c >= 0x0400 && c <= 0x04FF) return true;                                // Cyrillic
  if (c >= 0x00C0 && c <= 0x024F && c != 0x00D7 && c != 0x00F7) return true;  // Latin-1/Ext
  return false;
}

bool IsDigit(char32_t c) { return c >= U'0' && c <= U'9'; }

bool IsUpper(char32_t c) {
  return (c >= U'A' && c <= U'Z') || (c >= 0x0410 && c <= 0x042F) || c == 0x0401 ||
         (c >= 0x0400 && c <= 0x040F);
}

bool IsDash(char32_t c) {
  return c == U'-' || c == 0x2010 || c == 0x2011 || c == 0x2012 || c == 0x2013 || c == 0x2014 ||
         c == 0x2015 || c == 0x2212;
}

std::string ToNfc(std::string_view utf8) {
  return boost::locale::normalize(std::string(utf8), boost::locale::norm_nfc, RussianLocale());
}

namespace {

// Lower-cases ASCII and the Russian alphabet byte by byte, folding ё→е. Returns false (and
// leaves *out unspecified) when the text holds any other letter that may have case, for the
// full Unicode path to handle. Punctuation and symbols (« » – № NBSP …) pass through.
bool FoldRussianFast(std::string_view s, std::string* out) {
  out->clear();
  out->reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      out->push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : static_cast<char>(c));
      continue;
    }
    if (i + 1 >= s.size()) return false;
    const auto d = static_cast<unsigned char>(s[i + 1]);
    if (c == 0xD0 || c == 0xD1) {
      char32_t cp = ((c & 0x1F) << 6) | (d & 0x3F);
      if (cp >= 0x0410 && cp <= 0x042F) cp += 0x20;   // А–Я → а–я
      if (cp == 0x0401 || cp == 0x0451) cp = 0x0435;  // Ё, ё → е
      if (cp < 0x0430 || cp > 0x044F) return false;   // other Cyrillic: full path
      out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
      ++i;
      continue;
    }
    if (c == 0xC2) {  // U+0080–U+00BF: punctuation and symbols, no case
      out->push_back(static_cast<char>(c));
      out->push_back(static_cast<char>(d));
      ++i;
      continue;
    }
    // U+2000–U+20FF (dashes, quotes, …) and U+2100–U+2116 (up to №) have no case.
    if (c == 0xE2 && i + 2 < s.size() &&
        (d == 0x80 || d == 0x81 || d == 0x82 ||
         (d == 0x84 && static_cast<unsigned char>(s[i + 2]) <= 0x96))) {
      out->append(s.substr(i, 3));
      i += 2;
      continue;
    }
    return false;
  }
  return true;
}

}  // namespace

std::string FoldCase(std::string_view utf8) {
  std::string fast;
  if (FoldRussianFast(utf8, &fast)) return fast;
  std::string lower = boost::locale::to_lower(std::string(utf8), RussianLocale());
  // ё (U+0451, D1 91) → е (U+0435, D0 B5); the two sequences have equal length.
  for (size_t i = 0; i + 1 < lower.size(); ++i) {
    if (static_cast<unsigned char>(lower[i]) == 0xD1 &&
        static_cast<unsigned char>(lower[i + 1]) == 0x91) {
      lower[i] = static_cast<char>(0xD0);
      lower[i + 1] = static_cast<char>(0xB5);
      ++i;
    }
  }
  return lower;
}

std::string MatchKey(std::string_view utf8) {
  const std::u32string in = ToU32(FoldCase(utf8));
  std::u32string out;
  out.reserve(in.size());
  bool pending_space = false;
  for (char32_t c : in) {
    if (c == U'«' || c == U'»' || c == U'"' || c == U'„' || c == U'“' || c == U'”') continue;
    if (IsDash(c)) {
      while (!out.empty() && out.back() == U' ') out.pop_back();
      out.push_back(U'-');
      pending_space = false;
      continue;
    }
    if (c == U' ' || c == U'\t' || c == U'\n' || c == 0x00A0) {
      pending_space = true;
      continue;
    }
    if (pending_space && !out.empty() && out.back() != U'-') out.push_back(U' ');
    pending_space = false;
    out.push_back(c);
  }
  return ToUtf8(out);
}

namespace {

std::vector<std::string> Split(std::string_view utf8, bool number_separators) {
  std::vector<std::string> words;
  const std::u32string text = ToU32(utf8);
  std::u32string word;
  auto flush = [&] {
    while (!word.empty() && word.back() == U'-') word.pop_back();
    if (!word.empty()) words.push_back(ToUtf8(word));
    word.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char32_t c = text[i];
    if (IsLetter(c) || IsDigit(c)) {
      word.push_back(c);
    } else if (IsDash(c) && !word.empty()) {
      word.push_back(U'-');
    } else if (number_separators && (c == U'.' || c == U',' || c == U';') && !word.empty() &&
               IsDigit(word.back()) && i + 1 < text.size() && IsDigit(text[i + 1])) {
      word.push_back(c);
    } else {
      flush();
    }
  }
  flush();
  return words;
}

}  // namespace

std::vector<std::string> SplitWords(std::string_view utf8) { return Split(utf8, false); }

std::vector<std::string> SplitIndexWords(std::string_view utf8) { return Split(utf8, true); }

size_t DisplayWidth(std::string_view utf8) {
  size_t n = 0;
  for (char c : utf8) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::vector<std::string_view> DataLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty() && line.front() != '#') lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

}  // namespace karta
