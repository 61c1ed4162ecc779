// The one error type of the query engine: a code that says who must act and a message for a
// person. Every query-side failure (a bad query or filter, an unknown id, an index that cannot
// be read) is returned as a Status; the CLI maps codes to exit codes in one place
// (src/cli/query_options.cc), the server to HTTP statuses in one place (src/server/server.cc).
// Xapian::Error never leaves the engine: it becomes kUnavailable with Xapian's message.
//
// Thread safety: a plain value.
#ifndef KARTA_SRC_QUERY_STATUS_H_
#define KARTA_SRC_QUERY_STATUS_H_

#include <string>

namespace karta {

struct Status {
  enum class Code {
    kOk,
    kBadQuery,     // the query text cannot be parsed or has nothing to search
    kBadFilter,    // an unknown or ambiguous region, sphere, agency; a bad parameter
    kNotFound,     // an id that is not in the index
    kUnavailable,  // no index, not a karta index, locked, damaged, or a read failed
  };
  Code code = Code::kOk;
  std::string message;

  [[nodiscard]] bool ok() const { return code == Code::kOk; }
};

}  // namespace karta

#endif  // KARTA_SRC_QUERY_STATUS_H_
