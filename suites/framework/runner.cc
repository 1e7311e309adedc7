#include "suites/framework/runner.h"

#include <algorithm>
#include <atomic>
#include <exception>

namespace sandcheck {

std::optional<CheckResult> Precondition(const CheckInfo& check, const Deployment& deployment,
                                        const RuntimeCapabilities& capabilities) {
  ResultBuilder result(check.id);
  bool declared = std::any_of(
      deployment.phases.begin(), deployment.phases.end(),
      [&](const PhaseAssignment& assignment) { return assignment.family == check.family; });
  if (!declared) {
    return result.NotApplicable(fmt::format("deployment {} assigns no phase to the {} family",
                                            deployment.name, ToString(check.family)));
  }
  for (CapabilityKind kind : check.required_capabilities) {
    if (capabilities.Has(kind)) continue;
    auto it = capabilities.capabilities.find(kind);
    std::string why = it == capabilities.capabilities.end() || it->second.reason.empty()
                          ? "the substrate does not report it"
                          : it->second.reason;
    return result.Skip(fmt::format("needs capability {}: {}", ToString(kind), why));
  }
  return std::nullopt;
}

DeploymentRun::DeploymentRun(Deployment deployment, Substrate& substrate, RunOptions options)
    : deployment_(std::move(deployment)),
      substrate_(substrate),
      options_(std::move(options)),
      capabilities_(substrate.Capabilities(deployment_.runtime)),
      shared_(deployment_, substrate) {}

CheckResult DeploymentRun::Run(const CheckInfo& check) {
  auto started = std::chrono::steady_clock::now();
  CheckResult result;
  if (auto early = Precondition(check, deployment_, capabilities_)) {
    result = std::move(*early);
  } else {
    CheckContext context(check, deployment_, substrate_, shared_, capabilities_, options_);
    ResultBuilder error(check.id);
    try {
      result = check.fn(context);
    } catch (const std::exception& e) {
      result = error.Error(fmt::format("the check threw: {}", e.what()));
    } catch (...) {
      result = error.Error("the check threw a non-standard exception");
    }
    result.artifacts = context.artifacts();
  }
  result.id = check.id;
  result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  return result;
}

DeploymentRun::~DeploymentRun() { ReleaseSandboxes(); }

std::vector<std::shared_future<CheckResult>> DeploymentRun::Start(
    const std::vector<const CheckInfo*>& checks) {
  // The families in order of first appearance, each with its checks in order.
  using Lane = std::vector<std::pair<const CheckInfo*, std::promise<CheckResult>>>;
  auto families = std::make_shared<std::vector<Lane>>();
  std::vector<Family> order;
  std::vector<std::shared_future<CheckResult>> futures;
  for (const CheckInfo* check : checks) {
    auto at = std::find(order.begin(), order.end(), check->family) - order.begin();
    if (at == static_cast<long>(order.size())) {
      order.push_back(check->family);
      families->emplace_back();
    }
    auto& queued = (*families)[at].emplace_back(check, std::promise<CheckResult>());
    futures.push_back(queued.second.get_future().share());
  }
  for (size_t lane = 0; lane < order.size(); ++lane) {
    std::vector<std::string> ahead;
    for (const auto& queued : (*families)[lane]) {
      if (StartsFreshAhead(*queued.first)) ahead.push_back(queued.first->id);
    }
    if (!ahead.empty()) shared_.PlanFresh(order[lane], std::move(ahead));
  }
  auto next = std::make_shared<std::atomic<size_t>>(0);
  size_t lanes = std::min<size_t>(families->size(), std::max(1, options_.family_lanes));
  for (size_t i = 0; i < lanes; ++i) {
    lanes_.emplace_back([this, families, next, order] {
      for (size_t lane; (lane = (*next)++) < families->size();) {
        for (auto& [check, promise] : (*families)[lane]) {
          try {
            promise.set_value(Run(*check));
          } catch (...) {  // the runner itself failed: the future says so, the lane goes on
            promise.set_exception(std::current_exception());
          }
          shared_.FreshDone(check->family, check->id);
        }
        shared_.ReleaseFamily(order[lane]);  // its sandboxes go while other families run
      }
    });
  }
  return futures;
}

bool DeploymentRun::StartsFreshAhead(const CheckInfo& check) const {
  return check.prefetch_fresh != nullptr && check.prefetch_fresh(deployment_) &&
         !Precondition(check, deployment_, capabilities_);  // else it will not run
}

void DeploymentRun::ReleaseSandboxes() {
  lanes_.clear();  // joins: no check may still use a sandbox
  shared_.ReleaseAll();
}

std::vector<CheckResult> RunChecks(const Deployment& deployment, Substrate& substrate,
                                   const std::vector<const CheckInfo*>& checks,
                                   const RunOptions& options) {
  DeploymentRun run(deployment, substrate, options);
  std::vector<CheckResult> results;
  for (auto& future : run.Start(checks)) results.push_back(future.get());
  run.ReleaseSandboxes();
  return results;
}

}  // namespace sandcheck
