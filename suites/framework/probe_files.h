// Reads the probe document's file observations: `--exists` (stat), `--write` (an open or
// create attempt as the probe's user) and `--read`. The only place that knows the shape of
// the "files" and "writable" sections (docs/probe.md), so checks stay independent of it.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace sandcheck {

struct StatFacts {
  bool exists = false;
  std::string error;  // errno name when stat failed
  std::string type;   // "file", "directory", "symlink", ...
  std::optional<uint32_t> uid;
  std::optional<uint32_t> mode;  // permission, sticky and set-id bits
};

struct WriteFacts {
  bool writable = false;  // the open (or create-in-directory) succeeded
  std::string error;      // errno name of the failed attempt
  std::string method;     // "open_existing", "create_in_directory", "create_new", "stat"
};

struct ReadFacts {
  bool ok = false;
  std::string error;
  std::string content;     // the first bytes the probe read (4 KiB)
  bool truncated = false;  // the file is longer than `content`
  bool base64 = false;     // the bytes were not UTF-8, so `content` is base64
};

// Each fails when the document holds no observation of `path` (the probe was not asked,
// or its section failed), naming what is missing.
Result<StatFacts> FindStat(const nlohmann::json& document, std::string_view path);
Result<WriteFacts> FindWrite(const nlohmann::json& document, std::string_view path);
Result<ReadFacts> FindRead(const nlohmann::json& document, std::string_view path);

}  // namespace sandcheck
