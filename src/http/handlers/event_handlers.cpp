#include "http/handlers/event_handlers.hpp"

#include "http/handlers/common.hpp"
#include "http/sse.hpp"

namespace plaza::http {

Response ApiEvents(Request& request, Deps& deps) {
  bool chose_new = false;  // an event stream sets no cookie: the page that opened it did
  std::string locale = ResolveLocale(request, deps, &chose_new);
  return deps.event_streams.Open(request, locale);
}

}  // namespace plaza::http
