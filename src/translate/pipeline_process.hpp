#pragma once

// One running text pipeline (an Apertium mode in null-flush mode): a child process group fed
// through pipes, answering each request up to a NUL byte. posix_spawn with an argument vector
// (no shell parses anything Plaza passes), poll with a deadline, SIGKILL to the whole group.

#include <sys/types.h>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace plaza::translate {

class PipelineProcess {
 public:
  /// Starts `argv` (argv[0] looked up in PATH) in a process group of its own, its standard
  /// input, output and error on pipes, no other descriptor inherited. kUnavailable when it
  /// cannot be started.
  static Result<std::unique_ptr<PipelineProcess>> Start(const std::vector<std::string>& argv);
  /// Kills the group and reaps the child.
  ~PipelineProcess();
  PipelineProcess(const PipelineProcess&) = delete;
  PipelineProcess& operator=(const PipelineProcess&) = delete;

  /// Writes `request` and reads the answer: the bytes after any NULs left from earlier answers
  /// up to the next NUL. kUnavailable (and the process is dead from then on) when the process
  /// exits or closes its output ("crashed"), or when `deadline` passes first ("timed out": the
  /// group is killed). The answer may be empty: the caller decides what that means.
  Result<std::string> Exchange(std::string_view request,
                               std::chrono::steady_clock::time_point deadline);

  /// Whether the process may still answer (not killed, not seen to exit).
  bool alive() const { return pid_ > 0; }
  /// The last bytes it wrote to standard error, for messages.
  const std::string& stderr_tail() const { return stderr_tail_; }

 private:
  PipelineProcess() = default;
  friend Result<std::string> RunToEnd(const std::vector<std::string>&, std::string_view,
                                      std::chrono::steady_clock::time_point);
  void Kill();
  void ReadStderr();

  pid_t pid_ = -1;
  int in_ = -1;          // its standard input (we write)
  int out_ = -1;         // its standard output (we read)
  int err_ = -1;         // its standard error (we read)
  std::string pending_;  // output read past the last answer
  std::string stderr_tail_;
};

/// Runs `argv` to its end with `input` on standard input and returns what it wrote to standard
/// output. kUnavailable when it cannot start, exits with a status other than 0, or is still
/// running at `deadline` (then it is killed).
Result<std::string> RunToEnd(const std::vector<std::string>& argv, std::string_view input,
                             std::chrono::steady_clock::time_point deadline);

}  // namespace plaza::translate
