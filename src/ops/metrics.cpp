#include "ops/metrics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace plaza::ops {

namespace {

bool IsMetricName(std::string_view name, bool allow_colon) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
              (allow_colon && c == ':') || (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

std::string EscapeHelp(std::string_view help) {
  std::string out;
  out.reserve(help.size());
  for (char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

void AppendDouble(std::string& out, double v) {
  if (std::isnan(v)) {
    out += "NaN";
  } else if (std::isinf(v)) {
    out += v > 0 ? "+Inf" : "-Inf";
  } else {
    fmt::format_to(std::back_inserter(out), "{}", v);
  }
}

void AppendHeader(std::string& out, std::string_view name, std::string_view help,
                  std::string_view type) {
  fmt::format_to(std::back_inserter(out), "# HELP {} {}\n# TYPE {} {}\n", name, EscapeHelp(help),
                 name, type);
}

// `{a="x",b="y"` without the closing brace, or "" when there are no labels and no extra.
void AppendLabels(std::string& out, const std::vector<std::string>& names,
                  const std::vector<std::string>& values, std::string_view extra_name = {},
                  std::string_view extra_value = {}) {
  if (names.empty() && extra_name.empty()) return;
  out += '{';
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ',';
    fmt::format_to(std::back_inserter(out), "{}=\"{}\"", names[i], EscapeLabelValue(values[i]));
  }
  if (!extra_name.empty()) {
    if (!names.empty()) out += ',';
    fmt::format_to(std::back_inserter(out), "{}=\"{}\"", extra_name, extra_value);
  }
  out += '}';
}

void AppendSample(std::string& out, std::string_view name, const std::vector<std::string>& names,
                  const std::vector<std::string>& values, const Counter& counter) {
  out += name;
  AppendLabels(out, names, values);
  fmt::format_to(std::back_inserter(out), " {}\n", counter.Value());
}

void AppendSample(std::string& out, std::string_view name, const std::vector<std::string>& names,
                  const std::vector<std::string>& values, const Gauge& gauge) {
  out += name;
  AppendLabels(out, names, values);
  out += ' ';
  AppendDouble(out, gauge.Value());
  out += '\n';
}

void AppendSample(std::string& out, std::string_view name, const std::vector<std::string>& names,
                  const std::vector<std::string>& values, const Histogram& histogram) {
  Histogram::Snapshot snap = histogram.Read();
  const std::vector<double>& bounds = histogram.bounds();
  for (std::size_t i = 0; i <= bounds.size(); ++i) {
    std::string le;
    if (i < bounds.size()) {
      AppendDouble(le, bounds[i]);
    } else {
      le = "+Inf";
    }
    fmt::format_to(std::back_inserter(out), "{}_bucket", name);
    AppendLabels(out, names, values, "le", le);
    fmt::format_to(std::back_inserter(out), " {}\n", snap.cumulative[i]);
  }
  fmt::format_to(std::back_inserter(out), "{}_sum", name);
  AppendLabels(out, names, values);
  out += ' ';
  AppendDouble(out, snap.sum);
  out += '\n';
  fmt::format_to(std::back_inserter(out), "{}_count", name);
  AppendLabels(out, names, values);
  fmt::format_to(std::back_inserter(out), " {}\n", snap.count);
}

}  // namespace

std::string EscapeLabelValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::vector<double> LatencyBuckets() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

Histogram::Histogram(std::shared_ptr<const std::vector<double>> bounds)
    : bounds_(std::move(bounds)),
      buckets_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_->size() + 1)) {}

