#include "src/server/server.h"

#include <httplib.h>

#include <chrono>
#include <filesystem>
#include <limits>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string_view>
#include <thread>

#include "src/engine/engine.h"
#include "src/engine/heatmap_views.h"
#include "src/engine/json_views.h"
#include "src/engine/table_views.h"
#include "src/server/web_assets.h"

namespace karta::server {
namespace {

using engine::Engine;
using query::SearchRequest;

// The one mapping of karta::Status to HTTP.
int HttpStatusOf(const Status& status) {
  switch (status.code) {
    case Status::Code::kOk:
      return 200;
    case Status::Code::kBadQuery:
    case Status::Code::kBadFilter:
      return 400;
    case Status::Code::kNotFound:
      return 404;
    case Status::Code::kUnavailable:
      break;
  }
  return 503;
}

constexpr char kJson[] = "application/json; charset=utf-8";

void SendJson(httplib::Response& res, const nlohmann::json& body, int status = 200) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), kJson);
}

void SendError(httplib::Response& res, const Status& status) {
  SendJson(res, engine::StatusJson(status), HttpStatusOf(status));
}

// The parameters of one request, checked against what its endpoint takes. The first problem
// is kept as a kBadFilter status with the CLI's kind of message.
class Params {
 public:
  Params(const httplib::Request& req, std::set<std::string> known, const ServerOptions& options)
      : req_(req), options_(options) {
    for (const auto& [name, value] : req.params) {
      if (!known.count(name)) {
        std::string list;
        for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
        Fail("unknown parameter «" + name + "» for " + req.path +
             (list.empty() ? "; it takes none" : "; it takes: " + list));
        break;
      }
    }
  }

  [[nodiscard]] const Status& status() const { return status_; }
  [[nodiscard]] bool ok() const { return status_.ok(); }

  [[nodiscard]] std::vector<std::string> All(const std::string& name) {
    std::vector<std::string> out;
    const size_t n = req_.get_param_value_count(name);
    for (size_t i = 0; i < n; ++i) {
      std::string v = req_.get_param_value(name, i);
      if (v.empty()) continue;  // an empty form field is no value
      if (v.size() > options_.max_query_bytes) {
        Fail("parameter «" + name + "» is longer than " + std::to_string(options_.max_query_bytes) +
             " bytes");
      }
      out.push_back(std::move(v));
    }
    return out;
  }

  [[nodiscard]] std::string One(const std::string& name, std::string fallback = "") {
    std::vector<std::string> all = All(name);
    if (all.size() > 1)
      Fail("parameter «" + name + "» is given " + std::to_string(all.size()) +
           " times; it takes one value");
    return all.empty() ? fallback : all.front();
  }

  [[nodiscard]] std::string Choice(const std::string& name, const std::vector<std::string>& values,
                                   const std::string& fallback) {
    const std::string v = One(name, fallback);
    for (const std::string& allowed : values) {
      if (v == allowed) return v;
    }
    std::string list;
    for (const std::string& a : values) list += (list.empty() ? "" : ", ") + a;
    Fail("parameter «" + name + "»: «" + v + "» is not one of " + list);
    return fallback;
  }

  [[nodiscard]] long long Number(const std::string& name, long long fallback, long long min,
                                 long long max) {
    const std::string v = One(name);
    return v.empty() ? fallback : ParseNumber(name, v, fallback, min, max);
  }

  // Every value of a repeatable numeric parameter.
  [[nodiscard]] std::vector<int> Numbers(const std::string& name, int min, int max) {
    std::vector<int> out;
    for (const std::string& v : All(name)) {
      out.push_back(static_cast<int>(ParseNumber(name, v, min, min, max)));
    }
    return out;
  }

