// The translation evaluation (bench/README.md, "Translation"): chrF of every offline route on
// FLORES-200 devtest lines, through Plaza's pipeline (Translator::TranslatePlain over warm
// Apertium pipelines and libopencc) and through the raw engines (`apertium -u MODE`, chained
// for pivots; `opencc -c CONFIG`) on the same lines; then the warm pipeline's latency per
// sentence against a cold `apertium` process, and words per second on two threads.
//
// usage: translate_eval [--data DIR] [--lines N] [--offset K] [--cold N] [--chrf no]
// The data is read where it is (never copied); DIR defaults to /work/shared/data/flores200-devtest.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "translate/apertium_engine.hpp"
#include "translate/chrf.hpp"
#include "translate/opencc_engine.hpp"
#include "translate/pipeline_process.hpp"
#include "translate/translator.hpp"

namespace {

using plaza::translate::ApertiumEngine;
using plaza::translate::Route;
using Clock = std::chrono::steady_clock;

// FLORES-200 file per content code or target (Portuguese targets share por_Latn).
std::string FloresFile(const std::string& code) {
  static const std::map<std::string, std::string> files{
      {"en", "eng_Latn"},      {"es", "spa_Latn"},     {"fr", "fra_Latn"},
      {"pt", "por_Latn"},      {"pt-PT", "por_Latn"},  {"pt-BR", "por_Latn"},
      {"zh-Hans", "zho_Hans"}, {"zh-Hant", "zho_Hant"}};
  auto it = files.find(code);
  return it == files.end() ? "" : it->second;
}

std::vector<std::string> ReadLines(const std::string& path, std::size_t offset, std::size_t n) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  std::string line;
  for (std::size_t i = 0; std::getline(in, line) && lines.size() < n; ++i) {
    if (i >= offset) lines.push_back(line);
  }
  return lines;
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return lines;
}

std::string Joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

std::size_t Words(const std::vector<std::string>& lines) {
  std::size_t words = 0;
  for (const std::string& line : lines) {
    bool in_word = false;
    for (char c : line) {
      const bool space = c == ' ' || c == '\t';
      if (!space && !in_word) ++words;
      in_word = !space;
    }
  }
  return words;
}

// The raw engines on all lines at once: one process per hop.
std::vector<std::string> RawRun(const Route& route, const ApertiumEngine& apertium,
                                const std::vector<std::string>& lines) {
  std::string text = Joined(lines);
  for (const auto& hop : route.hops) {
    std::vector<std::string> argv;
    if (hop.engine == "apertium") {
      argv = {"apertium", "-u", apertium.ModeName(hop.from, hop.to)};
    } else {
      argv = {"opencc", "-c", hop.to == "zh-Hant" ? "s2twp.json" : "tw2sp.json"};
    }
    auto out = plaza::translate::RunToEnd(argv, text, Clock::now() + std::chrono::minutes(10));
    if (!out) {
      std::fprintf(stderr, "raw %s failed: %s\n", argv[0].c_str(), out.error().message.c_str());
      return {};
    }
    text = std::move(*out);
  }
  return SplitLines(text);
}

}  // namespace