void Histogram::Observe(double v) {
  // The first bound >= v: buckets are "less than or equal" (le).
  auto it = std::lower_bound(bounds_->begin(), bounds_->end(), v);
  auto index = static_cast<std::size_t>(it - bounds_->begin());
  buckets_[index].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(v, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::Read() const {
  Snapshot snap;
  std::uint64_t running = 0;
  for (std::size_t i = 0; i <= bounds_->size(); ++i) {
    running += buckets_[i].load(std::memory_order_relaxed);
    snap.cumulative.push_back(running);
  }
  // Reading buckets and count separately could disagree under concurrent writes; the +Inf
  // bucket must equal _count, so both come from the same sum.
  snap.count = running;
  snap.sum = sum_.load(std::memory_order_relaxed);
  return snap;
}

template <typename Metric>
Family<Metric>::Family(std::string name, std::string help, std::vector<std::string> labels,
                       std::function<std::unique_ptr<Metric>()> make)
    : name_(std::move(name)),
      help_(std::move(help)),
      labels_(std::move(labels)),
      make_(std::move(make)) {}

template <typename Metric>
Metric& Family<Metric>::WithLabels(std::initializer_list<std::string_view> values) {
  return WithLabels(std::span<const std::string_view>(values.begin(), values.size()));
}

template <typename Metric>
Metric& Family<Metric>::WithLabels(std::span<const std::string_view> values) {
  if (values.size() != labels_.size()) {
    throw std::invalid_argument("wrong number of label values for metric " + name_);
  }
  std::vector<std::string> key(values.begin(), values.end());
  std::lock_guard lock(mu_);
  auto it = series_.find(key);
  if (it == series_.end()) it = series_.emplace(std::move(key), make_()).first;
  return *it->second;
}

template <typename Metric>
void Family<Metric>::Render(std::string& out, std::string_view type) const {
  AppendHeader(out, name_, help_, type);
  std::lock_guard lock(mu_);
  for (const auto& [values, metric] : series_) AppendSample(out, name_, labels_, values, *metric);
}

template class Family<Counter>;
template class Family<Gauge>;
template class Family<Histogram>;

enum class Registry::Kind { kCounter, kGauge, kHistogram, kCallback, kCallbackSet };

struct Registry::Entry {
  std::string name;
  Kind kind;
  std::vector<std::string> labels;
  std::unique_ptr<Family<Counter>> counter;
  std::unique_ptr<Family<Gauge>> gauge;
  std::unique_ptr<Family<Histogram>> histogram;
  std::string help;                                    // callback gauges
  std::function<double()> read;                        // callback gauges
  std::function<std::vector<GaugeSample>()> read_set;  // labelled callback gauges
};

Registry::Registry() = default;
Registry::~Registry() = default;

Registry::Entry& Registry::Find(const std::string& name, Kind kind,
                                const std::vector<std::string>& labels) {
  if (!IsMetricName(name, true)) throw std::invalid_argument("bad metric name: " + name);
  for (const std::string& label : labels) {
    if (!IsMetricName(label, false) || label.starts_with("__") || label == "le") {
      throw std::invalid_argument(fmt::format("bad label name for {}: {}", name, label));
    }
  }
  for (auto& entry : entries_) {
    if (entry->name != name) continue;
    if (entry->kind != kind || entry->labels != labels || kind == Kind::kCallback ||
        kind == Kind::kCallbackSet) {
      throw std::invalid_argument("metric registered twice differently: " + name);
    }
    return *entry;
  }
  auto entry = std::make_unique<Entry>();
  entry->name = name;
  entry->kind = kind;
  entry->labels = labels;
  entries_.push_back(std::move(entry));
  return *entries_.back();
}

Family<Counter>& Registry::AddCounter(std::string name, std::string help,
                                      std::vector<std::string> labels) {
  std::lock_guard lock(mu_);
  Entry& entry = Find(name, Kind::kCounter, labels);
  if (!entry.counter) {
    entry.counter.reset(new Family<Counter>(std::move(name), std::move(help), std::move(labels),
                                            [] { return std::make_unique<Counter>(); }));
  }
  return *entry.counter;
}

Family<Gauge>& Registry::AddGauge(std::string name, std::string help,
                                  std::vector<std::string> labels) {
  std::lock_guard lock(mu_);
  Entry& entry = Find(name, Kind::kGauge, labels);
  if (!entry.gauge) {
    entry.gauge.reset(new Family<Gauge>(std::move(name), std::move(help), std::move(labels),
                                        [] { return std::make_unique<Gauge>(); }));
  }
  return *entry.gauge;
}

Family<Histogram>& Registry::AddHistogram(std::string name, std::string help,
                                          std::vector<std::string> labels,
                                          std::vector<double> bounds) {
  if (bounds.empty() || !std::is_sorted(bounds.begin(), bounds.end()) ||
      std::adjacent_find(bounds.begin(), bounds.end()) != bounds.end() ||
      !std::isfinite(bounds.back())) {
    throw std::invalid_argument("histogram " + name + ": bounds must be finite and ascending");
  }
  std::lock_guard lock(mu_);
  Entry& entry = Find(name, Kind::kHistogram, labels);
  if (!entry.histogram) {
    auto shared = std::make_shared<const std::vector<double>>(std::move(bounds));
    entry.histogram.reset(
        new Family<Histogram>(std::move(name), std::move(help), std::move(labels),
                              [shared] { return std::make_unique<Histogram>(shared); }));
  }
  return *entry.histogram;
}

void Registry::AddGaugeCallback(const std::string& name, std::string help,
                                std::function<double()> read) {
  std::lock_guard lock(mu_);
  Entry& entry = Find(name, Kind::kCallback, {});
  entry.help = std::move(help);
  entry.read = std::move(read);
}

void Registry::AddGaugeSetCallback(const std::string& name, std::string help,
                                   const std::vector<std::string>& labels,
                                   std::function<std::vector<GaugeSample>()> read) {
  std::lock_guard lock(mu_);
  Entry& entry = Find(name, Kind::kCallbackSet, labels);
  entry.help = std::move(help);
  entry.read_set = std::move(read);
}

std::string Registry::Render() const {
  std::string out;
  std::lock_guard lock(mu_);
  for (const auto& entry : entries_) {
    switch (entry->kind) {
      case Kind::kCounter:
        entry->counter->Render(out, "counter");
        break;
      case Kind::kGauge:
        entry->gauge->Render(out, "gauge");
        break;
      case Kind::kHistogram:
        entry->histogram->Render(out, "histogram");
        break;
      case Kind::kCallback:
        AppendHeader(out, entry->name, entry->help, "gauge");
        out += entry->name;
        out += ' ';
        AppendDouble(out, entry->read());
        out += '\n';
        break;
      case Kind::kCallbackSet:
        AppendHeader(out, entry->name, entry->help, "gauge");
        for (const GaugeSample& sample : entry->read_set()) {
          if (sample.label_values.size() != entry->labels.size()) continue;
          out += entry->name;
          AppendLabels(out, entry->labels, sample.label_values);
          out += ' ';
          AppendDouble(out, sample.value);
          out += '\n';
        }
        break;
    }
  }
  return out;
}

}  // namespace plaza::ops
