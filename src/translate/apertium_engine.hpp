#pragma once

// Apertium (DESIGN.md §4): a pool of warm pipelines per installed mode, each running the mode in
// null-flush mode (the script `apertium-wblank-mode -z <mode>` prints, run with bash and
// `-n ""`: no unknown-word marks). Input is escaped (^$[]{}\/@<> get a backslash), protected
// spans travel as superblanks ("[3]", numbered, put back from the answer), each segment ends
// with "\n\0" and its answer is read up to the NUL.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "translate/translator.hpp"

namespace plaza::translate {

struct ApertiumOptions {
  /// Where the *.mode files are.
  std::string modes_dir = "/usr/share/apertium/modes";
  /// Pipelines kept per mode at most.
  int pool_size = 2;
  /// One segment's time before its pipeline is killed.
  std::chrono::milliseconds timeout{10'000};
  /// Added to the timeout of a pipeline's first segment (the probe at start, a restart): a cold
  /// start loads the mode's dictionaries first (seconds; tens of seconds on a busy machine).
  std::chrono::milliseconds startup_grace{60'000};
  /// The command (argv) that runs a mode's null-flush pipeline, reading segments on standard
  /// input. Default (empty): `bash -c "<apertium-wblank-mode -z MODE>" apertium -n ""`. Tests
  /// inject wrappers that hang, crash or stay silent.
  std::function<Result<std::vector<std::string>>(const std::string& mode_path)> command;
};

/// The Apertium name of a mode's language ("eng", "spa", "fr", "pt_BR") as a content code
/// (source side) or target (target side: "pt" → "pt-PT", "pt_BR" → "pt-BR"); "" when Plaza does
/// not use it. Russian and Ukrainian are never used (their Debian modes print nothing).
std::string ApertiumSourceCode(std::string_view name);
std::string ApertiumTargetCode(std::string_view name);

/// Escapes a segment in the neutral form (spans.hpp) for an Apertium pipeline: text escaped,
/// the i-th protected span as the superblank "[i]" (its text kept in `spans`). Exposed for tests.
std::string EscapeForApertium(std::string_view segment, std::vector<std::string>& spans);
/// The answer back in the neutral form: escapes removed, superblank "[i]" replaced by span i;
/// spans the engine dropped are appended at the end (never lost).
std::string UnescapeFromApertium(std::string_view answer, const std::vector<std::string>& spans);

class ApertiumEngine final : public Engine {
 public:
  /// Finds the modes in options.modes_dir, starts one pipeline for each mode Plaza can use and
  /// keeps those that translate a probe sentence (non-empty answer within the timeout).
  /// Modes that fail are logged and left out. kUnavailable when the folder cannot be read.
  static Result<std::unique_ptr<ApertiumEngine>> Create(ApertiumOptions options);
  ~ApertiumEngine() override;

  std::string_view Name() const override { return "apertium"; }
  std::vector<std::pair<std::string, std::string>> Pairs() const override;
  Result<std::vector<std::string>> Translate(std::string_view from, std::string_view to,
                                             const std::vector<std::string>& segments) override;

  /// The modes left out at start, with why ("rus-ukr: never offered"), for `--routes`.
  const std::vector<std::string>& skipped() const { return skipped_; }
  /// The mode that translates a pair ("eng-spa"), "" when none does (for the evaluation's raw
  /// runs).
  std::string ModeName(std::string_view from, std::string_view to) const;
  /// Pipelines started so far (restarts included), for tests.
  std::uint64_t started() const { return started_.load(); }

 private:
  struct Mode;
  explicit ApertiumEngine(ApertiumOptions options);
  Result<std::string> TranslateOne(Mode& mode, std::string_view segment);

  ApertiumOptions options_;
  std::map<std::pair<std::string, std::string>, std::unique_ptr<Mode>> modes_;
  std::vector<std::string> skipped_;
  std::atomic<std::uint64_t> started_{0};
};

}  // namespace plaza::translate
