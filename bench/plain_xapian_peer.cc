// The "plain Xapian" peer of the relevance benchmark: what a developer gets from Xapian out
// of the box — TermGenerator and QueryParser with the Snowball Russian stemmer (STEM_SOME), no
// ё folding, no repeated stemming, no word families, default query parsing — over the same
// fields karta indexes.
//
// Usage: plain_xapian_peer MEASURES.json < queries.txt
//   MEASURES.json: [{"id", "text", "heading", "other"}]; one query per input line; prints one
//   line per query: the ids of the top 20 hits, tab-separated.
#include <xapian.h>

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: plain_xapian_peer MEASURES.json < queries.txt\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  const nlohmann::json measures = nlohmann::json::parse(in);
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Xapian::TermGenerator tg;
  tg.set_stemmer(Xapian::Stem("russian"));
  for (const auto& m : measures) {
    Xapian::Document doc;
    tg.set_document(doc);
    tg.index_text(m["text"].get<std::string>());
    tg.increase_termpos();
    tg.index_text(m["heading"].get<std::string>());
    tg.increase_termpos();
    tg.index_text(m["other"].get<std::string>());
    doc.set_data(m["id"].get<std::string>());
    db.add_document(doc);
  }
  Xapian::QueryParser qp;
  qp.set_stemmer(Xapian::Stem("russian"));
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  qp.set_database(db);
  std::string line;
  while (std::getline(std::cin, line)) {
    Xapian::Enquire enquire(db);
    enquire.set_query(qp.parse_query(line));
    const Xapian::MSet mset = enquire.get_mset(0, 20);
    std::string out;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      out += (out.empty() ? "" : "\t") + it.get_document().get_data();
    }
    std::cout << out << '\n';
  }
  return 0;
}
