// SSE topics and Last-Event-ID (src/http/sse.*): the `topics` list, the Last-Event-ID header
// and the ?last_event_id= parameter of GET /api/v1/events, through EventStreams::Open against
// a real in-process hub; and the event framing. Input: query string, LF, Last-Event-ID header,
// LF, event type, LF, event data.
// Properties: a stream opens (200) or the request is refused with 400; topics accepted are at
// most kMaxEventTopics and each is well formed; a framed event has only id:, event: and data:
// lines, and its data lines joined by LF give the data back with every line ending as LF.

#include <string>

#include "events/event_hub.hpp"
#include "fuzz/fuzz_check.hpp"
#include "http/message.hpp"
#include "http/sse.hpp"

using plaza::fuzz::Require;

namespace {

plaza::events::EventHub& Hub() {
  static auto hub = [] {
    plaza::events::InProcessHubOptions options;
    options.first_id = 1000;
    auto made = plaza::events::MakeInProcessHub(options);
    made->Publish("post:1", "comment.created", nullptr);
    return made;
  }();
  return *hub;
}

void CheckTopics(std::string_view list) {
  auto topics = plaza::http::ParseEventTopics(list);
  if (!topics) return;
  Require(!topics->empty() && topics->size() <= plaza::http::kMaxEventTopics,
          "1 to kMaxEventTopics topics");
  for (const auto& topic : *topics) {
    Require(
        topic.starts_with("post:") || topic.starts_with("ticker:") || topic.starts_with("user:"),
        "a topic has a known kind");
    Require(topic.find_first_of(",\r\n ") == std::string::npos, "a topic is one token");
  }
}

void CheckFraming(std::string_view type, std::string_view data) {
  std::string out;
  plaza::http::AppendSseEvent(out, 42, type, data);
  Require(out.ends_with("\n\n"), "an event ends with a blank line");
  std::string joined;
  bool first = true;
  std::string_view rest(out);
  rest.remove_suffix(1);  // the blank line
  while (!rest.empty()) {
    std::string_view line = plaza::fuzz::TakeUntil(rest, '\n');
    Require(line.find('\r') == std::string_view::npos, "no CR inside a line");
    if (line.starts_with("data: ")) {
      if (!first) joined.push_back('\n');
      joined.append(line.substr(6));
      first = false;
    } else {
      Require(line.starts_with("id: ") || line.starts_with("event: "), "only id/event/data");
    }
  }
  std::string expected;
  for (std::size_t i = 0; i < data.size(); ++i) {
    if (data[i] == '\r') {
      expected.push_back('\n');
      if (i + 1 < data.size() && data[i + 1] == '\n') ++i;
    } else {
      expected.push_back(data[i]);
    }
  }
  if (data.empty()) expected = "{}";
  Require(joined == expected, "data lines give the data back");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input = plaza::fuzz::AsText(data, size);
  std::string_view query = plaza::fuzz::TakeUntil(input, '\n');
  std::string_view last_event_id = plaza::fuzz::TakeUntil(input, '\n');
  std::string_view type = plaza::fuzz::TakeUntil(input, '\n');

  plaza::http::Request request;
  request.method = "GET";
  request.query = std::string(query);
  request.remote_address = "127.0.0.1";
  if (!last_event_id.empty()) request.headers.emplace_back("last-event-id", last_event_id);
  static plaza::http::EventStreams streams(Hub(), plaza::http::EventStreamOptions{});
  {
    plaza::http::Response response = streams.Open(request, "en");
    Require(response.status == 200 || response.status == 400, "200 or 400");
    Require((response.status == 200) == (response.stream != nullptr), "a 200 is a stream");
  }
  Require(streams.open_streams() == 0, "a dropped response closes its stream");
  if (auto topics = request.Query("topics")) CheckTopics(*topics);
  CheckFraming(type, input);
  return 0;
}
