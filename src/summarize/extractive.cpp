#include "summarize/extractive.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "text/text.hpp"

namespace plaza::summarize {
namespace {

// Titles are at most 200 graphemes; anything longer is cut before it is compared.
constexpr std::size_t kMaxTitleBytes = 4096;
constexpr std::string_view kEllipsis = "\u2026";

// One sentence as the ranker sees it.
struct Sentence {
  Span span;
  int words = 0;          // words as counted for kMinWordsForSummary
  int content_words = 0;  // words left after stopwords
  bool candidate = false;
  std::size_t first_word = 0;  // index into the document's words
  std::size_t word_count = 0;
};

// A sparse TF-IDF vector: (term id, weight) sorted by term id.
using TermVector = std::vector<std::pair<int, float>>;

float Dot(const TermVector& a, const TermVector& b) {
  float sum = 0;
  auto i = a.begin();
  auto j = b.begin();
  while (i != a.end() && j != b.end()) {
    if (i->first < j->first) {
      ++i;
    } else if (j->first < i->first) {
      ++j;
    } else {
      sum += i->second * j->second;
      ++i;
      ++j;
    }
  }
  return sum;
}

float Norm(const TermVector& v) {
  float sum = 0;
  for (const auto& [id, w] : v) sum += w * w;
  return std::sqrt(sum);
}

// Sorted term ids (with repeats) into a TF-IDF vector.
TermVector Weigh(std::vector<int>& ids, const std::vector<float>& idf) {
  std::sort(ids.begin(), ids.end());
  TermVector v;
  for (std::size_t i = 0; i < ids.size();) {
    std::size_t j = i;
    while (j < ids.size() && ids[j] == ids[i]) ++j;
    v.emplace_back(ids[i], static_cast<float>(j - i) * idf[static_cast<std::size_t>(ids[i])]);
    i = j;
  }
  return v;
}

// Code, tables and other text that is not prose: many programming symbols per character.
bool LooksLikeCode(std::string_view s) {
  int symbols = 0;
  int chars = 0;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c & 0xC0) == 0x80 || c == ' ') continue;
    ++chars;
    switch (c) {
      case '{':
      case '}':
      case '[':
      case ']':
      case '(':
      case ')':
      case ';':
      case '=':
      case '<':
      case '>':
      case '|':
      case '&':
      case '*':
      case '\\':
      case '_':
      case '#':
      case '`':
      case '~':
      case '^':
      case '@':
      case '/':
        ++symbols;
        break;
      default:
        break;
    }
  }
  return chars > 0 && symbols * 10 > chars;
}

