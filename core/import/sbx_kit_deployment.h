// Stacked sbx kits (sbx run AGENT --kit A --kit B) as one sandcheck deployment file: the
// proxy's allowlist from network.allowedDomains and the service domains, credential injection
// from serviceDomains and serviceAuth with the key read on the host where credentials.sources
// says, the files/ tree at its paths, the workspace bound from the host, and the agent's
// persistence. What a deployment cannot say becomes a comment at the top of the file.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/import/sbx_kit.h"
#include "core/result.h"

namespace sandcheck {

struct SbxImportOptions {
  std::string name;               // the deployment's name; empty: the kits' names joined
  std::string runtime = "runsc";  // the microVM's stand-in: a kernel between agent and host
  std::string image = "busybox";
  // The directory the deployment file will be written to: kit paths are written relative to
  // it, as the deployment format reads them.
  std::filesystem::path base_dir;
};

// The deployment file's text, or an error naming the kit file and line and the fix.
Result<std::string> ImportSbxKits(const std::vector<SbxKit>& kits, const SbxImportOptions& options);

}  // namespace sandcheck
