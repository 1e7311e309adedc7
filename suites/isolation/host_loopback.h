// ISO-020: whether the sandbox reaches services on the host's loopback. The sandbox's host view
// listens on the host's 127.0.0.1; the probe connect()s to that port from inside, and the
// listener counts what arrived. Loopback only: no other address is touched.
#pragma once

#include <string>

#include "core/result.h"
#include "suites/framework/check_context.h"
#include "suites/isolation/observation.h"

namespace sandcheck::isolation {

// Fails when the probe's connect to `target` succeeded and the harness's listener got the
// connection (`accepted` > 0); an error when the probe connected but the listener saw nothing
// (something else answered inside the sandbox), or when the probe did not try.
Result<Judgement> JudgeHostLoopback(const nlohmann::json& document, const std::string& target,
                                    int accepted);

// The check: opens the listener, runs the probe against it in the family's shared sandbox.
CheckResult HostLoopbackUnreachable(CheckContext& context);

}  // namespace sandcheck::isolation
