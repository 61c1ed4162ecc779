#include "src/cli/validators.h"

#include <limits>

#include "index/gazetteer.h"
#include "stemmers/unicode_text.h"

namespace karta::cli {
namespace {

bool AllDigits(const std::string& s) {
  return !s.empty() && s.size() <= 18 && s.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace

CLI::Validator WholeNumber(size_t min) {
  return CLI::Validator(
      [min](std::string& value) -> std::string {
        if (AllDigits(value) && std::stoull(value) >= min) return "";
        return "«" + value + "» is not a whole number" +
               (min > 0 ? " of at least " + std::to_string(min) : " (0 or more)");
      },
      min > 0 ? "NUMBER≥" + std::to_string(min) : "NUMBER");
}

CLI::Validator CountOrAll() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        if (value == "all") {
          value = std::to_string(std::numeric_limits<size_t>::max());
          return "";
        }
        if (AllDigits(value)) return "";
        return "«" + value + "» is not a count: a whole number (0 or more) or «all»";
      },
      "NUMBER|all");
}

std::string UnknownCommand(const CLI::App& app, int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-' || argv[1][0] == '\0') return "";
  const std::string typed = argv[1];
  std::string nearest;
  size_t best = std::numeric_limits<size_t>::max();
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (sub->get_name() == typed) return "";
    const size_t d = EditDistance(ToU32(typed), ToU32(sub->get_name()));
    if (d < best) best = d, nearest = sub->get_name();
  }
  std::string message = "unknown command «" + typed + "»";
  if (best <= 2) message += "; did you mean «" + nearest + "»?";
  return message + " (karta --help lists the commands)";
}

std::vector<std::string> WithExclusionsAsWords(const CLI::App& app, int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  if (argc < 2) return args;
  const CLI::App* command = nullptr;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (sub->get_name() == args[1]) command = sub;
  }
  if (command == nullptr || command->get_option_no_throw("query") == nullptr) return args;
  auto takes_value = [&](const std::string& name) {
    const CLI::Option* opt = command->get_option_no_throw(name);
    return opt != nullptr && opt->get_type_size_max() > 0;
  };
  // The options (with their values) stay in front; every positional word, in the order typed,
  // goes after one «--» — CLI11 2.1 gives the words after a «--» that follows positionals to
  // no one.
  std::vector<std::string> options(args.begin(), args.begin() + 2), words;
  bool exclusions = false;
  size_t i = 2;
  for (; i < args.size() && args[i] != "--"; ++i) {
    const std::string& a = args[i];
    const bool exclusion =
        a.size() > 1 && a[0] == '-' && (static_cast<unsigned char>(a[1]) >= 0x80 || a[1] == '"');
    if (exclusion || a.size() < 2 || a[0] != '-') {
      exclusions = exclusions || exclusion;
      words.push_back(a);
      continue;
    }
    options.push_back(a);
    const bool value_attached = a[1] == '-' ? a.find('=') != std::string::npos : a.size() > 2;
    const std::string name = a[1] == '-' ? a.substr(0, a.find('=')) : a.substr(0, 2);
    if (!value_attached && takes_value(name) && i + 1 < args.size() && args[i + 1] != "--") {
      options.push_back(args[++i]);
    }
  }
  if (!exclusions) return args;
  options.push_back("--");
  options.insert(options.end(), words.begin(), words.end());
  if (i < args.size()) options.insert(options.end(), args.begin() + i + 1, args.end());
  return options;
}

}  // namespace karta::cli
