#include "translate/markdown_segments.hpp"

#include <md4c.h>

#include <cstddef>

#include "translate/spans.hpp"

namespace plaza::translate {
namespace {

// The same extensions posts are rendered with (text/markdown.cpp): strikethrough and tables.
constexpr unsigned kFlags = MD_FLAG_STRIKETHROUGH | MD_FLAG_TABLES;

// A run of prose as md4c reports it: where it is in the source, and which block holds it.
struct Run {
  std::size_t offset;
  std::size_t size;
  unsigned block;
};

struct Collector {
  std::string_view source;
  unsigned block = 0;  // changes at every block boundary
  std::vector<Run> runs;
};

int OnBlock(MD_BLOCKTYPE, void*, void* data) {
  ++static_cast<Collector*>(data)->block;
  return 0;
}

int OnSpan(MD_SPANTYPE, void*, void*) { return 0; }

int OnText(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* data) {
  auto* c = static_cast<Collector*>(data);
  if (type != MD_TEXT_NORMAL || size == 0) return 0;
  // Only prose md4c points at in the source is translated; anything it made up (none today)
  // stays as the source wrote it, in a protected gap.
  const MD_CHAR* begin = c->source.data();
  if (text < begin || text + size > begin + c->source.size()) return 0;
  const auto offset = static_cast<std::size_t>(text - begin);
  if (!c->runs.empty() && offset < c->runs.back().offset + c->runs.back().size) return 0;
  if (!c->runs.empty() && c->runs.back().block == c->block &&
      c->runs.back().offset + c->runs.back().size == offset) {
    c->runs.back().size += size;  // md4c splits text at some characters: join the pieces
    return 0;
  }
  c->runs.push_back(Run{offset, size, c->block});
  return 0;
}

}  // namespace

std::vector<MarkdownPart> SplitMarkdown(std::string_view markdown) {
  Collector collector;
  collector.source = markdown;
  MD_PARSER parser{};
  parser.abi_version = 0;
  parser.flags = kFlags;
  parser.enter_block = &OnBlock;
  parser.leave_block = &OnBlock;
  parser.enter_span = &OnSpan;
  parser.leave_span = &OnSpan;
  parser.text = &OnText;
  std::vector<MarkdownPart> parts;
  if (markdown.empty()) return parts;
  if (md_parse(markdown.data(), static_cast<MD_SIZE>(markdown.size()), &parser, &collector) != 0) {
    parts.push_back(MarkdownPart{false, std::string(markdown)});  // nothing translated
    return parts;
  }
  std::size_t done = 0;  // source bytes already in `parts`
  const std::vector<Run>& runs = collector.runs;
  for (std::size_t i = 0; i < runs.size();) {
    if (runs[i].offset > done) {
      parts.push_back(
          MarkdownPart{false, std::string(markdown.substr(done, runs[i].offset - done))});
    }
    // One block's runs make one segment; the markup between them is protected.
    std::string segment;
    std::size_t j = i;
    for (; j < runs.size() && runs[j].block == runs[i].block; ++j) {
      if (j > i) {
        const std::size_t gap = runs[j - 1].offset + runs[j - 1].size;
        segment += Protect(markdown.substr(gap, runs[j].offset - gap));
      }
      segment += ProtectInline(markdown.substr(runs[j].offset, runs[j].size));
    }
    parts.push_back(MarkdownPart{true, std::move(segment)});
    done = runs[j - 1].offset + runs[j - 1].size;
    i = j;
  }
  if (done < markdown.size()) {
    parts.push_back(MarkdownPart{false, std::string(markdown.substr(done))});
  }
  return parts;
}

}  // namespace plaza::translate
