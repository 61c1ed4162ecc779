// End-to-end: a sharded index (`karta index --shards 3`) served by three stock xapian-tcpsrv
// processes on free loopback ports. Every command prints byte for byte what it prints over
// the single index of the same documents; a shard that does not answer is named, exit 3.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>

#include "index/index_schema.h"
#include "index/shard_set.h"
#include "index/stored_record.h"
#include "tests/test_support.h"

namespace karta {
namespace {

using testing::FixturePath;
using testing::RunKarta;
using testing::TempDir;

// A port nobody listens on now (the kernel's choice for port 0).
int FreePort() {
  const int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  int port = 0;
  if (bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(s);
  return port;
}

bool Accepts(int port) {
  const int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  const bool ok = connect(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(s);
  return ok;
}

// A xapian-tcpsrv child serving `db` on 127.0.0.1; killed when destroyed, and bounded by
// `timeout` in any case.
class TcpServer {
 public:
  explicit TcpServer(const std::string& db) : port_(FreePort()) {
    pid_ = fork();
    if (pid_ == 0) {
      const int null = open("/dev/null", O_WRONLY);
      dup2(null, STDOUT_FILENO);
      dup2(null, STDERR_FILENO);
      std::vector<std::string> args{"timeout",   "300",    "xapian-tcpsrv",       "--interface",
                                    "127.0.0.1", "--port", std::to_string(port_), "--quiet",
                                    db};
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execvp(argv[0], argv.data());
      _exit(127);
    }
    for (int i = 0; i < 100 && !Accepts(port_); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  ~TcpServer() { Stop(); }
  void Stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);  // `timeout` passes it on to the server
    waitpid(pid_, nullptr, 0);
    pid_ = 0;
  }
  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] bool up() const { return Accepts(port_); }

 private:
  int port_;
  pid_t pid_ = -1;
};

// The corpus and the Pskov plan and report: seven agreements, which the shard rule spreads
// over all three shards, the Pskov plan and its report in different ones.
std::vector<std::string> Documents() {
  std::vector<std::string> docs = testing::CorpusFiles();
  docs.push_back(FixturePath("execution"));
  return docs;
}

class RemoteShards : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    std::vector<std::string> one{"index", "-q", "--db", Single()};
    std::vector<std::string> sharded{"index", "-q", "--shards", "3", "--db", Sharded()};
    for (const std::string& d : Documents()) {
      one.push_back(d);
      sharded.push_back(d);
    }
    const auto a = RunKarta(one), b = RunKarta(sharded);
    ASSERT_EQ(a.exit_code, 0) << a.err;
    ASSERT_EQ(b.exit_code, 0) << b.err;
    servers_ = new std::vector<std::unique_ptr<TcpServer>>;
    std::string stub = "# the lexicon stays local: the remote backend serves no spellings\n";
    stub += "auto " + Sharded() + "/lexicon\n";
    for (int k = 0; k < 3; ++k) {
      servers_->push_back(std::make_unique<TcpServer>(Sharded() + "/shard-" + std::to_string(k)));
      stub += "remote 127.0.0.1:" + std::to_string(servers_->back()->port()) + "\n";
    }
    dir_->Write("remote.stub", stub);
  }
  static void TearDownTestSuite() {
    delete servers_;
    servers_ = nullptr;
    delete dir_;
    dir_ = nullptr;
  }
  static std::string Single() { return (dir_->path() / "single").string(); }
  static std::string Sharded() { return (dir_->path() / "sharded").string(); }
  static std::string Stub() { return (dir_->path() / "remote.stub").string(); }

