#include "suites/framework/registry.h"

#include <algorithm>

namespace sandcheck {

Status CheckRegistry::Add(CheckInfo check) {
  if (!IsValidCheckId(check.id)) {
    return Fail("check id '{}' does not match ^[A-Z]{{3,5}}-\\d{{3}}$", check.id);
  }
  if (Find(check.id) != nullptr) return Fail("check id {} is registered twice", check.id);
  if (check.must.empty() || check.must.find('\n') != std::string::npos) {
    return Fail("check {}: the MUST statement must be one non-empty line", check.id);
  }
  if (check.rationale.empty() || check.remediation.empty()) {
    return Fail("check {}: rationale and remediation are required", check.id);
  }
  if (check.fn == nullptr) return Fail("check {}: no check function", check.id);
  if (check.negative_controls.empty()) {
    return Fail("check {}: needs at least one negative-control deployment", check.id);
  }
  auto at = std::lower_bound(checks_.begin(), checks_.end(), check.id,
                             [](const CheckInfo& c, const std::string& id) { return c.id < id; });
  checks_.insert(at, std::move(check));
  return Status::Ok();
}

Status CheckRegistry::AddAll(std::vector<CheckInfo> checks) {
  for (auto& check : checks) RETURN_IF_ERROR(Add(std::move(check)));
  return Status::Ok();
}

const CheckInfo* CheckRegistry::Find(std::string_view id) const {
  auto it =
      std::find_if(checks_.begin(), checks_.end(), [id](const CheckInfo& c) { return c.id == id; });
  return it == checks_.end() ? nullptr : &*it;
}

}  // namespace sandcheck
