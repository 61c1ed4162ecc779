// `karta serve`: the engine (src/engine/engine.h) behind an HTTP JSON API and a web page, on
// cpp-httplib. Read-only; the JSON is the CLI's (src/engine/json_views.h); errors are JSON
// with the CLI's messages, their HTTP status mapped from karta::Status in one place.
//
// Each worker thread keeps its own Engine (Xapian handles are not thread-safe) and opens a new
// one when the index on disk changed (a `karta index` run committed or installed a build), so a
// running server picks up new data without restart and never reads a half-written index.
//
// Thread safety: Run() blocks the calling thread; Stop() may be called from any thread.
#ifndef KARTA_SRC_SERVER_SERVER_H_
#define KARTA_SRC_SERVER_SERVER_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "src/query/status.h"

namespace karta::server {

struct ServerOptions {
  std::string db;                  // the index directory
  std::string host = "127.0.0.1";  // loopback unless told otherwise
  int port = 8080;                 // 0: any free port (port() tells which)
  unsigned threads = 16;           // worker threads, each with its own index handle
  size_t max_query_bytes = 2000;   // longer q= or text= is refused (400)
  size_t max_limit = 1000;         // hits per page at most; limit=all is refused above it
  double time_limit = 10;          // seconds of matching per request; over it: 503
  // Called with one line per request (the access log), from worker threads, serialised.
  std::function<void(const std::string&)> log;
};

class Server {
 public:
  // Binds the socket (the index is opened by the workers, per request). Null with *status
  // (kUnavailable) when the address cannot be bound.
  static std::unique_ptr<Server> Bind(const ServerOptions& options, Status* status);
  ~Server();

  [[nodiscard]] int port() const;
  // Serves until Stop(); requests in flight are finished first.
  void Run();
  void Stop();

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace karta::server

#endif  // KARTA_SRC_SERVER_SERVER_H_
