// MakeTranslator: the routes between languages over the configured engines, and Markdown or
// plain text through them (segments in the neutral form of spans.hpp, cut into chunks).

#include "translate/translator.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "translate/engines.hpp"
#include "translate/markdown_segments.hpp"
#include "translate/spans.hpp"

namespace plaza::translate {
namespace {

// Pivots beyond this many hops lose too much: en → es → fr is two.
constexpr std::size_t kMaxHops = 3;

struct Edge {
  std::size_t engine;  // index in the engines' order
  std::string from;    // content code
  std::string to;      // target
};

// A candidate route: its hops and the engines' indexes (compared when hop counts tie).
struct Path {
  std::vector<const Edge*> edges;
  std::vector<std::size_t> Order() const {
    std::vector<std::size_t> order;
    for (const Edge* e : edges) order.push_back(e->engine);
    return order;
  }
};

// A chunk split from its surrounding whitespace (engines get the text between).
struct Chunk {
  std::string lead, core, trail;
};

Chunk SplitWhitespace(std::string_view text) {
  std::size_t start = 0, end = text.size();
  while (start < end && std::string_view(" \t\r\n").find(text[start]) != std::string_view::npos) {
    ++start;
  }
  while (end > start && std::string_view(" \t\r\n").find(text[end - 1]) != std::string_view::npos) {
    --end;
  }
  return Chunk{std::string(text.substr(0, start)), std::string(text.substr(start, end - start)),
               std::string(text.substr(end))};
}

class RoutingTranslator final : public Translator {
 public:
  explicit RoutingTranslator(std::vector<std::unique_ptr<Engine>> engines)
      : engines_(std::move(engines)) {
    for (std::size_t i = 0; i < engines_.size(); ++i) {
      for (auto& [from, to] : engines_[i]->Pairs()) edges_.push_back(Edge{i, from, to});
    }
    std::set<std::string> sources, targets;
    for (const Edge& e : edges_) {
      sources.insert(e.from);
      targets.insert(e.to);
    }
    for (const std::string& from : sources) {
      for (const std::string& to : targets) {
        if (ContentCodeOfTarget(to) == from) continue;
        if (auto route = Search(from, to)) routes_.emplace(std::make_pair(from, to), *route);
      }
    }
  }

  std::optional<Route> RouteFor(std::string_view from, std::string_view target) const override {
    auto it = routes_.find({std::string(from), std::string(target)});
    if (it == routes_.end()) return std::nullopt;
    return it->second;
  }

  std::vector<std::pair<std::pair<std::string, std::string>, Route>> Routes() const override {
    return {routes_.begin(), routes_.end()};
  }

  bool IsOffline(const Route& route) const override {
    return !route.hops.empty() &&
           std::all_of(route.hops.begin(), route.hops.end(), [](const Hop& hop) {
             return hop.engine == "apertium" || hop.engine == "opencc";
           });
  }

  Result<std::string> TranslateMarkdown(const Route& route,
                                        std::string_view markdown) const override {
    std::vector<MarkdownPart> parts = SplitMarkdown(SanitizeText(markdown));
    std::vector<std::string> segments;
    for (const MarkdownPart& part : parts) {
      if (part.translate) segments.push_back(part.text);
    }
    auto translated = Run(route, segments);
    if (!translated) return std::unexpected(translated.error());
    std::string out;
    std::size_t next = 0;
    for (const MarkdownPart& part : parts) {
      out += part.translate ? (*translated)[next++] : part.text;
    }
    return out;
  }

  Result<std::string> TranslatePlain(const Route& route, std::string_view text) const override {
    // One segment a line; line breaks stay where they were.
    const std::string clean = SanitizeText(text);
    std::vector<std::string> segments;
    std::string_view rest = clean;
    while (true) {
      const std::size_t newline = rest.find('\n');
      segments.push_back(ProtectInline(rest.substr(0, newline)));
      if (newline == std::string_view::npos) break;
      rest.remove_prefix(newline + 1);
    }
    auto translated = Run(route, segments);
    if (!translated) return std::unexpected(translated.error());
    std::string out;
    for (std::size_t i = 0; i < translated->size(); ++i) {
      if (i > 0) out += '\n';
      out += (*translated)[i];
    }
    return out;
  }

