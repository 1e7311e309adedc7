#include "suites/hooks/evaluation.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "suites/hooks/matcher.h"

namespace sandcheck {
namespace {

HandlerRun RunHandler(const std::string& matcher, const HookHandler& handler,
                      const std::string& stdin_json, const HookExecutor& executor) {
  HandlerRun run;
  run.matcher = matcher;
  run.handler = handler.type == "command" ? handler.command : handler.type + " hook";
  if (handler.type != "command") {
    run.problem = fmt::format("sandcheck cannot run {} hooks", handler.type);
  } else if (!handler.condition.empty()) {
    run.problem = fmt::format("the handler runs only if \"{}\", which sandcheck does not evaluate",
                              handler.condition);
  } else if (auto outcome = executor(handler, stdin_json); !outcome.ok()) {
    run.problem = "could not run the hook: " + outcome.message();
  } else {
    run.decision = DecidePreToolUse(*outcome);
    run.outcome = std::move(outcome).value();
  }
  return run;
}

RequestEvaluation Evaluate(const ManagedSettings& settings, const Corpus& corpus, size_t index,
                           const HookExecutor& executor) {
  const CorpusRequest& request = corpus.requests[index];
  RequestEvaluation evaluation{
      request.name, request.tool_name, {}, RequestVerdict::kNotBlocked, ""};
  if (settings.all_hooks_disabled) {
    evaluation.explanation = "managed settings set disableAllHooks: no hook runs";
    return evaluation;
  }
  std::string input = HookStdin(corpus, request, index);
  std::vector<std::string> unevaluated;  // matchers and handlers sandcheck could not judge
  for (const auto& group : settings.PreToolUse()) {
    auto matches = MatcherMatches(group.matcher, request.tool_name);
    if (!matches.ok()) {
      unevaluated.push_back(matches.message());
      continue;
    }
    if (!*matches) continue;
    for (const auto& handler : group.handlers) {
      evaluation.runs.push_back(RunHandler(group.matcher, handler, input, executor));
    }
  }
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
      unevaluated.push_back(fmt::format("{}: {}", run.handler, run.problem));
    }
  }
  if (!unevaluated.empty()) {
    evaluation.verdict = RequestVerdict::kUndetermined;
    evaluation.explanation = fmt::format("{}", fmt::join(unevaluated, "; "));
  } else if (evaluation.runs.empty()) {
    evaluation.explanation =
        fmt::format("no PreToolUse matcher covers tool {}, so no hook runs", request.tool_name);
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

std::vector<RequestEvaluation> EvaluateCorpus(const ManagedSettings& settings, const Corpus& corpus,
                                              const HookExecutor& executor) {
  std::vector<RequestEvaluation> evaluations;
  for (size_t i = 0; i < corpus.requests.size(); ++i) {
    evaluations.push_back(Evaluate(settings, corpus, i, executor));
  }
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
