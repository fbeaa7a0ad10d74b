#include "posts/markdown.hpp"

#include <gtest/gtest.h>

#include <string>

namespace plaza {
namespace {

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(RenderMarkdown, RendersParagraphsAndEmphasis) {
  EXPECT_EQ(RenderMarkdown("Hello *world*"), "<p>Hello <em>world</em></p>\n");
}

TEST(RenderMarkdown, ShowsAScriptBlockAsText) {
  const std::string html = RenderMarkdown("<script>alert(1)</script>\n\nafter");
  EXPECT_FALSE(Contains(html, "<script")) << html;
  EXPECT_TRUE(Contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;")) << html;
  EXPECT_TRUE(Contains(html, "<p>after</p>")) << html;
}

TEST(RenderMarkdown, ShowsInlineHtmlAsText) {
  const std::string html = RenderMarkdown("a <b onclick=\"x()\">bold</b> <img src=x onerror=y>");
  EXPECT_EQ(html,
            "<p>a &lt;b onclick=&quot;x()&quot;&gt;bold&lt;/b&gt; &lt;img src=x "
            "onerror=y&gt;</p>\n");
}

TEST(RenderMarkdown, ShowsMultiLineHtmlBlocksAsText) {
  const std::string html = RenderMarkdown("<div>\n<iframe src=\"https://evil\"></iframe>\n</div>");
  EXPECT_FALSE(Contains(html, "<div")) << html;
  EXPECT_FALSE(Contains(html, "<iframe")) << html;
  EXPECT_TRUE(Contains(html, "&lt;iframe src=&quot;https://evil&quot;&gt;")) << html;
}

TEST(RenderMarkdown, AddsRelToEveryLink) {
  EXPECT_EQ(RenderMarkdown("[chart](https://example.com/a?b=1&c=2 \"The chart\")"),
            "<p><a href=\"https://example.com/a?b=1&amp;c=2\" title=\"The chart\" "
            "rel=\"nofollow ugc noopener\">chart</a></p>\n");
}

TEST(RenderMarkdown, LinksBareUrlsWithRel) {
  const std::string html = RenderMarkdown("see https://example.com and www.example.org");
  EXPECT_TRUE(Contains(html,
                       "<a href=\"https://example.com\" rel=\"nofollow ugc noopener\">"
                       "https://example.com</a>"))
      << html;
  EXPECT_TRUE(Contains(html, "<a href=\"http://www.example.org\" rel=\"nofollow ugc noopener\">"))
      << html;
}

TEST(RenderMarkdown, DropsJavascriptLinksButKeepsTheirText) {
  EXPECT_EQ(RenderMarkdown("[click](javascript:alert(1))"), "<p>click</p>\n");
  EXPECT_EQ(RenderMarkdown("[click](JavaScript:alert(1))"), "<p>click</p>\n");
  // Entities and tabs are decoded before a browser reads the scheme.
  EXPECT_EQ(RenderMarkdown("[click](&#106;avascript:alert(1))"), "<p>click</p>\n");
  EXPECT_EQ(RenderMarkdown("[click](<java\tscript:alert(1)>)"), "<p>click</p>\n");
  EXPECT_FALSE(Contains(RenderMarkdown("<javascript:alert(1)>"), "<a")) << "autolink";
}

TEST(RenderMarkdown, DropsOtherUnsafeSchemes) {
  EXPECT_EQ(RenderMarkdown("[x](vbscript:msgbox)"), "<p>x</p>\n");
  EXPECT_EQ(RenderMarkdown("[x](data:text/html;base64,PHNjcmlwdD4=)"), "<p>x</p>\n");
  EXPECT_EQ(RenderMarkdown("[x](file:///etc/passwd)"), "<p>x</p>\n");
}

TEST(RenderMarkdown, KeepsRelativeAndMailtoLinks) {
  EXPECT_TRUE(Contains(RenderMarkdown("[BTC](/t/BTC)"), "<a href=\"/t/BTC\" rel="));
  EXPECT_TRUE(Contains(RenderMarkdown("[notes](#notes)"), "<a href=\"#notes\" rel="));
  EXPECT_TRUE(Contains(RenderMarkdown("[mail](mailto:a@example.com)"),
                       "<a href=\"mailto:a@example.com\" rel="));
}

TEST(RenderMarkdown, EscapesQuotesInDestinations) {
  const std::string html = RenderMarkdown("[x](<https://e.com/\"onmouseover=alert(1)>)");
  EXPECT_TRUE(Contains(html, "href=\"https://e.com/%22onmouseover=alert(1)\"")) << html;
}

TEST(RenderMarkdown, RendersImagesAsLinks) {
  EXPECT_EQ(RenderMarkdown("![the chart](https://example.com/c.png)"),
            "<p><a href=\"https://example.com/c.png\" rel=\"nofollow ugc noopener\">the chart</a>"
            "</p>\n");
  EXPECT_EQ(RenderMarkdown("![](https://example.com/c.png)"),
            "<p><a href=\"https://example.com/c.png\" rel=\"nofollow ugc noopener\">"
            "https://example.com/c.png</a></p>\n");
  EXPECT_FALSE(Contains(RenderMarkdown("![x](https://example.com/c.png)"), "<img"));
}

TEST(RenderMarkdown, NeverNestsLinks) {
  const std::string html = RenderMarkdown("[![logo](https://e.com/l.png)](https://e.com)");
  EXPECT_EQ(html, "<p><a href=\"https://e.com\" rel=\"nofollow ugc noopener\">logo</a></p>\n");
}

TEST(RenderMarkdown, RendersTables) {
  const std::string html = RenderMarkdown(
      "| coin | move |\n|:-----|-----:|\n| BTC | +2% |\n| [ETH](https://e.com) | "
      "<b>x</b> |\n");
  EXPECT_TRUE(Contains(html, "<table>")) << html;
  EXPECT_TRUE(Contains(html, "<th align=\"left\">coin</th>")) << html;
  EXPECT_TRUE(Contains(html, "<td align=\"right\">+2%</td>")) << html;
  EXPECT_TRUE(Contains(html, "<a href=\"https://e.com\" rel=\"nofollow ugc noopener\">ETH</a>"))
      << html;
  EXPECT_TRUE(Contains(html, "&lt;b&gt;x&lt;/b&gt;")) << html;
}

TEST(RenderMarkdown, RendersStrikethrough) {
  EXPECT_EQ(RenderMarkdown("~~moon~~ soon"), "<p><del>moon</del> soon</p>\n");
}

TEST(RenderMarkdown, EscapesCode) {
  EXPECT_EQ(RenderMarkdown("`<b>`"), "<p><code>&lt;b&gt;</code></p>\n");
  EXPECT_EQ(RenderMarkdown("```\n<script>\n```"), "<pre><code>&lt;script&gt;\n</code></pre>\n");
}

TEST(RenderMarkdown, ReplacesInvalidUtf8) {
  EXPECT_EQ(RenderMarkdown("a\xFF"
                           "b"),
            "<p>a\xEF\xBF\xBD"
            "b</p>\n");
}

TEST(RenderMarkdown, TrimsTrailingPunctuationFromBareUrls) {
  EXPECT_EQ(RenderMarkdown("see https://e.com/a_(b)_c). Or www.e.org, maybe."),
            "<p>see <a href=\"https://e.com/a_(b)_c\" rel=\"nofollow ugc noopener\">"
            "https://e.com/a_(b)_c</a>). Or <a href=\"http://www.e.org\" "
            "rel=\"nofollow ugc noopener\">www.e.org</a>, maybe.</p>\n");
}

TEST(RenderMarkdown, LinksNoBareUrlsInCodeOrLinkLabels) {
  EXPECT_EQ(RenderMarkdown("`www.e.com`"), "<p><code>www.e.com</code></p>\n");
  EXPECT_EQ(RenderMarkdown("[www.e.com](/x)"),
            "<p><a href=\"/x\" rel=\"nofollow ugc noopener\">www.e.com</a></p>\n");
  EXPECT_EQ(RenderMarkdown("www._ and http://localhost"), "<p>www._ and http://localhost</p>\n");
}

TEST(RenderMarkdown, LeavesHugeTablesAsText) {
  // 8 KB that cmark-gfm's table extension would pad into 2,000,000 cells (20 MB of HTML).
  std::string markdown;
  for (int i = 0; i < 1000; ++i) markdown += "a|";
  markdown += "\n";
  for (int i = 0; i < 1000; ++i) markdown += "-|";
  markdown += "\n";
  for (int i = 0; i < 2000; ++i) markdown += "b\n";
  const std::string html = RenderMarkdown(markdown);
  EXPECT_EQ(html.find("<table"), std::string::npos);
  EXPECT_LT(html.size(), 2 * markdown.size());
}

}  // namespace
}  // namespace plaza
