// Paths and file reading shared by the deployment tests.
#pragma once

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace sandcheck {

inline const std::filesystem::path kSourceDir = SANDCHECK_SOURCE_DIR;

inline std::string ReadText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace sandcheck