  [[nodiscard]] long long ParseNumber(const std::string& name, const std::string& v,
                                      long long fallback, long long min, long long max) {
    long long n = 0;
    size_t used = 0;
    try {
      n = std::stoll(v, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != v.size() || n < min || n > max) {
      Fail("parameter «" + name + "»: «" + v + "» is not a whole number from " +
           std::to_string(min) + " to " + std::to_string(max));
      return fallback;
    }
    return n;
  }

  [[nodiscard]] double Decimal(const std::string& name, double fallback, double min, double max) {
    const std::string v = One(name);
    if (v.empty()) return fallback;
    double d = 0;
    size_t used = 0;
    try {
      d = std::stod(v, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != v.size() || !(d >= min && d <= max)) {
      Fail("parameter «" + name + "»: «" + v + "» is not a number from " + engine::Fixed(min, 1) +
           " to " + engine::Fixed(max, 1));
      return fallback;
    }
    return d;
  }

  [[nodiscard]] bool Flag(const std::string& name) {
    return Choice(name, {"0", "1", "true", "false"}, "0") == "1" || One(name) == "true";
  }

  void Fail(const std::string& message) {
    if (status_.ok()) status_ = {Status::Code::kBadFilter, message};
  }

 private:
  const httplib::Request& req_;
  const ServerOptions& options_;
  Status status_;
};

// The parameters that scope every query-driven endpoint: the CLI's filters.
const std::set<std::string> kScopeParams = {"q",    "region", "sphere", "agency",
                                            "side", "year",   "kind",   "match"};

std::set<std::string> With(std::set<std::string> base, std::initializer_list<const char*> more) {
  for (const char* m : more) base.insert(m);
  return base;
}

SearchRequest ScopeOf(Params& p, const ServerOptions& options) {
  SearchRequest r;
  r.time_limit = options.time_limit;
  r.query = p.One("q");
  r.regions = p.All("region");
  r.spheres = p.All("sphere");
  r.agencies = p.All("agency");
  const std::string side = p.Choice("side", {"", "spb", "partner"}, "");
  if (!side.empty()) r.side = side == "spb" ? Side::kSpb : Side::kPartner;
  r.years = p.Numbers("year", 1900, 2100);
  const std::string kind = p.Choice("kind", {"", "plan", "report"}, "");
  if (!kind.empty()) r.kind = kind == "report" ? DocumentKind::kReport : DocumentKind::kPlan;
  const std::string match = p.Choice("match", {"ranked", "all", "any"}, "ranked");
  r.match = match == "all"   ? SearchRequest::Match::kAll
            : match == "any" ? SearchRequest::Match::kAny
                             : SearchRequest::Match::kRanked;
  return r;
}

void SendTable(httplib::Response& res, const engine::TableView& table) {
  res.set_header("Cache-Control", "no-store");
  res.set_header("Content-Disposition", "attachment; filename=\"karta-" + table.sheet + ".csv\"");
  res.set_content(engine::ToCsv(table), "text/csv; charset=utf-8");
}

void SendSvg(httplib::Response& res, const std::string& svg) {
  res.set_header("Cache-Control", "no-store");
  res.set_content(svg, "image/svg+xml; charset=utf-8");
}

// How a result of the engine is sent: its JSON, its table as CSV, its heatmap as SVG.
template <typename View>
struct Views {
  nlohmann::json (*json)(const View&);
  engine::TableView (*table)(const View&);
  std::string (*svg)(const View&) = nullptr;
};

template <typename View>
void SendView(httplib::Response& res, const std::string& format, const View& view,
              const Views<View>& as) {
  if (format == "svg" && as.svg) {
    SendSvg(res, as.svg(view));
  } else if (format == "csv") {
    SendTable(res, as.table(view));
  } else {
    SendJson(res, as.json(view));
  }
}

}  // namespace

struct Server::Impl {
  ServerOptions options;
  httplib::Server http;
  int port = 0;
  std::mutex log_mutex;

  // This worker's engine on the index, opened again when the index changed on disk.
  const Engine* EngineForThread(Status* status) {
    struct Slot {
      const Impl* owner = nullptr;
      std::unique_ptr<Engine> engine;
    };
    thread_local Slot slot;
    if (slot.owner != this || !slot.engine || slot.engine->Stale()) {
      slot.engine.reset();
      slot.owner = this;
      // `karta index` installs a new build with two renames, between which the index is
      // briefly missing: a request arriving then waits for it (up to 200 ms) instead of
      // failing.
      for (int attempt = 0; attempt < 20 && !slot.engine; ++attempt) {
        if (attempt) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        slot.engine = Engine::Open(options.db, status, /*resident_facets=*/true);
        std::error_code ec;
        if (!slot.engine && std::filesystem::exists(options.db, ec)) break;
      }
    }
    return slot.engine.get();
  }

