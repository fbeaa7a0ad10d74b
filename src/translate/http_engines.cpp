#include "translate/http_engines.hpp"

#include <boost/json.hpp>

#include <algorithm>

#include "i18n/locales.hpp"
#include "outgoing/json_post.hpp"
#include "translate/spans.hpp"

namespace plaza::translate {
namespace {

constexpr std::string_view kOpenPlaceholder = "\xE2\x9F\xA6";   // ⟦
constexpr std::string_view kClosePlaceholder = "\xE2\x9F\xA7";  // ⟧
// Translations are a few KB; anything far larger is not an answer.
constexpr std::size_t kMaxAnswerBytes = std::size_t{1} << 20;

// The code LibreTranslate uses for a content code or target.
std::string LibreCode(std::string_view code) {
  if (code == "zh-Hans") return "zh";
  if (code == "zh-Hant") return "zt";
  if (code == "pt-PT") return "pt";
  if (code == "pt-BR") return "pb";
  return std::string(code);
}

// The English name of a content code or target, for the chat prompt.
std::string EnglishName(std::string_view code) {
  if (code == "pt-PT") return "European Portuguese";
  if (code == "pt-BR") return "Brazilian Portuguese";
  const ContentLanguage* lang = FindContentLanguage(code);
  return lang ? std::string(lang->english_name) : std::string(code);
}

std::string Trim(std::string_view s) {
  const std::size_t start = s.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return {};
  const std::size_t end = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(start, end - start + 1));
}

// The string at `path` (keys, or indexes into arrays) in a JSON answer, or nullptr.
const boost::json::string* StringAt(const boost::json::value& root,
                                    std::initializer_list<boost::json::string_view> path) {
  const boost::json::value* at = &root;
  for (boost::json::string_view step : path) {
    if (step == "0") {
      const auto* array = at->if_array();
      if (array == nullptr || array->empty()) return nullptr;
      at = &(*array)[0];
      continue;
    }
    const auto* object = at->if_object();
    if (object == nullptr) return nullptr;
    at = object->if_contains(step);
    if (at == nullptr) return nullptr;
  }
  return at->if_string();
}

}  // namespace

std::string ToPlaceholders(std::string_view segment, std::vector<std::string>& spans) {
  std::string out;
  for (const Piece& piece : SplitSpans(segment)) {
    if (!piece.is_protected) {
      out += piece.text;
      continue;
    }
    out += kOpenPlaceholder;
    out += std::to_string(spans.size());
    out += kClosePlaceholder;
    spans.push_back(piece.text);
  }
  return out;
}

std::string FromPlaceholders(std::string_view answer, const std::vector<std::string>& spans) {
  std::string out;
  std::vector<bool> used(spans.size(), false);
  std::size_t i = 0;
  while (i < answer.size()) {
    const std::size_t open = answer.find(kOpenPlaceholder, i);
    if (open == std::string_view::npos) {
      out += answer.substr(i);
      break;
    }
    const std::size_t digits = open + kOpenPlaceholder.size();
    const std::size_t close = answer.find(kClosePlaceholder, digits);
    const std::string_view number = close == std::string_view::npos
                                        ? std::string_view()
                                        : answer.substr(digits, close - digits);
    if (number.empty() || number.size() > 6 ||
        number.find_first_not_of("0123456789") != std::string_view::npos) {
      out += answer.substr(i, digits - i);
      i = digits;
      continue;
    }
    out += answer.substr(i, open - i);
    const std::size_t index = std::stoul(std::string(number));
    if (index < spans.size() && !used[index]) {
      out += Protect(spans[index]);
      used[index] = true;
    }
    i = close + kClosePlaceholder.size();
  }
  for (std::size_t s = 0; s < spans.size(); ++s) {
    if (!used[s]) out += (out.empty() || out.back() == ' ' ? "" : " ") + Protect(spans[s]);
  }
  return out;
}

Result<std::unique_ptr<HttpEngine>> HttpEngine::Create(HttpApi api, HttpEngineOptions options,
                                                       outgoing::OutgoingOptions http,
                                                       outgoing::ClientTime time) {
  const std::string name = api == HttpApi::kChat ? "llm" : "libretranslate";
  const std::string key = "translation." + name;
  if (options.url.empty()) {
    return Fail(Errc::kInvalidArgument, "the " + name + " engine needs " + key + "_url",
                key + "_url");
  }
  if (api == HttpApi::kChat && options.model.empty()) {
    return Fail(Errc::kInvalidArgument, "the llm engine needs translation.llm_model",
                "translation.llm_model");
  }
  for (const std::string& code : options.languages) {
    if (FindContentLanguage(code) == nullptr) {
      return Fail(Errc::kInvalidArgument, "'" + code + "' is not a content language code",
                  key + "_languages");
    }
  }
  http.timeout_ms = options.timeout_ms;
  http.connect_timeout_ms = std::min(http.connect_timeout_ms, options.timeout_ms);
  http.max_response_bytes = std::min(http.max_response_bytes, kMaxAnswerBytes);
  // The translation job retries later: one call stays within its timeout.
  http.retry.retry_timeouts = false;
  auto client = outgoing::HttpClient::Create(name, {options.url}, std::move(http), time);
  if (!client) {
    Error error = std::move(client.error());
    if (error.field.empty()) error.field = key + "_url";
    return std::unexpected(std::move(error));
  }
  return std::unique_ptr<HttpEngine>(new HttpEngine(api, std::move(options), std::move(*client)));
}

