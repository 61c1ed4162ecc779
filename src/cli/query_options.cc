#include "src/cli/query_options.h"

#include <iostream>

#include "src/cli/db_path.h"
#include "src/cli/exit_codes.h"
#include "src/cli/output.h"

namespace karta::cli {

void AddQueryOptions(CLI::App* cmd, QueryOptions* opt, QueryArgument query_argument) {
  const bool search = std::string(cmd->get_name()) == "search";
  const std::string query_help =
      std::string(search ? "Free text: measures with any of the words, those with all of them "
                           "first (--all: only those)"
                         : "Scope: measures with all of the words (--any: any)") +
      "; \"a phrase\"; AND, OR, NOT, -word or +word (required); ( ); prefix* (3+ letters); fields "
      "region:, "
      "sphere:, agency:, year:, kind:. Empty: every measure";
  if (query_argument == QueryArgument::kPositional) {
    cmd->add_option("query", opt->query_words, query_help);
  } else if (query_argument == QueryArgument::kOption) {
    cmd->add_option("--query", opt->query, query_help);
  }
  cmd->add_option("--db", opt->db, kDbHelp);
  // Each occurrence takes exactly one value (repeat the option for more): a greedy option
  // would swallow the query words after it («-r Пермский туризм»).
  cmd->add_option("-r,--region", opt->regions,
                  "Partner region, any case form; one per option, repeat for more")
      ->allow_extra_args(false);
  cmd->add_option("-s,--sphere", opt->spheres,
                  "Sphere, e.g. «спорт»; one per option, repeat for more")
      ->allow_extra_args(false);
  cmd->add_option("-a,--agency", opt->agencies,
                  "Agency, any spelling; one per option, repeat for more")
      ->allow_extra_args(false);
  cmd->add_option("--side", opt->side, "Agencies of St Petersburg or of the partner only")
      ->check(CLI::IsMember({"spb", "partner"}));
  cmd->add_option("-y,--year", opt->years,
                  "Measures whose deadline covers this year; one per option, repeat for more")
      ->allow_extra_args(false)
      ->check(CLI::Range(1900, 2100));
  if (query_argument == QueryArgument::kNone) return;
  cmd->add_option("--kind", opt->kind, "Plans or execution reports only")
      ->check(CLI::IsMember({"plan", "report"}));
  if (query_argument == QueryArgument::kPositional && std::string(cmd->get_name()) == "search") {
    cmd->add_flag("--all", opt->all,
                  "Only measures with every query word (default: any word, those with all first)");
  }
  cmd->add_flag("--any", opt->any,
                cmd->get_name() == "search"
                    ? "Any query word, plain BM25 without the all-words boost"
                    : "Scope: measures with any query word (default: all)");
}

query::SearchRequest ToRequest(const QueryOptions& opt) {
  query::SearchRequest req;
  req.query = opt.query.empty() ? Join(opt.query_words, " ") : opt.query;
  req.regions = opt.regions;
  req.spheres = opt.spheres;
  req.agencies = opt.agencies;
  if (!opt.side.empty()) req.side = opt.side == "spb" ? Side::kSpb : Side::kPartner;
  if (!opt.kind.empty()) {
    req.kind = opt.kind == "report" ? DocumentKind::kReport : DocumentKind::kPlan;
  }
  req.years = opt.years;
  req.match = opt.any   ? query::SearchRequest::Match::kAny
              : opt.all ? query::SearchRequest::Match::kAll
                        : query::SearchRequest::Match::kRanked;
  return req;
}

std::unique_ptr<engine::Engine> OpenEngine(const QueryOptions& opt, int* exit_code) {
  Status error;
  std::unique_ptr<engine::Engine> engine = engine::Engine::Open(ResolveDbPath(opt.db), &error);
  if (!engine) *exit_code = ReportError(error);
  return engine;
}

int ExitCodeOf(const Status& status) {
  switch (status.code) {
    case Status::Code::kOk:
      return kExitOk;
    case Status::Code::kUnavailable:
      return kExitDatabaseError;
    case Status::Code::kBadQuery:
    case Status::Code::kBadFilter:
    case Status::Code::kNotFound:
      break;
  }
  return kExitUsageError;
}

int ReportError(const Status& error) {
  std::cerr << "karta: " << error.message << '\n';
  return ExitCodeOf(error);
}

int PrintJson(const nlohmann::json& json) {
  std::cout << json.dump(2) << '\n';
  return kExitOk;
}

}  // namespace karta::cli
