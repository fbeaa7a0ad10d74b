#pragma once

// What a reader is shown of a post's translation into their language: the type the translations
// module computes (post_translations.hpp) and the page and the JSON API render. Standard types
// only, so web/ and http/ can use it without the module.

#include <string>
#include <vector>

namespace plaza::translation {

/// original: the reader reads the post's own language (same language, or no locale target);
/// ready: the title and body are translated; pending: a job is translating them (the original
/// is shown meanwhile); unavailable: no route into the reader's language, or every attempt
/// failed, or the reader's address queued too many translations this minute.
enum class TranslationStatus { kOriginal, kReady, kPending, kUnavailable };

/// "original", "ready", "pending", "unavailable".
inline const char* TranslationStatusName(TranslationStatus status) {
  switch (status) {
    case TranslationStatus::kOriginal:
      return "original";
    case TranslationStatus::kReady:
      return "ready";
    case TranslationStatus::kPending:
      return "pending";
    case TranslationStatus::kUnavailable:
      return "unavailable";
  }
  return "original";
}

/// The summary's translation: none (no summary text to translate, or no way to translate it:
/// the original summary is shown), pending (its job runs: the box waits), ready (`summary`).
enum class SummaryTranslation { kNone, kPending, kReady };

struct TranslationView {
  TranslationStatus status = TranslationStatus::kOriginal;
  std::string from;                  // the post's content code
  std::string to;                    // the reader's target ("fr", "pt-BR"); "" without one
  std::vector<std::string> engines;  // one per hop of the route (empty without a route)
  std::string title;                 // ready: the translated title
  std::string body_md;               // ready: the translated Markdown
  std::string body_html;             // ready: body_md rendered like an original
  SummaryTranslation summary_state = SummaryTranslation::kNone;
  std::string summary;  // summary_state ready: the translated summary (sentences per line)
  // The languages' names in the reader's interface language, for the labels ("anglais").
  std::string from_name;
  std::string to_name;
};

}  // namespace plaza::translation

namespace plaza::translation {

/// What a reader is shown of a comment's translation (docs/translation.md, "Comments").
/// Comments are translated on demand: original (the reader's language, or unknown), available
/// (a route exists, nothing stored yet: the "Translate" control), pending (asked for: its job is
/// queued or running), ready (`text` is stored), unavailable (no route, every attempt failed, or
/// the reader's address asked too often this minute).
enum class TextTranslationStatus { kOriginal, kAvailable, kPending, kReady, kUnavailable };

/// "original", "available", "pending", "ready", "unavailable".
inline const char* TextTranslationStatusName(TextTranslationStatus status) {
  switch (status) {
    case TextTranslationStatus::kOriginal:
      return "original";
    case TextTranslationStatus::kAvailable:
      return "available";
    case TextTranslationStatus::kPending:
      return "pending";
    case TextTranslationStatus::kReady:
      return "ready";
    case TextTranslationStatus::kUnavailable:
      return "unavailable";
  }
  return "original";
}

struct TextTranslationView {
  TextTranslationStatus status = TextTranslationStatus::kOriginal;
  std::string from;                  // the text's content code
  std::string to;                    // the reader's target ("fr", "pt-BR"); "" without one
  std::vector<std::string> engines;  // one per hop of the route (empty without a route)
  std::string text;                  // ready: the translated plain text
};

}  // namespace plaza::translation
