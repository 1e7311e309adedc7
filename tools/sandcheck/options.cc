#include "tools/sandcheck/options.h"

#include <fmt/format.h>

#include <iostream>

#include "tools/sandcheck/command.h"

namespace sandcheck::cli {

std::optional<po::variables_map> ParseOptions(const std::string& command, const std::string& usage,
                                              po::options_description& options,
                                              const po::positional_options_description& positional,
                                              const std::vector<std::string>& args,
                                              int& exit_code) {
  options.add_options()("help,h", "show this help");
  po::variables_map vars;
  try {
    po::store(po::command_line_parser(args).options(options).positional(positional).run(), vars);
    if (vars.count("help")) {
      std::cout << "usage: sandcheck " << command << " " << usage << "\n\n" << options << "\n";
      exit_code = kExitOk;
      return std::nullopt;
    }
    po::notify(vars);
  } catch (const po::error& e) {
    fmt::print(stderr, "sandcheck {}: {}\nusage: sandcheck {} {}\n(see sandcheck {} --help)\n",
               command, e.what(), command, usage, command);
    exit_code = kExitUsage;
    return std::nullopt;
  }
  return vars;
}

}  // namespace sandcheck::cli
