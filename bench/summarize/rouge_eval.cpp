// plaza_rouge_eval: scores the extractive summarizer against the Lead-3 baseline with ROUGE on
// the BBC News Summary set (articles/<category>/NNN.txt, first line the title; the matching
// summaries/<category>/NNN.txt). Reads the data where it lies; never copies it.
//
// --sentences 0 scores the product's own choice (2–3 sentences within 400 characters) against
// the leading sentences that fit in the same budget.
//
//   plaza_rouge_eval [--data DIR] [--category NAME]... [--sentences N] [--limit N]
//                    [--set option=value]... [--detail FILE]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "summarize/extractive.hpp"
#include "summarize/rouge.hpp"
#include "text/text.hpp"

namespace plaza::bench {
namespace {

namespace fs = std::filesystem;
using summarize::ExtractiveOptions;
using summarize::ExtractiveSummarizer;

struct Args {
  fs::path data;
  std::vector<std::string> categories;
  int sentences = 3;
  std::size_t limit = 0;  // articles per category, 0 = all
  ExtractiveOptions options;
  std::string detail;  // per-article scores as TSV
};

struct Totals {
  std::size_t articles = 0;
  double r1 = 0, r2 = 0, rl = 0;
  double r2_recall = 0, r2_precision = 0;
  double tokens = 0;
  void Add(const RougeScore& a, const RougeScore& b, const RougeScore& l, std::size_t length) {
    ++articles;
    r1 += a.f1;
    r2 += b.f1;
    rl += l.f1;
    r2_recall += b.recall;
    r2_precision += b.precision;
    tokens += static_cast<double>(length);
  }
};

bool SetOption(ExtractiveOptions& o, const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos) return false;
  const std::string key = assignment.substr(0, eq);
  char* end = nullptr;
  const double value = std::strtod(assignment.c_str() + eq + 1, &end);
  if (end == assignment.c_str() + eq + 1 || *end != '\0') return false;
  if (key == "damping") {
    o.damping = value;
  } else if (key == "position_decay") {
    o.position_decay = value;
  } else if (key == "position_boost") {
    o.position_boost = value;
  } else if (key == "title_weight") {
    o.title_weight = value;
  } else if (key == "length_weight") {
    o.length_weight = value;
  } else if (key == "mmr_lambda") {
    o.mmr_lambda = value;
  } else if (key == "duplicate_similarity") {
    o.duplicate_similarity = value;
  } else if (key == "min_candidate_words") {
    o.min_candidate_words = static_cast<int>(value);
  } else {
    return false;
  }
  return true;
}

fs::path DefaultData() {
  // The repository sits beside shared/ (../shared/data/bbc-news-summary from the repo root).
  return fs::path(PLAZA_SOURCE_DIR) / ".." / "shared" / "data" / "bbc-news-summary";
}

int Usage() {
  std::fprintf(stderr,
               "usage: plaza_rouge_eval [--data DIR] [--category NAME]... [--sentences N (0: "
               "the 400-character budget)] "
               "[--limit N] [--set option=value]... [--detail FILE]\n"
               "options for --set: damping position_decay position_boost title_weight "
               "length_weight mmr_lambda duplicate_similarity min_candidate_words\n");
  return 2;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void PrintRow(const std::string& category, const std::string& system, const Totals& t) {
  const double n = std::max<double>(1, static_cast<double>(t.articles));
  std::printf("| %-13s | %-10s | %5zu | %6.2f | %6.2f | %6.2f | %6.2f | %6.2f | %6.1f |\n",
              category.c_str(), system.c_str(), t.articles, 100 * t.r1 / n, 100 * t.r2 / n,
              100 * t.rl / n, 100 * t.r2_precision / n, 100 * t.r2_recall / n, t.tokens / n);
}

int Run(const Args& args) {
  ExtractiveSummarizer engine(args.options);
  auto profile = engine.profiles().Get("en");
  if (!profile) {
    std::fprintf(stderr, "plaza_rouge_eval: %s\n", profile.error().message.c_str());
    return 1;
  }
  std::vector<std::string> categories = args.categories;
  if (categories.empty()) {
    for (const auto& entry : fs::directory_iterator(args.data / "articles")) {
      if (entry.is_directory()) categories.push_back(entry.path().filename().string());
    }
    std::sort(categories.begin(), categories.end());
  }
  std::FILE* detail = args.detail.empty() ? nullptr : std::fopen(args.detail.c_str(), "w");
  if (detail != nullptr) std::fprintf(detail, "article\tengine_r2\tlead3_r2\tengine_picks\n");

  std::map<std::string, std::pair<Totals, Totals>> results;  // category -> (engine, lead-3)
  Totals all_engine, all_lead;
  std::size_t no_summary = 0;
  std::chrono::nanoseconds engine_time{0};
  for (const auto& category : categories) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(args.data / "articles" / category)) {
      if (entry.path().extension() == ".txt") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    if (args.limit > 0 && files.size() > args.limit) files.resize(args.limit);
    for (const auto& file : files) {
      const std::string article = ReadFile(file);
      const std::string summary = ReadFile(args.data / "summaries" / category / file.filename());
      if (summary.empty()) continue;
      const auto nl = article.find('\n');
      summarize::SummaryRequest request;
      request.title = article.substr(0, nl);
      request.body = nl == std::string::npos ? std::string() : article.substr(nl + 1);
      request.lang = "en";
      request.sentences = args.sentences;

      const auto start = std::chrono::steady_clock::now();
      auto result = engine.Summarize(request);
      engine_time += std::chrono::steady_clock::now() - start;
      if (!result) {
        std::fprintf(stderr, "%s: %s\n", file.c_str(), result.error().message.c_str());
        return 1;
      }
      std::vector<std::string> engine_sentences;
      if (*result) engine_sentences = (*result)->sentences;
      if (!*result) ++no_summary;

      // Lead-3: the first sentences, cut by the same segmenter.
      const std::string body = summarize::CleanText(request.body, 1 << 20);
      std::vector<std::string> lead;
      std::size_t lead_chars = 0;
      for (const auto& span : (*profile)->SplitSentences(body, 1000)) {
        std::string sentence = body.substr(span.begin, span.end - span.begin);
        if ((*profile)->Words(sentence, sentence.size()).empty()) continue;
        if (args.sentences == 0) {
          // The product's budget: leading sentences while they fit in kMaxSummaryChars.
          const std::size_t length = text::CountCodePoints(sentence) + (lead.empty() ? 0 : 1);
          if (!lead.empty() && lead_chars + length > summarize::kMaxSummaryChars) break;
          lead_chars += length;
        }
        lead.push_back(std::move(sentence));
        if (lead.size() == static_cast<std::size_t>(args.sentences)) break;
      }

      const TokenizedSummary reference = Tokenize(SplitReferenceSentences(summary));
      const TokenizedSummary engine_tokens = Tokenize(engine_sentences);
      const TokenizedSummary lead_tokens = Tokenize(lead);
      auto length = [](const TokenizedSummary& s) {
        std::size_t n = 0;
        for (const auto& x : s) n += x.size();
        return n;
      };
      const RougeScore e1 = RougeN(engine_tokens, reference, 1);
      const RougeScore e2 = RougeN(engine_tokens, reference, 2);
      const RougeScore el = RougeL(engine_tokens, reference);
      const RougeScore l1 = RougeN(lead_tokens, reference, 1);
      const RougeScore l2 = RougeN(lead_tokens, reference, 2);
      const RougeScore ll = RougeL(lead_tokens, reference);
      auto& [cat_engine, cat_lead] = results[category];
      cat_engine.Add(e1, e2, el, length(engine_tokens));
      cat_lead.Add(l1, l2, ll, length(lead_tokens));
      all_engine.Add(e1, e2, el, length(engine_tokens));
      all_lead.Add(l1, l2, ll, length(lead_tokens));
      if (detail != nullptr) {
        std::fprintf(detail, "%s/%s\t%.4f\t%.4f\t", category.c_str(),
                     file.filename().string().c_str(), e2.f1, l2.f1);
        for (const auto& s : engine_sentences) std::fprintf(detail, "[%.60s] ", s.c_str());
        std::fprintf(detail, "\n");
      }
    }
  }
  if (detail != nullptr) std::fclose(detail);

  std::printf(
      "ROUGE F1 (%%), macro-averaged over articles; %s per summary; tokens: lower-cased "
      "alphanumeric runs, no stemming.\n\n",
      args.sentences == 0 ? "the product's budget (2-3 sentences, 400 characters)"
                          : (std::to_string(args.sentences) + " sentences").c_str());
  const char* baseline = args.sentences == 0 ? "lead" : "lead-3";
  std::printf(
      "| category      | system     |     n |  R-1   |  R-2   |  R-L   | R-2 P  | R-2 R  | "
      "tokens |\n");
  std::printf(
      "|---------------|------------|------:|-------:|-------:|-------:|-------:|-------:|"
      "-------:|\n");
  for (const auto& [category, totals] : results) {
    PrintRow(category, "extractive", totals.first);
    PrintRow(category, baseline, totals.second);
  }
  PrintRow("all", "extractive", all_engine);
  PrintRow("all", baseline, all_lead);
  std::printf("\nno summary: %zu articles; engine time: %.3f ms per article\n", no_summary,
              all_engine.articles == 0
                  ? 0.0
                  : std::chrono::duration<double, std::milli>(engine_time).count() /
                        static_cast<double>(all_engine.articles));
  return 0;
}

}  // namespace
}  // namespace plaza::bench

int main(int argc, char** argv) {
  plaza::bench::Args args;
  args.data = plaza::bench::DefaultData();
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--data" && has_value) {
      args.data = argv[++i];
    } else if (arg == "--category" && has_value) {
      args.categories.emplace_back(argv[++i]);
    } else if (arg == "--sentences" && has_value) {
      args.sentences = std::atoi(argv[++i]);
      if (args.sentences < 0) return plaza::bench::Usage();
    } else if (arg == "--limit" && has_value) {
      args.limit = static_cast<std::size_t>(std::atoll(argv[++i]));
    } else if (arg == "--set" && has_value) {
      if (!plaza::bench::SetOption(args.options, argv[++i])) return plaza::bench::Usage();
    } else if (arg == "--detail" && has_value) {
      args.detail = argv[++i];
    } else {
      return plaza::bench::Usage();
    }
  }
  if (!std::filesystem::is_directory(args.data / "articles")) {
    std::fprintf(stderr, "plaza_rouge_eval: no articles/ under %s (pass --data DIR)\n",
                 args.data.c_str());
    return 1;
  }
  return plaza::bench::Run(args);
}
