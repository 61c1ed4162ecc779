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

}  // namespace karta::cli
