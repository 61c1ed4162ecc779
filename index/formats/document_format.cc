#include "index/formats/document_format.h"

#include <cctype>

#include "index/formats/zip_archive.h"
#include "index/table_reader.h"
#include "index/text_decoder.h"

namespace karta {
namespace {

constexpr std::string_view kConvertHint =
    "convert it to DOCX (e.g. `soffice --headless --convert-to docx FILE`) and index that";

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

FormatDetection Refuse(std::string message) {
  FormatDetection d;
  d.refusal = std::move(message);
  return d;
}

FormatDetection DetectZip(std::string_view bytes) {
  std::string error;
  std::unique_ptr<ZipArchive> zip = ZipArchive::Open(bytes, &error);
  if (!zip) return Refuse("a damaged zip package (" + error + ")");
  if (zip->Has("word/document.xml")) return FormatDetection{DocumentFormat::kDocx, ""};
  if (std::optional<std::string> mime = zip->Read("mimetype", 256)) {
    if (StartsWith(*mime, "application/vnd.oasis.opendocument.text")) {
      return FormatDetection{DocumentFormat::kOdt, ""};
    }
    return Refuse("an OpenDocument file of type «" + *mime +
                  "», not a text document; save the roadmap as .odt or .docx");
  }
  if (zip->Has("xl/workbook.xml")) {
    return Refuse(
        "an Excel workbook; karta reads roadmaps as documents: save the table as "
        ".docx or as tab-separated text");
  }
  if (zip->Has("content.xml")) return FormatDetection{DocumentFormat::kOdt, ""};
  return Refuse("a zip archive, not a document; unpack it and index its files");
}

bool LooksLikeHtml(std::string_view bytes) {
  std::string head = LowerAscii(bytes.substr(0, 4096));
  size_t i = head.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (i == std::string::npos) return false;
  std::string_view start = std::string_view(head).substr(i);
  if (StartsWith(start, "<!doctype html") || StartsWith(start, "<html")) return true;
  // Text exports carry <p>, <b> and <br> in cells, never these.
  return head.find("<html") != std::string::npos || head.find("<body") != std::string::npos ||
         head.find("<table") != std::string::npos;
}

}  // namespace

const char* DocumentFormatName(DocumentFormat format) {
  switch (format) {
    case DocumentFormat::kText:
      return "text";
    case DocumentFormat::kDocx:
      return "DOCX";
    case DocumentFormat::kOdt:
      return "ODT";
    case DocumentFormat::kHtml:
      return "HTML";
    case DocumentFormat::kPdf:
      return "PDF";
  }
  return "?";
}

FormatDetection DetectFormat(std::string_view bytes) {
  if (bytes.substr(0, 1024).find("%PDF-") != std::string_view::npos) {
    return FormatDetection{DocumentFormat::kPdf, ""};
  }
  if (StartsWith(bytes, "PK\x03\x04")) return DetectZip(bytes);
  if (StartsWith(bytes, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) {
    return Refuse(
        "a legacy Microsoft Office file (Word 97–2003 .doc or Excel .xls), which "
        "karta does not read; " +
        std::string(kConvertHint));
  }
  if (StartsWith(bytes, "{\\rtf")) {
    return Refuse("an RTF document, which karta does not read; " + std::string(kConvertHint));
  }
  for (std::string_view magic :
       {"\x1F\x8B", "7z\xBC\xAF", "Rar!", "\x89PNG", "\xFF\xD8\xFF", "GIF8", "II*\0", "MM\0*"}) {
    if (StartsWith(bytes, magic)) {
      return Refuse("an archive or an image, not a document (a scan needs OCR first)");
    }
  }
  // A flat OpenDocument (.fodt, LibreOffice's «Flat XML ODF»): the package's parts in one XML.
  if (const std::string_view head = bytes.substr(0, 4096);
      head.find("<office:document") != std::string_view::npos &&
      head.find("application/vnd.oasis.opendocument.text") != std::string_view::npos) {
    return FormatDetection{DocumentFormat::kOdt, ""};
  }
  if (LooksLikeHtml(bytes)) return FormatDetection{DocumentFormat::kHtml, ""};
  return FormatDetection{DocumentFormat::kText, ""};
}

FormatReadResult ReadDocumentTable(std::string_view bytes, DocumentFormat* format) {
  const FormatDetection detected = DetectFormat(bytes);
  *format = detected.format;
  if (!detected.refusal.empty()) {
    FormatReadResult r;
    r.error = detected.refusal;
    return r;
  }
  if ((detected.format == DocumentFormat::kText || detected.format == DocumentFormat::kHtml) &&
      bytes.size() > kMaxTextDocumentBytes) {
    FormatReadResult r;
    r.error = "is " + std::to_string(bytes.size() >> 20) + " MiB of " +
              DocumentFormatName(detected.format) + "; karta reads such documents up to " +
              std::to_string(kMaxTextDocumentBytes >> 20) +
              " MiB (a roadmap's text is well under 1 MiB): split it";
    return r;
  }
  switch (detected.format) {
    case DocumentFormat::kDocx:
      return ReadDocx(bytes);
    case DocumentFormat::kOdt:
      return ReadOdt(bytes);
    case DocumentFormat::kHtml:
      return ReadHtml(bytes);
    case DocumentFormat::kPdf:
      return ReadPdf(bytes);
    case DocumentFormat::kText:
      break;
  }
  FormatReadResult r;
  DecodeResult decoded = DecodeDocument(bytes);
  if (!decoded.decoded) {
    r.error = decoded.error;
    return r;
  }
  r.encoding = decoded.decoded->encoding;
  r.table = ReadTable(decoded.decoded->text);
  r.repaired_lines = std::move(decoded.decoded->repaired_lines);
  return r;
}

}  // namespace karta
