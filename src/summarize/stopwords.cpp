#include "summarize/stopwords.hpp"

#include <map>
#include <string>

#include "core/utf8.hpp"
#include "i18n/locales.hpp"
#include "web/embedded_files.hpp"

namespace plaza::summarize::detail {
PLAZA_DECLARE_EMBEDDED_FILES();
}  // namespace plaza::summarize::detail

namespace plaza::summarize {
namespace {

constexpr std::string_view kPrefix = "stopwords/";
constexpr std::string_view kSuffix = ".txt";

std::span<const web::detail::EmbeddedFile> Files() {
  return PLAZA_EMBEDDED_FILES(plaza::summarize::detail);
}

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Every list the table names, by file name ("zh" for stopwords/zh.txt), parsed once. The words are
// views into the embedded bytes, which live as long as the program.
const std::map<std::string, std::vector<std::string_view>, std::less<>>& Lists() {
  static const auto lists = [] {
    std::map<std::string, std::vector<std::string_view>, std::less<>> by_name;
    for (const ContentLanguage& language : ContentLanguages()) {
      if (language.stopwords.empty() || by_name.contains(language.stopwords)) continue;
      const std::string path =
          std::string(kPrefix) + std::string(language.stopwords) + std::string(kSuffix);
      const auto* file = web::detail::FindEmbeddedFile(Files(), path);
      if (file == nullptr) {
        web::detail::FailEmbeddedData("src/summarize/" + path + ", the stopwords of \"" +
                                      std::string(language.code) +
                                      "\" in languages.toml, is not embedded");
      }
      auto words = ParseStopwords(file->body(), "src/summarize/" + path);
      if (!words) web::detail::FailEmbeddedData(words.error().message);
      by_name.emplace(std::string(language.stopwords), std::move(*words));
    }
    return by_name;
  }();
  return lists;
}

}  // namespace

Result<std::vector<std::string_view>> ParseStopwords(std::string_view text,
                                                     std::string_view source) {
  if (!text::IsValidUtf8(text)) {
    return Fail(Errc::kInvalidArgument, std::string(source) + ": not valid UTF-8");
  }
  std::vector<std::string_view> words;
  std::size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const std::size_t newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
    while (!line.empty() && IsBlank(line.front())) line.remove_prefix(1);
    while (!line.empty() && IsBlank(line.back())) line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    for (char c : line) {
      if (IsBlank(c)) {
        return Fail(Errc::kInvalidArgument,
                    std::string(source) + ":" + std::to_string(line_number) +
                        ": one word a line, found \"" + std::string(line) + "\"");
      }
    }
    words.push_back(line);
  }
  return words;
}

std::vector<std::string_view> StopwordFileNames() {
  std::vector<std::string_view> names;
  for (const auto& file : Files()) {
    std::string_view path = file.path;
    if (path.starts_with(kPrefix) && path.ends_with(kSuffix)) {
      path.remove_prefix(kPrefix.size());
      path.remove_suffix(kSuffix.size());
    }
    names.push_back(path);
  }
  return names;
}

std::span<const std::string_view> StopwordsFor(std::string_view content_lang) {
  const auto& lists = Lists();  // first, so that a broken table or file fails on any call
  const ContentLanguage* language = FindContentLanguage(content_lang);
  if (language == nullptr || language->stopwords.empty()) return {};
  return lists.find(language->stopwords)->second;
}

}  // namespace plaza::summarize