  // Runs `answer` with this thread's engine; once more on a fresh engine when the index was
  // replaced while it ran (a reader then sees the new index whole, never a mix).
  template <typename Answer>
  void WithEngine(httplib::Response& res, Answer answer) {
    for (int attempt = 0; attempt < 2; ++attempt) {
      Status status;
      const Engine* engine = EngineForThread(&status);
      if (!engine) return SendError(res, status);
      status = answer(*engine);
      if (status.ok()) return;
      if (status.code == Status::Code::kUnavailable && engine->Stale() && attempt == 0) continue;
      return SendError(res, status);
    }
  }

  // Answers with the view `compute(engine, &status)` gives, in `format`.
  template <typename View, typename Compute>
  void Answer(httplib::Response& res, const std::string& format, Compute compute,
              const Views<View>& as) {
    WithEngine(res, [&](const Engine& e) {
      Status status;
      std::optional<View> view = compute(e, &status);
      if (!view) return status;
      SendView(res, format, *view, as);
      return Status{};
    });
  }

  void Route();
  void Log(const httplib::Request& req, const httplib::Response& res);
};

// When the request this thread is answering arrived: set before routing, read by the access
// log, which httplib calls on the same thread once the response is written.
namespace {
thread_local std::chrono::steady_clock::time_point request_start;
}  // namespace

void Server::Impl::Log(const httplib::Request& req, const httplib::Response& res) {
  if (!options.log) return;
  const std::chrono::duration<double, std::milli> took =
      std::chrono::steady_clock::now() - request_start;
  std::string line = req.remote_addr + " \"" + req.method + " " + req.target + "\" " +
                     std::to_string(res.status) + " " + std::to_string(res.body.size()) + " " +
                     engine::Fixed(took.count(), 1) + " ms";
  std::lock_guard<std::mutex> lock(log_mutex);
  options.log(line);
}

void Server::Impl::Route() {
  const ServerOptions& opt = options;
  auto static_file = [](std::string_view body, const char* type) {
    return [body, type](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string(body), type);
    };
  };
  http.Get("/", static_file(data::WebIndexHtml(), "text/html; charset=utf-8"));
  http.Get("/app.js", static_file(data::WebAppJs(), "text/javascript; charset=utf-8"));
  http.Get("/style.css", static_file(data::WebStyleCss(), "text/css; charset=utf-8"));

  http.Get("/api/health", [this](const httplib::Request& req, httplib::Response& res) {
    Params p(req, {}, options);
    if (!p.ok()) return SendError(res, p.status());
    WithEngine(res, [&](const Engine& e) {
      SendJson(res, {{"status", "ok"}, {"index", e.dir()}, {"measures", e.measure_count()}});
      return Status{};
    });
  });

