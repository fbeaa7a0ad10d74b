// Times the following feed of `bench_reader` on a store `plaza bench-seed` filled, through the
// service the home page and the API call (social::FollowingFeed), and reports percentiles.
//
//   plaza_feed_bench --storage URL [--reads N] [--depth D] [--limit L]
//
// Each read takes the first page, then follows next_cursor for D-1 more pages (a reader
// scrolling): every page is timed on its own. Pages are read back to back on one thread.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "app/store_factory.hpp"
#include "social/social.hpp"

namespace plaza {
namespace {

struct Args {
  std::string storage;
  int reads = 200;
  int depth = 5;
  int limit = 20;
};

bool ParseArgs(int argc, char** argv, Args& args) {
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view name = argv[i];
    const std::string value = argv[i + 1];
    if (name == "--storage") {
      args.storage = value;
    } else if (name == "--reads") {
      args.reads = std::atoi(value.c_str());
    } else if (name == "--depth") {
      args.depth = std::atoi(value.c_str());
    } else if (name == "--limit") {
      args.limit = std::atoi(value.c_str());
    } else {
      return false;
    }
  }
  return !args.storage.empty() && args.reads > 0 && args.depth > 0 && args.limit > 0;
}

double Percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(index, values.size() - 1)];
}

int Main(int argc, char** argv) {
  Args args;
  if (!ParseArgs(argc, argv, args)) {
    std::fprintf(stderr,
                 "usage: plaza_feed_bench --storage URL [--reads N] [--depth D] [--limit L]\n");
    return 2;
  }
  auto store = OpenStore(args.storage, StoreOptions{});
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().message.c_str());
    return 1;
  }
  if (auto v = (*store)->Migrate(); !v) {
    std::fprintf(stderr, "%s\n", v.error().message.c_str());
    return 1;
  }
  auto reader = (*store)->users().FindByHandle("bench_reader");
  auto posts = (*store)->posts().Count();
  if (!reader || !posts) {
    std::fprintf(stderr, "not a store plaza bench-seed filled\n");
    return 1;
  }
  std::vector<double> first_ms;
  std::vector<double> deeper_ms;
  std::size_t items = 0;
  for (int r = 0; r < args.reads; ++r) {
    std::string cursor;
    for (int d = 0; d < args.depth; ++d) {
      const auto start = std::chrono::steady_clock::now();
      auto page = social::FollowingFeed(**store, reader->id, cursor, args.limit);
      const double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count();
      if (!page) {
        std::fprintf(stderr, "%s\n", page.error().message.c_str());
        return 1;
      }
      (d == 0 ? first_ms : deeper_ms).push_back(ms);
      items += page->items.size();
      if (!page->next_cursor) break;
      cursor = *page->next_cursor;
    }
  }
  std::printf("%s store, %lld posts: %zu pages of %d (%zu items)\n",
              (*store)->BackendName().c_str(), static_cast<long long>(*posts),
              first_ms.size() + deeper_ms.size(), args.limit, items);
  std::printf("  first page: p50 %.2f ms  p90 %.2f ms  p99 %.2f ms\n", Percentile(first_ms, 0.5),
              Percentile(first_ms, 0.9), Percentile(first_ms, 0.99));
  if (!deeper_ms.empty()) {
    std::printf("  pages 2..%d: p50 %.2f ms  p90 %.2f ms  p99 %.2f ms\n", args.depth,
                Percentile(deeper_ms, 0.5), Percentile(deeper_ms, 0.9),
                Percentile(deeper_ms, 0.99));
  }
  return 0;
}

}  // namespace
}  // namespace plaza

int main(int argc, char** argv) { return plaza::Main(argc, argv); }
