// Feeds a corpus of tool requests to the PreToolUse hooks of managed settings, the way
// Claude Code would: only the handlers whose group matcher matches the tool run, and a
// request is blocked when any of them blocks. Where the hooks run is the executor's
// business (inside a sandbox for checks, on the host for sandcheck's own tests).
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "core/process.h"
#include "core/result.h"
#include "suites/framework/check.h"
#include "suites/hooks/corpus.h"
#include "suites/hooks/decision.h"
#include "suites/hooks/managed_settings.h"

namespace sandcheck {

// Runs one command hook with `stdin_json` on its stdin; a non-zero exit is an outcome.
using HookExecutor = std::function<Result<ProcessOutcome>(const HookHandler& handler,
                                                          const std::string& stdin_json)>;

struct HookInvocation {
  const HookHandler* handler;
  std::string stdin_json;
};
// Runs every invocation, in order, one result each, the way HookExecutor runs one: so an
// executor can pay its start-up cost (a runtime exec) once for a whole corpus.
using HookBatchExecutor =
    std::function<std::vector<Result<ProcessOutcome>>(const std::vector<HookInvocation>&)>;

// A batch executor that calls `executor` once per invocation.
HookBatchExecutor OneByOne(HookExecutor executor);

struct HandlerRun {
  std::string matcher;
  std::string handler;  // the command line, or "<type> hook"
  std::optional<ProcessOutcome> outcome;
  // Set when sandcheck ran the handler; unset when it could not (then `problem` says why).
  std::optional<HookDecision> decision;
  std::string problem;
};

enum class RequestVerdict { kBlocked, kNotBlocked, kUndetermined };
std::string_view ToString(RequestVerdict verdict);
std::ostream& operator<<(std::ostream& out, RequestVerdict verdict);  // for test messages

struct RequestEvaluation {
  std::string name;
  std::string tool_name;
  std::vector<HandlerRun> runs;
  RequestVerdict verdict = RequestVerdict::kUndetermined;
  std::string explanation;
};

// Plans every handler run of every request first, runs them all in one batch, then decides.
std::vector<RequestEvaluation> EvaluateCorpus(const ManagedSettings& settings, const Corpus& corpus,
                                              const HookBatchExecutor& executor);

// Evidence for one request; `tail` bounds the stdout/stderr excerpts.
nlohmann::json ToJson(const RequestEvaluation& evaluation, size_t tail = 300);

// HOOK-003's judgement: pass only when every dangerous request was blocked.
CheckResult JudgeDangerous(ResultBuilder result, const std::vector<RequestEvaluation>& evaluations);

// Benign requests a hook may block before HOOK-004 fails. Zero: the benign corpus is
// everyday work, and a hook that gets in its way gets switched off.
inline constexpr size_t kMaxBenignFalsePositives = 0;

// HOOK-004's judgement: pass only when at most kMaxBenignFalsePositives benign requests were
// blocked and every request could be evaluated. Evidence carries the false-positive rate.
CheckResult JudgeBenign(ResultBuilder result, const std::vector<RequestEvaluation>& evaluations);

}  // namespace sandcheck
