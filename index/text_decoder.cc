#include "index/text_decoder.h"

#include <boost/locale/encoding.hpp>

#include "stemmers/unicode_text.h"

namespace karta {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Control bytes that never occur in a text export; a few of them mean a binary file.
bool IsBinaryControl(unsigned char c) {
  return c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v';
}

// Windows-1251 puts lower-case Cyrillic at 0xE0–0xFF, KOI8-R at 0xC0–0xDF; running text is
// mostly lower case, so the busier range tells the two apart.
const char* GuessSingleByteCyrillic(std::string_view bytes) {
  size_t c0_df = 0, e0_ff = 0;
  for (unsigned char c : bytes) {
    if (c >= 0xC0 && c <= 0xDF) ++c0_df;
    if (c >= 0xE0) ++e0_ff;
  }
  return c0_df > e0_ff ? "KOI8-R" : "windows-1251";
}

std::string UnifyLineEndings(std::string_view text, bool* crlf) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') {
        *crlf = true;
        ++i;
      }
      out.push_back('\n');
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

// UTF-16 without a byte-order mark: one byte of each code unit is the high byte, 0x00 for
// ASCII and 0x04 for Cyrillic, so one of the two byte positions is dominated by them.
const char* GuessBomlessUtf16(std::string_view bytes) {
  const size_t n = std::min<size_t>(bytes.size(), 8192) & ~size_t{1};
  if (n < 8) return nullptr;
  size_t high_even = 0, high_odd = 0;
  for (size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c == 0x00 || c == 0x04) ++(i % 2 ? high_odd : high_even);
  }
  const size_t half = n / 2;
  if (high_odd * 10 >= half * 9 && high_even * 10 < half) return "UTF-16LE";
  if (high_even * 10 >= half * 9 && high_odd * 10 < half) return "UTF-16BE";
  return nullptr;
}

// Valid multi-byte UTF-8 sequences, and bytes that fit none.
void CountUtf8(std::string_view bytes, size_t* sequences, size_t* strays) {
  size_t i = 0;
  while (i < bytes.size()) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    const size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    if (len != 0 && IsValidUtf8(bytes.substr(i, len))) {
      ++*sequences;
      i += len;
    } else {
      ++*strays;
      ++i;
    }
  }
}

// UTF-8 with the stray bytes replaced by U+FFFD; `lines` gets the (1-based) lines touched.
std::string RepairUtf8(std::string_view bytes, std::vector<int>* lines) {
  std::string out;
  out.reserve(bytes.size());
  int line = 1;
  size_t i = 0;
  while (i < bytes.size()) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c == '\n') ++line;
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    const size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    if (len != 0 && IsValidUtf8(bytes.substr(i, len))) {
      out.append(bytes.substr(i, len));
      i += len;
    } else {
      out += "\xEF\xBF\xBD";
      if (lines->empty() || lines->back() != line) lines->push_back(line);
      ++i;
    }
  }
  return out;
}

}  // namespace

// True when `utf8` holds a byte sequence NormalizeSpaces would change: control characters,
// NBSP/soft hyphen (C2 A0, C2 AD), combining marks U+0300–U+036F (CC, CD), U+2000–U+206F
// (E2 80/81 …), U+3000 (E3 80 80), BOM (EF BB BF), fullwidth ASCII (EF BC/BD).
// Most exports have none, and then the UTF-32 round trip is skipped.
bool NeedsSpaceNormalization(std::string_view utf8) {
  for (size_t i = 0; i < utf8.size(); ++i) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x20 && c != '\t' && c != '\n') return true;
    if (c == 0xCC || c == 0xCD) return true;
    if (c == 0xC2 || c == 0xE2 || c == 0xE3 || c == 0xEF) {
      const auto next = i + 1 < utf8.size() ? static_cast<unsigned char>(utf8[i + 1]) : 0;
      if ((c == 0xC2 && (next == 0xA0 || next == 0xAD)) ||
          (c == 0xE2 && (next == 0x80 || next == 0x81)) || (c == 0xE3 && next == 0x80) ||
          (c == 0xEF && (next == 0xBB || next == 0xBC || next == 0xBD))) {
        return true;
      }
    }
  }
  return false;
}

