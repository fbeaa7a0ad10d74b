#include "summarize/llm_summarizer.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <string_view>
#include <utility>
#include <vector>

#include "core/utf8.hpp"
#include "outgoing/http_client.hpp"
#include "outgoing/json_post.hpp"
#include "posts/lang_detect.hpp"
#include "summarize/llm_text.hpp"

namespace plaza::summarize {

namespace {

// Error details quoted from an endpoint's answer are cut to this many code points.
constexpr std::size_t kMaxErrorDetailChars = 200;

bool HasControlCharacter(std::string_view s) {
  for (const char c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return true;
  }
  return false;
}

// Text quoted from an endpoint (error messages) on one line, cut short.
std::string OneLine(std::string_view s) {
  std::string valid = text::ToValidUtf8(s);
  for (char& c : valid) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  }
  const std::string_view cut = llm::PrefixOfCodePoints(valid, kMaxErrorDetailChars);
  return cut.size() < valid.size() ? std::string(cut) + "\u2026" : valid;
}

// The message of an error answer: {"error": {"message": …}} (OpenAI, llama.cpp),
// {"error": "…"} (Ollama), {"message": …} (vLLM), {"detail": …} (FastAPI-based servers).
std::string ErrorDetail(std::string_view body) {
  boost::system::error_code ec;
  const boost::json::value value = boost::json::parse(body, ec);
  if (ec) return {};
  const auto* root = value.if_object();
  if (root == nullptr) return {};
  const boost::json::value* found = nullptr;
  if (const auto* error = root->if_contains("error")) {
    if (const auto* error_object = error->if_object()) {
      found = error_object->if_contains("message");
    } else {
      found = error;
    }
  }
  if (found == nullptr) found = root->if_contains("message");
  if (found == nullptr) found = root->if_contains("detail");
  if (found == nullptr || !found->is_string()) return {};
  return OneLine(found->get_string());
}

struct Answer {
  std::string content;
  std::string finish_reason;
};

// choices[0].message.content of a chat completion (a string, or an array of text parts as some
// servers send), and choices[0].finish_reason.
Result<Answer> ParseAnswer(std::string_view body) {
  boost::system::error_code ec;
  const boost::json::value value = boost::json::parse(body, ec);
  if (ec) return Fail(Errc::kUnavailable, "llm: the answer is not JSON (" + ec.message() + ")");
  const auto* root = value.if_object();
  if (root == nullptr) return Fail(Errc::kUnavailable, "llm: the answer is not a JSON object");
  const auto* choices = root->if_contains("choices");
  if (choices == nullptr || !choices->is_array() || choices->get_array().empty()) {
    return Fail(Errc::kUnavailable, "llm: the answer has no choices");
  }
  const auto* choice = choices->get_array().front().if_object();
  const auto* message = choice == nullptr ? nullptr : choice->if_contains("message");
  if (message == nullptr || !message->is_object()) {
    return Fail(Errc::kUnavailable, "llm: the answer's first choice has no message");
  }
  Answer answer;
  if (const auto* reason = choice->if_contains("finish_reason"); reason && reason->is_string()) {
    answer.finish_reason = std::string(reason->get_string());
  }
  const auto* content = message->get_object().if_contains("content");
  if (content != nullptr && content->is_string()) {
    answer.content = std::string(content->get_string());
  } else if (content != nullptr && content->is_array()) {
    for (const auto& part : content->get_array()) {
      const auto* part_object = part.if_object();
      const auto* part_text = part_object ? part_object->if_contains("text") : nullptr;
      if (part_text != nullptr && part_text->is_string()) {
        answer.content += std::string(part_text->get_string());
      }
    }
  } else {
    const auto* refusal = message->get_object().if_contains("refusal");
    if (refusal != nullptr && refusal->is_string()) {
      return Fail(Errc::kUnavailable, "llm: the model refused: " + OneLine(refusal->get_string()));
    }
    return Fail(Errc::kUnavailable, "llm: the answer has no content");
  }
  return answer;
}

std::string Join(const std::vector<std::string>& sentences) {
  std::string out;
  for (const auto& s : sentences) {
    if (!out.empty()) out.push_back(' ');
    out += s;
  }
  return out;
}

}  // namespace

