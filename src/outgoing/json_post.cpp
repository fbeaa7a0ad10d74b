#include "outgoing/json_post.hpp"

#include <utility>

namespace plaza::outgoing {

std::string RedactSecret(std::string message, std::string_view secret) {
  if (secret.empty()) return message;
  for (std::size_t pos = message.find(secret); pos != std::string::npos;
       pos = message.find(secret, pos + 3)) {
    message.replace(pos, secret.size(), "***");
  }
  return message;
}

Result<std::string> PostJson(HttpClient& client, const JsonPost& post, std::string body) {
  Request request;
  request.method = "POST";
  request.url = post.url;
  request.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
  if (!post.bearer_token.empty()) {
    request.headers.push_back({"Authorization", "Bearer " + post.bearer_token});
  }
  request.body = std::move(body);
  auto answer = client.Send(request);
  if (!answer) {
    Error error = std::move(answer.error());
    error.message = RedactSecret(std::move(error.message), post.secret);
    return std::unexpected(std::move(error));
  }
  const long status = answer->status;
  if (status >= 200 && status < 300) return std::move(answer->body);
  std::string message = post.answered_by + " answered HTTP " + std::to_string(status);
  if (post.error_detail) {
    const std::string detail = post.error_detail(answer->body);
    if (!detail.empty()) message += ": " + detail;
  }
  if (answer->attempts > 1) message += " (" + std::to_string(answer->attempts) + " attempts)";
  const bool retryable = status == 408 || status == 429 || status >= 500;
  return Fail(retryable ? Errc::kUnavailable : Errc::kInvalidArgument,
              RedactSecret(std::move(message), post.secret));
}

}  // namespace plaza::outgoing
