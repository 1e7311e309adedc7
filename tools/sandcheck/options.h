// Parses a subcommand's options with Boost.Program_options and prints its --help.
#pragma once

#include <boost/program_options.hpp>
#include <optional>
#include <string>
#include <vector>

namespace sandcheck::cli {

namespace po = boost::program_options;

// Parses `args` for `command`. Returns the variables, or nullopt after printing --help
// (exit_code 0) or a usage error naming the fix (exit_code 2).
std::optional<po::variables_map> ParseOptions(const std::string& command, const std::string& usage,
                                              po::options_description& options,
                                              const po::positional_options_description& positional,
                                              const std::vector<std::string>& args, int& exit_code);

}  // namespace sandcheck::cli
