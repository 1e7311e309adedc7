// The sweep of the docker substrate: every container, volume and network labelled
// io.sandcheck.run=<run> whose run lock (under <state>/locks) can be taken belongs to an
// abandoned run and is removed. The sweep holds each claimed lock while it works, so two
// sweepers never clean the same run; objects of live runs and unlabelled ones are never touched.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "clusters/docker/engine_client.h"
#include "core/result.h"
#include "core/run_id.h"

namespace sandcheck {

// Engine objects of one kind labelled with a run.
struct LabelledObject {
  std::string kind;  // "container", "volume", "network"
  std::string id;    // what DELETE takes: container/network id, volume name
  std::string run;
  std::string state_dir;  // the io.sandcheck.state label
};

// Every container (running or not), volume and network carrying the run label.
Result<std::vector<LabelledObject>> ListLabelledObjects(const EngineClient& engine,
                                                        Duration timeout);

// Removes one object (force for containers); one already gone is fine.
Status RemoveLabelledObject(const EngineClient& engine, const LabelledObject& object,
                            Duration timeout);

// Where runs of the docker substrate keep files on the host (the world's resolv.conf and
// hosts, the proxies' directories): <state>/docker-run/<run>.
std::filesystem::path DockerRunDir(const std::filesystem::path& state_dir, const RunId& run);

// Removes the run directories under <state_dir>/docker-run of runs whose lock can be taken.
Status SweepAbandonedRunDirs(const std::filesystem::path& state_dir, const RunId& self);

// Judges only objects labelled with `state_dir`, by the run locks in <state_dir>/locks.
Status SweepAbandonedEngineObjects(const EngineClient& engine,
                                   const std::filesystem::path& state_dir, const RunId& self,
                                   Duration timeout);

}  // namespace sandcheck
