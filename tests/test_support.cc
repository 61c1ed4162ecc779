#include "tests/test_support.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "index/document_parser.h"
#include "index/xapian_writer.h"

namespace karta::testing {

std::string CorpusPath(const std::string& name) {
  return std::string(KARTA_CORPUS_DIR) + "/" + name;
}
std::string FixturePath(const std::string& name) {
  return std::string(KARTA_FIXTURES_DIR) + "/" + name;
}

std::vector<std::string> CorpusFiles() {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(KARTA_CORPUS_DIR)) {
    if (e.is_regular_file()) files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TempDir::TempDir() {
  std::random_device rd;
  path_ = std::filesystem::temp_directory_path() / ("karta-test-" + std::to_string(rd()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string TempDir::Write(const std::string& name, const std::string& bytes) const {
  const auto p = path_ / name;
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << bytes;
  return p.string();
}

std::string SourcePath(const std::string& relative) {
  return std::string(KARTA_TESTS_DIR) + "/../" + relative;
}

CommandResult RunKarta(const std::vector<std::string>& args, const std::vector<std::string>& env) {
  std::vector<std::string> argv{KARTA_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv, env);
}

CommandResult RunCommand(const std::vector<std::string>& argv_in,
                         const std::vector<std::string>& env) {
  TempDir tmp;
  const std::string out_path = (tmp.path() / "out").string();
  const std::string err_path = (tmp.path() / "err").string();
  pid_t pid = fork();
  if (pid == 0) {
    FILE* o = freopen(out_path.c_str(), "w", stdout);
    FILE* e = freopen(err_path.c_str(), "w", stderr);
    (void)o;
    (void)e;
    for (const std::string& kv : env) putenv(const_cast<char*>(kv.c_str()));
    std::vector<std::string> copy = argv_in;
    std::vector<char*> argv;
    for (std::string& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = ReadFile(out_path);
  r.err = ReadFile(err_path);
  return r;
}

ServeProcess::ServeProcess(const std::string& db, std::vector<std::string> extra) {
  int out[2];
  if (pipe(out) != 0) return;
  pid_ = fork();
  if (pid_ == 0) {
    dup2(out[1], STDOUT_FILENO);
    const int null = open("/dev/null", O_WRONLY);
    dup2(null, STDERR_FILENO);
    close(out[0]);
    std::vector<std::string> args{KARTA_BINARY,  "serve",      "--db", db,          "--listen",
                                  "127.0.0.1:0", "--lifetime", "120",  "--threads", "2"};
    args.insert(args.end(), extra.begin(), extra.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out[1]);
  // The first line says where it listens: «… listening on http://127.0.0.1:PORT/ …».
  std::string line;
  char c;
  while (line.size() < 4096 && read(out[0], &c, 1) == 1 && c != '\n') line += c;
  close(out[0]);
  first_line_ = line;
  const size_t at = line.find("127.0.0.1:");
  if (at != std::string::npos) port_ = std::atoi(line.c_str() + at + 10);
}

int ServeProcess::Stop() {
  if (pid_ <= 0) return exit_status_;
  kill(pid_, SIGTERM);
  int status = 0;
  for (int i = 0; i < 100; ++i) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = 0;
      exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      return exit_status_;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, &status, 0);
  pid_ = 0;
  return exit_status_ = -1;
}

const std::string& SharedCorpusIndex() {
  static TempDir dir;  // removed when the test process exits
  static const std::string path = [] {
    const std::string db = (dir.path() / "corpus-index").string();
    std::string error;
    auto writer = IndexWriter::Open(db, &error);
    if (!writer) {
      ADD_FAILURE() << error;
      return db;
    }
    for (const std::string& f : CorpusFiles()) {
      IndexWriter::ReplaceStats stats;
      if (!writer->Replace(ParseOrDie(f), &stats, &error)) ADD_FAILURE() << error;
    }
    if (!writer->Commit(&error)) ADD_FAILURE() << error;
    return db;
  }();
  return path;
}

const query::Searcher& SharedCorpusSearcher() {
  static const query::Searcher* searcher = [] {
    Status error;
    auto opened = query::Searcher::Open(SharedCorpusIndex(), &error);
    if (!opened) {
      ADD_FAILURE() << error.message;
      std::abort();
    }
    return opened.release();  // lives until the process ends
  }();
  return *searcher;
}

namespace {

Agreement AgreementOrDie(ParseResult r) {
  if (!r.agreement) {
    ADD_FAILURE() << "parse failed: " << (r.error ? r.error->ToString() : "?");
    return Agreement{};
  }
  return std::move(*r.agreement);
}

}  // namespace

Agreement ParseOrDie(const std::string& path) { return AgreementOrDie(ParseDocumentFile(path)); }

Agreement ParseBytesOrDie(const std::string& bytes, const std::string& name) {
  return AgreementOrDie(ParseDocumentBytes(bytes, name));
}

const Measure* FindMeasure(const Agreement& a, const std::string& number) {
  for (const Measure& m : a.measures) {
    if (m.number == number) return &m;
  }
  return nullptr;
}

}  // namespace karta::testing
