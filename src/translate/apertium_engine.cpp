#include "translate/apertium_engine.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <system_error>
#include <thread>

#include "translate/pipeline_process.hpp"
#include "translate/spans.hpp"

namespace plaza::translate {
namespace {

// Apertium names a language by an ISO 639-1 or 639-3 code, a variant after '_'.
struct ApertiumLanguage {
  std::string_view name;
  std::string_view source;  // content code read
  std::string_view target;  // target written
};
constexpr ApertiumLanguage kLanguages[] = {
    {"en", "en", "en"},     {"eng", "en", "en"},     {"es", "es", "es"},    {"spa", "es", "es"},
    {"fr", "fr", "fr"},     {"fra", "fr", "fr"},     {"pt", "pt", "pt-PT"}, {"por", "pt", "pt-PT"},
    {"pt_BR", "", "pt-BR"}, {"por_BR", "", "pt-BR"},
};

// A sentence per source language that every mode translates (a probe must get an answer).
std::string_view ProbeSentence(std::string_view source) {
  if (source == "en") return "The market opened higher today.";
  if (source == "es") return "El mercado abrió hoy al alza.";
  if (source == "fr") return "Le marché a ouvert en hausse aujourd'hui.";
  if (source == "pt") return "O mercado abriu em alta hoje.";
  return "";
}

constexpr std::string_view kSpecial = "^$[]{}\\/@<>";

std::string TrimNewlines(std::string answer) {
  while (!answer.empty() && (answer.back() == '\n' || answer.back() == '\r')) answer.pop_back();
  return answer;
}

bool IsBlank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace

std::string ApertiumSourceCode(std::string_view name) {
  for (const auto& lang : kLanguages) {
    if (lang.name == name) return std::string(lang.source);
  }
  return {};
}

std::string ApertiumTargetCode(std::string_view name) {
  for (const auto& lang : kLanguages) {
    if (lang.name == name) return std::string(lang.target);
  }
  return {};
}

std::string EscapeForApertium(std::string_view segment, std::vector<std::string>& spans) {
  std::string out;
  out.reserve(segment.size() + 16);
  for (const Piece& piece : SplitSpans(segment)) {
    if (piece.is_protected) {
      out += '[' + std::to_string(spans.size()) + ']';
      spans.push_back(piece.text);
      continue;
    }
    for (char c : piece.text) {
      if (kSpecial.find(c) != std::string_view::npos) out += '\\';
      out += c;
    }
  }
  return out;
}

std::string UnescapeFromApertium(std::string_view answer, const std::vector<std::string>& spans) {
  std::string out;
  out.reserve(answer.size());
  std::vector<bool> used(spans.size(), false);
  std::size_t i = 0;
  while (i < answer.size()) {
    const char c = answer[i];
    if (c == '\\' && i + 1 < answer.size()) {
      out += answer[i + 1];
      i += 2;
      continue;
    }
    if (c == '[') {
      // A superblank: ours hold a span's number; any other (Apertium's own) is dropped.
      std::size_t end = i + 1;
      while (end < answer.size() && answer[end] != ']') end += answer[end] == '\\' ? 2 : 1;
      const std::string_view inside = answer.substr(i + 1, std::min(end, answer.size()) - i - 1);
      std::size_t index = spans.size();
      if (!inside.empty() && inside.size() < 8 &&
          inside.find_first_not_of("0123456789") == std::string_view::npos) {
        index = std::stoul(std::string(inside));
      }
      if (index < spans.size()) {
        if (!used[index]) out += Protect(spans[index]);
        used[index] = true;
      }
      i = end + 1;
      continue;
    }
    out += c;
    ++i;
  }
  for (std::size_t s = 0; s < spans.size(); ++s) {
    if (!used[s]) out += (out.empty() || out.back() == ' ' ? "" : " ") + Protect(spans[s]);
  }
  return out;
}

struct ApertiumEngine::Mode {
  std::string name;  // "eng-spa"
  std::vector<std::string> argv;
  std::mutex mutex;
  std::condition_variable freed;
  std::vector<std::unique_ptr<PipelineProcess>> idle;  // guarded by mutex
  int live = 0;                                        // running or in use; guarded by mutex
};

ApertiumEngine::ApertiumEngine(ApertiumOptions options) : options_(std::move(options)) {}
ApertiumEngine::~ApertiumEngine() = default;

Result<std::unique_ptr<ApertiumEngine>> ApertiumEngine::Create(ApertiumOptions options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::directory_iterator it(options.modes_dir, ec);
  if (ec) {
    return Fail(Errc::kUnavailable,
                "cannot read Apertium modes in " + options.modes_dir + ": " + ec.message());
  }
  std::vector<fs::path> files;
  for (const auto& entry : it) {
    if (entry.path().extension() == ".mode") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  if (!options.command) {
    options.command = [](const std::string& mode_path) -> Result<std::vector<std::string>> {
      auto script = RunToEnd({"apertium-wblank-mode", "-z", mode_path}, "",
                             std::chrono::steady_clock::now() + std::chrono::seconds(30));
      if (!script) return std::unexpected(script.error());
      if (IsBlank(*script)) return Fail(Errc::kUnavailable, "apertium-wblank-mode printed nothing");
      // bash -c SCRIPT NAME ARGS: $1 = "-n" (no unknown-word marks), $2 = "" (the tagger's
      // extra option). Nothing from outside goes into the script.
      return std::vector<std::string>{"bash", "-c", *script, "apertium", "-n", ""};
    };
  }
  std::unique_ptr<ApertiumEngine> engine(new ApertiumEngine(options));
  struct Candidate {
    std::string from, to;
    std::unique_ptr<Mode> mode;
    Status probe;
  };
  std::vector<Candidate> candidates;
  for (const fs::path& file : files) {
    const std::string name = file.stem().string();
    const std::size_t dash = name.find('-');
    if (dash == std::string::npos || name.find('-', dash + 1) != std::string::npos) {
      engine->skipped_.push_back(name + ": not a plain language pair");
      continue;
    }
    const std::string left = name.substr(0, dash), right = name.substr(dash + 1);
    if (left.starts_with("ru") || left.starts_with("uk") || right.starts_with("ru") ||
        right.starts_with("uk")) {
      engine->skipped_.push_back(name + ": never offered (prints nothing on ordinary text)");
      continue;
    }
    const std::string from = ApertiumSourceCode(left), to = ApertiumTargetCode(right);
    if (from.empty() || to.empty() || ProbeSentence(from).empty()) {
      engine->skipped_.push_back(name + ": a language Plaza does not translate with Apertium");
      continue;
    }
    auto argv = engine->options_.command(file.string());
    if (!argv) {
      engine->skipped_.push_back(name + ": " + argv.error().message);
      continue;
    }
    auto mode = std::make_unique<Mode>();
    mode->name = name;
    mode->argv = std::move(*argv);
    candidates.push_back(Candidate{from, to, std::move(mode), {}});
  }
  // The probes start each mode's first pipeline (left warm in the pool), two at a time: a cold
  // start loads the mode's dictionaries, and more at once only slows every one of them down on
  // a 2-core machine.
  {
    std::atomic<std::size_t> next{0};
    auto probe_some = [&engine, &candidates, &next] {
      for (std::size_t i = next++; i < candidates.size(); i = next++) {
        Candidate& c = candidates[i];
        auto probe = engine->TranslateOne(*c.mode, ProbeSentence(c.from));
        c.probe = probe ? Status{} : Status(std::unexpected(probe.error()));
      }
    };
    std::thread helper(probe_some);
    probe_some();
    helper.join();
  }
  for (Candidate& c : candidates) {
    if (!c.probe) {
      spdlog::warn("translation: Apertium mode {} left out: {}", c.mode->name,
                   c.probe.error().message);
      engine->skipped_.push_back(c.mode->name + ": probe failed: " + c.probe.error().message);
      continue;
    }
    if (engine->modes_.contains({c.from, c.to})) {
      engine->skipped_.push_back(c.mode->name + ": another mode already translates " + c.from +
                                 " → " + c.to);
      continue;
    }
    engine->modes_.emplace(std::make_pair(c.from, c.to), std::move(c.mode));
  }
  return engine;
}

std::vector<std::pair<std::string, std::string>> ApertiumEngine::Pairs() const {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const auto& [pair, mode] : modes_) pairs.push_back(pair);
  return pairs;
}

std::string ApertiumEngine::ModeName(std::string_view from, std::string_view to) const {
  auto it = modes_.find({std::string(from), std::string(to)});
  return it == modes_.end() ? std::string() : it->second->name;
}

Result<std::string> ApertiumEngine::TranslateOne(Mode& mode, std::string_view segment) {
  std::unique_ptr<PipelineProcess> pipeline;
  {
    std::unique_lock lock(mode.mutex);
    mode.freed.wait(lock, [&] { return !mode.idle.empty() || mode.live < options_.pool_size; });
    if (!mode.idle.empty()) {
      pipeline = std::move(mode.idle.back());
      mode.idle.pop_back();
    } else {
      ++mode.live;
    }
  }
  // Gives the pipeline back (kept warm when it answered well, dropped otherwise).
  auto give_back = [&mode](std::unique_ptr<PipelineProcess> p) {
    std::lock_guard lock(mode.mutex);
    if (p && p->alive()) {
      mode.idle.push_back(std::move(p));
    } else {
      --mode.live;
    }
    mode.freed.notify_one();
  };
  auto deadline = std::chrono::steady_clock::now() + options_.timeout;
  if (!pipeline) {
    deadline += options_.startup_grace;
    auto started = PipelineProcess::Start(mode.argv);
    ++started_;
    if (!started) {
      give_back(nullptr);
      return Fail(Errc::kUnavailable,
                  "apertium " + mode.name + " cannot start: " + started.error().message);
    }
    pipeline = std::move(*started);
  }
  std::vector<std::string> spans;
  std::string request = EscapeForApertium(segment, spans);
  request += '\n';
  request += '\0';
  auto answer = pipeline->Exchange(request, deadline);
  if (!answer) {
    give_back(nullptr);
    spdlog::warn("translation: apertium {} {}; restarted on next use", mode.name,
                 answer.error().message);
    return Fail(Errc::kUnavailable, "apertium " + mode.name + " " + answer.error().message);
  }
  std::string text = TrimNewlines(std::move(*answer));
  if (IsBlank(text)) {
    // A pipeline that answers nothing (the Russian–Ukrainian modes' failure) is not trusted
    // again: it is replaced.
    pipeline.reset();
    give_back(nullptr);
    return Fail(Errc::kUnavailable, "apertium " + mode.name + " answered nothing");
  }
  give_back(std::move(pipeline));
  return UnescapeFromApertium(text, spans);
}

Result<std::vector<std::string>> ApertiumEngine::Translate(
    std::string_view from, std::string_view to, const std::vector<std::string>& segments) {
  auto it = modes_.find({std::string(from), std::string(to)});
  if (it == modes_.end()) {
    return Fail(Errc::kInvalidArgument,
                "apertium has no mode for " + std::string(from) + " → " + std::string(to));
  }
  std::vector<std::string> out;
  out.reserve(segments.size());
  for (const std::string& segment : segments) {
    if (!HasTranslatableText(segment)) {
      out.push_back(segment);
      continue;
    }
    auto translated = TranslateOne(*it->second, segment);
    if (!translated) return std::unexpected(translated.error());
    out.push_back(std::move(*translated));
  }
  return out;
}

}  // namespace plaza::translate
