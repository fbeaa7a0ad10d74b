#pragma once

// The translation service's interface: engines (Apertium, OpenCC, HTTP engines), the routes
// between languages, and Markdown or plain text in and out. The translations module (storage,
// jobs, pages, API) uses only this header; engines.cpp and translator.cpp implement it.
//
// Language codes: sources are content codes (DESIGN.md §4: en, es, fr, pt, zh-Hans, zh-Hant, vi,
// ru, id, ja, ar, uk). Targets are content codes except Portuguese, whose targets are "pt-PT"
// and "pt-BR" (different Apertium modes). TargetForLocale() maps an interface locale to a target.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "i18n/locales.hpp"

namespace plaza::translate {

/// The translation target for an interface locale: "zh-CN" → "zh-Hans", "zh-TW" → "zh-Hant",
/// "pt-PT"/"pt-BR" stay, every other locale is its content code. nullopt for an unknown locale.
inline std::optional<std::string> TargetForLocale(std::string_view locale) {
  const LocaleInfo* info = FindLocale(locale);
  if (info == nullptr) return std::nullopt;
  if (info->content_code == "pt") return std::string(info->tag);
  return std::string(info->content_code);
}
/// The content code a target is written in ("pt-BR" → "pt"; others unchanged): a reader whose
/// target's content code equals the text's language reads the original.
inline std::string ContentCodeOfTarget(std::string_view target) {
  return target.starts_with("pt-") ? std::string("pt") : std::string(target);
}

/// One engine (Apertium, OpenCC, LibreTranslate-compatible, OpenAI-compatible chat).
/// Thread-safe: job workers call Translate concurrently. Blocking (run it on a job worker).
class Engine {
 public:
  virtual ~Engine() = default;
  /// "apertium", "opencc", "libretranslate", "llm".
  virtual std::string_view Name() const = 0;
  /// The direct pairs (source content code, target code) this engine offers, as configured
  /// and found working (Apertium: installed modes, never rus-ukr/ukr-rus).
  virtual std::vector<std::pair<std::string, std::string>> Pairs() const = 0;
  /// Translates plain-text segments (one per element in, one per element out, same order).
  /// Segments may carry protected spans in the engine-neutral form of spans.hpp (U+E000 text
  /// U+E001; Apertium carries them as superblanks) and come back with them in the same form. A hang
  /// is killed after the timeout, a crash restarts the pipeline; empty output, a timeout or a crash
  /// is an error (kUnavailable).
  virtual Result<std::vector<std::string>> Translate(std::string_view from, std::string_view to,
                                                     const std::vector<std::string>& segments) = 0;
};

/// One hop of a route: an engine and the pair it translates.
struct Hop {
  std::string engine;  // Engine::Name()
  std::string from;
  std::string to;
};

/// A route from a source to a target: one hop (direct) or several (pivots, e.g. en→es→fr).
struct Route {
  std::vector<Hop> hops;
  /// "apertium" or "apertium+apertium": what goes into the stored row and the job's dedupe key.
  std::string EngineKey() const {
    std::string key;
    for (const Hop& hop : hops) key += (key.empty() ? "" : "+") + hop.engine;
    return key;
  }
};

/// The translation service: engines, the routes between them, and text in and out. An
/// interface so that the module's tests can give it a scripted service; MakeTranslator builds
/// the real one. Thread-safe.
class Translator {
 public:
  virtual ~Translator() = default;

  /// The route from `from` (content code) to `target`, or nullopt when there is none.
  /// Same language (content codes equal) is no route: the reader reads the original.
  virtual std::optional<Route> RouteFor(std::string_view from, std::string_view target) const = 0;
  /// Every (from, target) pair with a route, for `plaza translate --routes` and eager targets.
  virtual std::vector<std::pair<std::pair<std::string, std::string>, Route>> Routes() const = 0;
  /// Whether a route uses only offline engines (Apertium, OpenCC): the default eager set.
  virtual bool IsOffline(const Route& route) const = 0;

  /// Translates Markdown block by block keeping its structure: code, URLs, cashtags, @handles
  /// and numbers pass through untouched. Long texts are chunked within engine limits.
  /// Blocking: call it from a job worker.
  virtual Result<std::string> TranslateMarkdown(const Route& route,
                                                std::string_view markdown) const = 0;
  /// Translates plain text (a title, a summary) the same way, without Markdown.
  virtual Result<std::string> TranslatePlain(const Route& route, std::string_view text) const = 0;
};

/// The real service over `engines` (in the configured order): builds every route the engines
/// allow, pivots included, preferring direct routes, then fewer hops, then the engines' order.
std::unique_ptr<Translator> MakeTranslator(std::vector<std::unique_ptr<Engine>> engines);

}  // namespace plaza::translate
