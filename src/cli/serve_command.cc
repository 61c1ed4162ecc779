#include "src/cli/serve_command.h"

#include <pthread.h>
#include <signal.h>

#include <chrono>
#include <condition_variable>
#include <iostream>
#include <memory>
#include <mutex>
#include <thread>

#include "index/counted.h"
#include "src/cli/db_path.h"
#include "src/cli/exit_codes.h"
#include "src/cli/query_options.h"
#include "src/cli/validators.h"
#include "src/server/server.h"

namespace karta::cli {
namespace {

struct ServeOptions {
  std::string db;
  std::string listen = "127.0.0.1:8080";
  unsigned threads = 16;
  size_t max_limit = 1000;
  double time_limit = 10;
  double lifetime = 0;
  bool quiet = false;
};

int RunServe(const ServeOptions& opt) {
  server::ServerOptions so;
  so.db = ResolveDbPath(opt.db);
  const size_t colon = opt.listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    std::cerr << "karta: --listen takes HOST:PORT, e.g. 127.0.0.1:8080\n";
    return kExitUsageError;
  }
  so.host = opt.listen.substr(0, colon);
  try {
    size_t used = 0;
    so.port = std::stoi(opt.listen.substr(colon + 1), &used);
    if (used != opt.listen.size() - colon - 1 || so.port < 0 || so.port > 65535) throw 0;
  } catch (...) {
    std::cerr << "karta: --listen: «" << opt.listen.substr(colon + 1)
              << "» is not a port (0–65535; 0 picks a free one)\n";
    return kExitUsageError;
  }
  so.threads = opt.threads;
  so.max_limit = opt.max_limit;
  so.time_limit = opt.time_limit;
  if (!opt.quiet) so.log = [](const std::string& line) { std::cerr << line << '\n'; };

  // The index must open before the server says it is listening.
  Status status;
  std::unique_ptr<engine::Engine> engine = engine::Engine::Open(so.db, &status);
  if (!engine) return ReportError(status);
  const size_t measures = engine->measure_count();
  engine.reset();

  // SIGINT and SIGTERM are taken by one thread, which stops the server: blocked here before
  // any worker starts, so every thread inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  std::unique_ptr<server::Server> server = server::Server::Bind(so, &status);
  if (!server) return ReportError(status);
  std::cout << "karta serve: listening on http://" << so.host << ":" << server->port() << "/ ("
            << Counted(measures, "measure", "measures") << " in " << so.db
            << "); Ctrl-C or SIGTERM stops it" << std::endl;

  std::mutex mutex;
  std::condition_variable stopped_cv;
  bool stopped = false;
  int signal_number = 0;
  std::thread signal_waiter([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    {
      std::lock_guard<std::mutex> lock(mutex);
      signal_number = stopped ? 0 : sig;
    }
    server->Stop();
  });
  std::thread lifetime_guard;
  if (opt.lifetime > 0) {
    lifetime_guard = std::thread([&] {
      std::unique_lock<std::mutex> lock(mutex);
      if (!stopped_cv.wait_for(lock, std::chrono::duration<double>(opt.lifetime),
                               [&] { return stopped; })) {
        lock.unlock();
        std::cerr << "karta serve: --lifetime of " << opt.lifetime << " s is over\n";
        server->Stop();
      }
    });
  }
  server->Run();
  {
    std::lock_guard<std::mutex> lock(mutex);
    stopped = true;
  }
  stopped_cv.notify_all();
  if (lifetime_guard.joinable()) lifetime_guard.join();
  // Wake the signal thread if no signal came (the lifetime ended the server).
  pthread_kill(signal_waiter.native_handle(), SIGTERM);
  signal_waiter.join();
  std::cerr << "karta serve: stopped" << (signal_number ? " by a signal" : "") << '\n';
  return kExitOk;
}

}  // namespace

void RegisterServeCommand(CLI::App& app, int* exit_code) {
  auto opt = std::make_shared<ServeOptions>();
  CLI::App* cmd = app.add_subcommand(
      "serve", "HTTP JSON API and web page over the index (read-only; loopback by default)");
  cmd->add_option("--db", opt->db, kDbHelp);
  cmd->add_option("--listen", opt->listen,
                  "HOST:PORT to listen on; port 0 picks a free one (printed at start)")
      ->capture_default_str();
  cmd->add_option("--threads", opt->threads,
                  "Worker threads, each with its own index handle; a kept-alive connection holds "
                  "one, so allow one per concurrent client")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->add_option("--max-limit", opt->max_limit, "Most hits one request may ask for")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  cmd->add_option("--time-limit", opt->time_limit,
                  "Seconds of matching per request; a request over it gets 503")
      ->check(CLI::Range(0.1, 3600.0))
      ->capture_default_str();
  cmd->add_option("--lifetime", opt->lifetime,
                  "Stop by itself after this many seconds (0: run until stopped)")
      ->check(CLI::Range(0.0, 1e9))
      ->capture_default_str();
  cmd->add_flag("-q,--quiet", opt->quiet, "No access log (one line per request on stderr)");
  cmd->footer(
      "Endpoints (GET; JSON as the CLI's -f json, errors as {\"error\": {code, message}}):\n"
      "  /api/search /api/measures/ID /api/measures?id=… /api/agreements /api/agencies\n"
      "  /api/overlap /api/compare /api/counterparts /api/timeline /api/similar/ID\n"
      "  /api/similar?text=… /api/twins /api/execution /api/health; the web page at /.\n"
      "Filters as the CLI's options: q, region, sphere, agency, side, year, kind, match\n"
      "(repeat a parameter for more values); format=csv (and svg for the heatmaps).\n"
      "Statuses: 400 bad query or parameter, 404 unknown id or path, 503 no index or over\n"
      "the time limit. A new `karta index` run is picked up without restart.\n"
      "Exit status: 0 stopped by SIGINT/SIGTERM or --lifetime; 2 bad usage or address in use;\n"
      "3 no index or not a karta index.");
  cmd->callback([opt, exit_code] { *exit_code = RunServe(*opt); });
}

}  // namespace karta::cli
