#include "clusters/oci/seccomp_profile.h"

#include "clusters/oci/default_seccomp.h"
#include "core/fs_util.h"

namespace sandcheck {

const nlohmann::json& DefaultSeccompProfile() {
  static const nlohmann::json profile = nlohmann::json::parse(kDefaultSeccompJson);
  return profile;
}

Result<std::optional<nlohmann::json>> SeccompSection(const Deployment& deployment) {
  switch (deployment.seccomp) {
    case SeccompMode::kUnconfined:
      return std::optional<nlohmann::json>();
    case SeccompMode::kRuntimeDefault:
      return std::optional<nlohmann::json>(DefaultSeccompProfile());
    case SeccompMode::kProfile: {
      const auto& path = deployment.seccomp_profile;
      ASSIGN_OR_RETURN(std::string text, WithContext(ReadFile(path), "seccomp profile"));
      auto profile = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
      if (profile.is_discarded() || !profile.is_object() || !profile.contains("defaultAction")) {
        return Fail("seccomp profile {}: not a JSON object with a defaultAction", path.string());
      }
      return std::optional<nlohmann::json>(std::move(profile));
    }
  }
  return Fail("unknown seccomp mode");
}

}  // namespace sandcheck