  static TempDir* dir_;
  static std::vector<std::unique_ptr<TcpServer>>* servers_;
};
TempDir* RemoteShards::dir_ = nullptr;
std::vector<std::unique_ptr<TcpServer>>* RemoteShards::servers_ = nullptr;

const std::vector<std::vector<std::string>>& Commands() {
  static const std::vector<std::vector<std::string>> kCommands = {
      {"search", "спортсмены", "--facets"},
      {"search", "культура", "--format", "json", "--facets", "-n", "60"},
      {"search", "НКО OR ОВЗ", "--format", "json", "--facets", "--all"},
      {"search", "музей*", "--sort", "number", "--format", "json"},
      {"search", "туризм", "--sort", "deadline", "-n", "40"},
      {"search", "-r", "Пермский", "--facets", "--format", "json"},
      {"search", "-a", "Комитет по культуре", "--side", "spb", "--facets", "--format", "json"},
      {"search", "--kind", "report", "--facets", "--format", "json"},
      {"search", "спортсмины"},  // «did you mean», from the lexicon's spellings
      {"agencies", "--format", "json"},
      {"agencies", "спорт"},
      {"overlap", "--format", "json"},
      {"overlap", "--by", "sphere", "--format", "json"},
      {"compare", "Пермский", "Томская", "--format", "json"},
      {"counterparts", "--format", "json"},
      {"similar", "PER-2024-2026:6.1", "--format", "json"},
      {"similar", "--text", "обмен опытом в сфере туризма", "--format", "json"},
      {"twins", "--format", "json"},
      {"execution", "--format", "json"},
      {"execution", "-r", "Псковская", "--format", "json"},
      {"timeline", "--by", "sphere", "--format", "json"},
      {"agreements", "--format", "json"},
      {"show", "PSK-2022-2024:1.1", "KGD-2023-2026:9.2", "--format", "json"},
  };
  return kCommands;
}

void ExpectSameOutput(const std::string& single, const std::string& other) {
  for (std::vector<std::string> args : Commands()) {
    std::string line;
    for (const std::string& a : args) line += a + " ";
    args.insert(args.begin() + 1, {"--db", single});
    const auto want = RunKarta(args);
    args[2] = other;
    const auto got = RunKarta(args);
    EXPECT_EQ(want.exit_code, got.exit_code) << line << got.err;
    EXPECT_EQ(want.out, got.out) << line;
    EXPECT_EQ(want.err, got.err) << line;
    EXPECT_FALSE(want.out.empty()) << line << want.err;
  }
}

TEST_F(RemoteShards, TheRuleSpreadsTheAgreementsOverEveryShard) {
  for (int k = 0; k < 3; ++k) {
    const auto r = RunKarta({"agreements", "--db", Sharded() + "/shard-" + std::to_string(k)});
    // A shard alone has no lexicon (no agency registry), but it is a karta index with measures.
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out.find("0 agreements"), std::string::npos) << r.out;
  }
}

