// One Docker Sandboxes (sbx) kit as its spec.yaml and files/ tree say it (seed 002): the agent
// it runs, the domains its proxy admits, the service domains whose requests get a credential
// added at the proxy, where that credential is read on the host, and the files injected at
// creation. Read with yaml-cpp; nothing here decides what a deployment makes of it
// (sbx_kit_deployment.h does).
#pragma once

#include <yaml-cpp/mark.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

namespace sandcheck {

// network.serviceAuth.<service>: how the proxy writes the credential into a request.
struct SbxServiceAuth {
  std::string service;
  std::string header_name;   // "x-api-key", "Authorization"
  std::string value_format;  // "%s", "Bearer %s"
};

// credentials.sources.<service>.env: the host variables the credential is read from, in order.
struct SbxCredentialSource {
  std::string service;
  std::vector<std::string> env;
};

// A file under files/, by its path below files/ ("workspace/.claude/skills/x/SKILL.md").
struct SbxKitFile {
  std::filesystem::path source;  // absolute
  std::string relative;
};

struct SbxKit {
  std::filesystem::path dir;
  std::string name;
  std::string kind;  // "agent" or "mixin"
  std::string description;
  std::string agent_image;
  std::string persistence;  // "persistent", "ephemeral" or empty
  std::vector<std::string> entrypoint;
  std::vector<std::string> allowed_domains;                          // as written: "claude.com:443"
  std::vector<std::pair<std::string, std::string>> service_domains;  // domain -> service
  std::vector<SbxServiceAuth> service_auth;
  std::vector<SbxCredentialSource> credential_sources;
  std::vector<SbxKitFile> files;  // sorted by relative path
  // Keys of spec.yaml a deployment has no word for, as "spec.yaml:LINE: key" for the comment.
  std::vector<std::string> unexpressed;
};

// "claude.com:443" -> {claude.com, 443}; no port: an empty one.
struct SbxDomain {
  std::string host;
  std::string port;
};
SbxDomain SplitSbxDomain(const std::string& domain);

// Reads DIR/spec.yaml and DIR/files/. Every problem is reported at once, as
// "DIR/spec.yaml:LINE:COL: error: WHAT. fix: HOW".
Result<SbxKit> ReadSbxKit(const std::filesystem::path& dir);

}  // namespace sandcheck
