// env: the names of the probe's environment variables. Never the values: they may be secrets.
#include <unistd.h>

#include <algorithm>

#include "tools/probe/sections/sections.h"

namespace sandcheck::probe {

Json EnvSection(const ObserveOptions&) {
  std::vector<std::string> names;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    std::string_view variable = *entry;
    names.emplace_back(variable.substr(0, variable.find('=')));
  }
  std::sort(names.begin(), names.end());
  return Json{{"names", names}, {"count", names.size()}};
}

}  // namespace sandcheck::probe
