// The values one slot holds for increasing document ids, read from Xapian's value stream
// (sequential, chunk by chunk) rather than document by document.
//
// Thread safety: reads through one Xapian::Database handle; one thread at a time.
#ifndef KARTA_SRC_QUERY_VALUE_CURSOR_H_
#define KARTA_SRC_QUERY_VALUE_CURSOR_H_

#include <xapian.h>

#include <string>

namespace karta::query {

class ValueCursor {
 public:
  ValueCursor(const Xapian::Database& db, Xapian::valueno slot)
      : it_(db.valuestream_begin(slot)), end_(db.valuestream_end(slot)) {}

  // The value of document `did`, empty when it has none.
  // REQUIRES: `did` is not below the one asked for last.
  std::string At(Xapian::docid did) {
    if (it_ != end_ && it_.get_docid() < did) it_.skip_to(did);
    return it_ != end_ && it_.get_docid() == did ? *it_ : std::string();
  }

 private:
  Xapian::ValueIterator it_, end_;
};

}  // namespace karta::query

#endif  // KARTA_SRC_QUERY_VALUE_CURSOR_H_
