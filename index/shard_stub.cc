#include "index/shard_stub.h"

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace karta {
namespace {

std::string Trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

// The stub's keyword and the rest of its line.
std::pair<std::string, std::string> Split(const std::string& text) {
  const size_t space = text.find_first_of(" \t");
  if (space == std::string::npos) return {text, ""};
  return {text.substr(0, space), Trim(text.substr(space + 1))};
}

}  // namespace

bool ShardStub::any_remote() const {
  for (const ShardLine& s : shards) {
    if (s.remote) return true;
  }
  return false;
}

ShardStub ReadShardStub(const std::string& db, std::string* error) {
  namespace fs = std::filesystem;
  ShardStub stub;
  std::error_code ec;
  std::string file;
  if (fs::is_regular_file(db, ec)) {
    file = db;
  } else if (fs::is_regular_file(fs::path(db) / "XAPIANDB", ec)) {
    file = (fs::path(db) / "XAPIANDB").string();
  } else {
    return stub;
  }
  std::ifstream in(file);
  if (!in) {
    *error = file + ": cannot read the shard list";
    return stub;
  }
  stub.file = file;
  std::string raw;
  for (int n = 1; std::getline(in, raw); ++n) {
    const std::string text = Trim(raw);
    if (text.empty() || text[0] == '#') continue;
    const auto [keyword, rest] = Split(text);
    // What OpenShard can open on its own, so that a shard that fails can be named.
    const bool remote = keyword == "remote";
    const bool local = keyword == "auto" || keyword == "glass" || keyword == "chert";
    if ((!remote && !local) || rest.empty()) {
      *error = file + ":" + std::to_string(n) + ": «" + text +
               "» is not a shard (write `remote HOST:PORT` or `auto PATH`)";
      continue;
    }
    stub.shards.push_back(ShardLine{n, text, remote});
  }
  if (stub.shards.empty() && error->empty()) *error = file + ": the shard list names no shard";
  return stub;
}

Xapian::Database OpenShard(const ShardStub& stub, const ShardLine& shard) {
  // A stub of one line is what Xapian opens it from; written beside the original, so that
  // relative paths mean the same.
  const std::filesystem::path dir = std::filesystem::path(stub.file).parent_path();
  const auto [keyword, rest] = Split(shard.text);
  if (keyword == "remote") {
    const size_t colon = rest.rfind(':');
    if (colon != std::string::npos && rest.find(' ') == std::string::npos && colon > 0) {
      unsigned port = 0;
      const std::string digits = rest.substr(colon + 1);
      const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
      if (ec != std::errc() || end != digits.data() + digits.size() || port == 0 || port > 65535) {
        throw Xapian::InvalidArgumentError("«" + digits + "» is not a port number");
      }
      return Xapian::Remote::open(rest.substr(0, colon), port);
    }
    if (!rest.empty() && rest[0] == ':') {
      const auto [program, args] = Split(rest.substr(1));
      return Xapian::Remote::open(program, args);
    }
  }
  if (keyword == "auto" || keyword == "glass" || keyword == "chert") {
    const std::filesystem::path p(rest);
    return Xapian::Database((p.is_absolute() ? p : dir / p).string());
  }
  throw Xapian::InvalidArgumentError("karta cannot open «" + shard.text + "» on its own");
}

std::string ShardName(const ShardStub& stub, const ShardLine& shard) {
  return "shard at line " + std::to_string(shard.line) + " of " + stub.file + " (" + shard.text +
         ")";
}

std::string UnreachableShards(const ShardStub& stub) {
  std::string out;
  for (const ShardLine& shard : stub.shards) {
    try {
      (void)OpenShard(stub, shard).get_doccount();
    } catch (const Xapian::Error& e) {
      out += (out.empty() ? "" : "; ") + ShardName(stub, shard) + ": " + e.get_msg();
    } catch (const std::exception& e) {
      out += (out.empty() ? "" : "; ") + ShardName(stub, shard) + ": " + e.what();
    }
  }
  return out;
}

bool WriteShardStub(const std::string& path, const std::vector<std::string>& lines,
                    std::string* error) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    for (const std::string& l : lines) out << l << '\n';
    out.flush();
    if (!out) {
      *error = tmp + ": cannot write the shard list";
      return false;
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    *error = path + ": cannot write the shard list: " + ec.message();
    return false;
  }
  return true;
}

}  // namespace karta