// text[span] with runs of spaces shown as one space.
std::string Collapse(std::string_view text, Span span) {
  std::string out;
  out.reserve(span.end - span.begin);
  bool space = false;
  for (std::size_t i = span.begin; i < span.end; ++i) {
    const char c = text[i];
    if (c == ' ') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

// The code points of Collapse(text, span), without building it.
std::size_t CollapsedLength(std::string_view text, Span span) {
  std::size_t n = 0;
  bool space = false;
  for (std::size_t i = span.begin; i < span.end; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == ' ') {
      space = true;
      continue;
    }
    if ((c & 0xC0) == 0x80) continue;  // continuation byte
    if (space && n > 0) ++n;
    space = false;
    ++n;
  }
  return n;
}

// The longest prefix of `sentence` that ends after a whole word and fits, with "…", in
// `max_code_points`; a code point boundary when no word boundary does.
std::string CutAtWord(std::string_view sentence, const std::vector<Span>& words,
                      std::size_t max_code_points) {
  const std::size_t room = max_code_points - 1;  // for the ellipsis
  std::size_t cut = 0;
  std::size_t code_points = 0;
  std::size_t i = 0;
  std::size_t w = 0;
  std::size_t limit_byte = 0;  // end of the first `room` code points
  while (i < sentence.size() && code_points < room) {
    text::NextCodePoint(sentence, i);
    ++code_points;
  }
  limit_byte = i;
  for (; w < words.size() && words[w].end <= limit_byte; ++w) cut = words[w].end;
  if (cut == 0) cut = limit_byte;
  std::string out(sentence.substr(0, cut));
  while (!out.empty() && (out.back() == ' ' || out.back() == ',' || out.back() == ';' ||
                          out.back() == ':' || out.back() == '-')) {
    out.pop_back();
  }
  out += kEllipsis;
  return out;
}

struct Ranking {
  std::vector<double> score;      // higher is better
  std::vector<float> similarity;  // n × n cosine
  std::size_t n = 0;
  float Sim(std::size_t i, std::size_t j) const { return similarity[i * n + j]; }
};

// LexRank (continuous, personalised by position) times the prior, title and length factors.
Ranking Rank(const std::vector<Sentence>& sentences, const std::vector<TermVector>& vectors,
             const TermVector& title, const ExtractiveOptions& o) {
  const std::size_t n = sentences.size();
  Ranking r;
  r.n = n;
  r.similarity.assign(n * n, 0.0F);
  std::vector<float> norms(n);
  for (std::size_t i = 0; i < n; ++i) norms[i] = Norm(vectors[i]);
  for (std::size_t i = 0; i < n; ++i) {
    if (norms[i] == 0) continue;
    r.similarity[i * n + i] = 1.0F;
    for (std::size_t j = i + 1; j < n; ++j) {
      if (norms[j] == 0) continue;
      const float s = Dot(vectors[i], vectors[j]) / (norms[i] * norms[j]);
      r.similarity[i * n + j] = s;
      r.similarity[j * n + i] = s;
    }
  }

  std::vector<double> prior(n);
  double prior_sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    prior[i] = 1.0 / (1.0 + static_cast<double>(i) / o.position_decay);
    prior_sum += prior[i];
  }
  std::vector<double> jump(n);
  for (std::size_t i = 0; i < n; ++i) jump[i] = prior[i] / prior_sum;

  std::vector<double> row_sum(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      if (i != j) row_sum[i] += r.Sim(i, j);
    }
  }
  std::vector<double> rank = jump;
  std::vector<double> next(n);
  for (int iteration = 0; iteration < 100; ++iteration) {
    double dangling = 0;
    std::fill(next.begin(), next.end(), 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      if (row_sum[i] <= 0) {
        dangling += rank[i];
        continue;
      }
      const double share = rank[i] / row_sum[i];
      for (std::size_t j = 0; j < n; ++j) {
        if (i != j) next[j] += share * r.Sim(i, j);
      }
    }
    double change = 0;
    for (std::size_t j = 0; j < n; ++j) {
      const double value = (1 - o.damping) * jump[j] + o.damping * (next[j] + dangling * jump[j]);
      change += std::abs(value - rank[j]);
      rank[j] = value;
    }
    if (change < 1e-6) break;
  }

  double mean_content = 0;
  for (const auto& s : sentences) mean_content += s.content_words;
  mean_content = std::max(1.0, mean_content / static_cast<double>(n));
  const float title_norm = Norm(title);
  r.score.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    double score = rank[i] * static_cast<double>(n);
    score *= 1.0 + o.position_boost * prior[i];
    if (title_norm > 0 && norms[i] > 0) {
      score *= 1.0 + o.title_weight * Dot(title, vectors[i]) / (title_norm * norms[i]);
    }
    const double ratio = std::min(3.0, sentences[i].content_words / mean_content);
    score *= std::pow(std::max(ratio, 0.05), o.length_weight);
    r.score[i] = score;
  }
  return r;
}

// The MMR value of adding sentence i to `picked`; nullopt when it nearly repeats one of them.
std::optional<double> Marginal(const Ranking& r, double max_score, std::size_t i,
                               const std::vector<std::size_t>& picked, const ExtractiveOptions& o) {
  double redundancy = 0;
  for (std::size_t j : picked) {
    if (j == i) return std::nullopt;
    const double s = r.Sim(i, j);
    if (s >= o.duplicate_similarity) return std::nullopt;
    redundancy = std::max(redundancy, s);
  }
  return o.mmr_lambda * r.score[i] / max_score - (1 - o.mmr_lambda) * redundancy;
}

// Exactly `want` sentences (fewer when there are fewer): candidates first, then any sentence,
// then near-duplicates.
std::vector<std::size_t> PickCount(const std::vector<Sentence>& sentences, const Ranking& r,
                                   std::size_t want, const ExtractiveOptions& o) {
  const double max_score = std::max(1e-12, *std::max_element(r.score.begin(), r.score.end()));
  std::vector<std::size_t> picked;
  for (int pass = 0; pass < 2 && picked.size() < want; ++pass) {
    while (picked.size() < want) {
      std::optional<std::size_t> best;
      double best_value = 0;
      for (std::size_t i = 0; i < sentences.size(); ++i) {
        if (pass == 0 && !sentences[i].candidate) continue;
        const auto value = Marginal(r, max_score, i, picked, o);
        if (value && (!best || *value > best_value)) {
          best = i;
          best_value = *value;
        }
      }
      if (!best) break;
      picked.push_back(*best);
    }
  }
  if (picked.size() < want) {
    std::vector<std::size_t> rest;
    for (std::size_t i = 0; i < sentences.size(); ++i) {
      if (std::find(picked.begin(), picked.end(), i) == picked.end()) rest.push_back(i);
    }
    std::sort(rest.begin(), rest.end(), [&](std::size_t a, std::size_t b) {
      return r.score[a] != r.score[b] ? r.score[a] > r.score[b] : a < b;
    });
    for (std::size_t i = 0; i < rest.size() && picked.size() < want; ++i) picked.push_back(rest[i]);
  }
  return picked;
}

