// Parses one roadmap document (plan or execution report) into an Agreement. The entry point
// of ingestion: reading, decoding, layout detection, table assembly, metadata, deadlines and
// measure ids. Expected failures are values, never exceptions: a file that cannot be used
// yields `error`; problems that leave the measures usable are warnings on the agreement.
//
// Thread safety: ParseDocument* may run concurrently on different inputs.
#ifndef KARTA_INDEX_DOCUMENT_PARSER_H_
#define KARTA_INDEX_DOCUMENT_PARSER_H_

#include <optional>
#include <string>
#include <string_view>

#include "index/measure.h"

namespace karta {

struct ParseResult {
  std::optional<Agreement> agreement;  // empty when the file is rejected
  std::optional<Diagnostic> error;     // why it was rejected
};

// Reads and parses a file. Missing files, directories, unreadable, binary or empty files and
// documents without a single measure are rejected with a message naming the file.
[[nodiscard]] ParseResult ParseDocumentFile(const std::string& path);

// Parses bytes already read; `path` names them in messages and in Agreement::file/path.
[[nodiscard]] ParseResult ParseDocumentBytes(std::string_view bytes, const std::string& path);

}  // namespace karta

#endif  // KARTA_INDEX_DOCUMENT_PARSER_H_