int main(int argc, char** argv) {
  std::string data = "/work/shared/data/flores200-devtest";
  std::size_t lines_wanted = 200, offset = 0, cold_runs = 20;
  bool chrf = true;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--data") == 0) data = argv[i + 1];
    if (std::strcmp(argv[i], "--lines") == 0) lines_wanted = std::stoul(argv[i + 1]);
    if (std::strcmp(argv[i], "--offset") == 0) offset = std::stoul(argv[i + 1]);
    if (std::strcmp(argv[i], "--cold") == 0) cold_runs = std::stoul(argv[i + 1]);
    if (std::strcmp(argv[i], "--chrf") == 0) chrf = std::strcmp(argv[i + 1], "no") != 0;
  }
  plaza::translate::ApertiumOptions apertium_options;
  apertium_options.pool_size = 2;
  auto apertium = ApertiumEngine::Create(apertium_options);
  auto opencc = plaza::translate::OpenccEngine::Create();
  if (!apertium || !opencc) {
    std::fprintf(stderr, "engines missing: install apertium, its pairs and opencc\n");
    return 1;
  }
  ApertiumEngine* apertium_ptr = apertium->get();
  std::vector<std::unique_ptr<plaza::translate::Engine>> engines;
  engines.push_back(std::move(*apertium));
  engines.push_back(std::move(*opencc));
  const auto translator = plaza::translate::MakeTranslator(std::move(engines));

  std::printf("FLORES-200 devtest lines %zu–%zu (%s)\n\n", offset + 1, offset + lines_wanted,
              data.c_str());
  std::printf("| route | engines | chrF Plaza | chrF raw | Plaza − raw |\n");
  std::printf("|---|---|---:|---:|---:|\n");
  double worst = 0;
  for (const auto& [pair, route] : translator->Routes()) {
    if (!chrf || !translator->IsOffline(route)) continue;
    const std::string src_file = FloresFile(pair.first), ref_file = FloresFile(pair.second);
    if (src_file.empty() || ref_file.empty()) continue;
    const auto source = ReadLines(data + "/" + src_file + ".devtest", offset, lines_wanted);
    const auto reference = ReadLines(data + "/" + ref_file + ".devtest", offset, lines_wanted);
    std::vector<std::string> plaza_out;
    for (const std::string& line : source) {
      auto out = translator->TranslatePlain(route, line);
      if (!out)
        std::fprintf(stderr, "%s→%s: %s\n", pair.first.c_str(), pair.second.c_str(),
                     out.error().message.c_str());
      plaza_out.push_back(out ? *out : "");
    }
    const auto raw_out = RawRun(route, *apertium_ptr, source);
    const double plaza_chrf = plaza::bench::CorpusChrf(plaza_out, reference);
    const double raw_chrf = plaza::bench::CorpusChrf(raw_out, reference);
    std::string engines_text;
    for (const auto& hop : route.hops) {
      engines_text +=
          (engines_text.empty() ? "" : " → ") + hop.engine + " " + hop.from + "→" + hop.to;
    }
    std::printf("| %s → %s | %s | %.1f | %.1f | %+.2f |\n", pair.first.c_str(), pair.second.c_str(),
                engines_text.c_str(), plaza_chrf, raw_chrf, plaza_chrf - raw_chrf);
    std::fflush(stdout);
    worst = std::min(worst, plaza_chrf - raw_chrf);
  }
  std::printf("\nlargest loss against the raw engine: %.2f chrF (limit 0.5)\n\n", -worst);

  // Latency: en → es, one sentence at a time, warm pipeline against a cold `apertium` process.
  const auto english = ReadLines(data + "/eng_Latn.devtest", offset, lines_wanted);
  const Route en_es = *translator->RouteFor("en", "es");
  auto start = Clock::now();
  for (const std::string& line : english) (void)translator->TranslatePlain(en_es, line);
  const double warm = Seconds(Clock::now() - start) / english.size();
  start = Clock::now();
  const std::size_t cold_n = std::min(cold_runs, english.size());
  for (std::size_t i = 0; i < cold_n; ++i) {
    (void)plaza::translate::RunToEnd({"apertium", "-u", "eng-spa"}, english[i] + "\n",
                                     Clock::now() + std::chrono::minutes(1));
  }
  const double cold = Seconds(Clock::now() - start) / cold_n;
  std::printf(
      "per sentence (en → es): warm pipeline %.2f ms, cold `apertium -u` process %.1f ms: "
      "%.0f× faster\n",
      warm * 1e3, cold * 1e3, cold / warm);

  // Throughput: en → es on one thread, then on two (the pool holds two pipelines, both warmed
  // first: the second starts when two requests overlap).
  const std::size_t words = Words(english);
  {
    std::vector<std::thread> warmers;
    for (int t = 0; t < 2; ++t) {
      warmers.emplace_back([&] {
        for (int i = 0; i < 5; ++i) (void)translator->TranslatePlain(en_es, english[i]);
      });
    }
    for (auto& w : warmers) w.join();
  }
  for (int threads : {1, 2}) {
    start = Clock::now();
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([&, t] {
        for (std::size_t i = t; i < english.size(); i += threads) {
          (void)translator->TranslatePlain(en_es, english[i]);
        }
      });
    }
    for (auto& w : workers) w.join();
    const double seconds = Seconds(Clock::now() - start);
    std::printf("throughput (en → es, %d thread%s): %.0f words/s (%zu words in %.2f s)\n", threads,
                threads == 1 ? "" : "s", words / seconds, words, seconds);
  }
  return worst >= -0.5 ? 0 : 1;
}
