#include "suites/hooks/hook_command.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

namespace sandcheck {
namespace {

std::string Unquote(std::string token) {
  if (token.size() >= 2 && (token.front() == '"' || token.front() == '\'') &&
      token.back() == token.front()) {
    return token.substr(1, token.size() - 2);
  }
  return token;
}

}  // namespace

CommandPaths PathsOfCommand(const std::string& command) {
  CommandPaths paths;
  std::istringstream words(command);
  std::string token;
  bool first = true;
  while (words >> token) {
    token = Unquote(token);
    if (token.find('$') != std::string::npos) {
      paths.problems.push_back(
          fmt::format("'{}' depends on a variable; sandcheck cannot tell which file runs", token));
    } else if (token.front() == '/') {
      if (std::find(paths.absolute.begin(), paths.absolute.end(), token) == paths.absolute.end()) {
        paths.absolute.push_back(token);
      }
    } else if (first) {
      paths.problems.push_back(
          fmt::format("program '{}' is found through PATH; name it by absolute path", token));
    }
    first = false;
  }
  if (paths.absolute.empty() && paths.problems.empty()) {
    paths.problems.push_back("the command names no program");
  }
  return paths;
}

std::vector<std::string> AncestorDirectories(const std::string& path) {
  std::vector<std::string> ancestors;
  std::filesystem::path current = std::filesystem::path(path).lexically_normal();
  while (current.has_relative_path()) {
    current = current.parent_path();
    ancestors.push_back(current.string());
  }
  return ancestors;
}

}  // namespace sandcheck
