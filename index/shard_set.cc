#include "index/shard_set.h"

#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <thread>
#include <vector>

#include "index/file_lock.h"
#include "index/index_schema.h"
#include "index/shard_stub.h"
#include "index/stage_times.h"
#include "index/stored_record.h"
#include "index/xapian_writer.h"

namespace karta {
namespace fs = std::filesystem;
namespace {

constexpr char kLexicon[] = "lexicon";

// The agreement keys of the whole index: one record read per agreement.
std::vector<std::string> AllAgreements(const Xapian::Database& whole) {
  std::vector<std::string> keys;
  const std::string prefix = schema::kAgreementPrefix;
  for (auto t = whole.allterms_begin(prefix); t != whole.allterms_end(prefix); ++t) {
    auto p = whole.postlist_begin(*t);
    if (p == whole.postlist_end(*t)) continue;
    keys.push_back(DecodeRecord(whole.get_document(*p).get_data()).agreement);
  }
  return keys;
}

// A lexicon at `out`: the metadata and spelling table of `whole`, and the shard count.
void WriteLexicon(const Xapian::Database& whole, const std::string& out, unsigned shards) {
  Xapian::WritableDatabase lexicon(out, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
  for (auto k = whole.metadata_keys_begin(); k != whole.metadata_keys_end(); ++k) {
    lexicon.set_metadata(*k, whole.get_metadata(*k));
  }
  for (auto w = whole.spellings_begin(); w != whole.spellings_end(); ++w) {
    lexicon.add_spelling(*w, w.get_termfreq());
  }
  lexicon.set_metadata(schema::kMetaShards, std::to_string(shards));
  lexicon.set_metadata(schema::kMetaShardRule, schema::kShardRule);
  lexicon.commit();
}

// What makes a database a karta shard: the schema, and which shard of how many it is.
void MarkShard(Xapian::WritableDatabase* db, unsigned shard, unsigned shards) {
  db->set_metadata(schema::kMetaSchema, schema::kMetaSchemaVersion);
  db->set_metadata(schema::kMetaShard, std::to_string(shard + 1) + " of " + std::to_string(shards));
}

// Replaces DIR/lexicon by the one `write` makes at the path it is given (atomically, where
// one was already), then writes the stub: the lexicon, then `members`.
bool ReplaceLexicon(const std::string& dir, const std::function<void(const std::string&)>& write,
                    const std::vector<std::string>& members, std::string* error) {
  std::error_code ec;
  const std::string lexicon = (fs::path(dir) / kLexicon).string();
  const std::string fresh = lexicon + ".new", stash = lexicon + ".old";
  fs::remove_all(fresh, ec);
  fs::remove_all(stash, ec);
  write(fresh);
  if (fs::exists(lexicon, ec)) {
    if (!IndexWriter::Install(fresh, lexicon, stash, error)) return false;
    fs::remove_all(fresh, ec);
    fs::remove_all(stash, ec);
  } else {
    fs::rename(fresh, lexicon, ec);
    if (ec) {
      *error = lexicon + ": " + ec.message();
      return false;
    }
  }
  std::vector<std::string> lines{std::string("auto ") + kLexicon};
  for (const std::string& m : members) lines.push_back("auto " + m);
  return WriteShardStub((fs::path(dir) / "XAPIANDB").string(), lines, error);
}

}  // namespace

std::string WholeIndexOf(const std::string& dir) { return (fs::path(dir) / "whole").string(); }

std::string ShardDirOf(const std::string& dir, unsigned shard) {
  return (fs::path(dir) / ("shard-" + std::to_string(shard))).string();
}

unsigned ShardCountOf(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_regular_file(fs::path(dir) / "XAPIANDB", ec) ||
      !fs::is_directory(WholeIndexOf(dir), ec)) {
    return 0;
  }
  try {
    const std::string n =
        Xapian::Database((fs::path(dir) / kLexicon).string()).get_metadata(schema::kMetaShards);
    const unsigned long count = n.empty() ? 0 : std::stoul(n);
    return count <= kMaxShards ? static_cast<unsigned>(count) : 0;
  } catch (const Xapian::Error&) {
  } catch (const std::exception&) {
  }
  return 0;
}

bool DistributeShards(const std::string& dir, unsigned shards, const std::set<std::string>* changed,
                      std::string* error) {
  try {
    Xapian::Database whole(WholeIndexOf(dir));
    std::error_code ec;
    if (!changed) {
      for (unsigned k = 0; k < shards; ++k) fs::remove_all(ShardDirOf(dir, k), ec);
    }
    const std::vector<std::string> agreements =
        changed ? std::vector<std::string>(changed->begin(), changed->end()) : AllAgreements(whole);
    // Copying a measure costs what Xapian's writing of it cost (positions read, tables
    // compressed): the shards are written on every core, each thread with handles of its own.
    const unsigned threads = std::max(1U, std::min(shards, std::thread::hardware_concurrency()));
    std::vector<std::string> errors(threads);
    auto work = [&](unsigned t) {
      try {
        Xapian::Database source(WholeIndexOf(dir));
        std::map<unsigned, Xapian::WritableDatabase> out;  // this thread's shards
        for (unsigned k = t; k < shards; k += threads) {
          out.emplace(
              k, Xapian::WritableDatabase(ShardDirOf(dir, k),
                                          Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS));
        }
        for (const std::string& key : agreements) {
          const std::string term = schema::Term(schema::kAgreementPrefix, key);
          if (changed) {
            for (auto& [k, shard] : out) {
              if (shard.term_exists(term)) shard.delete_document(term);
            }
          }
          auto target = out.find(schema::ShardOf(key, shards));
          if (target == out.end()) continue;  // another thread's
          for (auto p = source.postlist_begin(term); p != source.postlist_end(term); ++p) {
            target->second.add_document(source.get_document(*p));
          }
        }
        for (auto& [k, shard] : out) {
          MarkShard(&shard, k, shards);
          shard.commit();
        }
      } catch (const Xapian::Error& e) {
        errors[t] = e.get_msg();
      }
    };
    std::vector<std::thread> workers;
    for (unsigned t = 1; t < threads; ++t) workers.emplace_back(work, t);
    work(0);
    for (std::thread& w : workers) w.join();
    for (const std::string& e : errors) {
      if (!e.empty()) {
        *error = dir + ": cannot write the shards: " + e;
        return false;
      }
    }

    // The lexicon last: a reader that sees the new one sees every shard written.
    return FinishShards(dir, shards, error);
  } catch (const Xapian::Error& e) {
    *error = dir + ": cannot write the shards: " + e.get_msg();
  } catch (const fs::filesystem_error& e) {
    *error = dir + ": cannot write the shards: " + e.what();
  }
  return false;
}

bool FinishShards(const std::string& dir, unsigned shards, std::string* error) {
  try {
    Xapian::Database whole(WholeIndexOf(dir));
    std::vector<std::string> members;
    for (unsigned k = 0; k < shards; ++k) {
      members.push_back(fs::path(ShardDirOf(dir, k)).filename().string());
    }
    return ReplaceLexicon(
        dir, [&](const std::string& out) { WriteLexicon(whole, out, shards); }, members, error);
  } catch (const Xapian::Error& e) {
    *error = dir + ": cannot write the lexicon: " + e.get_msg();
  } catch (const fs::filesystem_error& e) {
    *error = dir + ": cannot write the lexicon: " + e.what();
  }
  return false;
}

bool MakeShard(const std::vector<std::string>& parts, const std::string& out, unsigned shard,
               unsigned shards, std::string* error) {
  try {
    if (!parts.empty()) {
      Xapian::Database all;
      for (const std::string& part : parts) all.add_database(Xapian::Database(part));
      StageTimer timer(IngestStage::kMerge);
      all.compact(out, Xapian::Compactor::FULL);
    }
    Xapian::WritableDatabase db(out, Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS);
    // The spellings are the lexicon's alone, as in a shard copied from the whole index: a local
    // shard list would otherwise count each word twice.
    std::vector<std::pair<std::string, Xapian::termcount>> words;
    for (auto w = db.spellings_begin(); w != db.spellings_end(); ++w) {
      words.emplace_back(*w, w.get_termfreq());
    }
    for (const auto& [word, freq] : words) db.remove_spelling(word, freq);
    MarkShard(&db, shard, shards);
    db.commit();
    return true;
  } catch (const Xapian::Error& e) {
    *error = out + ": cannot write the shard: " + e.get_msg();
  }
  return false;
}

namespace {

// Whether `lexicon` is the lexicon of a join (JoinIndexes wrote it).
bool JoinedLexicon(const fs::path& lexicon) {
  try {
    return Xapian::Database(lexicon.string()).get_metadata(schema::kMetaShardRule) ==
           schema::kJoinedRule;
  } catch (const Xapian::Error&) {
  }
  return false;
}

// Whether `dir` may be written as a join: missing or empty, an earlier join, or what a join
// that failed before its stub was written left (the lock, its lexicon, the lexicon's
// replacement under way).
bool JoinableDir(const std::string& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return true;
  if (!fs::is_directory(dir, ec)) return false;
  if (IsJoin(dir)) return true;
  const std::string lexicon = kLexicon;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name == schema::kShardSetLock || name == lexicon + ".new" || name == lexicon + ".old") {
      continue;
    }
    if (name == lexicon && JoinedLexicon(entry.path())) continue;
    return false;
  }
  return !ec;
}

}  // namespace

