#include "suites/framework/run_driver.h"

#include <fmt/format.h>

#include <exception>
#include <future>

#include "suites/framework/runner.h"

namespace sandcheck {
namespace {

// The check's result, or an error verdict when the runner ended it without one.
CheckResult Await(std::shared_future<CheckResult>& future, const CheckInfo& check) {
  std::string why;
  try {
    return future.get();
  } catch (const std::exception& e) {
    why = e.what();
  } catch (...) {
    why = "a non-standard exception";
  }
  return ResultBuilder(check.id).Error(
      fmt::format("the runner ended {} without a result: {}", check.id, why));
}

}  // namespace

std::vector<DeploymentCheckResult> RunDeployments(const std::vector<Deployment>& deployments,
                                                  const std::vector<const CheckInfo*>& checks,
                                                  Substrate& substrate, const RunOptions& options,
                                                  RunListener& listener) {
  listener.OnRunStart(deployments.size() * checks.size());
  std::vector<DeploymentCheckResult> results;
  for (const Deployment& deployment : deployments) {
    DeploymentRun run(deployment, substrate, options);
    auto futures = run.Start(checks);
    for (size_t i = 0; i < checks.size(); ++i) {
      listener.OnCheckStart(deployment, *checks[i]);
      CheckResult result = Await(futures[i], *checks[i]);
      listener.OnCheckEnd(deployment, result);
      results.push_back({deployment.name, std::move(result)});
    }
    run.ReleaseSandboxes();
  }
  return results;
}

}  // namespace sandcheck
