// libFuzzer harness: any bytes as a query over an index of the bundled corpus (built once,
// in a temporary directory, when the fuzzer starts). Errors are fine; crashes are not.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "index/indexer.h"
#include "src/query/searcher.h"

namespace {

std::unique_ptr<karta::query::Searcher> g_searcher;
std::string g_db;  // removed when the fuzzer exits

void RemoveIndex() {
  g_searcher.reset();
  std::error_code ec;
  std::filesystem::remove_all(g_db, ec);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const std::string db =
      (std::filesystem::temp_directory_path() / ("karta-search-fuzzer-" + std::to_string(getpid())))
          .string();
  g_db = db;
  std::atexit(RemoveIndex);
  karta::IndexerOptions options;
  options.db = db;
  options.paths = {KARTA_CORPUS_DIR};
  options.jobs = 1;
  const karta::IndexerResult built = karta::RunIndexer(options, nullptr);
  if (built.status != karta::IndexStatus::kOk) std::abort();
  karta::Status error;
  g_searcher = karta::query::Searcher::Open(db, &error);
  if (!g_searcher) std::abort();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  karta::query::SearchRequest request;
  request.query.assign(reinterpret_cast<const char*>(data), size);
  request.limit = 5;
  request.facets = true;
  request.related = 3;  // as `karta search` asks by default: the related measures too
  karta::Status error;
  (void)g_searcher->Search(request, &error);
  return 0;
}
