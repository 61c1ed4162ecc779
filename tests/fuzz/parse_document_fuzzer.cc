// libFuzzer harness: any bytes as a document (every format karta reads is detected by
// content), through the whole parser. A finding is a crash, a sanitizer report or a leak; a
// rejected document is fine.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "index/document_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const karta::ParseResult r = karta::ParseDocumentBytes(bytes, "fuzz-input");
  if (r.agreement) {
    for (const karta::Measure& m : r.agreement->measures) {
      if (m.id.empty()) __builtin_trap();  // every measure has an id
    }
  }
  return 0;
}