  http.Get("/api/search", [this, &opt](const httplib::Request& req, httplib::Response& res) {
    Params p(req,
             With(kScopeParams,
                  {"facets", "facet_limit", "limit", "offset", "sort", "format", "related"}),
             opt);
    SearchRequest r = ScopeOf(p, options);
    if (r.query.size() > opt.max_query_bytes) p.Fail("the query is longer than the limit");
    r.facets = p.Flag("facets");
    r.facet_limit = static_cast<size_t>(p.Number("facet_limit", 20, 0, 1000000));
    const std::string limit = p.One("limit", "10");
    if (limit == "all") {
      r.limit = std::numeric_limits<size_t>::max();
    } else {
      r.limit =
          static_cast<size_t>(p.Number("limit", 10, 0, static_cast<long long>(opt.max_limit)));
    }
    r.offset = static_cast<size_t>(p.Number("offset", 0, 0, std::numeric_limits<int32_t>::max()));
    const std::string sort = p.Choice("sort", {"score", "region", "number", "deadline"}, "score");
    r.sort = sort == "region"     ? SearchRequest::Sort::kRegion
             : sort == "number"   ? SearchRequest::Sort::kNumber
             : sort == "deadline" ? SearchRequest::Sort::kDeadline
                                  : SearchRequest::Sort::kScore;
    const std::string format = p.Choice("format", {"json", "jsonl", "csv"}, "json");
    // Checked whatever the format; exports (csv, jsonl) hold the matches only.
    const auto related = static_cast<size_t>(
        p.Number("related", SearchRequest::kDefaultRelated, 0, SearchRequest::kMaxRelated));
    r.related = format == "json" ? related : 0;
    if (!p.ok()) return SendError(res, p.status());
    WithEngine(res, [&](const Engine& e) {
      Status status;
      // «all» is allowed while the matches fit the page limit: asked for one more than it.
      const bool all = r.limit == std::numeric_limits<size_t>::max();
      SearchRequest capped = r;
      if (all) capped.limit = opt.max_limit + 1;
      auto response = e.Search(capped, &status);
      if (!response) return status;
      if (all && response->total > r.offset + opt.max_limit) {
        return Status{Status::Code::kBadFilter, "limit=all would return more than " +
                                                    std::to_string(opt.max_limit) +
                                                    " measures; page with limit and offset"};
      }
      if (format == "csv") {
        SendTable(res, engine::SearchTable(*response, r));
      } else if (format == "jsonl") {
        std::string body;
        for (const query::Hit& hit : response->hits) body += engine::HitJson(hit).dump() + "\n";
        res.set_content(body, "application/x-ndjson; charset=utf-8");
      } else {
        SendJson(res, engine::SearchJson(*response, r));
      }
      return Status{};
    });
  });

  auto show = [this](const std::vector<std::string>& ids, bool single, httplib::Response& res) {
    WithEngine(res, [&](const Engine& e) {
      Status status;
      auto view = e.Show(ids, &status);
      if (!view) return status;
      if (single) {
        if (view->measures.empty()) return Status{Status::Code::kNotFound, view->messages.front()};
        SendJson(res, engine::MeasureJson(view->measures.front()));
      } else {
        SendJson(res, engine::ShowJson(*view));
      }
      return Status{};
    });
  };
  http.Get(R"(/api/measures/(.+))",
           [this, show](const httplib::Request& req, httplib::Response& res) {
             Params p(req, {}, options);
             if (!p.ok()) return SendError(res, p.status());
             show({req.matches[1].str()}, true, res);
           });
  http.Get("/api/measures", [this, show](const httplib::Request& req, httplib::Response& res) {
    Params p(req, {"id"}, options);
    const std::vector<std::string> ids = p.All("id");
    if (ids.empty()) p.Fail("give one or more measure ids: /api/measures?id=PER-2024-2026:6.1");
    if (!p.ok()) return SendError(res, p.status());
    show(ids, false, res);
  });

  http.Get("/api/agreements", [this](const httplib::Request& req, httplib::Response& res) {
    Params p(req, {"format"}, options);
    const std::string format = p.Choice("format", {"json", "csv"}, "json");
    if (!p.ok()) return SendError(res, p.status());
    Answer(
        res, format, [&](const Engine& e, Status* status) { return e.Agreements(status); },
        Views{engine::AgreementsJson, engine::AgreementsTable});
  });

  http.Get("/api/agencies", [this](const httplib::Request& req, httplib::Response& res) {
    Params p(req, With(kScopeParams, {"top", "format"}), options);
    const SearchRequest scope = ScopeOf(p, options);
    const std::string format = p.Choice("format", {"json", "csv", "svg"}, "json");
    long long top = p.Number("top", -1, 0, 1000000);
    if (top < 0) top = format == "svg" ? static_cast<long long>(engine::kSvgDefaultTop) : 0;
    if (!p.ok()) return SendError(res, p.status());
    Answer(
        res, format,
        [&](const Engine& e, Status* status) {
          return e.Agencies(scope, static_cast<size_t>(top), status);
        },
        Views{engine::AgenciesJson, engine::AgenciesTable, engine::AgenciesSvg});
  });

