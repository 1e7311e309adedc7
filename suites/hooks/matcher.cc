#include "suites/hooks/matcher.h"

#include <algorithm>
#include <cctype>
#include <regex>

namespace sandcheck {
namespace {

bool IsExactList(std::string_view matcher) {
  return std::all_of(matcher.begin(), matcher.end(),
                     [](unsigned char c) { return std::isalnum(c) || c == '_' || c == '|'; });
}

bool InExactList(std::string_view matcher, std::string_view tool_name) {
  size_t start = 0;
  while (true) {
    size_t bar = matcher.find('|', start);
    if (matcher.substr(start, bar - start) == tool_name) return true;
    if (bar == std::string_view::npos) return false;
    start = bar + 1;
  }
}

}  // namespace

Result<bool> MatcherMatches(std::string_view matcher, std::string_view tool_name) {
  if (matcher.empty() || matcher == "*") return true;
  if (IsExactList(matcher)) return InExactList(matcher, tool_name);
  try {
    // ECMAScript syntax: the matcher is a JavaScript regular expression.
    std::regex pattern{std::string(matcher), std::regex::ECMAScript};
    return std::regex_search(tool_name.begin(), tool_name.end(), pattern);
  } catch (const std::regex_error& e) {
    return Fail("matcher '{}' is not a valid regular expression: {}", matcher, e.what());
  }
}

}  // namespace sandcheck