// Two or three sentences within kMaxSummaryChars code points (joined by spaces); one when no two
// fit together; none when no sentence fits on its own.
std::vector<std::size_t> PickWithinBudget(const std::vector<Sentence>& sentences,
                                          const std::vector<std::size_t>& lengths, const Ranking& r,
                                          const ExtractiveOptions& o) {
  const std::size_t budget = static_cast<std::size_t>(kMaxSummaryChars);
  const double max_score = std::max(1e-12, *std::max_element(r.score.begin(), r.score.end()));
  std::size_t candidates = 0;
  for (const auto& s : sentences) candidates += s.candidate ? 1 : 0;
  const bool all = candidates < 2;
  auto eligible = [&](std::size_t i) { return all || sentences[i].candidate; };

  std::vector<std::size_t> picked;
  std::size_t used = 0;
  for (int step = 0; step < 3; ++step) {
    // The first pick must leave room for a second one, when any pair fits at all.
    for (bool need_partner : {step == 0, false}) {
      std::optional<std::size_t> best;
      double best_value = 0;
      for (std::size_t i = 0; i < sentences.size(); ++i) {
        if (!eligible(i)) continue;
        const std::size_t cost = lengths[i] + (picked.empty() ? 0 : 1);
        if (used + cost > budget) continue;
        const auto value = Marginal(r, max_score, i, picked, o);
        if (!value || (best && *value <= best_value)) continue;
        if (need_partner) {
          bool partner = false;
          for (std::size_t j = 0; j < sentences.size() && !partner; ++j) {
            partner = j != i && eligible(j) && used + cost + 1 + lengths[j] <= budget &&
                      r.Sim(i, j) < o.duplicate_similarity;
          }
          if (!partner) continue;
        }
        best = i;
        best_value = *value;
      }
      if (best) {
        used += lengths[*best] + (picked.empty() ? 0 : 1);
        picked.push_back(*best);
        break;
      }
    }
    if (picked.size() <= static_cast<std::size_t>(step)) break;
  }
  return picked;
}

}  // namespace

