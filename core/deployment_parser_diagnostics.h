// Collects every problem found in one deployment file, so a user fixes them in one pass, and
// renders them as "FILE:LINE:COL: error: WHAT. fix: HOW", one per line, in file order.
#pragma once

#include <yaml-cpp/mark.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace sandcheck {

class Diagnostics {
 public:
  explicit Diagnostics(std::string display_name) : display_name_(std::move(display_name)) {}

  void Add(const YAML::Mark& mark, std::string_view what, std::string_view fix);
  // `problem` already reads "WHAT. fix: HOW" (see Problem() in deployment_parser_values.h).
  void Add(const YAML::Mark& mark, const Error& problem);

  size_t count() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  // All problems, sorted by position; problems at one position keep the order they were found.
  Error ToError() const;

 private:
  struct Entry {
    int line;  // 1-based
    int column;
    std::string problem;
  };
  std::string display_name_;
  std::vector<Entry> entries_;
};

}  // namespace sandcheck
