// End-to-end: `karta serve` over real HTTP on a free loopback port. Every endpoint answers
// what the CLI prints for the same request (one engine, one set of views), errors carry the
// CLI's messages with their HTTP statuses, a new `karta index` run is picked up without
// restart, and SIGTERM stops the server cleanly.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>

#include "tests/test_support.h"

namespace karta {
namespace {

using testing::RunKarta;
using testing::SharedCorpusIndex;

using testing::ServeProcess;

struct Reply {
  int status = 0;
  std::string body, type;
};

// Percent-encodes a query parameter's value.
std::string Enc(const std::string& value) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == ':') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

Reply Get(int port, const std::string& target) {
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(30);
  auto res = client.Get(target);
  if (!res) return {};
  return {res->status, res->body, res->get_header_value("Content-Type")};
}

// The CLI's JSON for the same request.
nlohmann::json Cli(std::vector<std::string> args) {
  args.insert(args.begin() + 1, {"--db", SharedCorpusIndex()});
  const auto r = RunKarta(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return nlohmann::json::parse(r.out);
}

class ServeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new ServeProcess(SharedCorpusIndex()); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static int port() { return server_->port(); }
  static nlohmann::json Json(const std::string& target) {
    const Reply r = Get(port(), target);
    EXPECT_EQ(r.status, 200) << target << ": " << r.body;
    EXPECT_EQ(r.type, "application/json; charset=utf-8") << target;
    return nlohmann::json::parse(r.body, nullptr, false);
  }
  static ServeProcess* server_;
};
ServeProcess* ServeTest::server_ = nullptr;

TEST_F(ServeTest, ListensOnLoopbackAndSaysWhere) {
  ASSERT_GT(port(), 0) << server_->first_line();
  EXPECT_NE(server_->first_line().find("143 measures"), std::string::npos);
  const nlohmann::json h = Json("/api/health");
  EXPECT_EQ(h["status"], "ok");
  EXPECT_EQ(h["measures"], 143);
}

TEST_F(ServeTest, SearchAnswersTheCliJson) {
  // Filters repeat as in the CLI; facets, paging and order as its options.
  const nlohmann::json api =
      Json("/api/search?q=" + Enc("спорт") + "&region=" + Enc("Пермский") +
           "&region=" + Enc("Томская") + "&facets=1&limit=3&offset=1&sort=number");
  const nlohmann::json cli = Cli({"search", "спорт", "-r", "Пермский", "-r", "Томская", "--facets",
                                  "-n", "3", "--offset", "1", "--sort", "number", "-f", "json"});
  EXPECT_EQ(api, cli);
  EXPECT_EQ(api["hits"].size(), 3u);
  EXPECT_EQ(api["facets"]["kind"][0]["value"], "plan");
  // The measures like the matches, after them, as the CLI lists them.
  const nlohmann::json war = Json("/api/search?q=" + Enc("ВОВ") + "&related=3");
  EXPECT_EQ(war, Cli({"search", "ВОВ", "--related", "3", "-f", "json"}));
  EXPECT_EQ(war["related"].size(), 3u);
  // Every facet count equals the total of a search filtered by that value.
  for (const auto& v : api["facets"]["region"]) {
    const nlohmann::json one =
        Json("/api/search?q=" + Enc("спорт") + "&region=" + Enc(v["value"].get<std::string>()));
    EXPECT_EQ(one["total"], v["count"]) << v["value"];
  }
}

TEST_F(ServeTest, EveryAnalyticsEndpointAnswersTheCliJson) {
  const std::string sport = "q=" + Enc("спорт");
  EXPECT_EQ(Json("/api/agreements"), Cli({"agreements", "-f", "json"}));
  EXPECT_EQ(Json("/api/agencies?side=spb"), Cli({"agencies", "--side", "spb", "-f", "json"}));
  EXPECT_EQ(Json("/api/overlap?by=sphere&names=1"),
            Cli({"overlap", "--by", "sphere", "--names", "-f", "json"}));
  EXPECT_EQ(Json("/api/compare?regions=" + Enc("Пермский") + "&regions=" + Enc("Томская")),
            Cli({"compare", "Пермский", "Томская", "-f", "json"}));
  EXPECT_EQ(Json("/api/counterparts?" + sport),
            Cli({"counterparts", "--query", "спорт", "-f", "json"}));
  EXPECT_EQ(Json("/api/timeline?by=sphere"), Cli({"timeline", "--by", "sphere", "-f", "json"}));
  EXPECT_EQ(Json("/api/similar/PER-2024-2026:10.1?scope=other-regions&limit=4"),
            Cli({"similar", "PER-2024-2026:10.1", "--other-regions", "-n", "4", "-f", "json"}));
  EXPECT_EQ(Json("/api/similar?text=" + Enc("туризм") + "&limit=3"),
            Cli({"similar", "--text", "туризм", "-n", "3", "-f", "json"}));
  EXPECT_EQ(Json("/api/twins?min_score=0.7"), Cli({"twins", "--min-score", "0.7", "-f", "json"}));
  EXPECT_EQ(Json("/api/execution"), Cli({"execution", "-f", "json"}));
  const nlohmann::json show = Json("/api/measures?id=per:6.1&id=TOM-2020-2022:8.1");
  EXPECT_EQ(show, Cli({"show", "per:6.1", "TOM-2020-2022:8.1", "-f", "json"}));
  EXPECT_EQ(Json("/api/measures/PER:6.1"), show["measures"][0]);
}

TEST_F(ServeTest, CsvAndSvgAreTheCliExports) {
  const Reply csv = Get(port(), "/api/agencies?format=csv");
  EXPECT_EQ(csv.status, 200);
  EXPECT_EQ(csv.type, "text/csv; charset=utf-8");
  EXPECT_EQ(csv.body, RunKarta({"agencies", "--db", SharedCorpusIndex(), "-f", "csv"}).out);
  const Reply search = Get(port(), "/api/search?q=" + Enc("архив") + "&format=csv&limit=50");
  EXPECT_EQ(
      search.body,
      RunKarta({"search", "--db", SharedCorpusIndex(), "архив", "-n", "50", "-f", "csv"}).out);
  const Reply svg = Get(port(), "/api/overlap?format=svg");
  EXPECT_EQ(svg.type, "image/svg+xml; charset=utf-8");
  EXPECT_EQ(svg.body, RunKarta({"overlap", "--db", SharedCorpusIndex(), "-f", "svg"}).out);
  const Reply timeline = Get(port(), "/api/timeline?format=svg");
  EXPECT_EQ(timeline.body, RunKarta({"timeline", "--db", SharedCorpusIndex(), "-f", "svg"}).out);
}

TEST_F(ServeTest, ErrorsAreJsonWithTheCliMessageAndStatus) {
  struct Case {
    std::string target;
    int status;
    std::string code;
    std::vector<std::string> cli;  // the same request on the command line: its stderr
  };
  const std::vector<Case> cases = {
      {"/api/search?q=(((", 400, "bad_query", {"search", "((("}},
      {"/api/search?region=" + Enc("Нарния"), 400, "bad_filter", {"search", "-r", "Нарния"}},
      {"/api/measures/PER:99.9", 404, "not_found", {"show", "PER:99.9"}},
      {"/api/similar/PER-2024-2026:99.9", 404, "not_found", {"similar", "PER-2024-2026:99.9"}},
      {"/api/compare?regions=" + Enc("Пермский") + "&regions=" + Enc("Мордовия"),
       400,
       "bad_filter",
       {"compare", "Пермский", "Мордовия"}},
  };
  for (const Case& c : cases) {
    const Reply r = Get(port(), c.target);
    EXPECT_EQ(r.status, c.status) << c.target;
    const nlohmann::json body = nlohmann::json::parse(r.body, nullptr, false);
    EXPECT_EQ(body["error"]["code"], c.code) << c.target;
    std::vector<std::string> args = c.cli;
    args.insert(args.begin() + 1, {"--db", SharedCorpusIndex()});
    const auto cli = RunKarta(args);
    EXPECT_EQ(cli.exit_code, 2);
    EXPECT_EQ("karta: " + body["error"]["message"].get<std::string>() + "\n", cli.err) << c.target;
  }
  // What only the server can get wrong.
  EXPECT_EQ(Get(port(), "/api/nothing").status, 404);
  EXPECT_EQ(Get(port(), "/api/search?limit=100000").status, 400);
  EXPECT_EQ(Get(port(), "/api/search?limit=-1").status, 400);
  EXPECT_EQ(Get(port(), "/api/search?colour=red").status, 400);
  EXPECT_EQ(Get(port(), "/api/search?side=both").status, 400);
  EXPECT_EQ(Get(port(), "/api/search?q=" + std::string(3000, 'a')).status, 400);
  httplib::Client client("127.0.0.1", port());
  auto post = client.Post("/api/search", "q=x", "application/x-www-form-urlencoded");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);  // read-only
  EXPECT_EQ(post->get_header_value("Allow"), "GET, HEAD");
  EXPECT_NE(post->body.find("method_not_allowed"), std::string::npos) << post->body;
  // A POST without a length is answered at once: it waited for the 10 s read timeout.
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port()));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  const timeval wait{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof(wait));
  const std::string request = "POST /api/search?q=x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  ASSERT_EQ(send(fd, request.data(), request.size(), 0), static_cast<ssize_t>(request.size()));
  const auto start = std::chrono::steady_clock::now();
  char buffer[512] = {};
  const ssize_t got = recv(fd, buffer, sizeof(buffer) - 1, 0);
  close(fd);
  ASSERT_GT(got, 0);
  EXPECT_EQ(std::string(buffer).rfind("HTTP/1.1 405", 0), 0u) << buffer;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  const Reply long_line = Get(port(), "/api/search?q=" + std::string(9000, 'a'));
  EXPECT_EQ(long_line.status, 414);
  EXPECT_NE(long_line.body.find("too long"), std::string::npos) << long_line.body;
}

