#include "index/text_decoder.h"

#include <gtest/gtest.h>

#include <boost/locale/encoding.hpp>

namespace karta {
namespace {

const std::string kSample = "1.1\tОбмен опытом\tКомитет по культуре\n";

TEST(DecodeDocument, ReadsPlainUtf8) {
  DecodeResult r = DecodeDocument(kSample);
  ASSERT_TRUE(r.decoded) << r.error;
  EXPECT_EQ(r.decoded->encoding, "UTF-8");
  EXPECT_EQ(r.decoded->text, kSample);
}

TEST(DecodeDocument, StripsUtf8Bom) {
  DecodeResult r = DecodeDocument("\xEF\xBB\xBF" + kSample);
  ASSERT_TRUE(r.decoded);
  EXPECT_EQ(r.decoded->encoding, "UTF-8 (BOM)");
  EXPECT_EQ(r.decoded->text, kSample);
}

TEST(DecodeDocument, ConvertsWindows1251WithCrlf) {
  std::string cp1251 = boost::locale::conv::from_utf(kSample, "windows-1251");
  std::string crlf;
  for (char c : cp1251) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  DecodeResult r = DecodeDocument(crlf);
  ASSERT_TRUE(r.decoded) << r.error;
  EXPECT_EQ(r.decoded->encoding, "windows-1251");
  EXPECT_TRUE(r.decoded->crlf);
  EXPECT_EQ(r.decoded->text, kSample);
}

TEST(DecodeDocument, TellsKoi8rFromWindows1251) {
  DecodeResult r = DecodeDocument(boost::locale::conv::from_utf(kSample, "KOI8-R"));
  ASSERT_TRUE(r.decoded) << r.error;
  EXPECT_EQ(r.decoded->encoding, "KOI8-R");
  EXPECT_EQ(r.decoded->text, kSample);
}

TEST(DecodeDocument, ConvertsUtf16WithBom) {
  std::string utf16 = "\xFF\xFE" + boost::locale::conv::from_utf(kSample, "UTF-16LE");
  DecodeResult r = DecodeDocument(utf16);
  ASSERT_TRUE(r.decoded) << r.error;
  EXPECT_EQ(r.decoded->encoding, "UTF-16LE");
  EXPECT_EQ(r.decoded->text, kSample);
}

TEST(DecodeDocument, NormalisesNbspAndZeroWidthCharacters) {
  DecodeResult r = DecodeDocument("г.\u00A0Санкт-Петербурга\u200B и\u202Fобласти\r\n");
  ASSERT_TRUE(r.decoded);
  EXPECT_EQ(r.decoded->text, "г. Санкт-Петербурга и области\n");
}

// LibreOffice saves Word's non-breaking hyphen as U+2011: the same plan as .docx and .odt must
// give the same text (and so one agreement, not two).
TEST(DecodeDocument, NonBreakingHyphensAreHyphens) {
  EXPECT_EQ(NormalizeSpaces("бизнес\u2011миссии и медико\u2010социальной"),
            "бизнес-миссии и медико-социальной");
}

TEST(DecodeDocument, RejectsBinaryAndEmptyInput) {
  EXPECT_FALSE(DecodeDocument(std::string("PK\x03\x04\0\0\x14\0", 8)).decoded);
  EXPECT_NE(DecodeDocument(std::string("PK\x03\x04\0\0", 6)).error.find("binary"),
            std::string::npos);
  EXPECT_FALSE(DecodeDocument("").decoded);
  EXPECT_FALSE(DecodeDocument(" \n\t\n").decoded);
}

}  // namespace
}  // namespace karta

namespace karta {
namespace {

TEST(TextDecoder, DropsSoftHyphensInEveryEncoding) {
  // U+00AD in UTF-8, and 0xAD in Windows-1251 («опы­том»).
  DecodeResult utf8 = DecodeDocument("1.1\tОбмен опы\xC2\xADтом\n");
  ASSERT_TRUE(utf8.decoded);
  EXPECT_EQ(utf8.decoded->text, "1.1\tОбмен опытом\n");
  DecodeResult cp1251 = DecodeDocument("1.1\t\xCE\xE1\xEC\xE5\xED \xEE\xEF\xFB\xAD\xF2\xEE\xEC\n");
  ASSERT_TRUE(cp1251.decoded);
  EXPECT_EQ(cp1251.decoded->text, "1.1\tОбмен опытом\n");
}

TEST(TextDecoder, RejectsInvalidUtf8AfterABom) {
  DecodeResult r =
      DecodeDocument(std::string("\xEF\xBB\xBF"
                                 "1\t\xB4",
                                 6));
  EXPECT_FALSE(r.decoded);
  EXPECT_NE(r.error.find("not valid UTF-8"), std::string::npos);
}

}  // namespace
}  // namespace karta
