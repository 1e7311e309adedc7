#include "core/deployment_parser_diagnostics.h"

#include <algorithm>

#include "core/deployment_parser_values.h"

namespace sandcheck {

void Diagnostics::Add(const YAML::Mark& mark, std::string_view what, std::string_view fix) {
  Add(mark, Problem(what, fix));
}

void Diagnostics::Add(const YAML::Mark& mark, const Error& problem) {
  // yaml-cpp counts from 0 and uses -1 for "no position"; editors count from 1.
  entries_.push_back({std::max(mark.line, 0) + 1, std::max(mark.column, 0) + 1, problem.message});
}

Error Diagnostics::ToError() const {
  std::vector<Entry> sorted = entries_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Entry& a, const Entry& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
  std::string message;
  for (const Entry& entry : sorted) {
    if (!message.empty()) message += '\n';
    message +=
        fmt::format("{}:{}:{}: error: {}", display_name_, entry.line, entry.column, entry.problem);
  }
  return Error{message};
}

}  // namespace sandcheck
