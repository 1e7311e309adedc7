#include "reports/time_format.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace sandcheck::reports {

std::string JunitTimestamp(Clock::time_point time) {
  // fmt::gmtime explicitly: fmt 9 formats a time_point in local time.
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}", fmt::gmtime(Clock::to_time_t(time)));
}

std::string Rfc3339Utc(Clock::time_point time) { return JunitTimestamp(time) + "Z"; }

double SecondsBetween(Clock::time_point start, Clock::time_point end) {
  return std::chrono::duration<double>(end - start).count();
}

}  // namespace sandcheck::reports