TEST_F(ServeTest, ServesTheWebPageItsFilesEmbedded) {
  const Reply page = Get(port(), "/");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.type, "text/html; charset=utf-8");
  EXPECT_EQ(page.body, testing::ReadFile(testing::SourcePath("src/server/web/index.html")));
  EXPECT_EQ(Get(port(), "/app.js").body,
            testing::ReadFile(testing::SourcePath("src/server/web/app.js")));
  EXPECT_EQ(Get(port(), "/style.css").status, 200);
}

// A server over an index of the first corpus document, which the test then rewrites.
class ServeGrowingIndex : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(RunKarta({"index", "--db", db, files[0]}).exit_code, 0);
    server = std::make_unique<ServeProcess>(db);
    ASSERT_GT(server->port(), 0);
  }
  testing::TempDir dir;
  const std::string db = (dir.path() / "db").string();
  const std::vector<std::string> files = testing::CorpusFiles();
  std::unique_ptr<ServeProcess> server;
};

TEST_F(ServeGrowingIndex, PicksUpANewIndexRunWithoutRestartAndAnswers503WithoutAnIndex) {
  const auto measures = [&] {
    const Reply r = Get(server->port(), "/api/health");
    return r.status == 200 ? nlohmann::json::parse(r.body)["measures"].get<int>() : -r.status;
  };
  const int before = measures();
  EXPECT_GT(before, 0);
  // An update commits a new revision; a second run adds the rest.
  ASSERT_EQ(RunKarta({"index", "--db", db, files[0], files[1]}).exit_code, 0);
  const int after_one = measures();
  EXPECT_GT(after_one, before);
  ASSERT_EQ(RunKarta({"index", "--db", db, testing::CorpusPath("")}).exit_code, 0);
  EXPECT_EQ(measures(), 143);
  // The index gone: 503 with a message, and the server keeps running.
  std::filesystem::rename(db, db + ".moved");
  const Reply gone = Get(server->port(), "/api/search?q=x");
  EXPECT_EQ(gone.status, 503);
  EXPECT_NE(gone.body.find("\"unavailable\""), std::string::npos);
  std::filesystem::rename(db + ".moved", db);
  EXPECT_EQ(measures(), 143);
  EXPECT_EQ(server->Stop(), 0);  // SIGTERM: a clean stop
}