HttpEngine::HttpEngine(HttpApi api, HttpEngineOptions options,
                       std::unique_ptr<outgoing::HttpClient> client)
    : api_(api), options_(std::move(options)), client_(std::move(client)) {}

HttpEngine::~HttpEngine() = default;

std::string_view HttpEngine::Name() const {
  return api_ == HttpApi::kChat ? "llm" : "libretranslate";
}

std::vector<std::pair<std::string, std::string>> HttpEngine::Pairs() const {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const std::string& from : options_.languages) {
    for (const std::string& to : options_.languages) {
      if (from == to) continue;
      if (to == "pt") {
        pairs.emplace_back(from, "pt-PT");
        pairs.emplace_back(from, "pt-BR");
      } else {
        pairs.emplace_back(from, to);
      }
    }
  }
  return pairs;
}

Result<std::string> HttpEngine::Post(const std::string& path, std::string body) {
  outgoing::JsonPost post;
  post.url = options_.url + path;
  // LibreTranslate takes its key in the body; the chat API as a bearer token.
  if (api_ == HttpApi::kChat) post.bearer_token = options_.api_key;
  post.secret = options_.api_key;
  post.answered_by = std::string(Name()) + ": the server";
  return outgoing::PostJson(*client_, post, std::move(body));
}

Result<std::string> HttpEngine::TranslateOne(std::string_view from, std::string_view to,
                                             std::string_view text) {
  std::string body;
  if (api_ == HttpApi::kLibreTranslate) {
    boost::json::object request{
        {"q", text}, {"source", LibreCode(from)}, {"target", LibreCode(to)}, {"format", "text"}};
    if (!options_.api_key.empty()) request["api_key"] = options_.api_key;
    body = boost::json::serialize(request);
  } else {
    const std::string system =
        "You translate text from " + EnglishName(from) + " into " + EnglishName(to) +
        ". Answer with the translation only, nothing else. Keep every placeholder such as "
        "\xE2\x9F\xA6"
        "0\xE2\x9F\xA7 exactly as written, in the right place.";
    boost::json::array messages{boost::json::object{{"role", "system"}, {"content", system}},
                                boost::json::object{{"role", "user"}, {"content", text}}};
    boost::json::object request{{"model", options_.model},
                                {"messages", std::move(messages)},
                                {"temperature", 0},
                                {"stream", false}};
    body = boost::json::serialize(request);
  }
  auto answer = Post(api_ == HttpApi::kChat ? "/chat/completions" : "/translate", std::move(body));
  if (!answer) return std::unexpected(answer.error());
  boost::system::error_code ec;
  const boost::json::value value = boost::json::parse(*answer, ec);
  const boost::json::string* translated =
      ec ? nullptr
         : (api_ == HttpApi::kChat ? StringAt(value, {"choices", "0", "message", "content"})
                                   : StringAt(value, {"translatedText"}));
  if (translated == nullptr) {
    return Fail(Errc::kUnavailable,
                std::string(Name()) + ": the answer is not the API's JSON (no translation in it)");
  }
  std::string out = Trim(std::string_view(translated->data(), translated->size()));
  if (out.empty()) return Fail(Errc::kUnavailable, std::string(Name()) + ": empty translation");
  return SanitizeText(out);
}

Result<std::vector<std::string>> HttpEngine::Translate(std::string_view from, std::string_view to,
                                                       const std::vector<std::string>& segments) {
  const auto pairs = Pairs();
  if (std::find(pairs.begin(), pairs.end(), std::make_pair(std::string(from), std::string(to))) ==
      pairs.end()) {
    return Fail(Errc::kInvalidArgument, std::string(Name()) + " is not configured for " +
                                            std::string(from) + " → " + std::string(to));
  }
  std::vector<std::string> out;
  out.reserve(segments.size());
  for (const std::string& segment : segments) {
    if (!HasTranslatableText(segment)) {
      out.push_back(segment);
      continue;
    }
    std::vector<std::string> spans;
    const std::string text = ToPlaceholders(segment, spans);
    auto translated = TranslateOne(from, to, text);
    if (!translated) return std::unexpected(translated.error());
    out.push_back(FromPlaceholders(*translated, spans));
  }
  return out;
}

}  // namespace plaza::translate
