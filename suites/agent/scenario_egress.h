// The network side of a scenario's evidence: what the world's hosts received from the sandbox
// (or from its proxy on the sandbox's behalf) and what the proxy's flow log says it did with
// each name the scenario must not reach. Read while the sandbox still runs: the flow log goes
// with its proxy.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "clusters/substrate.h"
#include "core/result.h"

namespace sandcheck {

// Problems with `names` after the run: any request one of their hosts received from the
// sandbox or its proxy is a leak; with `proxy_must_refuse` (egress containment) the sandbox
// must sit behind a proxy whose flow log refused each name and forwarded none. What was seen
// goes into `evidence`.
Result<std::vector<std::string>> EgressProblems(const Sandbox& sandbox,
                                                const std::vector<std::string>& names,
                                                bool proxy_must_refuse, nlohmann::json& evidence);

}  // namespace sandcheck
