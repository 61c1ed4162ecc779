# Script mode: writes OUTPUT defining `std::string_view karta::data::SYMBOL()` with the
# bytes of INPUT. Hex bytes avoid any escaping or raw-string delimiter issues.
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" hex_len)
math(EXPR byte_count "${hex_len} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
file(WRITE "${OUTPUT}"
  "// Generated from ${INPUT}; do not edit.\n"
  "#include <string_view>\n"
  "namespace karta::data {\n"
  "namespace { const char kBytes[] = {${bytes} '\\0'}; }\n"
  "std::string_view ${SYMBOL}() { return {kBytes, ${byte_count}}; }\n"
  "}  // namespace karta::data\n")
