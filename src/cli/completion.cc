#include "src/cli/completion.h"

#include <iostream>
#include <sstream>
#include <vector>

#include "src/cli/exit_codes.h"

namespace karta::cli {
namespace {

// The values of an option checked by CLI::IsMember: its type name reads «TEXT:{a,b,c}».
std::vector<std::string> Choices(const CLI::Option* o) {
  const std::string type = o->get_type_name();
  const size_t open = type.find('{'), close = type.find('}');
  std::vector<std::string> out;
  if (open == std::string::npos || close == std::string::npos || close < open) return out;
  std::stringstream list(type.substr(open + 1, close - open - 1));
  for (std::string v; std::getline(list, v, ',');) out.push_back(v);
  return out;
}

std::vector<std::string> Names(const CLI::Option* o) {
  std::vector<std::string> names;
  for (const std::string& s : o->get_snames()) names.push_back("-" + s);
  for (const std::string& l : o->get_lnames()) names.push_back("--" + l);
  return names;
}

std::string Joined(const std::vector<std::string>& words, const std::string& sep) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : sep) + w;
  return out;
}

// Options whose value is a path: completed with file names.
bool TakesPath(const std::vector<std::string>& names) {
  for (const std::string& n : names) {
    if (n == "--db" || n == "--output" || n == "-o") return true;
  }
  return false;
}

}  // namespace

std::string BashCompletion(CLI::App& app) {
  std::ostringstream s;
  std::vector<std::string> commands;
  for (const CLI::App* sub : app.get_subcommands({})) commands.push_back(sub->get_name());
  s << "# bash completion for karta, written by `karta completion bash`\n"
    << "_karta() {\n"
    << "  local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n"
    << "  if [[ $COMP_CWORD -eq 1 ]]; then\n"
    << "    COMPREPLY=($(compgen -W \"" << Joined(commands, " ") << " --help --version\" -- "
    << "\"$cur\"))\n"
    << "    return\n"
    << "  fi\n"
    << "  case \"${COMP_WORDS[1]}\" in\n";
  for (CLI::App* sub : app.get_subcommands({})) {
    std::vector<std::string> flags;
    bool positional_paths = false;
    s << "    " << sub->get_name() << ")\n      case \"$prev\" in\n";
    for (const CLI::Option* o : sub->get_options()) {
      const std::vector<std::string> names = Names(o);
      if (names.empty()) {  // a positional: file names for the commands that read files
        positional_paths = sub->get_name() == "parse" || sub->get_name() == "index";
        continue;
      }
      flags.insert(flags.end(), names.begin(), names.end());
      if (o->get_expected_max() == 0) continue;  // a flag takes no value
      const std::vector<std::string> choices = Choices(o);
      if (!choices.empty()) {
        s << "        " << Joined(names, "|") << ") COMPREPLY=($(compgen -W \""
          << Joined(choices, " ") << "\" -- \"$cur\")); return ;;\n";
      } else if (TakesPath(names)) {
        s << "        " << Joined(names, "|")
          << ") COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n";
      } else {
        s << "        " << Joined(names, "|") << ") return ;;\n";
      }
    }
    s << "      esac\n"
      << "      COMPREPLY=($(compgen -W \"" << Joined(flags, " ") << "\" -- \"$cur\"))\n";
    if (positional_paths) {
      s << "      [[ $cur != -* ]] && COMPREPLY+=($(compgen -f -- \"$cur\"))\n";
    }
    s << "      ;;\n";
  }
  s << "  esac\n"
    << "}\n"
    << "complete -o filenames -F _karta karta\n";
  return s.str();
}

void RegisterCompletionCommand(CLI::App& app, int* exit_code) {
  auto shell = std::make_shared<std::string>("bash");
  CLI::App* cmd = app.add_subcommand("completion", "Print a shell completion script");
  cmd->add_option("shell", *shell, "The shell (bash)")
      ->check(CLI::IsMember({"bash"}))
      ->capture_default_str();
  cmd->footer(
      "Installed by `cmake --install`; to try it in the current shell:\n"
      "  source <(build/karta completion bash)");
  cmd->callback([&app, exit_code, shell] {  // the lambda keeps the option's string alive
    std::cout << BashCompletion(app);
    *exit_code = kExitOk;
  });
}

}  // namespace karta::cli
