#include "tests/test_support.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

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

Agreement ParseOrDie(const std::string& path) {
  ParseResult r = ParseDocumentFile(path);
  if (!r.agreement) {
    ADD_FAILURE() << "parse failed: " << (r.error ? r.error->ToString() : "?");
    return Agreement{};
  }
  return std::move(*r.agreement);
}

const Measure* FindMeasure(const Agreement& a, const std::string& number) {
  for (const Measure& m : a.measures) {
    if (m.number == number) return &m;
  }
  return nullptr;
}

}  // namespace karta::testing
