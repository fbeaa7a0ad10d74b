#pragma once

// Apertium pipelines for tests (test code only): a temporary modes folder, and a null-flush
// "pipeline" in bash that the engine runs in place of a mode's real one, translating each
// segment as "T:" + the segment and failing on cue.

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "translate/apertium_engine.hpp"

namespace plaza::translate::testing {

inline constexpr std::string_view kDebianModes = "/usr/share/apertium/modes";

/// A temporary modes folder holding the given mode names (links to the installed ones when
/// `real`, empty files otherwise); removed when destroyed.
class ModesDir {
 public:
  ModesDir(const std::vector<std::string>& names, bool real) {
    namespace fs = std::filesystem;
    static std::atomic<int> counter{0};
    path_ = fs::temp_directory_path() /
            ("plaza-modes-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::create_directories(path_);
    for (const std::string& name : names) {
      const fs::path file = path_ / (name + ".mode");
      if (real) {
        fs::create_symlink(fs::path(kDebianModes) / (name + ".mode"), file);
      } else {
        std::ofstream(file) << "cat\n";
      }
    }
  }
  ~ModesDir() { std::filesystem::remove_all(path_); }
  ModesDir(const ModesDir&) = delete;
  ModesDir& operator=(const ModesDir&) = delete;
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

inline bool ApertiumInstalled() {
  namespace fs = std::filesystem;
  return fs::exists(fs::path(kDebianModes) / "eng-spa.mode") &&
         fs::exists(fs::path(kDebianModes) / "es-fr.mode");
}

/// The pipeline: answers each NUL-terminated segment with "T:" + the segment; hangs on HANG,
/// exits on CRASH, answers a bare newline on EMPTY and nothing at all on SILENT. A segment with
/// FAULT in it fails as the file named by its first argument says ("hang", "crash" or "empty")
/// while that file exists, and is translated like any other once it is gone.
inline constexpr std::string_view kWrapper = R"sh(
while IFS= read -r -d '' segment; do
  case "$segment" in
    *HANG*) sleep 1000 ;;
    *CRASH*) exit 3 ;;
    *EMPTY*) printf '\n\0\0' ;;
    *SILENT*) ;;
    *FAULT*)
      fault=""
      if [ -n "$1" ] && [ -e "$1" ]; then fault=$(cat "$1"); fi
      case "$fault" in
        hang) sleep 1000 ;;
        crash) exit 3 ;;
        empty) printf '\n\0\0' ;;
        *) printf 'T:%s\0\0\0' "$segment" ;;
      esac ;;
    *) printf 'T:%s\0\0\0' "$segment" ;;
  esac
done
)sh";

/// Options that run kWrapper for every mode of `dir` (FAULT cues read from `fault_file`).
inline ApertiumOptions WrapperOptions(const ModesDir& dir, std::string fault_file = "") {
  ApertiumOptions options;
  options.modes_dir = dir.path();
  options.pool_size = 2;
  // Short enough to keep the hang cases quick, long enough for a busy machine: a fresh bash gets
  // the grace on top.
  options.timeout = std::chrono::milliseconds(1000);
  options.startup_grace = std::chrono::milliseconds(10'000);
  options.command = [fault_file](const std::string&) -> Result<std::vector<std::string>> {
    return std::vector<std::string>{"bash", "-c", std::string(kWrapper), "wrapper", fault_file};
  };
  return options;
}

}  // namespace plaza::translate::testing