  http.Get("/api/overlap", [this](const httplib::Request& req, httplib::Response& res) {
    Params p(req, With(kScopeParams, {"by", "names", "format"}), options);
    const SearchRequest scope = ScopeOf(p, options);
    const bool by_sphere = p.Choice("by", {"agency", "sphere"}, "agency") == "sphere";
    const bool names = p.Flag("names");
    const std::string format = p.Choice("format", {"json", "csv", "svg"}, "json");
    if (!p.ok()) return SendError(res, p.status());
    Answer(
        res, format,
        [&](const Engine& e, Status* status) {
          return e.Overlap(scope, by_sphere ? query::OverlapBy::kSphere : query::OverlapBy::kAgency,
                           names, status);
        },
        Views{engine::OverlapJson, engine::OverlapTable, engine::OverlapSvg});
  });

  http.Get("/api/compare", [this](const httplib::Request& req, httplib::Response& res) {
    Params p(req, With(kScopeParams, {"regions", "format"}), options);
    const SearchRequest scope = ScopeOf(p, options);
    const std::vector<std::string> regions = p.All("regions");
    const std::string format = p.Choice("format", {"json", "csv"}, "json");
    if (!p.ok()) return SendError(res, p.status());
    Answer(
        res, format,
        [&](const Engine& e, Status* status) { return e.Compare(scope, regions, status); },
        Views{engine::CompareJson, engine::CompareTable});
  });

  http.Get("/api/counterparts", [this](const httplib::Request& req, httplib::Response& res) {
    Params p(req, With(kScopeParams, {"of", "format"}), options);
    const SearchRequest scope = ScopeOf(p, options);
    const std::string of = p.One("of");
    const std::string format = p.Choice("format", {"json", "csv"}, "json");
    if (!p.ok()) return SendError(res, p.status());
    Answer(
        res, format,
        [&](const Engine& e, Status* status) { return e.Counterparts(scope, of, status); },
        Views{engine::CounterpartsJson, engine::CounterpartsTable});
  });

  http.Get("/api/timeline", [this](const httplib::Request& req, httplib::Response& res) {
    Params p(req, With(kScopeParams, {"by", "format"}), options);
    const SearchRequest scope = ScopeOf(p, options);
    const bool by_sphere = p.Choice("by", {"region", "sphere"}, "region") == "sphere";
    const std::string format = p.Choice("format", {"json", "csv", "svg"}, "json");
    if (!p.ok()) return SendError(res, p.status());
    Answer(
        res, format,
        [&](const Engine& e, Status* status) {
          return e.Timeline(
              scope, by_sphere ? query::TimelineBy::kSphere : query::TimelineBy::kRegion, status);
        },
        Views{engine::TimelineJson, engine::TimelineTable, engine::TimelineSvg});
  });

  auto similar = [this](const httplib::Request& req, httplib::Response& res, std::string id) {
    Params p(req, {"text", "scope", "limit", "format"}, options);
    const std::string text = p.One("text");
    const std::string scope_name =
        p.Choice("scope", {"other-agreements", "other-regions", "everywhere"}, "other-agreements");
    const size_t limit =
        static_cast<size_t>(p.Number("limit", 10, 1, static_cast<long long>(options.max_limit)));
    const std::string format = p.Choice("format", {"json", "csv"}, "json");
    if (!p.ok()) return SendError(res, p.status());
    const query::SimilarScope scope = scope_name == "everywhere" ? query::SimilarScope::kEverywhere
                                      : scope_name == "other-regions"
                                          ? query::SimilarScope::kOtherRegions
                                          : query::SimilarScope::kOtherAgreements;
    Answer(
        res, format,
        [&](const Engine& e, Status* status) { return e.Similar(id, text, scope, limit, status); },
        Views{engine::SimilarJson, engine::SimilarTable});
  };
  http.Get(R"(/api/similar/(.+))", [similar](const httplib::Request& req, httplib::Response& res) {
    similar(req, res, req.matches[1].str());
  });
  http.Get("/api/similar", [similar](const httplib::Request& req, httplib::Response& res) {
    similar(req, res, "");
  });