bool IsJoin(const std::string& dir) {
  std::error_code ec;
  return fs::is_regular_file(fs::path(dir) / "XAPIANDB", ec) &&
         JoinedLexicon(fs::path(dir) / kLexicon);
}

bool JoinIndexes(const std::string& dir, const std::vector<std::string>& members,
                 std::string* error) {
  std::error_code ec;
  // One writer of a set at a time: an earlier join (or a sharded index) is locked before it is
  // looked into; a new directory once it is made, below.
  const fs::path lock_file = fs::path(dir) / schema::kShardSetLock;
  std::optional<FileLock> lock;
  auto take_lock = [&] {
    lock.emplace(lock_file);
    if (!lock->held()) *error = dir + ": the directory " + lock->Refusal();
    return lock->held();
  };
  auto joinable = [&] {
    if (JoinableDir(dir)) return true;
    *error = dir + ": exists and is not a join of karta indexes; join into a new directory";
    return false;
  };
  if (fs::exists(lock_file, ec) && !take_lock()) return false;
  if (!joinable()) return false;
  std::vector<std::string> paths;
  Xapian::Database all;
  std::map<std::string, std::string> holder;  // agreement key → the member holding it
  std::vector<std::string> learned;           // each index's abbreviation table
  for (const std::string& member : members) {
    const std::string path = fs::absolute(member, ec).lexically_normal().string();
    try {
      if (!fs::exists(path, ec)) {
        *error = member + ": no such index directory";
        return false;
      }
      if (!fs::is_directory(path, ec) || fs::exists(fs::path(path) / "XAPIANDB", ec)) {
        *error = member + ": not an index directory (a member is one karta index, not a list)";
        return false;
      }
      Xapian::Database db(path);
      const std::string tag = db.get_metadata(schema::kMetaSchema);
      if (tag != schema::kMetaSchemaVersion) {
        *error = member + (tag.empty() ? ": not a karta index"
                                       : ": a karta index of schema " + tag + ", not " +
                                             schema::kMetaSchemaVersion + "; re-index it");
        return false;
      }
      const std::string prefix = schema::kAgreementPrefix;
      for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
        auto [it, fresh] = holder.emplace(*t, member);
        if (!fresh) {
          auto p = db.postlist_begin(*t);
          const std::string key = DecodeRecord(db.get_document(*p).get_data()).agreement;
          *error = member + " and " + it->second + " both hold agreement " + key +
                   "; its measures would count twice: index its documents into one of them";
          return false;
        }
      }
      learned.push_back(db.get_metadata(schema::kMetaAbbreviations));
      all.add_database(db);
      paths.push_back(path);
    } catch (const Xapian::Error& e) {
      *error = member + ": cannot be read as a karta index: " + e.get_msg();
      return false;
    }
  }
  try {
    fs::create_directories(dir);
    // A new directory is locked once made, and looked at again: another karta may have
    // written it meanwhile.
    if (!lock && (!take_lock() || !joinable())) return false;
    auto write = [&](const std::string& fresh) {
      Xapian::WritableDatabase out(fresh,
                                   Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
      out.set_metadata(schema::kMetaSchema, schema::kMetaSchemaVersion);
      out.set_metadata(schema::kMetaAbbreviations, UniteAbbreviations(learned));
      WriteDerivedMetadata(all, &out);
      for (auto w = all.spellings_begin(); w != all.spellings_end(); ++w) {
        out.add_spelling(*w, w.get_termfreq());
      }
      out.set_metadata(schema::kMetaShards, std::to_string(paths.size()));
      out.set_metadata(schema::kMetaShardRule, schema::kJoinedRule);
      out.commit();
    };
    return ReplaceLexicon(dir, write, paths, error);
  } catch (const Xapian::Error& e) {
    *error = dir + ": cannot write the join: " + e.get_msg();
  } catch (const fs::filesystem_error& e) {
    *error = dir + ": cannot write the join: " + e.what();
  }
  return false;
}

}  // namespace karta
