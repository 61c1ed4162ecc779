// The "plain Xapian" peer of the relevance benchmark: what a developer gets from Xapian out
// of the box — TermGenerator and QueryParser with the Snowball Russian stemmer (STEM_SOME), no
// ё folding, no repeated stemming, no word families, default query parsing — over the same
// fields karta indexes.
//
// Also the bare Xapian peer of the ingest budget (bench/scale_bench.py): given exactly what a
// karta index holds for each measure, it writes the same into a new database with Xapian
// alone, timing its stages as `karta index --stage-times` does.
//
// Usage: plain_xapian_peer MEASURES.json < queries.txt
//   MEASURES.json: [{"id", "text", "heading", "other"}]; one query per input line; prints one
//   line per query: the ids of the top 20 hits, tab-separated.
// Usage: plain_xapian_peer --ingest KARTA_INDEX OUT_DB
//   For each measure of KARTA_INDEX (read first, not timed): the same text fields in karta's
//   order and weights through TermGenerator (Snowball Russian, STEM_ALL_Z with positions as
//   karta's, no spelling table),
//   the same boolean terms, values and stored record; one writer, Xapian's default flushing.
//   Prints the stage table on stderr: seconds and microseconds per measure.
#include <xapian.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double Since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// One measure as karta stored it: its record, values and boolean terms.
struct Stored {
  std::string data;
  std::vector<std::pair<Xapian::valueno, std::string>> values;
  std::vector<std::string> boolean_terms;
};

int Ingest(const std::string& from, const std::string& to) {
  Xapian::Database karta(from);
  Xapian::WritableDatabase db(to, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
  Xapian::TermGenerator tg;
  tg.set_stemmer(Xapian::Stem("russian"));
  tg.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);  // karta's: one stemmed term each
  double analyse = 0, document = 0, write = 0;
  size_t measures = 0;
  const auto start = Clock::now();
  double reading = 0;
  for (auto d = karta.postlist_begin(""); d != karta.postlist_end(""); ++d) {
    auto t = Clock::now();
    Stored in;
    const Xapian::Document source = karta.get_document(*d);
    in.data = source.get_data();
    for (auto v = source.values_begin(); v != source.values_end(); ++v) {
      in.values.emplace_back(v.get_valueno(), *v);
    }
    for (auto term = source.termlist_begin(); term != source.termlist_end(); ++term) {
      if (term.get_wdf() == 0) in.boolean_terms.push_back(*term);
    }
    const nlohmann::json r = nlohmann::json::parse(in.data);
    std::vector<std::string> fields{r["section"]["heading"], r["region"]};
    for (const char* list : {"spb_agencies", "partner_agencies", "progress", "notes"}) {
      for (const auto& item : r[list]) fields.push_back(item);
    }
    for (const auto& [column, value] : r["extra"].items()) {
      fields.push_back(value.is_string() ? value.get<std::string>() : value.dump());
    }
    reading += Since(t);

    t = Clock::now();
    Xapian::Document doc;
    tg.set_document(doc);
    tg.index_text(r["text"].get<std::string>(), 3);
    for (const std::string& field : fields) {
      tg.increase_termpos();
      tg.index_text(field);
    }
    analyse += Since(t);
    t = Clock::now();
    for (const std::string& term : in.boolean_terms) doc.add_boolean_term(term);
    for (const auto& [slot, value] : in.values) doc.add_value(slot, value);
    doc.set_data(in.data);
    document += Since(t);
    t = Clock::now();
    db.add_document(doc);
    write += Since(t);
    ++measures;
  }
  auto t = Clock::now();
  db.commit();
  const double commit = Since(t);
  const double wall = Since(start) - reading;
  const double per = measures ? 1e6 / static_cast<double>(measures) : 0;
  std::fprintf(stderr, "%-14s %10s %12s\n", "stage", "seconds", "us/measure");
  const std::pair<const char*, double> rows[] = {{"analyse", analyse},
                                                 {"document", document},
                                                 {"xapian-write", write},
                                                 {"xapian-commit", commit},
                                                 {"sum", analyse + document + write + commit},
                                                 {"wall", wall}};
  for (const auto& [name, seconds] : rows) {
    std::fprintf(stderr, "%-14s %10.3f %12.1f\n", name, seconds, seconds * per);
  }
  std::printf("%zu measures\n", measures);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::string(argv[1]) == "--ingest") {
    try {
      return Ingest(argv[2], argv[3]);
    } catch (const Xapian::Error& e) {
      std::cerr << "plain_xapian_peer: " << e.get_description() << "\n";
      return 3;
    }
  }
  if (argc != 2) {
    std::cerr << "usage: plain_xapian_peer MEASURES.json < queries.txt\n"
                 "       plain_xapian_peer --ingest KARTA_INDEX OUT_DB\n";
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
