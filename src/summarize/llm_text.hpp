#pragma once

// The text side of the LLM engine, apart from HTTP so that it can be tested alone: the prompt
// that is sent, and the plain sentences made of what the model answers.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "summarize/llm_options.hpp"

namespace plaza::summarize::llm {

/// At most this many sentences in a summary when the request leaves the count to the engine.
inline constexpr int kMaxSummarySentences = 3;
/// Answers with fewer words than this are not checked for their language (CLD2 guesses).
inline constexpr int kMinWordsForLanguageCheck = 12;
/// Only this many code points of an answer are read (after its thinking block is removed).
inline constexpr std::size_t kMaxAnswerReadChars = 16'384;

/// The built-in system prompt (placeholders {sentences} and {language}, see LlmOptions).
extern const char* const kDefaultPrompt;

/// Words in `text` (valid UTF-8): whitespace-separated tokens, plus one word per two Han or
/// kana characters (Chinese and Japanese put no spaces between words).
int CountWords(std::string_view text);

/// The English name of a content code ("fr" → "French", "zh-Hant" → "Chinese (Traditional)"):
/// the language table's "english_name", ICU's English name for a code outside it, or "" for
/// "und" and empty codes.
std::string EnglishLanguageName(std::string_view content_code);

/// The system message for a post in `lang`: the per-language prompt, else the configured one,
/// else kDefaultPrompt, with its placeholders filled in. `sentences` 0 asks for 2 to 3.
std::string SystemPrompt(const LlmOptions& options, std::string_view lang, int sentences);

/// The user message: a one-line request, then the post (title and body, cut to `max_chars`
/// code points) between <post> and </post>. Anything in the post that would read as one of
/// those two tags has its '<' replaced by U+2039, so the post cannot close the block early.
/// `title` and `body` are made valid UTF-8 first.
std::string UserMessage(std::string_view title, std::string_view body, std::string_view lang,
                        int sentences, std::size_t max_chars);

/// The prose of a model's answer, as plain text: a leading <think>…</think> block, Markdown
/// markup (emphasis, code, headings and the lines they start, lists, quotes, fences, rules),
/// HTML tags, links (the label stays), URLs and control and invisible formatting characters
/// are removed. Blocks (paragraphs, list items) end with '\n'; lines wrapped inside a
/// paragraph are joined. Invalid UTF-8 becomes U+FFFD first and is then dropped. At most
/// kMaxAnswerReadChars code points are read.
std::string PlainAnswerText(std::string_view answer);

/// The sentences of `text` (ICU sentence rules of `lang`; '\n' always ends one), each with its
/// whitespace collapsed to single spaces and trimmed; sentences without a letter or digit are
/// left out.
std::vector<std::string> SplitSentences(std::string_view text, std::string_view lang);

/// The summary's sentences. `wanted` > 0: the first `wanted`. `wanted` 0: the leading sentences
/// (at most kMaxSummarySentences) that fit in kMaxSummaryChars code points counting one
/// separator between two; when even the first does not fit, it is cut at a word boundary and
/// ends with "…".
std::vector<std::string> CapSummary(std::vector<std::string> sentences, std::string_view lang,
                                    int wanted);

/// True when a summary detected as `detected` counts as written in `post_lang`: the same
/// code, or two codes CLD2 does not tell apart reliably (the language table's "same_as" column:
/// zh-Hans/zh-Hant, id/ms).
bool SameContentLanguage(std::string_view detected, std::string_view post_lang);

/// The longest prefix of valid UTF-8 `s` with at most `max_code_points` code points.
std::string_view PrefixOfCodePoints(std::string_view s, std::size_t max_code_points);

}  // namespace plaza::summarize::llm