TEST_F(ServeGrowingIndex, KeepsAnsweringWhileAnotherProcessRewritesTheIndex) {
  std::atomic<bool> stop{false};
  std::vector<std::pair<int, int>> answers;  // status, total
  std::thread reader([&] {
    httplib::Client client("127.0.0.1", server->port());
    client.set_read_timeout(30);
    while (!stop) {
      auto res = client.Get("/api/search?q=" + Enc("обмен опытом") + "&facets=1");
      if (!res) {
        answers.emplace_back(-1, -1);
        continue;
      }
      const auto body = nlohmann::json::parse(res->body, nullptr, false);
      answers.emplace_back(res->status, res->status == 200 ? body["total"].get<int>() : -1);
    }
  });
  // An update in place, then a new build of everything, installed by renames.
  EXPECT_EQ(RunKarta({"index", "--db", db, files[0], files[1]}).exit_code, 0);
  EXPECT_EQ(RunKarta({"index", "--db", db, "--force", testing::CorpusPath("")}).exit_code, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  stop = true;
  reader.join();
  ASSERT_GT(answers.size(), 10u);
  int last = 0;
  for (const auto& [status, total] : answers) {
    EXPECT_EQ(status, 200);
    EXPECT_GE(total, last);  // each answer from one committed revision, never going back
    last = total;
  }
  const nlohmann::json all = nlohmann::json::parse(
      RunKarta({"search", "--db", db, "обмен опытом", "-f", "json", "-n", "0"}).out);
  EXPECT_EQ(last, all["total"].get<int>());
}

// A second server on the port of a running one is refused (exit 2), not let share it.
TEST_F(ServeTest, ASecondServerOnTheSamePortIsRefused) {
  ASSERT_GT(port(), 0);
  const auto second = RunKarta({"serve", "--db", SharedCorpusIndex(), "--listen",
                                "127.0.0.1:" + std::to_string(port()), "--lifetime", "3"});
  EXPECT_EQ(second.exit_code, 2) << second.out;
  EXPECT_NE(second.err.find("cannot listen"), std::string::npos) << second.err;
}

// limit=all answers while the matches fit --max-limit, however big the index.
TEST(Serve, LimitAllIsRefusedOnlyWhenTheMatchesExceedTheMaximum) {
  ServeProcess server(SharedCorpusIndex(), {"--max-limit", "20"});
  ASSERT_GT(server.port(), 0) << server.first_line();
  const Reply few = Get(server.port(),
                        "/api/search?q=%D1%84%D0%B5%D1%85%D1%82%D0%BE%D0%B2%D0%B0"
                        "%D0%BD%D0%B8%D1%8E&limit=all");  // «фехтованию»: 1
  ASSERT_EQ(few.status, 200) << few.body;
  EXPECT_EQ(nlohmann::json::parse(few.body)["hits"].size(), 1u);
  const Reply many = Get(server.port(), "/api/search?q=%D0%BE%D0%B1%D0%BC%D0%B5%D0%BD&limit=all");
  EXPECT_EQ(many.status, 400) << many.body;  // «обмен»: more than 20
}

TEST(Serve, RefusesToStartWithoutAnIndexOrOnABadAddress) {
  testing::TempDir dir;
  const auto none = RunKarta({"serve", "--db", (dir.path() / "none").string(), "--listen",
                              "127.0.0.1:0", "--lifetime", "5"});
  EXPECT_EQ(none.exit_code, 3);
  const auto bad = RunKarta({"serve", "--db", SharedCorpusIndex(), "--listen", "localhost"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("HOST:PORT"), std::string::npos);
}

}  // namespace
}  // namespace karta
