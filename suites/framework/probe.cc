#include "suites/framework/probe.h"

namespace sandcheck {

Result<nlohmann::json> RunProbe(Sandbox& sandbox, const std::vector<std::string>& options,
                                Duration timeout) {
  ExecRequest request;
  request.argv = {std::string(kProbePathInSandbox)};
  request.argv.insert(request.argv.end(), options.begin(), options.end());
  request.timeout = timeout;
  auto context = fmt::format("probe in {}: {}", sandbox.name(), CommandLine(request.argv));
  ASSIGN_OR_RETURN(ProcessOutcome outcome, WithContext(sandbox.Exec(request), context));
  if (!outcome.Succeeded()) {
    return Fail("{}: {}: {}", context, outcome.DescribeEnd(), Tail(outcome.err));
  }
  auto document = nlohmann::json::parse(outcome.out, nullptr, /*allow_exceptions=*/false);
  if (!document.is_object()) {
    return Fail("{}: output is not a JSON object: {}", context, Tail(outcome.out, 200));
  }
  return document;
}

}  // namespace sandcheck
