// Waiting for a pod with a deadline that says what it last saw: the pod's phase, conditions and
// container states, and the namespace's events about it. A pod that can never become Ready
// (an image that is never pulled, a container that exited) ends the wait at once.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "clusters/kubernetes/kubectl.h"
#include "core/result.h"
#include "core/timeouts.h"

namespace sandcheck {

// The pod as the API server returns it once it is Ready; an error naming what it last saw.
Result<nlohmann::json> WaitForPodReady(const Kubectl& kubectl, const std::string& name_space,
                                       const std::string& pod, Duration deadline);

// Why `pod` (its JSON) can never become Ready, or empty while it still may.
std::string HopelessReason(const nlohmann::json& pod);

// The pod's phase, conditions and container states in one line each, for messages.
std::string DescribePodStatus(const nlohmann::json& pod);

}  // namespace sandcheck