// Each shard's measures as «agreement id», sorted; fails the test for a measure whose
// agreement the rule assigns to another shard.
std::vector<std::string> ShardMeasures(const std::string& dir, unsigned shard, unsigned shards) {
  std::vector<std::string> out;
  Xapian::Database db(ShardDirOf(dir, shard));
  for (auto d = db.postlist_begin(""); d != db.postlist_end(""); ++d) {
    const StoredRecord r = DecodeRecord(db.get_document(*d).get_data());
    EXPECT_EQ(schema::ShardOf(r.agreement, shards), shard) << r.measure.id;
    out.push_back(r.agreement + " " + r.measure.id);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// A new index built by several threads compacts each shard from the scratch shards of its
// agreements; on one thread, the shards are copied from the whole index. Both hold the same.
TEST_F(RemoteShards, ParallelAndSerialBuildsMakeTheSameShards) {
  TempDir own;
  const std::string serial = (own.path() / "serial").string();
  std::vector<std::string> args{"index", "-q", "--jobs", "1", "--shards", "3", "--db", serial};
  for (const std::string& d : Documents()) args.push_back(d);
  const auto r = RunKarta(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  size_t total = 0;
  for (unsigned k = 0; k < 3; ++k) {
    const auto parallel = ShardMeasures(Sharded(), k, 3);
    EXPECT_EQ(parallel, ShardMeasures(serial, k, 3)) << "shard " << k;
    EXPECT_FALSE(parallel.empty()) << "shard " << k;
    total += parallel.size();
  }
  EXPECT_EQ(total, Xapian::Database(Single()).get_doccount());
  EXPECT_EQ(Xapian::Database(Sharded() + "/shard-1").get_metadata(schema::kMetaShard), "2 of 3");
}

TEST_F(RemoteShards, EveryCommandPrintsWhatTheSingleIndexPrints) {
  for (const auto& s : *servers_)
    ASSERT_TRUE(s->up()) << "xapian-tcpsrv did not start on " << s->port();
  ExpectSameOutput(Single(), Stub());
}

TEST_F(RemoteShards, LocalShardsPrintWhatTheSingleIndexPrints) {
  ExpectSameOutput(Single(), Sharded());
}

TEST_F(RemoteShards, TheServerAnswersOverRemoteShardsWhatTheSingleIndexDoes) {
  testing::ServeProcess server(Stub());
  ASSERT_GT(server.port(), 0) << server.first_line();
  EXPECT_NE(server.first_line().find("156 measures"), std::string::npos) << server.first_line();
  httplib::Client client("127.0.0.1", server.port());
  client.set_read_timeout(30);
  // «спорт», facets, sorted by number: /api/search?q=спорт&facets=1&sort=number&limit=5
  auto res =
      client.Get("/api/search?q=%D1%81%D0%BF%D0%BE%D1%80%D1%82&facets=1&sort=number&limit=5");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  const auto cli = RunKarta({"search", "спорт", "--db", Single(), "--facets", "--sort", "number",
                             "-n", "5", "-f", "json"});
  EXPECT_EQ(nlohmann::json::parse(res->body), nlohmann::json::parse(cli.out));
  res = client.Get("/api/agencies");
  ASSERT_TRUE(res);
  EXPECT_EQ(nlohmann::json::parse(res->body),
            nlohmann::json::parse(RunKarta({"agencies", "--db", Single(), "-f", "json"}).out));
}

TEST_F(RemoteShards, AnUpdateReachesTheShards) {
  // A copy of the documents, one changed and one deleted, indexed again both ways.
  TempDir work;
  const auto docs = work.path() / "docs";
  std::filesystem::create_directories(docs);
  for (const std::string& d : Documents()) {
    if (std::filesystem::is_directory(d)) {
      for (const auto& e : std::filesystem::directory_iterator(d)) {
        std::filesystem::copy(e.path(), docs / e.path().filename());
      }
    } else {
      std::filesystem::copy(d, docs / std::filesystem::path(d).filename());
    }
  }
  const std::string single = (work.path() / "single").string();
  const std::string sharded = (work.path() / "sharded").string();
  ASSERT_EQ(RunKarta({"index", "-q", "--db", single, docs.string()}).exit_code, 0);
  ASSERT_EQ(RunKarta({"index", "-q", "--shards", "3", "--db", sharded, docs.string()}).exit_code,
            0);
  const std::string kgd = (docs / "002_319fc5bf05c90be2.txt").string();
  std::string text = testing::ReadFile(kgd);
  const std::string from = "архивного дела";
  ASSERT_NE(text.find(from), std::string::npos);
  text.replace(text.find(from), from.size(), "архивного дела и музеев");
  std::ofstream(kgd, std::ios::trunc) << text;
  std::filesystem::remove(docs / "report_pskov_2023.txt");
  ASSERT_EQ(RunKarta({"index", "-q", "--db", single, docs.string()}).exit_code, 0);
  const auto r = RunKarta({"index", "--db", sharded, docs.string()});  // keeps its 3 shards
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("distributing 2 changed agreements over 3 shards"), std::string::npos)
      << r.err;
  ExpectSameOutput(single, sharded);
  // Another shard count is refused, the index left as it was.
  const auto other = RunKarta({"index", "--shards", "2", "--db", sharded, docs.string()});
  EXPECT_EQ(other.exit_code, 3);
  EXPECT_NE(other.err.find("has 3 shards, not 2"), std::string::npos) << other.err;
  // While another karta writes the set (it holds the set's lock for the whole run, shards and
  // lexicon included), a second one is refused before it writes anything.
  const int held = open((std::filesystem::path(sharded) / "writing.lock").c_str(), O_RDWR);
  ASSERT_GE(held, 0);
  ASSERT_EQ(flock(held, LOCK_EX | LOCK_NB), 0);
  const auto busy = RunKarta({"index", "--force", "--db", sharded, docs.string()});
  EXPECT_NE(busy.exit_code, 0);
  EXPECT_NE(busy.err.find("is locked — another karta process is writing it"), std::string::npos)
      << busy.err;
  close(held);
  EXPECT_EQ(RunKarta({"index", "-q", "--force", "--db", sharded, docs.string()}).exit_code, 0);
  ExpectSameOutput(single, sharded);
}

// Independently built indexes joined (karta join): the lexicon derived over all of them makes
// the set answer as one index of the same documents.
TEST_F(RemoteShards, AJoinOfIndependentIndexesPrintsWhatTheSingleIndexPrints) {
  TempDir own;
  const std::string corpus = (own.path() / "corpus").string();
  const std::string pskov = (own.path() / "pskov").string();
  const std::string join = (own.path() / "join").string();
  std::vector<std::string> args{"index", "-q", "--db", corpus};
  for (const std::string& d : testing::CorpusFiles()) args.push_back(d);
  ASSERT_EQ(RunKarta(args).exit_code, 0);
  ASSERT_EQ(RunKarta({"index", "-q", "--db", pskov, FixturePath("execution")}).exit_code, 0);
  const auto r = RunKarta({"join", "--db", join, corpus, pskov});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ExpectSameOutput(Single(), join);
  // «Did you mean» from the lexicon's spelling table: Xapian suggested nothing over the members,
  // which each hold one.
  for (const std::string& db : {Single(), join}) {
    const auto misspelt = RunKarta({"search", "--db", db, "спортсмны"});
    EXPECT_NE(misspelt.out.find("Did you mean «спортсмены»?"), std::string::npos)
        << db << ": " << misspelt.out;
  }

  // An agreement in two indexes would count twice: refused, naming both, the join unchanged.
  const auto twice = RunKarta({"join", "--db", join, corpus, Single()});
  EXPECT_EQ(twice.exit_code, 3);
  EXPECT_NE(twice.err.find("both hold agreement"), std::string::npos) << twice.err;
  EXPECT_NE(twice.err.find(corpus), std::string::npos) << twice.err;
  ExpectSameOutput(Single(), join);
  // The join is not written by karta index: its indexes are.
  const auto index = RunKarta({"index", "--db", join, FixturePath("execution")});
  EXPECT_EQ(index.exit_code, 3);
  EXPECT_NE(index.err.find("a join of karta indexes"), std::string::npos) << index.err;
  const auto missing = RunKarta({"join", "--db", join, corpus, corpus + "-gone"});
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_NE(missing.err.find("-gone: no such index directory"), std::string::npos) << missing.err;
  // While another karta writes the join, a second join is refused and writes nothing.
  const int held = open((std::filesystem::path(join) / "writing.lock").c_str(), O_RDWR);
  ASSERT_GE(held, 0);
  ASSERT_EQ(flock(held, LOCK_EX | LOCK_NB), 0);
  const auto busy = RunKarta({"join", "--db", join, pskov});
  EXPECT_EQ(busy.exit_code, 3);
  EXPECT_NE(busy.err.find(join + ": the directory is locked — another karta process is writing it"),
            std::string::npos)
      << busy.err;
  ExpectSameOutput(Single(), join);
  close(held);
  // What a join that failed before writing its stub leaves (the lock and the joined lexicon)
  // is joined into again.
  std::filesystem::remove(std::filesystem::path(join) / "XAPIANDB");
  const auto again = RunKarta({"join", "--db", join, corpus, pskov});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  ExpectSameOutput(Single(), join);
  // A sharded index is not a join, and a join into it is refused as one.
  const auto into_shards = RunKarta({"join", "--db", Sharded(), corpus});
  EXPECT_EQ(into_shards.exit_code, 3);
  EXPECT_NE(into_shards.err.find("is not a join of karta indexes"), std::string::npos)
      << into_shards.err;
}

TEST_F(RemoteShards, AShardThatDoesNotAnswerIsNamed) {
  TempDir own;
  TcpServer a(Sharded() + "/shard-0"), b(Sharded() + "/shard-1");
  const std::string stub = own.Write(
      "stub", "auto " + Sharded() + "/lexicon\nremote 127.0.0.1:" + std::to_string(a.port()) +
                  "\nremote 127.0.0.1:" + std::to_string(b.port()) + "\n");
  ASSERT_EQ(RunKarta({"search", "спорт", "--db", stub}).exit_code, 0);
  b.Stop();
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"search", "спорт"}, {"agencies"}, {"twins"}}) {
    std::vector<std::string> with_db = args;
    with_db.insert(with_db.end(), {"--db", stub});
    const auto r = RunKarta(with_db);
    EXPECT_EQ(r.exit_code, 3) << args[0] << ": " << r.out << r.err;
    EXPECT_NE(
        r.err.find("line 3 of " + stub + " (remote 127.0.0.1:" + std::to_string(b.port()) + ")"),
        std::string::npos)
        << r.err;
    EXPECT_EQ(r.err.find("line 2 of"), std::string::npos) << r.err;  // the shard that answers
    EXPECT_TRUE(r.out.empty()) << r.out;                             // nothing partial
  }
}

TEST_F(RemoteShards, ABadShardListIsNamedWithItsLine) {
  TempDir own;
  const std::string stub = own.Write(
      "stub", "auto " + Sharded() + "/lexicon\nremote host-without-port\nfrobnicate /x\n");
  const auto r = RunKarta({"search", "спорт", "--db", stub});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find(stub + ":3: «frobnicate /x» is not a shard"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace karta
