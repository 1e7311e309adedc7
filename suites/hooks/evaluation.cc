#include "suites/hooks/evaluation.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "suites/hooks/matcher.h"

namespace sandcheck {
namespace {

// One request before its hooks ran: the runs it needs, and what could not be evaluated.
struct PlannedRequest {
  RequestEvaluation evaluation;
  std::vector<std::string> unevaluated;  // matchers and handlers sandcheck could not judge
  bool decided = false;                  // no hook can change the verdict (hooks disabled)
};

// Where one invocation's outcome goes: request and run index.
struct PendingRun {
  size_t request;
  size_t run;
};

HandlerRun PlanHandler(const std::string& matcher, const HookHandler& handler, bool* runnable) {
  HandlerRun run;
  run.matcher = matcher;
  run.handler = handler.type == "command" ? handler.command : handler.type + " hook";
  *runnable = false;
  if (handler.type != "command") {
    run.problem = fmt::format("sandcheck cannot run {} hooks", handler.type);
  } else if (!handler.condition.empty()) {
    run.problem = fmt::format("the handler runs only if \"{}\", which sandcheck does not evaluate",
                              handler.condition);
  } else {
    *runnable = true;
  }
  return run;
}

PlannedRequest Plan(const ManagedSettings& settings, const Corpus& corpus, size_t index,
                    std::vector<HookInvocation>& invocations, std::vector<PendingRun>& pending) {
  const CorpusRequest& request = corpus.requests[index];
  PlannedRequest planned;
  planned.evaluation = {request.name, request.tool_name, {}, RequestVerdict::kNotBlocked, ""};
  if (settings.all_hooks_disabled) {
    planned.evaluation.explanation = "managed settings set disableAllHooks: no hook runs";
    planned.decided = true;
    return planned;
  }
  std::string input = HookStdin(corpus, request, index);
  for (const auto& group : settings.PreToolUse()) {
    auto matches = MatcherMatches(group.matcher, request.tool_name);
    if (!matches.ok()) {
      planned.unevaluated.push_back(matches.message());
      continue;
    }
    if (!*matches) continue;
    for (const auto& handler : group.handlers) {
      bool runnable = false;
      planned.evaluation.runs.push_back(PlanHandler(group.matcher, handler, &runnable));
      if (runnable) {
        pending.push_back({index, planned.evaluation.runs.size() - 1});
        invocations.push_back({&handler, input});
      }
    }
  }
  return planned;
}

void Record(HandlerRun& run, Result<ProcessOutcome> outcome) {
  if (!outcome.ok()) {
    run.problem = "could not run the hook: " + outcome.message();
    return;
  }
  run.decision = DecidePreToolUse(*outcome);
  run.outcome = std::move(outcome).value();
}

RequestEvaluation Decide(PlannedRequest planned) {
  RequestEvaluation& evaluation = planned.evaluation;
  if (planned.decided) return evaluation;
  std::vector<std::string> allowing;
  for (const auto& run : evaluation.runs) {
    if (run.decision && run.decision->Blocks()) {
      evaluation.verdict = RequestVerdict::kBlocked;
      evaluation.explanation = fmt::format("{}: {}", run.handler, run.decision->basis);
      return evaluation;
    }
    if (run.decision) {
      allowing.push_back(fmt::format("{}: {}", run.handler, run.decision->basis));
    } else {
      planned.unevaluated.push_back(fmt::format("{}: {}", run.handler, run.problem));
    }
  }
  if (!planned.unevaluated.empty()) {
    evaluation.verdict = RequestVerdict::kUndetermined;
    evaluation.explanation = fmt::format("{}", fmt::join(planned.unevaluated, "; "));
  } else if (evaluation.runs.empty()) {
    evaluation.explanation =
        fmt::format("no PreToolUse matcher covers tool {}, so no hook runs", evaluation.tool_name);
  } else {
    evaluation.explanation = fmt::format("{}", fmt::join(allowing, "; "));
  }
  return evaluation;
}

std::vector<std::string> NamesWith(const std::vector<RequestEvaluation>& evaluations,
                                   RequestVerdict verdict) {
  std::vector<std::string> names;
  for (const auto& evaluation : evaluations) {
    if (evaluation.verdict == verdict) names.push_back(evaluation.name);
  }
  return names;
}

nlohmann::json AllEvidence(const std::vector<RequestEvaluation>& evaluations) {
  nlohmann::json all = nlohmann::json::array();
  for (const auto& evaluation : evaluations) all.push_back(ToJson(evaluation));
  return all;
}

}  // namespace

std::string_view ToString(RequestVerdict verdict) {
  switch (verdict) {
    case RequestVerdict::kBlocked:
      return "blocked";
    case RequestVerdict::kNotBlocked:
      return "not-blocked";
    case RequestVerdict::kUndetermined:
      return "undetermined";
  }
  return "?";
}

std::ostream& operator<<(std::ostream& out, RequestVerdict verdict) {
  return out << ToString(verdict);
}

HookBatchExecutor OneByOne(HookExecutor executor) {
  return [executor = std::move(executor)](const std::vector<HookInvocation>& invocations) {
    std::vector<Result<ProcessOutcome>> outcomes;
    for (const auto& invocation : invocations) {
      outcomes.push_back(executor(*invocation.handler, invocation.stdin_json));
    }
    return outcomes;
  };
}

std::vector<RequestEvaluation> EvaluateCorpus(const ManagedSettings& settings, const Corpus& corpus,
                                              const HookBatchExecutor& executor) {
  std::vector<PlannedRequest> planned;
  std::vector<HookInvocation> invocations;
  std::vector<PendingRun> pending;
  for (size_t i = 0; i < corpus.requests.size(); ++i) {
    planned.push_back(Plan(settings, corpus, i, invocations, pending));
  }
  auto outcomes = executor(invocations);
  for (size_t i = 0; i < pending.size(); ++i) {
    Result<ProcessOutcome> outcome =
        i < outcomes.size() ? std::move(outcomes[i])
                            : Result<ProcessOutcome>(Fail("the executor returned no outcome"));
    Record(planned[pending[i].request].evaluation.runs[pending[i].run], std::move(outcome));
  }
  std::vector<RequestEvaluation> evaluations;
  for (auto& request : planned) evaluations.push_back(Decide(std::move(request)));
  return evaluations;
}

nlohmann::json ToJson(const RequestEvaluation& evaluation, size_t tail) {
  nlohmann::json runs = nlohmann::json::array();
  for (const auto& run : evaluation.runs) {
    nlohmann::json entry = {{"matcher", run.matcher}, {"handler", run.handler}};
    if (run.decision) {
      entry["decision"] = ToString(run.decision->kind);
      entry["basis"] = run.decision->basis;
    } else {
      entry["decision"] = "not-run";
      entry["problem"] = run.problem;
    }
    if (run.outcome) {
      entry["end"] = run.outcome->DescribeEnd();
      entry["stdout_tail"] = Tail(run.outcome->out, tail);
      entry["stderr_tail"] = Tail(run.outcome->err, tail);
      entry["elapsed_ms"] = run.outcome->elapsed.count();
    }
    runs.push_back(std::move(entry));
  }
  return {{"name", evaluation.name},
          {"tool_name", evaluation.tool_name},
          {"verdict", ToString(evaluation.verdict)},
          {"explanation", evaluation.explanation},
          {"hooks", runs}};
}

CheckResult JudgeDangerous(ResultBuilder result,
                           const std::vector<RequestEvaluation>& evaluations) {
  auto not_blocked = NamesWith(evaluations, RequestVerdict::kNotBlocked);
  auto undetermined = NamesWith(evaluations, RequestVerdict::kUndetermined);
  size_t blocked = NamesWith(evaluations, RequestVerdict::kBlocked).size();
  result.evidence()["requests"] = evaluations.size();
  result.evidence()["blocked"] = blocked;
  result.evidence()["not_blocked"] = not_blocked;
  result.evidence()["undetermined"] = undetermined;
  result.evidence()["results"] = AllEvidence(evaluations);
  if (evaluations.empty()) return result.Error("the dangerous corpus is empty");
  if (!not_blocked.empty()) {
    return result.Fail(fmt::format("{} of {} dangerous requests were not blocked: {}",
                                   not_blocked.size(), evaluations.size(),
                                   fmt::join(not_blocked, ", ")));
  }
  if (!undetermined.empty()) {
    return result.Error(fmt::format("could not evaluate {} dangerous requests: {}",
                                    undetermined.size(), fmt::join(undetermined, ", ")));
  }
  return result.Pass(fmt::format("all {} dangerous requests were blocked", evaluations.size()));
}

CheckResult JudgeBenign(ResultBuilder result, const std::vector<RequestEvaluation>& evaluations) {
  auto blocked = NamesWith(evaluations, RequestVerdict::kBlocked);
  auto undetermined = NamesWith(evaluations, RequestVerdict::kUndetermined);
  double rate = evaluations.empty() ? 0.0 : double(blocked.size()) / double(evaluations.size());
  result.evidence()["requests"] = evaluations.size();
  result.evidence()["false_positives"] = blocked;
  result.evidence()["false_positive_rate"] = rate;
  result.evidence()["max_false_positives"] = kMaxBenignFalsePositives;
  result.evidence()["undetermined"] = undetermined;
  result.evidence()["results"] = AllEvidence(evaluations);
  if (evaluations.empty()) return result.Error("the benign corpus is empty");
  if (blocked.size() > kMaxBenignFalsePositives) {
    return result.Fail(fmt::format("{} of {} benign requests were blocked ({:.0f}%): {}",
                                   blocked.size(), evaluations.size(), rate * 100,
                                   fmt::join(blocked, ", ")));
  }
  if (!undetermined.empty()) {
    return result.Error(fmt::format("could not evaluate {} benign requests: {}",
                                    undetermined.size(), fmt::join(undetermined, ", ")));
  }
  return result.Pass(fmt::format("all {} benign requests were allowed", evaluations.size()));
}

}  // namespace sandcheck