  http.Get("/api/twins", [this](const httplib::Request& req, httplib::Response& res) {
    Params p(req, With(kScopeParams, {"min_score", "format"}), options);
    const SearchRequest scope = ScopeOf(p, options);
    const double min_score = p.Decimal("min_score", 0.8, 0.0, 1.0);
    const std::string format = p.Choice("format", {"json", "csv"}, "json");
    if (!p.ok()) return SendError(res, p.status());
    Answer(
        res, format,
        [&](const Engine& e, Status* status) { return e.Twins(scope, min_score, status); },
        Views{engine::TwinsJson, engine::TwinsTable});
  });

  http.Get("/api/execution", [this](const httplib::Request& req, httplib::Response& res) {
    Params p(req, {"region", "agency", "side", "year", "sphere", "format"}, options);
    const SearchRequest scope = ScopeOf(p, options);
    const std::string format = p.Choice("format", {"json", "csv"}, "json");
    if (!p.ok()) return SendError(res, p.status());
    Answer(
        res, format, [&](const Engine& e, Status* status) { return e.Execution(scope, status); },
        Views{engine::ExecutionJson, engine::ExecutionTable});
  });

  // Unknown paths and methods: JSON errors too.
  http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    const std::string message =
        res.status == 404   ? "no such endpoint: " + req.path
        : res.status == 414 ? "the request line is too long (a query is at most " +
                                  std::to_string(CPPHTTPLIB_REQUEST_URI_MAX_LENGTH) + " bytes)"
        : res.status == 413 ? "the request is too large"
                            : "HTTP " + std::to_string(res.status);
    res.set_content(nlohmann::json{{"error",
                                    {{"code", res.status == 404 ? "not_found" : "bad_request"},
                                     {"message", message}}}}
                        .dump(),
                    kJson);
  });
  http.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "internal error";
        try {
          std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what += std::string(": ") + e.what();
        } catch (...) {
        }
        res.status = 500;
        res.set_content(nlohmann::json{{"error", {{"code", "internal"}, {"message", what}}}}.dump(),
                        kJson);
      });
  http.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    request_start = std::chrono::steady_clock::now();
    // The API only reads: another method is answered before any body is read (a POST without
    // a length held the connection until the read timeout, then said «HTTP 400»).
    if (req.method != "GET" && req.method != "HEAD") {
      res.status = 405;
      res.set_header("Allow", "GET, HEAD");
      res.set_header("Connection", "close");
      res.set_content(
          nlohmann::json{{"error",
                          {{"code", "method_not_allowed"},
                           {"message", req.method + " is not allowed; the API answers GET"}}}}
              .dump(),
          kJson);
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  http.set_logger(
      [this](const httplib::Request& req, const httplib::Response& res) { Log(req, res); });
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() = default;

std::unique_ptr<Server> Server::Bind(const ServerOptions& options, Status* status) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  const unsigned threads = std::max(1U, options.threads);
  impl->http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  impl->http.set_keep_alive_max_count(1000);
  // A response is written as headers then body: without TCP_NODELAY, Nagle's algorithm and
  // the client's delayed ACK hold the body back ~40 ms.
  impl->http.set_tcp_nodelay(true);
  impl->http.set_read_timeout(10);
  impl->http.set_write_timeout(10);
  impl->http.set_payload_max_length(64 * 1024);  // read-only: requests carry no body
  // SO_REUSEADDR only: cpp-httplib's default SO_REUSEPORT would let a second server share
  // the port with the first, each answering half the requests.
  impl->http.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  impl->Route();
  if (options.port == 0) {
    impl->port = impl->http.bind_to_any_port(options.host);
  } else if (impl->http.bind_to_port(options.host, options.port)) {
    impl->port = options.port;
  } else {
    impl->port = -1;
  }
  if (impl->port <= 0) {
    // Exit status 2, as documented: the address given is the user's to change.
    *status = {Status::Code::kBadFilter, "cannot listen on " + options.host + ":" +
                                             std::to_string(options.port) +
                                             " (in use, or not an address of this machine)"};
    return nullptr;
  }
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

int Server::port() const { return impl_->port; }

void Server::Run() { impl_->http.listen_after_bind(); }

void Server::Stop() { impl_->http.stop(); }

}  // namespace karta::server
