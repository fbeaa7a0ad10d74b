#include "translate/markdown_segments.hpp"

#include <gtest/gtest.h>

#include <string>

#include "translate/spans.hpp"

namespace plaza::translate {
namespace {

std::string Joined(const std::vector<MarkdownPart>& parts) {
  std::string out;
  for (const MarkdownPart& part : parts) out += StripSpanMarks(part.text);
  return out;
}

std::vector<std::string> Segments(const std::vector<MarkdownPart>& parts) {
  std::vector<std::string> out;
  for (const MarkdownPart& part : parts) {
    if (part.translate) out.push_back(part.text);
  }
  return out;
}

TEST(TranslateMarkdownSegments, PartsGiveTheDocumentBack) {
  const std::string doc =
      "# Title *here*\n\nA paragraph with `code`, a [link](https://x.org/a) and **bold**\n"
      "on two lines.\n\n- one\n- two &amp; three\n\n> quoted\n\n```js\nlet a = 1;\n```\n\n"
      "| a | b |\n|---|---|\n| c | d |\n";
  const auto parts = SplitMarkdown(doc);
  EXPECT_EQ(Joined(parts), doc);
}

TEST(TranslateMarkdownSegments, OneSegmentPerBlockWithMarkupProtected) {
  const auto parts = SplitMarkdown("Use `make -j2` and *see* [the docs](https://x.org).\n");
  const auto segments = Segments(parts);
  ASSERT_EQ(segments.size(), 1u);
  const auto pieces = SplitSpans(segments[0]);
  std::string text;
  for (const Piece& piece : pieces) {
    if (!piece.is_protected) text += piece.text;
  }
  EXPECT_EQ(text, "Use  and see the docs.");
  // The code span and the destination are inside spans, whole.
  EXPECT_NE(segments[0].find(Protect("`make -j2`")), std::string::npos);
  EXPECT_NE(segments[0].find(Protect("](https://x.org)")), std::string::npos);
}

TEST(TranslateMarkdownSegments, CodeBlocksAndHtmlBlocksAreNotSegments) {
  const auto parts = SplitMarkdown("```\nthe code\n```\n\n    indented code\n\n<div>html</div>\n");
  EXPECT_TRUE(Segments(parts).empty());
}

TEST(TranslateMarkdownSegments, HeadingsListItemsAndCellsAreSeparate) {
  const auto segments =
      Segments(SplitMarkdown("# Head\n\n- item one\n- item two\n\n| x | y |\n"
                             "|---|---|\n| left | right |\n"));
  std::vector<std::string> plain;
  for (const std::string& s : segments) plain.push_back(StripSpanMarks(s));
  EXPECT_EQ(plain,
            (std::vector<std::string>{"Head", "item one", "item two", "x", "y", "left", "right"}));
}

TEST(TranslateMarkdownSegments, EmptyAndMarkupOnlyDocuments) {
  EXPECT_TRUE(SplitMarkdown("").empty());
  const auto parts = SplitMarkdown("---\n\n***\n");
  EXPECT_TRUE(Segments(parts).empty());
  EXPECT_EQ(Joined(parts), "---\n\n***\n");
}

}  // namespace
}  // namespace plaza::translate
