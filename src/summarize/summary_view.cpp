#include "summarize/summary_view.hpp"

namespace plaza::summarize {

const char* SummaryStateName(SummaryState state) {
  switch (state) {
    case SummaryState::kPending:
      return "pending";
    case SummaryState::kUpdating:
      return "updating";
    case SummaryState::kReady:
      return "ready";
    case SummaryState::kNone:
      return "none";
    case SummaryState::kFailed:
      return "failed";
  }
  return "pending";
}

SummaryView ViewOf(int current_revision, const std::vector<Summary>& stored) {
  const Summary* current = nullptr;
  const Summary* older_ready = nullptr;
  for (const auto& s : stored) {
    if (s.revision == current_revision) current = &s;
    if (s.revision < current_revision && s.status == SummaryStatus::kReady &&
        (older_ready == nullptr || s.revision > older_ready->revision)) {
      older_ready = &s;
    }
  }
  SummaryView view;
  if (current != nullptr) {
    view.revision = current->revision;
    switch (current->status) {
      case SummaryStatus::kReady:
        view.state = SummaryState::kReady;
        view.text = current->text;
        view.lang = current->lang;
        view.engine = current->engine;
        return view;
      case SummaryStatus::kNone:
        view.state = SummaryState::kNone;
        return view;
      case SummaryStatus::kFailed:
        view.state = SummaryState::kFailed;
        return view;
    }
  }
  if (older_ready != nullptr) {
    view.state = SummaryState::kUpdating;
    view.text = older_ready->text;
    view.lang = older_ready->lang;
    view.engine = older_ready->engine;
    view.revision = older_ready->revision;
    return view;
  }
  view.state = SummaryState::kPending;
  return view;
}

}  // namespace plaza::summarize
