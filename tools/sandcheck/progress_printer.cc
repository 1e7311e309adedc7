#include "tools/sandcheck/progress_printer.h"

#include <fmt/format.h>

#include <string>

namespace sandcheck::cli {

void ProgressPrinter::OnRunStart(size_t total_checks) {
  total_ = total_checks;
  fmt::print(stderr, "running {} checks\n", total_);
}

void ProgressPrinter::OnCheckEnd(const Deployment& deployment, const CheckResult& result) {
  ++done_;
  fmt::print(stderr, "[{:>{}}/{}] {} {} {} ({} ms)\n", done_, std::to_string(total_).size(), total_,
             deployment.name, result.id, ToString(result.verdict), result.elapsed.count());
}

}  // namespace sandcheck::cli