Result<std::unique_ptr<LlmSummarizer>> LlmSummarizer::Create(LlmOptions options,
                                                             outgoing::OutgoingOptions http,
                                                             outgoing::ClientTime time) {
  std::string_view url = options.base_url;
  if (!(url.starts_with("http://") || url.starts_with("https://"))) {
    return Fail(Errc::kInvalidArgument, "llm.url must start with http:// or https://", "llm.url");
  }
  if (HasControlCharacter(url) || url.find(' ') != std::string_view::npos) {
    return Fail(Errc::kInvalidArgument, "llm.url contains spaces or control characters", "llm.url");
  }
  while (options.base_url.ends_with('/')) options.base_url.pop_back();
  if (options.model.empty() || HasControlCharacter(options.model)) {
    return Fail(Errc::kInvalidArgument, "llm.model must name the model to ask", "llm.model");
  }
  // A line break in the key would let it add headers of its own.
  if (HasControlCharacter(options.api_key)) {
    return Fail(Errc::kInvalidArgument, "llm.api_key contains control characters", "llm.api_key");
  }
  if (options.timeout_ms < 1 || options.timeout_ms > 3'600'000) {
    return Fail(Errc::kInvalidArgument, "llm.timeout_ms must be within 1..3600000",
                "llm.timeout_ms");
  }
  if (options.max_tokens < 1 || options.max_tokens > 100'000) {
    return Fail(Errc::kInvalidArgument, "llm.max_tokens must be within 1..100000",
                "llm.max_tokens");
  }
  if (!std::isfinite(options.temperature) || options.temperature < 0 || options.temperature > 2) {
    return Fail(Errc::kInvalidArgument, "llm.temperature must be within 0..2", "llm.temperature");
  }
  if (options.max_input_chars < 100 || options.max_input_chars > 1'000'000) {
    return Fail(Errc::kInvalidArgument, "llm.max_input_chars must be within 100..1000000",
                "llm.max_input_chars");
  }
  // The engine's own timeout is the whole attempt's; connecting gets at most that.
  http.timeout_ms = options.timeout_ms;
  http.connect_timeout_ms = std::min(http.connect_timeout_ms, options.timeout_ms);
  http.max_response_bytes = std::min(http.max_response_bytes, kMaxLlmAnswerBytes);
  // The summary job retries later: a timed-out call is not repeated now, so that one summary
  // attempt stays within llm.timeout_ms (and the job's lease).
  http.retry.retry_timeouts = false;
  auto client = outgoing::HttpClient::Create("llm", {options.base_url}, std::move(http), time);
  if (!client) {
    Error error = std::move(client.error());
    if (error.field.empty()) error.field = "llm.url";
    return std::unexpected(std::move(error));
  }
  return std::unique_ptr<LlmSummarizer>(new LlmSummarizer(std::move(options), std::move(*client)));
}

LlmSummarizer::LlmSummarizer(LlmOptions options, std::unique_ptr<outgoing::HttpClient> client)
    : options_(std::move(options)),
      endpoint_(options_.base_url + "/chat/completions"),
      engine_("llm:" + options_.model),
      client_(std::move(client)) {}

LlmSummarizer::~LlmSummarizer() = default;

std::string LlmSummarizer::Name() const { return "llm"; }

std::string LlmSummarizer::RequestBody(const SummaryRequest& request) const {
  // The request shape of the chat-completions API (docs/llm-summaries.md cites the reference).
  boost::json::array messages;
  messages.push_back(boost::json::object{
      {"role", "system"},
      {"content", llm::SystemPrompt(options_, request.lang, request.sentences)}});
  messages.push_back(boost::json::object{
      {"role", "user"},
      {"content", llm::UserMessage(request.title, request.body, request.lang, request.sentences,
                                   options_.max_input_chars)}});
  boost::json::object body;
  body["model"] = options_.model;
  body["messages"] = std::move(messages);
  body["max_tokens"] = options_.max_tokens;
  body["temperature"] = options_.temperature;
  body["stream"] = false;
  return boost::json::serialize(body);
}

Result<std::string> LlmSummarizer::Post(std::string body) {
  outgoing::JsonPost post;
  post.url = endpoint_;
  post.bearer_token = options_.api_key;
  post.secret = options_.api_key;
  post.answered_by = "llm: the endpoint";
  post.error_detail = ErrorDetail;
  return outgoing::PostJson(*client_, post, std::move(body));
}

Result<std::optional<SummaryOutput>> LlmSummarizer::Summarize(const SummaryRequest& request) {
  if (llm::CountWords(text::ToValidUtf8(request.body)) < kMinWordsForSummary) {
    return std::nullopt;
  }
  const std::string post_lang = request.lang.empty() ? std::string("und") : request.lang;

  auto body = Post(RequestBody(request));
  if (!body) return std::unexpected(body.error());
  auto answer = ParseAnswer(*body);
  if (!answer) return std::unexpected(answer.error());

  std::vector<std::string> sentences =
      llm::SplitSentences(llm::PlainAnswerText(answer->content), post_lang);
  // Cut off by max_tokens: the last sentence is likely unfinished.
  if (answer->finish_reason == "length" && sentences.size() > 1) sentences.pop_back();
  if (sentences.empty()) {
    return Fail(Errc::kUnavailable, "llm: the answer has no sentence once cleaned (empty)");
  }

  // A summary in another language than the post's is a failed attempt, not a summary. Short
  // answers are not checked: CLD2 guesses on a few words.
  std::string summary_lang = post_lang;
  const std::string joined = Join(sentences);
  if (llm::CountWords(joined) >= llm::kMinWordsForLanguageCheck) {
    const std::string detected = DetectContentLang("", joined);
    if (detected != "und") {
      if (post_lang != "und" && !llm::SameContentLanguage(detected, post_lang)) {
        return Fail(Errc::kUnavailable,
                    "llm: the answer is in " + detected + ", the post in " + post_lang);
      }
      // A post of unknown language takes the answer's; a Chinese one the script it got
      // (Simplified for a Traditional post, or back), so that translation can convert it.
      if (post_lang == "und" || detected.starts_with("zh-")) summary_lang = detected;
    }
  }

  SummaryOutput output;
  output.sentences = llm::CapSummary(std::move(sentences), summary_lang, request.sentences);
  output.lang = summary_lang;
  output.engine = engine_;
  return output;
}

}  // namespace plaza::summarize
