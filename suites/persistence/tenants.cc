#include "suites/persistence/tenants.h"

#include <algorithm>

namespace sandcheck {

bool IsMultiTenant(const Deployment& deployment) {
  return std::any_of(deployment.volumes.begin(), deployment.volumes.end(),
                     [](const VolumeMount& volume) {
                       return volume.name.find(kTenantToken) != std::string::npos;
                     });
}

Deployment ForTenant(Deployment deployment, std::string_view tenant) {
  for (VolumeMount& volume : deployment.volumes) {
    for (size_t at = volume.name.find(kTenantToken); at != std::string::npos;
         at = volume.name.find(kTenantToken, at + tenant.size())) {
      volume.name.replace(at, kTenantToken.size(), tenant);
    }
  }
  return deployment;
}

}  // namespace sandcheck