std::string NormalizeSpaces(std::string_view utf8) {
  if (!NeedsSpaceNormalization(utf8)) return std::string(utf8);
  std::u32string in = ToU32(utf8);
  std::u32string out;
  out.reserve(in.size());
  for (char32_t c : in) {
    if (c == 0x00A0 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F || c == 0x3000 ||
        c == U'\v' || c == U'\f') {
      out.push_back(U' ');
    } else if (c == 0x2010 || c == 0x2011) {
      // the hyphen and the non-breaking hyphen (Word's w:noBreakHyphen as LibreOffice saves
      // it) are the hyphen every other format gives
      out.push_back(U'-');
    } else if (c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF ||
               c == 0x00AD) {
      // zero-width characters and soft hyphens carry no text
    } else if (c < 0x20 && c != U'\t' && c != U'\n') {
      // stray control characters
    } else if (c >= 0x0300 && c <= 0x036F) {
      // Combining marks: a breve or diaeresis composes «й» and «ё» written decomposed (NFD);
      // any other (a stress mark, «спо́рт») carries no letter.
      if (out.empty()) continue;
      char32_t& last = out.back();
      if (c == 0x0306 && (last == U'и' || last == U'И')) {
        last = last == U'и' ? U'й' : U'Й';
      } else if (c == 0x0308 && (last == U'е' || last == U'Е')) {
        last = last == U'е' ? U'ё' : U'Ё';
      }
    } else if (c >= 0xFF01 && c <= 0xFF5E) {
      out.push_back(c - 0xFF01 + 0x21);  // fullwidth ASCII («ｓｐｏｒｔ») is ASCII
    } else {
      out.push_back(c);
    }
  }
  return ToUtf8(out);
}

DecodeResult DecodeDocument(std::string_view bytes) {
  DecodeResult result;
  if (bytes.empty()) {
    result.error = "the file is empty";
    return result;
  }
  DecodedText decoded;
  std::string utf8;
  try {
    if (StartsWith(bytes, "\xEF\xBB\xBF")) {
      decoded.encoding = "UTF-8 (BOM)";
      utf8 = std::string(bytes.substr(3));
      if (!IsValidUtf8(utf8)) {
        result.error = "the file starts with a UTF-8 byte-order mark but is not valid UTF-8";
        return result;
      }
    } else if (StartsWith(bytes, "\xFF\xFE") || StartsWith(bytes, "\xFE\xFF")) {
      decoded.encoding = bytes[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE";
      const std::string_view body = bytes.substr(2);
      utf8 = boost::locale::conv::to_utf<char>(body.data(), body.data() + body.size(),
                                               decoded.encoding, boost::locale::conv::stop);
    } else if (const char* utf16 = GuessBomlessUtf16(bytes)) {
      decoded.encoding = utf16;
      utf8 = boost::locale::conv::to_utf<char>(bytes.data(), bytes.data() + bytes.size(),
                                               decoded.encoding, boost::locale::conv::stop);
    } else {
      size_t controls = 0;
      for (unsigned char c : bytes) {
        if (IsBinaryControl(c)) ++controls;
      }
      // A NUL or more than 1% control bytes: not a text export.
      if (bytes.find('\0') != std::string_view::npos || controls * 100 > bytes.size()) {
        result.error = "the file is binary, not a text export of a document";
        return result;
      }
      size_t sequences = 0, strays = 0;
      if (IsValidUtf8(bytes)) {
        decoded.encoding = "UTF-8";
        utf8 = std::string(bytes);
      } else if (CountUtf8(bytes, &sequences, &strays), sequences >= 20 * strays) {
        decoded.encoding = "UTF-8";  // a few damaged bytes in a UTF-8 file
        utf8 = RepairUtf8(bytes, &decoded.repaired_lines);
      } else {
        decoded.encoding = GuessSingleByteCyrillic(bytes);
        utf8 = boost::locale::conv::to_utf<char>(bytes.data(), bytes.data() + bytes.size(),
                                                 decoded.encoding, boost::locale::conv::stop);
      }
    }
  } catch (const boost::locale::conv::conversion_error&) {
    result.error = "the text cannot be decoded as " + decoded.encoding;
    return result;
  } catch (const boost::locale::conv::invalid_charset_error&) {
    result.error = "the charset " + decoded.encoding + " is not supported on this system";
    return result;
  }
  decoded.text = NormalizeSpaces(UnifyLineEndings(utf8, &decoded.crlf));
  if (decoded.text.find_first_not_of(" \t\n") == std::string::npos) {
    result.error = "the file is empty (only blank lines)";
    return result;
  }
  result.decoded = std::move(decoded);
  return result;
}

}  // namespace karta
