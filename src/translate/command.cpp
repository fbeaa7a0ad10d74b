#include "translate/command.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "i18n/locales.hpp"
#include "translate/engines.hpp"

namespace plaza::translate {
namespace {

// A line longer than this is a mistake (a post body is at most 200 KB).
constexpr std::size_t kMaxLineBytes = std::size_t{1} << 20;

// A target as given: a target code ("fr", "pt-BR", "zh-Hant") or an interface locale
// ("zh-TW").
std::optional<std::string> ParseTarget(std::string_view value) {
  if (value == "pt-PT" || value == "pt-BR") return std::string(value);
  if (value != "pt" && FindContentLanguage(value) != nullptr) return std::string(value);
  return TargetForLocale(value);
}

std::string HopsText(const Route& route) {
  std::string text;
  for (const Hop& hop : route.hops) {
    if (!text.empty()) text += ", ";
    text += hop.engine + " " + hop.from + "→" + hop.to;
  }
  return text;
}

int PrintRoutes(const Translator& translator, const std::vector<std::string>& notes,
                const CommandIo& io) {
  std::fprintf(io.out, "%-8s %-8s %-6s %-8s %s\n", "from", "to", "hops", "offline", "engines");
  for (const auto& [pair, route] : translator.Routes()) {
    std::fprintf(io.out, "%-8s %-8s %-6zu %-8s %s\n", pair.first.c_str(), pair.second.c_str(),
                 route.hops.size(), translator.IsOffline(route) ? "yes" : "no",
                 HopsText(route).c_str());
  }
  for (const std::string& note : notes) std::fprintf(io.err, "note: %s\n", note.c_str());
  return std::fflush(io.out) == 0 ? 0 : 1;
}

// Reads one line (without its '\n'); nullopt at the end of input.
std::optional<std::string> ReadLine(std::FILE* in, bool& too_long) {
  std::string line;
  int c = 0;
  bool any = false;
  while ((c = std::fgetc(in)) != EOF) {
    any = true;
    if (c == '\n') return line;
    if (line.size() < kMaxLineBytes) {
      line += static_cast<char>(c);
    } else {
      too_long = true;
    }
  }
  if (!any) return std::nullopt;
  return line;
}

int Run(const TranslationOptions& options, const outgoing::OutgoingOptions& http,
        const config::ParsedFlags& flags, const CommandIo& io) {
  auto usage_error = [&io](const std::string& message) {
    std::fprintf(io.err, "plaza translate: %s\n", message.c_str());
    return 2;
  };
  const bool routes = flags.Has("--routes");
  const std::optional<std::string> from = flags.Get("--from");
  const std::optional<std::string> to_flag = flags.Get("--to");
  if (!routes && (!from || !to_flag)) return usage_error("give --routes, or --from and --to");
  std::optional<std::string> target;
  if (!routes) {
    if (FindContentLanguage(*from) == nullptr) {
      return usage_error("unknown source language '" + *from + "' (a content code: en, fr, ...)");
    }
    target = ParseTarget(*to_flag);
    if (!target) return usage_error("unknown target '" + *to_flag + "'");
  }
  std::vector<std::string> notes;
  auto engines = MakeEngines(options, http, &notes);
  if (!engines) return usage_error(engines.error().message);
  const auto translator = MakeTranslator(std::move(*engines));
  if (routes) return PrintRoutes(*translator, notes, io);

  const std::optional<Route> route = translator->RouteFor(*from, *target);
  const bool same = ContentCodeOfTarget(*target) == *from;
  if (!route && !same) {
    std::fprintf(io.err, "plaza translate: no route from %s to %s (see --routes)\n", from->c_str(),
                 target->c_str());
    return 1;
  }
  int failures = 0;
  bool too_long = false;
  while (auto line = ReadLine(io.in, too_long)) {
    std::string out = *line;
    if (route) {
      auto translated = translator->TranslatePlain(*route, *line);
      if (translated) {
        out = std::move(*translated);
      } else {
        // The line stays as written so that output lines still match input lines.
        ++failures;
        std::fprintf(io.err, "plaza translate: a line failed: %s\n",
                     translated.error().message.c_str());
      }
    }
    std::fprintf(io.out, "%s\n", out.c_str());
    std::fflush(io.out);
  }
  if (too_long) std::fprintf(io.err, "plaza translate: a line over 1 MiB was cut\n");
  return failures == 0 && !too_long ? 0 : 1;
}

}  // namespace

ModuleCommand TranslateCommand(const TranslationOptions& options,
                               const outgoing::OutgoingOptions& http) {
  ModuleCommand command;
  command.name = "translate";
  command.summary = "print the translation routes, or translate standard input";
  command.usage = "--routes | --from CODE --to CODE < text.txt";
  command.about =
      "With --routes, prints every route the configured engines allow (pivots included) and the\n"
      "engines of each hop. With --from and --to, translates standard input one line at a time\n"
      "(one line out per line in; a line that fails is printed as written and the exit code is\n"
      "1). Engines come from [translation] (docs/translation.md).";
  command.flags = {
      {"--routes", "", "print the route table"},
      {"--from", "CODE", "source language (content code: en, es, fr, pt, zh-Hans, ...)"},
      {"--to", "CODE", "target (en, fr, pt-PT, pt-BR, zh-Hant, ... or a locale such as zh-TW)"},
  };
  command.run = [options, http](const config::ParsedFlags& flags, const CommandIo& io) {
    return Run(options, http, flags, io);
  };
  return command;
}

void RegisterCommands(ModuleRegistry& registry, const TranslationOptions& options,
                      const outgoing::OutgoingOptions& http) {
  registry.AddCommand(TranslateCommand(options, http));
}

}  // namespace plaza::translate
