#pragma once

// Protected spans: the engine-neutral form of text that must pass through an engine untouched
// (code, URLs, cashtags, @handles, numbers, Markdown markup, bidi controls, emoji). A segment
// handed to Engine::Translate is UTF-8 text in which each protected span is written
//
//   U+E000 <the span's text> U+E001
//
// Engines carry the spans in their own way (Apertium: superblanks; OpenCC: left out of the
// conversion; HTTP engines: numbered placeholders) and give them back in the same form, so a
// pivot's second hop still sees them. The two marks never occur in text from outside:
// SanitizeText turns them into U+FFFD first.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace plaza::translate {

inline constexpr std::string_view kSpanOpen = "\xEE\x80\x80";   // U+E000
inline constexpr std::string_view kSpanClose = "\xEE\x80\x81";  // U+E001

/// A run of a segment: text to translate, or a protected span's text.
struct Piece {
  bool is_protected = false;
  std::string text;
};

/// `text` as a protected span ("" stays "").
std::string Protect(std::string_view text);
/// The runs of a segment, in order. A mark without its pair is read as text.
std::vector<Piece> SplitSpans(std::string_view segment);
/// The segment with its marks removed (protected text kept): what a reader gets.
std::string StripSpanMarks(std::string_view segment);
/// Whether a segment holds anything for an engine: a letter outside protected spans.
bool HasTranslatableText(std::string_view segment);

/// Valid UTF-8 out: invalid sequences, NUL and the two span marks become U+FFFD.
std::string SanitizeText(std::string_view text);

/// Plain text (already sanitized) in the neutral form: URLs, cashtags ("$BTC"), @handles,
/// numbers ("1,250.5"), bidi controls and emoji become protected spans.
std::string ProtectInline(std::string_view text);

/// Cuts a segment into pieces of at most `max_bytes` (protected spans never cut; a single span
/// longer than that stays whole), preferring sentence ends, then spaces. Concatenating the
/// pieces gives the segment back.
std::vector<std::string> ChunkSegment(std::string_view segment, std::size_t max_bytes);

}  // namespace plaza::translate
