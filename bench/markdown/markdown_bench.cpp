// Parses Markdown shapes with cmark-gfm 0.29 (as Plaza used it: tables and strikethrough) and
// with md4c 0.4.8 (as Plaza uses it: tables and strikethrough), at growing sizes, and prints
// the time of one parse and how the time grows from one size to the next (2.0 per doubling is
// linear, 4.0 quadratic). Parse only: md4c's callbacks count bytes, cmark builds its tree. The
// last columns are Plaza's whole render (text::RenderMarkdown: md4c, link policy, HTML and
// plain text) and the size of its HTML against the input ("422" when over the HTML budget).
//
//   markdown_bench [max_kib]      (default 256; cmark-gfm only up to 64)

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>
#include <md4c.h>

#include "text/markdown.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <string>
#include <vector>

namespace {

struct Shape {
  const char* name;
  std::function<std::string(std::size_t)> make;  // about n bytes
};

std::string Repeat(const std::string& unit, std::size_t bytes) {
  std::string out;
  while (out.size() + unit.size() <= bytes) out += unit;
  return out;
}

std::vector<Shape> Shapes() {
  return {
      {"prose",
       [](std::size_t n) {
         return Repeat("Bitcoin *rose* 2% as [ETH](https://e.com) fell.\n\n", n);
       }},
      {"![[]() repeated", [](std::size_t n) { return Repeat("![[]()", n); }},
      {"[ repeated", [](std::size_t n) { return Repeat("[", n); }},
      {"[a]( repeated", [](std::size_t n) { return Repeat("[a](", n); }},
      {"*a_ repeated", [](std::size_t n) { return Repeat("*a_", n); }},
      {"> repeated", [](std::size_t n) { return Repeat(">", n); }},
      {"- nested lists", [](std::size_t n) { return Repeat("- ", n); }},
      {"` backticks 1..k",
       [](std::size_t n) {
         std::string s;
         for (std::size_t k = 1; s.size() + k + 1 <= n; ++k) s += std::string(k, '`') + "a";
         return s;
       }},
      {"<a repeated", [](std::size_t n) { return Repeat("<a ", n); }},
      {"www._ repeated", [](std::size_t n) { return Repeat("www._ ", n); }},
      {"~~a~ repeated", [](std::size_t n) { return Repeat("~~a~", n); }},
      {"[a] x1000-byte ref",
       [](std::size_t n) {
         const std::string def = "[a]: https://e.com/" + std::string(1000, 'x') + "\n\n";
         return def + Repeat("[a] ", n > def.size() ? n - def.size() : 0);
       }},
      {"table 120 cols",
       [](std::size_t n) {
         std::string s = Repeat("a|", 120) + "\n" + Repeat("-|", 120) + "\n";
         return s + Repeat("b\n", n > s.size() ? n - s.size() : 0);
       }},
  };
}

// CPU time of this thread, not wall time: on a shared machine (load 20 on 2 cores here) wall
// time measures the scheduler. Best of three.
double ThreadSeconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

double SecondsOf(const std::function<void()>& run) {
  double best = 1e9;
  for (int i = 0; i < 3; ++i) {
    const double start = ThreadSeconds();
    run();
    best = std::min(best, ThreadSeconds() - start);
  }
  return best;
}

void ParseCmark(const std::string& md) {
  static const bool registered = [] {
    cmark_gfm_core_extensions_ensure_registered();
    return true;
  }();
  (void)registered;
  cmark_parser* parser = cmark_parser_new(CMARK_OPT_VALIDATE_UTF8);
  cmark_parser_attach_syntax_extension(parser, cmark_find_syntax_extension("table"));
  cmark_parser_attach_syntax_extension(parser, cmark_find_syntax_extension("strikethrough"));
  cmark_parser_feed(parser, md.data(), md.size());
  cmark_node* root = cmark_parser_finish(parser);
  cmark_node_free(root);
  cmark_parser_free(parser);
}

int CountText(MD_TEXTTYPE, const MD_CHAR*, MD_SIZE size, void* user) {
  *static_cast<std::size_t*>(user) += size;
  return 0;
}
int Nothing(MD_BLOCKTYPE, void*, void*) { return 0; }
int NoSpan(MD_SPANTYPE, void*, void*) { return 0; }

void ParseMd4c(const std::string& md) {
  MD_PARSER parser{};
  parser.flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH;
  parser.enter_block = Nothing;
  parser.leave_block = Nothing;
  parser.enter_span = NoSpan;
  parser.leave_span = NoSpan;
  parser.text = CountText;
  std::size_t bytes = 0;
  md_parse(md.data(), static_cast<MD_SIZE>(md.size()), &parser, &bytes);
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t max_kib = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 256;
  std::printf(
      "| shape | KiB | cmark-gfm ms | growth | md4c ms | growth | render ms | HTML/input |\n");
  std::printf("|---|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const Shape& shape : Shapes()) {
    double last_cmark = 0;
    double last_md4c = 0;
    for (std::size_t kib = 8; kib <= max_kib; kib *= 2) {
      const std::string md = shape.make(kib * 1024);
      // cmark-gfm takes seconds on the quadratic shapes past 64 KiB: measured up to there.
      const double cmark = kib <= 64 ? SecondsOf([&] { ParseCmark(md); }) : 0;
      const double md4c = SecondsOf([&] { ParseMd4c(md); });
      std::string ratio = "422";
      const double render = SecondsOf([&] {
        auto rendered = plaza::text::RenderMarkdown(md);
        if (rendered) {
          ratio = std::to_string(static_cast<double>(rendered->html.size()) / md.size());
          ratio.resize(4);
        }
      });
      std::printf(
          "| %s | %zu | %s | %s | %.2f | %s | %.2f | %s |\n", shape.name, kib,
          cmark > 0 ? std::to_string(cmark * 1e3).substr(0, 6).c_str() : "-",
          cmark > 0 && last_cmark > 0 ? std::to_string(cmark / last_cmark).substr(0, 4).c_str()
                                      : "",
          md4c * 1e3, last_md4c > 0 ? std::to_string(md4c / last_md4c).substr(0, 4).c_str() : "",
          render * 1e3, ratio.c_str());
      last_cmark = cmark;
      last_md4c = md4c;
    }
  }
}
