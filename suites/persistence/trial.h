// One sentinel's trip: written in one place, looked for in another. The judgements are pure, so
// the tests drive them with hand-made trials.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "suites/framework/judgement.h"
#include "suites/persistence/sentinel.h"

namespace sandcheck {

struct Trial {
  Sentinel sentinel;
  WriteAttempt write;
  std::optional<ReadFacts> read;  // looked for after the event; unset when never written
};

// The sentinel is there, with its content.
bool Seen(const Trial& trial);

// Every sentinel MUST be written and then seen `after` ("after stop, delete and re-create"):
// a write the agent cannot do breaks the promise as surely as a lost file.
Judgement JudgeSeen(const std::vector<Trial>& trials, const std::string& after);

// No sentinel may be seen `after`. A place the agent cannot write holds nothing, so it counts
// as kept apart; if no place could be written, nothing was tested and the judgement is
// inconclusive. A read failing other than with ENOENT is inconclusive too.
Judgement JudgeUnseen(const std::vector<Trial>& trials, const std::string& after);

}  // namespace sandcheck