 private:
  // The best route: fewest hops (a direct pair first), then the engines' order, hop by hop.
  std::optional<Route> Search(const std::string& from, const std::string& to) const {
    std::optional<Path> best;
    for (std::size_t hops = 1; hops <= kMaxHops && !best; ++hops) {
      Path path;
      std::set<std::string> seen{from};
      Extend(from, to, hops, path, seen, best);
    }
    if (!best) return std::nullopt;
    Route route;
    for (const Edge* e : best->edges) {
      route.hops.push_back(Hop{std::string(engines_[e->engine]->Name()), e->from, e->to});
    }
    return route;
  }

  void Extend(const std::string& at, const std::string& to, std::size_t hops, Path& path,
              std::set<std::string>& seen, std::optional<Path>& best) const {
    for (const Edge& e : edges_) {
      if (e.from != at) continue;
      const bool last = path.edges.size() + 1 == hops;
      if (last != (e.to == to)) continue;
      const std::string reached = ContentCodeOfTarget(e.to);
      if (!last && seen.contains(reached)) continue;
      path.edges.push_back(&e);
      if (last) {
        if (!best || path.Order() < best->Order()) best = path;
      } else {
        seen.insert(reached);
        Extend(reached, to, hops, path, seen, best);
        seen.erase(reached);
      }
      path.edges.pop_back();
    }
  }

  Engine* EngineNamed(std::string_view name) const {
    for (const auto& engine : engines_) {
      if (engine->Name() == name) return engine.get();
    }
    return nullptr;
  }

  // Segments (neutral form) through every hop of `route`, in chunks within the engines' limit;
  // the result has the marks removed.
  Result<std::vector<std::string>> Run(const Route& route,
                                       const std::vector<std::string>& segments) const {
    if (route.hops.empty()) return Fail(Errc::kInvalidArgument, "an empty route");
    std::vector<Chunk> chunks;
    std::vector<std::size_t> owner;  // the segment of each chunk
    for (std::size_t s = 0; s < segments.size(); ++s) {
      for (std::string& piece : ChunkSegment(segments[s], kMaxChunkBytes)) {
        chunks.push_back(SplitWhitespace(piece));
        owner.push_back(s);
      }
    }
    // Only chunks with text go to the engines; the rest (markup, numbers, emoji) stay.
    std::vector<std::size_t> sent;
    std::vector<std::string> batch;
    for (std::size_t c = 0; c < chunks.size(); ++c) {
      if (!HasTranslatableText(chunks[c].core)) continue;
      sent.push_back(c);
      batch.push_back(chunks[c].core);
    }
    for (const Hop& hop : route.hops) {
      if (batch.empty()) break;
      Engine* engine = EngineNamed(hop.engine);
      if (engine == nullptr) {
        return Fail(Errc::kInvalidArgument, "no engine named '" + hop.engine + "'");
      }
      auto out = engine->Translate(hop.from, hop.to, batch);
      if (!out) return std::unexpected(out.error());
      if (out->size() != batch.size()) {
        return Fail(Errc::kUnavailable, hop.engine + " answered " + std::to_string(out->size()) +
                                            " segments for " + std::to_string(batch.size()));
      }
      batch = std::move(*out);
    }
    for (std::size_t k = 0; k < sent.size(); ++k) chunks[sent[k]].core = std::move(batch[k]);
    std::vector<std::string> result(segments.size());
    for (std::size_t c = 0; c < chunks.size(); ++c) {
      result[owner[c]] += chunks[c].lead + StripSpanMarks(chunks[c].core) + chunks[c].trail;
    }
    return result;
  }

  std::vector<std::unique_ptr<Engine>> engines_;
  std::vector<Edge> edges_;
  std::map<std::pair<std::string, std::string>, Route> routes_;
};

}  // namespace

std::unique_ptr<Translator> MakeTranslator(std::vector<std::unique_ptr<Engine>> engines) {
  return std::make_unique<RoutingTranslator>(std::move(engines));
}

}  // namespace plaza::translate