std::string CleanText(std::string_view text, std::size_t max_bytes) {
  std::string valid = text::IsValidUtf8(text) ? std::string(text) : text::ToValidUtf8(text);
  if (valid.size() > max_bytes) {
    std::size_t end = max_bytes;
    while (end > 0 && (static_cast<unsigned char>(valid[end]) & 0xC0) == 0x80) --end;
    valid.resize(end);
  }
  std::string out;
  out.reserve(valid.size());
  for (std::size_t i = 0; i < valid.size(); ++i) {
    const char c = valid[i];
    if (c == '\r') {
      if (i + 1 < valid.size() && valid[i + 1] == '\n') continue;
      out.push_back('\n');
    } else if (c == '\n') {
      out.push_back('\n');
    } else if ((static_cast<unsigned char>(c) < 0x20) || c == 0x7F) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

ExtractiveSummarizer::ExtractiveSummarizer(const ExtractiveOptions& options) : options_(options) {}

ExtractiveSummarizer::~ExtractiveSummarizer() = default;

Result<std::optional<SummaryOutput>> ExtractiveSummarizer::Summarize(
    const SummaryRequest& request) {
  if (request.sentences < 0) {
    return Fail(Errc::kInvalidArgument, "sentences must be 0 or more", "sentences");
  }
  auto profile_or = profiles_.Get(request.lang);
  if (!profile_or) return std::unexpected(profile_or.error());
  const LanguageProfile& profile = **profile_or;

  const std::string body = CleanText(request.body, options_.max_input_bytes);
  const std::vector<Span> spans = profile.SplitSentences(body, options_.max_sentences);
  if (spans.empty()) return std::nullopt;
  const std::vector<Span> words = profile.Words(body, spans.back().end);
  if (words.size() < static_cast<std::size_t>(kMinWordsForSummary)) return std::nullopt;

  // Sentences with their words and terms; sentences without a word (emoji, "---") are dropped.
  std::vector<Sentence> sentences;
  std::vector<std::vector<int>> term_ids;
  std::unordered_map<std::string, int> ids;
  std::vector<int> df;
  std::string term;
  std::size_t w = 0;
  for (const Span& span : spans) {
    while (w < words.size() && words[w].begin < span.begin) ++w;
    Sentence s{.span = span, .first_word = w};
    std::vector<int> terms;
    for (; w < words.size() && words[w].begin < span.end; ++w) {
      ++s.words;
      const Span word = words[w];
      if (!profile.Term(std::string_view(body).substr(word.begin, word.end - word.begin), term)) {
        continue;
      }
      ++s.content_words;
      auto [it, inserted] = ids.try_emplace(term, static_cast<int>(ids.size()));
      terms.push_back(it->second);
    }
    s.word_count = w - s.first_word;
    if (s.words == 0) continue;
    s.candidate = s.words >= options_.min_candidate_words &&
                  !LooksLikeCode(std::string_view(body).substr(span.begin, span.end - span.begin));
    std::sort(terms.begin(), terms.end());
    df.resize(ids.size(), 0);
    for (std::size_t i = 0; i < terms.size(); ++i) {
      if (i == 0 || terms[i] != terms[i - 1]) ++df[static_cast<std::size_t>(terms[i])];
    }
    sentences.push_back(s);
    term_ids.push_back(std::move(terms));
  }
  // Two sentences at least, one of them prose of some length (not a list of fragments, links
  // or code).
  if (sentences.size() < 2 || std::none_of(sentences.begin(), sentences.end(),
                                           [](const Sentence& s) { return s.candidate; })) {
    return std::nullopt;
  }

  // Smoothed IDF over the body's own sentences.
  const double n = static_cast<double>(sentences.size());
  std::vector<float> idf(ids.size());
  for (std::size_t t = 0; t < idf.size(); ++t) {
    idf[t] = static_cast<float>(std::log((n + 1) / (df[t] + 1)) + 1);
  }
  std::vector<TermVector> vectors;
  vectors.reserve(sentences.size());
  for (auto& terms : term_ids) vectors.push_back(Weigh(terms, idf));

  TermVector title_vector;
  {
    const std::string title = CleanText(request.title, kMaxTitleBytes);
    std::vector<int> title_ids;
    for (const Span& word : profile.Words(title, title.size())) {
      if (!profile.Term(std::string_view(title).substr(word.begin, word.end - word.begin), term)) {
        continue;
      }
      if (auto it = ids.find(term); it != ids.end()) title_ids.push_back(it->second);
    }
    title_vector = Weigh(title_ids, idf);
  }

  const Ranking ranking = Rank(sentences, vectors, title_vector, options_);

  SummaryOutput out;
  out.lang = request.lang.empty() ? std::string("und") : request.lang;
  out.engine = Name();
  std::vector<std::size_t> picked;
  if (request.sentences > 0) {
    picked = PickCount(sentences, ranking, static_cast<std::size_t>(request.sentences), options_);
  } else {
    std::vector<std::size_t> lengths;
    lengths.reserve(sentences.size());
    for (const auto& s : sentences) lengths.push_back(CollapsedLength(body, s.span));
    picked = PickWithinBudget(sentences, lengths, ranking, options_);
    if (picked.empty()) {
      // No sentence fits: the best one, cut after a word.
      const std::size_t best = PickCount(sentences, ranking, 1, options_).front();
      const Sentence& s = sentences[best];
      std::vector<Span> sentence_words;
      const std::string raw(std::string_view(body).substr(s.span.begin, s.span.end - s.span.begin));
      for (std::size_t k = s.first_word; k < s.first_word + s.word_count; ++k) {
        sentence_words.push_back({words[k].begin - s.span.begin, words[k].end - s.span.begin});
      }
      const std::string cut =
          CutAtWord(raw, sentence_words, static_cast<std::size_t>(kMaxSummaryChars));
      out.sentences.push_back(Collapse(cut, {0, cut.size()}));
      return out;
    }
  }
  std::sort(picked.begin(), picked.end());
  for (std::size_t i : picked) out.sentences.push_back(Collapse(body, sentences[i].span));
  return out;
}

}  // namespace plaza::summarize
