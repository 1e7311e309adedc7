// identity: who the probe runs as, with the user name taken from /etc/passwd directly, and the
// HOME its environment names (where the agent's tools look for ~ when passwd has no entry).
#include <unistd.h>

#include <cstdlib>

#include "tools/probe/proc_parsers.h"
#include "tools/probe/sections/sections.h"
#include "tools/probe/sys.h"

namespace sandcheck::probe {

Json IdentitySection(const ObserveOptions&) {
  Json identity;
  identity["uid"] = ::getuid();
  identity["gid"] = ::getgid();
  identity["euid"] = ::geteuid();
  identity["egid"] = ::getegid();

  int count = ::getgroups(0, nullptr);
  std::vector<gid_t> groups(count > 0 ? count : 0);
  if (count > 0) groups.resize(::getgroups(count, groups.data()));
  identity["groups"] = groups;

  FileContent passwd = ReadFileBounded("/etc/passwd");
  identity["passwd_error"] = ErrorNameJson(passwd.error);
  auto entry = FindPasswdEntry(passwd.data, ::getuid());
  identity["username"] = entry ? Json(entry->name) : Json(nullptr);
  identity["home"] = entry ? Json(entry->home) : Json(nullptr);
  identity["shell"] = entry ? Json(entry->shell) : Json(nullptr);
  const char* home = std::getenv("HOME");
  identity["home_env"] = home ? Json(home) : Json(nullptr);
  return identity;
}

}  // namespace sandcheck::probe
