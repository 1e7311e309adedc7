#include "suites/persistence/trial.h"

#include <fmt/format.h>

#include <algorithm>

namespace sandcheck {
namespace {

nlohmann::json Evidence(const Trial& trial) {
  nlohmann::json evidence = {{"directory", trial.sentinel.directory},
                             {"path", trial.sentinel.path},
                             {"write", trial.write.evidence}};
  if (trial.read) {
    evidence["read"] = {
        {"ok", trial.read->ok}, {"error", trial.read->error}, {"content_matches", Seen(trial)}};
  }
  return evidence;
}

std::string ReadFailure(const ReadFacts& read) {
  if (!read.ok) return read.error;
  return fmt::format("{} bytes of other content", read.content.size());
}

}  // namespace

bool Seen(const Trial& trial) {
  return trial.read && trial.read->ok && trial.read->content == trial.sentinel.content;
}

Judgement JudgeSeen(const std::vector<Trial>& trials, const std::string& after) {
  Judgement judgement;
  judgement.evidence = nlohmann::json::array();
  for (const Trial& trial : trials) {
    judgement.evidence.push_back(Evidence(trial));
    if (!trial.write.ok) {
      judgement.problems.push_back(
          fmt::format("could not write {}: {}", trial.sentinel.path, trial.write.failure));
    } else if (!trial.read) {
      judgement.inconclusive.push_back(fmt::format("{} was never looked for", trial.sentinel.path));
    } else if (!Seen(trial)) {
      judgement.problems.push_back(fmt::format("{} is missing {} ({})", trial.sentinel.path, after,
                                               ReadFailure(*trial.read)));
    }
  }
  if (trials.empty()) judgement.inconclusive.push_back("there was no place to test");
  return judgement;
}

Judgement JudgeUnseen(const std::vector<Trial>& trials, const std::string& after) {
  Judgement judgement;
  judgement.evidence = nlohmann::json::array();
  for (const Trial& trial : trials) {
    judgement.evidence.push_back(Evidence(trial));
    if (!trial.write.ok) continue;
    if (Seen(trial)) {
      judgement.problems.push_back(fmt::format("{} is still there {}", trial.sentinel.path, after));
    } else if (!trial.read) {
      judgement.inconclusive.push_back(fmt::format("{} was never looked for", trial.sentinel.path));
    } else if (!trial.read->ok && trial.read->error != "ENOENT") {
      judgement.inconclusive.push_back(fmt::format("reading {} {} failed with {}",
                                                   trial.sentinel.path, after, trial.read->error));
    }
  }
  bool any_written =
      std::any_of(trials.begin(), trials.end(), [](const Trial& trial) { return trial.write.ok; });
  if (!any_written) {
    judgement.inconclusive.push_back("no sentinel could be written, so nothing was tested");
  }
  return judgement;
}

}  // namespace sandcheck
