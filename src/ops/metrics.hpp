#pragma once

// A small thread-safe metrics registry rendered in the Prometheus text exposition format 0.0.4.
// No Beast, no Asio: services, stores and the server all record into it.

#include <atomic>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace plaza::ops {

/// The Content-Type of Registry::Render()'s output.
inline constexpr std::string_view kPrometheusContentType =
    "text/plain; version=0.0.4; charset=utf-8";

/// A monotonically increasing count.
class Counter {
 public:
  void Inc(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

/// A value that goes up and down.
class Gauge {
 public:
  void Set(double v) { value_.store(v, std::memory_order_relaxed); }
  void Add(double v) { value_.fetch_add(v, std::memory_order_relaxed); }
  double Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

/// Observations counted into buckets with fixed upper bounds (seconds, bytes, ...).
class Histogram {
 public:
  /// `bounds` are the buckets' inclusive upper bounds, ascending; +Inf is implied.
  explicit Histogram(std::shared_ptr<const std::vector<double>> bounds);
  void Observe(double v);

  struct Snapshot {
    std::vector<std::uint64_t> cumulative;  // one per bound, then +Inf (== count)
    std::uint64_t count = 0;
    double sum = 0;
  };
  Snapshot Read() const;
  const std::vector<double>& bounds() const { return *bounds_; }

 private:
  std::shared_ptr<const std::vector<double>> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;  // bounds_->size() + 1 of them
  std::atomic<std::uint64_t> count_{0};
  std::atomic<double> sum_{0.0};
};

/// Latency buckets in seconds, from 0.5 ms to 10 s.
std::vector<double> LatencyBuckets();

/// Escapes a label value for the text format: backslash, double quote and newline.
std::string EscapeLabelValue(std::string_view value);

class Registry;

/// One series of a labelled gauge read at render time: label values in the metric's label order.
struct GaugeSample {
  std::vector<std::string> label_values;
  double value = 0;
};

/// All series of one metric name, one per combination of label values.
template <typename Metric>
class Family {
 public:
  /// The series with these label values (in the family's label order), created on first use.
  /// The reference stays valid as long as the registry. Throws std::invalid_argument when the
  /// number of values differs from the number of label names (a programming error).
  Metric& WithLabels(std::initializer_list<std::string_view> values);
  Metric& WithLabels(std::span<const std::string_view> values);

  const std::string& name() const { return name_; }

 private:
  friend class Registry;
  Family(std::string name, std::string help, std::vector<std::string> labels,
         std::function<std::unique_ptr<Metric>()> make);
  void Render(std::string& out, std::string_view type) const;

  std::string name_;
  std::string help_;
  std::vector<std::string> labels_;
  std::function<std::unique_ptr<Metric>()> make_;
  mutable std::mutex mu_;
  std::map<std::vector<std::string>, std::unique_ptr<Metric>> series_;  // guarded by mu_
};

/// Owns every metric family; renders them in registration order. Registering happens at
/// startup; recording and rendering are safe from any thread at any time.
class Registry {
 public:
  Registry();
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  /// Registering a name again returns the same family when kind and labels agree; otherwise,
  /// and for names or label names outside [a-zA-Z_:][a-zA-Z0-9_:]*, throws
  /// std::invalid_argument.
  Family<Counter>& AddCounter(std::string name, std::string help,
                              std::vector<std::string> labels = {});
  Family<Gauge>& AddGauge(std::string name, std::string help, std::vector<std::string> labels = {});
  Family<Histogram>& AddHistogram(std::string name, std::string help,
                                  std::vector<std::string> labels, std::vector<double> bounds);
  /// A gauge read at render time (a pool's size, its connections in use). `read` must be
  /// thread-safe and must not call back into the registry.
  void AddGaugeCallback(const std::string& name, std::string help, std::function<double()> read);
  /// Labelled gauges read at render time, one series per sample `read` returns (rows counted by
  /// kind and state, ...). Same rules as AddGaugeCallback; a sample with the wrong number of
  /// label values is left out.
  void AddGaugeSetCallback(const std::string& name, std::string help,
                           const std::vector<std::string>& labels,
                           std::function<std::vector<GaugeSample>()> read);

  /// Every metric in the text exposition format 0.0.4.
  std::string Render() const;

 private:
  struct Entry;
  enum class Kind;
  Entry& Find(const std::string& name, Kind kind, const std::vector<std::string>& labels);

  mutable std::mutex mu_;
  std::vector<std::unique_ptr<Entry>> entries_;  // guarded by mu_, in registration order
};

}  // namespace plaza::ops
