#include "http/handlers/settings_views.hpp"

#include <boost/json.hpp>

#include "storage/encoding.hpp"

namespace plaza::http {

namespace json = boost::json;

std::string SessionListJson(const std::vector<SessionInfo>& sessions) {
  json::array items;
  items.reserve(sessions.size());
  for (const SessionInfo& s : sessions) {
    items.push_back(json::object{
        {"id", s.id},
        {"kind", storage::SessionKindName(s.kind)},
        {"created_at", FormatRfc3339(s.created_at)},
        {"last_seen_at", FormatRfc3339(s.last_seen_at)},
        {"expires_at", FormatRfc3339(s.expires_at)},
        {"device", s.device},
        {"address", s.address},
        {"current", s.current},
    });
  }
  return json::serialize(json::object{{"items", std::move(items)}});
}

std::string RevokedJson(std::int64_t revoked) {
  return json::serialize(json::object{{"revoked", revoked}});
}

}  // namespace plaza::http
